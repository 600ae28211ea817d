import { relative } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { SearchIndex } from '../../search-index';
import { JobNotFoundError, QueueNotConfiguredError } from '../errors';
import { enqueuePaths } from './enqueue';
import { GroupCommitIndex } from './group-commit';
import { ingestHandler } from './handlers';
import { WorkerPool } from '../threads/pool';
import type { JobQueue } from './job-queue';

export interface QueueCliContext {
  openIndex(): SearchIndex;
  /** The Redis queue; undefined when REDIS_URL is not set. */
  openQueue?: () => Promise<JobQueue>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  setExitCode(code: number): void;
  /** Threads that parse and analyse (CAU_INGEST_WORKERS); absent or 0: the main thread does. */
  ingestWorkers?: number;
  /** `cau worker`'s metrics (CAU_METRICS_PORT): told each job's outcome. */
  observeWorker?: (queue: JobQueue) => Promise<WorkerObserver>;
}

export interface WorkerObserver {
  jobDone(counts: { inserted: number; updated: number; unchanged: number; deleted: number }): void;
  jobFailed(): void;
  close(): Promise<void>;
}

/**
 * Jobs a worker runs at once. SQLite writes are serial anyway; running a few jobs together
 * lets their writes be committed as one (measured: 300 documents 24.7 s one by one, 10.2 s
 * at 4, 11.1–11.4 s at 8 or 16, against 13.2 s for the whole file in-process).
 */
export const DEFAULT_CONCURRENCY = 4;

export function positiveInt(raw: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 1000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 1000');
  }
  return n;
}

export async function withQueue<T>(
  ctx: QueueCliContext,
  what: string,
  fn: (queue: JobQueue) => Promise<T>,
): Promise<T> {
  if (!ctx.openQueue) throw new QueueNotConfiguredError(what);
  const queue = await ctx.openQueue();
  try {
    return await fn(queue);
  } finally {
    await queue.close();
  }
}

/** `cau ingest --queue`: split and enqueue, then return; workers do the indexing. */
export async function enqueueCommand(
  paths: string[],
  json: boolean,
  ctx: QueueCliContext,
): Promise<void> {
  await withQueue(ctx, 'cau ingest --queue', async (queue) => {
    const before = await queue.counts();
    const summary = await enqueuePaths(paths, queue, {
      onFile: (file, documents, failed) =>
        ctx.stderr.write(
          `${relative(process.cwd(), file) || file}: ${failed ? 'FAILED' : `${documents} document${documents === 1 ? '' : 's'} queued`}\n`,
        ),
    });
    const after = await queue.counts();
    // Known ids are not added again: the growth of the queue is what is new (other enqueuers
    // running at the same moment would be counted too).
    const total = (c: typeof after): number => Object.values(c).reduce((a, b) => a + b, 0);
    const added = Math.max(0, total(after) - total(before));
    for (const f of summary.failures) ctx.stderr.write(`error: ${f.reason}\n`);
    const out = { ...summary, queue: queue.name, jobsAdded: added };
    ctx.stdout.write(
      json
        ? `${JSON.stringify(out)}\n`
        : `files:   ${summary.files} (${summary.filesFailed} failed)\n` +
            `queued:  ${summary.documents} documents on "${queue.name}", ${added} new jobs ` +
            `(${summary.documents - added} already queued or done)\n` +
            `time:    ${summary.seconds.toFixed(2)} s\n`,
    );
    ctx.setExitCode(summary.filesFailed > 0 ? 1 : 0);
  });
}

