/**
 * The one ranking formula, expressed by every engine (SQLite here; Elasticsearch as a
 * function_score with the same constants):
 *
 *   relevance = text × (1 + READINESS_BOOST × readiness.score + FIELD_BOOST × fieldMatch)
 *
 * text       BM25 of the query (see the engines); 0 for records that do not match
 * readiness  the record's readiness score, 0..1 (analyzers/readiness)
 * fieldMatch 1 when the record has the technology field the query is about (the classifier's
 *            top field for the query text, or the `field` filter), else 0
 *
 * Both boosts multiply the text score and are bounded (at most ×1.25 together), so they
 * reorder records of similar relevance and never lift a record that does not match the
 * query, or matches it much worse, above one that does.
 */
export const READINESS_BOOST = 0.15;
/**
 * Added by the cluster engines to the text score of a record named by a number or identifier
 * typed in the query (QueryPlan.numbers): far above any BM25 sum, so those records come first.
 * The embedded index ranks them in a tier of their own instead (sqlite-index.ts).
 */
export const NUMBER_SCORE = 1000;
export const FIELD_BOOST = 0.1;
/**
 * How much a record that contains the user's own words (not only their glossary translations)
 * is preferred: its text score is multiplied by this, in both engines. Bounded, so a record that
 * matches through a translation far better still ranks first; measured with `npm run eval`
 * (bench/README.md).
 */
export const ORIGINAL_WORDS_FACTOR = 1.2;
/**
 * A record that has the user's letters only under other marks than the ones typed ("cà trà" for
 * "cá tra"), in a title or abstract where the index keeps marks: its text score is multiplied by
 * this. Chosen on the development queries (0.3–0.7 give the same figures).
 */
export const OTHER_MARKS_FACTOR = 0.5;
/**
 * A glossary translation is the glossary's word for what the user typed: its match counts this
 * many times (the words as typed count in two places, folded and exact). The embedded index
 * repeats the translation's phrases (FTS5 has no per-phrase weight); the cluster boosts them.
 */
export const TRANSLATION_WEIGHT = 2;
/**
 * Words typed side by side and found side by side: the embedded index's cau_rank
 * (search-index/sqlite/native/cau_rank.c) scores such a pair as bm25() scored the phrase of the
 * two words (its frequency from the row's positions, its IDF from the records with the phrase),
 * times this. 1 is the phrase's own weight, what the SQL expression and the cluster give it, and
 * the best of 0–3 on the development queries (`npm run eval`, bench/README.md).
 */
export const ADJACENCY_WEIGHT = 1;
export const MAX_BOOST = 1 + READINESS_BOOST + FIELD_BOOST;

export interface ScoreParts {
  text: number;
  readiness: number;
  field: number;
}

export interface Explanation extends ScoreParts {
  /** The multiplier the boosts applied (1 … MAX_BOOST). */
  boost: number;
  score: number;
}

export function combine(parts: ScoreParts): Explanation {
  const boost = 1 + READINESS_BOOST * parts.readiness + FIELD_BOOST * parts.field;
  return { ...parts, boost, score: parts.text * boost };
}

/** The same formula as SQL over columns/expressions that yield each part. */
export function combineSql(text: string, readiness: string, field: string): string {
  return `(${text}) * (1 + ${READINESS_BOOST} * (${readiness}) + ${FIELD_BOOST} * (${field}))`;
}
