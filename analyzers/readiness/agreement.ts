import type { Readiness } from './types';

/** One human label, as in fixtures/judgments/readiness.json. */
export interface ReadinessLabel {
  id: string;
  level: number;
  confidence?: string;
}

export interface ReadinessDisagreement {
  id: string;
  label: number;
  predicted: number;
}

export interface ReadinessAgreement {
  /** Labels whose record could be assessed. */
  n: number;
  /** Share of labels predicted exactly (0..1). */
  exact: number;
  /** Share predicted within one level (0..1). */
  withinOne: number;
  meanAbsoluteError: number;
  /** Mean predicted − label: positive when Cầu reads records as more mature than people do. */
  bias: number;
  /** The same three numbers per label confidence ("high", "medium", "low"). */
  byConfidence: Record<string, { n: number; exact: number; withinOne: number }>;
  /** Label ids with no record to assess. */
  missing: string[];
  /** Every label off by more than one level, worst first. */
  disagreements: ReadinessDisagreement[];
}

/**
 * How well `assess` agrees with human readiness labels: exact and ±1 agreement on the TRL.
 * `assess` maps a record id to its readiness (or just its level), or undefined when the id is
 * not in the corpus.
 */
export function readinessAgreement(
  labels: readonly ReadinessLabel[],
  assess: (id: string) => Readiness | number | undefined,
): ReadinessAgreement {
  const missing: string[] = [];
  const rows: { id: string; label: number; predicted: number; confidence: string }[] = [];
  for (const l of labels) {
    const r = assess(l.id);
    if (r === undefined) {
      missing.push(l.id);
      continue;
    }
    const predicted = typeof r === 'number' ? r : r.level;
    rows.push({ id: l.id, label: l.level, predicted, confidence: l.confidence ?? 'unknown' });
  }
  const summary = (xs: typeof rows) => ({
    n: xs.length,
    exact: share(xs, (x) => x.predicted === x.label),
    withinOne: share(xs, (x) => Math.abs(x.predicted - x.label) <= 1),
  });
  const byConfidence: ReadinessAgreement['byConfidence'] = {};
  for (const c of [...new Set(rows.map((r) => r.confidence))].sort()) {
    byConfidence[c] = summary(rows.filter((r) => r.confidence === c));
  }
  const n = rows.length;
  return {
    ...summary(rows),
    meanAbsoluteError: n ? rows.reduce((s, r) => s + Math.abs(r.predicted - r.label), 0) / n : 0,
    bias: n ? rows.reduce((s, r) => s + (r.predicted - r.label), 0) / n : 0,
    byConfidence,
    missing,
    disagreements: rows
      .filter((r) => Math.abs(r.predicted - r.label) > 1)
      .map(({ id, label, predicted }) => ({ id, label, predicted }))
      .sort(
        (a, b) =>
          Math.abs(b.predicted - b.label) - Math.abs(a.predicted - a.label) ||
          a.id.localeCompare(b.id),
      ),
  };
}

function share<T>(xs: readonly T[], ok: (x: T) => boolean): number {
  return xs.length ? xs.filter(ok).length / xs.length : 0;
}
