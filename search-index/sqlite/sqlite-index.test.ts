import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { searchIndexContract } from '../contract/contract';
import { nearMissContract } from '../contract/near-miss';
import { patent, research } from '../contract/records';
import { glossaryTranslator } from '../index';
import { SchemaVersionError } from '../errors';
import { DB_FILE, SqliteSearchIndex } from './sqlite-index';

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cau-sqlite-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

searchIndexContract('sqlite', async () => SqliteSearchIndex.open(freshDir()));
// cau_rank where it is built (native/), and the SQL expression it replaces: the adjacency
// preference is computed differently by each (match.ts, `adjacency`).
nearMissContract('sqlite', async () => SqliteSearchIndex.open(freshDir()), glossaryTranslator());
nearMissContract(
  'sqlite, SQL ranking',
  async () => SqliteSearchIndex.open(freshDir(), { rankFunction: false }),
  glossaryTranslator(),
);

describe('SqliteSearchIndex on disk', () => {
  it('keeps records across close and reopen', async () => {
    const dir = freshDir();
    const a = SqliteSearchIndex.open(dir);
    await a.upsert([patent('P-1', { title: 'Gạch không nung từ tro bay' })]);
    await a.close();
    const b = SqliteSearchIndex.open(dir);
    expect(await b.count()).toBe(1);
    expect((await b.search({ query: 'tro bay' })).hits.map((h) => h.id)).toEqual(['P-1']);
    await b.close();
  });

  it('refuses an index written with another schema version, and leaves it untouched', async () => {
    const dir = freshDir();
    const a = SqliteSearchIndex.open(dir);
    await a.upsert([patent('P-1')]);
    await a.close();
    const raw = new Database(join(dir, DB_FILE));
    raw.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    raw.close();
    expect(() => SqliteSearchIndex.open(dir)).toThrow(SchemaVersionError);
    expect(() => SqliteSearchIndex.open(dir)).toThrow(/schema version 999/);
    const check = new Database(join(dir, DB_FILE), { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM records').get()).toEqual({ n: 1 });
    check.close();
  });

  it('lets a second connection read while the first writes (WAL)', async () => {
    const dir = freshDir();
    const writer = SqliteSearchIndex.open(dir);
    const reader = SqliteSearchIndex.open(dir);
    await writer.upsert([patent('P-1', { title: 'Pin natri ion' })]);
    expect((await reader.search({ query: 'natri' })).total).toBe(1);
    await writer.close();
    await reader.close();
  });

  it('writes a batch all or nothing', async () => {
    const dir = freshDir();
    const index = SqliteSearchIndex.open(dir);
    const bad = patent('P-BAD');
    // A record whose JSON cannot be serialised makes the batch fail midway.
    (bad as unknown as { self: unknown }).self = bad;
    await expect(index.upsert([patent('P-OK'), bad])).rejects.toThrow();
    expect(await index.count()).toBe(0);
    await index.close();
  });

  it('ranks the same records the same way, page after page, whatever the load (no time budget, no cap)', async () => {
    const index = SqliteSearchIndex.open(freshDir());
    await index.upsert(
      Array.from({ length: 150 }, (_, i) =>
        patent(`P-${i + 1}`, { title: `Gạch không nung số ${i + 1}`, published: '2020-01-01' }),
      ),
    );
    const all = await index.search({ query: 'gạch', limit: 100 });
    expect(all.total).toBe(150);
    expect(all).not.toHaveProperty('partial');
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await index.search({ query: 'gạch', limit: 40, cursor });
      paged.push(...page.hits.map((h) => h.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toHaveLength(150);
    expect(paged.slice(0, 100)).toEqual(all.hits.map((h) => h.id));
    await index.close();
  });
});

/** Issue 15 §4: near misses that share letters or words with what was asked. */
describe('SqliteSearchIndex ranking of near misses', () => {
  let index: SqliteSearchIndex;
  const ids = async (query: string): Promise<string[]> =>
    (await index.search({ query, limit: 20 })).hits.map((h) => h.id);

  beforeAll(async () => {
    index = SqliteSearchIndex.open(freshDir());
    index.translate = glossaryTranslator();
    await index.upsert([
      // A water pump, and a record with máy, bom (a bomb) and nước far apart.
      patent('P-PUMP', {
        title: 'Máy bơm nước dùng năng lượng mặt trời cho ruộng lúa',
        published: '2020-01-01',
      }),
      patent('P-SCATTERED', {
        title: 'Máy dò bom mìn còn sót lại dưới lòng đất và dưới nước',
        published: '2021-01-01',
      }),
      // Pangasius, and tea and eggplant side by side.
      patent('P-FISH', {
        title: 'Quy trình nuôi cá tra thâm canh trong ao đất',
        published: '2019-01-01',
      }),
      // The drink says "cà trà" far more often: only the marks tell them apart.
      patent('P-DRINK', {
        title: 'Cà trà: thức uống cà trà thảo mộc đóng chai',
        abstract: 'Cà trà pha từ cà tím sấy và trà xanh; mỗi chai cà trà 330 ml.',
        published: '2022-01-01',
      }),
      // Organic fertiliser found as typed, and only through the glossary's translation.
      patent('P-PHAN-BON', {
        title: 'Phân bón hữu cơ từ bã mía',
        published: '2018-01-01',
      }),
      research('R-ORGANIC', {
        title: 'Organic fertilizer: organic fertilizer trials of organic fertilizer',
        lang: 'en',
        published: '2023-01-01',
      }),
      // Highlight forms: cơ (mechanism) and có (to have), phân and phần (a part).
      patent('P-CO', {
        title: 'Cơ cấu truyền động có phần phân phối lực',
        published: '2017-01-01',
      }),
    ]);
  });
  afterAll(async () => {
    await index.close();
  });

  it('puts "máy bơm nước" above máy, bom and nước scattered, with and without tone marks', async () => {
    for (const query of ['may bom nuoc', 'máy bơm nước']) {
      const order = await ids(query);
      expect(order).toContain('P-SCATTERED');
      expect(order.indexOf('P-PUMP')).toBeLessThan(order.indexOf('P-SCATTERED'));
    }
  });

  it('counts typed tone marks: "cá tra" ranks pangasius above cà and trà side by side', async () => {
    const order = await ids('cá tra');
    expect(order).toContain('P-DRINK');
    expect(order[0]).toBe('P-FISH');
  });

  it('ranks a Vietnamese phrase found as typed above a match only through its translation', async () => {
    const order = await ids('phân bón hữu cơ');
    expect(order).toContain('R-ORGANIC');
    expect(order.indexOf('P-PHAN-BON')).toBeLessThan(order.indexOf('R-ORGANIC'));
  });

  it('marks what matched at the accent level typed', async () => {
    const title = async (query: string): Promise<string> =>
      (await index.search({ query, limit: 20 })).hits.find((h) => h.id === 'P-CO')!.highlights
        .title![0]!;
    // Typed with marks: only that spelling.
    expect(await title('cơ')).toBe('<mark>Cơ</mark> cấu truyền động có phần phân phối lực');
    expect(await title('phân')).toBe('Cơ cấu truyền động có phần <mark>phân</mark> phối lực');
    // Typed without: every spelling that folds to it.
    expect(await title('co')).toBe(
      '<mark>Cơ</mark> cấu truyền động <mark>có</mark> phần phân phối lực',
    );
    expect(await title('phan')).toBe(
      'Cơ cấu truyền động có <mark>phần</mark> <mark>phân</mark> phối lực',
    );
  });
});
