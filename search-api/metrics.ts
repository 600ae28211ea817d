import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SearchIndex, SearchRequest, SearchResponse } from '../search-index';
import { classify } from './route-table';
import { listen } from './server';

/** Job counts by state, from the Redis queue when one is configured. */
export interface QueueProbe {
  readonly name: string;
  counts(): Promise<{
    waiting: number;
    active: number;
    completed: number;
    failed: number;
    delayed: number;
  }>;
}

/**
 * The metrics of one app, in its own registry (two apps in one process, as in tests, never
 * share counters). Names follow Prometheus conventions: `_total` counters, `_seconds`
 * histograms, base units.
 */
export interface Metrics {
  registry: Registry;
  /** Counts and times every request under its route label (route-table.ts), with its status. */
  middleware: RequestHandler;
  /** Wraps an index so that every search (also those of prior art, similar, licensees) is counted. */
  observe(index: SearchIndex): SearchIndex;
}

/** Latency buckets (seconds) around the targets: p95 ≤ 150 ms under load, guards at 300 ms. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10];
const HIT_BUCKETS = [0, 1, 5, 10, 50, 100, 500, 1000, 5000, 20000, 100000];

/** Job counts by state, read from Redis at each scrape. */
function queueGauge(registry: Registry, queue: QueueProbe): void {
  new Gauge({
    name: 'cau_queue_jobs',
    help: 'Jobs on the Redis ingest queue, by state (read when scraped)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    // Every worker of `cau serve` reads the same queue: one reading, not their sum.
    aggregator: 'max',
    async collect() {
      this.reset();
      try {
        for (const [state, n] of Object.entries(await queue.counts())) {
          this.set({ queue: queue.name, state }, n);
        }
      } catch {
        // Redis unreachable: no values; /api/ready says so.
      }
    },
  });
}

export function createMetrics(options: { index: SearchIndex; queue?: QueueProbe }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'cau_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cau_http_request_duration_seconds',
    help: 'Time from a request arriving to its response being sent, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const searches = new Counter({
    name: 'cau_searches_total',
    help: 'Searches run by the index (including those of prior art, similar and licensees), by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const hits = new Histogram({
    name: 'cau_search_matches',
    help: 'Records a search matched (its total)',
    buckets: HIT_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'cau_index_records',
    help: 'Records in the index (read when scraped)',
    registers: [registry],
    // Every worker of `cau serve` reads the same index: one count, not their sum.
    aggregator: 'max',
    async collect() {
      // An index that cannot answer leaves the gauge out rather than failing the scrape.
      try {
        this.set(await options.index.count());
      } catch {
        this.reset();
      }
    },
  });
  if (options.queue) queueGauge(registry, options.queue);

  const middleware: RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      // originalUrl: by now a router may have cut its mount path off req.path.
      const route = classify(req.originalUrl.split('?')[0]!).label;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, seconds);
    });
    next();
  };

  // The proxy's own target is an empty object, so no invariant of the index's own properties
  // (a frozen or non-writable `search`) can forbid returning the counting wrapper.
  const observe = (index: SearchIndex): SearchIndex =>
    new Proxy({} as SearchIndex, {
      get(_empty, prop) {
        const target = index;
        if (prop === 'search') {
          return async (req: SearchRequest): Promise<SearchResponse> => {
            try {
              const res = await target.search(req);
              searches.inc({ outcome: res.total > 0 ? 'hits' : 'empty' });
              hits.observe(res.total);
              return res;
            } catch (e) {
              searches.inc({ outcome: 'error' });
              throw e;
            }
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
      set(_empty, prop, value) {
        return Reflect.set(index, prop, value);
      },
    });

  return { registry, middleware, observe };
}

/** What `cau worker` reports per job (the pipeline's counts), for its own /metrics. */
export interface IngestObserver {
  jobDone(counts: { inserted: number; updated: number; unchanged: number; deleted: number }): void;
  jobFailed(): void;
}

export interface IngestMetricsServer extends IngestObserver {
  port: number;
  close(): Promise<void>;
}

/**
 * `/metrics` of a `cau worker` (CAU_METRICS_PORT): jobs done and failed, records by outcome,
 * queue depths, process metrics. A worker has no HTTP API, so a small server of its own.
 */
export async function serveIngestMetrics(options: {
  port: number;
  host: string;
  queue?: QueueProbe;
}): Promise<IngestMetricsServer> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: 'cau_ingest_jobs_total',
    help: 'Ingest jobs this worker ran, by outcome (a failed attempt counts each time)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const records = new Counter({
    name: 'cau_ingest_records_total',
    help: 'Records this worker wrote, by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  if (options.queue) queueGauge(registry, options.queue);
  const server = await listen(
    (req, res) => {
      if ((req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    },
    { port: options.port, host: options.host, requestTimeoutMs: 10_000 },
  );
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : options.port,
    jobDone: (c) => {
      jobs.inc({ outcome: 'done' });
      for (const result of ['inserted', 'updated', 'unchanged', 'deleted'] as const) {
        if (c[result] > 0) records.inc({ result }, c[result]);
      }
    },
    jobFailed: () => jobs.inc({ outcome: 'failed' }),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
