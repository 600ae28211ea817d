/**
 * `npm run bench [-- --size 10k|100k] [--seed N] [--runs N] [--keep]`: ingest and query speed of
 * Cầu as ratios against the raw engine (SQLite FTS5) measured in the same run, on a synthetic
 * corpus (bench/corpus.ts) written to a temp dir. See bench/README.md for what each number means.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, platform, release, arch, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CommanderError } from 'commander';
import { foldDiacritics, isEnglishStopWord } from '../analyzers';
import { ingestPaths, parseFileContent } from '../ingest';
import {
  MAX_CLAUSES,
  MAX_QUERY_LENGTH,
  openIndex,
  parseQuery,
  type CauRecord,
  type SearchIndex,
  type SearchRequest,
} from '../search-index';
import { generateCorpus, sampleText, vocabulary, type CorpusSummary } from './corpus';
import { queueBench } from './queue';
import { loadBench } from './load';
import { clusterBench } from './cluster';
import { extrapolate, latestPair } from './extrapolate';
import { benchOptions, type BenchOptions, type SpeedOptions } from './options';

const ROOT = resolve(__dirname, '..');
const RESULTS = join(ROOT, 'bench', 'results');
/** The size the two largest measured sizes are extrapolated to. */
const PAPER_SIZE = 1_000_000;

/**
 * 1M on paper, from the newest results of the two largest sizes measured with this seed
 * (10k and 100k): printed after a run, or alone with `--extrapolate`.
 */
function printExtrapolation(seed: number): void {
  const pair = latestPair(RESULTS, seed);
  if (!pair) {
    console.log(`
1M extrapolation: needs results of two sizes with seed ${seed} in ${RESULTS}`);
    return;
  }
  const { small, large } = pair;
  const [n1, n2] = [small.options.records, large.options.records];
  console.log(
    `
${PAPER_SIZE.toLocaleString('en')} records on paper: power law through ${n1.toLocaleString('en')} ` +
      `(${small.date}) and ${n2.toLocaleString('en')} (${large.date}); exponent 0 = flat, 1 = linear`,
  );
  console.log(
    'measure'.padEnd(40) +
      `${n1 / 1000}k`.padStart(10) +
      `${n2 / 1000}k`.padStart(10) +
      'exponent'.padStart(10) +
      '1M'.padStart(10),
  );
  for (const p of extrapolate(small, large, PAPER_SIZE)) {
    console.log(
      p.measure.padEnd(40) +
        fmt(p.small, 1).padStart(10) +
        fmt(p.large, 1).padStart(10) +
        fmt(p.exponent, 2).padStart(10) +
        fmt(p.projected, 1).padStart(10),
    );
  }
  const docsPerSecond = extrapolate(small, large, PAPER_SIZE)[0]!.projected;
  console.log(
    `1M ingest at ${fmt(docsPerSecond, 1)} docs/s: about ${fmt(PAPER_SIZE / docsPerSecond / 3600, 1)} h ` +
      `(the rate is the average over a whole run, so this is what a run of 1M would average)`,
  );
}

// ---- measuring -------------------------------------------------------------------------------

const now = (): bigint => process.hrtime.bigint();
const seconds = (from: bigint): number => Number(now() - from) / 1e9;
const MB = 1024 * 1024;

/** Peak RSS over a phase: sampled on a timer and whenever the phase calls sample(). */
class RssPeak {
  peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 25);
  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peak) this.peak = rss;
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

// ---- the raw baseline ------------------------------------------------------------------------

/** The text the baseline indexes: what the record says, with no analysis at all. */
function plain(r: CauRecord): [string, string, string, string] {
  const title = [r.title, ...(r.alternateTitles ?? []).map((t) => t.text)].join('\n');
  const abstract = [r.abstract ?? '', ...(r.alternateAbstracts ?? []).map((t) => t.text)].join(
    '\n',
  );
  if (r.type === 'patent') return [title, abstract, r.claims.join('\n'), r.description ?? ''];
  return [title, abstract, '', ''];
}

const RAW_BATCH = 1000;

// ---- queries ---------------------------------------------------------------------------------

interface QueryCase {
  category: string;
  label: string;
  request: SearchRequest;
  /** The same term list as an FTS5 MATCH expression on the baseline table. */
  raw: string;
  note?: string;
}

