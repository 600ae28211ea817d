import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONCORDANCE_FILE,
  fieldsFromIpc,
  loadConcordance,
  parseConcordance,
  parseCsv,
  parseIpc,
  prefixKey,
  TECHNOLOGY_FIELDS,
  technologyField,
} from './concordance';

const numbers = (ipc: string[]): number[] => fieldsFromIpc(ipc).map((f) => f.number);
const fieldOf = (code: string): string | undefined => loadConcordance().fieldOf(code)?.field;

describe('ipc-technology-concordance.csv', () => {
  const csv = readFileSync(CONCORDANCE_FILE, 'utf8');

  it('is the shared reference copied unchanged (checksum as SOURCES.md states)', () => {
    const sha = createHash('sha256').update(readFileSync(CONCORDANCE_FILE)).digest('hex');
    const sources = readFileSync(join(__dirname, 'SOURCES.md'), 'utf8');
    expect(sources).toContain(sha);
  });

  it('has 771 rows of 35 fields in 5 sectors, numbered 1–35', () => {
    const rows = parseConcordance(csv);
    expect(rows).toHaveLength(771);
    expect(TECHNOLOGY_FIELDS).toHaveLength(35);
    expect(TECHNOLOGY_FIELDS.map((f) => f.number)).toEqual(
      Array.from({ length: 35 }, (_, i) => i + 1),
    );
    expect([...new Set(TECHNOLOGY_FIELDS.map((f) => f.sector))]).toEqual([
      'Electrical engineering',
      'Instruments',
      'Chemistry',
      'Mechanical engineering',
      'Other fields',
    ]);
    expect(new Set(rows.map((r) => prefixKey(r.ipcPrefix))).size).toBe(771);
  });

  it('reads quoted names with commas', () => {
    expect(technologyField(1)).toEqual({
      number: 1,
      field: 'Electrical machinery, apparatus, energy',
      sector: 'Electrical engineering',
    });
    expect(technologyField(17).field).toBe('Macromolecular chemistry, polymers');
    expect(technologyField(35)).toEqual({
      number: 35,
      field: 'Civil engineering',
      sector: 'Other fields',
    });
    expect(() => technologyField(36)).toThrow();
  });
});

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n1,,3')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', '', '3'],
    ]);
    expect(parseCsv('x\n\ny\n')).toEqual([['x'], ['y']]);
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });
});

describe('parseIpc', () => {
  it('reads the usual spellings of a symbol and of a table prefix', () => {
    const g01n33 = { cls: 'G01', subclass: 'G01N', group: 33 };
    expect(parseIpc('G01N 33/48')).toEqual(g01n33);
    expect(parseIpc('G01N33/48')).toEqual(g01n33);
    expect(parseIpc('g01n  33/48 (2006.01)')).toEqual(g01n33);
    expect(parseIpc('G01N0033480000')).toEqual(g01n33);
    expect(parseIpc('G01N  33/%')).toEqual(g01n33);
    expect(parseIpc('H01M')).toEqual({ cls: 'H01', subclass: 'H01M' });
    expect(parseIpc('H10')).toEqual({ cls: 'H10' });
    expect(parseIpc('Y02E 60/10')).toBeUndefined();
    expect(parseIpc('battery')).toBeUndefined();
    expect(prefixKey('G01N  33/%')).toBe('G01N 33');
  });
});

describe('fieldsFromIpc (longest prefix)', () => {
  it('prefers a main-group row to its subclass: G01N 33/48 vs G01N 21/00', () => {
    expect(fieldOf('G01N 33/48')).toBe('Analysis of biological materials');
    expect(fieldOf('G01N 21/00')).toBe('Measurement');
    expect(fieldOf('G01N 21/64')).toBe('Measurement');
  });

  it('tells cosmetics from pharmaceuticals in A61K', () => {
    expect(fieldOf('A61K 8/02')).toBe('Organic fine chemistry');
    expect(fieldOf('A61K 31/00')).toBe('Pharmaceuticals');
    expect(fieldOf('A61K 36/9066')).toBe('Pharmaceuticals');
  });

  it('maps subclasses and classes', () => {
    expect(fieldsFromIpc(['C05F 11/08'])).toEqual([
      {
        number: 19,
        field: 'Basic materials chemistry',
        sector: 'Chemistry',
        confidence: 1,
        source: 'ipc',
      },
    ]);
    expect(fieldsFromIpc(['H01M 4/525'])).toEqual([
      {
        number: 1,
        field: 'Electrical machinery, apparatus, energy',
        sector: 'Electrical engineering',
        confidence: 1,
        source: 'ipc',
      },
    ]);
    expect(fieldOf('H10K 50/00')).toBe('Semiconductors'); // class row H10
  });

  it('compares the group as a whole number', () => {
    expect(fieldOf('H04N 1/40')).toBe('Telecommunications');
    expect(fieldOf('H04N 13/00')).toBe('Audio-visual technology');
    expect(fieldOf('H04N 101/00')).toBe('Audio-visual technology');
  });

  it('gives nothing for a code with no row', () => {
    expect(numbers(['A61K 2300/00'])).toEqual([]); // A61K has group rows only
    expect(numbers(['Y02E 60/10'])).toEqual([]);
    expect(numbers(['not a code'])).toEqual([]);
    expect(numbers([])).toEqual([]);
  });

  it('matches the results the shared SOURCES.md lists', () => {
    const expected: [string, number][] = [
      ['H01M 4/525', 1],
      ['C05F 11/08', 19],
      ['A01N 63/38', 19],
      ['F26B 3/28', 23],
      ['G01N 21/64', 10],
      ['G01N 33/18', 11],
      ['A23L 2/38', 18],
      ['G06F 16/33', 6],
      ['A01K 61/00', 29],
      ['C02F 3/34', 24],
      ['G01R 31/36', 10],
      ['C04B 28/00', 20],
      ['E04B 1/00', 35],
      ['A01G 9/00', 29],
    ];
    for (const [code, field] of expected) expect([code, numbers([code])]).toEqual([code, [field]]);
  });

  it('puts the main code first, keeps every field once', () => {
    expect(numbers(['A01K 61/59', 'C02F 3/34', 'A23K 50/80', 'C02F 1/28', 'G01N 33/18'])).toEqual([
      29, 24, 18, 11,
    ]);
    expect(numbers(['Y02E 60/10', 'H01M 10/44', 'H02J 7/00', 'B60L 11/18'])).toEqual([1, 32]);
  });
});
