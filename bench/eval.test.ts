import { ndcgAt, reciprocalRank, recallAt } from './eval-metrics';
import { fairQueryWords, foldForBaseline } from './eval-rankers';
import { loadQueries } from './eval-search';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

describe('the fair baseline', () => {
  it('ORs the words a user typed, đ folded (FTS5 folds the other marks), no Cầu-only syntax', () => {
    expect(fairQueryWords('Đại học Cần Thơ')).toEqual(['dại', 'học', 'cần', 'thơ']);
    expect(fairQueryWords('ti:"cá tra" pa:Traphaco')).toEqual(['cá', 'tra', 'traphaco']);
    // Excluded words are not searched for at all (an OR of them would find what was excluded).
    expect(fairQueryWords('ti:pump -heat')).toEqual(['pump']);
    expect(fairQueryWords('ab:"tro trấu" -ipc:C04B -"xi măng" -(a b)')).toEqual(['tro', 'trấu']);
    expect(fairQueryWords('pin OR "ắc quy" AND NOT chì')).toEqual(['pin', 'ắc', 'quy', 'chì']);
  });

  it('reads decomposed (NFD) text as composed', () => {
    expect(foldForBaseline('điện'.normalize('NFD'))).toBe('diện');
  });
});

describe('judged query files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cau-judged-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const q = { id: 'a', category: 'c', query: 'x', judgments: { r: 2 } };

  it('are refused when a metric would misread them', () => {
    expect(() => loadQueries(file('obj.json', { q }))).toThrow(/array/);
    expect(() => loadQueries(file('dup.json', [q, q]))).toThrow(/duplicate id/);
    expect(() => loadQueries(file('no2.json', [{ ...q, judgments: { r: 1 } }]))).toThrow(
      /at least one 2/,
    );
    expect(() => loadQueries(file('grade.json', [{ ...q, judgments: { r: 2, s: 3 } }]))).toThrow(
      /grades 1 or 2/,
    );
    expect(loadQueries(file('ok.json', [q]))).toEqual([q]);
  });
});
