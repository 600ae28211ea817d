import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killTracked } from '../infra/test/processes';
import { rawRequest, startServe, type Serving } from '../infra/test/serve';

// `cau serve` with CAU_SERVE_WORKERS=2, as an operator runs it: real processes, sockets, signals.
const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');

jest.setTimeout(180_000);

let work: string;
const dataDir = (): string => join(work, 'data');

function ingest(dir: string): void {
  const r = spawnSync(process.execPath, [CAU, 'ingest', join(ROOT, 'fixtures', dir)], {
    env: { ...process.env, CAU_DATA_DIR: dataDir() },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-workers-'));
  ingest('patents');
});
afterAll(async () => {
  await killTracked();
  rmSync(work, { recursive: true, force: true });
});

interface Running extends Serving {
  workerPids: Promise<number[]>;
}

function serve(env: Record<string, string> = {}, args = ['--port', '0']): Running {
  const s = startServe(
    args,
    { ...process.env, CAU_DATA_DIR: dataDir(), CAU_SERVE_WORKERS: '2', ...env },
    work,
    /serving (http:\/\/\S+?)\/ .*worker processes, pids ([\d, ]+)\)/,
  );
  const workerPids = s.banner.then((m) => m[2]!.split(', ').map(Number));
  workerPids.catch(() => undefined);
  return { ...s, workerPids };
}

const lines = (out: string): Record<string, unknown>[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/**
 * One request on a connection of its own (no keep-alive), so each may reach another worker.
 * A connection handed to a worker as it is killed is never answered: the client's timeout ends it.
 */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(url, { agent: false, timeout: 15_000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.end();
  });
}

async function until(what: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Pids of the processes that logged a request line for this path. */
const answeredBy = (out: string, path: string): Set<unknown> =>
  new Set(
    lines(out)
      .filter((l) => (l.req as { path?: string } | undefined)?.path === path)
      .map((l) => l.pid),
  );

describe('cau serve with worker processes', () => {
  let s: Running;
  let url: string;
  beforeAll(async () => {
    s = serve({ CAU_RATE_LIMIT_EXPENSIVE: '3', CAU_RATE_LIMIT: '10000' });
    url = await s.url;
  });
  afterAll(async () => {
    if (s.child.exitCode === null) {
      s.child.kill('SIGKILL');
      await s.exit;
    }
  });

  it('answers from every worker, and /metrics counts the requests of all of them once', async () => {
    const metric = async (): Promise<{ searches: number; records: number }> => {
      const text = (await get(`${url}/metrics`)).body;
      const value = (re: RegExp): number => Number(re.exec(text)?.[1] ?? 0);
      return {
        searches: value(
          /^cau_http_requests_total\{[^}]*route="\/api\/search",status="200"\} (\d+)$/m,
        ),
        records: value(/^cau_index_records (\d+)$/m),
      };
    };
    const before = await metric();
    const n = 12;
    const answers = await Promise.all(
      Array.from({ length: n }, () => get(`${url}/api/search?q=ph%C3%A2n%20b%C3%B3n`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(n).fill(200));
    const pids = await s.workerPids;
    await until(() => answeredBy(s.out(), '/api/search').size === 2);
    expect([...answeredBy(s.out(), '/api/search')].sort()).toEqual([...pids].sort());
    const after = await metric();
    expect(after.searches - before.searches).toBe(n);
    // The record count is the index's, not one per worker added up.
    const health = JSON.parse((await get(`${url}/api/health`)).body) as { records: number };
    expect(after.records).toBe(health.records);
  });

  it('counts one rate-limit budget per client across the workers', async () => {
    const ids = JSON.parse((await get(`${url}/api/search?q=ph%C3%A2n`)).body) as {
      hits: { id: string }[];
    };
    const similar = `${url}/api/records/${encodeURIComponent(ids.hits[0]!.id)}/similar`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(similar)).status);
    // Six connections, taken by the two workers in turn: the budget of 3 is spent once.
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(answeredBy(s.out(), new URL(similar).pathname).size).toBe(2);
  });

  it('shows what an ingest writes while serving, in every worker', async () => {
    const count = async (): Promise<number> =>
      (JSON.parse((await get(`${url}/api/health`)).body) as { records: number }).records;
    const before = await count();
    ingest('research');
    const counts = await Promise.all(Array.from({ length: 6 }, count));
    expect(Math.min(...counts)).toBeGreaterThan(before);
    expect(new Set(counts).size).toBe(1);
  });

  it('replaces a worker killed under requests; only its requests in flight fail', async () => {
    const [victim] = await s.workerPids;
    const clients = 4;
    let replaced = false;
    const failedAfter: string[] = [];
    let failed = 0;
    let sent = 0;
    let afterReplacement = 0;
    const client = async (): Promise<void> => {
      // Until a new worker is in place, then 15 more requests each.
      let more = 15;
      while (more > 0) {
        const was = replaced;
        sent++;
        try {
          const r = await get(`${url}/api/search?q=n%C6%B0%E1%BB%9Bc`);
          if (r.status !== 200) throw new Error(`status ${r.status}`);
        } catch (e) {
          if (was) failedAfter.push((e as Error).message);
          else failed++;
        }
        if (was) {
          afterReplacement++;
          more--;
        }
      }
    };
    const load = Promise.all(Array.from({ length: clients }, client));
    await until(() => sent >= 20);
    process.kill(victim!, 'SIGKILL');
    await until(() => /started in place of/.test(s.out()));
    replaced = true;
    await load;
    // At most one request per client was in flight on the killed worker.
    expect(failed).toBeLessThanOrEqual(clients);
    expect(failedAfter).toEqual([]);
    expect(afterReplacement).toBe(clients * 15);
    const log = lines(s.out());
    expect(log).toContainEqual(
      expect.objectContaining({
        level: 40,
        msg: `worker ${victim} stopped (killed by SIGKILL): starting another`,
      }),
    );
    const m = new RegExp(`worker (\\d+) started in place of ${victim}`).exec(s.out());
    const newcomer = Number(m![1]);
    expect(alive(newcomer)).toBe(true);
    expect(alive(victim!)).toBe(false);
    // The newcomer takes its turn of the connections.
    await Promise.all(Array.from({ length: 6 }, () => get(`${url}/api/health`)));
    await until(() => answeredBy(s.out(), '/api/health').has(newcomer));
  });

  it('on SIGTERM stops every worker and exits 0', async () => {
    const replacements = [...s.out().matchAll(/worker (\d+) started in place of/g)];
    const pids = [...(await s.workerPids), ...replacements.map((m) => Number(m[1]))];
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(lines(s.out()).map((l) => l.msg)).toContain('stopped');
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });
});

