import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteSearchIndex, type CauRecord } from '../../search-index';
import { ingestPaths, type IngestSummary } from '../pipeline';
import { WorkerPool } from './pool';

const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');

function st36(n: number, title: string, claims = 1): string {
  const num = `1-00${String(n).padStart(5, '0')}`;
  const claim = (i: number): string =>
    `<claim num="${i}"><claim-text>Gạch không nung chứa tro bay, theo điểm ${i}.</claim-text></claim>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<patent-document country="VN" doc-number="${num}" kind="B" lang="vi" date-publ="20200115">
  <bibliographic-data lang="vi">
    <publication-reference><document-id><country>VN</country><doc-number>${num}</doc-number><kind>B</kind><date>20200115</date></document-id></publication-reference>
    <classifications-ipcr><classification-ipcr><text>C04B  28/00        20060101AFI20200115BHVN</text></classification-ipcr></classifications-ipcr>
    <invention-title lang="vi">${title}</invention-title>
  </bibliographic-data>
  <abstract lang="vi"><p>Gạch không nung được ép từ tro bay và xi măng.</p></abstract>
  <claims lang="vi">${Array.from({ length: claims }, (_, i) => claim(i + 1)).join('')}</claims>
</patent-document>
`;
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-threads-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

/** Every stored record, by id. */
async function stored(index: SqliteSearchIndex, ids: string[]): Promise<CauRecord[]> {
  return Promise.all(ids.map(async (id) => (await index.get(id))!));
}

function withoutTime(s: IngestSummary): Omit<IngestSummary, 'seconds'> {
  const { seconds: _, ...rest } = s;
  return rest;
}

describe('ingest in worker threads', () => {
  it('stores the same records, finds the same hits and reports the same as the main thread alone', async () => {
    const paths = ['patents', 'research', 'real-samples'].map((d) => join(FIXTURES, d));
    const inline = SqliteSearchIndex.open(join(work, 'inline'));
    const threaded = SqliteSearchIndex.open(join(work, 'threads'));
    const progress: string[] = [];
    const a = await ingestPaths(paths, inline, { asOf: '2026-01-01' });
    const b = await ingestPaths(paths, threaded, {
      asOf: '2026-01-01',
      workers: 2,
      onFile: (p) => progress.push(`${p.done}/${p.total}`),
    });
    expect(withoutTime(b)).toEqual(withoutTime(a));
    expect(b.records).toBeGreaterThan(100);
    // Progress in file order, once per file.
    expect(progress).toEqual(Array.from({ length: b.files }, (_, i) => `${i + 1}/${b.files}`));
    const ids = (await inline.search({ limit: 100 })).hits.map((h) => h.id);
    expect(await stored(threaded, ids)).toEqual(await stored(inline, ids));
    // The FTS columns computed in the threads index the same words.
    for (const query of ['phân bón hữu cơ', 'phan bon', 'batteries', 'ti:gạch', '"mặt trời"']) {
      const [x, y] = await Promise.all([
        inline.search({ query, limit: 50 }),
        threaded.search({ query, limit: 50 }),
      ]);
      expect(y.total).toBe(x.total);
      expect(y.hits.map((h) => [h.id, h.score])).toEqual(x.hits.map((h) => [h.id, h.score]));
    }
    await inline.close();
    await threaded.close();
  });

  it('lets a later file win over an earlier one for the same id, whichever thread finishes first', async () => {
    // The first file is by far the largest, so a thread is still reading it when others finish.
    writeFileSync(join(work, 'a00.xml'), st36(1, 'Gạch tro bay, bản đầu', 3000));
    for (let i = 1; i < 30; i++)
      writeFileSync(join(work, `a${String(i).padStart(2, '0')}.xml`), st36(i + 1, `Gạch số ${i}`));
    writeFileSync(join(work, 'z.xml'), st36(1, 'Gạch tro bay, bản sửa'));
    const index = SqliteSearchIndex.open(join(work, 'data'));
    const summary = await ingestPaths([work], index, { workers: 2 });
    expect(summary).toMatchObject({ records: 31, inserted: 30, updated: 1, filesFailed: 0 });
    expect((await index.get('VN-1-0000001-B'))!.title).toBe('Gạch tro bay, bản sửa');
    await index.close();
  });

  it('fails only the file whose thread died, with a clear reason, and indexes the others', async () => {
    writeFileSync(join(work, 'a.xml'), st36(1, 'Gạch không nung'));
    // Nine megabytes of tiny elements: far more heap than the thread below may use.
    writeFileSync(
      join(work, 'b-huge.xml'),
      `<?xml version="1.0"?>\n<patent-document>${'<p>x</p>'.repeat(1_000_000)}</patent-document>\n`,
    );
    writeFileSync(join(work, 'c.xml'), st36(3, 'Gạch tro bay'));
    const pool = new WorkerPool({
      size: 1,
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    const index = SqliteSearchIndex.open(join(work, 'data'));
    try {
      const summary = await ingestPaths([work], index, { analyser: pool });
      expect(summary).toMatchObject({ files: 3, filesFailed: 1, records: 2, inserted: 2 });
      expect(summary.failures).toHaveLength(1);
      expect(summary.failures[0]!.reason).toMatch(
        /b-huge\.xml: the ingest thread working on it stopped \(.*memory limit/,
      );
      expect(await index.count()).toBe(2);
    } finally {
      await pool.close();
      await index.close();
    }
  });

  it('refuses a pool without threads', () => {
    expect(() => new WorkerPool({ size: 0 })).toThrow(/at least one thread/);
  });
});
