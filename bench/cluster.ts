/**
 * `npm run bench -- --engine opensearch [--size 10k|100k] [--seed N] [--runs N] [--url URL]`:
 * the cluster engine on a live node (OPENSEARCH_URL, or `--url`; `npm run engine:up` starts
 * one) next to the embedded index, in the same run on the same synthetic corpus
 * (bench/corpus.ts): ingest records/s of each, then search p50/p95 of one query mix on each.
 * The cluster is ingested once per bulk setting tried (body size, refresh interval during the
 * load), each into an alias of its own; queries run on the last one. Every number is printed
 * beside the embedded index's, measured minutes apart on the same machine: compare ratios, not
 * absolute times (bench/README.md).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { foldDiacritics } from '../analyzers';
import { ingestPaths } from '../ingest';
import {
  connectCluster,
  ElasticsearchSearchIndex,
  openIndex,
  type SearchIndex,
  type SearchRequest,
} from '../search-index';
import { generateCorpus, vocabulary } from './corpus';
import type { ClusterOptions } from './options';

const RESULTS = join(resolve(__dirname, '..'), 'bench', 'results');

interface BulkSetting {
  label: string;
  flushBytes: number;
  concurrency: number;
  /** The index's refresh_interval while loading ("-1": none), restored afterwards. */
  refreshDuringLoad?: string;
}

/**
 * Tried at every size: the default (5 MB bodies, two in flight, the node's 1 s refresh), smaller
 * bodies, and no refresh during the load. `refresh=wait_for` on every bulk is not among them: it
 * held each file for up to the refresh interval (2 records/s on the fixtures, measured when the
 * engine was written; search-index/elasticsearch/elasticsearch-index.ts).
 */
const SETTINGS: BulkSetting[] = [
  { label: '5 MB bodies ×2, refresh 1 s (default)', flushBytes: 5_000_000, concurrency: 2 },
  { label: '1 MB bodies ×2, refresh 1 s', flushBytes: 1_000_000, concurrency: 2 },
  {
    label: '5 MB bodies ×2, no refresh during the load',
    flushBytes: 5_000_000,
    concurrency: 2,
    refreshDuringLoad: '-1',
  },
];

function queries(): { category: string; request: SearchRequest }[] {
  const v = vocabulary();
  const multi = v.glossaryVi.filter((t) => t.split(' ').length >= 2);
  const out: { category: string; request: SearchRequest }[] = [];
  for (const [a, b] of [
    [v.vi[30]!, v.vi[120]!],
    [v.vi[60]!, v.vi[300]!],
    [v.en[40]!, v.en[150]!],
  ])
    out.push({ category: 'AND of 2 words', request: { query: `${a} ${b}` } });
  for (const t of [multi[2]!, multi[40]!, multi[200]!])
    out.push({ category: 'quoted phrase', request: { query: `"${t}"` } });
  for (const t of [multi[5]!, multi[60]!, multi[300]!])
    out.push({ category: 'toneless Vietnamese', request: { query: foldDiacritics(t) } });
  for (const w of [v.en[50]!, v.en[300]!, v.vi[20]!].filter((w) => w.length >= 5))
    out.push({ category: 'prefix word*', request: { query: `${w.slice(0, 5)}*` } });
  for (const start of [100, 150]) {
    const ws = Array.from({ length: 8 }, (_, k) => v.vi[start + k * 90]!);
    out.push({ category: 'long OR (8 words)', request: { query: ws.join(' OR ') } });
  }
  for (const [a, b] of [
    [v.vi[40]!, v.vi[200]!],
    [v.en[60]!, v.en[250]!],
  ])
    out.push({
      category: 'filtered + faceted',
      request: { query: `${a} ${b}`, type: 'patent', from: '2015-01-01', facets: true },
    });
  out.push({ category: 'very common words', request: { query: `${v.vi[0]!} ${v.vi[1]!}` } });
  return out;
}

const percentile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function searchTimes(
  index: SearchIndex,
  mix: { request: SearchRequest }[],
  runs: number,
): Promise<{ p50: number; p95: number; samples: number }> {
  for (const q of mix) await index.search(q.request); // warm caches on both sides alike
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    for (const q of mix) {
      const t = process.hrtime.bigint();
      await index.search(q.request);
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), samples: ms.length };
}

