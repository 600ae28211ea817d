/**
 * `npx tsx bench/compare-search.ts <dir a --keep run left> <other checkout> [--runs N] [--only text]`:
 * the bench's query mix on the same kept index, searched by this tree and by another checkout of
 * Cầu (e.g. `git worktree add /tmp/before <rev>` with its node_modules), interleaved query by
 * query with raw FTS5 MATCH, in CPU time (steadier than wall time on a shared machine). Prints each
 * side's median as a ratio to raw, this tree's against the other's, and whether the two give the
 * same answers (total, ids, scores, facets, cursor), and if not, how they differ (the first run's:
 * only the scores, the order of the same page, or how many of the page are in both, and whether
 * the totals or facets differ). Both must read the index's schema version.
 */
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openIndex, type SearchResponse } from '../search-index';
import { queryMix } from './run';

function cpuMs(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e3;
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

function answer(r: SearchResponse): string {
  return JSON.stringify([
    r.total,
    r.hits.map((h) => [h.id, h.score]),
    r.facets,
    r.nextCursor,
    r.relaxed,
  ]);
}

/** How two answers to the same request differ: the part that differs first, as a reader asks. */
function difference(a: SearchResponse, b: SearchResponse): string {
  const ids = (r: SearchResponse): string[] => r.hits.map((h) => h.id);
  const [ia, ib] = [ids(a), ids(b)];
  const parts: string[] = [];
  if (a.total !== b.total) parts.push(`total ${a.total}→${b.total}`);
  if (JSON.stringify(a.facets) !== JSON.stringify(b.facets)) parts.push('facets');
  if (JSON.stringify(ia) === JSON.stringify(ib)) parts.push('scores only');
  else {
    const common = ia.filter((id) => ib.includes(id)).length;
    const top = (n: number): boolean =>
      JSON.stringify(ia.slice(0, n)) === JSON.stringify(ib.slice(0, n));
    const sameTop = [10, 5, 3, 1].find(top);
    parts.push(
      common === ia.length && ia.length === ib.length
        ? `same ${ia.length}, other order`
        : `${common} of ${Math.max(ia.length, ib.length)} in both`,
    );
    parts.push(sameTop ? `same top ${sameTop}` : 'other first hit');
  }
  return parts.join(', ');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (n: string): string | undefined => {
    const i = argv.indexOf(n);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const [dir, other] = [resolve(argv[0]!), resolve(argv[1]!)];
  const runs = Number(value('--runs') ?? 9);
  const only = value('--only');
  const before = (await import(
    join(other, 'search-index', 'index.ts')
  )) as typeof import('../search-index');
  const a = before.openIndex({ dataDir: join(dir, 'cau') });
  const b = openIndex({ dataDir: join(dir, 'cau') });
  const raw = new Database(join(dir, 'raw', 'raw.sqlite'), { readonly: true });
  const rawSearch = raw.prepare('SELECT rowid FROM base WHERE base MATCH ? ORDER BY rank LIMIT 20');
  console.log(
    'category             query                      other/raw  this/raw  this/other  answers',
  );
  for (const c of queryMix(Number(value('--seed') ?? 42)).cases) {
    if (only && !c.category.includes(only)) continue;
    const ta: number[] = [];
    const tb: number[] = [];
    const tr: number[] = [];
    let differs: string | undefined;
    for (let i = 0; i <= runs; i++) {
      let t = process.cpuUsage();
      const ra = await a.search({ ...c.request, limit: 20 });
      const da = cpuMs(t);
      t = process.cpuUsage();
      const rb = await b.search({ ...c.request, limit: 20 });
      const db = cpuMs(t);
      t = process.cpuUsage();
      rawSearch.all(c.raw);
      const dr = cpuMs(t);
      if (i > 0) {
        ta.push(da);
        tb.push(db);
        tr.push(dr);
      }
      if (differs === undefined && answer(ra) !== answer(rb)) differs = difference(ra, rb);
    }
    const r = median(tr);
    console.log(
      `${c.category.slice(0, 20).padEnd(20)} ${c.label.slice(0, 26).padEnd(26)} ` +
        `${(median(ta) / r).toFixed(2).padStart(8)}× ${(median(tb) / r).toFixed(2).padStart(8)}× ` +
        `${(median(tb) / median(ta)).toFixed(2).padStart(10)}  ${differs ? `DIFFERENT: ${differs}` : 'same'}`,
    );
  }
  await Promise.all([a.close(), b.close()]);
  raw.close();
}

void main();
