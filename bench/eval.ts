/**
 * `npm run eval`: search quality on the bundled fixtures, measured against graded judgments
 * (fixtures/judgments/queries.json), for a plain baseline and for Cầu, in the same run.
 *
 *   baseline  FTS5 unicode61 with remove_diacritics 2 over the raw text, the query's words
 *             ANDed (no bigrams, no stemming, no query syntax, no glossary), bm25 ranking
 *   cau       Cầu's SearchIndex exactly as the API uses it
 *
 * Prints nDCG@10, MRR and Recall@20 per category and overall; writes the numbers to
 * bench/results/eval-latest.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { readinessAgreement, type ReadinessLabel } from '../analyzers';
// train.ts is the script that rebuilds the shipped model; it reads the fixtures through
// ingest, so it stays out of the analyzers entry (analyzers never depend on ingest).
// eslint-disable-next-line no-restricted-imports
import { evaluateShippedClassifier } from '../analyzers/technology-field/train';
import { ingestPaths } from '../ingest';
import { openIndex, type CauRecord, type SearchIndex } from '../search-index';
import { evaluatePriorArt } from './prior-art-eval';

const ROOT = resolve(__dirname, '..');

interface Judged {
  id: string;
  category: string;
  query: string;
  form?: 'nfc' | 'nfd';
  judgments: Record<string, number>;
}

type Ranker = (query: string) => Promise<string[]>;

// ---- metrics -------------------------------------------------------------------------------

export function ndcgAt(k: number, ranked: string[], grades: Record<string, number>): number {
  const dcg = ranked
    .slice(0, k)
    .reduce((sum, id, i) => sum + (2 ** (grades[id] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = Object.values(grades)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function reciprocalRank(ranked: string[], grades: Record<string, number>): number {
  const i = ranked.findIndex((id) => (grades[id] ?? 0) > 0);
  return i === -1 ? 0 : 1 / (i + 1);
}

export function recallAt(k: number, ranked: string[], grades: Record<string, number>): number {
  const relevant = Object.keys(grades).filter((id) => grades[id]! > 0);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

// ---- the two systems -------------------------------------------------------------------------

function baselineText(r: CauRecord): string {
  const parts: (string | undefined)[] = [r.title, r.abstract];
  parts.push(
    ...(r.alternateTitles ?? []).map((t) => t.text),
    ...(r.alternateAbstracts ?? []).map((t) => t.text),
  );
  if (r.type === 'patent') {
    parts.push(
      ...r.claims,
      r.description,
      ...r.applicants.map((a) => a.name),
      ...r.inventors,
      ...r.ipc,
    );
  } else {
    parts.push(...r.creators, ...r.subjects, r.publisher);
  }
  return parts.filter(Boolean).join('\n');
}

function baseline(records: CauRecord[]): Ranker {
  const db = new Database(':memory:');
  db.exec(
    `CREATE VIRTUAL TABLE plain USING fts5(id UNINDEXED, body, tokenize = "unicode61 remove_diacritics 2")`,
  );
  const insert = db.prepare('INSERT INTO plain (id, body) VALUES (?, ?)');
  db.transaction(() => records.forEach((r) => insert.run(r.id, baselineText(r))))();
  const search = db.prepare<[string], { id: string }>(
    'SELECT id FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT 20',
  );
  return async (query) => {
    // Plain: every piece of the query is a quoted word, no operators, no fields.
    const words = query
      .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter(Boolean);
    if (words.length === 0) return [];
    return search.all(words.map((w) => `"${w}"`).join(' ')).map((r) => r.id);
  };
}

function cau(index: SearchIndex): Ranker {
  return async (query) => {
    try {
      return (await index.search({ query, limit: 20 })).hits.map((h) => h.id);
    } catch {
      return [];
    }
  };
}

// ---- run -------------------------------------------------------------------------------------

interface Scores {
  ndcg10: number;
  mrr: number;
  recall20: number;
  n: number;
}

/** nDCG@10 of every query, for `--verbose`: where Cầu is behind the baseline, and by how much. */
const perQuery = new Map<string, number[]>();

async function score(ranker: Ranker, queries: Judged[]): Promise<Map<string, Scores>> {
  const byCategory = new Map<string, Scores>();
  const add = (key: string, s: Omit<Scores, 'n'>): void => {
    const cur = byCategory.get(key) ?? { ndcg10: 0, mrr: 0, recall20: 0, n: 0 };
    byCategory.set(key, {
      ndcg10: cur.ndcg10 + s.ndcg10,
      mrr: cur.mrr + s.mrr,
      recall20: cur.recall20 + s.recall20,
      n: cur.n + 1,
    });
  };
  for (const q of queries) {
    const text = q.form === 'nfd' ? q.query.normalize('NFD') : q.query;
    const ranked = await ranker(text);
    const s = {
      ndcg10: ndcgAt(10, ranked, q.judgments),
      mrr: reciprocalRank(ranked, q.judgments),
      recall20: recallAt(20, ranked, q.judgments),
    };
    perQuery.set(q.id, [...(perQuery.get(q.id) ?? []), s.ndcg10]);
    add(q.category, s);
    add('overall', s);
  }
  for (const [k, v] of byCategory) {
    byCategory.set(k, {
      ndcg10: v.ndcg10 / v.n,
      mrr: v.mrr / v.n,
      recall20: v.recall20 / v.n,
      n: v.n,
    });
  }
  return byCategory;
}

