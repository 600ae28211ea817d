import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { track } from './processes';

/**
 * `cau serve` as an operator runs it, for the serve suites: a real child process, real
 * sockets, real signals.
 */
const CAU = join(resolve(__dirname, '..', '..'), 'bin', 'cau.js');

export interface Serving {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
  /** The banner line's match (`serving http://…/ …`); rejects if the server exits first. */
  banner: Promise<RegExpExecArray>;
  /** The base URL from the banner, without the trailing slash. */
  url: Promise<string>;
}

/**
 * Starts `cau serve args` in `cwd` with exactly `env`. `banner` must capture the base URL as
 * its first group; a caller that needs more of the line (worker pids) passes its own.
 */
export function startServe(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  banner: RegExp = /serving (http:\/\/\S+?)\//,
): Serving {
  const child = track(spawn(process.execPath, [CAU, 'serve', ...args], { cwd, env }));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const seen = new Promise<RegExpExecArray>((ok, fail) => {
    const look = (): void => {
      const m = banner.exec(out);
      if (m) ok(m);
    };
    child.stdout!.on('data', look);
    void exit.then((code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
  const url = seen.then((m) => m[1]!);
  // A test that expects the start to fail awaits `exit` only.
  for (const p of [seen, url]) p.catch(() => undefined);
  return { child, out: () => out, err: () => err, exit, banner: seen, url };
}

/** A connection opened by hand, so that a request can be left half-sent while the server stops. */
export function rawRequest(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((ok, fail) => {
    const s = connect(Number(port), hostname, () => ok(s));
    s.once('error', fail);
  });
}
