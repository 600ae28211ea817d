import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { searchIndexContract } from '../contract/contract';
import { patent } from '../contract/records';
import { SchemaVersionError } from '../errors';
import {
  DB_FILE,
  MAX_RANKED,
  rankedLimit,
  SqliteSearchIndex,
  TIME_BUDGET_MS,
} from './sqlite-index';

const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cau-sqlite-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

searchIndexContract('sqlite', async () => SqliteSearchIndex.open(freshDir()));

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

  it('ranks only the most recent matches of a query too broad to rank, and says so', async () => {
    const index = SqliteSearchIndex.open(freshDir());
    await index.upsert(
      Array.from({ length: 12 }, (_, i) =>
        patent(`P-${i + 1}`, {
          title: i === 0 ? 'Gạch nung từ đất sét' : `Gạch không nung số ${i + 1}`,
        }),
      ),
    );
    index.maxRanked = 5;
    // "gạch" is in every record: more than can be ranked, so the newest five are, and the
    // response says the list and the total are partial.
    const broad = await index.search({ query: 'gạch', limit: 20, facets: true });
    expect(broad.partial).toBe(true);
    expect(broad.total).toBe(5);
    expect(broad.facets!.type).toEqual([{ value: 'patent', count: 5 }]);
    expect(broad.hits.map((h) => h.id).sort()).toEqual(['P-10', 'P-11', 'P-12', 'P-8', 'P-9']);
    // A query few records match is ranked in full, and says nothing.
    const narrow = await index.search({ query: 'đất sét' });
    expect(narrow.partial).toBeUndefined();
    expect(narrow.hits.map((h) => h.id)).toEqual(['P-1']);
    await index.close();
  });

  it('ranks fewer records for queries of many phrases, never fewer than 500', () => {
    const phrases = (n: number): string =>
      Array.from({ length: n }, (_, i) => `{t_x} : "w""${i}"`).join(' OR ');
    expect(rankedLimit(MAX_RANKED, phrases(14))).toBe(MAX_RANKED);
    expect(rankedLimit(MAX_RANKED, phrases(400))).toBe(800);
    expect(rankedLimit(MAX_RANKED, phrases(2000))).toBe(500);
    expect(rankedLimit(5, phrases(400))).toBe(5);
  });

  it('stops scoring when the time budget is spent, and says the answer is partial', async () => {
    const index = SqliteSearchIndex.open(freshDir());
    await index.upsert(
      Array.from({ length: 70 }, (_, i) => patent(`P-${i + 1}`, { title: `Gạch số ${i + 1}` })),
    );
    // No time at all: scoring stops at the first check (after 64 records, newest first).
    index.timeBudgetMs = 0;
    const spent = await index.search({ query: 'gạch', limit: 100 });
    expect(spent).toMatchObject({ partial: true, total: 64 });
    expect(spent.hits).toHaveLength(64);
    expect(spent.hits.map((h) => h.id)).not.toContain('P-1');
    index.timeBudgetMs = TIME_BUDGET_MS;
    const whole = await index.search({ query: 'gạch', limit: 100 });
    expect(whole.partial).toBeUndefined();
    expect(whole.total).toBe(70);
    await index.close();
  });
});
