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
  return /^[a-z]+$/.test(token) ? stem(token) : token;
}

export function isEnglishStopWord(token: string): boolean {
  return ENGLISH_STOP_WORDS.has(token);
}
