import cluster from 'node:cluster';
import { ClusterMemoryStoreWorker } from '@express-rate-limit/cluster-memory-store';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { SharedState } from './app';
import { isPrimaryMessage, type PrimaryMessage, type WorkerMessage } from './serve-messages';

/** Longest wait for the primary's aggregated metrics (prom-client itself gives up after 5 s). */
const METRICS_TIMEOUT_MS = 8000;

/** A worker process of `cau serve`: its line to the primary process. */
export interface WorkerLink extends SharedState {
  listening(port: number): Promise<void>;
  failed(e: unknown): Promise<void>;
  stopped(drained: boolean): Promise<void>;
  /**
   * Resolves with the reason to stop: SIGTERM or SIGINT (a service manager or a terminal
   * signals the whole process group), or the primary's drain.
   */
  stopRequested: Promise<string>;
  /**
   * Leaves the cluster: with the server and the index closed, the process then exits with its
   * exit code (a bare IPC disconnect would make node:cluster exit 0 at once).
   */
  disconnect(): void;
}

function send(m: WorkerMessage): Promise<void> {
  return new Promise((ok) => {
    if (!process.connected || !process.send) return ok();
    // Delivered or not (the primary may be gone), the worker goes on.
    process.send(m, undefined, undefined, () => ok());
  });
}

export function workerLink(): WorkerLink {
  // Constructing one installs prom-client's answer to the primary's requests for metrics.
  new AggregatorRegistry();
  const waiting = new Map<number, (m: Extract<PrimaryMessage, { type: 'cau:metrics' }>) => void>();
  let nextId = 0;
  const stopRequested = new Promise<string>((resolve) => {
    // Not `once`: a second signal while draining must not kill the worker mid-request.
    process.on('SIGTERM', () => resolve('SIGTERM'));
    process.on('SIGINT', () => resolve('SIGINT'));
    process.on('message', (m: unknown) => {
      if (!isPrimaryMessage(m)) return;
      if (m.type === 'cau:drain') resolve('drain');
      else waiting.get(m.id)?.(m);
    });
  });
  return {
    metrics: (registry: Registry) => {
      AggregatorRegistry.setRegistries([registry]);
      return () =>
        new Promise<string>((ok, fail) => {
          const id = nextId++;
          const timer = setTimeout(() => {
            waiting.delete(id);
            fail(new Error('the metrics of the other workers did not arrive in time'));
          }, METRICS_TIMEOUT_MS);
          waiting.set(id, (m) => {
            waiting.delete(id);
            clearTimeout(timer);
            if (m.text !== undefined) ok(m.text);
            else fail(new Error(`metrics of the workers: ${m.error ?? 'no answer'}`));
          });
          void send({ type: 'cau:metrics?', id });
        });
    },
    rateLimitStore: (budget) => new ClusterMemoryStoreWorker({ prefix: budget }),
    listening: (port) => send({ type: 'cau:listening', port }),
    failed: (e) =>
      send({
        type: 'cau:failed',
        code:
          (e as { code?: unknown }).code === undefined
            ? 'error'
            : String((e as { code: unknown }).code),
        message: e instanceof Error ? e.message : String(e),
      }),
    stopped: (drained) => send({ type: 'cau:stopped', drained }),
    stopRequested,
    disconnect: () => {
      if (cluster.worker?.isConnected()) cluster.worker.disconnect();
    },
  };
}
