/**
 * The quality regression guard: the test set's Cầu figures are committed in
 * bench/eval-baseline.json; a run whose figure for any category (or overall) falls more than
 * the margin below the committed one fails. Numbers only, never timings: the same code on the
 * same data gives the same figures on any machine.
 *
 * Refresh after an intended change (and say in the commit why the numbers moved):
 *
 *   npm run eval -- --update-baseline
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS, ROOT, type Metric, type SetResult } from './eval-search';

export const BASELINE_FILE = join(ROOT, 'bench', 'eval-baseline.json');

/**
 * How far below the committed figure a run may fall. A category has 8–12 queries, so one query
 * losing a quarter of its nDCG@10 moves its category by about 0.02–0.03: the category margin
 * lets a single small reordering pass and stops anything more; overall (102 queries) is held
 * tighter. Rounding of the committed figures (3 decimals) is inside both.
 */
export const MARGIN = { category: 0.03, overall: 0.01 } as const;

export type Figures = Record<string, Record<Metric, number>>;

export interface CommittedBaseline {
  note: string;
  set: string;
  records: number;
  queries: number;
  margin: typeof MARGIN;
  cau: Figures;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Cầu's figures of a run, per category and overall, rounded as committed. */
export function figuresOf(result: SetResult): Figures {
  return Object.fromEntries(
    result.rows.map((row) => [
      row.category,
      Object.fromEntries(METRICS.map((m) => [m, round(row.scores.cau[m])])) as Record<
        Metric,
        number
      >,
    ]),
  );
}

export function baselineOf(result: SetResult): CommittedBaseline {
  return {
    note:
      'Test-set figures of Cầu (nDCG@10, MRR, Recall@20) that bench/eval-guard.test.ts holds ' +
      'runs to. Refresh with `npm run eval -- --update-baseline` after an intended change.',
    set: result.set,
    records: result.records,
    queries: result.queries,
    margin: MARGIN,
    cau: figuresOf(result),
  };
}

export function readBaseline(file = BASELINE_FILE): CommittedBaseline {
  return JSON.parse(readFileSync(file, 'utf8')) as CommittedBaseline;
}

export function writeBaseline(result: SetResult, file = BASELINE_FILE): void {
  writeFileSync(file, `${JSON.stringify(baselineOf(result), null, 2)}\n`);
}

/**
 * What fell: one line per figure more than its margin below the committed one, and per
 * category that is committed but no longer measured (or the reverse). Empty: the run holds.
 */
export function regressions(result: SetResult, committed: CommittedBaseline): string[] {
  const now = figuresOf(result);
  const out: string[] = [];
  if (result.queries !== committed.queries || result.records !== committed.records)
    out.push(
      `the test set changed (${result.queries} queries over ${result.records} records, committed ` +
        `${committed.queries} over ${committed.records}): re-judge, then --update-baseline`,
    );
  for (const category of Object.keys(committed.cau)) {
    if (!now[category]) {
      out.push(`${category}: committed but not measured`);
      continue;
    }
    const margin = category === 'overall' ? MARGIN.overall : MARGIN.category;
    for (const m of METRICS) {
      const was = committed.cau[category]![m];
      const is = now[category]![m];
      if (is < was - margin - 1e-9)
        out.push(
          `${category} ${m}: ${is.toFixed(3)}, committed ${was.toFixed(3)} (margin ${margin})`,
        );
    }
  }
  for (const category of Object.keys(now))
    if (!committed.cau[category]) out.push(`${category}: measured but not committed`);
  return out;
}
