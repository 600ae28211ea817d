import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';

/**
 * `npm run bench -- …`: every benchmark's flags in one commander program, so that a mistyped
 * or misplaced flag is an error with the usage, not a silently ignored word, and each number is
 * checked once. The mode flags (--queue, --load, --engine) pick the benchmark; defaults that
 * differ between benchmarks (runs, workers) are filled in per mode below.
 */

/** The speed benchmark (bench/run.ts): ingest and queries against raw FTS5. */
export interface SpeedOptions {
  mode: 'speed';
  size: string;
  records: number;
  seed: number;
  runs: number;
  warmup: number;
  keep: boolean;
  /** Ingest threads (as CAU_INGEST_WORKERS): default one per core, as the CLI. */
  workers: number;
  /** Corpus, parse and ingest only: no queries (and no 1M extrapolation). */
  ingestOnly: boolean;
  /** Only print the 1M extrapolation from saved results. */
  extrapolate: boolean;
  /** The query phase alone on the directory a --keep run left. */
  queriesOnly?: string;
}

/** The HTTP load test (bench/load.ts). */
export interface LoadOptions {
  mode: 'load';
  size: string;
  records: number;
  seed: number;
  duration: number;
  connections: number;
  writerRecords: number;
  /** Worker process counts to compare, in order (repeats allowed); the writer phase runs with the last. */
  workers: number[];
  data?: string;
  keep: boolean;
}

/** The cluster engine beside the embedded index (bench/cluster.ts). */
export interface ClusterOptions {
  mode: 'cluster';
  url: string;
  size: string;
  records: number;
  seed: number;
  runs: number;
  /** Which of the bulk settings to try (indexes into bench/cluster.ts SETTINGS); all when absent. */
  settings?: number[];
  workers: number;
}

/** Queued ingestion (bench/queue.ts). */
export interface QueueOptions {
  mode: 'queue';
  docs: number;
  memoryGB: number;
  workerSeconds: number;
  seed: number;
}

export type BenchOptions = SpeedOptions | LoadOptions | ClusterOptions | QueueOptions;

/** "10k", "100k", "500": a record count. */
function recordCount(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)(k?)$/.exec(raw);
  if (!m) throw new InvalidArgumentError('expected a number like 500, 10k or 100k');
  const n = Number(m[1]) * (m[2] ? 1000 : 1);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

const atLeast =
  (min: number) =>
  (raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    }
    return n;
  };

function positive(raw: string): number {
  const n = Number(raw);
  if (!(n > 0)) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** A number (fractions too) not below `min`. */
function atLeastNumber(min: number): (raw: string) => number {
  return (raw) => {
    const n = Number(raw);
    if (raw.trim() === '' || !(n >= min))
      throw new InvalidArgumentError(`expected a number ≥ ${min}`);
    return n;
  };
}

/** "1,2,1,2": repeats are kept, so that a shared machine's changing load weighs on both alike. */
function workerList(raw: string): number[] {
  const counts = raw.split(',').map(Number);
  if (!counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 64)) {
    throw new InvalidArgumentError('expected comma-separated numbers from 1 to 64, like 1,2');
  }
  return counts;
}

function indexList(raw: string): number[] {
  const list = raw.split(',').map(Number);
  if (!list.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new InvalidArgumentError('expected comma-separated setting numbers, like 0,2');
  }
  return list;
}

interface Parsed {
  queue?: boolean;
  load?: boolean;
  engine?: string;
  size: string;
  seed: number;
  runs?: number;
  workers?: string;
  keep?: boolean;
  ingestOnly?: boolean;
  extrapolate?: boolean;
  queriesOnly?: string;
  duration: number;
  connections: number;
  writerRecords: number;
  data?: string;
  url?: string;
  settings?: number[];
  docs: string;
  memoryGb: number;
  workerSeconds: number;
}

