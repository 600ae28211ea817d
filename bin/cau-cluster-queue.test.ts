import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BullmqJobQueue } from '../ingest';
import { describeLive, type LiveCluster } from '../infra/test/live-cluster';
import { startRedis, type TestRedis } from '../infra/test/redis';
import { connectCluster, ElasticsearchSearchIndex } from '../search-index';

// The queue into a live cluster (the OpenSearch node of `npm run engine:up` in CI): `cau ingest
// --queue` on a real Redis, two `cau worker` processes writing to OpenSearch, one of them killed
// with SIGKILL in the middle of the run. Every record must end up in the index exactly once.

const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const SAMPLE = readFileSync(join(ROOT, 'fixtures', 'patents', 'VN-1-0020001-B.xml'), 'utf8');
const RECORDS = 120;

jest.setTimeout(180_000);

describeLive('queue into the cluster', (live: LiveCluster) => {
  const alias = `cau-test-queue-${randomUUID()}`;
  const queue = `test-${randomUUID()}`;
  let redis: TestRedis;
  let work: string;

  beforeAll(async () => {
    redis = await startRedis();
    work = mkdtempSync(join(tmpdir(), 'cau-cluster-queue-'));
  });
  afterAll(async () => {
    await redis?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    const admin = connectCluster(live.config(alias));
    await admin.deleteIndex(`${alias}-v*`).catch(() => undefined);
    await admin.deleteIndexTemplate(alias).catch(() => undefined);
    await admin.close();
  }, 60_000);

  function env(): NodeJS.ProcessEnv {
    const c = live.config(alias);
    const P = live.engine === 'opensearch' ? 'OPENSEARCH' : 'ELASTICSEARCH';
    return {
      ...process.env,
      REDIS_URL: redis.url,
      CAU_QUEUE: queue,
      CAU_DATA_DIR: join(work, 'data'),
      // One thread per worker: two workers share the CI machine's two cores with the node.
      CAU_INGEST_WORKERS: '0',
      // Seconds, not the production half-minute, so the dead worker's job comes back quickly.
      CAU_QUEUE_LOCK_MS: '2000',
      CAU_QUEUE_STALLED_MS: '1000',
      CAU_QUEUE_BACKOFF_MS: '100',
      [`${P}_URL`]: c.url,
      [`${P}_INDEX`]: alias,
      ...(c.apiKey ? { ELASTICSEARCH_API_KEY: c.apiKey } : {}),
      ...(c.username ? { [`${P}_USERNAME`]: c.username } : {}),
      ...(c.password ? { [`${P}_PASSWORD`]: c.password } : {}),
    };
  }

  function startWorker(): { child: ChildProcess; log: () => string; exit: Promise<number | null> } {
    const child = spawn(process.execPath, [CAU, 'worker'], {
      cwd: work,
      env: env(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    return { child, log: () => log, exit };
  }

  async function counts() {
    const q = await BullmqJobQueue.connect({ url: redis.url, name: queue });
    try {
      return await q.counts();
    } finally {
      await q.close();
    }
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 150_000;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('two workers, one killed with SIGKILL mid-run: every record indexed exactly once', async () => {
    const ids: string[] = [];
    const docs: string[] = [];
    for (let i = 0; i < RECORDS; i++) {
      const number = `1-8${String(i).padStart(6, '0')}`;
      ids.push(`VN-${number}-B`);
      docs.push(SAMPLE.replaceAll('1-0020001', number));
    }
    const file = join(work, 'weekly.xml');
    writeFileSync(file, docs.join('\n'));
    const enqueue = spawnSync(process.execPath, [CAU, 'ingest', '--queue', '--json', file], {
      cwd: work,
      env: env(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([enqueue.status, enqueue.stderr]).toEqual([0, expect.any(String)]);
    expect(JSON.parse(enqueue.stdout)).toMatchObject({ documents: RECORDS, jobsAdded: RECORDS });

    const a = startWorker();
    const b = startWorker();
    await until('the first worker to be under way', async () =>
      (a.log().match(/^done /gm)?.length ?? 0) >= 5 ? true : undefined,
    );
    a.child.kill('SIGKILL');
    await a.exit;
    const atKill = await counts();
    expect(atKill.completed).toBeLessThan(RECORDS);

    await until('every job completed', async () => {
      const c = await counts();
      return c.completed === RECORDS && c.active === 0 ? c : undefined;
    });
    b.child.kill('SIGTERM');
    expect(await b.exit).toBe(0);
    expect(await counts()).toMatchObject({ completed: RECORDS, failed: 0, waiting: 0 });

    // Every record once: as many documents as records, none missing, none stored twice under
    // another id (the records of the sample are distinct by number only).
    const index = ElasticsearchSearchIndex.open(live.config(alias));
    try {
      const got = await Promise.all(ids.map((id) => index.get(id)));
      expect(ids.filter((_, i) => !got[i])).toEqual([]);
      expect(await index.count()).toBe(RECORDS);
      const hits = await index.search({ query: 'VN 1-8000007', limit: 100 });
      expect(hits.hits[0]?.id).toBe('VN-1-8000007-B');
    } finally {
      await index.close();
    }
  });
});
