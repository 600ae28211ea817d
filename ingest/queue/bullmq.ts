import { Queue, Worker, type Job } from 'bullmq';
import IORedis, { type RedisOptions } from 'ioredis';
import { QueueUnavailableError } from '../errors';
import {
  DEFAULT_RETRY,
  type FailedJob,
  type IngestJobData,
  type JobHandler,
  type JobQueue,
  type QueueCounts,
  type QueuedJob,
  type QueueWorker,
  type RetryPolicy,
  type RetryResult,
  type WorkOptions,
} from './job-queue';

export interface BullmqOptions {
  url: string;
  name: string;
  retry?: Partial<RetryPolicy>;
  /**
   * How long a worker's hold on a job lasts without renewal (renewed at half this while the
   * worker lives). A killed worker's job is taken back after at most lockMs + stalledMs.
   */
  lockMs?: number;
  /** How often workers look for jobs whose holder died (stalled jobs) and put them back. */
  stalledMs?: number;
  /** Bound on connecting to Redis: past it, a clear error instead of a hang. */
  connectTimeoutMs?: number;
}

export const DEFAULT_LOCK_MS = 30_000;
export const DEFAULT_STALLED_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

const JOB_NAME = 'ingest';

/** Where the password would be, so error messages never print it. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Jobs in Redis through BullMQ: any number of `cau worker` processes, on any machines that
 * reach the same Redis, take jobs from the same queue. Jobs are kept after completion (without
 * their bytes) so that their ids keep deduplicating and `completed` counts every job done.
 */
export class BullmqJobQueue implements JobQueue {
  readonly name: string;
  private readonly queue: Queue;
  private readonly connection: IORedis;
  private readonly workers = new Set<Worker>();
  private readonly policy: RetryPolicy;

  private constructor(
    private readonly options: BullmqOptions,
    connection: IORedis,
  ) {
    this.name = options.name;
    this.connection = connection;
    this.policy = { ...DEFAULT_RETRY, ...options.retry };
    this.queue = new Queue(options.name, { connection });
    this.queue.on('error', () => {
      // Reconnection is ioredis's job; a failing command rejects where it was called.
    });
  }

  /** Connects (bounded by connectTimeoutMs) or throws QueueUnavailableError. */
  static async connect(options: BullmqOptions): Promise<BullmqJobQueue> {
    const connection = await connectRedis(options.url, options.connectTimeoutMs);
    return new BullmqJobQueue(options, connection);
  }

  async add(jobs: readonly QueuedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: JOB_NAME,
        data: j.data,
        opts: {
          jobId: j.id,
          attempts: this.policy.attempts,
          backoff: { type: 'exponential', delay: this.policy.backoffMs },
          removeOnComplete: false,
          removeOnFail: false,
        },
      })),
    );
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts(
      'waiting',
      'active',
      'completed',
      'failed',
      'delayed',
      'prioritized',
    );
    return {
      // BullMQ keeps prioritised jobs apart; to a user they are waiting too.
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      completed: c.completed ?? 0,
      failed: c.failed ?? 0,
      delayed: c.delayed ?? 0,
    };
  }

  async failed(): Promise<FailedJob[]> {
    const jobs = (await this.queue.getFailed(0, -1)) as Job<IngestJobData>[];
    return jobs
      .filter((j): j is Job<IngestJobData> & { id: string } => j?.id !== undefined)
      .map((j) => ({
        id: j.id,
        source: j.data.source,
        line: j.data.line,
        reason: j.failedReason ?? '',
        attempts: j.attemptsMade,
      }))
      .reverse();
  }

  async retry(ids: readonly string[] | 'all'): Promise<RetryResult> {
    const result: RetryResult = { retried: [], notFailed: [] };
    const wanted = ids === 'all' ? (await this.failed()).map((f) => f.id) : ids;
    for (const id of wanted) {
      const job = await this.queue.getJob(id);
      if (!job || (await job.getState()) !== 'failed') {
        result.notFailed.push(id);
        continue;
      }
      await (job as Job).retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      result.retried.push(id);
    }
    return result;
  }

  work(handler: JobHandler, options: WorkOptions): QueueWorker {
    const worker = new Worker<IngestJobData>(
      this.name,
      async (job) => {
        if (job.data.done) return; // indexed before its worker died, before it could say so
        await handler(job.data, { id: job.id!, attempt: job.attemptsMade + 1 });
        // Kept completed jobs need only their id and origin, not megabytes of document.
        const { source, line, position } = job.data;
        await job.updateData({ source, line, position, done: true });
      },
      {
        // Blocking commands need their own connection, and one that never gives up.
        connection: this.connection.duplicate({ maxRetriesPerRequest: null }),
        concurrency: Math.max(1, options.concurrency),
        lockDuration: this.options.lockMs ?? DEFAULT_LOCK_MS,
        stalledInterval: this.options.stalledMs ?? DEFAULT_STALLED_MS,
      },
    );
    worker.on('error', (e) => {
      process.stderr.write(`cau worker: ${e.message}\n`);
    });
    this.workers.add(worker);
    return {
      close: async () => {
        // Not forced: the running jobs finish (and are marked completed or failed) first.
        await worker.close();
        this.workers.delete(worker);
        await (worker.opts.connection as IORedis).quit().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.close()));
    await this.queue.close();
    await this.connection.quit().catch(() => undefined);
  }
}

async function connectRedis(url: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<IORedis> {
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 3,
    // Once up, reconnect forever with a capped delay; a Redis restart must not kill workers.
    retryStrategy: (times) => Math.min(times * 200, 5000),
  };
  const client = new IORedis(url, options);
  let lastError: Error | undefined;
  client.on('error', (e: Error) => {
    // Kept for the message below (connect() itself only says the connection closed).
    lastError = e;
  });
  const timer = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs} ms`)),
      timeoutMs + 500,
    ).unref(),
  );
  try {
    await Promise.race([client.connect().then(() => client.ping()), timer]);
  } catch (cause) {
    client.disconnect();
    throw new QueueUnavailableError(
      `cannot reach Redis at ${safeUrl(url)}: ${(lastError ?? (cause as Error)).message}`,
      { cause },
    );
  }
  return client;
}
