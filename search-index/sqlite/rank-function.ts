import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ADJACENCY_WEIGHT } from '../ranking';
import { COLUMNS } from './columns';
import { RANK_GROUPS, RELEVANCE_SQL } from './schema';

/**
 * cau_rank, the relevance of schema.ts's RELEVANCE_SQL as one FTS5 auxiliary function
 * (native/cau_rank.c): the same scores to the last bit (without pairs, below), but each matching row's phrase instances
 * are walked once for all the rank groups instead of once per bm25() call (11–38% of the ranking
 * statement at 10k, bench/README.md). It also finds words typed side by side in those instances,
 * where the SQL expression needs them as phrases in the MATCH (match.ts, `adjacency`), so queries
 * with such pairs score differently (the same records match). `npm ci` compiles it
 * (native/build.js); where it could not be built or loaded, the SQL expression ranks.
 */
export const RANK_LIBRARY = join(
  __dirname,
  'native',
  'build',
  process.platform === 'win32' ? 'cau_rank.dll' : 'cau_rank.so',
);

/**
 * The call: the group count, each group's weight, each group's column weights, then the weight
 * of words found side by side and the pairs to look for, the statement's `@pairs` parameter
 * (CompiledQuery.pairs, '' for none): a parameter, so every query of a shape runs the same
 * prepared statement.
 */
export const RANK_FUNCTION_SQL = `cau_rank(fts, ${RANK_GROUPS.length}, ${RANK_GROUPS.map((g) => g.weight).join(', ')}, ${RANK_GROUPS.map(
  (g) => COLUMNS.map((c) => g.columns[c.name] ?? 0).join(', '),
).join(', ')}, ${ADJACENCY_WEIGHT}, @pairs)`;

/** The version of native/cau_rank.c this code calls (CAU_RANK_VERSION there). */
export const RANK_FUNCTION_VERSION = 2;

/**
 * Loads cau_rank into the connection if it was built, and gives the relevance expression to
 * rank with: the function's call, or the SQL it replaces. `CAU_RANK_FUNCTION=0` (or
 * `use: false`) keeps the SQL, to compare the two.
 */
export function relevanceExpression(
  db: Database.Database,
  use = process.env.CAU_RANK_FUNCTION !== '0',
): { sql: string; native: boolean } {
  if (!use || !existsSync(RANK_LIBRARY)) return { sql: RELEVANCE_SQL, native: false };
  try {
    // SQLite finds the entry point, sqlite3_caurank_init, from the file's name.
    db.loadExtension(RANK_LIBRARY);
    // A library built from older source (a checkout updated without `npm ci`) would refuse the
    // pairs argument on every search: rank in SQL until it is rebuilt.
    const version = db.prepare('SELECT cau_rank_version() AS v').get() as { v: number };
    if (version.v !== RANK_FUNCTION_VERSION) throw new Error(`cau_rank version ${version.v}`);
    return { sql: RANK_FUNCTION_SQL, native: true };
  } catch {
    // Built for another SQLite or machine, or from older source: rank in SQL.
    return { sql: RELEVANCE_SQL, native: false };
  }
}