function program(): Command {
  return new Command('npm run bench --')
    .description(
      'Cầu benchmarks: ratios against a baseline measured in the same run (bench/README.md)',
    )
    .option('--queue', 'queued ingestion: BullMQ workers against the in-process runner')
    .option('--load', 'HTTP load on a real `cau serve` with autocannon')
    .addOption(
      new Option('--engine <engine>', 'the cluster engine beside the embedded index').choices([
        'opensearch',
      ]),
    )
    .option('--size <records>', 'corpus size, like 500, 10k or 100k', '10k')
    .option('--seed <n>', 'corpus seed', atLeast(0), 42)
    .option('--runs <n>', 'timed runs per query (default 30; 10 with --engine)', atLeast(1))
    .option(
      '--workers <n>',
      'ingest threads (speed, --engine; default one per core), or worker process counts to compare (--load; default 1,<cores>)',
    )
    .option('--keep', 'leave the temp dir (or --data index) in place')
    .option('--ingest-only', 'corpus, parse and ingest only: no queries')
    .option('--extrapolate', 'only print the 1M extrapolation from saved results')
    .option('--queries-only <dir>', 'the query phase alone, on the directory a --keep run left')
    .option('--duration <s>', 'load: seconds per phase', atLeast(1), 60)
    .option('--connections <n>', 'load: concurrent clients', atLeast(1), 50)
    .option('--writer-records <n>', 'load: records the writer ingests meanwhile', atLeast(1), 3000)
    .option('--data <dir>', 'load: reuse (or keep building into) this index')
    .option('--url <url>', 'cluster: the node (default OPENSEARCH_URL)')
    .option('--settings <list>', 'cluster: which bulk settings to try, like 0,2', indexList)
    .option('--docs <n>', 'queue: documents in the one concatenated file', '100k')
    .option(
      '--memory-gb <n>',
      'queue: size of the file for the split/enqueue memory check, 0 skips it',
      atLeastNumber(0),
      1,
    )
    .option('--worker-seconds <n>', 'queue: seconds a worker runs in the RSS check', positive, 60)
    .allowExcessArguments(false)
    .exitOverride();
}

/** Parses `argv` (without node and the script); throws commander's error on a bad flag. */
export function benchOptions(argv: string[]): BenchOptions {
  const cmd = program();
  cmd.parse(argv, { from: 'user' });
  const o = cmd.opts<Parsed>();
  // As commander words its own errors ("error: unknown option '--x'").
  const fail = (message: string): never => cmd.error(`error: ${message}`);
  const modes = [o.queue, o.load, o.engine].filter(Boolean).length;
  if (modes > 1) fail('choose one of --queue, --load and --engine');
  const size = o.size;
  const records = (): number => {
    try {
      return recordCount(size);
    } catch (e) {
      return fail(`--size: ${(e as Error).message}, not "${size}"`);
    }
  };
  const cores = availableParallelism();
  const threads = (): number => {
    if (o.workers === undefined) return cores;
    const n = Number(o.workers);
    if (!Number.isInteger(n) || n < 0) fail('--workers: expected a whole number ≥ 0');
    return n;
  };
  if (o.queue) {
    let docs: number;
    try {
      docs = recordCount(o.docs);
    } catch (e) {
      return fail(`--docs: ${(e as Error).message}, not "${o.docs}"`);
    }
    return {
      mode: 'queue',
      docs,
      memoryGB: o.memoryGb,
      workerSeconds: o.workerSeconds,
      seed: o.seed,
    };
  }
  if (o.load) {
    let workers: number[];
    try {
      workers = workerList(o.workers ?? `1,${cores}`);
    } catch (e) {
      return fail(`--workers: ${(e as Error).message}`);
    }
    return {
      mode: 'load',
      size,
      records: records(),
      seed: o.seed,
      duration: o.duration,
      connections: o.connections,
      writerRecords: o.writerRecords,
      workers,
      ...(o.data ? { data: o.data } : {}),
      keep: Boolean(o.keep),
    };
  }
  if (o.engine) {
    const url = o.url ?? process.env.OPENSEARCH_URL;
    if (!url) fail('set OPENSEARCH_URL (npm run engine:up prints it) or pass --url');
    return {
      mode: 'cluster',
      url: url!,
      size,
      records: records(),
      seed: o.seed,
      runs: o.runs ?? 10,
      ...(o.settings ? { settings: o.settings } : {}),
      workers: threads(),
    };
  }
  return {
    mode: 'speed',
    size,
    records: records(),
    seed: o.seed,
    runs: o.runs ?? 30,
    warmup: 5,
    keep: Boolean(o.keep),
    workers: threads(),
    ingestOnly: Boolean(o.ingestOnly),
    extrapolate: Boolean(o.extrapolate),
    ...(o.queriesOnly ? { queriesOnly: o.queriesOnly } : {}),
  };
}
