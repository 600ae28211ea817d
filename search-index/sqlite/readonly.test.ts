import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { patent } from '../contract/records';
import { SqliteSearchIndex } from './sqlite-index';

// The workers of `cau serve` open the index read-only while `cau ingest` writes into it.
let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cau-readonly-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteSearchIndex opened read-only', () => {
  it('sees what a writer commits after it opened', async () => {
    const writer = SqliteSearchIndex.open(dir);
    await writer.upsert([patent('P-1', { title: 'Gạch không nung từ tro bay' })]);
    const reader = SqliteSearchIndex.open(dir, { readonly: true });
    expect(await reader.count()).toBe(1);
    await writer.upsert([patent('P-2', { title: 'Tro bay trong bê tông' })]);
    expect((await reader.search({ query: 'tro bay' })).hits.map((h) => h.id).sort()).toEqual([
      'P-1',
      'P-2',
    ]);
    await reader.close();
    await writer.close();
  });

  it('refuses to write, saying the index is read-only, and changes nothing', async () => {
    const writer = SqliteSearchIndex.open(dir);
    await writer.upsert([patent('P-1')]);
    await writer.close();
    const reader = SqliteSearchIndex.open(dir, { readonly: true });
    await expect(reader.upsert([patent('P-2')])).rejects.toThrow(/the index is read-only/);
    await expect(reader.delete(['P-1'])).rejects.toThrow(/the index is read-only/);
    expect(await reader.count()).toBe(1);
    await reader.close();
  });

  it('does not create an index that is not there', () => {
    expect(() => SqliteSearchIndex.open(join(dir, 'none'), { readonly: true })).toThrow(
      /cannot open the index/,
    );
  });
});
