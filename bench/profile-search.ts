/**
 * `npx tsx bench/profile-search.ts <dir a --keep run left> [--runs N] [--seed N]`: where a
 * search's time goes, per query category of the bench mix: each SQL statement the embedded
 * index runs (by its first words), and the rest (planning, hit building, highlights), as
 * medians of CPU time (steadier than wall time on a shared machine) against raw FTS5 MATCH of
 * the same words in the same run.
 */
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openIndex } from '../search-index';
import { queryMix } from './run';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}

/** CPU time since `from` (user + system), ms: steadier than wall time on a shared machine. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e3;
}

function statementName(sql: string): string {
  const s = sql.replace(/\s+/g, ' ');
  if (s.startsWith('SELECT count(*) AS n FROM (SELECT 1 FROM fts'))
    return s.includes(' LIMIT ') ? 'relax count' : 'total count';
  if (s.startsWith('WITH m AS MATERIALIZED')) return 'facets';
  // The records with each pair of words typed side by side, for cau_rank (sqlite-index.ts).
  if (s.startsWith('SELECT count(*) AS n FROM fts WHERE fts MATCH')) return 'pair count';
  if (s.includes('pragma_data_version')) return 'index version';
  if (s.includes('json_each')) return 'page json';
  if (s.startsWith('SELECT * FROM (SELECT *,')) return 'rank';
  return s.slice(0, 40);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const value = (n: string): string | undefined => {
    const i = argv.indexOf(n);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = resolve(argv[0]!);
  const runs = Number(value('--runs') ?? 7);
  const only = value('--only');
  const index = openIndex({ dataDir: join(dir, 'cau') });
  const raw = new Database(join(dir, 'raw', 'raw.sqlite'), { readonly: true });
  const rawSearch = raw.prepare('SELECT rowid FROM base WHERE base MATCH ? ORDER BY rank LIMIT 20');
  const db = (index as unknown as { db: Database.Database }).db;
  const times = new Map<string, number>();
  const origPrepare = db.prepare.bind(db);
  (db as unknown as { prepare: unknown }).prepare = (sql: string) => {
    const st = origPrepare(sql);
    const name = statementName(sql);
    for (const m of ['all', 'get'] as const) {
      const f = (st[m] as (...a: unknown[]) => unknown).bind(st);
      (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
        const t = process.cpuUsage();
        try {
          return f(...a);
        } finally {
          times.set(name, (times.get(name) ?? 0) + cpuMs(t));
        }
      };
    }
    return st;
  };
  const { cases } = queryMix(Number(value('--seed') ?? 42));
  for (const c of cases) {
    if (only && !c.category.includes(only)) continue;
    const parts = new Map<string, number[]>();
    const totals: number[] = [];
    const raws: number[] = [];
    for (let i = 0; i < 2 + runs; i++) {
      times.clear();
      let t = process.cpuUsage();
      const res = await index.search({ ...c.request, limit: 20 });
      const total = cpuMs(t);
      t = process.cpuUsage();
      rawSearch.all(c.raw);
      const r = cpuMs(t);
      if (i < 2) continue;
      totals.push(total);
      raws.push(r);
      let sql = 0;
      for (const [k, v] of times) {
        (parts.get(k) ?? parts.set(k, []).get(k)!).push(v);
        sql += v;
      }
      (parts.get('(js)') ?? parts.set('(js)', []).get('(js)')!).push(total - sql);
      void res;
    }
    const m = median(totals);
    const rm = median(raws);
    console.log(
      `${c.category.padEnd(22)} ${c.label.slice(0, 40).padEnd(40)} cau ${m.toFixed(1)} raw ${rm.toFixed(1)} (${(m / rm).toFixed(1)}×): ` +
        [...parts].map(([k, v]) => `${k} ${median(v).toFixed(1)}`).join(', '),
    );
  }
  await index.close();
  raw.close();
}

void main();
