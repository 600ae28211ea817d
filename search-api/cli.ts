import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CauError,
  IndexUnavailableError,
  type SearchIndex,
  type SearchResponse,
} from '../search-index';
import { createApp } from './app';
import { validate, type ParamName } from './errors';
import { createLogger, type LogLevel } from './logging';
import type { QueueProbe } from './metrics';
import { DEFAULT_PROTECTIONS, type ProtectionSettings } from './protections';
import { drain, listen } from './server';
import { servePrimary } from './serve-primary';
import { workerLink, type WorkerLink } from './serve-worker';
import { searchQuerySchema } from './schemas';
import { registerDiscoveryCommands } from './discovery-cli';

export interface SearchCliContext {
  /** `readonly`: the embedded index for reading only (the workers of `cau serve`). */
  openIndex(options?: { readonly?: boolean }): SearchIndex;
  version: string;
  port: number;
  host: string;
  /** Where the index is, for the start-up line: the data folder or the cluster (no credentials). */
  location: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** `cau serve` in public: logs, headers, limits and shutdown (bin/config.ts). */
  serve?: ServeSettings;
  /** The Redis queue, when REDIS_URL is set: `cau serve` probes it and shows its depths. */
  openQueue?: () => Promise<QueueProbe & { close(): Promise<void> }>;
}

export interface ServeSettings {
  logLevel: LogLevel;
  corsOrigins: string[];
  trustProxy: boolean | number | string;
  rateLimit: ProtectionSettings['rateLimit'];
  shutdownTimeoutMs: number;
  requestTimeoutMs: number;
  /** Worker processes (node:cluster); 1: this process serves, as before workers existed. */
  workers: number;
}

export const DEFAULT_SERVE: ServeSettings = {
  logLevel: 'info',
  ...DEFAULT_PROTECTIONS,
  trustProxy: false,
  shutdownTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  workers: 1,
};

/** CLI spelling of a request parameter, for messages: the query is an argument, the rest options. */
export const cliName: ParamName = (p) => (p === 'q' ? 'query' : `--${p.split('.')[0]}`);

export function registerSearchCommands(program: Command, ctx: SearchCliContext): void {
  program
    .command('serve')
    .description('serve the HTTP API and the search page')
    .option('-p, --port <n>', `port (default: PORT or ${ctx.port})`)
    .action(async (opts: { port?: string }) => {
      const port = opts.port === undefined ? ctx.port : Number(opts.port);
      if (opts.port !== undefined && (!/^\d+$/.test(opts.port) || port > 65535)) {
        throw new UsageError(
          `--port: ${JSON.stringify(opts.port)} is not a port; allowed: a whole number from 0 to 65535`,
        );
      }
      await serve(ctx, port);
    });

  program
    .command('search')
    .description('search the index from the command line')
    .argument('<query>', 'query text (same syntax as the API)')
    .option('--type <type>', 'patent or research')
    .option('--ipc <prefix>', 'IPC prefix: C, C05, C05F, C05F 11, C05F 11/08')
    .option('--from <date>', 'published on or after YYYY-MM-DD')
    .option('--to <date>', 'published on or before YYYY-MM-DD')
    .option('--field <field>', 'WIPO technology field: number 1-35 or name')
    .option('--sector <sector>', 'WIPO sector, e.g. Chemistry')
    .option('--sort <mode>', 'relevance, readiness or date')
    .option('--explain', 'show the parts of each score')
    .option('--limit <n>', 'number of hits (1-100)', '10')
    .option('--json', 'print the API response JSON')
    .action(async (query: string, opts: Record<string, string | boolean | undefined>) => {
      const { json, explain, ...params } = opts;
      let q;
      try {
        q = validate(
          searchQuerySchema,
          { q: query, ...params, explain: explain ? 'true' : undefined },
          cliName,
        );
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const index = ctx.openIndex();
      try {
        const result = await index.search({ ...q, query: q.q, facets: Boolean(json) });
        ctx.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : formatHits(result));
      } finally {
        await index.close();
      }
    });

  registerDiscoveryCommands(
    program,
    { ...ctx, readStdin: () => readFileSync(0, 'utf8') },
    (message) => new UsageError(message),
  );
}

/**
 * `cau serve`: one process, or (CAU_SERVE_WORKERS > 1) a primary process and that many workers
 * that each run this same command (serve-primary.ts). Either way: an address that cannot be bound
 * is an error naming it (exit 1), one JSON log line per request, and SIGTERM or SIGINT drains.
 */
async function serve(ctx: SearchCliContext, port: number): Promise<void> {
  const settings = ctx.serve ?? DEFAULT_SERVE;
  if (cluster.isWorker) return serveAsWorker(ctx, settings, port);
  if (settings.workers <= 1) return serveOne(ctx, settings, port);
  const logger = createLogger(settings.logLevel, ctx.stdout);
  // Opened read-write once, before any worker: a new index is created with its schema and WAL,
  // an old one's version is checked; the workers then only read it.
  const index = ctx.openIndex();
  let records;
  try {
    records = await countForStartLine(index);
  } finally {
    await index.close();
  }
  await servePrimary({
    logger,
    workers: settings.workers,
    port,
    host: ctx.host,
    shutdownTimeoutMs: settings.shutdownTimeoutMs,
    startLine: `Cầu ${ctx.version}: ${records} records from ${ctx.location}`,
  });
}

