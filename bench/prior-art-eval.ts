import Database from 'better-sqlite3';
import { priorArt } from '../discovery';
import type { CauRecord, PatentRecord, SearchIndex } from '../search-index';

/**
 * Prior-art search judged by examiners' citations, as CLEF-IP does: for every patent that
 * cites stored records published before it, search its claims with its own publication date as
 * the cutoff; the records it cites are the relevant ones. The baseline is FTS5 over the raw
 * text (diacritics removed) with every distinct word of the claims as an alternative, bm25,
 * filtered by the same cutoff.
 */
export interface PriorArtEval {
  topics: number;
  baseline: { recall10: number; mrr: number };
  cau: { recall10: number; mrr: number };
}

export async function evaluatePriorArt(
  index: SearchIndex,
  records: readonly CauRecord[],
  rawText: (r: CauRecord) => string,
): Promise<PriorArtEval> {
  const byId = new Map(records.map((r) => [r.id, r]));
  const topics = records.filter(
    (r): r is PatentRecord =>
      r.type === 'patent' &&
      !!r.published &&
      r.claims.length > 0 &&
      r.citations.some((c) => (byId.get(c)?.published ?? '9') < r.published!),
  );
  const db = new Database(':memory:');
  db.exec(
    `CREATE VIRTUAL TABLE plain USING fts5(id UNINDEXED, published UNINDEXED, body, tokenize = "unicode61 remove_diacritics 2")`,
  );
  const insert = db.prepare('INSERT INTO plain (id, published, body) VALUES (?, ?, ?)');
  db.transaction(() => records.forEach((r) => insert.run(r.id, r.published ?? '', rawText(r))))();
  const search = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM plain WHERE plain MATCH ? AND published <> '' AND published < ? ORDER BY bm25(plain) LIMIT 10`,
  );

  const sum = { base: { r: 0, mrr: 0 }, cau: { r: 0, mrr: 0 } };
  const add = (s: { r: number; mrr: number }, ranked: string[], relevant: Set<string>): void => {
    s.r += ranked.filter((id) => relevant.has(id)).length / relevant.size;
    const first = ranked.findIndex((id) => relevant.has(id));
    s.mrr += first < 0 ? 0 : 1 / (first + 1);
  };
  for (const t of topics) {
    const relevant = new Set(
      t.citations.filter((c) => (byId.get(c)?.published ?? '9') < t.published!),
    );
    const text = t.claims.join('\n');
    const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [])];
    add(
      sum.base,
      search.all(words.map((w) => `"${w}"`).join(' OR '), t.published!).map((r) => r.id),
      relevant,
    );
    const res = await priorArt(index, { text, cutoff: t.published!, limit: 10 });
    add(
      sum.cau,
      res.hits.map((h) => h.id),
      relevant,
    );
  }
  db.close();
  const n = Math.max(1, topics.length);
  return {
    topics: topics.length,
    baseline: { recall10: sum.base.r / n, mrr: sum.base.mrr / n },
    cau: { recall10: sum.cau.r / n, mrr: sum.cau.mrr / n },
  };
}