const quote = (w: string): string => `"${w.replace(/"/g, '""')}"`;
const words = (text: string): string[] => text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

/**
 * The prior-art query until the prior-art endpoint exists: the text's distinct content words
 * (without the language's most frequent words and English stop words), ORed, as many as the
 * query parser accepts (≤ 1,000 characters, ≤ 64 terms).
 */
function contentWordsOr(text: string, common: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const w of new Set(words(text.toLowerCase()))) {
    if (w.length < 2 || common.has(w) || isEnglishStopWord(w) || /^\d+$/.test(w)) continue;
    const next = [...out, w];
    if (next.join(' OR ').length > MAX_QUERY_LENGTH || next.length > MAX_CLAUSES) break;
    try {
      parseQuery(next.join(' OR '));
    } catch {
      break;
    }
    out.push(w);
  }
  return out;
}

export function queryMix(seed: number): { cases: QueryCase[]; refused: QueryCase[] } {
  const v = vocabulary();
  const multi = v.glossaryVi.filter((t) => t.split(' ').length >= 2);
  const longWords = (xs: string[], from: number): string =>
    xs.slice(from).find((w) => w.length >= 6 && /^\p{L}+$/u.test(w))!;
  const cases: QueryCase[] = [];
  const add = (c: QueryCase): void => void cases.push(c);

  for (const [a, b] of [
    [v.vi[30]!, v.vi[120]!],
    [v.vi[60]!, v.vi[300]!],
    [v.en[40]!, v.en[150]!],
  ] as [string, string][]) {
    add({
      category: 'AND of 2 words',
      label: `${a} ${b}`,
      request: { query: `${a} ${b}` },
      raw: `${quote(a)} ${quote(b)}`,
    });
  }
  for (const [start, list] of [
    [100, v.vi],
    [150, v.vi],
    [100, v.en],
  ] as const) {
    const ws = Array.from({ length: 8 }, (_, k) => list[start + k * 90]!);
    add({
      category: 'long OR (8 words)',
      label: ws.join(' OR '),
      request: { query: ws.join(' OR ') },
      raw: ws.map(quote).join(' OR '),
    });
  }
  for (const term of [multi[2]!, multi[40]!, multi[200]!]) {
    add({
      category: 'quoted phrase',
      label: `"${term}"`,
      request: { query: `"${term}"` },
      raw: quote(term),
    });
  }
  for (const term of [multi[5]!, multi[60]!, multi[300]!]) {
    const folded = foldDiacritics(term);
    add({
      category: 'toneless Vietnamese',
      label: folded,
      request: { query: folded },
      raw: words(folded).map(quote).join(' '),
    });
  }
  for (const w of [longWords(v.en, 50), longWords(v.en, 300), longWords(v.vi, 20)]) {
    const prefix = w.slice(0, 5);
    add({
      category: 'prefix word*',
      label: `${prefix}*`,
      request: { query: `${prefix}*` },
      raw: `${quote(prefix)}*`,
    });
  }
  for (const [a, b, ipc] of [
    [v.vi[40]!, v.vi[200]!, v.ipc[0]!.slice(0, 4)],
    [v.vi[80]!, v.vi[400]!, v.ipc[3]!.slice(0, 3)],
    [v.en[60]!, v.en[250]!, v.ipc[10]!.slice(0, 4)],
  ] as [string, string, string][]) {
    add({
      category: 'filtered + faceted',
      label: `${a} ${b} type=patent ipc=${ipc} from=2015-01-01 facets`,
      request: { query: `${a} ${b}`, type: 'patent', ipc, from: '2015-01-01', facets: true },
      raw: `${quote(a)} ${quote(b)}`,
      note: 'the baseline runs the terms only: it has no type, IPC, date filters or facets',
    });
  }
  for (const ws of [
    [v.vi[0]!, v.vi[1]!],
    [v.vi[0]!, v.vi[2]!, v.vi[3]!, v.vi[4]!].join(' OR ').split(' '),
    [v.en[0]!, v.en[1]!, v.en[2]!].join(' OR ').split(' '),
  ]) {
    const terms = ws.filter((w) => w !== 'OR');
    add({
      category: 'very common words',
      label: ws.join(' '),
      request: { query: ws.join(' ') },
      raw: terms.map(quote).join(ws.includes('OR') ? ' OR ' : ' '),
      note: 'the most frequent words of the corpus: every match is ranked (no cap, no time budget)',
    });
  }
  const refused: QueryCase[] = [];
  const common = new Set([...v.vi.slice(0, 50), ...v.en.slice(0, 50)]);
  for (const [k, lang] of (['vi', 'vi', 'en'] as const).entries()) {
    const full = sampleText(seed + 1000 + k, lang, 300);
    refused.push({
      category: 'prior-art 300 words (full)',
      label: `${words(full).length} words, ${full.length} chars`,
      request: { query: full },
      raw: '',
    });
    const terms = contentWordsOr(full, common);
    add({
      category: 'prior-art text (OR)',
      label: `${terms.length} distinct content words of ${words(full).length} (${lang})`,
      request: { query: terms.join(' OR ') },
      raw: terms.map(quote).join(' OR '),
      note: `the text's distinct content words ORed, as many as the API accepts (≤ ${MAX_QUERY_LENGTH} characters, ≤ ${MAX_CLAUSES} terms): the full text is refused (below)`,
    });
  }
  return { cases, refused };
}

