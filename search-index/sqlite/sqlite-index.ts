import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  type PreparedRows,
  type UpsertResult,
} from '../search-index';
import { compileQuery, encodePairs, toFtsMatch, type CompiledQuery } from './match';
import { COLUMNS, columnValues } from './columns';
import { ensureSchema } from './schema';
import { relevanceExpression } from './rank-function';
import { guardStorage, storageError } from './storage-errors';
import { combine, combineSql, ORIGINAL_WORDS_FACTOR, OTHER_MARKS_FACTOR } from '../ranking';

export const DB_FILE = 'cau.sqlite';

/** How many search statements an index keeps prepared (SqliteSearchIndex.statement). */
const STATEMENT_CACHE = 64;
/** How many pair phrases' record counts an index keeps (SqliteSearchIndex.pairRecords). */
const PAIR_CACHE = 4096;

interface HitRow {
  rid: number;
  json: string;
  pub: string;
  text: number;
  rscore: number;
  fmatch: number;
  tier: number;
  score: number;
}

/** A record's technology fields (1–35) as the bits of records.fields. */
export function fieldBits(numbers: Iterable<number>): bigint {
  let bits = 0n;
  for (const n of numbers) if (n >= 1 && n <= 62) bits |= 1n << BigInt(n - 1);
  return bits;
}

