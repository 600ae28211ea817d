import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import type { CauRecord } from '../../model';
import { SourceError } from '../errors';
import { PARSERS, parseFileContent } from '.';

// Property-based mutations of real documents through detection, splitting and every parser:
// whatever the bytes, parsing returns (never throws, never hangs: a time bound per document)
// and every record it returns is whole; what it cannot read is a SourceError naming the file.
const ROOT = resolve(__dirname, '..', '..');
// The real public samples (test-samples/, every format) and the real files among the fixtures.
const SAMPLE_DIRS = ['test-samples', 'fixtures/real-samples'].map((d) => join(ROOT, d));
const RUNS_PER_SAMPLE = Number(process.env.CAU_FUZZ_RUNS ?? 30);
/**
 * A hang detector, not a speed goal (speed lives in npm run bench): far above any parse on a
 * loaded 2-core machine, far below forever.
 */
const MS_PER_DOCUMENT = 20_000;

function xmlFiles(dir: string): string[] {
  // A folder that moved must fail the suite, not leave it fuzzing nothing.
  if (!existsSync(dir)) throw new Error(`fuzz samples: ${dir} does not exist`);
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? xmlFiles(join(dir, e.name))
      : e.name.endsWith('.xml')
        ? [join(dir, e.name)]
        : [],
  );
}

const SAMPLES = [
  ...SAMPLE_DIRS.flatMap(xmlFiles),
  join(ROOT, 'fixtures', 'patents', 'VN-1-0020001-B.xml'),
  join(ROOT, 'fixtures', 'research', 'ctu', 'ListRecords-1.xml'),
];

/** Pieces of XML (and not XML) that parsers meet in the wild or in an attack. */
const HOSTILE = [
  '<',
  '</',
  '>',
  '&',
  '&amp;',
  '&#0;',
  '&#xD800;',
  '&#x1F600;',
  '&unknown;',
  '<![CDATA[',
  ']]>',
  '<!-- ',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
  '"',
  "'",
  '\u0000',
  '\uFEFF',
  '\uFFFE',
  'ı̇ǅ\u0301\u0323',
  'Phân bón hữu cơ',
  '<title>',
  '</title>',
  '<p>',
  '<invention-title lang="vi">',
  '<doc-number></doc-number>',
  '<date>99999999</date>',
  '<date>2021-02-30</date>',
  '<classification-ipcr><text>ZZZZ 99/99</text></classification-ipcr>',
  '<a>'.repeat(2000),
  'x'.repeat(100_000),
];

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'flip'; at: number; byte: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  position.map((at) => ({ kind: 'truncate' as const, at })),
  fc.record({
    kind: fc.constant('delete' as const),
    at: position,
    length: fc.integer({ min: 1, max: 500 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: position,
    length: fc.integer({ min: 1, max: 2000 }),
    to: position,
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 40 })),
  }),
  fc.record({
    kind: fc.constant('flip' as const),
    at: position,
    byte: fc.integer({ min: 0, max: 255 }),
  }),
);

function mutate(bytes: Buffer, mutations: Mutation[]): Buffer {
  let b = bytes;
  for (const m of mutations) {
    const at = Math.floor(m.at * b.length);
    switch (m.kind) {
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
        break;
      case 'duplicate': {
        const piece = b.subarray(at, at + m.length);
        const to = Math.floor(m.to * b.length);
        b = Buffer.concat([b.subarray(0, to), piece, b.subarray(to)]);
        break;
      }
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text, 'utf8'), b.subarray(at)]);
        break;
      case 'flip':
        b = Buffer.from(b);
        if (b.length > 0) b[Math.min(at, b.length - 1)] = m.byte;
        break;
    }
  }
  return b;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const strings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The record model's invariants (README, "Record model"): what a whole record has. */
function problemsOf(r: CauRecord): string[] {
  const p: string[] = [];
  if (typeof r.id !== 'string' || r.id.trim() === '') p.push('id');
  if (typeof r.title !== 'string') p.push('title');
  if (typeof r.lang !== 'string' || r.lang === '') p.push('lang');
  if (r.published !== undefined && !DATE.test(r.published)) p.push(`published ${r.published}`);
  if (typeof r.source?.file !== 'string' || typeof r.source.position !== 'number') p.push('source');
  for (const text of [r.title, r.abstract ?? '']) {
    if (text !== text.normalize('NFC')) p.push('not NFC');
    if (/\p{Cc}/u.test(text.replace(/[\t\n\r]/g, ''))) p.push('control characters');
  }
  if (r.type === 'patent') {
    // CERIF gives no kind code: an empty kind is a source's silence, not a partial record.
    if (!r.country || !r.docNumber || typeof r.kind !== 'string') p.push('country/docNumber/kind');
    if (!strings(r.ipc) || !r.ipc.every((c) => /^[A-H]\d{2}[A-Z] \d{1,4}\/\d{1,6}$/.test(c)))
      p.push(`ipc ${r.ipc}`);
    if (!strings(r.claims) || !strings(r.inventors) || !strings(r.citations)) p.push('lists');
    if (!Array.isArray(r.applicants) || !r.applicants.every((a) => typeof a.name === 'string'))
      p.push('applicants');
    if (!Array.isArray(r.priority)) p.push('priority');
    if (r.filed !== undefined && !DATE.test(r.filed)) p.push(`filed ${r.filed}`);
  } else if (r.type === 'research') {
    if (!strings(r.creators) || !strings(r.subjects) || !strings(r.identifiers)) p.push('lists');
  } else {
    p.push('type');
  }
  return p;
}

describe('parsers under mutation', () => {
  it('have real samples for every parser', () => {
    const formats = new Set(
      SAMPLES.flatMap((f) =>
        parseFileContent(f, readFileSync(f)).records.map((r) => r.source.format),
      ),
    );
    for (const parser of PARSERS)
      expect([parser.format, formats.has(parser.format)]).toEqual([parser.format, true]);
  });

  it.each(SAMPLES.map((f) => [relative(ROOT, f), f]))(
    '%s: never throws, hangs or returns a partial record',
    (_name, file) => {
      const original = readFileSync(file);
      let slowest = 0;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const bytes = mutate(original, mutations);
          const t0 = performance.now();
          const out = parseFileContent(file, bytes);
          const ms = performance.now() - t0;
          slowest = Math.max(slowest, ms);
          const documents = Math.max(1, out.records.length + out.errors.length);
          expect(ms / documents).toBeLessThan(MS_PER_DOCUMENT);
          for (const r of out.records) expect([r.id, problemsOf(r)]).toEqual([r.id, []]);
          for (const e of out.errors) {
            expect(e).toBeInstanceOf(SourceError);
            expect(e.message.startsWith(file)).toBe(true);
          }
        }),
        { numRuns: RUNS_PER_SAMPLE, seed: Number(process.env.CAU_FUZZ_SEED ?? 20261206) },
      );
      expect(slowest).toBeLessThan(MS_PER_DOCUMENT * 50);
    },
  );
});
