import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE, SqliteSearchIndex, type CauRecord } from '../search-index';
import { mockCluster } from '../search-index/testing';
import { formatSummary } from './cli';
import { ingestPaths } from './pipeline';

const ROOT = resolve(__dirname, '..');
const SAMPLES = resolve(ROOT, 'test-samples');

function st36(n: number, title = `Gạch không nung từ tro bay số ${n}`): string {
  const num = `1-00${String(n).padStart(5, '0')}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<patent-document country="VN" doc-number="${num}" kind="B" lang="vi" date-publ="20200115">
  <bibliographic-data lang="vi">
    <publication-reference><document-id><country>VN</country><doc-number>${num}</doc-number><kind>B</kind><date>20200115</date></document-id></publication-reference>
    <classifications-ipcr><classification-ipcr><text>C04B  28/00        20060101AFI20200115BHVN</text></classification-ipcr></classifications-ipcr>
    <invention-title lang="vi">${title}</invention-title>
  </bibliographic-data>
  <abstract lang="vi"><p>Gạch không nung được ép từ tro bay và xi măng.</p></abstract>
  <claims lang="vi"><claim num="1"><claim-text>Gạch không nung chứa tro bay.</claim-text></claim></claims>
</patent-document>
`;
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-pipeline-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

describe('ingestPaths', () => {
  it('indexes the good documents of a concatenated file and names the bad one by line', async () => {
    const broken = st36(2).replace('</patent-document>', ''); // truncated middle document
    writeFileSync(join(work, 'weekly.xml'), st36(1) + broken + st36(3));
    const index = SqliteSearchIndex.open(join(work, 'data'));
    const summary = await ingestPaths([work], index);
    expect(summary.records).toBe(2);
    expect(summary.filesFailed).toBe(1);
    expect(summary.failures).toHaveLength(1);
    // The second document starts on line 11 and is cut at its end: the error points there, not at 1.
    expect(summary.failures[0]!.reason).toMatch(
      /weekly\.xml:\d+: malformed XML: document ends before <patent-document> is closed/,
    );
    expect(Number(/weekly\.xml:(\d+)/.exec(summary.failures[0]!.reason)![1])).toBeGreaterThan(11);
    expect((await index.search({ query: 'tro bay' })).hits.map((h) => h.id).sort()).toEqual([
      'VN-1-0000001-B',
      'VN-1-0000003-B',
    ]);
    await index.close();
  });

  it('counts new, updated, unchanged and deleted records across runs', async () => {
    writeFileSync(join(work, 'a.xml'), st36(1));
    writeFileSync(join(work, 'b.xml'), st36(2));
    const index = SqliteSearchIndex.open(join(work, 'data'));
    expect(await ingestPaths([work], index)).toMatchObject({
      inserted: 2,
      updated: 0,
      unchanged: 0,
    });
    writeFileSync(join(work, 'b.xml'), st36(2, 'Gạch nhẹ từ tro trấu'));
    expect(await ingestPaths([work], index)).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 1,
    });
    expect(await index.count()).toBe(2);
    // The changed text replaced the old one in the index.
    expect((await index.search({ query: 'tro trấu' })).hits.map((h) => h.id)).toEqual([
      'VN-1-0000002-B',
    ]);
    expect((await index.search({ query: 'ti:"tro bay"' })).hits.map((h) => h.id)).toEqual([
      'VN-1-0000001-B',
    ]);

    const oai = readFileSync(
      join(SAMPLES, 'oai-pmh', 'eur_dspace_ListRecords_oai_dc_2004_81recs.xml'),
      'utf8',
    );
    mkdirSync(join(work, 'oai'));
    writeFileSync(join(work, 'oai', 'page.xml'), oai);
    const first = await ingestPaths([join(work, 'oai')], index);
    expect(first.inserted).toBe(79);
    // A later page withdraws one record that is in the index: it is deleted.
    const withdrawn = oai.replace(
      /<record><header><identifier>hdl:1765\/9<\/identifier>[\s\S]*?<\/record>/,
      '<record><header status="deleted"><identifier>hdl:1765/9</identifier><datestamp>2004-03-01</datestamp></header></record>',
    );
    expect(withdrawn).not.toEqual(oai);
    writeFileSync(join(work, 'oai', 'page.xml'), withdrawn);
    expect(await index.get('hdl:1765/9')).toBeDefined();
    expect((await ingestPaths([join(work, 'oai')], index)).deleted).toBe(1);
    expect(await index.get('hdl:1765/9')).toBeUndefined();
    await index.close();
  });
});

