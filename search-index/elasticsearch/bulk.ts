import { setTimeout as sleep } from 'node:timers/promises';
import { IndexUnavailableError } from '../errors';
import { call, reason } from './client';
import type { Cluster } from './cluster';
import type { EsDocument } from './document';

export interface BulkOptions {
  /** A bulk request is sent when its body reaches this many bytes. */
  flushBytes: number;
  /** Bulk requests in flight at once. */
  concurrency: number;
  /** Rounds of retries for documents refused with 429 or 503. */
  retries: number;
  /** Wait before the first retry round; doubled each round. */
  backoffMs: number;
}

/**
 * Defaults sized for a small cluster: 5 MB bodies are Elastic's advice, two requests in flight
 * keep a single node busy without queueing. Five doubling waits from 0.5 s give up after
 * about 15 s of refusals, long enough for a merge or a GC pause to pass.
 */
export const DEFAULT_BULK: BulkOptions = {
  flushBytes: 5_000_000,
  concurrency: 2,
  retries: 5,
  backoffMs: 500,
};

/** Statuses that say "not now" rather than "not this document". */
const RETRYABLE = new Set([429, 502, 503, 504]);

export interface Rejection {
  document: EsDocument;
  status: number;
  reason: string;
}

/**
 * Indexes documents with the client's bulk helper (bounded body size and concurrency). The helper's own
 * 429 retry waits a fixed time and knows nothing of 503, so it is off: each round collects the
 * documents refused with a retryable status and sends them again after a doubling wait.
 * Documents refused for themselves (a mapping error, a date Elasticsearch cannot read) are
 * returned, never dropped: the caller writes them to the dead-letter file. A cluster that
 * keeps refusing after every round is IndexUnavailableError (documents already written stay:
 * upsert is idempotent, so the run can simply be repeated).
 */
export async function bulkIndex(
  cluster: Cluster,
  index: string,
  documents: EsDocument[],
  options: BulkOptions,
): Promise<{ indexed: number; rejected: Rejection[] }> {
  let pending = documents;
  let indexed = 0;
  const rejected: Rejection[] = [];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) {
      if (round > options.retries) {
        throw new IndexUnavailableError(
          `${cluster.label} still refused ${pending.length} document(s) as overloaded ` +
            `after ${options.retries} retries; nothing was lost, run the ingest again later`,
        );
      }
      await sleep(options.backoffMs * 2 ** (round - 1));
    }
    const retry: EsDocument[] = [];
    const stats = await call(cluster, 'bulk indexing', () =>
      cluster.bulkIndex<EsDocument>({
        index,
        documents: pending,
        id: (d) => d.id,
        flushBytes: options.flushBytes,
        concurrency: options.concurrency,
        onDrop: (drop) => {
          if (RETRYABLE.has(drop.status)) retry.push(drop.document);
          else
            rejected.push({
              document: drop.document,
              status: drop.status,
              reason: reason({ error: drop.error ?? undefined }),
            });
        },
      }),
    );
    indexed += stats.successful;
    pending = retry;
  }
  return { indexed, rejected };
}
