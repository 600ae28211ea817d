import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAU, inspectIndex, seeded, startCau, writeDocuments } from '../../infra/test/crash';
import { killTracked } from '../../infra/test/processes';
import { startRedis, type TestRedis } from '../../infra/test/redis';
import { BullmqJobQueue } from './bullmq';
import type { QueueCounts } from './job-queue';

// Crash safety of the queue: `cau worker` on a real Redis, killed with SIGKILL at random
// moments 20 times while it runs jobs (group-committed, 4 at once). After each kill the index
// passes both integrity checks and holds whole records only; jobs the dead worker held come
// back (stalled-job recovery) and nothing is lost: once a last worker has run, every job is
// completed (a job that stalled twice is failed by BullMQ and retried with `cau queue retry`,
// as an operator would) and every document is indexed once. Work is queued a file at a time
// whenever the queue runs dry, so every kill meets a worker with jobs however fast ingest is
// (the 160 documents first queued were once all done before the 11th kill, and that worker
// waited for work that never came).
const KILLS = 20;
const FILES = 4;
const DOCS_PER_FILE = 40;
const SEED = Number(process.env.CAU_CRASH_SEED ?? Date.now() % 100_000);

jest.setTimeout(300_000);

let redis: TestRedis;
let work: string;
beforeAll(async () => {
  redis = await startRedis();
  work = mkdtempSync(join(tmpdir(), 'cau-worker-crash-'));
});
afterAll(async () => {
  await killTracked();
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function counts(queue: string): Promise<QueueCounts> {
  const q = await BullmqJobQueue.connect({ url: redis.url, name: queue });
  try {
    return await q.counts();
  } finally {
    await q.close();
  }
}

it(`loses nothing through ${KILLS} SIGKILLs of cau worker (seed ${SEED})`, async () => {
  const random = seeded(SEED);
  const queue = `crash-${randomUUID()}`;
  const dataDir = join(work, 'data');
  const env = {
    ...process.env,
    REDIS_URL: redis.url,
    CAU_QUEUE: queue,
    CAU_DATA_DIR: dataDir,
    // A dead worker's jobs come back within about a second, not the production minute.
    CAU_QUEUE_LOCK_MS: '1000',
    CAU_QUEUE_STALLED_MS: '500',
    CAU_QUEUE_BACKOFF_MS: '100',
  };
  const cau = (args: string[]) =>
    spawnSync(process.execPath, [CAU, ...args], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
  const ids: string[] = [];
  let files = 0;
  const queueFile = () => {
    const file = join(work, `weekly-${files}.xml`);
    ids.push(...writeDocuments(file, files * DOCS_PER_FILE, DOCS_PER_FILE));
    files++;
    expect(cau(['ingest', '--queue', file]).status).toBe(0);
  };
  while (files < FILES) queueFile();

  let hitWhileWorking = 0;
  for (let k = 0; k < KILLS; k++) {
    const w = startCau(['worker'], env, work);
    const ready = Date.now();
    // Killed at a random moment once it is working: taking jobs, parsing, inside a group commit.
    for (;;) {
      const c = await counts(queue);
      if (c.active > 0 || /^done /m.test(w.output())) break;
      if (c.waiting + c.delayed === 0) {
        // Every job left has stalled twice (killed twice) and failed: nothing for this worker
        // to take until an operator retries them, as `cau queue retry --all` does. Or every
        // job is done: the weekly files keep coming.
        if (c.failed > 0) expect(cau(['queue', 'retry', '--all']).status).toBe(0);
        else queueFile();
      }
      if (Date.now() - ready > 60_000)
        throw new Error(`worker ${k} never started (${JSON.stringify(c)}): ${w.output()}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, Math.round(random() * 1500)));
    w.child.kill('SIGKILL');
    await w.exit;
    // Jobs still held by the dead worker: it was killed while working on them.
    if ((await counts(queue)).active > 0) hitWhileWorking++;

    const after = await inspectIndex(dataDir);
    expect([k, after.integrity.problems]).toEqual([k, []]);
    expect([k, after.partial]).toEqual([k, []]);
    expect([...after.ids].every((id) => ids.includes(id))).toBe(true);
  }
  // The kills fell while jobs were being done, not only before the first one.
  expect(hitWhileWorking).toBeGreaterThanOrEqual(KILLS / 2);
  const total = ids.length;

  // A last worker finishes the job; jobs failed for stalling twice are retried as an operator would.
  const last = startCau(['worker'], env, work);
  const deadline = Date.now() + 240_000;
  for (;;) {
    const c = await counts(queue);
    if (c.waiting + c.active + c.delayed === 0) {
      if (c.failed === 0) break;
      const retried = cau(['queue', 'retry', '--all']);
      expect(retried.status).toBe(0);
    }
    if (Date.now() > deadline) throw new Error(`queue did not drain: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  last.child.kill('SIGTERM');
  expect((await last.exit).code).toBe(0);
  expect(await counts(queue)).toEqual({
    waiting: 0,
    active: 0,
    completed: total,
    failed: 0,
    delayed: 0,
  });
  const final = await inspectIndex(dataDir);
  expect(final.integrity.ok).toBe(true);
  expect(final.partial).toEqual([]);
  expect(final.ids.size).toBe(total);
});
