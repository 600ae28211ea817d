import cluster, { type Worker } from 'node:cluster';
import { ClusterMemoryStorePrimary } from '@express-rate-limit/cluster-memory-store';
import { AggregatorRegistry } from 'prom-client';
import { CauError } from '../search-index';
import type { Logger } from './logging';
import { isWorkerMessage, type PrimaryMessage } from './serve-messages';

/**
 * Workers that die faster than this are a crash loop, not bad luck: the primary stops them all
 * and exits 1 rather than restarting for ever (a service manager's restart policy takes over).
 */
export const CRASH_LOOP = { windowMs: 60_000, deathsPerWorker: 3 };
/** After the drain timeout, how long a worker may take to close its index and exit. */
const EXIT_GRACE_MS = 5000;

export interface PrimaryOptions {
  logger: Logger;
  workers: number;
  port: number;
  host: string;
  shutdownTimeoutMs: number;
  /** Logged once every worker listens (the record count, where the index is). */
  startLine: string;
}

/** The workers could not start (the first one's error), or kept dying: exit 1. */
export class WorkersFailedError extends CauError {}

/**
 * The primary process of `cau serve` with CAU_SERVE_WORKERS > 1: starts that many workers
 * (each runs `cau serve` with the same arguments, opens the index read-only and listens on the
 * shared port; node:cluster hands each new connection to the next worker in turn), answers their
 * requests for the metrics of all of them, keeps the rate-limit counts for all of them, replaces
 * a worker that dies (logged), and on SIGTERM or SIGINT has every worker drain, then returns.
 * A worker that cannot start (port in use, unreadable index) stops them all: the first one's
 * error is thrown (exit 1).
 */
export async function servePrimary(options: PrimaryOptions): Promise<void> {
  const { logger } = options;
  new ClusterMemoryStorePrimary().init();
  const aggregator = new AggregatorRegistry();
  const onMessage = (worker: Worker, m: unknown): void => {
    if (!isWorkerMessage(m) || m.type !== 'cau:metrics?') return;
    const reply = (r: PrimaryMessage): void => {
      if (worker.isConnected()) worker.send(r);
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ type: 'cau:metrics', id: m.id, text }),
      (e: unknown) => reply({ type: 'cau:metrics', id: m.id, error: (e as Error).message }),
    );
  };
  cluster.on('message', onMessage);

  let port = options.port;
  const drained = new Map<Worker, boolean>();
  const listening = new Set<Worker>();
  /** Forks a worker; resolves once it listens, rejects if it fails or exits first. */
  const start = (): Promise<Worker> => {
    // Workers run this same command, so they ask for the same address and port: node:cluster
    // gives them all the primary's one listening socket (with port 0, the port it was given
    // first; while one worker is alive, a replacement shares it too).
    const worker = cluster.fork();
    return new Promise((ok, fail) => {
      const onWorkerMessage = (m: unknown): void => {
        if (!isWorkerMessage(m)) return;
        if (m.type === 'cau:listening') {
          port = m.port;
          listening.add(worker);
          ok(worker);
        } else if (m.type === 'cau:failed') {
          fail(new WorkersFailedError(m.code, m.message));
        } else if (m.type === 'cau:stopped') {
          drained.set(worker, m.drained);
        }
      };
      worker.on('message', onWorkerMessage);
      worker.once('exit', (code, signal) =>
        fail(
          new WorkersFailedError(
            'worker_failed',
            `a worker of cau serve stopped before it listened (${signal ?? `exit code ${code}`})`,
          ),
        ),
      );
    });
  };
  const alive = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  /** Asks every worker to drain; resolves when all have exited (killed after the bound). */
  const stopAll = async (): Promise<void> => {
    const workers = alive().filter((w) => !w.isDead());
    const exits = workers.map((w) => new Promise<void>((r) => w.once('exit', () => r())));
    for (const w of workers) {
      // One still starting may not listen for messages yet; a signal reaches it either way
      // (before its handler is installed, it simply ends).
      if (listening.has(w) && w.isConnected()) w.send({ type: 'cau:drain' } as PrimaryMessage);
      else w.process.kill('SIGTERM');
    }
    const hard = setTimeout(() => {
      for (const w of alive()) if (!w.isDead()) w.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + EXIT_GRACE_MS);
    await Promise.all(exits);
    clearTimeout(hard);
  };

  // -- start: all workers listen, or none stays
  const first = await Promise.allSettled(Array.from({ length: options.workers }, start));
  const failure = first.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stopAll();
    cluster.off('message', onMessage);
    throw failure.reason;
  }
  logger.info(options.startLine);
  logger.info(
    `serving http://${options.host}:${port}/ (API under /api, OpenAPI at /api/openapi.json; ` +
      `${options.workers} worker processes, pids ${alive()
        .map((w) => w.process.pid)
        .join(', ')})`,
  );

  // -- running: replace a worker that dies, unless they keep dying
  let stopping = false;
  const deaths: number[] = [];
  let crashLoop: (() => void) | undefined;
  const crashed = new Promise<string>((r) => (crashLoop = () => r('crash loop')));
  const onExit = (worker: Worker, code: number | null, signal: string | null): void => {
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - CRASH_LOOP.windowMs) deaths.shift();
    const how = signal ? `killed by ${signal}` : `exit code ${code}`;
    if (deaths.length > CRASH_LOOP.deathsPerWorker * options.workers) {
      logger.fatal(
        `worker ${worker.process.pid} stopped (${how}); ${deaths.length} workers died within ` +
          `${CRASH_LOOP.windowMs / 1000} s: stopping cau serve`,
      );
      crashLoop?.();
      return;
    }
    logger.warn(
      { worker: worker.process.pid },
      `worker ${worker.process.pid} stopped (${how}): starting another`,
    );
    start().then(
      (w) =>
        logger.info(
          { worker: w.process.pid },
          `worker ${w.process.pid} started in place of ${worker.process.pid}`,
        ),
      (e: unknown) => logger.error(`a replacement worker did not start: ${(e as Error).message}`),
    );
  };
  cluster.on('exit', onExit);

  const reason = await Promise.race([
    crashed,
    new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    }),
  ]);
  stopping = true;
  logger.info(
    `${reason}: finishing the requests in flight (at most ${options.shutdownTimeoutMs} ms), taking no new ones`,
  );
  await stopAll();
  cluster.off('exit', onExit);
  cluster.off('message', onMessage);
  if (reason === 'crash loop') {
    throw new WorkersFailedError(
      'workers_failing',
      `the workers of cau serve kept dying (more than ${CRASH_LOOP.deathsPerWorker * options.workers} within ${CRASH_LOOP.windowMs / 1000} s); see the log above`,
    );
  }
  if ([...drained.values()].every(Boolean) && drained.size >= options.workers) {
    logger.info('stopped');
  } else {
    logger.warn('stopped: requests still running after the timeout were cut off');
  }
}
