import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../ingest';
import { describeLive } from '../infra/test/live-cluster';
import { connectCluster, openIndex, type SearchIndex } from '../search-index';
import { DEV_SET, ROOT, TEST_SET, loadQueries, type JudgedSet } from './eval-search';

// Same answers as the embedded index (issue 14): both judged query sets run on the embedded
// index and on a live cluster (the OpenSearch node of `npm run engine:up` in CI) built from the
// same folders, and their top 10s compared. Matching is the same in both (the same analyzers,
// query plan and preferences), so the sets found agree; the order of close scores may not: the
// cluster's BM25 statistics are per shard and Lucene's BM25 scores per field where FTS5 scores
// per group of columns (docs/cluster.md). Agreement is measured, not tuned: the test set is only
// read here, never used to change anything.

/** Mean overlap@10 below which the engines are said to disagree (measured 0.96 dev, 0.95 test). */
const FLOOR = 0.9;
const K = 10;

/** |A ∩ B| / max(|A|, |B|) of two top-k lists; 1 when both are empty. */
export function overlapAt(k: number, a: readonly string[], b: readonly string[]): number {
  const [x, y] = [a.slice(0, k), b.slice(0, k)];
  if (x.length === 0 && y.length === 0) return 1;
  const inY = new Set(y);
  return x.filter((id) => inY.has(id)).length / Math.max(x.length, y.length);
}

async function top(index: SearchIndex, query: string): Promise<string[]> {
  try {
    return (await index.search({ query, limit: K })).hits.map((h) => h.id);
  } catch {
    return []; // a refused query ranks nothing, in either engine alike
  }
}

describe('overlapAt', () => {
  it('is the share of the longer list the other one has', () => {
    expect(overlapAt(10, ['a', 'b', 'c', 'd'], ['b', 'a', 'x', 'd'])).toBe(0.75);
    expect(overlapAt(10, [], [])).toBe(1);
    expect(overlapAt(10, ['a'], [])).toBe(0);
    expect(overlapAt(2, ['a', 'b', 'c'], ['c', 'b', 'a'])).toBe(0.5);
  });
});

describeLive('same answers as the embedded index', (live) => {
  const dirs: string[] = [];
  const aliases: string[] = [];
  afterAll(async () => {
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
    const admin = connectCluster(live.config('unused'));
    for (const alias of aliases) {
      await admin.deleteIndex(`${alias}-v*`).catch(() => undefined);
      await admin.deleteIndexTemplate(alias).catch(() => undefined);
    }
    await admin.close();
  }, 60_000);

  async function built(set: JudgedSet, cluster: boolean): Promise<SearchIndex> {
    const dir = mkdtempSync(join(tmpdir(), `cau-agree-${set.name}-`));
    dirs.push(dir);
    const alias = `cau-test-agree-${randomUUID()}`;
    if (cluster) aliases.push(alias);
    const index = openIndex({
      dataDir: dir,
      ...(cluster ? { elasticsearch: live.config(alias) } : {}),
    });
    const summary = await ingestPaths(
      set.paths.map((p) => join(ROOT, p)),
      index,
    );
    expect(summary.failures).toEqual([]);
    return index;
  }

  it.each([DEV_SET, TEST_SET])(
    `$name queries: mean overlap@${K} of the two engines is at least ${FLOOR}`,
    async (set) => {
      const [embedded, cluster] = await Promise.all([built(set, false), built(set, true)]);
      try {
        const overlaps: { id: string; overlap: number }[] = [];
        for (const q of loadQueries(set.queries)) {
          const text = q.form === 'nfd' ? q.query.normalize('NFD') : q.query;
          const [a, b] = [await top(embedded, text), await top(cluster, text)];
          overlaps.push({ id: q.id, overlap: overlapAt(K, a, b) });
        }
        const mean = overlaps.reduce((s, o) => s + o.overlap, 0) / overlaps.length;
        const worst = [...overlaps].sort((x, y) => x.overlap - y.overlap).slice(0, 5);
        console.log(
          `${set.name}: overlap@${K} ${mean.toFixed(3)} over ${overlaps.length} queries; ` +
            `lowest ${worst.map((w) => `${w.id} ${w.overlap.toFixed(2)}`).join(', ')}`,
        );
        expect(mean).toBeGreaterThanOrEqual(FLOOR);
      } finally {
        await Promise.all([embedded.close(), cluster.close()]);
      }
    },
    300_000,
  );
});
