import { IndexUnavailableError } from '../errors';

/**
 * The index file itself cannot be opened, read or written (read-only folder, full disk,
 * file-size limit, I/O error, damage). Unlike a bad document, no other file of an ingest can
 * succeed either, so an ingest stops at the first one; SQLite has rolled the unfinished
 * transaction back, so the index holds whole, committed batches only.
 */
export class IndexStorageError extends IndexUnavailableError {}

/** What each SQLite (or system) error code means for the person running Cầu, as data. */
const STORAGE_CODES: [RegExp, string][] = [
  [/^(SQLITE_FULL|ENOSPC|EFBIG)/, 'the disk is full (or a file-size limit was reached)'],
  [/^(SQLITE_READONLY|EROFS)/, 'the index is read-only (a read-only folder, file or mount)'],
  [
    /^(SQLITE_CANTOPEN|EACCES|EPERM)/,
    'the index cannot be opened (permissions, or a missing folder)',
  ],
  [/^SQLITE_IOERR_WRITE/, 'writing failed (a full disk, a file-size limit or a device error)'],
  [/^SQLITE_IOERR/, 'an input/output error'],
  [
    /^(SQLITE_CORRUPT|SQLITE_NOTADB)/,
    'the index file is damaged: restore it from a backup (cau restore)',
  ],
  [/^SQLITE_BUSY/, 'another process held the write lock for too long'],
];

/** The storage error for a low-level error, or undefined when it is not one. */
export function storageError(e: unknown, dataDir: string): IndexStorageError | undefined {
  const code = String((e as { code?: unknown })?.code ?? '');
  const meaning = STORAGE_CODES.find(([re]) => re.test(code))?.[1];
  if (!meaning) return undefined;
  return new IndexStorageError(
    `cannot use the index in ${dataDir}: ${meaning} (${code}: ${(e as Error).message}). ` +
      'Nothing of the unfinished write was kept; committed records are whole.',
    { cause: e },
  );
}

/** Runs `fn`; a storage failure becomes an IndexStorageError, anything else passes. */
export function guardStorage<T>(dataDir: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw storageError(e, dataDir) ?? e;
  }
}
