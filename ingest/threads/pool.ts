import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { ReadinessEvidence } from '../../analyzers';
import type { CauRecord } from '../../search-index';
import type { AnalysedContent, ContentTask } from '../analyse';
import type { Analyser } from './analyser';

export type PoolRequest =
  { kind: 'content'; task: ContentTask } | { kind: 'evidence'; records: readonly CauRecord[] };
export type PoolReply = { ok: true; value: unknown } | { ok: false; message: string };

/** The default pool size: one thread per core (the writing thread needs far less than one). */
export function defaultWorkers(): number {
  return availableParallelism();
}

export interface PoolOptions {
  /** Threads, at least 1. */
  size: number;
  /** Memory limits of each thread (a thread that exceeds them stops; its task fails). */
  resourceLimits?: ResourceLimits;
}

interface Job {
  request: PoolRequest;
  resolve(value: unknown): void;
  reject(e: Error): void;
}

/**
 * The ingest threads run TypeScript like the rest of Cầu: a thread starts without its parent's
 * loader, so it registers tsx (resolved here, wherever `cau` is run from) before loading the
 * worker module.
 */
const BOOT = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
require(${JSON.stringify(join(__dirname, 'worker.ts'))});`;

/**
 * A small pool of worker threads that parse and analyse (./worker.ts). Each thread runs one
 * task at a time; tasks wait in order. A thread that dies (a crash, its memory limit) fails
 * the task it was running, with a clear error naming the file, and is replaced for the next.
 * Idle threads do not keep the process alive.
 */
export class WorkerPool implements Analyser {
  readonly parallelism: number;
  private readonly queue: Job[] = [];
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly threads = new Set<Worker>();
  private closed = false;

  constructor(private readonly options: PoolOptions) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`a worker pool needs at least one thread, not ${options.size}`);
    }
    this.parallelism = options.size;
  }

  content(task: ContentTask): Promise<AnalysedContent> {
    return this.run({ kind: 'content', task }) as Promise<AnalysedContent>;
  }

  evidence(records: readonly CauRecord[]): Promise<ReadinessEvidence[]> {
    if (records.length === 0) return Promise.resolve([]);
    return this.run({ kind: 'evidence', records }) as Promise<ReadinessEvidence[]>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const closed = new Error('the ingest threads were closed');
    for (const job of [...this.queue.splice(0), ...this.running.values()]) job.reject(closed);
    this.running.clear();
    await Promise.all([...this.threads].map((w) => w.terminate()));
    this.threads.clear();
    this.idle.length = 0;
  }

  private run(request: PoolRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the ingest threads were closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w) {
        if (this.threads.size >= this.options.size) return;
        w = this.spawn();
      }
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.ref();
      w.postMessage(job.request);
    }
  }

  private spawn(): Worker {
    const w = new Worker(BOOT, { eval: true, resourceLimits: this.options.resourceLimits });
    this.threads.add(w);
    w.on('message', (reply: PoolReply) => {
      const job = this.running.get(w);
      this.running.delete(w);
      w.unref();
      this.idle.push(w);
      if (job) {
        if (reply.ok) job.resolve(reply.value);
        else job.reject(new Error(reply.message));
      }
      this.pump();
    });
    w.on('error', (e) => this.died(w, e.message));
    w.on('exit', (code) => this.died(w, `exit code ${code}`));
    return w;
  }

  /** A thread died: its task fails, the others go on (a new thread takes the next task). */
  private died(w: Worker, how: string): void {
    if (!this.threads.delete(w)) return;
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    const job = this.running.get(w);
    this.running.delete(w);
    job?.reject(new Error(`the ingest thread working on it stopped (${how})`));
    if (!this.closed) this.pump();
  }
}