/** A cluster that is down now may be up soon: serve anyway, searches answer 503 meanwhile. */
function countForStartLine(index: SearchIndex): Promise<string> {
  return index.count().then(String, (e: unknown) => {
    if (e instanceof IndexUnavailableError) return `? (${e.message})`;
    throw e;
  });
}

/**
 * A worker: the primary prints why it could not start (once, for all workers), so the worker
 * only tells it, and writes a stack trace only for what is not a CauError (a bug).
 */
async function serveAsWorker(
  ctx: SearchCliContext,
  settings: ServeSettings,
  port: number,
): Promise<void> {
  const link = workerLink();
  try {
    await serveOne(ctx, settings, port, link);
  } catch (e) {
    if (!(e instanceof CauError)) ctx.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    await link.failed(e);
    process.exitCode = 1;
  } finally {
    link.disconnect();
  }
}

/**
 * Serves in this process: listens, logs one JSON line per request, and on SIGTERM or SIGINT
 * (or, in a worker, the primary's drain) stops accepting, lets the requests in flight finish
 * (bounded), closes the index and the queue, and returns (exit 0). A worker (`link`) opens the
 * index read-only, shares its rate-limit counts and metrics through the primary, and reports
 * to it instead of logging the start and stop lines.
 */
async function serveOne(
  ctx: SearchCliContext,
  settings: ServeSettings,
  port: number,
  link?: WorkerLink,
): Promise<void> {
  const logger = createLogger(settings.logLevel, ctx.stdout);
  const index = ctx.openIndex(link ? { readonly: true } : undefined);
  // Redis down at start is not fatal: searches do not need it; /api/ready says it is down.
  const queue = ctx.openQueue
    ? await ctx.openQueue().catch((e: unknown) => {
        logger.warn({ err: e }, `queue unavailable: ${(e as Error).message}`);
        return undefined;
      })
    : undefined;
  const closeAll = async (): Promise<void> => {
    await queue?.close().catch(() => undefined);
    await index.close();
  };
  const app = createApp({
    index,
    version: ctx.version,
    logger,
    protections: { corsOrigins: settings.corsOrigins, rateLimit: settings.rateLimit },
    trustProxy: settings.trustProxy,
    queue,
    shared: link,
  });
  let server;
  try {
    server = await listen(app, {
      port,
      host: ctx.host,
      requestTimeoutMs: settings.requestTimeoutMs,
    });
  } catch (e) {
    await closeAll();
    throw e;
  }
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  let signal: string;
  if (link) {
    await link.listening(actual);
    signal = await link.stopRequested;
  } else {
    const records = await countForStartLine(index);
    logger.info(`Cầu ${ctx.version}: ${records} records from ${ctx.location}`);
    logger.info(
      `serving http://${ctx.host}:${actual}/ (API under /api, OpenAPI at /api/openapi.json)`,
    );
    signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
  }
  // A worker's drain is told by the primary, once for all of them.
  const say = link ? logger.debug.bind(logger) : logger.info.bind(logger);
  say(
    `${signal}: finishing the requests in flight (at most ${settings.shutdownTimeoutMs} ms), taking no new ones`,
  );
  const { drained } = await drain(server, settings.shutdownTimeoutMs);
  await closeAll();
  if (link) await link.stopped(drained);
  else if (drained) logger.info('stopped');
  else logger.warn('stopped: requests still running after the timeout were cut off');
}

/** Bad arguments: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {}

function formatHits(r: SearchResponse): string {
  const plain = (s: string): string =>
    s
      .replace(/<\/?mark>/g, '')
      .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
  const lines = [`${r.total} result${r.total === 1 ? '' : 's'}`];
  r.hits.forEach((h, i) => {
    lines.push('');
    lines.push(`${i + 1}. ${h.title}`);
    const who = h.type === 'patent' ? (h.applicants ?? []).map((a) => a.name) : (h.creators ?? []);
    lines.push(
      `   ${[h.id, h.type, h.published, h.ipc.slice(0, 3).join(', '), who.slice(0, 2).join('; ')].filter(Boolean).join(' | ')}`,
    );
    const tags = [
      h.readiness ? `TRL ${h.readiness.level}` : '',
      h.technologyFields
        .map((f) => f.field)
        .slice(0, 2)
        .join('; '),
    ].filter(Boolean);
    if (tags.length) lines.push(`   ${tags.join(' | ')}`);
    if (h.explain) {
      const e = h.explain;
      lines.push(
        `   score ${e.score.toFixed(2)} = text ${e.text.toFixed(2)} × boost ${e.boost.toFixed(3)} (readiness ${e.readiness.toFixed(2)}, field match ${e.field})`,
      );
    }
    const frag =
      h.highlights.abstract?.[0] ?? h.highlights.claims?.[0] ?? h.highlights.description?.[0];
    if (frag) lines.push(`   ${plain(frag)}`);
  });
  if (r.nextCursor) lines.push('', '(more results: raise --limit or use the API with nextCursor)');
  return `${lines.join('\n')}\n`;
}