// ---- run -------------------------------------------------------------------------------------

interface QueryRow {
  category: string;
  note?: string;
  queries: string[];
  samples: number;
  /** hits: total per query. */
  cau: { p50: number; p95: number; p99: number; hits: number[] };
  raw: { p50: number; p95: number; p99: number; hits: number[] };
  ratioP50: number;
}

const fmt = (x: number, d = 2): string => x.toFixed(d);
const ms = (ns: number): number => ns / 1e6;

interface QueryResults {
  rows: QueryRow[];
  overall: {
    cauP50: number;
    cauP95: number;
    cauP99: number;
    rawP50: number;
    rawP95: number;
    ratioP50: number;
    targetRatioP50: number;
    targetP95Ms: number;
  };
  refusals: { category: string; query: string; reason: string }[];
  peakRssMB: number;
  determinism: { queries: number; variedBetweenRuns: string[]; differentUnderLoad: string[] };
}

/** The query mix on Cầu and on the raw table, interleaved; percentiles per category and overall. */
async function measureQueries(
  index: SearchIndex,
  raw: Database.Database,
  opt: SpeedOptions,
): Promise<QueryResults> {
  const { cases, refused } = queryMix(opt.seed);
  const refusals: { category: string; query: string; reason: string }[] = [];
  for (const c of refused) {
    try {
      await index.search(c.request);
      refusals.push({ category: c.category, query: c.label, reason: 'accepted (not refused)' });
    } catch (e) {
      refusals.push({ category: c.category, query: c.label, reason: (e as Error).message });
    }
  }
  const answers = new Map<QueryCase, string>();
  const varied = new Set<string>();
  const rawSearch = raw.prepare<[string], { rowid: number }>(
    'SELECT rowid FROM base WHERE base MATCH ? ORDER BY rank LIMIT 20',
  );
  const queryRss = new RssPeak();
  const byCategory = new Map<
    string,
    {
      cau: number[];
      raw: number[];
      c: QueryCase[];
      cauHits: number[];
      rawHits: number[];
    }
  >();
  for (const c of cases) {
    const acc = byCategory.get(c.category) ?? {
      cau: [],
      raw: [],
      c: [],
      cauHits: [],
      rawHits: [],
    };
    byCategory.set(c.category, acc);
    acc.c.push(c);
    const request = { ...c.request, limit: 20 };
    let cauHits = 0;
    let rawHits = 0;
    let answer: string | undefined;
    // The prior-art text costs ~0.4 s a run on both sides at 10k: fewer runs keep the bench short.
    const runs = c.category.startsWith('prior-art') ? Math.min(opt.runs, 10) : opt.runs;
    for (let i = 0; i < opt.warmup + runs; i++) {
      // Interleaved, so a noisy moment hits both sides alike.
      let s = now();
      const res = await index.search(request);
      const cauNs = Number(now() - s);
      s = now();
      const rows = rawSearch.all(c.raw);
      const rawNsQ = Number(now() - s);
      if (i >= opt.warmup) {
        acc.cau.push(cauNs);
        acc.raw.push(rawNsQ);
      }
      cauHits = res.total;
      rawHits = rows.length;
      const got = answerOf(res);
      answer ??= got;
      if (got !== answer) varied.add(c.label);
    }
    answers.set(c, answer!);
    acc.cauHits.push(cauHits);
    acc.rawHits.push(rawHits);
    queryRss.sample();
  }
  const queryPeak = queryRss.stop();
  const determinism = await underLoad(async () => {
    const differ: string[] = [];
    for (const c of cases) {
      if (answerOf(await index.search({ ...c.request, limit: 20 })) !== answers.get(c))
        differ.push(c.label);
    }
    return differ;
  });
  const rows: QueryRow[] = [...byCategory].map(([category, a]) => {
    const cau = [...a.cau].sort((x, y) => x - y).map(ms);
    const rawS = [...a.raw].sort((x, y) => x - y).map(ms);
    const stats = (xs: number[]) => ({
      p50: percentile(xs, 0.5),
      p95: percentile(xs, 0.95),
      p99: percentile(xs, 0.99),
    });
    return {
      category,
      note: a.c[0]!.note,
      queries: a.c.map((c) => c.label),
      samples: cau.length,
      cau: { ...stats(cau), hits: a.cauHits },
      raw: { ...stats(rawS), hits: a.rawHits },
      ratioP50: percentile(cau, 0.5) / percentile(rawS, 0.5),
    };
  });
  const allCau = [...byCategory.values()]
    .flatMap((a) => a.cau)
    .sort((x, y) => x - y)
    .map(ms);
  const allRaw = [...byCategory.values()]
    .flatMap((a) => a.raw)
    .sort((x, y) => x - y)
    .map(ms);
  const overall = {
    cauP50: percentile(allCau, 0.5),
    cauP95: percentile(allCau, 0.95),
    cauP99: percentile(allCau, 0.99),
    rawP50: percentile(allRaw, 0.5),
    rawP95: percentile(allRaw, 0.95),
    ratioP50: percentile(allCau, 0.5) / percentile(allRaw, 0.5),
    targetRatioP50: 2,
    targetP95Ms: 100,
  };
  return {
    rows,
    overall,
    refusals,
    peakRssMB: queryPeak / MB,
    determinism: {
      queries: cases.length,
      variedBetweenRuns: [...varied],
      differentUnderLoad: determinism,
    },
  };
}

