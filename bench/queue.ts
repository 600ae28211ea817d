/**
 * `npm run bench -- --queue [--docs 100k] [--memory-gb 1] [--worker-seconds 60] [--seed N]`:
 * queued ingestion (BullMQ on a private redis-server) with 1 and 2 `cau worker` processes, as
 * ratios against the in-process runner measured in the same run on the same one-file corpus;
 * and the peak RSS of splitting + enqueueing a large concatenated file, and of a worker
 * processing it. See bench/README.md ("Queued ingestion").
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { BullmqJobQueue, ingestPaths } from '../ingest';
import { openIndex } from '../search-index';
import { startRedis, type TestRedis } from '../infra/test/redis';
import { writeBulkFile } from './corpus';
import type { QueueOptions } from './options';

const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const MB = 1024 * 1024;
const fmt = (x: number, d = 2): string => x.toFixed(d);

/** Resident memory of a process now, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Peak RSS of some processes, and the RSS over time (to see whether it stays flat). */
class PeakRss {
  peak = 0;
  readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pids: () => number[]) {
    this.timer = setInterval(() => this.sample(), 50);
  }
  sample(): void {
    let now = 0;
    for (const pid of this.pids()) now = Math.max(now, rssOf(pid));
    if (now > 0) this.samples.push(now);
    this.peak = Math.max(this.peak, now);
  }
  /** The largest RSS within each tenth of the run, in MB. */
  byTenth(): number[] {
    const n = this.samples.length;
    return Array.from({ length: 10 }, (_, k) => {
      const part = this.samples.slice(
        Math.floor((k * n) / 10),
        Math.max(Math.floor(((k + 1) * n) / 10), Math.floor((k * n) / 10) + 1),
      );
      return Math.round(Math.max(0, ...part) / MB);
    });
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

function workerEnv(redis: TestRedis, queue: string, dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, REDIS_URL: redis.url, CAU_QUEUE: queue, CAU_DATA_DIR: dataDir };
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CAU, 'worker'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((ready, fail) => {
    let log = '';
    child.stderr!.on('data', (d) => {
      log += d;
      if (log.includes('cau worker: queue')) ready();
    });
    child.once('exit', (code) => fail(new Error(`worker exited (${code}): ${log}`)));
  });
  child.stderr!.resume();
  return child;
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => {
          c.once('exit', r);
          c.kill('SIGTERM');
        }),
    ),
  );
}

async function completed(redis: TestRedis, queue: string, n: number): Promise<void> {
  const q = await BullmqJobQueue.connect({ url: redis.url, name: queue });
  try {
    for (;;) {
      const c = await q.counts();
      if (c.failed > 0) throw new Error(`${c.failed} job(s) failed`);
      if (c.completed >= n) return;
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await q.close();
  }
}

function enqueue(
  redis: TestRedis,
  queue: string,
  dataDir: string,
  file: string,
): { seconds: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CAU, 'ingest', '--queue', file], {
    env: workerEnv(redis, queue, dataDir),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`enqueue failed: ${r.stderr}`);
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9 };
}

async function queued(
  redis: TestRedis,
  dir: string,
  file: string,
  docs: number,
  workers: number,
): Promise<{
  docsPerSecond: number;
  seconds: number;
  enqueueSeconds: number;
  peakWorkerRssMB: number;
}> {
  const queue = `bench-${randomUUID()}`;
  const dataDir = join(dir, `queued-${workers}`);
  const env = workerEnv(redis, queue, dataDir);
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
  const rss = new PeakRss(() => children.map((c) => c.pid!));
  const t = process.hrtime.bigint();
  const { seconds: enqueueSeconds } = enqueue(redis, queue, dataDir, file);
  await completed(redis, queue, docs);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const peak = rss.stop();
  await stopWorkers(children);
  return { docsPerSecond: docs / seconds, seconds, enqueueSeconds, peakWorkerRssMB: peak / MB };
}

