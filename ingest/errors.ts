import { CauError } from '../search-index';

export interface Where {
  file: string;
  line?: number;
  column?: number;
  cause?: unknown;
}

function locate(where: Where): string {
  if (where.line === undefined) return where.file;
  return `${where.file}:${where.line}${where.column === undefined ? '' : `:${where.column}`}`;
}

/** Base of errors about one source document: they always name the file, and the line when known. */
export class SourceError extends CauError {
  readonly file: string;
  readonly line?: number;

  constructor(code: string, message: string, where: Where) {
    super(code, `${locate(where)}: ${message}`, { cause: where.cause });
    this.file = where.file;
    this.line = where.line;
  }
}

/** Not well-formed XML: truncated, binary junk, mismatched tags. */
export class MalformedDocumentError extends SourceError {
  constructor(message: string, where: Where) {
    super('malformed_document', `malformed XML: ${message}`, where);
  }
}

/** Not valid JSON (a truncated line of a JSON Lines file, a cut-off API page). */
export class MalformedJsonError extends SourceError {
  constructor(message: string, where: Where) {
    super('malformed_document', `malformed JSON: ${message}`, where);
  }
}

/** Compressed data that cannot be read to its end: a truncated or half-written .gz file. */
export class CorruptArchiveError extends SourceError {
  constructor(message: string, where: Where) {
    super('corrupt_archive', message, where);
  }
}

/**
 * Text too long to hold as one string (V8 caps a string near 512 MB): a file, or a gzipped
 * file's content, that is not a concatenation of XML documents `cau ingest` can read one by one.
 */
export class TooLargeError extends SourceError {
  constructor(message: string, where: Where) {
    super('too_large', message, where);
  }
}

/** Well-formed, but no parser claims its root element (or it is not XML at all). */
export class UnknownFormatError extends SourceError {
  constructor(what: string, where: Where) {
    super('unknown_format', `unknown format: ${what}`, where);
  }
}

/**
 * Valid JSON of no shape any format has (a settings file, judged queries): inside a folder it is
 * something beside the data, like a README, and the file is skipped rather than failed.
 */
export class ForeignJsonError extends UnknownFormatError {}

/** Recognised format, but a field every record needs (its number, its identifier) is missing. */
export class InvalidRecordError extends SourceError {
  constructor(message: string, where: Where) {
    super('invalid_record', message, where);
  }
}

/**
 * An OAI-PMH response that reports a protocol error (badArgument, badResumptionToken,
 * cannotDisseminateFormat…) instead of records. `oaiCode` is the repository's own code.
 */
export class OaiProtocolError extends SourceError {
  readonly oaiCode: string;

  constructor(oaiCode: string, message: string, where: Where) {
    super('oai_protocol_error', `OAI-PMH error ${oaiCode}${message ? `: ${message}` : ''}`, where);
    this.oaiCode = oaiCode;
  }
}

/** `--queue` was asked for but no queue is configured: a usage error (exit 2). */
export class QueueNotConfiguredError extends CauError {
  constructor(what: string) {
    super(
      'queue_not_configured',
      `${what} needs REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379); without it, leave out --queue to ingest in this process`,
    );
  }
}

/** Redis did not answer (down, wrong address, refused): nothing was enqueued or changed. */
export class QueueUnavailableError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('queue_unavailable', message, options);
  }
}

/** A queued job whose content could not be (fully) ingested; the queue retries it, then keeps it as failed. */
export class JobFailedError extends CauError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('job_failed', message, options);
  }
}

/** A queued `cau queue retry <id>` named a job that is not in the failed set. */
export class JobNotFoundError extends CauError {
  constructor(ids: readonly string[]) {
    super('job_not_found', `not in the failed set: ${ids.join(', ')}`);
  }
}

/**
 * A harvest that could not finish (the repository kept failing, refused a request, or asked
 * to wait longer than allowed). Pages already ingested stay; the watermark is not moved, so
 * the next run asks again for everything this one may have missed.
 */
export class HarvestError extends CauError {
  readonly url: string;

  constructor(url: string, message: string, options?: { cause?: unknown }) {
    super('harvest_failed', `${url}: ${message}`, options);
    this.url = url;
  }
}
