import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseFileContent } from '../ingest';
import { generateCorpus } from './corpus';

describe('bench corpus', () => {
  const dirs: string[] = [];
  const fresh = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'cau-corpus-test-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes byte-identical files for the same seed, and other bytes for another seed', () => {
    const a = generateCorpus(fresh(), 50, 7);
    const b = generateCorpus(fresh(), 50, 7);
    const c = generateCorpus(fresh(), 50, 8);
    const contents = (s: typeof a): Record<string, string> =>
      Object.fromEntries(s.files.map((f) => [relative(s.dir, f), readFileSync(f, 'utf8')]));
    expect(contents(b)).toEqual(contents(a));
    expect(contents(c)).not.toEqual(contents(a));
  });

  it('is read by Cầu without errors: every record, in every format', () => {
    const corpus = generateCorpus(fresh(), 50, 7);
    const formats = new Set<string>();
    const ids = new Set<string>();
    for (const f of corpus.files) {
      const parsed = parseFileContent(f, readFileSync(f));
      expect(parsed.errors.map((e) => e.message)).toEqual([]);
      parsed.records.forEach((r) => ids.add(r.id));
      parsed.formats.forEach((x) => formats.add(x));
    }
    expect(ids.size).toBe(50);
    expect(corpus.files.some((f) => f.includes('/bulk/'))).toBe(true);
    expect(formats.size).toBeGreaterThanOrEqual(2);
  });
});
