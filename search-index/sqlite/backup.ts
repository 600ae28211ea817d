import {
  closeSync,
  mkdirSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CauError } from '../errors';
import { SCHEMA_VERSION } from './schema';
import { DB_FILE } from './sqlite-index';

/**
 * Backup and restore of the embedded index, on their own connections to the index file and
 * through SQLite's online backup API, so that `cau serve` and `cau ingest` may keep running:
 * a backup copies one consistent snapshot (WAL: readers never block the writer, nor it them);
 * a restore writes the pages through SQLite's own locking, so a server sees the restored index
 * at its next read. Both check what they produce before anyone relies on it.
 */

/** The index file in a data dir; its name is part of the on-disk contract. */
const INDEX_FILE = DB_FILE;
/** The FTS5 table whose own structure check runs after SQLite's. */
const FTS_TABLE = 'fts';

/** A backup or restore that could not be done; nothing already stored was changed. */
export class BackupError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('backup_failed', message, options);
  }
}

/** The user asked to replace something that exists without --force (a usage error, exit 2). */
export class WouldOverwriteError extends CauError {
  constructor(message: string) {
    super('would_overwrite', message);
  }
}

export interface IndexCheck {
  /** Whether SQLite's integrity_check and the FTS5 integrity-check both passed. */
  ok: boolean;
  problems: string[];
  schemaVersion: number;
  records: number;
}

export interface BackupResult {
  file: string;
  records: number;
  bytes: number;
  seconds: number;
}

export interface RestoreResult {
  from: string;
  dataDir: string;
  records: number;
  /** Records the index held before (undefined: there was no index). */
  replaced?: number;
  seconds: number;
}

const SQLITE_HEADER = 'SQLite format 3\0';

function isSqliteFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    return readSync(fd, buf, 0, 16, 0) === 16 && buf.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs SQLite's integrity_check and FTS5's integrity-check on an open index and reads its
 * schema version and record count. The FTS check is an INSERT that changes nothing: the
 * connection must be writable.
 */
