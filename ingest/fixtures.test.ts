import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteSearchIndex, type PatentRecord, type ResearchRecord } from '../search-index';
import { ingestPaths, type IngestSummary } from './pipeline';

// The bundled fixtures are what a newcomer's `npm start` shows: they must all read cleanly and
// make a corpus where one problem finds both patents and research results.
const FIXTURES = resolve(__dirname, '..', 'fixtures');

let dir: string;
let index: SqliteSearchIndex;
let summary: IngestSummary;
let patents: PatentRecord[];
let research: ResearchRecord[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-fixtures-'));
  index = SqliteSearchIndex.open(dir);
  summary = await ingestPaths([FIXTURES], index);
  patents = [];
  research = [];
  for (const type of ['patent', 'research'] as const) {
    let cursor: string | undefined;
    do {
      const page = await index.search({ type, limit: 100, cursor });
      for (const h of page.hits) {
        const r = (await index.get(h.id))!;
        if (r.type === 'patent') patents.push(r);
        else research.push(r);
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
});
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bundled fixtures', () => {
  it('ingest without a single failure', () => {
    expect(summary.failures).toEqual([]);
    expect(summary.deleted).toBe(1);
  });

  it('hold at least 60 Vietnamese-office patents and 40 university research records', () => {
    const vn = patents.filter((p) => p.country === 'VN');
    expect(vn.length).toBeGreaterThanOrEqual(60);
    // Records with a DOI have it as their id: the repository is in their OAI identifier.
    const oaiId = (r: (typeof research)[number]): string => r.source.id ?? r.id;
    const vnResearch = research.filter((r) => /\.vn:/.test(oaiId(r)));
    expect(vnResearch.length).toBeGreaterThanOrEqual(40);
    expect(new Set(vnResearch.map((r) => oaiId(r).split(':')[1])).size).toBeGreaterThanOrEqual(3);
    expect(new Set(vn.map((p) => p.kind))).toEqual(new Set(['A', 'B', 'U']));
  });

  it('give every Vietnamese patent what a searcher needs', () => {
    for (const p of patents.filter((x) => x.country === 'VN')) {
      expect(p.lang).toBe('vi');
      expect(p.title.length).toBeGreaterThan(10);
      expect(p.alternateTitles?.some((t) => t.lang === 'en')).toBe(true);
      expect(p.ipc.length).toBeGreaterThan(0);
      expect(p.ipc.every((c) => /^[A-H]\d{2}[A-Z] \d{1,4}\/\d{2,6}$/.test(c))).toBe(true);
      expect(p.applicants.length).toBeGreaterThan(0);
      expect(p.claims.length).toBeGreaterThanOrEqual(3);
      expect(p.abstract?.length).toBeGreaterThan(100);
      expect(p.published! > p.filed!).toBe(true);
    }
  });

  it('cover at least eight technology areas (IPC subclasses across sections)', () => {
    const sections = new Set(patents.filter((p) => p.country === 'VN').map((p) => p.ipc[0]![0]));
    expect(sections.size).toBeGreaterThanOrEqual(6);
    const subclasses = new Set(
      patents.filter((p) => p.country === 'VN').map((p) => p.ipc[0]!.slice(0, 4)),
    );
    expect(subclasses.size).toBeGreaterThanOrEqual(8);
  });

  it('overlap: one problem finds both patents and research results, in both languages', async () => {
    for (const q of ['vỏ trấu', 'geopolymer', 'asen', 'natri', 'tôm']) {
      const res = await index.search({ query: q, facets: true });
      const types = res.facets!.type.map((f) => f.value).sort();
      expect({ q, types }).toEqual({ q, types: ['patent', 'research'] });
    }
  });

  it('link people: the same researchers are inventors and creators', () => {
    const inventors = new Set(patents.flatMap((p) => p.inventors));
    const creators = new Set(research.flatMap((r) => r.creators));
    const shared = [...inventors].filter((n) => creators.has(n));
    expect(shared.length).toBeGreaterThanOrEqual(5);
  });

  it('state their stage, so readiness has evidence to find', () => {
    const stage =
      /phòng thí nghiệm|thử nghiệm thực địa|sản xuất thử|chuyển giao|thương mại|TRL|laboratory|field trial|pilot|commercial/i;
    const text = (r: PatentRecord | ResearchRecord): string =>
      [r.abstract, r.type === 'patent' ? r.description : ''].join(' ');
    const stated = [...patents, ...research].filter((r) => stage.test(text(r)));
    expect(stated.length).toBeGreaterThanOrEqual(60);
  });
});
