/**
 * Search quality of one judged query set: the set's records ingested into a fresh index, every
 * query run through the three systems of eval-rankers.ts, nDCG@10, MRR and Recall@20 averaged
 * per category and overall.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestPaths } from '../ingest';
import { openIndex, type CauRecord, type SearchIndex } from '../search-index';
import { ndcgAt, recallAt, reciprocalRank, type Grades } from './eval-metrics';
import { cauRanker, fairBaseline, plainBaseline, type Ranker } from './eval-rankers';

export const ROOT = resolve(__dirname, '..');

export interface JudgedQuery {
  id: string;
  category: string;
  query: string;
  /** "nfd": the query is sent decomposed (NFD), as some keyboards and systems send it. */
  form?: 'nfc' | 'nfd';
  intent?: string;
  judgments: Grades;
}

/** A judged query set and the folders its index is built from. */
export interface JudgedSet {
  name: 'test' | 'dev';
  /** Where the queries are, relative to the repository. */
  queries: string;
  /** What is ingested, relative to the repository. */
  paths: string[];
}

/** Held out, never tuned on: judged over the development fixtures and the test corpus. */
export const TEST_SET: JudgedSet = {
  name: 'test',
  queries: 'testset/queries.json',
  paths: ['fixtures', 'testset'],
};

/** What the analysis, glossary and ranking were tuned on. */
export const DEV_SET: JudgedSet = {
  name: 'dev',
  queries: 'fixtures/judgments/dev-queries.json',
  paths: ['fixtures'],
};

export const SYSTEMS = ['plain', 'fair', 'cau'] as const;
export type System = (typeof SYSTEMS)[number];

export interface Scores {
  ndcg10: number;
  mrr: number;
  recall20: number;
  n: number;
}
export type Metric = Exclude<keyof Scores, 'n'>;
export const METRICS: readonly Metric[] = ['ndcg10', 'mrr', 'recall20'];

export interface CategoryRow {
  category: string;
  n: number;
  scores: Record<System, Scores>;
}

export interface SetResult {
  set: JudgedSet['name'];
  records: number;
  queries: number;
  /** Per category (alphabetical), then "overall". */
  rows: CategoryRow[];
  /** nDCG@10 of each query per system. */
  perQuery: Record<string, Record<System, number>>;
  /** Queries whose Cầu ranking the engine cut short (a guard or the time budget). */
}

/** Reads a judged query file, refusing one a metric would silently misread. */
export function loadQueries(path: string): JudgedQuery[] {
  const parsed = JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`${path}: expected an array of judged queries`);
  const seen = new Set<string>();
  return parsed.map((q: JudgedQuery, i) => {
    const where = `${path}[${i}]${q?.id ? ` (${q.id})` : ''}`;
    if (!q || typeof q.id !== 'string' || typeof q.query !== 'string' || !q.category)
      throw new Error(`${where}: needs id, category and query`);
    if (seen.has(q.id)) throw new Error(`${where}: duplicate id`);
    seen.add(q.id);
    const grades = Object.values(q.judgments ?? {});
    if (!grades.some((g) => g === 2) || grades.some((g) => g !== 1 && g !== 2))
      throw new Error(`${where}: judgments must be grades 1 or 2, at least one 2`);
    return q;
  });
}

async function allRecords(index: SearchIndex): Promise<CauRecord[]> {
  const out: CauRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await index.search({ limit: 100, cursor });
    for (const h of page.hits) out.push((await index.get(h.id))!);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Every id a record is known by in its sources (`source.id`) → its id. */
export function recordAliases(records: readonly CauRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) for (const s of r.sources ?? [r.source]) if (s.id) out.set(s.id, r.id);
  return out;
}

/** An index of the set's folders in a temp dir, removed after `use`. */
export async function withSetIndex<T>(
  set: JudgedSet,
  use: (index: SearchIndex, records: CauRecord[]) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `cau-eval-${set.name}-`));
  const index = openIndex({ dataDir: dir });
  try {
    const summary = await ingestPaths(
      set.paths.map((p) => join(ROOT, p)),
      index,
    );
    if (summary.failures.length > 0)
      throw new Error(`${set.name} set: ${summary.failures.length} file(s) failed to ingest`);
    return await use(index, await allRecords(index));
  } finally {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Scores a judged set on an index holding its records; judged ids must all be in it. */
export async function scoreSet(
  set: JudgedSet,
  judged: readonly JudgedQuery[],
  index: SearchIndex,
  records: readonly CauRecord[],
): Promise<SetResult> {
  // Judgments name records by the ids they had when judged (OAI identifiers): a record whose id
  // is now its DOI is found under its source's id.
  const idOf = recordAliases(records);
  const queries = judged.map((q) => ({
    ...q,
    judgments: Object.fromEntries(
      Object.entries(q.judgments).map(([id, g]) => [idOf.get(id) ?? id, g]),
    ),
  }));
  const known = new Set(records.map((r) => r.id));
  for (const q of queries)
    for (const id of Object.keys(q.judgments))
      if (!known.has(id))
        throw new Error(`${set.queries} ${q.id}: judged record ${id} is not in the index`);
  const rankers: Record<System, Ranker> = {
    plain: plainBaseline(records),
    fair: fairBaseline(records),
    cau: cauRanker(index),
  };
  const sums = new Map<string, Record<System, Scores>>();
  const perQuery: SetResult['perQuery'] = {};
  const empty = (): Scores => ({ ndcg10: 0, mrr: 0, recall20: 0, n: 0 });
  for (const q of queries) {
    const text = q.form === 'nfd' ? q.query.normalize('NFD') : q.query;
    perQuery[q.id] = { plain: 0, fair: 0, cau: 0 };
    for (const system of SYSTEMS) {
      const ranked = await rankers[system](text);
      const s = {
        ndcg10: ndcgAt(10, ranked.ids, q.judgments),
        mrr: reciprocalRank(ranked.ids, q.judgments),
        recall20: recallAt(20, ranked.ids, q.judgments),
      };
      perQuery[q.id]![system] = s.ndcg10;
      for (const key of [q.category, 'overall']) {
        if (!sums.has(key)) sums.set(key, { plain: empty(), fair: empty(), cau: empty() });
        const acc = sums.get(key)![system];
        for (const m of METRICS) acc[m] += s[m];
        acc.n++;
      }
    }
  }
  const mean = (s: Scores): Scores => ({
    ndcg10: s.ndcg10 / s.n,
    mrr: s.mrr / s.n,
    recall20: s.recall20 / s.n,
    n: s.n,
  });
  const categories = [...sums.keys()].filter((k) => k !== 'overall').sort();
  const rows = [...categories, 'overall'].map((category) => {
    const s = sums.get(category)!;
    return {
      category,
      n: s.cau.n,
      scores: { plain: mean(s.plain), fair: mean(s.fair), cau: mean(s.cau) },
    };
  });
  return {
    set: set.name,
    records: records.length,
    queries: queries.length,
    rows,
    perQuery,
  };
}

/** Ingests a set's folders and scores its queries (what the CI guard runs). */
export async function evaluateSet(set: JudgedSet): Promise<SetResult> {
  const queries = loadQueries(set.queries);
  return withSetIndex(set, (index, records) => scoreSet(set, queries, index, records));
}
