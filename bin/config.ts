import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ALIAS, type ClusterConfig, type Engine } from '../search-index';

/**
 * Configuration, read once from the environment at start-up and validated; every setting
 * has a documented default (README, "Configuration"). Nothing below bin/ reads process.env.
 */
/** An empty variable (`export X=`) counts as unset. */
const unset = (v: unknown) => (v === '' ? undefined : v);
const optionalText = z.preprocess(unset, z.string().optional());
const httpUrl = z.preprocess(
  unset,
  z
    .string()
    .refine((s) => /^https?:$/.test(URL.parse(s)?.protocol ?? ''), 'must be an http(s) URL')
    .optional(),
);
const indexName = z.preprocess(
  unset,
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a lower-case index name')
    .default(DEFAULT_ALIAS),
);

/** Express's `trust proxy` values: a boolean, a hop count, or named/explicit address ranges. */
const TRUST_PROXY =
  /^(true|false|\d+|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*))$/;

const schema = z.object({
  CAU_DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  // Unset (or empty): no queue; `cau ingest` and `cau harvest` run jobs in-process.
  REDIS_URL: z.preprocess(
    unset,
    z
      .string()
      .refine((v) => /^rediss?:\/\/[^\s]+$/.test(v) && URL.canParse(v), {
        message: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      })
      .optional(),
  ),
  CAU_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'letters, digits, . _ - only')
    .default('cau-ingest'),
  CAU_QUEUE_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(3),
  CAU_QUEUE_BACKOFF_MS: z.coerce.number().int().min(0).default(5000),
  CAU_QUEUE_LOCK_MS: z.coerce.number().int().min(500).default(30000),
  CAU_QUEUE_STALLED_MS: z.coerce.number().int().min(200).default(30000),
  // Threads that parse and analyse for `cau ingest` and `cau worker`; 0: all in the main thread.
  CAU_INGEST_WORKERS: z.preprocess(unset, z.coerce.number().int().min(0).max(64).optional()),
  CAU_HARVEST_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  CAU_HARVEST_RETRIES: z.coerce.number().int().min(0).max(50).default(5),
  CAU_HARVEST_MAX_WAIT_MS: z.coerce.number().int().min(0).default(300000),
  // Elasticsearch: set the URL and every command uses the cluster instead of CAU_DATA_DIR.
  ELASTICSEARCH_URL: httpUrl,
  ELASTICSEARCH_API_KEY: optionalText,
  ELASTICSEARCH_USERNAME: optionalText,
  ELASTICSEARCH_PASSWORD: optionalText,
  ELASTICSEARCH_CA_FILE: optionalText,
  // Serving in public (docs/operations.md).
  CAU_LOG_LEVEL: z.preprocess(
    unset,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
  ),
  CAU_CORS_ORIGINS: z.preprocess(
    unset,
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .refine((os) => os.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), {
        message: 'must be * or a comma-separated list of origins such as https://example.org',
      })
      .default([]),
  ),
  CAU_TRUST_PROXY: z.preprocess(
    unset,
    z
      .string()
      .refine((s) => TRUST_PROXY.test(s), {
        message:
          'must be false, true, a number of proxies, loopback, linklocal, uniquelocal or IP addresses/CIDR ranges (comma-separated)',
      })
      .default('false'),
  ),
  CAU_RATE_LIMIT: z.coerce.number().int().min(0).default(300),
  CAU_RATE_LIMIT_EXPENSIVE: z.coerce.number().int().min(0).default(30),
  CAU_RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
  CAU_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  CAU_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  // Processes that answer requests for `cau serve` (node:cluster); 1: one process, as before.
  CAU_SERVE_WORKERS: z.preprocess(unset, z.coerce.number().int().min(1).max(64).optional()),
  CAU_METRICS_PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65535).optional()),
  ELASTICSEARCH_INDEX: indexName,
  // OpenSearch 2: the same, through OpenSearch's own client (no API keys there).
  OPENSEARCH_URL: httpUrl,
  OPENSEARCH_USERNAME: optionalText,
  OPENSEARCH_PASSWORD: optionalText,
  OPENSEARCH_CA_FILE: optionalText,
  OPENSEARCH_INDEX: indexName,
});

export interface Config {
  /** Where the embedded index lives (absolute); also where Elasticsearch dead letters go. */
  dataDir: string;
  port: number;
  host: string;
  /** Redis for queued ingestion; undefined: jobs run in-process. */
  redisUrl?: string;
  queue: {
    name: string;
    attempts: number;
    backoffMs: number;
    lockMs: number;
    stalledMs: number;
  };
  /** Worker threads that parse and analyse while the main thread writes (default: one per core). */
  ingestWorkers: number;
  harvest: {
    /** Least time between two requests to one host. */
    intervalMs: number;
    /** Retries of one request after a transient failure (network, 5xx, 429, 503). */
    retries: number;
    /** Longest single wait (Retry-After or backoff) a harvest accepts. */
    maxWaitMs: number;
  };
  /**
   * Set when ELASTICSEARCH_URL or OPENSEARCH_URL is: the cluster replaces the embedded index
   * (`engine` says which; the field keeps the name it had before OpenSearch came).
   */
  elasticsearch?: ClusterConfig;
  /** `cau serve` in public: logs, headers, limits, shutdown (docs/operations.md). */
  serve: ServeConfig;
}

