import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TECHNOLOGY_FIELDS } from '../../analyzers';
import { decodeCursor, encodeCursor } from '../cursor';
import { hitFromRecord } from '../hit';
import { checkExclude, wordPlan } from '../word-plan';
import { BatchFailedError, IndexUnavailableError, InvalidQueryError } from '../errors';
import { highlightRecord, matcherFor, type TermMatcher } from '../highlight';
import { citationsOf, indexFields } from '../fields';
import { parseIpcFilter } from '../ipc-filter';
import { technologyFieldFilter } from '../technology-filter';
import { isRelaxable, planQuery, RELAX_BELOW, type Translator } from '../plan';
import { parseQuery } from '../query';
import type { CauRecord } from '../../model';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  type FacetValue,
  type Facets,
  type SearchHit,
  type SearchIndex,
  type SearchRequest,
  type SortMode,
  type SearchResponse,
  type UpsertResult,
} from '../search-index';
import { numberMatch, toFtsMatch } from './match';
import { COLUMNS, columnValues } from './columns';
import { RELEVANCE_SQL, ensureSchema } from './schema';
import { combine, combineSql, NUMBER_SCORE } from '../ranking';

export const DB_FILE = 'cau.sqlite';

/**
 * A query that this many records or more match (very common words, long ORs of them; filters
 * applied) ranks only this many of them, the most recently indexed, and its response says
 * `partial: true`: a search then costs at most what ranking this many records costs.
 */
export const MAX_RANKED = 20_000;

/**
 * Scoring stops after this many milliseconds and the response says `partial: true` (the hits
 * are the best of the records scored so far, newest first). Records full of very common words
 * cost far more to score than others, so a cap on their number alone cannot bound the time.
 */
export const TIME_BUDGET_MS = 300;

/**
 * Scoring a record costs time per phrase of the FTS5 expression (each word is three or more:
 * exact, stemmed, folded, translations, boosts), so a query of many words ranks fewer records:
 * MAX_RANKED for up to RANKED_PHRASES phrases (two plain words), proportionally fewer above,
 * never fewer than MIN_RANKED. A 60-word OR (~400 phrases) ranks about 800.
 */
const RANKED_PHRASES = 16;
const MIN_RANKED = 500;

export function rankedLimit(maxRanked: number, match: string): number {
  const phrases = match.match(/"(?:[^"]|"")*"/g)?.length ?? 1;
  if (phrases <= RANKED_PHRASES) return maxRanked;
  const scaled = Math.floor((maxRanked * RANKED_PHRASES) / phrases);
  return Math.min(maxRanked, Math.max(scaled, Math.min(MIN_RANKED, maxRanked)));
}

interface HitRow {
  rid: number;
  json: string;
  pub: string;
  text: number;
  rscore: number;
  fmatch: number;
  score: number;
  total: number;
}

/** WIPO field → sector as an SQL VALUES table, so sector facets count each record once. */
const SECTOR_OF_FIELD = `VALUES ${TECHNOLOGY_FIELDS.map((t) => `(${t.number}, '${t.sector.replace(/'/g, "''")}')`).join(', ')}`;

type SortKey = { col: 'score' | 'rscore' | 'pub' | 'rid'; desc: boolean };

/** Sort orders; the rowid last makes each one total. */
const SORT_KEYS: Record<SortMode, SortKey[]> = {
  relevance: [
    { col: 'score', desc: true },
    { col: 'rid', desc: false },
  ],
  readiness: [
    { col: 'rscore', desc: true },
    { col: 'score', desc: true },
    { col: 'rid', desc: false },
  ],
  date: [
    { col: 'pub', desc: true },
    { col: 'rid', desc: false },
  ],
};

/** "Strictly after the cursor" for a lexicographic order over `keys`. */
function keysetCondition(
  keys: SortKey[],
  values: (string | number | null)[],
  params: Record<string, string | number>,
): string {
  const ors: string[] = [];
  keys.forEach((k, i) => {
    const eqs = keys.slice(0, i).map((p, j) => `${p.col} = @c${j}`);
    ors.push(`(${[...eqs, `${k.col} ${k.desc ? '<' : '>'} @c${i}`].join(' AND ')})`);
    const v = values[i];
    params[`c${i}`] = typeof v === 'number' || typeof v === 'string' ? v : '';
  });
  return ors.join(' OR ');
}

