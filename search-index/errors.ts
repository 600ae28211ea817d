/**
 * The base of every error Cầu raises on purpose. `code` is stable and machine-readable: the API
 * puts it in `{ error: { code, message } }`, and the one HTTP middleware maps it to a status.
 * Errors from below are kept as `cause`, so a log shows the whole chain.
 */
export class CauError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A request the caller can fix: bad parameter, malformed query, foreign cursor. */
export class InvalidQueryError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_query', message, options);
  }
}

export class RecordNotFoundError extends CauError {
  constructor(readonly id: string) {
    super('not_found', `no record with id ${JSON.stringify(id)}`);
  }
}

/** The index on disk was written by a different schema version of Cầu. */
export class SchemaVersionError extends CauError {
  constructor(
    found: number | string,
    expected: number,
    path: string,
    fix = 'move it aside (or delete it) and ingest again',
  ) {
    super(
      'schema_version',
      `index at ${path} has schema version ${found}, this Cầu needs ${expected}: ${fix}`,
    );
  }
}

/** The engine behind the index failed or is unreachable; the request may succeed later. */
export class IndexUnavailableError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('index_unavailable', message, options);
  }
}

/** Elasticsearch refused a request for a reason retrying will not fix (a bug on our side). */
export class IndexRequestError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('index_error', message, options);
  }
}

/** The engine in use cannot do what was asked (e.g. `cau reindex` on the embedded index). */
export class NotSupportedError extends CauError {
  constructor(message: string) {
    super('not_supported', message);
  }
}

/** A reindex stopped before swapping the alias (the previous index still serves). */
export class ReindexError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('reindex_failed', message, options);
  }
}

/**
 * A write inside SearchIndex.batch() failed, so the whole batch was rolled back; the writes
 * can be redone one by one (the cause is the write's own error).
 */
export class BatchFailedError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('batch_failed', message, options);
  }
}
