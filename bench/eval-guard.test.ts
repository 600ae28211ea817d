import { MARGIN, baselineOf, readBaseline, regressions } from './eval-guard';
import { evaluateSet, TEST_SET, type CategoryRow, type SetResult } from './eval-search';

// The quality regression guard of issue 15: the held-out test set's figures may not fall more
// than a small margin below the committed ones (bench/eval-baseline.json). Refresh after an
// intended change: npm run eval -- --update-baseline.

function result(cau: Record<string, number>, queries = 10, records = 20): SetResult {
  const rows: CategoryRow[] = Object.entries(cau).map(([category, x]) => {
    const s = { ndcg10: x, mrr: x, recall20: x, n: 5 };
    return { category, n: 5, scores: { plain: s, fair: s, cau: s } };
  });
  return { set: 'test', records, queries, rows, perQuery: {} };
}

describe('regressions', () => {
  const committed = baselineOf(result({ toneless: 0.8, overall: 0.8 }));

  it('lets a run at, above or within the margin below the committed figures pass', () => {
    expect(regressions(result({ toneless: 0.8, overall: 0.8 }), committed)).toEqual([]);
    expect(regressions(result({ toneless: 0.95, overall: 0.9 }), committed)).toEqual([]);
    const within = result({ toneless: 0.8 - MARGIN.category, overall: 0.8 - MARGIN.overall });
    expect(regressions(within, committed)).toEqual([]);
  });

  it('names every figure that fell by more than its margin', () => {
    const fell = regressions(result({ toneless: 0.7, overall: 0.785 }), committed);
    expect(fell).toHaveLength(6);
    expect(fell[0]).toMatch(/^toneless ndcg10: 0\.700, committed 0\.800/);
    expect(fell.some((l) => l.startsWith('overall mrr: 0.785'))).toBe(true);
  });

  it('refuses a run of another test set, or one missing a committed category', () => {
    expect(regressions(result({ toneless: 0.8, overall: 0.8 }, 11), committed)[0]).toMatch(
      /test set changed/,
    );
    expect(regressions(result({ overall: 0.8 }), committed)).toEqual([
      'toneless: committed but not measured',
    ]);
    expect(regressions(result({ toneless: 0.8, codes: 1, overall: 0.8 }), committed)).toEqual([
      'codes: measured but not committed',
    ]);
  });
});

describe('the held-out test set', () => {
  it('holds every committed figure (per category and overall) within the margin', async () => {
    const run = await evaluateSet(TEST_SET);
    const committed = readBaseline();
    expect(run.queries).toBeGreaterThanOrEqual(80);
    expect(regressions(run, committed)).toEqual([]);
  }, 240_000);
});
