// The Porter stemmer of `natural`, imported by path: `require('natural')` loads every module
// of the package, database drivers included, and takes about a second.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stem } = require('natural/lib/natural/stemmers/porter_stemmer') as {
  stem(word: string): string;
};

/** Lucene's English stop set (EnglishAnalyzer / Elasticsearch `_english_`). */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

/** Porter stem of one lower-cased token, as Lucene's PorterStemFilter gives it. */
export function porterStem(token: string): string {
  // Porter is defined on English letters; other words pass through untouched.
  if (!/^[a-z]+$/.test(token)) return token;
  // Indexing and highlighting stem every token, and text repeats its words: remember stems
  // (a bounded table, emptied when full; a vocabulary's common words come back at once).
  let s = STEMS.get(token);
  if (s === undefined) {
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    STEMS.set(token, (s = stem(token)));
  }
  return s;
}

const STEMS = new Map<string, string>();
const MAX_STEMS = 100_000;

export function isEnglishStopWord(token: string): boolean {
  return ENGLISH_STOP_WORDS.has(token);
}

/**
 * The term an English word is indexed and looked up as, given its folded form: Porter-stemmed
 * unless it is a stop word (stop words stay, so phrases keep their positions). The embedded
 * index's English columns and the cluster's `cau_en` analyzer (./elasticsearch.ts) both make it.
 */
export function englishTerm(folded: string): string {
  return isEnglishStopWord(folded) ? folded : porterStem(folded);
}
