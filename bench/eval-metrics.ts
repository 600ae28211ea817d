/** Ranking metrics of `npm run eval`: graded nDCG@k, reciprocal rank, Recall@k. */

/** Grades of the judged records of one query; records not listed are 0. */
export type Grades = Readonly<Record<string, number>>;

export function ndcgAt(k: number, ranked: readonly string[], grades: Grades): number {
  const dcg = ranked
    .slice(0, k)
    .reduce((sum, id, i) => sum + (2 ** (grades[id] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(grades)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function reciprocalRank(ranked: readonly string[], grades: Grades): number {
  const i = ranked.findIndex((id) => (grades[id] ?? 0) > 0);
  return i === -1 ? 0 : 1 / (i + 1);
}

export function recallAt(k: number, ranked: readonly string[], grades: Grades): number {
  const relevant = Object.keys(grades).filter((id) => grades[id]! > 0);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}
