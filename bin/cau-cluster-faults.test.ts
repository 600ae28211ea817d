import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  resolveClasspath,
  startNode,
  stopNode,
  waitForYellow,
  type RunningNode,
} from '../infra/opensearch/node';
import { liveClusters } from '../infra/test/live-cluster';
import { openIndex } from '../search-index';

// Faults on a live OpenSearch node of this file's own (the shared one of `npm run engine:up`
// serves other suites and must not stop): the node killed in the middle of an ingest, and the
// node restarted while `cau serve` runs. Runs where the live suites run on the local node of
// `npm run engine:up` (so Java and Maven are there); skipped otherwise.

const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const FIXTURES = join(ROOT, 'fixtures');

// The node of `npm run engine:up` is local: Java and Maven are here to start another one.
const enabled = liveClusters().some(
  (c) => c.engine === 'opensearch' && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(c.url),
);
const describeFaults = enabled ? describe : describe.skip;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise((ok) => server.close(ok));
  return port;
}

interface Run {
  code: number;
  out: string;
  err: string;
}

function cau(
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string, child: ChildProcess) => void,
): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CAU, ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      onStderr?.(err, child);
    });
    child.on('close', (code) => done({ code: code ?? -1, out, err }));
  });
}

describeFaults(
  `faults on a live OpenSearch node${enabled ? '' : ' (SKIPPED: needs OPENSEARCH_URL, i.e. Java and Maven)'}`,
  () => {
    let work: string;
    let classpath: string;
    let port: number;
    let node: RunningNode | undefined;
    let env: Record<string, string>;

    const start = async () => {
      node = await startNode(join(work, 'node'), classpath, { port });
      await waitForYellow(node.url);
    };
    const stop = async (signal: NodeJS.Signals) => {
      if (node) await stopNode(node.pid, { signal });
      node = undefined;
    };

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'cau-faults-'));
      classpath = resolveClasspath(join(tmpdir(), 'cau-opensearch-classpath'), () => undefined);
      port = await freePort();
      await start();
      env = {
        OPENSEARCH_URL: node!.url,
        OPENSEARCH_INDEX: 'cau-faults',
        CAU_DATA_DIR: join(work, 'data'),
      };
    }, 240_000);

    afterAll(async () => {
      await stop('SIGTERM');
      rmSync(work, { recursive: true, force: true });
    }, 60_000);

    it('node killed mid-ingest: exit 1 naming the cluster; after a restart a re-run completes, nothing duplicated or half-written', async () => {
      const embeddedDir = join(work, 'embedded');
      const reference = await cau(['ingest', FIXTURES, '--json'], { CAU_DATA_DIR: embeddedDir });
      expect(reference.code).toBe(0);

      let killed = false;
      const broken = await cau(['ingest', FIXTURES], env, (err) => {
        if (!killed && /\[1\d\/\d+\]/.test(err)) {
          killed = true;
          void stop('SIGKILL'); // as a crash or a pulled plug would
        }
      });
      expect(killed).toBe(true);
      expect(broken.code).toBe(1);
      expect(broken.err).toContain(`OpenSearch at http://127.0.0.1:${port}`);
      expect(broken.err).not.toMatch(/^\s+at /m); // messages, not stack traces

      await start();
      const again = await cau(['ingest', FIXTURES, '--json'], env);
      expect([again.code, again.err.slice(-300)]).toEqual([0, expect.any(String)]);
      const summary = JSON.parse(again.out) as { rejected: number; filesFailed: number };
      expect(summary).toMatchObject({ rejected: 0, filesFailed: 0 });

      // Every record once, each exactly as the embedded index stored it.
      const cluster = openIndex({
        dataDir: env.CAU_DATA_DIR!,
        elasticsearch: {
          engine: 'opensearch',
          url: node!.url,
          index: 'cau-faults',
        },
      });
      const local = openIndex({ dataDir: embeddedDir });
      try {
        expect(await cluster.count()).toBe(await local.count());
        const all = await local.search({ limit: 100 });
        let cursor = all.nextCursor;
        const ids = all.hits.map((h) => h.id);
        while (cursor) {
          const page = await local.search({ limit: 100, cursor });
          ids.push(...page.hits.map((h) => h.id));
          cursor = page.nextCursor;
        }
        for (const id of ids) {
          expect([id, await cluster.get(id)]).toEqual([id, await local.get(id)]);
        }
      } finally {
        await Promise.all([cluster.close(), local.close()]);
      }
    }, 300_000);

    it('node restarted while cau serve runs: 503 index_unavailable while it is down, answers again after, same process', async () => {
      const apiPort = await freePort();
      const serve = spawn(process.execPath, [CAU, 'serve', '--port', String(apiPort)], {
        env: { ...process.env, ...env },
      });
      const api = `http://127.0.0.1:${apiPort}/api/search?q=ph%C3%A2n+b%C3%B3n&limit=2`;
      const get = () => fetch(api).catch(() => undefined);
      try {
        let res: Response | undefined;
        for (let i = 0; i < 200 && res?.status !== 200; i++) {
          res = await get();
          if (res?.status !== 200) await sleep(100);
        }
        expect(res?.status).toBe(200);

        await stop('SIGTERM');
        const down = await get();
        expect(down?.status).toBe(503);
        const body = (await down!.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('index_unavailable');
        expect(body.error.message).toContain(`OpenSearch at http://127.0.0.1:${port}`);

        await start();
        let back: Response | undefined;
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && back?.status !== 200) {
          back = await get();
          if (back?.status !== 200) await sleep(500);
        }
        expect(back?.status).toBe(200);
        expect(((await back!.json()) as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
        expect(serve.exitCode).toBeNull(); // the same `cau serve`, never restarted
      } finally {
        serve.kill('SIGTERM');
        await new Promise((ok) => serve.once('exit', ok));
      }
    }, 300_000);
  },
);
