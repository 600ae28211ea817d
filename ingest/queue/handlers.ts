import type { SearchIndex } from '../../search-index';
import { JobFailedError } from '../errors';
import { ingestContent, type IngestSummary } from '../pipeline';
import type { IngestJobData, JobHandler } from './job-queue';
import type { Analyser } from '../threads/analyser';

export interface HandlerOptions {
  /** Date readiness ages are measured against (default: 1 January of this year). */
  asOf?: string;
  /** Where documents are parsed and analysed (the worker's threads); default: this thread. */
  analyser?: Analyser;
  /** Told about each job's outcome, for logs. */
  onDone?: (data: IngestJobData, summary: IngestSummary) => void;
}

export function jobBytes(data: IngestJobData): Buffer | undefined {
  if (data.text !== undefined) return Buffer.from(data.text, 'utf8');
  if (data.base64 !== undefined) return Buffer.from(data.base64, 'base64');
  return undefined;
}

/**
 * The one ingest handler both queues run: the job's document is parsed, enriched and upserted
 * by id (so a job run twice, after a crash or a retry, stores the same records once). A
 * document with a problem still gets its readable records indexed, then the job fails with
 * the problem (file:line and reason), so the queue retries it and finally keeps it as failed.
 */
export function ingestHandler(index: SearchIndex, options: HandlerOptions = {}): JobHandler {
  return async (data) => {
    const bytes = jobBytes(data);
    if (!bytes)
      throw new JobFailedError(`${data.source}:${data.line}: the job carries no document`);
    const summary = await ingestContent(data.source, bytes, index, {
      asOf: options.asOf,
      origin: { line: data.line, position: data.position },
      analyser: options.analyser,
    });
    if (summary.failures.length > 0) {
      throw new JobFailedError(summary.failures.map((f) => f.reason).join('; '));
    }
    options.onDone?.(data, summary);
  };
}

/** The job payload for some bytes: text when they are UTF-8, so Redis holds them once, not base64. */
export function jobPayload(bytes: Buffer): Pick<IngestJobData, 'text' | 'base64'> {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { base64: bytes.toString('base64') };
  }
}
