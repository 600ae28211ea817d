import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors';
import { FIELD_GROUPS } from '../streams';
import { COLUMNS } from './columns';

/**
 * Bump when the tables or the analysis that fills them change: an index written by another
 * version is refused with a message (re-ingest), never read with the wrong analysis.
 * v2: per-field streams (exact, stems, folded, bigrams), applicant/inventor/IPC columns.
 * v3: readiness score column, technology-field and citation tables.
 * v4: the stored JSON in its own table, so ranking reads small, densely packed record rows.
 * v5: number keys in the meta columns, canonical patent ids, research citations.
 */
export const SCHEMA_VERSION = 5;

/**
 * The relevance expression: a weighted sum of one bm25() per field group (see FIELD_GROUPS).
 * FTS5 scores are negative (better is lower), so the sum is too.
 */
export const RELEVANCE_SQL = FIELD_GROUPS.map(
  (g) =>
    `${g.weight} * bm25(fts, ${COLUMNS.map((c) => (g.fields.includes(c.field) ? c.weight : 0)).join(', ')})`,
).join(' + ');

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  published TEXT,
  readiness_score REAL
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
CREATE TABLE record_field (
  field INTEGER NOT NULL,
  rowid INTEGER NOT NULL,
  PRIMARY KEY (field, rowid)
) WITHOUT ROWID;
CREATE INDEX record_field_rowid ON record_field (rowid);
CREATE TABLE record_citation (
  cited TEXT NOT NULL,
  rowid INTEGER NOT NULL,
  PRIMARY KEY (cited, rowid)
) WITHOUT ROWID;
CREATE INDEX record_citation_rowid ON record_citation (rowid);
CREATE VIRTUAL TABLE fts USING fts5(
  ${COLUMNS.map((c) => c.name).join(', ')},
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
  prefix = '2 3'
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
