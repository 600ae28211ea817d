import type { Command } from 'commander';
import {
  NotSupportedError,
  backupIndex,
  restoreIndex,
  type BackupResult,
  type RestoreResult,
} from '../search-index';

export interface BackupCliContext {
  dataDir: string;
  /** Set when the index is a cluster: its own snapshots are the backup. */
  elasticsearch: boolean;
  stdout: NodeJS.WritableStream;
}

const MB = 1024 * 1024;

/** `cau backup <file>` and `cau restore <file> [--force]` (embedded index only). */
export function registerBackupCommands(program: Command, ctx: BackupCliContext): void {
  const embeddedOnly = (what: string): void => {
    if (ctx.elasticsearch) {
      throw new NotSupportedError(
        `cau ${what} works on the embedded index; back up Elasticsearch with its snapshot API`,
      );
    }
  };
  program
    .command('backup')
    .description('copy the index to a file while it is in use (checked before it is kept)')
    .argument('<file>', 'the backup file to write')
    .option('--force', 'replace the file if it exists')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { force?: boolean; json?: boolean }) => {
      embeddedOnly('backup');
      const r = await backupIndex(ctx.dataDir, file, { force: opts.force });
      ctx.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : formatBackup(r));
    });
  program
    .command('restore')
    .description('replace the index with a backup, after checking the backup')
    .argument('<file>', 'a file written by cau backup')
    .option('--force', 'replace an index that holds records')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { force?: boolean; json?: boolean }) => {
      embeddedOnly('restore');
      const r = await restoreIndex(ctx.dataDir, file, { force: opts.force });
      ctx.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : formatRestore(r));
    });
}

function formatBackup(r: BackupResult): string {
  return (
    `backup:  ${r.file}\n` +
    `records: ${r.records} (${(r.bytes / MB).toFixed(1)} MB, checked)\n` +
    `time:    ${r.seconds.toFixed(2)} s\n`
  );
}

function formatRestore(r: RestoreResult): string {
  return (
    `restored: ${r.from} → ${r.dataDir}\n` +
    `records:  ${r.records}${r.replaced !== undefined ? ` (replacing ${r.replaced})` : ''}\n` +
    `time:     ${r.seconds.toFixed(2)} s\n`
  );
}
