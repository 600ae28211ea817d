/**
 * The three systems `npm run eval` compares, each a function from a query to ranked record ids:
 *
 *   plain  FTS5 unicode61 remove_diacritics 2 over the raw text, the query's words quoted and
 *          ANDed (no operators, no fields): what a first try gives
 *   fair   the same FTS5 tokenizer over folded text (NFC, đ → d, which unicode61 does not fold),
 *          the query's words ORed, bm25 ranking, the query syntax's prefixes, operators and
 *          exclusions dropped: what a careful engineer gets from FTS5 in an afternoon
 *   cau    Cầu's SearchIndex exactly as the API calls it (only through the interface, so it
 *          measures whichever engine is behind it)
 */
import Database from 'better-sqlite3';
import { InvalidQueryError, type CauRecord, type SearchIndex } from '../search-index';

export interface Ranked {
  ids: string[];
}

export type Ranker = (query: string) => Promise<Ranked>;

/** How many hits each system returns (Recall@20 is the deepest metric). */
export const DEPTH = 20;

/** The text a baseline indexes: every searchable part of the record as one body. */
export function baselineText(r: CauRecord): string {
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

function ftsTable(
  records: readonly CauRecord[],
  text: (r: CauRecord) => string,
): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    `CREATE VIRTUAL TABLE plain USING fts5(id UNINDEXED, body, tokenize = "unicode61 remove_diacritics 2")`,
  );
  const insert = db.prepare('INSERT INTO plain (id, body) VALUES (?, ?)');
  db.transaction(() => records.forEach((r) => insert.run(r.id, text(r))))();
  return db;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Plain: every piece of the query is a quoted word, ANDed; nothing is normalised. */
export function plainBaseline(records: readonly CauRecord[]): Ranker {
  const search = ftsTable(records, baselineText).prepare<[string], { id: string }>(
    `SELECT id FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT ${DEPTH}`,
  );
  return async (query) => {
    const words = query.match(WORD) ?? [];
    if (words.length === 0) return { ids: [] };
    return { ids: search.all(words.map((w) => `"${w}"`).join(' ')).map((r) => r.id) };
  };
}

/** NFC, and đ folded to d: unicode61's remove_diacritics leaves đ alone (it has no decomposition). */
export function foldForBaseline(text: string): string {
  return text.normalize('NFC').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * The words the fair baseline ORs: the query's words without what only Cầu's query language
 * means (field prefixes, OR/AND/NOT, excluded words, phrases, or groups), folded as the text is.
 */
export function fairQueryWords(query: string): string[] {
  const kept = foldForBaseline(query)
    // Exclusions: -word, -"a phrase", -field:word, -field:"a phrase", -( … ).
    .replace(/(^|\s)-(?:\p{L}+:)?(?:"[^"]*"?|\([^)]*\)?|\S+)/gu, ' ')
    .replace(/\b(?:ti|ab|cl|pa|in|ipc):/g, ' ')
    .replace(/\b(?:OR|AND|NOT)\b/g, ' ');
  return [...new Set((kept.match(WORD) ?? []).map((w) => w.toLowerCase()))];
}

/** Fair: BM25 over folded text, the query's words as alternatives. */
export function fairBaseline(records: readonly CauRecord[]): Ranker {
  const search = ftsTable(records, (r) => foldForBaseline(baselineText(r))).prepare<
    [string],
    { id: string }
  >(`SELECT id FROM plain WHERE plain MATCH ? ORDER BY bm25(plain) LIMIT ${DEPTH}`);
  return async (query) => {
    const words = fairQueryWords(query);
    if (words.length === 0) return { ids: [] };
    return { ids: search.all(words.map((w) => `"${w}"`).join(' OR ')).map((r) => r.id) };
  };
}

/**
 * Cầu through the SearchIndex seam. A query it refuses as invalid ranks nothing (a quality
 * failure like any other); an engine failure stops the evaluation.
 */
export function cauRanker(index: SearchIndex): Ranker {
  return async (query) => {
    try {
      const res = await index.search({ query, limit: DEPTH });
      return { ids: res.hits.map((h) => h.id) };
    } catch (e) {
      if (e instanceof InvalidQueryError) return { ids: [] };
      throw e;
    }
  };
}
