import { relative } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import type { SearchIndex } from '../search-index';
import { ingestPaths, type IngestSummary } from './pipeline';
import { enqueueCommand, registerQueueCommands } from './queue/cli';
import type { JobQueue } from './queue/job-queue';
import { registerHarvestCommand, type HarvestSettings } from './harvest/cli';

export interface CliContext {
  openIndex(): SearchIndex;
  /** The Redis queue; undefined when REDIS_URL is not set (then --queue is a usage error). */
  openQueue?: () => Promise<JobQueue>;
  /** Where harvest watermarks are kept (the data dir). */
  dataDir: string;
  harvest: HarvestSettings;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  setExitCode(code: number): void;
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
    `files:   ${s.files} (${s.filesFailed} failed)`,
    `records: ${s.records} read${formats ? ` (${formats})` : ''}`,
    `index:   ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.deleted} deleted`,
    `time:    ${s.seconds.toFixed(2)} s (${rate} records/s)`,
    '',
  ].join('\n');
}
