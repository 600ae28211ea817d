import { relative } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import {
  isVersionedIndex,
  NotSupportedError,
  ReindexError,
  type ReindexResult,
  type SearchIndex,
} from '../search-index';
import { ingestPaths, type IngestSummary } from './pipeline';
import { enqueueCommand, registerQueueCommands, type QueueCliContext } from './queue/cli';
import type { JobQueue } from './queue/job-queue';
import { registerHarvestCommand, type HarvestSettings } from './harvest/cli';

export interface CliContext {
  openIndex(): SearchIndex;
  /** The Redis queue; undefined when REDIS_URL is not set (then --queue is a usage error). */
  openQueue?: () => Promise<JobQueue>;
  /** Where harvest watermarks are kept (the data dir). */
  dataDir: string;
  /** Threads that parse and analyse (CAU_INGEST_WORKERS); absent or 0: the main thread does. */
  ingestWorkers?: number;
  harvest: HarvestSettings;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  setExitCode(code: number): void;
  /** `cau worker`'s metrics server, when CAU_METRICS_PORT is set. */
  observeWorker?: QueueCliContext['observeWorker'];
}

export function registerIngestCommands(program: Command, ctx: CliContext): void {
  program
    .command('ingest')
    .description('read patent and research files (folders are walked for .xml) into the index')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'print the summary as JSON')
    .option('--queue', 'split into per-document jobs on the Redis queue (REDIS_URL) and return')
    .action(async (paths: string[], opts: { json?: boolean; queue?: boolean }) => {
      if (opts.queue) return enqueueCommand(paths, Boolean(opts.json), ctx);
      const index = ctx.openIndex();
      try {
        const summary = await ingestWithProgress(paths, index, ctx);
        for (const f of summary.failures) ctx.stderr.write(`error: ${f.reason}\n`);
        ctx.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
        // Exit 1 names a run where some file could not be read; everything else was indexed.
        ctx.setExitCode(summary.filesFailed > 0 ? 1 : 0);
      } finally {
        await index.close();
      }
    });
  registerQueueCommands(program, ctx);
  registerHarvestCommand(program, ctx);

  program
    .command('reindex')
    .description(
      'rebuild the Elasticsearch index as a new version and swap the alias to it atomically',
    )
    .option('--from <paths...>', 'build from these files or folders instead of the current index')
    .option('--keep-old', 'keep the previous index after the swap')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { from?: string[]; keepOld?: boolean; json?: boolean }) => {
      const index = ctx.openIndex();
      try {
        if (!isVersionedIndex(index)) {
          // The embedded index has no alias to swap: its schema check already refuses an old
          // file, and rebuilding it is a fresh ingest into another CAU_DATA_DIR.
          throw new NotSupportedError(
            'cau reindex works on a cluster (set OPENSEARCH_URL or ELASTICSEARCH_URL); to rebuild the embedded ' +
              'index, ingest into a new CAU_DATA_DIR and switch to it when done',
          );
        }
        const paths = opts.from;
        const result = await index.reindex({
          keepOld: opts.keepOld,
          fill: paths && ((target) => fillFromSources(paths, target, ctx)),
        });
        ctx.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : formatReindex(result));
      } finally {
        await index.close();
      }
    });
}

/**
 * Ingests the sources into the new index and returns how many records it must hold. Any file
 * or record that failed stops the reindex before the swap: the new index would silently lack
 * what the current one has.
 */
async function fillFromSources(
  paths: string[],
  target: SearchIndex,
  ctx: CliContext,
): Promise<number> {
  const summary = await ingestWithProgress(paths, target, ctx);
  if (summary.failures.length > 0) {
    for (const f of summary.failures) ctx.stderr.write(`error: ${f.reason}\n`);
    throw new ReindexError(
      `${summary.filesFailed} file(s) failed, ${summary.rejected} record(s) rejected: the alias was not moved`,
    );
  }
  return summary.inserted - summary.deleted;
}

function formatReindex(r: ReindexResult): string {
  return [
    `alias:   ${r.alias} → ${r.current} (${r.records} records)`,
    `before:  ${r.previous.join(', ') || '(none)'}`,
    `deleted: ${r.deleted.join(', ') || '(none; kept)'}`,
    '',
  ].join('\n');
}

async function ingestWithProgress(
  paths: string[],
  index: SearchIndex,
  ctx: CliContext,
): Promise<IngestSummary> {
  if (ctx.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: 'ingest [{bar}] {value}/{total} files | {records} records | {rate} rec/s',
        stream: ctx.stderr,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    let started = false;
    const t0 = Date.now();
    try {
      return await ingestPaths(paths, index, {
        workers: ctx.ingestWorkers,
        onFile: (p, s) => {
          if (!started) bar.start(p.total, 0, { records: 0, rate: 0 });
          started = true;
          const rate = Math.round(s.records / Math.max(0.001, (Date.now() - t0) / 1000));
          bar.update(p.done, { records: s.records, rate });
        },
      });
    } finally {
      bar.stop();
    }
  }
  return ingestPaths(paths, index, {
    workers: ctx.ingestWorkers,
    onFile: (p) => {
      const status = p.failed ? 'FAILED' : `${p.records} record${p.records === 1 ? '' : 's'}`;
      ctx.stderr.write(
        `[${p.done}/${p.total}] ${relative(process.cwd(), p.file) || p.file}: ${status}\n`,
      );
    },
  });
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.records / s.seconds) : s.records;
  const formats = Object.entries(s.formats)
    .map(([f, n]) => `${f} ${n}`)
    .join(', ');
  return [
    `files:   ${s.files} (${s.filesFailed} failed` +
      (s.skipped?.length ? `, ${s.skipped.length} skipped: JSON of no format Cầu reads` : '') +
      ')',
    `records: ${s.records} read${formats ? ` (${formats})` : ''}`,
    `index:   ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.deleted} deleted` +
      (s.rejected ? `, ${s.rejected} rejected (kept in the dead-letter file)` : ''),
    `time:    ${s.seconds.toFixed(2)} s (${rate} records/s)`,
    '',
  ].join('\n');
}
