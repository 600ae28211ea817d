import { InvalidArgumentError, type Command } from 'commander';
import { harvestOpenAlex, type OpenAlexHarvestSummary } from './openalex';
import type { SearchIndex } from '../../search-index';
import { ingestHandler } from '../queue/handlers';
import { InProcessJobQueue } from '../queue/in-process';
import type { JobQueue } from '../queue/job-queue';
import { withQueue } from '../queue/cli';
import { harvest, type HarvestSummary } from './harvest';
import type { ClientSettings } from './oai-client';
import { WatermarkStore } from './watermark';

export type HarvestSettings = ClientSettings;

export interface HarvestCliContext {
  openIndex(): SearchIndex;
  openQueue?: () => Promise<JobQueue>;
  dataDir: string;
  harvest: HarvestSettings;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  setExitCode(code: number): void;
}

function day(raw: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  }
  return raw;
}

function baseUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return raw;
  } catch {
    // falls through to the usage error
  }
  throw new InvalidArgumentError(
    'must be an http(s) URL, e.g. https://repo.example.edu/oai/request',
  );
}

export function registerHarvestCommand(program: Command, ctx: HarvestCliContext): void {
  program
    .command('harvest')
    .description(
      'harvest an OAI-PMH repository (ListRecords) from where the last harvest ended, or OpenAlex works (--openalex)',
    )
    .argument(
      '[baseUrl]',
      'the repository base URL (with --openalex: the API, default OpenAlex)',
      baseUrl,
    )
    .option('--openalex <filter>', 'OpenAlex works matching this filter, paged with a cursor')
    .option('--mailto <email>', 'with --openalex: your address, for OpenAlex polite pool')
    .option('--set <spec>', 'only this set')
    .option('--from <date>', 'records changed on or after YYYY-MM-DD (default: the watermark)', day)
    .option(
      '--until <date>',
      'records changed on or before YYYY-MM-DD (the watermark is then kept)',
      day,
    )
    .option('--metadata-prefix <prefix>', 'metadata format', 'oai_dc')
    .option(
      '--queue',
      'hand pages to the Redis queue (REDIS_URL) for workers, instead of ingesting here',
    )
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        url: string | undefined,
        opts: {
          set?: string;
          from?: string;
          until?: string;
          metadataPrefix: string;
          queue?: boolean;
          json?: boolean;
          openalex?: string;
          mailto?: string;
        },
        command: Command,
      ) => {
        if (opts.openalex !== undefined) {
          if (!opts.openalex.trim())
            command.error('error: --openalex needs a filter', { exitCode: 2 });
          await harvestOpenAlexCommand(ctx, { ...opts, filter: opts.openalex, apiUrl: url });
          return;
        }
        if (!url) command.error("error: missing required argument 'baseUrl'", { exitCode: 2 });
        const store = WatermarkStore.under(ctx.dataDir);
        const target = {
          baseUrl: url!,
          set: opts.set,
          from: opts.from,
          until: opts.until,
          metadataPrefix: opts.metadataPrefix,
          onPage: (p: { url: string; number: number }) =>
            ctx.stderr.write(`page ${p.number}: ${p.url}\n`),
        };
        let summary: HarvestSummary;
        // Counted in-process only; queued pages are counted by the workers that ingest them.
        let ingested = { records: 0, deleted: 0 };
        if (opts.queue) {
          summary = await withQueue(ctx, 'cau harvest --queue', (queue) =>
            harvest(target, queue, store, ctx.harvest),
          );
        } else {
          ({ summary, ...ingested } = await ingestingHere(ctx, 2, (queue) =>
            harvest(target, queue, store, ctx.harvest, { waitForJobs: true }),
          ));
        }
        const report = opts.queue ? summary : { ...summary, ...ingested };
        ctx.stdout.write(
          opts.json
            ? `${JSON.stringify(report)}\n`
            : `harvested ${summary.baseUrl}${summary.from ? ` from ${summary.from}` : ' (full)'}: ` +
                `${summary.empty ? 'no changed records' : `${summary.pages} page(s)`}` +
                `${opts.queue ? ` queued on the ingest queue` : `, ${ingested.records} records read, ${ingested.deleted} deleted`}` +
                `${summary.restarts ? `, restarted ${summary.restarts}× after an expired token` : ''}; ` +
                `next harvest from ${summary.watermark?.from ?? '(unchanged watermark)'}\n`,
        );
      },
    );
}

/** `cau harvest --openalex "<filter>"`: in this process, or onto the queue with --queue. */
async function harvestOpenAlexCommand(
  ctx: HarvestCliContext,
  opts: { filter: string; apiUrl?: string; mailto?: string; queue?: boolean; json?: boolean },
): Promise<void> {
  const target = {
    filter: opts.filter,
    apiUrl: opts.apiUrl,
    mailto: opts.mailto,
    onPage: (p: { url: string; number: number; records: number }) =>
      ctx.stderr.write(`page ${p.number}: ${p.records} works\n`),
  };
  const ingested = { records: 0 };
  let summary: OpenAlexHarvestSummary;
  if (opts.queue) {
    summary = await withQueue(ctx, 'cau harvest --queue', (queue) =>
      harvestOpenAlex(target, queue, ctx.harvest),
    );
  } else {
    const here = await ingestingHere(ctx, 1, (queue) =>
      harvestOpenAlex(target, queue, ctx.harvest, { waitForJobs: true }),
    );
    summary = here.summary;
    // Works are never deleted by OpenAlex pages: the report counts only what was read.
    ingested.records = here.records;
  }
  const report = opts.queue ? summary : { ...summary, ...ingested };
  ctx.stdout.write(
    opts.json
      ? `${JSON.stringify(report)}\n`
      : `harvested OpenAlex works (${summary.filter}): ${summary.pages} page(s), ${summary.works} works` +
          `${opts.queue ? ' queued on the ingest queue' : `, ${ingested.records} records read`}\n`,
  );
}

/**
 * A harvest whose pages are ingested in this process as they come: `run` enqueues them on an
 * in-process queue (`attempts` per page), one worker indexes them; a failure prints every failed
 * page's reason before it is rethrown. Returns the harvest's summary and what was ingested.
 */
async function ingestingHere<S>(
  ctx: HarvestCliContext,
  attempts: number,
  run: (queue: JobQueue) => Promise<S>,
): Promise<{ summary: S; records: number; deleted: number }> {
  const counts = { records: 0, deleted: 0 };
  const index = ctx.openIndex();
  const queue = new InProcessJobQueue('harvest', { attempts, backoffMs: 1000 });
  const worker = queue.work(
    ingestHandler(index, {
      onDone: (_, s) => {
        counts.records += s.records;
        counts.deleted += s.deleted;
      },
    }),
    { concurrency: 1 },
  );
  try {
    const summary = await run(queue);
    return { summary, ...counts };
  } catch (e) {
    for (const f of await queue.failed()) ctx.stderr.write(`error: ${f.reason}\n`);
    throw e;
  } finally {
    await worker.close();
    await queue.close();
    await index.close();
  }
}