/** Every id a record is known by (its sources' own ids) → its id. */
function aliases(records: CauRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of records) {
    for (const s of r.sources ?? [r.source]) if (s.id) out.set(s.id, r.id);
  }
  return out;
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

async function main(): Promise<void> {
  const queries = JSON.parse(
    readFileSync(join(ROOT, 'fixtures', 'judgments', 'queries.json'), 'utf8'),
  ) as Judged[];
  const dir = mkdtempSync(join(tmpdir(), 'cau-eval-'));
  const index = openIndex({ dataDir: dir });
  try {
    await ingestPaths([join(ROOT, 'fixtures')], index);
    const records = await allRecords(index);
    // Judgments name records by the ids they had when judged (OAI identifiers): a record whose id
    // is now its DOI is found under its source's id.
    const idOf = aliases(records);
    for (const q of queries) {
      q.judgments = Object.fromEntries(
        Object.entries(q.judgments).map(([id, g]) => [idOf.get(id) ?? id, g]),
      );
    }
    const base = await score(baseline(records), queries);
    const ours = await score(cau(index), queries);

    const categories = [...base.keys()].filter((k) => k !== 'overall').sort();
    categories.push('overall');
    const f = (x: number): string => x.toFixed(3);
    const rows = categories.map((c) => {
      const b = base.get(c)!;
      const o = ours.get(c)!;
      return { category: c, n: o.n, baseline: b, cau: o };
    });
    console.log(
      `search quality on ${records.length} fixture records, ${queries.length} judged queries\n`,
    );
    console.log(
      'category'.padEnd(22) +
        'n'.padStart(4) +
        '  nDCG@10 base → cầu'.padEnd(26) +
        'MRR base → cầu'.padEnd(22) +
        'Recall@20 base → cầu',
    );
    for (const r of rows) {
      const cell = (k: keyof Omit<Scores, 'n'>): string =>
        `${f(r.baseline[k])} → ${f(r.cau[k])}${r.cau[k] > r.baseline[k] ? ' +' : r.cau[k] < r.baseline[k] ? ' −' : '  '}`;
      console.log(
        r.category.padEnd(22) +
          String(r.n).padStart(4) +
          '  ' +
          cell('ndcg10').padEnd(24) +
          cell('mrr').padEnd(22) +
          cell('recall20'),
      );
    }
    if (process.argv.includes('--verbose')) {
      console.log('\nqueries where Cầu is behind the baseline (nDCG@10):');
      for (const q of queries) {
        const [b, o] = perQuery.get(q.id)!;
        if (o! < b!) console.log(`  ${q.id.padEnd(8)} ${f(b!)} → ${f(o!)}  ${q.query}`);
      }
    }
    // Technology fields: the shipped classifier on held-out patents (title + abstract, as a
    // research record would have), 5-fold cross-validation.
    const fields = evaluateShippedClassifier();
    console.log(
      `\ntechnology-field classifier on held-out patents: top-1 ${f(fields.accuracyTop1)}, ` +
        `top-3 ${f(fields.accuracyTop3)} (n = ${fields.n} texts of ${fields.groups} patents, ` +
        `coverage ${f(fields.coverage)})`,
    );

    // Readiness: Cầu's TRL against the human labels of fixtures/judgments/readiness.json.
    const labels = JSON.parse(
      readFileSync(join(ROOT, 'fixtures', 'judgments', 'readiness.json'), 'utf8'),
    ) as ReadinessLabel[];
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const [alias, id] of idOf) if (!byId.has(alias)) byId.set(alias, byId.get(id)!);
    const readiness = readinessAgreement(labels, (id) => byId.get(id)?.readiness);
    console.log(
      `readiness vs ${readiness.n} labelled records: exact ${f(readiness.exact)}, ` +
        `within ±1 level ${f(readiness.withinOne)}, mean error ${readiness.meanAbsoluteError.toFixed(2)}, ` +
        `bias ${readiness.bias.toFixed(2)}`,
    );
    for (const d of readiness.disagreements) {
      console.log(`  off by more than one level: ${d.id} labelled ${d.label}, Cầu ${d.predicted}`);
    }

    const priorArt = await evaluatePriorArt(index, records, baselineText);
    console.log(
      `prior art judged by citations (${priorArt.topics} citing patents, their claims, cutoff = ` +
        `their publication date): Recall@10 ${f(priorArt.baseline.recall10)} → ${f(priorArt.cau.recall10)}, ` +
        `MRR ${f(priorArt.baseline.mrr)} → ${f(priorArt.cau.mrr)} (baseline → Cầu)`,
    );

    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'results', 'eval-latest.json'),
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows, fields, readiness, priorArt }, null, 2)}\n`,
    );
  } finally {
    await index.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
