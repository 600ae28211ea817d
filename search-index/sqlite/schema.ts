import type Database from 'better-sqlite3';
import { SchemaVersionError } from '../errors';

/** Bump when the tables or the analysis that fills them change: old indexes are then refused. */
export const SCHEMA_VERSION = 1;

/**
 * Column order of the FTS table: five fields as written (exact terms), then the same five
 * folded (no diacritics). Weights give title > claims = abstract > meta > description, and
 * a folded-only match about a third of an exact one.
 */
export const FTS_COLUMNS = ['t', 'a', 'c', 'd', 'm', 'tf', 'af', 'cf', 'df', 'mf'] as const;
export const EXACT_COLUMNS = '{t a c d m}';
export const FOLDED_COLUMNS = '{tf af cf df mf}';
export const BM25_WEIGHTS = [10, 4, 4, 1, 3, 3, 1.2, 1.2, 0.3, 1] as const;

const DDL = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  published TEXT,
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
CREATE VIRTUAL TABLE fts USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content = '',
  contentless_delete = 1,
  tokenize = "unicode61 remove_diacritics 0",
  prefix = '2 3'
);
`;

/** Creates the schema in a new database, or checks the version of an existing one. */
export function ensureSchema(db: Database.Database, path: string): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'")
    .get();
  if (!hasMeta) {
    db.transaction(() => {
      db.exec(DDL);
      db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(
        String(SCHEMA_VERSION),
      );
    })();
    return;
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    { value: string } | undefined;
  const found = Number(row?.value ?? 0);
  if (found !== SCHEMA_VERSION) throw new SchemaVersionError(found, SCHEMA_VERSION, path);
}