async function putSettings(url: string, alias: string, settings: object): Promise<void> {
  const r = await fetch(`${url.replace(/\/$/, '')}/${alias}/_settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!r.ok) throw new Error(`PUT ${alias}/_settings: ${r.status} ${await r.text()}`);
}

const fmt = (n: number, d = 1): string => n.toFixed(d);

export async function clusterBench(opt: ClusterOptions): Promise<void> {
  const { url, size, records, seed, runs, workers } = opt;
  const settings = opt.settings ? opt.settings.map((i) => SETTINGS[i]!) : SETTINGS;
  if (settings.some((x) => x === undefined)) {
    throw new Error(`--settings: there are ${SETTINGS.length} settings, numbered from 0`);
  }
  console.log(
    `Cầu cluster bench: ${records} records, seed ${seed}, ${runs} runs of the mix, OpenSearch at ${url}\n` +
      `${cpus()[0]?.model ?? '?'} × ${cpus().length}, Node ${process.version}\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'cau-cluster-bench-'));
  const aliases: string[] = [];
  const out: Record<string, unknown> = {
    date: new Date().toISOString(),
    options: { records, seed, runs, workers },
  };
  const admin = connectCluster({ engine: 'opensearch', url, index: 'unused' });
  try {
    const corpus = generateCorpus(join(dir, 'corpus'), records, seed);
    const paths = ['patents', 'bulk', 'oai'].map((d) => join(corpus.dir, d));
    const mix = queries();

    const embedded = openIndex({ dataDir: join(dir, 'embedded') });
    const e = await ingestPaths(paths, embedded, { workers });
    const embeddedRate = e.records / e.seconds;
    console.log(
      `embedded: ${e.records} records in ${fmt(e.seconds)} s = ${fmt(embeddedRate)} records/s (load ${fmt(loadavg()[0]!)})`,
    );

    const ingests: Record<string, unknown>[] = [];
    let last: SearchIndex | undefined;
    for (const s of settings) {
      const alias = `cau-bench-${randomUUID()}`;
      aliases.push(alias);
      await last?.close();
      const index = ElasticsearchSearchIndex.open(
        { engine: 'opensearch', url, index: alias },
        { bulk: { flushBytes: s.flushBytes, concurrency: s.concurrency } },
      );
      await index.count(); // creates the alias and its first index
      if (s.refreshDuringLoad)
        await putSettings(url, alias, { index: { refresh_interval: s.refreshDuringLoad } });
      const c = await ingestPaths(paths, index, { workers });
      if (s.refreshDuringLoad) await putSettings(url, alias, { index: { refresh_interval: null } });
      const rate = c.records / c.seconds;
      ingests.push({ setting: s.label, records: c.records, seconds: c.seconds, rate });
      console.log(
        `cluster (${s.label}): ${c.records} records in ${fmt(c.seconds)} s = ${fmt(rate)} records/s, ` +
          `${fmt(rate / embeddedRate, 2)}× embedded (load ${fmt(loadavg()[0]!)})`,
      );
      last = index;
    }

    const se = await searchTimes(embedded, mix, runs);
    const sc = await searchTimes(last!, mix, runs);
    console.log(
      `search (${mix.length} queries × ${runs}): embedded p50 ${fmt(se.p50)} ms p95 ${fmt(se.p95)} ms; ` +
        `cluster p50 ${fmt(sc.p50)} ms p95 ${fmt(sc.p95)} ms (${fmt(sc.p50 / se.p50, 2)}× / ${fmt(sc.p95 / se.p95, 2)}× embedded)`,
    );
    await embedded.close();
    await last?.close();
    out.embedded = { records: e.records, seconds: e.seconds, rate: embeddedRate, search: se };
    out.cluster = { ingests, search: sc };
    mkdirSync(RESULTS, { recursive: true });
    const file = join(
      RESULTS,
      `cluster-${size}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`results in ${file}`);
  } finally {
    for (const alias of aliases) {
      await admin.deleteIndex(`${alias}-v*`).catch(() => undefined);
      await admin.deleteIndexTemplate(alias).catch(() => undefined);
    }
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
