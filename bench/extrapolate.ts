/**
 * 1M records on paper: each measure's growth between two measured sizes (10k and 100k) fitted as
 * a power law y = a·N^b and carried on to the target size. Two points fix b exactly, so this is
 * an extrapolation, not a model: it assumes the growth seen between the two sizes goes on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a bench result (bench/results/*.json) the extrapolation reads. */
export interface BenchResult {
  date: string;
  options: { records: number; seed: number };
  ingest: { cauDocsPerSecond: number; rawDocsPerSecond: number; peakRssMB: { cau: number } };
  query: {
    rows: { category: string; cau: { p50: number; p95: number }; raw: { p50: number } }[];
    overall: { cauP50: number; cauP95: number; rawP50: number };
    peakRssMB: number;
  };
  size: { cauBytesPerDoc: number; rawBytesPerDoc: number };
}

export interface Projection {
  measure: string;
  small: number;
  large: number;
  /** The fitted exponent: 0 = flat, 1 = linear in the number of records. */
  exponent: number;
  projected: number;
}

/** The value at `n` of the power law through (n1, y1) and (n2, y2). */
export function powerLaw(n1: number, y1: number, n2: number, y2: number, n: number): number {
  const b = exponent(n1, y1, n2, y2);
  return y2 * (n / n2) ** b;
}

function exponent(n1: number, y1: number, n2: number, y2: number): number {
  if (y1 <= 0 || y2 <= 0) return 0;
  return Math.log(y2 / y1) / Math.log(n2 / n1);
}

export function extrapolate(small: BenchResult, large: BenchResult, target: number): Projection[] {
  const n1 = small.options.records;
  const n2 = large.options.records;
  const row = (measure: string, y1: number, y2: number): Projection => ({
    measure,
    small: y1,
    large: y2,
    exponent: exponent(n1, y1, n2, y2),
    projected: powerLaw(n1, y1, n2, y2, target),
  });
  const out = [
    row('ingest, Cầu docs/s', small.ingest.cauDocsPerSecond, large.ingest.cauDocsPerSecond),
    row('ingest, raw FTS5 docs/s', small.ingest.rawDocsPerSecond, large.ingest.rawDocsPerSecond),
    row('query p50 all, Cầu ms', small.query.overall.cauP50, large.query.overall.cauP50),
    row('query p95 all, Cầu ms', small.query.overall.cauP95, large.query.overall.cauP95),
    row('query p50 all, raw ms', small.query.overall.rawP50, large.query.overall.rawP50),
  ];
  for (const r of large.query.rows) {
    const s = small.query.rows.find((x) => x.category === r.category);
    if (s) out.push(row(`p50 ${r.category}, Cầu ms`, s.cau.p50, r.cau.p50));
  }
  out.push(
    row('index KB/doc, Cầu', small.size.cauBytesPerDoc / 1024, large.size.cauBytesPerDoc / 1024),
    row('peak RSS ingest MB', small.ingest.peakRssMB.cau, large.ingest.peakRssMB.cau),
    row('peak RSS queries MB', small.query.peakRssMB, large.query.peakRssMB),
  );
  return out;
}

/**
 * The newest result of each size for `seed` in `dir`, if there are results of two sizes:
 * the largest size and the next smaller one.
 */
export function latestPair(
  dir: string,
  seed: number,
): { small: BenchResult; large: BenchResult } | undefined {
  const bySize = new Map<number, BenchResult>();
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^bench-.*\.json$/.test(n));
  } catch {
    return undefined;
  }
  for (const name of names) {
    let r: BenchResult;
    try {
      r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as BenchResult;
    } catch {
      continue;
    }
    if (r.options?.seed !== seed || !r.ingest || !r.query || !r.size) continue;
    const prev = bySize.get(r.options.records);
    if (!prev || prev.date < r.date) bySize.set(r.options.records, r);
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  if (sizes.length < 2) return undefined;
  return {
    small: bySize.get(sizes[sizes.length - 2]!)!,
    large: bySize.get(sizes[sizes.length - 1]!)!,
  };
}
