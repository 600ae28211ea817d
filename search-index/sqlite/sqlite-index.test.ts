import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { searchIndexContract } from '../contract/contract';
import { patent } from '../contract/records';
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
});
