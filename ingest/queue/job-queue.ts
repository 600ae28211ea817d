/**
 * The seam between "what to ingest" and "who ingests it". Two implementations, side by side:
 * InProcessJobQueue (the embedded default: jobs run in the process that adds them) and
 * BullmqJobQueue (jobs wait in Redis and any number of `cau worker` processes run them).
 * The same handler (handlers.ts) runs in both, and contract.ts is the behaviour both pass.
 */

/**
 * One document (or one harvested page) to ingest. Jobs carry their bytes rather than a path,
 * so a worker on another machine needs no shared file system; queue.ts bounds their size.
 */
export interface IngestJobData {
  /** Where the bytes came from: the file as the user named it, or the harvest request URL. */
  source: string;
  /** 1-based line of the first byte in `source`. */
  line: number;
  /** 0-based number of the document in `source`. */
  position: number;
  /** The bytes as UTF-8 text, or… */
  text?: string;
  /** …base64, when they are not valid UTF-8 (the parser then says what is wrong with them). */
  base64?: string;
  /** Set once the job has been indexed and its bytes dropped (kept completed jobs stay small). */
  done?: true;
}

export interface QueuedJob {
  /**
   * Derived from content (file identity and document number, or a hash of the page), so
   * adding the same job twice leaves one job and indexes it once.
   */
  id: string;
  data: IngestJobData;
}

/** `cau queue status --json`: the external contract. */
export interface QueueCounts {
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface FailedJob {
  id: string;
  source: string;
  line: number;
  reason: string;
  attempts: number;
}

export interface RetryResult {
  retried: string[];
  /** Ids asked for that are not in the failed set. */
  notFailed: string[];
}

export interface JobContext {
  id: string;
  /** 1 on the first run, then 2, 3… on retries. */
  attempt: number;
}

/** Throws to fail the attempt (the queue retries it with backoff, then keeps it as failed). */
export type JobHandler = (data: IngestJobData, ctx: JobContext) => Promise<void>;

export interface WorkOptions {
  concurrency: number;
}

export interface QueueWorker {
  /** Takes no new job, lets the running ones finish, then resolves. */
  close(): Promise<void>;
}

export interface JobQueue {
  readonly name: string;
  /** Adds jobs; one whose id is already known (waiting, running, done or failed) is not added again. */
  add(jobs: readonly QueuedJob[]): Promise<void>;
  counts(): Promise<QueueCounts>;
  /** Jobs that used up their attempts, with the last reason, oldest first. */
  failed(): Promise<FailedJob[]>;
  /** Puts failed jobs back to waiting, with fresh attempts. */
  retry(ids: readonly string[] | 'all'): Promise<RetryResult>;
  /** Starts running jobs with `handler`. */
  work(handler: JobHandler, options: WorkOptions): QueueWorker;
  close(): Promise<void>;
}

export interface RetryPolicy {
  /** Runs of one job before it is failed (1 = no retry). */
  attempts: number;
  /** Wait before the first retry; doubled for each further one. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, backoffMs: 5000 };

/** Waits until nothing is waiting, running or delayed: for the embedded runner and tests. */
export async function drained(queue: JobQueue, pollMs = 50): Promise<QueueCounts> {
  for (;;) {
    const c = await queue.counts();
    if (c.waiting + c.active + c.delayed === 0) return c;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