export function checkIndex(db: Database.Database): IndexCheck {
  const problems: string[] = [];
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  if (!(rows.length === 1 && rows[0]!.integrity_check === 'ok')) {
    problems.push(...rows.slice(0, 10).map((r) => `integrity_check: ${r.integrity_check}`));
  }
  const hasTable = (name: string): boolean =>
    db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;
  let schemaVersion = 0;
  let records = 0;
  if (!hasTable('meta') || !hasTable('records') || !hasTable(FTS_TABLE)) {
    problems.push('not a Cầu index: its tables are missing');
  } else {
    try {
      db.prepare(`INSERT INTO ${FTS_TABLE}(${FTS_TABLE}) VALUES ('integrity-check')`).run();
    } catch (e) {
      problems.push(`fts integrity-check: ${(e as Error).message}`);
    }
    try {
      const v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
        { value: string } | undefined;
      schemaVersion = Number(v?.value ?? 0);
      records = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return { ok: problems.length === 0, problems, schemaVersion, records };
}

/** Opens a file and checks it; SQLite errors (not a database, unreadable) become problems. */
export function checkIndexFile(path: string): IndexCheck {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return checkIndex(db);
  } catch (e) {
    return { ok: false, problems: [(e as Error).message], schemaVersion: 0, records: 0 };
  } finally {
    db?.close();
  }
}

/**
 * Copies all pages of `from` into the file `to` through the backup API: after a first step
 * that only sizes the copy, one step copies every page inside one read transaction, so the
 * copy is one consistent snapshot even while another process writes. A step that found the
 * destination busy reports no pages at all; it is retried (better-sqlite3 would otherwise
 * take it for a finished copy).
 */
async function copyPages(from: Database.Database, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const done = await from.backup(to, { progress: ({ totalPages }) => Math.max(totalPages, 1) });
    if (done.totalPages > 0) return;
    if (attempt >= 50) throw new Error('the destination stayed locked by another writer');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeSqliteFile(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

function describe(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = (e as Error).message ?? String(e);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EFBIG') {
    return `the disk is full (or a file-size limit was reached): ${message}`;
  }
  return message;
}

/**
 * `cau backup <file>`: a consistent copy of the index in `dataDir`, checked (integrity,
 * schema version), in rollback-journal mode (one self-contained file), written under a
 * temporary name and renamed into place only once checked: an interrupted backup never
 * leaves a file that looks complete.
 */
export async function backupIndex(
  dataDir: string,
  file: string,
  options: { force?: boolean } = {},
): Promise<BackupResult> {
  const started = performance.now();
  const source = join(resolve(dataDir), INDEX_FILE);
  const target = resolve(file);
  if (!existsSync(source)) {
    throw new BackupError(
      `backup: there is no index in ${resolve(dataDir)} (CAU_DATA_DIR) to back up`,
    );
  }
  if (
    target === source ||
    (basename(target).startsWith(`${INDEX_FILE}-`) && dirname(target) === dirname(source))
  ) {
    throw new BackupError(
      'backup: the backup file must not be the index itself or one of its files',
    );
  }
  if (existsSync(target) && !options.force) {
    throw new WouldOverwriteError(
      `backup: ${target} already exists; allowed: a new file name, or --force to replace it`,
    );
  }
  if (!existsSync(dirname(target))) {
    throw new BackupError(`backup: the folder ${dirname(target)} does not exist`);
  }
  const partial = `${target}.partial-${process.pid}`;
  let db: Database.Database | undefined;
  try {
    db = new Database(source, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    await copyPages(db, partial);
    db.close();
    db = undefined;
    const copy = new Database(partial);
    let check: IndexCheck;
    try {
      // One file, no WAL beside it: what a user copies elsewhere is then the whole backup.
      copy.pragma('journal_mode = DELETE');
      check = checkIndex(copy);
    } finally {
      copy.close();
    }
    if (!check.ok) {
      throw new BackupError(
        `backup: the copy failed its check, the index itself may be damaged: ${check.problems.join('; ')}`,
      );
    }
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(dirname(target));
    return {
      file: target,
      records: check.records,
      bytes: statSync(target).size,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (e) {
    removeSqliteFile(partial);
    if (e instanceof CauError) throw e;
    throw new BackupError(`backup to ${target} failed: ${describe(e)}`, { cause: e });
  } finally {
    db?.close();
  }
}

/**
 * `cau restore <file>`: checks the backup (a copy of it, staged in the data dir, so the
 * user's file is never written to and the disk space is proven), then writes its pages into
 * the index through the backup API. An index that holds records is replaced only with
 * `force`. A running `cau serve` sees the restored index at its next request.
 */
export async function restoreIndex(
  dataDir: string,
  file: string,
  options: { force?: boolean } = {},
): Promise<RestoreResult> {
  const started = performance.now();
  const from = resolve(file);
  const dir = resolve(dataDir);
  const target = join(dir, INDEX_FILE);
  if (!existsSync(from)) throw new BackupError(`restore: ${from} does not exist`);
  if (from === target) throw new BackupError('restore: that file is the index itself');
  if (!isSqliteFile(from)) {
    throw new BackupError(`restore: ${from} is not a Cầu backup (not an SQLite database)`);
  }
  let replaced: number | undefined;
  if (existsSync(target)) {
    const current = new Database(target, { fileMustExist: true });
    try {
      current.pragma('busy_timeout = 5000');
      replaced = (current.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } catch {
      replaced = undefined; // not a readable index: nothing in it to protect
    } finally {
      current.close();
    }
    if (replaced !== undefined && replaced > 0 && !options.force) {
      throw new WouldOverwriteError(
        `restore: the index in ${dir} holds ${replaced} records; allowed: --force to replace them with the backup`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  const staged = join(dir, `${INDEX_FILE}.restore-${process.pid}`);
  let db: Database.Database | undefined;
  try {
    copyFileSync(from, staged);
    let check: IndexCheck;
    try {
      db = new Database(staged, { fileMustExist: true });
      db.pragma('journal_mode = DELETE');
      check = checkIndex(db);
    } catch (e) {
      // SQLite stops at the first damaged page it meets (even before the checks).
      check = { ok: false, problems: [(e as Error).message], schemaVersion: 0, records: 0 };
    }
    if (!check.ok) {
      throw new BackupError(
        `restore: ${from} failed its check, nothing was changed: ${check.problems.join('; ')}`,
      );
    }
    if (check.schemaVersion !== SCHEMA_VERSION) {
      throw new BackupError(
        `restore: ${from} has schema version ${check.schemaVersion}, this Cầu needs ${SCHEMA_VERSION}: ` +
          'nothing was changed; ingest the sources again instead (docs/operations.md, "Upgrades")',
      );
    }
    await copyPages(db!, target);
    db!.close();
    db = undefined;
    const after = new Database(target, { fileMustExist: true });
    let records: number;
    try {
      after.pragma('busy_timeout = 5000');
      after.pragma('journal_mode = WAL');
      records = (after.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      after.close();
    }
    if (records !== check.records) {
      throw new BackupError(
        `restore: the index holds ${records} records after the restore, the backup ${check.records}`,
      );
    }
    return { from, dataDir: dir, records, replaced, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    if (e instanceof CauError) throw e;
    throw new BackupError(`restore from ${from} failed: ${describe(e)}`, { cause: e });
  } finally {
    db?.close();
    removeSqliteFile(staged);
  }
}
