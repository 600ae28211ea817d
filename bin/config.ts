import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ALIAS, type ElasticsearchConfig } from '../search-index';

/**
 * Configuration, read once from the environment at start-up and validated; every setting
 * has a documented default (README, "Configuration"). Nothing below bin/ reads process.env.
 */
/** An empty variable (`export X=`) counts as unset. */
const unset = (v: unknown) => (v === '' ? undefined : v);
const optionalText = z.preprocess(unset, z.string().optional());

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
  CAU_HARVEST_INTERVAL_MS: z.coerce.number().int().min(0).default(1000),
  CAU_HARVEST_RETRIES: z.coerce.number().int().min(0).max(50).default(5),
  CAU_HARVEST_MAX_WAIT_MS: z.coerce.number().int().min(0).default(300000),
  // Elasticsearch: set the URL and every command uses the cluster instead of CAU_DATA_DIR.
  ELASTICSEARCH_URL: z.preprocess(
    unset,
    z
      .string()
      .refine((s) => /^https?:$/.test(URL.parse(s)?.protocol ?? ''), 'must be an http(s) URL')
      .optional(),
  ),
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
  CAU_METRICS_PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65535).optional()),
  ELASTICSEARCH_INDEX: z.preprocess(
    unset,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be a lower-case Elasticsearch index name')
      .default(DEFAULT_ALIAS),
  ),
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
  harvest: {
    /** Least time between two requests to one host. */
    intervalMs: number;
    /** Retries of one request after a transient failure (network, 5xx, 429, 503). */
    retries: number;
    /** Longest single wait (Retry-After or backoff) a harvest accepts. */
    maxWaitMs: number;
  };
  /** Set when ELASTICSEARCH_URL is: the cluster replaces the embedded index. */
  elasticsearch?: ElasticsearchConfig;
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
  const elasticsearch = elasticsearchConfig(c);
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

function elasticsearchConfig(c: z.output<typeof schema>): ElasticsearchConfig | undefined {
  const invalid = (why: string) => new ConfigError(`invalid configuration: ${why}`);
  if (!c.ELASTICSEARCH_URL) {
    const stray = (['API_KEY', 'USERNAME', 'PASSWORD', 'CA_FILE'] as const).filter(
      (k) => c[`ELASTICSEARCH_${k}`] !== undefined,
    );
    if (stray.length) {
      throw invalid(
        `${stray.map((k) => `ELASTICSEARCH_${k}`).join(', ')} set without ELASTICSEARCH_URL`,
      );
    }
    return undefined;
  }
  if (c.ELASTICSEARCH_PASSWORD && !c.ELASTICSEARCH_USERNAME) {
    throw invalid('ELASTICSEARCH_PASSWORD needs ELASTICSEARCH_USERNAME');
  }
  if (c.ELASTICSEARCH_API_KEY && c.ELASTICSEARCH_USERNAME) {
    throw invalid('set ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD, not both');
  }
  let ca: string | undefined;
  if (c.ELASTICSEARCH_CA_FILE) {
    try {
      ca = readFileSync(resolve(c.ELASTICSEARCH_CA_FILE), 'utf8');
    } catch (e) {
      throw invalid(`ELASTICSEARCH_CA_FILE cannot be read: ${(e as Error).message}`);
    }
  }
  return {
    url: c.ELASTICSEARCH_URL,
    index: c.ELASTICSEARCH_INDEX,
    ...(c.ELASTICSEARCH_API_KEY ? { apiKey: c.ELASTICSEARCH_API_KEY } : {}),
    ...(c.ELASTICSEARCH_USERNAME ? { username: c.ELASTICSEARCH_USERNAME } : {}),
    ...(c.ELASTICSEARCH_PASSWORD ? { password: c.ELASTICSEARCH_PASSWORD } : {}),
    ...(ca ? { ca } : {}),
  };
}
