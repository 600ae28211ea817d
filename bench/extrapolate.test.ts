import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extrapolate, latestPair, powerLaw, type BenchResult } from './extrapolate';

function result(records: number, date: string, docsPerSecond: number, p50: number): BenchResult {
  return {
    date,
    options: { records, seed: 42 },
    ingest: { cauDocsPerSecond: docsPerSecond, rawDocsPerSecond: 3000, peakRssMB: { cau: 300 } },
    query: {
      rows: [{ category: 'AND of 2 words', cau: { p50, p95: 2 * p50 }, raw: { p50: 1 } }],
      overall: { cauP50: p50, cauP95: 2 * p50, rawP50: 1 },
      peakRssMB: 300,
    },
    size: { cauBytesPerDoc: 40_000, rawBytesPerDoc: 10_000 },
  };
}

describe('1M extrapolation', () => {
  it('carries the growth between two sizes on: linear stays linear, flat stays flat', () => {
    expect(powerLaw(10_000, 10, 100_000, 100, 1_000_000)).toBeCloseTo(1000);
    expect(powerLaw(10_000, 7, 100_000, 7, 1_000_000)).toBeCloseTo(7);
    const rows = extrapolate(result(10_000, 'a', 100, 5), result(100_000, 'b', 50, 50), 1e6);
    const get = (m: string) => rows.find((r) => r.measure === m)!;
    expect(get('ingest, Cầu docs/s').projected).toBeCloseTo(25);
    expect(get('query p50 all, Cầu ms')).toMatchObject({ exponent: 1 });
    expect(get('query p50 all, Cầu ms').projected).toBeCloseTo(500);
    expect(get('p50 AND of 2 words, Cầu ms').projected).toBeCloseTo(500);
    expect(get('index KB/doc, Cầu').exponent).toBeCloseTo(0);
  });

  it('reads the newest result of the two largest sizes, and nothing without two sizes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cau-results-'));
    try {
      const write = (name: string, r: BenchResult): void =>
        writeFileSync(join(dir, name), JSON.stringify(r));
      write('bench-10k-1.json', result(10_000, '2026-01-01', 100, 5));
      expect(latestPair(dir, 42)).toBeUndefined();
      write('bench-10k-2.json', result(10_000, '2026-02-01', 120, 5));
      write('bench-100k-1.json', result(100_000, '2026-01-15', 90, 9));
      write('bench-2k-1.json', result(2_000, '2026-03-01', 200, 1));
      writeFileSync(join(dir, 'bench-broken.json'), '{');
      const pair = latestPair(dir, 42)!;
      expect(pair.small.ingest.cauDocsPerSecond).toBe(120);
      expect(pair.large.options.records).toBe(100_000);
      expect(latestPair(dir, 7)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
