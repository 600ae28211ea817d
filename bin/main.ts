import { Command, CommanderError } from 'commander';
import { openJobQueue, registerIngestCommands } from '../ingest';
import { CauError, describeCluster, openIndex } from '../search-index';
import {
  cliName,
  registerSearchCommands,
  reworded,
  serveIngestMetrics,
  UsageError,
} from '../search-api';
import { registerBackupCommands } from './backup-cli';
import { ConfigError, loadConfig } from './config';
import { version } from '../package.json';

/** Error codes that mean "you asked for something invalid" (exit 2); other CauErrors exit 1. */
const USAGE_ERRORS = new Set([
  'invalid_query',
  'queue_not_configured',
  'not_supported',
  'would_overwrite',
]);

/**
 * `cau`: wires the commands of each capability folder to one configuration and one index
 * factory. Exit codes: 0 success; 1 some input could not be read (ingest) or an operational
 * error; 2 bad usage (unknown option, invalid query or parameter, invalid configuration).
 */
export async function main(argv: string[]): Promise<void> {
  const fail = (code: number, message: string): void => {
    process.stderr.write(`cau: ${message}\n`);
    process.exitCode = code;
  };
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) return fail(2, e.message);
    throw e;
  }
  const program = new Command('cau')
    .description('Cầu: search Vietnamese and English patents and research results')
    .version(version)
    .showHelpAfterError()
    .exitOverride();
  const base = {
    openIndex: (options?: { readonly?: boolean }) =>
      openIndex({
        dataDir: config.dataDir,
        elasticsearch: config.elasticsearch,
        readonly: options?.readonly,
      }),
    stdout: process.stdout,
    stderr: process.stderr,
  };
  const redisUrl = config.redisUrl;
  registerIngestCommands(program, {
    ...base,
    openQueue: redisUrl ? () => openJobQueue({ url: redisUrl, ...config.queue }) : undefined,
    dataDir: config.dataDir,
    ingestWorkers: config.ingestWorkers,
    harvest: config.harvest,
    setExitCode: (c) => (process.exitCode = c),
    observeWorker:
      config.serve.workerMetricsPort === undefined
        ? undefined
        : async (queue) => {
            const server = await serveIngestMetrics({
              port: config.serve.workerMetricsPort!,
              host: config.host,
              queue,
            });
            process.stderr.write(
              `cau worker: metrics on http://${config.host}:${server.port}/metrics\n`,
            );
            return server;
          },
  });
  registerSearchCommands(program, {
    ...base,
    version,
    port: config.port,
    host: config.host,
    serve: config.serve,
    openQueue: redisUrl ? () => openJobQueue({ url: redisUrl, ...config.queue }) : undefined,
    location: config.elasticsearch
      ? `${config.elasticsearch.engine === 'opensearch' ? 'OpenSearch' : 'Elasticsearch'} ${describeCluster(config.elasticsearch.url)} (${config.elasticsearch.index})`
      : config.dataDir,
  });
  registerBackupCommands(program, {
    dataDir: config.dataDir,
    elasticsearch: config.elasticsearch !== undefined,
    stdout: process.stdout,
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and --version exit 0; argument errors are usage errors.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (e instanceof UsageError) {
      fail(2, e.message);
    } else if (e instanceof CauError) {
      // Query errors in the same words as the API's, with the CLI's names for parameters.
      const message = e.code === 'invalid_query' ? reworded(e.message, cliName) : e.message;
      fail(USAGE_ERRORS.has(e.code) ? 2 : 1, message);
    } else {
      fail(1, (e as Error)?.stack ?? String(e));
    }
  }
}
