/**
 * `npm run bench -- --load [--size 10k] [--duration 60] [--connections 50] [--data DIR]
 * [--workers 1,N] [--writer-records 3000] [--keep]`: load on a real `cau serve` (a child
 * process on 127.0.0.1) with autocannon: a query mix from many clients at once, with each
 * number of worker processes in `--workers` (CAU_SERVE_WORKERS; default 1 and one per core),
 * then, with the last, while `cau ingest` writes into the same index. Reported: throughput,
 * p50/p95/p99/max latency, errors; and, measured in the same run, a baseline (`GET
 * /api/health`, what the server costs without a search), the ratio of N workers to 1, and of
 * the loaded run to the idle one (readers blocked by the writer would show there). `--data DIR`
 * reuses (or keeps building into) an index.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { ingestPaths } from '../ingest';
import { openIndex } from '../search-index';
import { generateCorpus, sampleText, vocabulary } from './corpus';
import type { LoadOptions } from './options';

const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const RESULTS = join(ROOT, 'bench', 'results');
const TARGET_P95_MS = 150;

interface Request {
  kind?: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

/**
 * The query mix, by weight: searches of each kind users type (words, toneless, phrases,
 * prefixes, filters with facets, sort modes), browsing, whole records, and the expensive
 * discovery endpoints. Seeded: the same mix every run.
 */
export function queryMix(seed: number, ids: string[]): Request[] {
  const v = vocabulary();
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[], top = xs.length): T =>
    xs[Math.floor(rnd() * Math.min(top, xs.length))]!;
  const q = (params: Record<string, string>): Request => ({
    method: 'GET',
    path: `/api/search?${new URLSearchParams(params).toString()}`,
  });
  const fold = (t: string): string =>
    t.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  const multi = v.glossaryVi.filter((t) => t.split(' ').length >= 2);
  const kinds: [number, string, () => Request][] = [
    [20, 'search: 2 Vietnamese words', () => q({ q: `${pick(v.vi, 400)} ${pick(v.vi, 400)}` })],
    [10, 'search: 2 English words', () => q({ q: `${pick(v.en, 400)} ${pick(v.en, 400)}` })],
    [10, 'search: toneless term', () => q({ q: fold(pick(multi)) })],
    [8, 'search: quoted phrase', () => q({ q: `"${pick(multi)}"` })],
    [5, 'search: prefix*', () => q({ q: `${pick(v.vi, 300).slice(0, 4)}*` })],
    [
      10,
      'search: word + filters',
      () =>
        q({
          q: pick(v.vi, 300),
          type: 'patent',
          ipc: pick(v.ipc, 20).slice(0, 4),
          from: '2015-01-01',
        }),
    ],
    [5, 'search: sort=readiness', () => q({ q: pick(v.vi, 300), sort: 'readiness' })],
    [4, 'browse: ipc, sort=date', () => q({ ipc: pick(v.ipc, 20).slice(0, 4), sort: 'date' })],
    [
      15,
      'record',
      () => ({ method: 'GET', path: `/api/records/${encodeURIComponent(pick(ids))}` }),
    ],
    [
      5,
      'similar',
      () => ({ method: 'GET', path: `/api/records/${encodeURIComponent(pick(ids))}/similar` }),
    ],
    [
      3,
      'licensees',
      () => ({ method: 'GET', path: `/api/records/${encodeURIComponent(pick(ids))}/licensees` }),
    ],
    [
      5,
      'prior art (120 words)',
      () => ({
        method: 'POST',
        path: '/api/prior-art',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          text: sampleText(Math.floor(rnd() * 1e6), rnd() < 0.6 ? 'vi' : 'en', 120),
          cutoff: '2022-01-01',
          limit: 10,
        }),
      }),
    ],
  ];
  const total = kinds.reduce((a, [w]) => a + w, 0);
  const out: Request[] = [];
  for (let i = 0; i < 400; i++) {
    let r = rnd() * total;
    const [, kind, make] = kinds.find(([w]) => (r -= w) < 0) ?? kinds[0]!;
    out.push({ ...make(), kind });
  }
  return out;
}

interface PhaseResult {
  phase: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Socket errors and timeouts (autocannon counts timeouts among errors). */
  errors: number;
  non2xx: number;
  timeouts: number;
  byStatus: Record<string, number>;
  /**
   * CPU time of the server's processes (primary and workers) per request answered, ms; from
   * /proc (Linux; NaN elsewhere). Unlike throughput on a shared machine, it does not depend on
   * how much of the cores other work leaves: what the workers cost shows here.
   */
  cpuMsPerRequest: number;
}

/** User + system CPU seconds of a process and its children, from /proc; NaN without it. */
function treeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const tick = 100; // USER_HZ on Linux
    const own = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = own.slice(own.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / tick;
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
    return cpu + children.reduce((a, c) => a + treeCpuSeconds(c), 0);
  } catch {
    return NaN;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]! : NaN;
}

