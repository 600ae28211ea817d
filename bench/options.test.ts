import { CommanderError } from 'commander';
import { benchOptions } from './options';

// `npm run bench -- …` as a developer types it: each flag reaches the benchmark it belongs to,
// and a mistake is an error before minutes of corpus building, not a default run.
const quietly = <T>(fn: () => T): T => {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return fn();
  } finally {
    process.stderr.write = write;
  }
};
const parse = (...argv: string[]) => quietly(() => benchOptions(argv));
const error = (...argv: string[]): string => {
  try {
    parse(...argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.message;
    throw e;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
};

it('runs the speed benchmark by default, sizes read as records', () => {
  expect(parse()).toMatchObject({ mode: 'speed', records: 10_000, seed: 42, runs: 30 });
  expect(parse('--size', '100k', '--runs', '5', '--keep')).toMatchObject({
    records: 100_000,
    runs: 5,
    keep: true,
  });
  expect(parse('--queries-only', '/tmp/kept')).toMatchObject({ queriesOnly: '/tmp/kept' });
});

it('gives each benchmark its own defaults', () => {
  expect(parse('--load')).toMatchObject({ mode: 'load', duration: 60, connections: 50 });
  expect(parse('--load', '--workers', '1,2,1,2')).toMatchObject({ workers: [1, 2, 1, 2] });
  expect(parse('--engine', 'opensearch', '--url', 'http://127.0.0.1:9')).toMatchObject({
    mode: 'cluster',
    runs: 10,
  });
  expect(parse('--queue', '--docs', '2k')).toMatchObject({ mode: 'queue', docs: 2000 });
  // 0 skips the memory check (bench/README.md runs it so); a fraction of a GB is a smaller file.
  expect(parse('--queue', '--memory-gb', '0')).toMatchObject({ memoryGB: 0 });
  expect(parse('--queue', '--memory-gb', '0.5')).toMatchObject({ memoryGB: 0.5 });
});

it('refuses a mistyped flag or value instead of running with defaults', () => {
  expect(error('--sise', '100k')).toMatch(/unknown option '--sise'/);
  expect(error('--size', 'big')).toMatch(/--size.*like 500, 10k or 100k/);
  expect(error('--runs', '0')).toMatch(/--runs.*≥ 1/);
  expect(error('--load', '--workers', '0')).toMatch(/--workers.*1 to 64/);
  expect(error('--engine', 'solr')).toMatch(/opensearch/);
  expect(error('--queue', '--load')).toMatch(/choose one/);
  expect(error('--queue', '--memory-gb', '-1')).toMatch(/--memory-gb.*≥ 0/);
});

it('asks for a cluster address rather than guessing one', () => {
  const saved = process.env.OPENSEARCH_URL;
  delete process.env.OPENSEARCH_URL;
  try {
    expect(error('--engine', 'opensearch')).toMatch(/OPENSEARCH_URL/);
  } finally {
    if (saved !== undefined) process.env.OPENSEARCH_URL = saved;
  }
});
