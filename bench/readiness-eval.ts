/**
 * Readiness against human labels: the 106 labelled fixture records (fixtures/judgments/
 * readiness.json) and the labelled passages (fixtures/judgments/readiness-passages.json), the
 * passages split into a development and a test half by id (odd ids develop, even ids test;
 * fixtures/judgments/readiness-passages.md). Used by `npm run eval` and bench/fit-readiness.ts.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readinessAgreement, type Readiness, type ReadinessAgreement } from '../analyzers';
import type { CauRecord } from '../model';

const ROOT = resolve(__dirname, '..');

export interface Passage {
  id: string;
  lang: 'vi' | 'en';
  record: 'patent' | 'research';
  text: string;
  trl: number;
  reason: string;
}

export type Half = 'dev' | 'test';

/** The split, fixed before any rule ran on the passages: odd ids develop, even ids test. */
export function halfOf(id: string): Half {
  const n = Number(/^p(\d+)$/.exec(id)?.[1]);
  if (!Number.isInteger(n)) throw new Error(`passage id "${id}" is not p + a number`);
  return n % 2 === 1 ? 'dev' : 'test';
}

export function loadPassages(): Passage[] {
  const file = join(ROOT, 'fixtures', 'judgments', 'readiness-passages.json');
  const passages = JSON.parse(readFileSync(file, 'utf8')) as Passage[];
  const seen = new Set<string>();
  for (const p of passages) {
    if (seen.has(p.id)) throw new Error(`${file}: passage ${p.id} appears twice`);
    seen.add(p.id);
    if (!Number.isInteger(p.trl) || p.trl < 1 || p.trl > 9 || !p.text?.trim()) {
      throw new Error(`${file}: passage ${p.id} needs a text and a TRL 1–9`);
    }
    halfOf(p.id);
  }
  return passages;
}

/**
 * A passage as the abstract of the plainest record of its kind (a patent application with no
 * applicant or priority; a research article), so its level comes from the text alone.
 */
export function passageRecord(p: Passage): CauRecord {
  const common = {
    id: p.id,
    title: '',
    abstract: p.text,
    lang: p.lang,
    source: { file: 'readiness-passages.json', format: 'passage', position: 0 },
  };
  return p.record === 'patent'
    ? {
        ...common,
        type: 'patent',
        country: 'VN',
        docNumber: p.id,
        kind: 'A',
        priority: [],
        ipc: [],
        applicants: [],
        inventors: [],
        claims: [],
        citations: [],
      }
    : {
        ...common,
        type: 'research',
        creators: [],
        subjects: [],
        identifiers: [],
        resourceType: 'Article',
      };
}

export interface PassageAgreement {
  dev: ReadinessAgreement;
  test: ReadinessAgreement;
  /** Development passages only: every one not predicted exactly (test misses are not listed). */
  devMisses: { id: string; label: number; predicted: number; text: string; reason: string }[];
}

export function passageAgreement(
  passages: readonly Passage[],
  assess: (r: CauRecord) => Readiness | number,
): PassageAgreement {
  const predicted = new Map(passages.map((p) => [p.id, assess(passageRecord(p))]));
  const of = (half: Half): ReadinessAgreement =>
    readinessAgreement(
      passages.filter((p) => halfOf(p.id) === half).map((p) => ({ id: p.id, level: p.trl })),
      (id) => predicted.get(id),
    );
  const level = (r: Readiness | number): number => (typeof r === 'number' ? r : r.level);
  const devMisses = passages
    .filter((p) => halfOf(p.id) === 'dev' && level(predicted.get(p.id)!) !== p.trl)
    .map((p) => ({
      id: p.id,
      label: p.trl,
      predicted: level(predicted.get(p.id)!),
      text: p.text,
      reason: p.reason,
    }));
  // The test half's per-passage results stay out of the report: only its aggregate is read.
  const test = of('test');
  return { dev: of('dev'), test: { ...test, disagreements: [] }, devMisses };
}