/**
 * Waits until the server has worked off what earlier phases left queued (Node keeps running
 * requests whose client gave up): a health check answers within 100 ms three times running.
 */
async function drained(url: string): Promise<void> {
  let fast = 0;
  const deadline = Date.now() + 300_000;
  while (fast < 3 && Date.now() < deadline) {
    const t0 = performance.now();
    await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
    fast = performance.now() - t0 < 100 ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function run(
  phase: string,
  url: string,
  requests: Request[],
  opt: { duration: number; connections: number; pid?: number },
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  await drained(url);
  const cpu0 = treeCpuSeconds(opt.pid);
  let resolveResult: (r: autocannon.Result) => void = () => undefined;
  let rejectResult: (e: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((ok, fail) => {
    resolveResult = ok;
    rejectResult = fail;
  });
  const instance = autocannon(
    {
      url,
      connections: opt.connections,
      duration: opt.duration,
      timeout: 10,
      requests: requests.map((r) => ({
        method: r.method,
        path: r.path,
        ...(r.body ? { body: r.body } : {}),
        ...(r.headers ? { headers: r.headers } : {}),
      })),
    },
    (err, result) => (err ? rejectResult(err) : resolveResult(result)),
  );
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    byStatus[statusCode] = (byStatus[statusCode] ?? 0) + 1;
  });
  const result = await done;
  const cpuSeconds = treeCpuSeconds(opt.pid) - cpu0;
  latencies.sort((a, b) => a - b);
  return {
    phase,
    requests: latencies.length,
    perSecond: latencies.length / opt.duration,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    byStatus,
    cpuMsPerRequest: (cpuSeconds * 1000) / latencies.length,
  };
}

function startServer(
  dataDir: string,
  workers: number,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CAU, 'serve', '--port', '0'], {
    env: {
      ...process.env,
      CAU_DATA_DIR: dataDir,
      CAU_SERVE_WORKERS: String(workers),
      ELASTICSEARCH_URL: '',
      // One client machine sends everything: the budgets would refuse it.
      CAU_RATE_LIMIT: '0',
      CAU_RATE_LIMIT_EXPENSIVE: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /serving (http:\/\/\S+?)\//.exec(out);
      if (m) {
        // Keep reading (and dropping) the request log, as a log shipper would.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        ok({ child, url: m[1]! });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`cau serve exited ${code}: ${out}`)));
  });
}

interface WorkerSummary {
  workers: number;
  runs: number;
  health: number;
  searches: { perSecond: number; p50: number; p95: number; cpuMsPerRequest: number };
  mix: { perSecond: number; p50: number; p95: number; cpuMsPerRequest: number };
}

/**
 * Per number of workers, over its runs: throughput is all requests answered over all the time,
 * p50 and p95 the mean of the runs' (percentiles of different runs do not pool exactly; the
 * runs' own are in the table).
 */
function summarise(
  runs: { workers: number; health: PhaseResult; searches: PhaseResult; mix: PhaseResult }[],
): WorkerSummary[] {
  const counts = [...new Set(runs.map((r) => r.workers))];
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pool = (ps: PhaseResult[]) => ({
    perSecond: mean(ps.map((p) => p.perSecond)),
    p50: mean(ps.map((p) => p.p50)),
    p95: mean(ps.map((p) => p.p95)),
    cpuMsPerRequest: mean(ps.map((p) => p.cpuMsPerRequest)),
  });
  return counts.map((workers) => {
    const mine = runs.filter((r) => r.workers === workers);
    return {
      workers,
      runs: mine.length,
      health: mean(mine.map((r) => r.health.perSecond)),
      searches: pool(mine.map((r) => r.searches)),
      mix: pool(mine.map((r) => r.mix)),
    };
  });
}

const workersLabel = (n: number): string => `${n} worker${n === 1 ? '' : 's'}`;

/** SIGTERM (it drains), and waits for it (and its workers) to be gone. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  await gone;
}

const fmt = (x: number, d = 0): string => (Number.isFinite(x) ? x.toFixed(d) : '–');

function printTable(rows: PhaseResult[]): void {
  console.log(
    `\n${'phase'.padEnd(34)}${'req/s'.padStart(8)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}` +
      `${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'errors'.padStart(8)}${'non-2xx'.padStart(9)}${'CPU ms/req'.padStart(12)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.phase.padEnd(34)}${fmt(r.perSecond, 1).padStart(8)}${fmt(r.p50).padStart(9)}${fmt(r.p95).padStart(9)}` +
        `${fmt(r.p99).padStart(9)}${fmt(r.max).padStart(9)}${String(r.errors).padStart(8)}${String(r.non2xx).padStart(9)}${fmt(r.cpuMsPerRequest, 1).padStart(12)}`,
    );
  }
}

export async function loadBench(opt: LoadOptions): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'cau-load-'));
  const dataDir = opt.data ? resolve(opt.data) : join(work, 'data');
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `Cầu load bench: ${opt.records} records, ${opt.connections} clients, ${opt.duration} s per phase; ` +
      `${cpus().length} cores, load average ${load()}`,
  );
  let server: ChildProcess | undefined;
  let writer: ChildProcess | undefined;
  try {
    // -- the index (built in-process: the same pipeline `cau ingest` runs)
    const index = openIndex({ dataDir });
    let have = await index.count();
    if (have < opt.records) {
      const corpus = generateCorpus(join(work, 'corpus'), opt.records, opt.seed);
      const t0 = Date.now();
      const s = await ingestPaths(
        ['patents', 'bulk', 'oai'].map((d) => join(corpus.dir, d)),
        index,
      );
      console.log(
        `index: ${s.records} records ingested in ${fmt((Date.now() - t0) / 1000, 0)} s (${s.filesFailed} files failed)`,
      );
      rmSync(corpus.dir, { recursive: true, force: true });
      have = await index.count();
    } else {
      console.log(`index: ${have} records already in ${dataDir}`);
    }
    const ids: string[] = [];
    for (const q of ['phân bón', 'battery', 'nước', 'system', 'vật liệu']) {
      for (const h of (await index.search({ query: q, limit: 20 })).hits) ids.push(h.id);
    }
    await index.close();
    const mix = queryMix(opt.seed, ids);

    // -- the writer's files, generated before any measuring
    const writerCorpus = generateCorpus(join(work, 'writer'), opt.writerRecords, opt.seed + 7);

    const phases: PhaseResult[] = [];
    const short = { duration: Math.min(15, opt.duration), connections: opt.connections };
    // Searches and records only: what the server sustains without the discovery endpoints,
    // each of which runs a search of many terms.
    const searchesOnly = mix.filter((r) => /^(search|browse|record)/.test(r.kind ?? ''));
    let alone: Awaited<ReturnType<typeof perKind>> = {};
    const byWorkers: {
      workers: number;
      health: PhaseResult;
      searches: PhaseResult;
      mix: PhaseResult;
    }[] = [];
    let url = '';
    for (const [i, workers] of opt.workers.entries()) {
      if (server) await stopServer(server);
      const started = await startServer(dataDir, workers);
      server = started.child;
      url = started.url;
      const w = workersLabel(workers);
      // Warm-up (page cache, JIT), not reported.
      await run('warm-up', url, mix, { duration: 5, connections: opt.connections });
      // Each kind alone, one at a time (service times do not depend on the workers).
      if (i === 0) {
        await drained(url);
        alone = await perKind(url, mix.slice(0, 150));
      }
      const pid = server.pid;
      const health = await run(
        `${w}: GET /api/health`,
        url,
        [{ method: 'GET', path: '/api/health' }],
        { ...short, pid },
      );
      const searches = await run(`${w}: searches and records`, url, searchesOnly, { ...opt, pid });
      const whole = await run(`${w}: query mix`, url, mix, { ...opt, pid });
      phases.push(health, searches, whole);
      byWorkers.push({ workers, health, searches, mix: whole });
    }

    // -- the same mix while `cau ingest` writes into the index
    writer = spawn(
      process.execPath,
      [CAU, 'ingest', ...['patents', 'bulk', 'oai'].map((d) => join(writerCorpus.dir, d))],
      {
        env: { ...process.env, CAU_DATA_DIR: dataDir, ELASTICSEARCH_URL: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((r) => writer!.once('exit', (code) => r(code)));
    let writerLog = '';
    // Each progress line is written once a batch is committed: records committed, and when.
    const commits: { at: number; records: number }[] = [];
    writer.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      writerLog += text;
      for (const m of text.matchAll(/^\[\d+\/\d+\] .*: (\d+) records?$/gm)) {
        commits.push({ at: Date.now(), records: Number(m[1]) });
      }
    });
    // Wait until it has committed a first batch: from then on it is writing.
    while (commits.length === 0) {
      if (writer.exitCode !== null) throw new Error(`the writer stopped: ${writerLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const t0 = Date.now();
    const last = byWorkers[byWorkers.length - 1]!;
    const during = await run(`${workersLabel(last.workers)}: mix, ingest writing`, url, mix, {
      ...opt,
      pid: server?.pid,
    });
    const t1 = Date.now();
    const writerStillRunning = writer.exitCode === null;
    const writerExit = writerStillRunning ? undefined : await exited;
    phases.push(during);
    printTable(phases);

    const { health, searches, mix: idle } = last;
    const busy = during;
    const written = commits
      .filter((c) => c.at >= t0 && c.at <= t1)
      .reduce((n, c) => n + c.records, 0);
    console.log(
      `\nwriter: ${written} records committed while measured (${fmt(written / opt.duration, 1)} records/s, ` +
        `new or updated), ${writerStillRunning ? 'still writing at the end' : `exited ${writerExit} before the end`}`,
    );
    if (!writerStillRunning && writerExit !== 0)
      console.log(writerLog.split('\n').slice(-5).join('\n'));
    console.log(
      `ratios (same run): searches p50 ${fmt(searches.p50 / health.p50, 1)}×, query mix p50 ` +
        `${fmt(idle.p50 / health.p50, 1)}× the health baseline; with the writer: p50 ` +
        `${fmt(busy.p50 / idle.p50, 2)}×, p95 ${fmt(busy.p95 / idle.p95, 2)}×, ` +
        `throughput ${fmt(busy.perSecond / idle.perSecond, 2)}× of the idle run`,
    );
    const summary = summarise(byWorkers);
    const first = summary[0]!;
    for (const b of summary.slice(1)) {
      const r = (a: number, z: number): string => `${fmt(a / z, 2)}×`;
      console.log(
        `${workersLabel(b.workers)} against ${workersLabel(first.workers)} (same run, ${b.runs} and ${first.runs} run(s), interleaved): ` +
          `searches and records ${r(b.searches.perSecond, first.searches.perSecond)} the throughput, ` +
          `p50 ${r(b.searches.p50, first.searches.p50)}, p95 ${r(b.searches.p95, first.searches.p95)}; ` +
          `query mix ${r(b.mix.perSecond, first.mix.perSecond)} the throughput, p50 ${r(b.mix.p50, first.mix.p50)}, ` +
          `p95 ${r(b.mix.p95, first.mix.p95)}; health ${r(b.health, first.health)}; CPU per request (all processes): ` +
          `searches ${r(b.searches.cpuMsPerRequest, first.searches.cpuMsPerRequest)}, mix ${r(b.mix.cpuMsPerRequest, first.mix.cpuMsPerRequest)}`,
      );
    }
    for (const p of [...byWorkers.flatMap((b) => [b.searches, b.mix]), busy]) {
      // autocannon's errors include its timeouts.
      const errors = p.errors + p.non2xx;
      console.log(
        `${p.phase}: ${errors === 0 ? 'zero errors' : `${errors} errors (${p.timeouts} timeouts > 10 s)`}, ` +
          `p95 ${fmt(p.p95)} ms — target zero errors, p95 ≤ ${TARGET_P95_MS} ms: ` +
          `${p.p95 <= TARGET_P95_MS && errors === 0 ? 'MET' : 'NOT MET'}`,
      );
    }
    console.log(`load average at the end: ${load()}`);
    mkdirSync(RESULTS, { recursive: true });
    const file = join(
      RESULTS,
      `load-${opt.size}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), options: opt, records: have, cores: cpus().length, loadAverage: loadavg(), alone, phases, byWorkers: summary, writer: { written, stillRunning: writerStillRunning, exit: writerExit } }, null, 2)}\n`,
    );
    console.log(`results in ${file}`);
  } finally {
    writer?.kill('SIGKILL');
    if (server) await stopServer(server);
    if (opt.keep || opt.data) console.log(`kept ${opt.data ? dataDir : work}`);
    if (!opt.keep) rmSync(work, { recursive: true, force: true });
    else if (!existsSync(work)) console.log('(nothing to keep)');
  }
}

/**
 * Each kind of request of the mix alone, one at a time (no concurrency): where the time of
 * the mix goes. Every request of the mix is sent once; median and slowest per kind.
 */
async function perKind(
  url: string,
  mix: Request[],
): Promise<Record<string, { n: number; p50: number; max: number }>> {
  const times = new Map<string, number[]>();
  for (const r of mix) {
    const t0 = performance.now();
    const res = await fetch(url + r.path, {
      method: r.method,
      headers: r.headers,
      body: r.body,
    });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    const k = `${r.kind ?? '?'}${res.ok ? '' : ` (${res.status})`}`;
    times.set(k, [...(times.get(k) ?? []), ms]);
  }
  const out: Record<string, { n: number; p50: number; max: number }> = {};
  console.log(
    `\n${'alone, one at a time'.padEnd(34)}${'n'.padStart(5)}${'p50 ms'.padStart(9)}${'max ms'.padStart(9)}`,
  );
  for (const [k, xs] of [...times].sort()) {
    xs.sort((a, b) => a - b);
    out[k] = { n: xs.length, p50: percentile(xs, 0.5), max: xs[xs.length - 1]! };
    console.log(
      `${k.padEnd(34)}${String(xs.length).padStart(5)}${fmt(out[k].p50).padStart(9)}${fmt(out[k].max).padStart(9)}`,
    );
  }
  return out;
}
