import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors';
import { COLUMNS, tokenizerSpec } from './columns';

/**
 * Bump when the tables or the analysis that fills them change: an index written by another
 * version is refused with a message (re-ingest), never read with the wrong analysis.
 * v2: per-field streams (exact, stems, folded, bigrams), applicant/inventor/IPC columns.
 * v3: readiness score column, technology-field and citation tables.
 * v4: the stored JSON in its own table, so ranking reads small, densely packed record rows.
 * v5: the lean index: one folded column per field (English stems in their own), an exact column
 *     for titles and abstracts, text tokenised by SQLite; no bigrams, no prefix index; the
 *     technology fields as a bit set on the record row.
 * v6: number keys in the meta columns, canonical patent ids, research citations.
 */
export const SCHEMA_VERSION = 6;

/**
 * Ranking weights. FTS5's bm25() saturates term frequency over all the columns it is given, so
 * one bm25() over every column would let a long description full of the query words outrank a
 * title that is exactly the query. The score is therefore a weighted sum of one bm25() per group
 * of columns (each saturating on its own, like BM25F per field). The exact column is a group of
 * its own: its matches are an addition to the folded match every such record also has.
 */
export const RANK_GROUPS: readonly { columns: Readonly<Record<string, number>>; weight: number }[] =
  [
    { columns: { t: 1, te: 1 }, weight: 4 },
    { columns: { a: 1, ae: 1, c: 1, ce: 1 }, weight: 2 },
    { columns: { p: 1, i: 1, m: 1, me: 1, k: 1 }, weight: 1.5 },
    { columns: { d: 1, de: 1 }, weight: 1 },
    { columns: { xt: 2, xa: 1 }, weight: 1 },
  ];

/**
 * The relevance expression, positive (FTS5's bm25() is negative, better is lower). FTS5 computes
 * a row's phrase instances once and every bm25() call of the row reuses them, so the groups cost
 * little more than one call.
 */
export const RELEVANCE_SQL = `-(${RANK_GROUPS.map(
  (g) => `${g.weight} * bm25(fts, ${COLUMNS.map((c) => g.columns[c.name] ?? 0).join(', ')})`,
).join(' + ')})`;

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  published TEXT,
  readiness_score REAL,
  -- The record's WIPO technology fields (1–35) as bits: the field-match boost and field
  -- filters test it on the row ranking reads anyway.
  fields INTEGER NOT NULL DEFAULT 0
);
-- Kept apart from records: a search reads records' small columns for every match (filters,
-- readiness, dates), but the JSON (2–40 KB) only for the page it returns.
CREATE TABLE record_json (
  rowid INTEGER PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE INDEX records_published ON records (published);
CREATE INDEX records_type ON records (type);
CREATE TABLE record_ipc (
  code TEXT NOT NULL,
  rowid INTEGER NOT NULL,
  PRIMARY KEY (code, rowid)
) WITHOUT ROWID;
CREATE INDEX record_ipc_rowid ON record_ipc (rowid);
CREATE TABLE record_citation (
  cited TEXT NOT NULL,
  rowid INTEGER NOT NULL,
  PRIMARY KEY (cited, rowid)
) WITHOUT ROWID;
CREATE INDEX record_citation_rowid ON record_citation (rowid);
-- Contentless: the text is in record_json; no prefix index (FTS5 uses one only for prefixes of
-- exactly a configured length, and the prefix queries users type did not need it: bench/README.md).
CREATE VIRTUAL TABLE fts USING fts5(
  ${COLUMNS.map((c) => c.name).join(', ')},
  content = '',
  contentless_delete = 1,
  tokenize = "${tokenizerSpec()}"
);
`;

/** Creates the schema in a new database, or checks the version of an existing one. */
export function ensureSchema(db: Database.Database, path: string): void {
  const hasMeta = (): boolean =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !==
    undefined;
  if (!hasMeta()) {
    // IMMEDIATE and checked again inside: processes opening a new index at the same moment
    // (queue workers) take turns, and only the first creates the tables.
    db.transaction(() => {
      if (hasMeta()) return;
      db.exec(DDL);
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(
        String(SCHEMA_VERSION),
      );
    }).immediate();
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    { value: string } | undefined;
  const found = Number(row?.value ?? 0);
  if (found !== SCHEMA_VERSION) throw new SchemaVersionError(found, SCHEMA_VERSION, path);
}