/** A search's answer as a string: the total and the ids of the page, in order. */
function answerOf(res: { total: number; hits: { id: string }[] }): string {
  return `${res.total}:${res.hits.map((h) => h.id).join(',')}`;
}

/**
 * Runs `work` while a worker thread spins on another core (a busy machine): the answers must
 * not change, because nothing in a search depends on time.
 */
async function underLoad<T>(work: () => Promise<T>): Promise<T> {
  const busy = new Worker('for (;;) {}', { eval: true });
  await new Promise((r) => setTimeout(r, 200));
  try {
    return await work();
  } finally {
    await busy.terminate();
  }
}

function printQueries(q: QueryResults, opt: SpeedOptions): void {
  const { rows, overall, refusals } = q;
  console.log(
    `\nqueries (${opt.runs} runs (prior-art: ≤ 10) after ${opt.warmup} warm-up, 3 queries per row, limit 20; ms)`,
  );
  console.log(
    'category'.padEnd(28) +
      'Cầu p50'.padStart(9) +
      'p95'.padStart(8) +
      'p99'.padStart(8) +
      '  raw p50'.padStart(10) +
      'p95'.padStart(8) +
      '  p50 ratio'.padStart(12) +
      '  Cầu hits',
  );
  for (const r of rows) {
    console.log(
      r.category.padEnd(28) +
        fmt(r.cau.p50).padStart(9) +
        fmt(r.cau.p95).padStart(8) +
        fmt(r.cau.p99).padStart(8) +
        fmt(r.raw.p50).padStart(10) +
        fmt(r.raw.p95).padStart(8) +
        `${fmt(r.ratioP50, 1)}×`.padStart(12) +
        `  ${r.cau.hits.join('/')}`,
    );
  }
  console.log(
    'all'.padEnd(28) +
      fmt(overall.cauP50).padStart(9) +
      fmt(overall.cauP95).padStart(8) +
      fmt(overall.cauP99).padStart(8) +
      fmt(overall.rawP50).padStart(10) +
      fmt(overall.rawP95).padStart(8) +
      `${fmt(overall.ratioP50, 1)}×`.padStart(12),
  );
  for (const r of rows) if (r.note) console.log(`  ${r.category}: ${r.note}`);
  for (const r of refusals) console.log(`  refused: ${r.category} [${r.query}]: ${r.reason}`);
  const d = q.determinism;
  const same = d.variedBetweenRuns.length === 0 && d.differentUnderLoad.length === 0;
  console.log(
    `determinism: ${d.queries} queries, every timed run and a run with the other core busy: ` +
      `${same ? 'identical ids and totals' : `DIFFERENT for ${[...d.variedBetweenRuns, ...d.differentUnderLoad].join('; ')}`}`,
  );
  const failing = rows.filter((r) => r.ratioP50 > 2).map((r) => r.category);
  console.log(
    `target p50 ≤ 2× raw: ${failing.length ? `NOT MET for ${failing.join(', ')}` : 'MET'}; ` +
      `p95 ≤ 100 ms (target set for 100k): ${overall.cauP95 <= 100 ? 'MET' : 'NOT MET'} (${fmt(overall.cauP95)} ms)`,
  );
}