export async function queueBench(opt: QueueOptions): Promise<void> {
  const { docs, memoryGB, workerSeconds, seed } = opt;
  const dir = mkdtempSync(join(tmpdir(), 'cau-bench-queue-'));
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    options: { docs, memoryGB, workerSeconds, seed },
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      totalMemoryGB: totalmem() / 1024 ** 3,
      node: process.version,
    },
  };
  const redis = await startRedis();
  try {
    const file = join(dir, 'weekly.xml');
    const { bytes } = writeBulkFile(file, docs, seed);
    console.log(
      `queue bench: ${docs} documents in one concatenated file, ${fmt(bytes / MB, 1)} MB`,
    );

    // In-process runner: the same file through ingestPaths into a fresh index.
    const index = openIndex({ dataDir: join(dir, 'in-process') });
    const summary = await ingestPaths([file], index);
    await index.close();
    if (summary.records !== docs) {
      const why = summary.failures.slice(0, 3).map((f) => f.reason);
      throw new Error(`in-process read ${summary.records} of ${docs}: ${why.join('; ')}`);
    }
    const inProcess = summary.records / summary.seconds;
    console.log(`in-process: ${fmt(inProcess, 1)} docs/s (${fmt(summary.seconds, 1)} s)`);

    const one = await queued(redis, dir, file, docs, 1);
    const two = await queued(redis, dir, file, docs, 2);
    const throughput = {
      inProcessDocsPerSecond: inProcess,
      oneWorker: { ...one, ratio: one.docsPerSecond / inProcess },
      twoWorkers: { ...two, ratio: two.docsPerSecond / inProcess },
    };
    out.throughput = throughput;
    for (const [label, r] of [
      ['1 worker ', one],
      ['2 workers', two],
    ] as const) {
      console.log(
        `queued, ${label}: ${fmt(r.docsPerSecond, 1)} docs/s (${fmt(r.seconds, 1)} s, enqueue ${fmt(r.enqueueSeconds, 1)} s), ` +
          `ratio ${fmt(r.docsPerSecond / inProcess, 2)} × in-process; worker peak RSS ${fmt(r.peakWorkerRssMB, 0)} MB`,
      );
    }

    if (memoryGB > 0) {
      // A big input by repeating the generated file's bytes (only the split + enqueue side and
      // a worker's first minutes are measured; ids repeat, so the worker upserts "unchanged").
      const big = join(dir, 'big.xml');
      const chunk = readFileSync(file);
      const target = memoryGB * 1024 * MB;
      const fd = openSync(big, 'w');
      let written = 0;
      while (written < target) written += writeSync(fd, chunk);
      closeSync(fd);
      const queue = `bench-mem-${randomUUID()}`;
      const dataDir = join(dir, 'memory');
      const child = spawn(process.execPath, [CAU, 'ingest', '--queue', big], {
        env: workerEnv(redis, queue, dataDir),
        stdio: 'ignore',
      });
      const rss = new PeakRss(() => [child.pid!]);
      const t = process.hrtime.bigint();
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      const enqueuePeak = rss.stop();
      const enqueueSeconds = Number(process.hrtime.bigint() - t) / 1e9;
      if (code !== 0) throw new Error(`enqueue of ${fmt(written / MB, 0)} MB failed (${code})`);
      const jobs = Math.round((written / bytes) * docs);
      const worker = await startWorker(workerEnv(redis, queue, dataDir));
      const wrss = new PeakRss(() => [worker.pid!]);
      await new Promise((r) => setTimeout(r, workerSeconds * 1000));
      const workerPeak = wrss.stop();
      await stopWorkers([worker]);
      const q = await BullmqJobQueue.connect({ url: redis.url, name: queue });
      const done = (await q.counts()).completed;
      await q.close();
      out.memory = {
        inputMB: written / MB,
        jobs,
        enqueueSeconds,
        enqueuePeakRssMB: enqueuePeak / MB,
        enqueueRssByTenthMB: rss.byTenth(),
        workerSeconds,
        workerJobsDone: done,
        workerPeakRssMB: workerPeak / MB,
        workerRssByTenthMB: wrss.byTenth(),
      };
      console.log(
        `memory, ${fmt(written / MB, 0)} MB input (${jobs} documents): split + enqueue peak RSS ${fmt(enqueuePeak / MB, 0)} MB ` +
          `(${fmt(enqueueSeconds, 1)} s); one worker over its first ${workerSeconds} s (${done} jobs): peak RSS ${fmt(workerPeak / MB, 0)} MB ` +
          `(target: flat, < 300 MB)\n` +
          `  RSS by tenth of the run (MB): enqueue ${rss.byTenth().join(' ')}; worker ${wrss.byTenth().join(' ')}`,
      );
    }
    const resultsDir = join(ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const resultFile = join(
      resultsDir,
      `queue-${docs}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(resultFile, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`results in ${resultFile}`);
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
