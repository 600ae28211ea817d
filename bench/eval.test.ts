import { ndcgAt, reciprocalRank, recallAt } from './eval';

describe('ranking metrics', () => {
  const grades = { a: 2, b: 1, c: 1 };

  it('nDCG is 1 for the ideal order and lower for any other', () => {
    expect(ndcgAt(10, ['a', 'b', 'c'], grades)).toBeCloseTo(1);
    expect(ndcgAt(10, ['b', 'a', 'c'], grades)).toBeLessThan(1);
    expect(ndcgAt(10, ['x', 'y'], grades)).toBe(0);
    // a (gain 3) at rank 2 alone: 3/log2(3) over the ideal 3 + 1/log2(3) + 1/2
    expect(ndcgAt(10, ['x', 'a'], grades)).toBeCloseTo(
      3 / Math.log2(3) / (3 + 1 / Math.log2(3) + 0.5),
    );
  });

  it('MRR is the reciprocal rank of the first relevant hit', () => {
    expect(reciprocalRank(['x', 'y', 'b'], grades)).toBeCloseTo(1 / 3);
    expect(reciprocalRank(['x'], grades)).toBe(0);
  });

  it('Recall@k counts judged-relevant records in the top k', () => {
    expect(recallAt(2, ['a', 'x', 'b'], grades)).toBeCloseTo(1 / 3);
    expect(recallAt(20, ['c', 'b', 'a'], grades)).toBe(1);
  });
});