export function registerQueueCommands(program: Command, ctx: QueueCliContext): void {
  program
    .command('worker')
    .description('run queued ingest jobs (REDIS_URL) into the configured index until SIGTERM')
    .option(
      '--concurrency <n>',
      'jobs run at once; their writes share one transaction (group commit)',
      positiveInt,
      DEFAULT_CONCURRENCY,
    )
    .action(async (opts: { concurrency: number }) => {
      await withQueue(ctx, 'cau worker', async (queue) => {
        // A few milliseconds of waiting lets the running jobs' writes share one transaction.
        const index = new GroupCommitIndex(ctx.openIndex(), {
          maxOps: opts.concurrency,
          maxWaitMs: 5,
        });
        const log = (m: string): boolean => ctx.stderr.write(`${m}\n`);
        const observer = await ctx.observeWorker?.(queue);
        // Jobs parse in threads, so running jobs really run at once; more threads than jobs
        // would idle.
        const threads = Math.min(ctx.ingestWorkers ?? 0, opts.concurrency);
        const analyser = threads > 0 ? new WorkerPool({ size: threads }) : undefined;
        const handler = ingestHandler(index, {
          analyser,
          onDone: (d, s) => {
            observer?.jobDone(s);
            log(`done ${d.source}:${d.line} (${s.records} records, ${s.seconds.toFixed(2)} s)`);
          },
        });
        const worker = queue.work(
          async (data, job) => {
            try {
              await handler(data, job);
            } catch (e) {
              observer?.jobFailed();
              log(`failed (attempt ${job.attempt}) ${job.id}: ${(e as Error).message}`);
              throw e;
            }
          },
          { concurrency: opts.concurrency },
        );
        log(`cau worker: queue "${queue.name}", concurrency ${opts.concurrency}; SIGTERM drains`);
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGTERM', () => resolve('SIGTERM'));
          process.once('SIGINT', () => resolve('SIGINT'));
        });
        log(`cau worker: ${signal}: finishing the running jobs, taking no new one`);
        await worker.close();
        await analyser?.close();
        await index.close();
        await observer?.close();
        log('cau worker: stopped');
      });
    });

  const q = program.command('queue').description('inspect and manage the ingest queue (REDIS_URL)');
  q.command('status')
    .description('job counts: waiting, active, completed, failed, delayed')
    .option('--json', 'print { waiting, active, completed, failed, delayed }')
    .action(async (opts: { json?: boolean }) => {
      await withQueue(ctx, 'cau queue status', async (queue) => {
        const c = await queue.counts();
        ctx.stdout.write(
          opts.json
            ? `${JSON.stringify(c)}\n`
            : `queue "${queue.name}": ${Object.entries(c)
                .map(([k, v]) => `${v} ${k}`)
                .join(', ')}\n`,
        );
      });
    });
  q.command('failed')
    .description('failed jobs with their file and reason')
    .option('--json', 'print them as a JSON array')
    .action(async (opts: { json?: boolean }) => {
      await withQueue(ctx, 'cau queue failed', async (queue) => {
        const failed = await queue.failed();
        if (opts.json) {
          ctx.stdout.write(`${JSON.stringify(failed)}\n`);
          return;
        }
        if (failed.length === 0) ctx.stdout.write('no failed jobs\n');
        for (const f of failed) {
          ctx.stdout.write(
            `${f.id}\t${f.source}:${f.line}\t${f.attempts} attempt${f.attempts === 1 ? '' : 's'}\t${f.reason}\n`,
          );
        }
      });
    });
  const retry = q.command('retry');
  retry
    .description('put failed jobs back to waiting (by id, or --all)')
    .argument('[ids...]', 'failed job ids (see cau queue failed)')
    .option('--all', 'every failed job')
    .action(async (ids: string[], opts: { all?: boolean }) => {
      if (!opts.all && ids.length === 0) retry.error('error: name failed job ids, or --all');
      await withQueue(ctx, 'cau queue retry', async (queue) => {
        const r = await queue.retry(opts.all ? 'all' : ids);
        ctx.stdout.write(`${r.retried.length} job${r.retried.length === 1 ? '' : 's'} requeued\n`);
        if (r.notFailed.length > 0) throw new JobNotFoundError(r.notFailed);
      });
    });
}