describe('cau serve with worker processes, stopping and starting', () => {
  it('on SIGTERM finishes the request in flight in a worker, refuses new ones, exits 0', async () => {
    const s = serve();
    const url = await s.url;
    const pids = await s.workerPids;
    const body = JSON.stringify({ text: 'phân bón hữu cơ từ vỏ trấu', cutoff: '2030-01-01' });
    const socket = await rawRequest(url);
    const answer = new Promise<string>((ok) => {
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('close', () => ok(data));
    });
    socket.write(
      `POST /api/prior-art HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: drain-1\r\nConnection: close\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((r) => setTimeout(r, 500));
    s.child.kill('SIGTERM');
    await until(() => /SIGTERM: finishing the requests in flight/.test(s.out()));
    await new Promise((r) => setTimeout(r, 1000));
    await expect(rawRequest(url)).rejects.toThrow(/ECONNREFUSED/);
    socket.write(body.slice(10));
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(await s.exit).toBe(0);
    const log = lines(s.out());
    expect(log).toContainEqual(
      expect.objectContaining({ req: { id: 'drain-1', method: 'POST', path: '/api/prior-art' } }),
    );
    expect(log.map((l) => l.msg)).toContain('stopped');
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('stops with exit 1 when the workers keep dying (a crash loop), leaving none behind', async () => {
    // More than 3 deaths per worker within 60 s (search-api/serve-primary.ts CRASH_LOOP): with
    // 2 workers, the 7th death. Each is a SIGKILL of a worker the primary started, the first
    // two from the banner, the others as the log announces them.
    const s = serve();
    const started = [...(await s.workerPids)];
    const killed: number[] = [];
    while (s.child.exitCode === null && killed.length < 7) {
      const victim = started.find((p) => !killed.includes(p));
      if (victim === undefined) {
        await until(
          () =>
            s.child.exitCode !== null ||
            lines(s.out()).some((l) => typeof l.worker === 'number' && !started.includes(l.worker)),
        );
        for (const l of lines(s.out())) {
          if (typeof l.worker === 'number' && !started.includes(l.worker)) started.push(l.worker);
        }
        continue;
      }
      // Six deaths are bad luck: the primary has replaced them all and still serves.
      if (killed.length === 6) expect(s.child.exitCode).toBeNull();
      process.kill(victim, 'SIGKILL');
      killed.push(victim);
    }
    expect(killed).toHaveLength(7);
    await until(() => s.child.exitCode !== null, 30_000);
    expect(await s.exit).toBe(1);
    expect(s.err()).toMatch(/the workers of cau serve kept dying \(more than 6 within 60 s\)/);
    expect(s.err()).not.toMatch(/^\s+at /m);
    for (const pid of started) expect(alive(pid)).toBe(false);
  });

  it('says which port is taken and exits 1, leaving no worker behind', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const s = serve({}, ['--port', String(port)]);
      expect(await s.exit).toBe(1);
      // Said once (by the primary), not once per worker.
      const said = s.err().match(/cannot listen on 127\.0\.0\.1:\d+: port \d+ is already in use/g);
      expect(said).toEqual([`cannot listen on 127.0.0.1:${port}: port ${port} is already in use`]);
      expect(s.out()).not.toContain('serving');
    } finally {
      blocker.close();
    }
  });

  it('refuses CAU_SERVE_WORKERS that is not a whole number from 1 to 64 (exit 2)', () => {
    for (const bad of ['0', 'two', '1.5', '65']) {
      const r = spawnSync(process.execPath, [CAU, 'serve', '--port', '0'], {
        env: { ...process.env, CAU_DATA_DIR: dataDir(), CAU_SERVE_WORKERS: bad },
        encoding: 'utf8',
      });
      expect([bad, r.status]).toEqual([bad, 2]);
      expect(r.stderr).toContain('CAU_SERVE_WORKERS');
    }
  });
});