describe('files written together in one transaction', () => {
  it('lose only the file whose write fails; the others are indexed and reported in order', async () => {
    for (const n of [1, 2, 3]) writeFileSync(join(work, `${n}.xml`), st36(n));
    const inner = SqliteSearchIndex.open(join(work, 'data'));
    // A record SQLite refuses (no id) in the second file: its write fails inside the batch.
    const index = new Proxy(inner, {
      get(target, name) {
        if (name === 'upsert') {
          return (records: CauRecord[]) =>
            target.upsert(
              records.map((r) =>
                r.id === 'VN-1-0000002-B' ? ({ ...r, id: null } as unknown as CauRecord) : r,
              ),
            );
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    const progress: string[] = [];
    const summary = await ingestPaths([work], index, {
      onFile: (p) => progress.push(`${p.done}/${p.total} ${p.file.slice(-5)} ${p.failed}`),
    });
    expect(progress).toEqual(['1/3 1.xml false', '2/3 2.xml true', '3/3 3.xml false']);
    expect(summary).toMatchObject({ records: 2, inserted: 2, filesFailed: 1 });
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]!.reason).toMatch(/2\.xml: .*NOT NULL/);
    expect(await inner.count()).toBe(2);
    expect(await inner.get('VN-1-0000003-B')).toBeDefined();
    await inner.close();
  });
});

describe('citations received', () => {
  const citingFirst = (n: number): string =>
    st36(n).replace(
      '</bibliographic-data>',
      '<references-cited><citation><patcit num="1"><document-id><country>VN</country><doc-number>1-0000001</doc-number><kind>B</kind></document-id></patcit></citation></references-cited></bibliographic-data>',
    );

  it('re-assess a cited record at the end of a run only when its count changed', async () => {
    const inner = SqliteSearchIndex.open(join(work, 'data'));
    const written: string[] = [];
    const index = new Proxy(inner, {
      get(target, name) {
        if (name === 'upsert') {
          return (records: CauRecord[]) => {
            written.push(...records.map((r) => r.id));
            return target.upsert(records);
          };
        }
        const value = Reflect.get(target, name) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    writeFileSync(join(work, 'a.xml'), st36(1));
    writeFileSync(join(work, 'b.xml'), citingFirst(2));
    await ingestPaths([join(work, 'a.xml'), join(work, 'b.xml')], index);
    // Read with 0 citations, then re-assessed with 1 once the citing record was in.
    expect(written.filter((id) => id === 'VN-1-0000001-B')).toHaveLength(2);
    written.length = 0;
    // The citing file again: the cited record's count is still 1, so it is not touched.
    await ingestPaths([join(work, 'b.xml')], index);
    expect(written).toEqual(['VN-1-0000002-B']);
    writeFileSync(join(work, 'c.xml'), citingFirst(3));
    written.length = 0;
    await ingestPaths([join(work, 'c.xml')], index);
    expect(written).toEqual(['VN-1-0000003-B', 'VN-1-0000001-B']);
    const cited = await inner.get('VN-1-0000001-B');
    expect(cited!.readiness!.signals.find((s) => s.name === 'citations-received')?.evidence).toBe(
      '2',
    );
    await inner.close();
  });

  it('are counted on the cited record, also when it was indexed in an earlier run', async () => {
    const index = SqliteSearchIndex.open(join(work, 'data'));
    writeFileSync(join(work, 'a.xml'), st36(1));
    await ingestPaths([join(work, 'a.xml')], index);
    const received = async (): Promise<string | undefined> =>
      (await index.get('VN-1-0000001-B'))!.readiness!.signals.find(
        (s) => s.name === 'citations-received',
      )?.evidence;
    expect(await received()).toBe('0');
    const citing = (n: number): string =>
      st36(n).replace(
        '</bibliographic-data>',
        '<references-cited><citation><patcit num="1"><document-id><country>VN</country><doc-number>1-0000001</doc-number><kind>B</kind></document-id></patcit></citation></references-cited></bibliographic-data>',
      );
    writeFileSync(join(work, 'b.xml'), citing(2));
    writeFileSync(join(work, 'c.xml'), citing(3));
    await ingestPaths([join(work, 'b.xml'), join(work, 'c.xml')], index);
    expect(await received()).toBe('2');
    // Re-assessed, not re-indexed: the cited record is still found, once.
    expect((await index.search({ query: 'tro bay' })).total).toBe(3);
    await index.close();
  });
});

describe('cau ingest killed midway', () => {
  it('leaves only whole records, and a second run completes without duplicates', async () => {
    const inbox = join(work, 'inbox');
    mkdirSync(inbox);
    const files = 600;
    for (let i = 1; i <= files; i++)
      writeFileSync(join(inbox, `${String(i).padStart(4, '0')}.xml`), st36(i));
    const dataDir = join(work, 'data');
    const env = { ...process.env, CAU_DATA_DIR: dataDir };
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'cau.js'), 'ingest', inbox], { env });
    // Kill as soon as the first files are reported written.
    await new Promise<void>((resolveKill) => {
      child.stderr.on('data', (d: Buffer) => {
        if (/\[\d{2,}\/600\]/.test(d.toString())) {
          child.kill('SIGKILL');
          resolveKill();
        }
      });
      child.once('exit', () => resolveKill());
    });
    await new Promise((r) => child.once('exit', r));

    const db = new Database(join(dataDir, DB_FILE));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = db
      .prepare(
        'SELECT r.id AS id, j.json AS json FROM records r JOIN record_json j ON j.rowid = r.rowid',
      )
      .all() as {
      id: string;
      json: string;
    }[];
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(files);
    for (const { id, json } of stored) {
      const r = JSON.parse(json);
      expect(r.id).toBe(id);
      expect(r.claims).toEqual(['Gạch không nung chứa tro bay.']);
    }
    const fts = db.prepare('SELECT count(*) AS n FROM fts').get() as { n: number };
    expect(fts.n).toBe(stored.length);
    db.close();

    const index = SqliteSearchIndex.open(dataDir);
    const summary = await ingestPaths([inbox], index);
    expect(summary.unchanged).toBe(stored.length);
    expect(summary.inserted).toBe(files - stored.length);
    expect(await index.count()).toBe(files);
    expect((await index.search({ query: 'tro bay', limit: 1 })).total).toBe(files);
    await index.close();
  });
});

describe('ingestPaths into Elasticsearch', () => {
  it('reports a record the cluster refuses (mapping error) in the summary and keeps it as a dead letter', async () => {
    writeFileSync(join(work, 'a.xml'), st36(1));
    writeFileSync(join(work, 'b.xml'), st36(2));
    // The real client and transport; @elastic/elasticsearch-mock stands in for the sockets.
    const deadLetterFile = join(work, 'data', 'dead.jsonl');
    const { index, on } = mockCluster({ deadLetterFile });
    on('POST', '/cau-records/_mget', () => ({ docs: [] }));
    // Writes are made searchable before the index's next search.
    for (const method of ['GET', 'POST']) on(method, '/cau-records/_refresh', () => ({}));
    for (const method of ['GET', 'POST']) {
      on(method, '/cau-records/_search', () => ({
        hits: { total: { value: 0, relation: 'eq' }, hits: [] },
        aggregations: { cited: { buckets: [] } },
      }));
    }
    const bulks: string[][] = [];
    on('POST', '/_bulk', (r) => {
      // Action lines and documents alternate; one item per action, in order.
      const ids = (r.body as { index?: { _id: string } }[]).flatMap((l) =>
        l.index ? [l.index._id] : [],
      );
      bulks.push(ids);
      const items = ids.map((id) =>
        id === 'VN-1-0000002-B'
          ? {
              index: {
                _id: id,
                status: 400,
                error: { type: 'document_parsing_exception', reason: 'failed to parse [title]' },
              },
            }
          : { index: { _id: id, status: 201, result: 'created' } },
      );
      return { errors: items.some((i) => i.index.status >= 400), items };
    });

    const summary = await ingestPaths([work], index);
    expect(summary).toMatchObject({ records: 2, inserted: 1, rejected: 1, filesFailed: 1 });
    expect(summary.failures).toEqual([
      {
        file: join(work, 'b.xml'),
        reason: expect.stringMatching(
          /b\.xml: record VN-1-0000002-B not indexed: .*document_parsing_exception: failed to parse \[title\]/,
        ) as string,
      },
    ]);
    expect(formatSummary(summary)).toMatch(/1 rejected \(kept in the dead-letter file\)/);
    const letter = JSON.parse(readFileSync(deadLetterFile, 'utf8')) as {
      id: string;
      record: unknown;
    };
    expect(letter.id).toBe('VN-1-0000002-B');
    expect(letter.record).toMatchObject({ id: 'VN-1-0000002-B', title: expect.any(String) });
    // A cluster has no transaction: the batch's files go in one bulk request, not one each.
    expect(bulks).toEqual([['VN-1-0000001-B', 'VN-1-0000002-B']]);
  });
});
