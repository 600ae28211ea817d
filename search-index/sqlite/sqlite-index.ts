import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { decodeCursor, encodeCursor } from '../cursor';
import { IndexUnavailableError } from '../errors';
import { highlightRecord, matcherFor } from '../highlight';
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
  type SearchResponse,
  type UpsertResult,
} from '../search-index';
import { isRelaxable, toFtsMatch } from './match';
import { COLUMNS, columnValues } from './columns';
import { RELEVANCE_SQL, ensureSchema } from './schema';

export const DB_FILE = 'cau.sqlite';

/**
 * When fewer records than this contain every required part of a query of three or more parts,
 * records missing one part are added below them (the response says `relaxed: true`).
 */
export const RELAX_BELOW = 10;

interface HitRow {
  rid: number;
  json: string;
  score: number;
  pub: string;
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
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
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
      insert: db.prepare<[string, string, string | null, string]>(
        'INSERT INTO records (id, type, published, json) VALUES (?, ?, ?, ?)',
      ),
      update: db.prepare<[string, string | null, string, number]>(
        'UPDATE records SET type = ?, published = ?, json = ? WHERE rowid = ?',
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
    this.db.transaction(() => {
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
          this.stmts.update.run(r.type, r.published ?? null, json, rowid);
          this.stmts.deleteFts.run(rowid);
          this.stmts.deleteIpc.run(rowid);
          result.updated++;
        } else {
          rowid = Number(
            this.stmts.insert.run(r.id, r.type, r.published ?? null, json).lastInsertRowid,
          );
          result.inserted++;
        }
        this.stmts.insertFts.run(rowid, ...columnValues(r));
        if (r.type === 'patent') for (const code of r.ipc) this.stmts.insertIpc.run(code, rowid);
      }
    })();
    return result;
  }

  async delete(ids: readonly string[]): Promise<number> {
    let n = 0;
    this.db.transaction(() => {
      for (const id of ids) {
        const existing = this.stmts.find.get(id);
        if (!existing) continue;
        this.stmts.deleteFts.run(existing.rowid);
        this.stmts.deleteIpc.run(existing.rowid);
        this.stmts.deleteRecord.run(existing.rowid);
        n++;
      }
    })();
    return n;
  }

  async get(id: string): Promise<CauRecord | undefined> {
    const row = this.stmts.find.get(id);
    return row ? (JSON.parse(row.json) as CauRecord) : undefined;
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
    let score = '0';
    const plan = parsed && planQuery(parsed, this.translate);
    if (plan) {
      from = 'fts JOIN records r ON r.rowid = fts.rowid';
      where.push('fts MATCH @match');
      params.match = toFtsMatch(plan);

      score = RELEVANCE_SQL;
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
    const base = `SELECT r.rowid AS rid, r.type AS type, r.json AS json, ${score} AS score, coalesce(r.published, '') AS pub FROM ${from} ${whereSql}`;

    // Relevance: bm25 ascending (FTS5 scores are negative, best first); date: newest first.
    // The rowid breaks ties, so the order is total and keyset paging never skips or repeats.
    const order = sort === 'relevance' ? 'score ASC, rid ASC' : 'pub DESC, rid ASC';
    let after = '';
    if (req.cursor) {
      const [k, rid] = decodeCursor(req, req.cursor);
      params.ck = k as string | number;
      params.crid = Number(rid);
      after =
        sort === 'relevance'
          ? 'WHERE score > @ck OR (score = @ck AND rid > @crid)'
          : 'WHERE pub < @ck OR (pub = @ck AND rid > @crid)';
    }

    try {
      const rows = this.db
        .prepare(`SELECT * FROM (${base}) ${after} ORDER BY ${order} LIMIT ${limit + 1}`)
        .all(params) as HitRow[];
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > limit && last
          ? encodeCursor(req, [sort === 'relevance' ? last.score : last.pub, last.rid])
          : undefined;
      const match = plan ? matcherFor(plan.root) : undefined;
      const hits = page.map((row) => toHit(row, match));
      const facets = req.facets ? this.facets(base, params) : undefined;
      const total = facets
        ? facets.total
        : (this.db.prepare(`SELECT count(*) AS n FROM (${base})`).get(params) as { n: number }).n;
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
           FROM m JOIN record_ipc i ON i.rowid = m.rid GROUP BY 2`,
      )
      .all(params) as { f: string; v: string | null; n: number }[];
    const facets: Facets = { type: [], ipcSection: [], ipcSubclass: [], year: [] };
    let total = 0;
    for (const { f, v, n } of rows) {
      if (f === 'total') total = n;
      else (facets[f as keyof Facets] as FacetValue[]).push({ value: v ?? '', count: n });
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

function toHit(row: HitRow, match: ReturnType<typeof matcherFor> | undefined): SearchHit {
  const r = JSON.parse(row.json) as CauRecord;
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    score: row.score === 0 ? 0 : Math.round(-row.score * 1e4) / 1e4,
    published: r.published,
    ipc: r.type === 'patent' ? r.ipc : [],
    ...(r.type === 'patent' ? { applicants: r.applicants } : { creators: r.creators }),
    lang: r.lang,
    highlights: match ? highlightRecord(r, match) : {},
  };
}