/**
 * `--queries-only <dir>`: the query mix again on the indexes a `--keep` run left in `dir` (its
 * `cau/` data dir and `raw/raw.sqlite`), after a change to searching, without ingesting again.
 * Pass the same `--size` and `--seed` as that run. The results file is named `bench-<size>-queries-*`
 * and holds no ingest numbers, so the 1M extrapolation never reads it.
 */
async function queriesOnly(dir: string, opt: SpeedOptions): Promise<void> {
  const index = openIndex({ dataDir: join(dir, 'cau') });
  const raw = new Database(join(dir, 'raw', 'raw.sqlite'), { readonly: true });
  try {
    const records = await index.count();
    console.log(`queries only, on the ${records} records kept in ${dir}`);
    const query = await measureQueries(index, raw, opt);
    printQueries(query, opt);
    mkdirSync(RESULTS, { recursive: true });
    const file = join(
      RESULTS,
      `bench-${opt.size}-queries-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
    };
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), options: opt, machine, dir, records, query }, null, 2)}\n`,
    );
    console.log(`results in ${file}`);
  } finally {
    await index.close();
    raw.close();
  }
}

async function speedBench(opt: SpeedOptions): Promise<void> {
  if (opt.extrapolate) {
    printExtrapolation(opt.seed);
    return;
  }
  if (opt.queriesOnly) {
    await queriesOnly(resolve(opt.queriesOnly), opt);
    return;
  }
  const wallStart = now();
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    totalMemoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
  };
  console.log(
    `Cầu bench: ${opt.records} records, seed ${opt.seed}, ${opt.runs} runs per query\n` +
      `${machine.cpu} × ${machine.cores}, ${machine.totalMemoryGB} GB, Node ${machine.node}, ${machine.platform}\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cau-bench-'));
  const out: Record<string, unknown> = { date: new Date().toISOString(), options: opt, machine };
  try {
    // -- corpus
    let t = now();
    const corpus: CorpusSummary = generateCorpus(join(dir, 'corpus'), opt.records, opt.seed);
    const generateSeconds = seconds(t);
    const { files, bytes } = corpus;
    console.log(
      `corpus: ${corpus.patents} patents + ${corpus.research} research records in ${files.length} files, ` +
        `${fmt(bytes / MB, 1)} MB (${fmt(bytes / opt.records / 1024, 1)} KB/record), generated in ${fmt(generateSeconds, 1)} s`,
    );
    out.corpus = { ...corpus, files: files.length, dir: undefined, generateSeconds };

    // -- parse vs read
    for (const f of files) readFileSync(f); // warm the page cache for both sides
    t = now();
    let chars = 0;
    for (const f of files) chars += new TextDecoder().decode(readFileSync(f)).length;
    const readSeconds = seconds(t);
    t = now();
    let parsedRecords = 0;
    let parseErrors = 0;
    for (const f of files) {
      const r = parseFileContent(f, readFileSync(f));
      parsedRecords += r.records.length;
      parseErrors += r.errors.length;
    }
    const parseSeconds = seconds(t);
    const parse = {
      readMBps: bytes / MB / readSeconds,
      parseMBps: bytes / MB / parseSeconds,
      ratio: readSeconds / parseSeconds,
      records: parsedRecords,
      errors: parseErrors,
      chars,
    };
    out.parse = parse;
    console.log(
      `parse: read+decode ${fmt(parse.readMBps, 0)} MB/s, Cầu parsers ${fmt(parse.parseMBps, 1)} MB/s, ` +
        `ratio ${fmt(parse.ratio, 3)} (${parsedRecords} records, ${parseErrors} errors)`,
    );

    // -- raw FTS5 ingest of pre-extracted text (extraction untimed)
    const rawDir = join(dir, 'raw');
    mkdirSync(rawDir);
    const rawPath = join(rawDir, 'raw.sqlite');
    const raw = new Database(rawPath);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec(
      `CREATE VIRTUAL TABLE base USING fts5(title, abstract, claims, description, tokenize = "unicode61 remove_diacritics 2")`,
    );
    const insert = raw.prepare(
      'INSERT INTO base (title, abstract, claims, description) VALUES (?, ?, ?, ?)',
    );
    let rawNs = 0n;
    let rawCpuUs = 0;
    let rawDocs = 0;
    const rawRss = new RssPeak();
    raw.exec('BEGIN');
    for (const f of files) {
      const rows = parseFileContent(f, readFileSync(f)).records.map(plain);
      const s = now();
      const c = process.cpuUsage();
      for (const row of rows) {
        insert.run(...row);
        if (++rawDocs % RAW_BATCH === 0) raw.exec('COMMIT; BEGIN');
      }
      rawNs += now() - s;
      const used = process.cpuUsage(c);
      rawCpuUs += used.user + used.system;
      rawRss.sample();
    }
    const s = now();
    raw.exec('COMMIT');
    rawNs += now() - s;
    const rawSeconds = Number(rawNs) / 1e9;
    const rawPeak = rawRss.stop();

    // -- Cầu end to end
    const cauDir = join(dir, 'cau');
    const index = openIndex({ dataDir: cauDir });
    const ingestRss = new RssPeak();
    const ingestCpu = process.cpuUsage();
    const summary = await ingestPaths(
      ['patents', 'bulk', 'oai'].map((d) => join(corpus.dir, d)),
      index,
      { onFile: () => ingestRss.sample(), workers: opt.workers },
    );
    const cpuUsed = process.cpuUsage(ingestCpu);
    const ingestPeak = ingestRss.stop();
    const ingest = {
      cauDocsPerSecond: summary.records / summary.seconds,
      rawDocsPerSecond: rawDocs / rawSeconds,
      ratio: summary.records / summary.seconds / (rawDocs / rawSeconds),
      target: 0.4,
      met: summary.records / summary.seconds / (rawDocs / rawSeconds) >= 0.4,
      cauSeconds: summary.seconds,
      rawSeconds,
      records: summary.records,
      rawRecords: rawDocs,
      filesFailed: summary.filesFailed,
      failures: summary.failures.slice(0, 5),
      peakRssMB: { cau: ingestPeak / MB, raw: rawPeak / MB },
      workers: opt.workers,
      // CPU time of every thread of the process per record: what the work costs, whatever the
      // load (the wall-clock rates above depend on how much of the cores other work leaves).
      cpuMsPerRecord: {
        cau: (cpuUsed.user + cpuUsed.system) / 1000 / summary.records,
        raw: rawCpuUs / 1000 / rawDocs,
      },
      loadAverage: loadavg()[0] ?? 0,
    };
    // The index's own account of its FTS work (the embedded index times it while writing).
    const times = (index as { writeTimes?: { analyseNs: bigint; ftsNs: bigint } }).writeTimes;
    const ftsShare = times && {
      columnsSeconds: Number(times.analyseNs) / 1e9,
      ftsWriteSeconds: Number(times.ftsNs) / 1e9,
      columnsShare: Number(times.analyseNs) / 1e9 / summary.seconds,
      ftsWriteShare: Number(times.ftsNs) / 1e9 / summary.seconds,
    };
    out.ingest = { ...ingest, ftsShare };
    console.log(
      `ingest: Cầu ${fmt(ingest.cauDocsPerSecond, 1)} docs/s (${fmt(summary.seconds, 1)} s), raw FTS5 ${fmt(ingest.rawDocsPerSecond, 0)} docs/s ` +
        `(${fmt(rawSeconds, 1)} s), ratio ${fmt(ingest.ratio, 3)} — target ≥ 0.4 ${ingest.met ? 'MET' : 'NOT MET'}` +
        (summary.filesFailed ? `; ${summary.filesFailed} files failed` : ''),
    );
    console.log(
      `ingest CPU (all threads; ${opt.workers} ingest thread${opt.workers === 1 ? '' : 's'}, load average ${fmt(ingest.loadAverage, 1)}): ` +
        `Cầu ${fmt(ingest.cpuMsPerRecord.cau, 2)} ms/record, raw FTS5 ${fmt(ingest.cpuMsPerRecord.raw, 2)} ms/record`,
    );
    if (ftsShare) {
      console.log(
        `ingest time in the index's FTS work: building the column text ${fmt(ftsShare.columnsSeconds, 1)} s ` +
          `(${fmt(ftsShare.columnsShare * 100, 0)}%), FTS5 inserts ${fmt(ftsShare.ftsWriteSeconds, 1)} s (${fmt(ftsShare.ftsWriteShare * 100, 0)}%)`,
      );
    }

    // -- queries
    const query = opt.ingestOnly ? undefined : await measureQueries(index, raw, opt);
    const queryPeak = (query?.peakRssMB ?? 0) * MB;
    out.query = query;

    // -- size on disk (closing checkpoints and removes the WAL)
    await index.close();
    raw.close();
    const cauBytes = dirBytes(cauDir);
    const rawBytes = dirBytes(rawDir);
    out.size = {
      cauBytes,
      rawBytes,
      cauBytesPerDoc: cauBytes / summary.records,
      rawBytesPerDoc: rawBytes / rawDocs,
      ratio: cauBytes / summary.records / (rawBytes / rawDocs),
      corpusBytesPerDoc: bytes / opt.records,
    };
    const usage = process.resourceUsage();
    out.memory = {
      ingestPeakRssMB: ingestPeak / MB,
      rawIngestPeakRssMB: rawPeak / MB,
      queryPeakRssMB: queryPeak / MB,
      processMaxRssMB: usage.maxRSS / 1024,
    };
    out.wallSeconds = seconds(wallStart);

    // -- table
    if (query) printQueries(query, opt);
    const size = out.size as { cauBytesPerDoc: number; rawBytesPerDoc: number; ratio: number };
    console.log(
      `\nindex size: Cầu ${fmt(cauBytes / MB, 1)} MB (${fmt(size.cauBytesPerDoc / 1024, 1)} KB/doc), raw ${fmt(rawBytes / MB, 1)} MB ` +
        `(${fmt(size.rawBytesPerDoc / 1024, 1)} KB/doc), ratio ${fmt(size.ratio, 2)}`,
    );
    console.log(
      `peak RSS: Cầu ingest ${fmt(ingestPeak / MB, 0)} MB, raw ingest ${fmt(rawPeak / MB, 0)} MB, queries ${fmt(queryPeak / MB, 0)} MB ` +
        `(process max ${fmt(usage.maxRSS / 1024, 0)} MB)`,
    );
    mkdirSync(RESULTS, { recursive: true });
    const file = join(
      RESULTS,
      `bench-${opt.size}-${opt.ingestOnly ? 'ingest-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wall time ${fmt(seconds(wallStart), 0)} s; results in ${file}`);
    if (!opt.ingestOnly) printExtrapolation(opt.seed);
  } finally {
    if (opt.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  // `--queue`: the queued-ingestion benchmark (bench/queue.ts); `--load`: the HTTP load test
  // (bench/load.ts); `--engine opensearch`: the cluster engine next to the embedded index
  // (bench/cluster.ts); otherwise this one.
  const run = (opt: BenchOptions): Promise<void> =>
    opt.mode === 'queue'
      ? queueBench(opt)
      : opt.mode === 'load'
        ? loadBench(opt)
        : opt.mode === 'cluster'
          ? clusterBench(opt)
          : speedBench(opt);
  let opt: BenchOptions | undefined;
  try {
    opt = benchOptions(process.argv.slice(2));
  } catch (e) {
    // commander has printed the error (or the help) already.
    if (!(e instanceof CommanderError)) throw e;
    process.exitCode = e.exitCode;
  }
  if (opt) {
    run(opt).catch((e) => {
      console.error(e);
      process.exitCode = 1;
    });
  }
}
