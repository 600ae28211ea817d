import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openIndex } from '../../search-index';
import { freePort, startRedis, type TestRedis } from '../../infra/test/redis';
import { BullmqJobQueue } from './bullmq';
import type { QueueCounts } from './job-queue';

// End to end with real processes: `cau ingest --queue` and `cau worker` children on a real Redis.
const ROOT = resolve(__dirname, '..', '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const SAMPLE = readFileSync(join(ROOT, 'fixtures', 'patents', 'VN-1-0020001-B.xml'), 'utf8');

// Real child processes (each starts tsx) on a shared 2-core CI machine: generous bounds.
jest.setTimeout(120_000);

let redis: TestRedis;
let work: string;

/** A weekly-style bulk file: `n` concatenated ST.36 documents with distinct numbers. */
function bulkFile(name: string, n: number, from = 0): { file: string; ids: string[] } {
  const ids: string[] = [];
  const docs: string[] = [];
  for (let i = from; i < from + n; i++) {
    const number = `1-9${String(i).padStart(6, '0')}`;
    ids.push(`VN-${number}-B`);
    docs.push(SAMPLE.replaceAll('1-0020001', number));
  }
  const file = join(work, name);
  writeFileSync(file, docs.join('\n'));
  return { file, ids };
}

interface Env {
  queue: string;
  dataDir: string;
  extra?: Record<string, string>;
}

function env(e: Env): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: redis.url,
    CAU_QUEUE: e.queue,
    CAU_DATA_DIR: e.dataDir,
    // Seconds, not the production half-minute, so a dead worker's job comes back quickly.
    CAU_QUEUE_LOCK_MS: '1000',
    CAU_QUEUE_STALLED_MS: '500',
    CAU_QUEUE_BACKOFF_MS: '100',
    ...e.extra,
  };
}

