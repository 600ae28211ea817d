import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Command } from 'commander';
import { IndexUnavailableError, type SearchIndex, type SearchResponse } from '../search-index';
import { createApp } from './app';
import { validate } from './errors';
import { searchQuerySchema } from './schemas';
import { registerDiscoveryCommands } from './discovery-cli';

export interface SearchCliContext {
  openIndex(): SearchIndex;
  version: string;
  port: number;
  host: string;
  /** Where the index is, for the start-up line: the data folder or the cluster (no credentials). */
  location: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export function registerSearchCommands(program: Command, ctx: SearchCliContext): void {
  program
    .command('serve')
    .description('serve the HTTP API and the search page')
    .option('-p, --port <n>', `port (default: PORT or ${ctx.port})`)
    .action(async (opts: { port?: string }) => {
      const port = opts.port === undefined ? ctx.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`--port must be a number from 0 to 65535, got ${opts.port}`);
      }
      const index = ctx.openIndex();
      const app = createApp({
        index,
        version: ctx.version,
        log: (m) => ctx.stderr.write(`${m}\n`),
      });
      const server = await listen(app.listen.bind(app), port, ctx.host);
      const addr = server.address();
      const actual = typeof addr === 'object' && addr ? addr.port : port;
      // A cluster that is down now may be up soon: serve anyway, searches answer 503 meanwhile.
      const records = await index.count().then(String, (e: unknown) => {
        if (e instanceof IndexUnavailableError) return `? (${e.message})`;
        throw e;
      });
      ctx.stdout.write(
        `Cầu ${ctx.version}: ${records} records from ${ctx.location}\n` +
          `serving http://${ctx.host}:${actual}/ (API under /api, OpenAPI at /api/openapi.json)\n`,
      );
      const stop = (): void => {
        server.close(() => void index.close());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
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
        q = validate(searchQuerySchema, {
          q: query,
          ...params,
          explain: explain ? 'true' : undefined,
        });
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

/** Bad arguments: the CLI prints the message and exits with status 2. */
export class UsageError extends Error {}

function listen(
  listenFn: (port: number, host: string, cb: () => void) => Server,
  port: number,
  host: string,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = listenFn(port, host, () => resolve(server));
    server.once('error', reject);
  });
}

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