/**
 * The embedded index: one SQLite file with an FTS5 table of pre-analysed terms (analysis
 * happens in TypeScript, in analyzers/, exactly as for Elasticsearch's generated settings),
 * a records table holding each record as JSON, and an IPC table for prefix filters and facets.
 * WAL mode lets `cau serve` read while `cau ingest` writes from another process.
 */
export class SqliteSearchIndex implements SearchIndex {
  private readonly db: Database.Database;
  private readonly stmts;

  /** Glossary lookup for cross-lingual queries; none means no translation. */
  translate?: Translator;
  /** Technology fields a query text is about (the classifier), for the field-match boost. */
  queryFields?: (text: string) => number[];
  /** The guard: at most this many matching records are ranked (see MAX_RANKED). */
  maxRanked = MAX_RANKED;
  /** The guard: scoring stops after this long and the response is partial (see TIME_BUDGET_MS). */
  timeBudgetMs = TIME_BUDGET_MS;

  static open(dataDir: string): SqliteSearchIndex {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, DB_FILE);
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (cause) {
      throw new IndexUnavailableError(`cannot open the index at ${path}`, { cause });
    }
    return new SqliteSearchIndex(db, path);
  }

  private constructor(db: Database.Database, path: string) {
    this.db = db;
    // First, so that switching a new file to WAL waits for another process opening it too.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    try {
      ensureSchema(db, path);
    } catch (e) {
      db.close();
      throw e;
    }
    const cols = COLUMNS.map((c) => c.name).join(', ');
    const params = COLUMNS.map(() => '?').join(', ');
    this.stmts = {
      find: db.prepare<[string], { rowid: number; json: string }>(
        'SELECT r.rowid AS rowid, j.json AS json FROM records r JOIN record_json j ON j.rowid = r.rowid WHERE r.id = ?',
      ),
      insert: db.prepare<[string, string, string | null, number | null]>(
        'INSERT INTO records (id, type, published, readiness_score) VALUES (?, ?, ?, ?)',
      ),
      update: db.prepare<[string, string | null, number | null, number]>(
        'UPDATE records SET type = ?, published = ?, readiness_score = ? WHERE rowid = ?',
      ),
      putJson: db.prepare<[number, string]>(
        'INSERT OR REPLACE INTO record_json (rowid, json) VALUES (?, ?)',
      ),
      deleteJson: db.prepare<[number]>('DELETE FROM record_json WHERE rowid = ?'),
      insertField: db.prepare<[number, number]>(
        'INSERT OR IGNORE INTO record_field (field, rowid) VALUES (?, ?)',
      ),
      deleteField: db.prepare<[number]>('DELETE FROM record_field WHERE rowid = ?'),
      insertCitation: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO record_citation (cited, rowid) VALUES (?, ?)',
      ),
      deleteCitations: db.prepare<[number]>('DELETE FROM record_citation WHERE rowid = ?'),
      citationCount: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM record_citation WHERE cited = ?',
      ),
      citing: db.prepare<[string, number], { id: string }>(
        `SELECT r.id FROM record_citation c JOIN records r ON r.rowid = c.rowid WHERE c.cited = ?
         ORDER BY coalesce(r.published, '') DESC, r.rowid LIMIT ?`,
      ),
      deleteRecord: db.prepare<[number]>('DELETE FROM records WHERE rowid = ?'),
      insertFts: db.prepare(`INSERT INTO fts (rowid, ${cols}) VALUES (?, ${params})`),
      deleteFts: db.prepare<[number]>('DELETE FROM fts WHERE rowid = ?'),
      insertIpc: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO record_ipc (code, rowid) VALUES (?, ?)',
      ),
      deleteIpc: db.prepare<[number]>('DELETE FROM record_ipc WHERE rowid = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records'),
      pageJson: db.prepare<[string], { rowid: number; json: string }>(
        'SELECT rowid, json FROM record_json WHERE rowid IN (SELECT value FROM json_each(?))',
      ),
    };
  }

  async upsert(records: readonly CauRecord[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    this.write(() => {
      for (const r of records) {
        const json = JSON.stringify(r);
        const existing = this.stmts.find.get(r.id);
        let rowid: number;
        if (existing) {
          if (existing.json === json) {
            result.unchanged++;
            continue;
          }
          rowid = existing.rowid;
          this.stmts.update.run(r.type, r.published ?? null, r.readiness?.score ?? null, rowid);
          this.stmts.putJson.run(rowid, json);
          this.stmts.deleteIpc.run(rowid);
          this.stmts.deleteField.run(rowid);
          this.stmts.deleteCitations.run(rowid);
          result.updated++;
          // Re-assessing readiness (a new citation, another year) rewrites a record whose text
          // is the same: analysing it again and rewriting its terms was most of that cost.
          if (sameIndexedText(existing.json, r)) {
            this.writeLinks(r, rowid);
            continue;
          }
          this.stmts.deleteFts.run(rowid);
        } else {
          rowid = Number(
            this.stmts.insert.run(r.id, r.type, r.published ?? null, r.readiness?.score ?? null)
              .lastInsertRowid,
          );
          this.stmts.putJson.run(rowid, json);
          result.inserted++;
        }
        this.stmts.insertFts.run(rowid, ...columnValues(r));
        this.writeLinks(r, rowid);
      }
    });
    return result;
  }

  /** The IPC, technology-field and citation rows of a record. */
  private writeLinks(r: CauRecord, rowid: number): void {
    if (r.type === 'patent') for (const code of r.ipc) this.stmts.insertIpc.run(code, rowid);
    for (const f of r.technologyFields ?? []) this.stmts.insertField.run(f.number, rowid);
    for (const c of citationsOf(r)) this.stmts.insertCitation.run(c, rowid);
  }

  /**
   * One upsert or delete: its own transaction, or, inside batch(), part of the batch's. Not a
   * savepoint: releasing one makes FTS5 flush its pending terms, which is what batching saves.
   * A write that fails inside a batch therefore fails the whole batch (see batch()).
   */
  private write(fn: () => void): void {
    // IMMEDIATE: several processes (queue workers) may write one file; a deferred transaction
    // that read first could not wait for the write lock (SQLITE_BUSY at once, busy_timeout unused).
    if (!this.batching) return this.db.transaction(fn).immediate();
    try {
      fn();
    } catch (e) {
      this.batchFailure ??= e;
      throw e;
    }
  }

  private batching = false;
  private batchFailure: unknown;

  /**
   * Runs `work` in one transaction. If any write in it failed, nothing of it is kept and this
   * throws BatchFailedError (with that write's error as the cause), even if `work` caught the
   * write's error: the caller redoes the work unbatched, where each write stands alone.
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    if (this.batching || this.db.inTransaction) return work();
    // IMMEDIATE: take the write lock now, so another writer cannot make the batch's first
    // write fail halfway through (a deferred transaction cannot wait for the lock).
    this.db.exec('BEGIN IMMEDIATE');
    this.batching = true;
    this.batchFailure = undefined;
    try {
      const out = await work();
      if (this.batchFailure !== undefined) {
        throw new BatchFailedError('a write of the batch failed', { cause: this.batchFailure });
      }
      this.db.exec('COMMIT');
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw e;
    } finally {
      this.batching = false;
      this.batchFailure = undefined;
    }
  }

  async delete(ids: readonly string[]): Promise<number> {
    let n = 0;
    if (ids.length === 0) return 0;
    this.write(() => {
      for (const id of ids) {
        const existing = this.stmts.find.get(id);
        if (!existing) continue;
        this.stmts.deleteFts.run(existing.rowid);
        this.stmts.deleteIpc.run(existing.rowid);
        this.stmts.deleteField.run(existing.rowid);
        this.stmts.deleteCitations.run(existing.rowid);
        this.stmts.deleteRecord.run(existing.rowid);
        this.stmts.deleteJson.run(existing.rowid);
        n++;
      }
    });
    return n;
  }

  async get(id: string): Promise<CauRecord | undefined> {
    const row = this.stmts.find.get(id);
    return row ? (JSON.parse(row.json) as CauRecord) : undefined;
  }

  async citationCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const id of new Set(ids)) {
      const n = this.stmts.citationCount.get(id)!.n;
      if (n > 0) out.set(id, n);
    }
    return out;
  }

  async citedBy(id: string, limit: number): Promise<string[]> {
    return this.stmts.citing.all(id, limit).map((r) => r.id);
  }

  async documentFrequencies(words: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const count = this.db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM fts WHERE fts MATCH ?',
    );
    for (const word of new Set(words)) {
      const plan = wordPlan(word);
      out.set(word, plan ? count.get(toFtsMatch(plan))!.n : 0);
    }
    return out;
  }

  async count(): Promise<number> {
    return this.stmts.count.get()!.n;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const limit = Math.min(req.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const parsed = req.query === undefined ? undefined : parseQuery(req.query);
    const sort = req.sort ?? (parsed ? 'relevance' : 'date');

    const where: string[] = [];
    const params: Record<string, string | number> = {};
    let from = 'records r';
    const plan = parsed && planQuery(parsed, this.translate);
    if (plan) {
      from = 'fts JOIN records r ON r.rowid = fts.rowid';
      where.push('fts MATCH @match');
      params.match = toFtsMatch(plan);
    }
    if (req.type) {
      where.push('r.type = @type');
      params.type = req.type;
    }
    if (req.from) {
      where.push('r.published >= @from');
      params.from = req.from;
    }
    if (req.to) {
      where.push('r.published <= @to');
      params.to = req.to;
    }
    if (req.before) {
      // NULL < x is not true: undated records never count as prior art.
      where.push('r.published < @before');
      params.before = req.before;
    }
    checkExclude(req);
    if (req.exclude?.length) {
      where.push('r.id NOT IN (SELECT value FROM json_each(@exclude))');
      params.exclude = JSON.stringify(req.exclude);
    }
    if (req.ipc) where.push(ipcCondition(req.ipc, params));
    const fieldFilter = technologyFieldFilter(req);
    if (fieldFilter.length) {
      where.push(
        `r.rowid IN (SELECT rowid FROM record_field WHERE field IN (${fieldFilter.join(', ')}))`,
      );
    }
    let relaxed = false;
    if (plan && isRelaxable(plan)) {
      // Few records have every word: let records missing one word follow, ranked below.
      // Counting stops at RELAX_BELOW, so a query of common words costs nothing more here.
      const strict = this.db
        .prepare(
          `SELECT count(*) AS n FROM (SELECT 1 FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} LIMIT ${RELAX_BELOW})`,
        )
        .get(params) as { n: number };
      if (strict.n < RELAX_BELOW) {
        params.match = toFtsMatch(plan, { relaxed: true });
        relaxed = true;
      }
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';

    // The query's own technology field (the filter's, or the classifier's guess) is a boost.
    const queryFields = fieldFilter.length
      ? fieldFilter
      : req.query && this.queryFields
        ? this.queryFields(req.query)
        : [];
    const fieldMatch = queryFields.length
      ? `EXISTS (SELECT 1 FROM record_field f WHERE f.rowid = r.rowid AND f.field IN (${queryFields.map(Number).join(', ')}))`
      : '0';
    let text = plan ? `-(${RELEVANCE_SQL})` : '0';
    if (plan?.numbers) {
      // Records named by a typed number come first (ranking.ts NUMBER_SCORE).
      params.numbers = numberMatch(plan.numbers.keys);
      text += ` + ${NUMBER_SCORE} * (fts.rowid IN (SELECT rowid FROM fts WHERE fts MATCH @numbers))`;
    }
    // The guard, part 1: ranking costs time per match, so a query of very common words scores
    // only the newest `ranked` records that match it (and the filters): FTS5 walks the match
    // list newest first and SQLite stops there.
    const ranked = plan ? rankedLimit(this.maxRanked, params.match as string) : Infinity;
    const cap = plan ? ` ORDER BY fts.rowid DESC LIMIT ${ranked}` : '';
    const from_ = `FROM ${from} ${whereSql}${cap}`;
    const base =
      `SELECT r.rowid AS rid, r.type AS type, coalesce(r.published, '') AS pub, ` +
      `${text} AS text, coalesce(r.readiness_score, 0) AS rscore, ${fieldMatch} AS fmatch ` +
      from_;
    // What facets count: the same records, without computing their scores.
    const matched = `SELECT r.rowid AS rid, r.type AS type, coalesce(r.published, '') AS pub ${from_}`;

    // Every order ends with the rowid, so it is total and keyset paging never skips or repeats.
    const keys = SORT_KEYS[sort]!;
    let cursor: (string | number)[] | undefined;
    if (req.cursor) {
      const values = decodeCursor(req, req.cursor);
      if (values.length !== keys.length)
        throw new InvalidQueryError('cursor is not one Cầu issued');
      cursor = values.map((v) => (typeof v === 'number' || typeof v === 'string' ? v : ''));
    }

    try {
      const ranking = plan
        ? this.rankWithinBudget(base, params, keys, cursor, limit + 1)
        : this.sortInSql(base, params, keys, cursor, limit + 1);
      const rows = ranking.rows;
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > limit && last
          ? encodeCursor(
              req,
              keys.map((k) => last[k.col]),
            )
          : undefined;
      const match = plan ? matcherFor(plan.root) : undefined;
      const hits = page.map((row) => toHit(row, match, req.explain === true));
      const facets = req.facets ? this.facets(matched, params) : undefined;
      const total = facets?.total ?? ranking.total;
      // As many matches as could be ranked (there may be more: exactly as many is taken as
      // more), or the time budget ran out before every match was scored.
      const partial = plan !== undefined && (ranking.stopped || total >= ranked);
      return {
        total,
        hits,
        facets: facets?.facets,
        nextCursor,
        ...(relaxed ? { relaxed } : {}),
        ...(partial ? { partial } : {}),
      };
    } catch (cause) {
      if (cause instanceof Database.SqliteError && /fts5|MATCH/i.test(cause.message)) {
        // Unreachable by construction (toFtsMatch quotes every term); kept so a bug shows
        // as a clear error rather than a bare 500.
        throw new IndexUnavailableError(`search failed: ${cause.message}`, { cause });
      }
      throw cause;
    }
  }

  /**
   * The guard, part 2: scores the matches newest first and keeps the best `size` (after the
   * cursor) in the request's order, and stops when the time budget is spent (`stopped`; the
   * total is then the number scored). better-sqlite3 cannot interrupt a statement, but it can
   * stop stepping one: the budget is checked every 64 rows.
   */
  private rankWithinBudget(
    base: string,
    params: Record<string, string | number>,
    keys: SortKey[],
    cursor: (string | number)[] | undefined,
    size: number,
  ): { rows: HitRow[]; total: number; stopped: boolean } {
    const stmt = this.db.prepare(
      `SELECT *, ${combineSql('text', 'rscore', 'fmatch')} AS score FROM (${base})`,
    );
    type Keyed = Pick<HitRow, SortKey['col']>;
    const compare = (a: Keyed, b: Keyed): number => {
      for (const k of keys) {
        const x = a[k.col];
        const y = b[k.col];
        if (x !== y) return (x < y ? -1 : 1) * (k.desc ? -1 : 1);
      }
      return 0;
    };
    const after =
      cursor && (Object.fromEntries(keys.map((k, i) => [k.col, cursor[i]])) as unknown as Keyed);
    const top: HitRow[] = [];
    let total = 0;
    let stopped = false;
    // Counted from the first row: what FTS5 does before it (document frequencies of every
    // phrase, on the first bm25() call) is not bounded by stopping early, only made to return
    // fewer scored records.
    let deadline = Infinity;
    for (const row of stmt.iterate(params) as IterableIterator<HitRow>) {
      if (total++ === 0) deadline = performance.now() + this.timeBudgetMs;
      if (
        (!after || compare(row, after) > 0) &&
        (top.length < size || compare(row, top[size - 1]!) < 0)
      ) {
        let i = top.length;
        while (i > 0 && compare(row, top[i - 1]!) < 0) i--;
        top.splice(i, 0, row);
        if (top.length > size) top.pop();
      }
      if ((total & 63) === 0 && performance.now() > deadline) {
        stopped = true;
        break; // leaving the loop resets the statement
      }
    }
    return { rows: this.withJson(top), total, stopped };
  }

  /** Without a query nothing is scored: SQLite sorts by the keys (date, readiness). */
  private sortInSql(
    base: string,
    params: Record<string, string | number>,
    keys: SortKey[],
    cursor: (string | number)[] | undefined,
    size: number,
  ): { rows: HitRow[]; total: number; stopped: boolean } {
    const order = keys.map((k) => `${k.col} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
    const after = cursor ? `WHERE ${keysetCondition(keys, cursor, params)}` : '';
    const scored = `SELECT *, ${combineSql('text', 'rscore', 'fmatch')} AS score, count(*) OVER () AS total FROM (${base})`;
    const rows = this.db
      .prepare(`SELECT * FROM (${scored}) ${after} ORDER BY ${order} LIMIT ${size}`)
      .all(params) as (HitRow & { total: number })[];
    const total =
      rows[0]?.total ??
      (this.db.prepare(`SELECT count(*) AS n FROM (${base})`).get(params) as { n: number }).n;
    return { rows: this.withJson(rows), total, stopped: false };
  }

  /** The stored JSON of a page's rows, read only for them. */
  private withJson<T extends { rid: number }>(rows: T[]): (T & { json: string })[] {
    if (rows.length === 0) return [];
    const json = new Map(
      (
        this.stmts.pageJson.all(JSON.stringify(rows.map((r) => r.rid))) as {
          rowid: number;
          json: string;
        }[]
      ).map((r) => [r.rowid, r.json]),
    );
    return rows.map((r) => ({ ...r, json: json.get(r.rid)! }));
  }

  /** Facet counts over all matches (not just the page), in one pass over a materialised CTE. */
  private facets(
    base: string,
    params: Record<string, string | number>,
  ): { total: number; facets: Facets } {
    const rows = this.db
      .prepare(
        `WITH m AS MATERIALIZED (SELECT rid, type, substr(pub, 1, 4) AS year FROM (${base}))
         SELECT 'total' AS f, NULL AS v, count(*) AS n FROM m
         UNION ALL SELECT 'type', type, count(*) FROM m GROUP BY type
         UNION ALL SELECT 'year', year, count(*) FROM m WHERE year <> '' GROUP BY year
         UNION ALL SELECT 'ipcSection', substr(i.code, 1, 1), count(DISTINCT m.rid)
           FROM m JOIN record_ipc i ON i.rowid = m.rid GROUP BY 2
         UNION ALL SELECT 'ipcSubclass', substr(i.code, 1, 4), count(DISTINCT m.rid)
           FROM m JOIN record_ipc i ON i.rowid = m.rid GROUP BY 2
         UNION ALL SELECT 'technologyField', f.field, count(*)
           FROM m JOIN record_field f ON f.rowid = m.rid GROUP BY f.field
         UNION ALL SELECT 'sector', s.column2, count(DISTINCT m.rid)
           FROM m JOIN record_field f ON f.rowid = m.rid
           JOIN (${SECTOR_OF_FIELD}) s ON s.column1 = f.field GROUP BY s.column2`,
      )
      .all(params) as { f: string; v: string | number | null; n: number }[];
    const facets: Facets = {
      type: [],
      ipcSection: [],
      ipcSubclass: [],
      year: [],
      technologyField: [],
      sector: [],
    };
    let total = 0;
    for (const { f, v, n } of rows) {
      if (f === 'total') total = n;
      else if (f === 'technologyField') {
        const field = TECHNOLOGY_FIELDS.find((t) => t.number === Number(v));
        facets.technologyField.push({ value: String(v), name: field?.field ?? '', count: n });
      } else {
        (facets[f as Exclude<keyof Facets, 'technologyField'>] as FacetValue[]).push({
          value: String(v ?? ''),
          count: n,
        });
      }
    }
    for (const key of Object.keys(facets) as (keyof Facets)[]) {
      facets[key].sort((a, b) =>
        key === 'year'
          ? b.value.localeCompare(a.value)
          : b.count - a.count || a.value.localeCompare(b.value),
      );
    }
    return { total, facets };
  }
}

function ipcCondition(raw: string, params: Record<string, string | number>): string {
  const f = parseIpcFilter(raw);
  const inIpc = (cond: string): string => `r.rowid IN (SELECT rowid FROM record_ipc WHERE ${cond})`;
  switch (f.level) {
    case 'section':
    case 'class':
    case 'subclass':
      params.ipc = `${f.prefix}*`;
      return inIpc('code GLOB @ipc');
    case 'group':
      params.ipc = f.group;
      params.ipcSub = `${f.group}/*`;
      return inIpc('code = @ipc OR code GLOB @ipcSub');
    case 'symbol':
      params.ipc = f.symbol;
      return inIpc('code = @ipc');
  }
}

/** Whether the stored JSON and the record give the FTS columns the same text. */
function sameIndexedText(storedJson: string, r: CauRecord): boolean {
  const stored = JSON.parse(storedJson) as CauRecord;
  return JSON.stringify(indexFields(stored)) === JSON.stringify(indexFields(r));
}

function toHit(row: HitRow, match: TermMatcher | undefined, explain: boolean): SearchHit {
  const r = JSON.parse(row.json) as CauRecord;
  return hitFromRecord(
    r,
    row.score,
    match ? highlightRecord(r, match) : {},
    explain ? combine({ text: row.text, readiness: row.rscore, field: row.fmatch }) : undefined,
  );
}
