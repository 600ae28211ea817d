import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TECHNOLOGY_FIELDS } from '../../analyzers';
import { decodeCursor, encodeCursor } from '../cursor';
import { IndexUnavailableError, InvalidQueryError } from '../errors';
import { highlightRecord, matcherFor, type TermMatcher } from '../highlight';
import { parseIpcFilter } from '../ipc-filter';
import { planQuery, type Translator } from '../plan';
import { parseQuery } from '../query';
import type { CauRecord } from '../record';
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
import { isRelaxable, toFtsMatch } from './match';
import { COLUMNS, columnValues } from './columns';
import { RELEVANCE_SQL, ensureSchema } from './schema';
import { combine, combineSql } from '../ranking';

export const DB_FILE = 'cau.sqlite';

/**
 * When fewer records than this contain every required part of a query of three or more parts,
 * records missing one part are added below them (the response says `relaxed: true`).
 */
export const RELAX_BELOW = 10;

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
        'SELECT rowid, json FROM records WHERE id = ?',
      ),
      insert: db.prepare<[string, string, string | null, number | null, string]>(
        'INSERT INTO records (id, type, published, readiness_score, json) VALUES (?, ?, ?, ?, ?)',
      ),
      update: db.prepare<[string, string | null, number | null, string, number]>(
        'UPDATE records SET type = ?, published = ?, readiness_score = ?, json = ? WHERE rowid = ?',
      ),
      insertField: db.prepare<[number, number]>(
        'INSERT OR IGNORE INTO record_field (field, rowid) VALUES (?, ?)',
      ),
      deleteField: db.prepare<[number]>('DELETE FROM record_field WHERE rowid = ?'),
      insertCitation: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO record_citation (cited, rowid) VALUES (?, ?)',
      ),
      deleteCitations: db.prepare<[number]>('DELETE FROM record_citation WHERE rowid = ?'),
      citedBy: db.prepare<[string], { n: number }>(
        'SELECT count(*) AS n FROM record_citation WHERE cited = ?',
      ),
      deleteRecord: db.prepare<[number]>('DELETE FROM records WHERE rowid = ?'),
      insertFts: db.prepare(`INSERT INTO fts (rowid, ${cols}) VALUES (?, ${params})`),
      deleteFts: db.prepare<[number]>('DELETE FROM fts WHERE rowid = ?'),
      insertIpc: db.prepare<[string, number]>(
        'INSERT OR IGNORE INTO record_ipc (code, rowid) VALUES (?, ?)',
      ),
      deleteIpc: db.prepare<[number]>('DELETE FROM record_ipc WHERE rowid = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM records'),
    };
  }

  async upsert(records: readonly CauRecord[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    const write = this.db.transaction(() => {
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
          this.stmts.update.run(
            r.type,
            r.published ?? null,
            r.readiness?.score ?? null,
            json,
            rowid,
          );
          this.stmts.deleteFts.run(rowid);
          this.stmts.deleteIpc.run(rowid);
          this.stmts.deleteField.run(rowid);
          this.stmts.deleteCitations.run(rowid);
          result.updated++;
        } else {
          rowid = Number(
            this.stmts.insert.run(
              r.id,
              r.type,
              r.published ?? null,
              r.readiness?.score ?? null,
              json,
            ).lastInsertRowid,
          );
          result.inserted++;
        }
        this.stmts.insertFts.run(rowid, ...columnValues(r));
        if (r.type === 'patent') for (const code of r.ipc) this.stmts.insertIpc.run(code, rowid);
        for (const f of r.technologyFields ?? []) this.stmts.insertField.run(f.number, rowid);
        if (r.type === 'patent')
          for (const c of r.citations) this.stmts.insertCitation.run(c, rowid);
      }
    });
    // IMMEDIATE: several processes (queue workers) may write one file; a deferred transaction
    // that read first could not wait for the write lock (SQLITE_BUSY at once, busy_timeout unused).
    write.immediate();
    return result;
  }

  async delete(ids: readonly string[]): Promise<number> {
    let n = 0;
    const remove = this.db.transaction(() => {
      for (const id of ids) {
        const existing = this.stmts.find.get(id);
        if (!existing) continue;
        this.stmts.deleteFts.run(existing.rowid);
        this.stmts.deleteIpc.run(existing.rowid);
        this.stmts.deleteField.run(existing.rowid);
        this.stmts.deleteCitations.run(existing.rowid);
        this.stmts.deleteRecord.run(existing.rowid);
        n++;
      }
    });
    remove.immediate();
    return n;
  }

  async get(id: string): Promise<CauRecord | undefined> {
    const row = this.stmts.find.get(id);
    return row ? (JSON.parse(row.json) as CauRecord) : undefined;
  }

  async citationCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const id of new Set(ids)) {
      const n = this.stmts.citedBy.get(id)!.n;
      if (n > 0) out.set(id, n);
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
    if (req.ipc) where.push(ipcCondition(req.ipc, params));
    const fieldFilter = technologyFieldFilter(req);
    if (fieldFilter.length) {
      where.push(
        `r.rowid IN (SELECT rowid FROM record_field WHERE field IN (${fieldFilter.join(', ')}))`,
      );
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    let relaxed = false;
    if (plan && isRelaxable(plan)) {
      // Few records have every word: let records missing one word follow, ranked below.
      const strict = this.db
        .prepare(`SELECT count(*) AS n FROM ${from} ${whereSql}`)
        .get(params) as {
        n: number;
      };
      if (strict.n < RELAX_BELOW) {
        params.match = toFtsMatch(plan, { relaxed: true });
        relaxed = true;
      }
    }

    // The query's own technology field (the filter's, or the classifier's guess) is a boost.
    const queryFields = fieldFilter.length
      ? fieldFilter
      : req.query && this.queryFields
        ? this.queryFields(req.query)
        : [];
    const fieldMatch = queryFields.length
      ? `EXISTS (SELECT 1 FROM record_field f WHERE f.rowid = r.rowid AND f.field IN (${queryFields.map(Number).join(', ')}))`
      : '0';
    const text = plan ? `-(${RELEVANCE_SQL})` : '0';
    const base =
      `SELECT r.rowid AS rid, r.type AS type, coalesce(r.published, '') AS pub, ` +
      `${text} AS text, coalesce(r.readiness_score, 0) AS rscore, ${fieldMatch} AS fmatch ` +
      `FROM ${from} ${whereSql}`;
    // The window count gives the total in the same pass that sorts every match.
    const scored = `SELECT *, ${combineSql('text', 'rscore', 'fmatch')} AS score, count(*) OVER () AS total FROM (${base})`;

    // Every order ends with the rowid, so it is total and keyset paging never skips or repeats.
    const keys = SORT_KEYS[sort]!;
    const order = keys.map((k) => `${k.col} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
    let after = '';
    if (req.cursor) {
      const values = decodeCursor(req, req.cursor);
      if (values.length !== keys.length)
        throw new InvalidQueryError('cursor is not one Cầu issued');
      after = `WHERE ${keysetCondition(keys, values, params)}`;
    }

    try {
      const rows = this.db
        // Sort keys only, then the stored JSON of the page's rows: carrying every match's JSON
        // through the sort cost more than the search itself.
        .prepare(
          `SELECT p.*, d.json AS json FROM (SELECT * FROM (${scored}) ${after} ORDER BY ${order} LIMIT ${limit + 1}) p ` +
            `JOIN records d ON d.rowid = p.rid ORDER BY ${order.replace(/(\w+) (ASC|DESC)/g, 'p.$1 $2')}`,
        )
        .all(params) as HitRow[];
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
      const facets = req.facets ? this.facets(base, params) : undefined;
      const total =
        facets?.total ??
        rows[0]?.total ??
        (this.db.prepare(`SELECT count(*) AS n FROM (${base})`).get(params) as { n: number }).n;
      return { total, hits, facets: facets?.facets, nextCursor, ...(relaxed ? { relaxed } : {}) };
    } catch (cause) {
      if (cause instanceof Database.SqliteError && /fts5|MATCH/i.test(cause.message)) {
        // Unreachable by construction (toFtsMatch quotes every term); kept so a bug shows
        // as a clear error rather than a bare 500.
        throw new IndexUnavailableError(`search failed: ${cause.message}`, { cause });
      }
      throw cause;
    }
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

function toHit(row: HitRow, match: TermMatcher | undefined, explain: boolean): SearchHit {
  const r = JSON.parse(row.json) as CauRecord;
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    score: Math.round(row.score * 1e4) / 1e4,
    published: r.published,
    ipc: r.type === 'patent' ? r.ipc : [],
    ...(r.type === 'patent' ? { applicants: r.applicants } : { creators: r.creators }),
    lang: r.lang,
    technologyFields: r.technologyFields ?? [],
    ...(r.readiness ? { readiness: { level: r.readiness.level, score: r.readiness.score } } : {}),
    highlights: match ? highlightRecord(r, match) : {},
    ...(explain
      ? { explain: combine({ text: row.text, readiness: row.rscore, field: row.fmatch }) }
      : {}),
  };
}

/** Field numbers a request filters on: `field`, or every field of `sector`. */
function technologyFieldFilter(req: SearchRequest): number[] {
  if (req.field !== undefined) return [req.field];
  if (req.sector !== undefined) {
    const numbers = TECHNOLOGY_FIELDS.filter(
      (t) => t.sector.toLowerCase() === req.sector!.toLowerCase(),
    ).map((t) => t.number);
    if (numbers.length === 0) {
      throw new InvalidQueryError(
        `sector must be one of ${[...new Set(TECHNOLOGY_FIELDS.map((t) => t.sector))].join(', ')}`,
      );
    }
    return numbers;
  }
  return [];
}