export interface ServeConfig {
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Origins allowed to call the API from a browser; empty: no CORS headers at all. */
  corsOrigins: string[];
  /** Express's `trust proxy`: which X-Forwarded-For hops to believe for the client address. */
  trustProxy: boolean | number | string;
  /** Requests per client per window (0: no limit), and for the expensive endpoints. */
  rateLimit: { windowMs: number; limit: number; expensiveLimit: number };
  /** How long SIGTERM/SIGINT waits for requests in flight before closing them. */
  shutdownTimeoutMs: number;
  /** Longest time a client may take to send one request (slow clients hold sockets). */
  requestTimeoutMs: number;
  /** Worker processes of `cau serve` (default: one per core); 1: a single process. */
  workers: number;
  /** `cau worker`: serve /metrics on this port (unset: no metrics server). */
  workerMetricsPort?: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const c = parsed.data;
  const elasticsearch = clusterConfig(c);
  return {
    dataDir: resolve(c.CAU_DATA_DIR),
    port: c.PORT,
    host: c.HOST,
    redisUrl: c.REDIS_URL,
    queue: {
      name: c.CAU_QUEUE,
      attempts: c.CAU_QUEUE_ATTEMPTS,
      backoffMs: c.CAU_QUEUE_BACKOFF_MS,
      lockMs: c.CAU_QUEUE_LOCK_MS,
      stalledMs: c.CAU_QUEUE_STALLED_MS,
    },
    ingestWorkers: c.CAU_INGEST_WORKERS ?? availableParallelism(),
    harvest: {
      intervalMs: c.CAU_HARVEST_INTERVAL_MS,
      retries: c.CAU_HARVEST_RETRIES,
      maxWaitMs: c.CAU_HARVEST_MAX_WAIT_MS,
    },
    ...(elasticsearch ? { elasticsearch } : {}),
    serve: {
      logLevel: c.CAU_LOG_LEVEL,
      corsOrigins: c.CAU_CORS_ORIGINS,
      trustProxy: trustProxy(c.CAU_TRUST_PROXY),
      rateLimit: {
        windowMs: c.CAU_RATE_LIMIT_WINDOW_MS,
        limit: c.CAU_RATE_LIMIT,
        expensiveLimit: c.CAU_RATE_LIMIT_EXPENSIVE,
      },
      shutdownTimeoutMs: c.CAU_SHUTDOWN_TIMEOUT_MS,
      requestTimeoutMs: c.CAU_REQUEST_TIMEOUT_MS,
      workers: c.CAU_SERVE_WORKERS ?? availableParallelism(),
      ...(c.CAU_METRICS_PORT !== undefined ? { workerMetricsPort: c.CAU_METRICS_PORT } : {}),
    },
  };
}

function trustProxy(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

type Parsed = z.output<typeof schema>;

/** At most one cluster: Elasticsearch or OpenSearch, each with its own variables. */
function clusterConfig(c: Parsed): ClusterConfig | undefined {
  if (c.ELASTICSEARCH_URL && c.OPENSEARCH_URL) {
    throw new ConfigError(
      'invalid configuration: ELASTICSEARCH_URL and OPENSEARCH_URL are both set; Cầu uses one cluster, unset the other',
    );
  }
  const elasticsearch = engineConfig(c, 'elasticsearch');
  const opensearch = engineConfig(c, 'opensearch');
  return elasticsearch ?? opensearch;
}

function engineConfig(c: Parsed, engine: Engine): ClusterConfig | undefined {
  const invalid = (why: string) => new ConfigError(`invalid configuration: ${why}`);
  const P = engine === 'elasticsearch' ? 'ELASTICSEARCH' : 'OPENSEARCH';
  const v = {
    url: c[`${P}_URL`],
    apiKey: engine === 'elasticsearch' ? c.ELASTICSEARCH_API_KEY : undefined,
    username: c[`${P}_USERNAME`],
    password: c[`${P}_PASSWORD`],
    caFile: c[`${P}_CA_FILE`],
    index: c[`${P}_INDEX`],
  };
  if (!v.url) {
    const stray = (
      [
        ['API_KEY', v.apiKey],
        ['USERNAME', v.username],
        ['PASSWORD', v.password],
        ['CA_FILE', v.caFile],
      ] as const
    ).filter(([, value]) => value !== undefined);
    if (stray.length) {
      throw invalid(`${stray.map(([k]) => `${P}_${k}`).join(', ')} set without ${P}_URL`);
    }
    return undefined;
  }
  if (v.password && !v.username) {
    throw invalid(`${P}_PASSWORD needs ${P}_USERNAME`);
  }
  if (v.apiKey && v.username) {
    throw invalid(`set ${P}_API_KEY or ${P}_USERNAME/PASSWORD, not both`);
  }
  let ca: string | undefined;
  if (v.caFile) {
    try {
      ca = readFileSync(resolve(v.caFile), 'utf8');
    } catch (e) {
      throw invalid(`${P}_CA_FILE cannot be read: ${(e as Error).message}`);
    }
  }
  return {
    engine,
    url: v.url,
    index: v.index,
    ...(v.apiKey ? { apiKey: v.apiKey } : {}),
    ...(v.username ? { username: v.username } : {}),
    ...(v.password ? { password: v.password } : {}),
    ...(ca ? { ca } : {}),
  };
}
