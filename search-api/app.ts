import express, { type Express } from 'express';
import type { Store } from 'express-rate-limit';
import type { Registry } from 'prom-client';
import type { SearchIndex } from '../search-index';
import { errorMiddleware, notFound } from './errors';
import { exportRouter } from './export-routes';
import { createLogger, lineLogger, requestLogger, type Logger } from './logging';
import { createMetrics, type QueueProbe } from './metrics';
import {
  DEFAULT_PROTECTIONS,
  corsPolicy,
  rateLimits,
  requireJsonBody,
  securityHeaders,
  type ProtectionSettings,
} from './protections';
import { readinessHandler } from './readiness';
import { apiRouter } from './routes';
import { webRouter } from './web';

export interface AppOptions {
  index: SearchIndex;
  version: string;
  /** Request and error log (default: warnings and errors as JSON on stderr). */
  logger?: Logger;
  /** Instead of a logger: given each error-level log line (server errors only), as JSON. */
  log?: (line: string) => void;
  /** CORS origins and rate limits (default: no CORS, 300 and 30 requests a minute). */
  protections?: ProtectionSettings;
  /** Express's `trust proxy` (default false: the client is the socket's address). */
  trustProxy?: boolean | number | string;
  /** The Redis queue, when configured: readiness checks it, /metrics shows its depths. */
  queue?: QueueProbe;
  /** Set in a worker process of `cau serve`: what it shares with the other workers. */
  shared?: SharedState;
}

/** What the worker processes of one `cau serve` share (serve-worker.ts). */
export interface SharedState {
  /** Given this worker's metrics, the text of /metrics for all the workers together. */
  metrics(registry: Registry): () => Promise<string>;
  /** Where a rate-limit budget's counts live, so that a client's budget is one for all workers. */
  rateLimitStore(budget: string): Store;
}

/**
 * JSON bodies above this are refused with 413. The largest valid body is a prior-art text of
 * 50,000 characters: up to 300 KB when a client escapes every character as \uXXXX.
 */
export const BODY_LIMIT = '512kb';

/**
 * The middleware chain, in order: request id and request log (so every later answer, even a
 * refusal, is logged with its id), metrics, security headers, CORS, rate limits, body checks,
 * then the routes, then the one error middleware.
 */
export function createApp({
  index,
  version,
  log,
  logger = log ? lineLogger(log) : createLogger('warn', process.stderr),
  protections = DEFAULT_PROTECTIONS,
  trustProxy = false,
  queue,
  shared,
}: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', trustProxy);
  const metrics = createMetrics({ index, queue });
  const observed = metrics.observe(index);
  const metricsText = shared ? shared.metrics(metrics.registry) : () => metrics.registry.metrics();

  app.use(requestLogger(logger));
  app.use(metrics.middleware);
  app.use(securityHeaders());
  const cors = corsPolicy(protections.corsOrigins);
  if (cors) app.use(cors);
  // Probes and metrics answer before the rate limits: a monitor polling them never spends,
  // nor is refused by, a client's budget.
  app.get('/api/ready', readinessHandler(index, queue));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metricsText());
  });
  for (const limit of rateLimits(protections.rateLimit, shared?.rateLimitStore)) app.use(limit);
  // The API takes JSON only; the pages take their forms (urlencoded) through their own parser.
  app.use('/api', requireJsonBody);
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use('/api', apiRouter(observed, version));
  // Export and the pages log their own failures mid-stream (after the headers are sent).
  const pageLog = (m: string): void => logger.error(m);
  app.use('/api', exportRouter(observed, version, pageLog));
  app.use('/api', notFound);
  app.use(webRouter(observed, { log: pageLog }));
  app.use(notFound);
  app.use(errorMiddleware(logger));
  return app;
}
