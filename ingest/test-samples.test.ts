import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';

// The real public files the format tests read (test-samples/) are copies that must stay
// byte-identical to their published originals, each with its provenance and licence.
const DIR = resolve(__dirname, '..', 'test-samples');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [relative(DIR, join(dir, e.name))],
  );
}

const sums = new Map(
  readFileSync(join(DIR, 'SHA256SUMS'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [sum, path] = line.split(/ +/);
      return [path!.replace(/^\.\//, ''), sum!] as const;
    }),
);
const sources = readFileSync(join(DIR, 'SOURCES.md'), 'utf8');

describe('test-samples/', () => {
  it('lists every file in SHA256SUMS (except SHA256SUMS and SOURCES.md)', () => {
    const present = files(DIR)
      .filter((f) => f !== 'SHA256SUMS' && f !== 'SOURCES.md')
      .sort();
    expect(present).toEqual([...sums.keys()].sort());
  });

  it('holds every file unchanged: its SHA-256 as listed', () => {
    const changed = [...sums].filter(
      ([path, sum]) =>
        createHash('sha256')
          .update(readFileSync(join(DIR, path)))
          .digest('hex') !== sum,
    );
    expect(changed).toEqual([]);
  });

  it('gives the origin of every sample and the licence text it names', () => {
    const samples = [...sums.keys()].filter((p) => !p.startsWith('LICENSES/'));
    // A file's row names it, or (docdb, cerif) names its folder's files in one row.
    const unattributed = samples.filter(
      (p) =>
        !sources.includes(basename(p)) &&
        !(p.startsWith('cerif/') && sources.includes('openaire_cerif_xml_example_{')),
    );
    expect(unattributed).toEqual([]);
    for (const licence of sources.match(/LICENSES\/[\w.-]+/g) ?? []) {
      expect(sums.has(licence)).toBe(true);
    }
  });
});
