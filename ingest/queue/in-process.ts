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

type State = 'waiting' | 'active' | 'completed' | 'failed' | 'delayed';

interface Entry {
  id: string;
  data: IngestJobData;
  state: State;
  attempts: number;
  reason?: string;
}

/**
 * The embedded runner: jobs live in this process's memory and run here, with the same
 * retries, backoff and failed set as the Redis queue. Nothing survives the process; that is
 * the trade for needing no Redis (a killed `cau harvest` simply starts again from its
 * watermark).
 */
export class InProcessJobQueue implements JobQueue {
  private readonly jobs = new Map<string, Entry>();
  private readonly order: string[] = [];
  private readonly policy: RetryPolicy;
  private handler?: JobHandler;
  private concurrency = 1;
  private readonly running = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    readonly name = 'in-process',
    retry: Partial<RetryPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_RETRY, ...retry };
  }

  async add(jobs: readonly QueuedJob[]): Promise<void> {
    for (const j of jobs) {
      if (this.jobs.has(j.id)) continue;
      this.jobs.set(j.id, { id: j.id, data: j.data, state: 'waiting', attempts: 0 });
      this.order.push(j.id);
    }
    this.pump();
  }

  async counts(): Promise<QueueCounts> {
    const c: QueueCounts = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
    for (const j of this.jobs.values()) c[j.state]++;
    return c;
  }

  async failed(): Promise<FailedJob[]> {
    return [...this.jobs.values()]
      .filter((j) => j.state === 'failed')
      .map((j) => ({
        id: j.id,
        source: j.data.source,
        line: j.data.line,
        reason: j.reason ?? '',
        attempts: j.attempts,
      }));
  }

  async retry(ids: readonly string[] | 'all'): Promise<RetryResult> {
    const wanted =
      ids === 'all' ? [...this.jobs.values()].filter((j) => j.state === 'failed') : null;
    const result: RetryResult = { retried: [], notFailed: [] };
    for (const id of wanted ? wanted.map((j) => j.id) : (ids as readonly string[])) {
      const j = this.jobs.get(id);
      if (!j || j.state !== 'failed') {
        result.notFailed.push(id);
        continue;
      }
      j.state = 'waiting';
      j.attempts = 0;
      this.order.push(id);
      result.retried.push(id);
    }
    this.pump();
    return result;
  }

  work(handler: JobHandler, options: WorkOptions): QueueWorker {
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency);
    this.stopped = false;
    this.pump();
    return {
      close: async () => {
        this.stopped = true;
        await Promise.all(this.running);
      },
    };
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.running);
  }

  private pump(): void {
    const handler = this.handler;
    if (!handler || this.stopped) return;
    while (this.running.size < this.concurrency && this.order.length > 0) {
      const job = this.jobs.get(this.order.shift()!)!;
      if (job.state !== 'waiting') continue;
      job.state = 'active';
      job.attempts++;
      const run: Promise<void> = this.run(job, handler).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(job: Entry, handler: JobHandler): Promise<void> {
    try {
      await handler(job.data, { id: job.id, attempt: job.attempts });
      job.state = 'completed';
      // Done jobs keep their id (so adding them again is a no-op), not their bytes.
      job.data = { source: job.data.source, line: job.data.line, position: job.data.position };
      job.data.done = true;
    } catch (e) {
      job.reason = (e as Error)?.message ?? String(e);
      if (job.attempts >= this.policy.attempts) {
        job.state = 'failed';
        return;
      }
      job.state = 'delayed';
      const wait = this.policy.backoffMs * 2 ** (job.attempts - 1);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        job.state = 'waiting';
        this.order.push(job.id);
        this.pump();
      }, wait);
      this.timers.add(timer);
    }
  }
}