function cau(args: string[], e: Env): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CAU, ...args], {
    cwd: work,
    env: env(e),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

interface RunningWorker {
  child: ChildProcess;
  log: () => string;
  exit: Promise<number | null>;
}

function startWorker(e: Env, args: string[] = []): RunningWorker {
  const child = spawn(process.execPath, [CAU, 'worker', ...args], {
    cwd: work,
    env: env(e),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, log: () => log, exit };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function counts(queue: string): Promise<QueueCounts> {
  const q = await BullmqJobQueue.connect({ url: redis.url, name: queue });
  try {
    return await q.counts();
  } finally {
    await q.close();
  }
}

async function indexed(
  dataDir: string,
  ids: string[],
): Promise<{ count: number; missing: string[] }> {
  const index = openIndex({ dataDir });
  try {
    const missing: string[] = [];
    for (const id of ids) if (!(await index.get(id))) missing.push(id);
    return { count: await index.count(), missing };
  } finally {
    await index.close();
  }
}

function fresh(): Env {
  return { queue: `test-${randomUUID()}`, dataDir: mkdtempSync(join(work, 'data-')) };
}

beforeAll(async () => {
  redis = await startRedis();
  work = mkdtempSync(join(tmpdir(), 'cau-worker-'));
});
afterAll(async () => {
  await redis?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('queued ingestion with real worker processes', () => {
  it('splits a bulk file into one job per document; enqueueing it again indexes nothing twice', async () => {
    const e = fresh();
    const { file, ids } = bulkFile('weekly.xml', 40);
    const first = cau(['ingest', '--queue', '--json', file], e);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ documents: 40, jobsAdded: 40, filesFailed: 0 });
    const again = cau(['ingest', '--queue', '--json', file], e);
    expect(JSON.parse(again.out)).toMatchObject({ documents: 40, jobsAdded: 0 });
    expect(await counts(e.queue)).toMatchObject({ waiting: 40 });

    const w = startWorker(e, ['--concurrency', '2']);
    await until('all jobs done', async () =>
      (await counts(e.queue)).completed === 40 ? true : undefined,
    );
    // Once done, the same file again is still not a new job.
    expect(JSON.parse(cau(['ingest', '--queue', '--json', file], e).out).jobsAdded).toBe(0);
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(await indexed(e.dataDir, ids)).toEqual({ count: 40, missing: [] });
    const status = cau(['queue', 'status', '--json'], e);
    expect(JSON.parse(status.out)).toEqual({
      waiting: 0,
      active: 0,
      completed: 40,
      failed: 0,
      delayed: 0,
    });
  });

  it('loses nothing when a worker is killed mid-job: another picks the job up, no record twice', async () => {
    const e = fresh();
    const { file, ids } = bulkFile('big-weekly.xml', 150);
    expect(cau(['ingest', '--queue', file], e).code).toBe(0);
    const a = startWorker(e);
    await until('the first worker to be under way', async () =>
      (a.log().match(/^done /gm)?.length ?? 0) >= 5 ? true : undefined,
    );
    a.child.kill('SIGKILL');
    await a.exit;
    const atKill = await counts(e.queue);
    // Its jobs are still held by the dead worker: active, neither completed nor lost.
    expect(atKill.active).toBeGreaterThanOrEqual(1);
    expect(atKill.completed).toBeLessThan(150);

    const b = startWorker(e);
    await until('every job completed', async () => {
      const c = await counts(e.queue);
      return c.completed === 150 && c.active === 0 ? c : undefined;
    });
    b.child.kill('SIGTERM');
    expect(await b.exit).toBe(0);
    expect(await counts(e.queue)).toMatchObject({ completed: 150, failed: 0, waiting: 0 });
    // Every record once, by id: upserts make the re-run of the interrupted job harmless.
    expect(await indexed(e.dataDir, ids)).toEqual({ count: 150, missing: [] });
  });

  it('drains on SIGTERM: exits 0 and its job is completed or back in waiting, never lost', async () => {
    const e = fresh();
    const { file } = bulkFile('sigterm.xml', 60);
    expect(cau(['ingest', '--queue', file], e).code).toBe(0);
    const w = startWorker(e);
    await until('a first job done', async () => (/^done /m.test(w.log()) ? true : undefined));
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(w.log()).toContain('SIGTERM: finishing the running jobs');
    const c = await counts(e.queue);
    expect(c.active).toBe(0);
    expect(c.failed).toBe(0);
    expect(c.completed + c.waiting).toBe(60);
    expect(c.completed).toBeGreaterThan(0);
  });

  it('retries a file that fails to parse, then keeps it as failed with the reason; the other files complete', async () => {
    const e = { ...fresh(), extra: { CAU_QUEUE_ATTEMPTS: '2' } };
    const good = bulkFile('good.xml', 3);
    const bad = join(work, 'half.xml');
    writeFileSync(bad, SAMPLE.slice(0, SAMPLE.length / 2));
    const r = cau(['ingest', '--queue', good.file, bad], e);
    expect(r.code).toBe(0);
    const w = startWorker(e);
    await until('the bad file to be failed', async () => {
      const c = await counts(e.queue);
      return c.failed === 1 && c.completed === 3 ? c : undefined;
    });
    const failed = cau(['queue', 'failed'], e);
    expect(failed.code).toBe(0);
    expect(failed.out).toContain(`${bad}:1`);
    expect(failed.out).toContain('2 attempts');
    expect(failed.out).toMatch(/malformed XML/);
    expect(w.log()).toContain('failed (attempt 1)');

    const retried = cau(['queue', 'retry', '--all'], e);
    expect(retried.out).toContain('1 job requeued');
    await until('the retried job to fail again', async () => {
      const c = await counts(e.queue);
      return c.failed === 1 && c.waiting + c.active + c.delayed === 0 ? c : undefined;
    });
    expect(w.log().match(/failed \(attempt/g)?.length).toBe(4);
    const unknown = cau(['queue', 'retry', 'no-such-job'], e);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('not in the failed set: no-such-job');
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
    expect(await indexed(e.dataDir, good.ids)).toEqual({ count: 3, missing: [] });
  });

  it('starts several workers at once on a new data dir (only one creates the index)', async () => {
    const e = fresh();
    const workers = [startWorker(e), startWorker(e), startWorker(e)];
    await until('every worker to be ready, or one to die', async () => {
      if (workers.some((w) => w.child.exitCode !== null)) return true;
      return workers.every((w) => w.log().includes('cau worker: queue')) ? true : undefined;
    });
    for (const w of workers) expect(w.log()).not.toContain('already exists');
    for (const w of workers) w.child.kill('SIGTERM');
    // With each worker's log and signal, so a failure says how the worker ended.
    const ended = await Promise.all(
      workers.map(async (w) => ({ code: await w.exit, signal: w.child.signalCode, log: w.log() })),
    );
    for (const x of ended) expect(x).toMatchObject({ code: 0, signal: null });
  });

  it('serves its metrics on CAU_METRICS_PORT: jobs, records and queue depths', async () => {
    const port = await freePort();
    const e = { ...fresh(), extra: { CAU_METRICS_PORT: String(port), CAU_QUEUE_ATTEMPTS: '1' } };
    const good = bulkFile('metrics.xml', 3, 500);
    const bad = join(work, 'metrics-half.xml');
    writeFileSync(bad, SAMPLE.slice(0, SAMPLE.length / 2));
    expect(cau(['ingest', '--queue', good.file, bad], e).code).toBe(0);
    const w = startWorker(e);
    await until('the jobs to be done', async () => {
      const c = await counts(e.queue);
      return c.completed === 3 && c.failed === 1 ? c : undefined;
    });
    expect(w.log()).toContain(`metrics on http://127.0.0.1:${port}/metrics`);
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(text).toContain('cau_ingest_jobs_total{outcome="done"} 3');
    expect(text).toContain('cau_ingest_jobs_total{outcome="failed"} 1');
    expect(text).toContain('cau_ingest_records_total{result="inserted"} 3');
    expect(text).toContain(`cau_queue_jobs{queue="${e.queue}",state="completed"} 3`);
    expect(text).toContain(`cau_queue_jobs{queue="${e.queue}",state="failed"} 1`);
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  });

  it('needs REDIS_URL for --queue (exit 2) and says when Redis cannot be reached (exit 1)', async () => {
    const e = fresh();
    const { file } = bulkFile('one.xml', 1);
    const noRedis = cau(['ingest', '--queue', file], { ...e, extra: { REDIS_URL: '' } });
    expect(noRedis.code).toBe(2);
    expect(noRedis.err).toContain('needs REDIS_URL');
    const port = await freePort();
    const down = cau(['queue', 'status'], {
      ...e,
      extra: { REDIS_URL: `redis://127.0.0.1:${port}` },
    });
    expect(down.code).toBe(1);
    expect(down.err).toContain(`cannot reach Redis at redis://127.0.0.1:${port}`);
    const bad = cau(['queue', 'status'], { ...e, extra: { REDIS_URL: 'http://127.0.0.1:6379' } });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('REDIS_URL: must be a redis:// or rediss:// URL');
  });
});