/** Each WIPO field with its bit, as an SQL VALUES table for the facet counts. */
const FIELD_BITS = `VALUES ${TECHNOLOGY_FIELDS.map((t) => `(${t.number}, ${fieldBits([t.number])})`).join(', ')}`;
/** Each sector with the bits of its fields: a record in two fields of a sector counts once. */
const SECTOR_BITS = `VALUES ${[...new Set(TECHNOLOGY_FIELDS.map((t) => t.sector))]
  .map(
    (sector) =>
      `('${sector.replace(/'/g, "''")}', ${fieldBits(TECHNOLOGY_FIELDS.filter((t) => t.sector === sector).map((t) => t.number))})`,
  )
  .join(', ')}`;

type SortKey = { col: 'score' | 'rscore' | 'pub' | 'rid' | 'tier'; desc: boolean };

/**
 * Sort orders; the rowid last makes each one total. `tier` is 1 for the records that have every
 * part of a relaxed query (they rank above those missing one), else 0.
 */
const SORT_KEYS: Record<SortMode, SortKey[]> = {
  relevance: [
    { col: 'tier', desc: true },
    { col: 'score', desc: true },
    { col: 'rid', desc: false },
  ],
  readiness: [
    { col: 'rscore', desc: true },
    { col: 'tier', desc: true },
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
  /**
   * Time spent making the FTS columns' text and writing it to FTS5, since open (npm run bench
   * reports their share of ingest).
   */
  readonly writeTimes = { analyseNs: 0n, ftsNs: 0n };

  /**
   * `readonly`: a reader only (each `cau serve` worker): the file must exist with the current
   * schema (the process that starts the workers opens it read-write first), every write fails,
   * and the connection never changes the journal mode; WAL lets it read while an ingest writes.
   * `rankFunction: false` ranks with the SQL expression even where cau_rank is built
   * (rank-function.ts): the same records and totals (the same scores too, unless words were
   * typed side by side), for comparing the two.
   */
  static open(
    dataDir: string,
    options: { readonly?: boolean; rankFunction?: boolean } = {},
  ): SqliteSearchIndex {
    const readonly = options.readonly ?? false;
    // A read-only or full data dir is a clear error naming it, never a stack trace.
    return guardStorage(dataDir, () => {
      if (!readonly) mkdirSync(dataDir, { recursive: true });
      const path = join(dataDir, DB_FILE);
      let db: Database.Database;
      try {
        db = new Database(path, readonly ? { readonly: true, fileMustExist: true } : {});
      } catch (cause) {
        throw (
          storageError(cause, dataDir) ??
          new IndexUnavailableError(`cannot open the index at ${path}`, { cause })
        );
      }
      return new SqliteSearchIndex(db, path, readonly, options.rankFunction);
    });
  }

  private readonly dataDir: string;

  /** The relevance expression ranking runs: cau_rank's call, or the SQL it replaces. */
  private readonly relevance: string;
  /** Whether cau_rank (native/cau_rank.c) is loaded and ranks. */
  readonly rankFunction: boolean;

  private constructor(
    db: Database.Database,
    path: string,
    readonly: boolean,
    rankFunction?: boolean,
  ) {
    this.db = db;
    this.dataDir = dirname(path);
    // First, so that switching a new file to WAL waits for another process opening it too.
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    try {
      ensureSchema(db, path);
    } catch (e) {
      db.close();
      throw e;
    }
    const relevance = relevanceExpression(db, rankFunction);
    this.relevance = relevance.sql;
    this.rankFunction = relevance.native;
    const cols = COLUMNS.map((c) => c.name).join(', ');
    const params = COLUMNS.map(() => '?').join(', ');
    this.stmts = {
      find: db.prepare<[string], { rowid: number; json: string }>(
        'SELECT r.rowid AS rowid, j.json AS json FROM records r JOIN record_json j ON j.rowid = r.rowid WHERE r.id = ?',
      ),
      insert: db.prepare<[string, string, string | null, number | null, bigint]>(
        'INSERT INTO records (id, type, published, readiness_score, fields) VALUES (?, ?, ?, ?, ?)',
      ),
      update: db.prepare<[string, string | null, number | null, bigint, number]>(
        'UPDATE records SET type = ?, published = ?, readiness_score = ?, fields = ? WHERE rowid = ?',
      ),
      putJson: db.prepare<[number, string]>(
        'INSERT OR REPLACE INTO record_json (rowid, json) VALUES (?, ?)',
      ),
      deleteJson: db.prepare<[number]>('DELETE FROM record_json WHERE rowid = ?'),
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

  /**
   * The search statements, kept by their SQL: a search's SQL depends on the request's shape
   * (filters, sort, cursor or not, facets), not its words, which are parameters, so the same few
   * statements come back. Preparing one is about a millisecond, most of a small search's time
   * besides the MATCH itself. Bounded: the oldest is dropped past STATEMENT_CACHE.
   */
  private readonly statements = new Map<string, Database.Statement>();

  /** Pair phrase → records with it, valid while `pairCountsAt` is the index's version. */
  private readonly pairCounts = new Map<string, number>();
  private pairCountsAt = '';

  /**
   * The records with a pair's phrase (match.ts, PairEntry), as bm25() counted them over the whole
   * table before ranking when the pair was a phrase in the MATCH: cau_rank needs the count for
   * the pair's IDF. Counted once and kept until the index changes (a write on this connection:
   * total_changes(); a commit by another: data_version), so a query asked again does not pay for
   * it. Bounded: all are dropped past PAIR_CACHE. The index's version is read once per search,
   * here, not once per pair.
   */
  private pairRecords(): (phrase: string) => number {
    const version = this.statement(
      'SELECT total_changes() AS t, data_version AS v FROM pragma_data_version',
    ).get() as { t: number; v: number };
    const at = `${version.t}:${version.v}`;
    if (at !== this.pairCountsAt || this.pairCounts.size >= PAIR_CACHE) {
      this.pairCounts.clear();
      this.pairCountsAt = at;
    }
    return (phrase) => {
      let n = this.pairCounts.get(phrase);
      if (n === undefined) {
        n = (
          this.statement('SELECT count(*) AS n FROM fts WHERE fts MATCH ?').get(phrase) as {
            n: number;
          }
        ).n;
        this.pairCounts.set(phrase, n);
      }
      return n;
    };
  }

  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (st) {
      // Most recently used last: Map keeps insertion order.
      this.statements.delete(sql);
    } else {
      st = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE)
        this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, st);
    return st;
  }

  /** Ingest's workers compute the FTS column values; upsert takes them (prepareRows). */
  readonly preparedRows = 'fts-columns';

  async upsert(records: readonly CauRecord[], prepared?: PreparedRows): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    this.write(() => {
      for (const [i, r] of records.entries()) {
        const json = JSON.stringify(r);
        const existing = this.stmts.find.get(r.id);
        let rowid: number;
        if (existing) {
          if (existing.json === json) {
            result.unchanged++;
            continue;
          }
          rowid = existing.rowid;
          this.stmts.update.run(
            r.type,
            r.published ?? null,
            r.readiness?.score ?? null,
            recordFieldBits(r),
            rowid,
          );
          this.stmts.putJson.run(rowid, json);
          this.stmts.deleteIpc.run(rowid);
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
            this.stmts.insert.run(
              r.id,
              r.type,
              r.published ?? null,
              r.readiness?.score ?? null,
              recordFieldBits(r),
            ).lastInsertRowid,
          );
          this.stmts.putJson.run(rowid, json);
          result.inserted++;
        }
        const t0 = process.hrtime.bigint();
        const values = prepared?.ftsColumns?.[i] ?? columnValues(r);
        const t1 = process.hrtime.bigint();
        this.stmts.insertFts.run(rowid, ...values);
        this.writeTimes.analyseNs += t1 - t0;
        this.writeTimes.ftsNs += process.hrtime.bigint() - t1;
        this.writeLinks(r, rowid);
      }
    });
    return result;
  }

  /** The IPC and citation rows of a record. */
  private writeLinks(r: CauRecord, rowid: number): void {
    if (r.type === 'patent') for (const code of r.ipc) this.stmts.insertIpc.run(code, rowid);
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
    if (!this.batching)
      return guardStorage(this.dataDir, () => this.db.transaction(fn).immediate());
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
    guardStorage(this.dataDir, () => this.db.exec('BEGIN IMMEDIATE'));
    this.batching = true;
    this.batchFailure = undefined;
    try {
      const out = await work();
      if (this.batchFailure !== undefined) {
        throw new BatchFailedError('a write of the batch failed', { cause: this.batchFailure });
      }
      guardStorage(this.dataDir, () => this.db.exec('COMMIT'));
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
    if (fieldFilter.length) where.push(`(r.fields & ${fieldBits(fieldFilter)}) != 0`);

    // Every order ends with the rowid, so it is total and keyset paging never skips or repeats.
    const keys = SORT_KEYS[sort]!;
    let cursor: (string | number)[] | undefined;
    if (req.cursor) {
      const values = decodeCursor(req, req.cursor);
      if (values.length !== keys.length)
        throw new InvalidQueryError('cursor is not one Cầu issued');
      cursor = values.map((v) => (typeof v === 'number' || typeof v === 'string' ? v : ''));
    }

    const plan = parsed && planQuery(parsed, this.translate);
    try {
      if (!plan) {
        const source = `FROM records r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
        const ranking = this.sortInSql(source, params, keys, cursor, limit + 1);
        const facets = req.facets
          ? this.facets(
              `SELECT r.rowid AS rid, r.type AS type, r.published AS pub, r.fields AS fields ${source}`,
              params,
            )
          : undefined;
        return this.response(req, ranking.rows, limit, keys, undefined, {
          total: facets?.total ?? ranking.total,
          facets: facets?.facets,
          relaxed: false,
        });
      }

      // The filters on the records each match joins (no join at all without filters).
      const join = where.length
        ? `JOIN records r ON r.rowid = fts.rowid WHERE fts MATCH @match AND ${where.join(' AND ')}`
        : 'WHERE fts MATCH @match';
      const count = (match: string, atMost?: number): number => {
        const inner = `SELECT 1 FROM fts ${join}${atMost ? ` LIMIT ${atMost}` : ''}`;
        return (
          this.statement(`SELECT count(*) AS n FROM (${inner})`).get({ ...params, match }) as {
            n: number;
          }
        ).n;
      };

      // Few records have every part: let records missing one follow, ranked below. Counting
      // stops at RELAX_BELOW, so a query of common words costs nothing more here.
      const relaxed = isRelaxable(plan) && count(toFtsMatch(plan), RELAX_BELOW) < RELAX_BELOW;
      // cau_rank finds words typed side by side itself; the SQL expression needs them as phrases.
      const q = compileQuery(plan, {
        relaxed,
        adjacency: this.rankFunction ? 'instances' : 'phrases',
      });

      // The query's own technology field (the filter's, or the classifier's guess) is a boost.
      const queryFields = fieldFilter.length
        ? fieldFilter
        : req.query && this.queryFields
          ? this.queryFields(req.query)
          : [];
      const rows = this.rank(q, where, params, queryFields, keys, cursor, limit + 1);
      const facets = req.facets
        ? this.facets(
            `SELECT fts.rowid AS rid, r.type AS type, r.published AS pub, r.fields AS fields
             FROM fts JOIN records r ON r.rowid = fts.rowid
             WHERE fts MATCH @match ${where.length ? `AND ${where.join(' AND ')}` : ''}`,
            { ...params, match: q.candidates },
          )
        : undefined;
      const total = facets?.total ?? count(q.candidates);
      return this.response(req, rows, limit, keys, matcherFor(plan.root), {
        total,
        facets: facets?.facets,
        relaxed,
      });
    } catch (cause) {
      if (cause instanceof Database.SqliteError && /fts5|MATCH/i.test(cause.message)) {
        // Unreachable by construction (compileQuery quotes every term); kept so a bug shows
        // as a clear error rather than a bare 500.
        throw new IndexUnavailableError(`search failed: ${cause.message}`, { cause });
      }
      throw cause;
    }
  }

  /** The page (and one row more, to know there is a next page) as hits. */
  private response(
    req: SearchRequest,
    rows: HitRow[],
    limit: number,
    keys: SortKey[],
    match: TermMatcher | undefined,
    rest: { total: number; facets?: Facets; relaxed: boolean },
  ): SearchResponse {
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(
            req,
            keys.map((k) => last[k.col]),
          )
        : undefined;
    return {
      total: rest.total,
      hits: page.map((row) => toHit(row, match, req.explain === true)),
      facets: rest.facets,
      nextCursor,
      ...(rest.relaxed ? { relaxed: true } : {}),
    };
  }

  /**
   * Ranks every match inside SQLite and returns the best `size` after the cursor. The inner
   * query computes each match's score once (its `LIMIT -1` keeps SQLite from flattening it
   * into the outer one, which would evaluate bm25() again for the cursor and the order); the
   * outer one keeps the top `size` in a sorter. No time budget and no cap: the same query on
   * the same index ranks the same records, however busy the machine.
   */
  private rank(
    q: CompiledQuery,
    where: string[],
    params: Record<string, string | number>,
    queryFields: number[],
    keys: SortKey[],
    cursor: (string | number)[] | undefined,
    size: number,
  ): HitRow[] {
    const p: Record<string, string | number> = { ...params, match: q.rank };
    if (this.rankFunction) p.pairs = q.pairs ? encodePairs(q.pairs, this.pairRecords()) : '';
    // The user's own words: one MATCH per query, looked up per row in the set SQLite builds once.
    let text = this.relevance;
    // The user's own words are the words as typed, marks included when some were typed. A record
    // with the same letters under other marks ("cà trà", eggplant and tea, for "cá tra",
    // pangasius) has other words: it ranks below a match through a translation.
    if (q.typed && q.spelled) {
      Object.assign(p, { typed: q.typed, spelled: q.spelled });
      text =
        `(${text}) * (CASE WHEN fts.rowid IN (SELECT o.rowid FROM fts o WHERE o.fts MATCH @typed) THEN ${ORIGINAL_WORDS_FACTOR} ` +
        `WHEN fts.rowid IN (SELECT s.rowid FROM fts s WHERE s.fts MATCH @spelled) THEN ${OTHER_MARKS_FACTOR} ELSE 1 END)`;
    } else if (q.original) {
      p.original = q.original;
      text = `(${text}) * (CASE WHEN fts.rowid IN (SELECT o.rowid FROM fts o WHERE o.fts MATCH @original) THEN ${ORIGINAL_WORDS_FACTOR} ELSE 1 END)`;
    }
    let tier = '0';
    if (q.strict) {
      p.strict = q.strict;
      tier = `(fts.rowid IN (SELECT s.rowid FROM fts s WHERE s.fts MATCH @strict))`;
    }
    if (q.numbers) {
      // Records named by a typed number: a tier above every other (docs/numbers.md).
      p.numbers = q.numbers;
      tier = `(CASE WHEN fts.rowid IN (SELECT n.rowid FROM fts n WHERE n.fts MATCH @numbers) THEN 2 ELSE ${tier} END)`;
    }
    // A parameter, not inline: the statement stays the same whatever field the query is about.
    if (queryFields.length) p.qfields = Number(fieldBits(queryFields));
    const fmatch = queryFields.length ? '((r.fields & @qfields) != 0)' : '0';
    const inner =
      `SELECT fts.rowid AS rid, coalesce(r.published, '') AS pub, ` +
      `coalesce(r.readiness_score, 0) AS rscore, ${fmatch} AS fmatch, ${tier} AS tier, ${text} AS text ` +
      `FROM fts JOIN records r ON r.rowid = fts.rowid ` +
      `WHERE fts MATCH @match${where.length ? ` AND ${where.join(' AND ')}` : ''} LIMIT -1`;
    const scored = `SELECT *, ${combineSql('text', 'rscore', 'fmatch')} AS score FROM (${inner})`;
    const order = keys.map((k) => `${k.col} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
    const after = cursor ? `WHERE ${keysetCondition(keys, cursor, p)}` : '';
    const rows = this.statement(
      `SELECT * FROM (${scored} LIMIT -1) ${after} ORDER BY ${order} LIMIT ${size}`,
    ).all(p) as HitRow[];
    return this.withJson(rows, size - 1);
  }

  /** Without a query nothing is scored: SQLite sorts by the keys (date, readiness). */
  private sortInSql(
    source: string,
    params: Record<string, string | number>,
    keys: SortKey[],
    cursor: (string | number)[] | undefined,
    size: number,
  ): { rows: HitRow[]; total: number } {
    const base =
      `SELECT r.rowid AS rid, coalesce(r.published, '') AS pub, coalesce(r.readiness_score, 0) AS rscore, ` +
      `0 AS fmatch, 0 AS tier, 0 AS text, 0 AS score ${source}`;
    const order = keys.map((k) => `${k.col} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
    const p = { ...params };
    const after = cursor ? `WHERE ${keysetCondition(keys, cursor, p)}` : '';
    const rows = this.statement(
      `SELECT * FROM (SELECT *, count(*) OVER () AS total FROM (${base})) ${after} ORDER BY ${order} LIMIT ${size}`,
    ).all(p) as (HitRow & { total: number })[];
    const total =
      rows[0]?.total ??
      (this.statement(`SELECT count(*) AS n FROM (${base})`).get(params) as { n: number }).n;
    return { rows: this.withJson(rows, size - 1), total };
  }

  /** The stored JSON of a page's rows (not of the row that only says there is a next page). */
  private withJson<T extends { rid: number }>(rows: T[], page: number): (T & { json: string })[] {
    if (rows.length === 0) return [];
    const json = new Map(
      (
        this.stmts.pageJson.all(JSON.stringify(rows.slice(0, page).map((r) => r.rid))) as {
          rowid: number;
          json: string;
        }[]
      ).map((r) => [r.rowid, r.json]),
    );
    return rows.map((r) => ({ ...r, json: json.get(r.rid)! }));
  }

  /**
   * Facet counts over all matches (not just the page), in one pass over a materialised CTE of
   * the matches' compact rows: type, year and technology fields are on the record row, only the
   * IPC codes are joined.
   */
  private facets(
    source: string,
    params: Record<string, string | number>,
  ): { total: number; facets: Facets } {
    const rows = this.statement(
      `WITH m AS MATERIALIZED (SELECT rid, type, substr(coalesce(pub, ''), 1, 4) AS year, fields FROM (${source}))
         SELECT 'total' AS f, NULL AS v, count(*) AS n FROM m
         UNION ALL SELECT 'type', type, count(*) FROM m GROUP BY type
         UNION ALL SELECT 'year', year, count(*) FROM m WHERE year <> '' GROUP BY year
         UNION ALL SELECT 'ipcSection', substr(i.code, 1, 1), count(DISTINCT m.rid)
           FROM m JOIN record_ipc i ON i.rowid = m.rid GROUP BY 2
         UNION ALL SELECT 'ipcSubclass', substr(i.code, 1, 4), count(DISTINCT m.rid)
           FROM m JOIN record_ipc i ON i.rowid = m.rid GROUP BY 2
         UNION ALL SELECT 'technologyField', f.column1, count(*)
           FROM m JOIN (${FIELD_BITS}) f ON (m.fields & f.column2) != 0 GROUP BY f.column1
         UNION ALL SELECT 'sector', s.column1, count(*)
           FROM m JOIN (${SECTOR_BITS}) s ON (m.fields & s.column2) != 0 GROUP BY s.column1`,
    ).all(params) as { f: string; v: string | number | null; n: number }[];
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

function recordFieldBits(r: CauRecord): bigint {
  return fieldBits((r.technologyFields ?? []).map((f) => f.number));
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
    explain
      ? combine({ text: row.text, readiness: row.rscore, field: Number(row.fmatch) })
      : undefined,
  );
}
