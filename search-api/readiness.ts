import type { RequestHandler } from 'express';
import type { SearchIndex } from '../search-index';
import type { QueueProbe } from './metrics';

/** How long one dependency may take to answer a readiness probe before it counts as down. */
export const PROBE_TIMEOUT_MS = 2000;

export interface CheckResult {
  ok: boolean;
  /** Why not, in a sentence without credentials or file paths. */
  error?: string;
  [detail: string]: unknown;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });
}

const reason = (e: unknown): string =>
  (e as { code?: string }).code === 'schema_version'
    ? 'the index was written by another version of Cầu'
    : e instanceof Error
      ? e.message
      : String(e);

/**
 * `GET /api/ready`: whether this instance can answer searches now, for a load balancer or an
 * orchestrator (liveness is /api/health). 200 when the index (embedded file or cluster) and,
 * when configured, Redis answer; 503 with the failing check otherwise.
 */
export function readinessHandler(index: SearchIndex, queue?: QueueProbe): RequestHandler {
  return async (_req, res) => {
    const checks: Record<string, CheckResult> = {};
    const [indexCheck, queueCheck] = await Promise.all([
      withTimeout(index.count(), PROBE_TIMEOUT_MS).then(
        (records): CheckResult => ({ ok: true, records }),
        (e: unknown): CheckResult => ({ ok: false, error: reason(e) }),
      ),
      queue &&
        withTimeout(queue.counts(), PROBE_TIMEOUT_MS).then(
          (): CheckResult => ({ ok: true, queue: queue.name }),
          (e: unknown): CheckResult => ({ ok: false, queue: queue.name, error: reason(e) }),
        ),
    ]);
    checks.index = indexCheck;
    if (queueCheck) checks.redis = queueCheck;
    const ready = Object.values(checks).every((c) => c.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  };
}
