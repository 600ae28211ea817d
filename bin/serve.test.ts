import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { killTracked } from '../infra/test/processes';
import { rawRequest, startServe, type Serving } from '../infra/test/serve';

// `cau serve` as an operator runs it: a real child process, real sockets, real signals.
const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');

jest.setTimeout(60_000);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-serve-'));
  const r = spawnSync(process.execPath, [CAU, 'ingest', join(ROOT, 'fixtures', 'patents')], {
    env: { ...process.env, CAU_DATA_DIR: join(work, 'data') },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`ingest failed: ${r.stderr}`);
});
afterAll(async () => {
  await killTracked();
  rmSync(work, { recursive: true, force: true });
});

const serve = (args: string[], env: Record<string, string> = {}): Serving =>
  startServe(args, { ...process.env, CAU_DATA_DIR: join(work, 'data'), ...env }, work);

function responseOf(socket: Socket): Promise<string> {
  return new Promise((ok) => {
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('close', () => ok(data));
  });
}

const lines = (out: string): Record<string, unknown>[] =>
  out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('cau serve', () => {
  it('says which port is taken and exits 1 when it is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const s = serve(['--port', String(port)]);
      s.url.catch(() => undefined);
      expect(await s.exit).toBe(1);
      expect(s.err()).toContain(
        `cau: cannot listen on 127.0.0.1:${port}: port ${port} is already in use`,
      );
      expect(s.out()).not.toContain('serving');
    } finally {
      blocker.close();
    }
  });

  it('says an address that is not on this machine cannot be bound (exit 1)', async () => {
    const s = serve(['--port', '0'], { HOST: '192.0.2.1' });
    s.url.catch(() => undefined);
    expect(await s.exit).toBe(1);
    expect(s.err()).toMatch(
      /cannot listen on 192\.0\.2\.1:0: .*not on this machine \(check HOST\)/,
    );
  });

  it('refuses invalid serving settings with exit 2, naming the variable', () => {
    for (const [env, name] of [
      [{ CAU_TRUST_PROXY: 'everyone' }, 'CAU_TRUST_PROXY'],
      [{ CAU_LOG_LEVEL: 'loud' }, 'CAU_LOG_LEVEL'],
      [{ CAU_CORS_ORIGINS: 'example.org' }, 'CAU_CORS_ORIGINS'],
      [{ CAU_RATE_LIMIT: '-5' }, 'CAU_RATE_LIMIT'],
    ] as const) {
      const r = spawnSync(process.execPath, [CAU, 'serve', '--port', '0'], {
        env: { ...process.env, CAU_DATA_DIR: join(work, 'data'), ...env },
        encoding: 'utf8',
      });
      expect([name, r.status]).toEqual([name, 2]);
      expect(r.stderr).toContain(name);
    }
  });

  it('logs JSON lines, and on SIGTERM finishes the request in flight, then exits 0', async () => {
    const s = serve(['--port', '0']);
    const url = await s.url;
    const body = JSON.stringify({ text: 'phân bón hữu cơ từ vỏ trấu', cutoff: '2030-01-01' });
    const socket = await rawRequest(url);
    const answer = responseOf(socket);
    socket.write(
      `POST /api/prior-art HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: in-flight-1\r\nConnection: close\r\n\r\n` +
        body.slice(0, 10),
    );
    await new Promise((r) => setTimeout(r, 300));
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    // Stopped accepting: a new connection is refused, but the old request is still served.
    await expect(rawRequest(url)).rejects.toThrow(/ECONNREFUSED/);
    socket.write(body.slice(10));
    const res = await answer;
    expect(res).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(res).toContain('"dateField":"published"');
    expect(await s.exit).toBe(0);
    const log = lines(s.out());
    expect(log.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SIGTERM: finishing the requests in flight/),
        'stopped',
      ]),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        req: { id: 'in-flight-1', method: 'POST', path: '/api/prior-art' },
        res: { status: 200 },
      }),
    );
  });

  it('waits at most CAU_SHUTDOWN_TIMEOUT_MS for a request that never ends, then exits 0', async () => {
    const s = serve(['--port', '0'], { CAU_SHUTDOWN_TIMEOUT_MS: '700' });
    const url = await s.url;
    const socket = await rawRequest(url);
    socket.on('error', () => undefined);
    socket.write(
      'POST /api/prior-art HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"te',
    );
    // An idle keep-alive connection does not hold the server open either.
    const idle = await rawRequest(url);
    idle.write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(s.out()).toContain('requests still running after the timeout were cut off');
    socket.destroy();
    idle.destroy();
  });
});
