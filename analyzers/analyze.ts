import { isEnglishStopWord, porterStem } from './english';
import { detectLanguage } from './language';
import { canonicalTones, foldDiacritics, nfc } from './normalize';
import { tokenize, type Token } from './tokenize';

/**
 * The term streams one text field is indexed as. Each stream is a column group of the
 * embedded index and an analyzer of the Elasticsearch mapping (see ./definitions.ts).
 */
export interface FieldTerms {
  /** Language the field was analysed in. */
  lang: string;
  /** Words as written: NFC, modern tone placement, lower case. */
  exact: string[];
  /** English only: Porter stems, stop words removed. */
  stems: string[];
  /** Every word with diacritics removed and đ→d, so toneless queries match. */
  folded: string[];
  /** Vietnamese only: adjacent syllables joined by "_", never across punctuation. */
  bigrams: string[];
  /** The same bigrams folded. */
  foldedBigrams: string[];
}

export const BIGRAM_JOINER = '_';

/** Tokens of text in the form every stream starts from: NFC, modern tones, lower case. */
export function baseTokens(text: string): { text: string; tokens: Token[] } {
  const normal = canonicalTones(nfc(text));
  return { text: normal, tokens: tokenize(normal) };
}

/**
 * English possessives: the tokenizer splits "battery's" into "battery" and "s"; a lone "s"
 * glued to the previous word by an apostrophe is dropped.
 */
export function dropPossessives(text: string, tokens: Token[]): Token[] {
  return tokens.filter((t, i) => {
    if (t.term !== 's' || i === 0) return true;
    const gap = text.slice(tokens[i - 1]!.end, t.start);
    return gap !== "'" && gap !== '\u2019';
  });
}

/**
 * The apostrophes dropPossessives accepts, and the white space adjacent() lets a bigram span
 * (written out for the generated Elasticsearch settings; analyzers/elasticsearch.test.ts checks
 * every character against both functions).
 */
export const POSSESSIVE_APOSTROPHES = "'\u2019";
export const BIGRAM_SPACES = ' \t\n\r\u00a0';

/** Whether only white space separates two tokens (no punctuation: a bigram may span it). */
function adjacent(text: string, a: Token, b: Token): boolean {
  for (let i = a.end; i < b.start; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0) return false;
  }
  return true;
}

export function vietnameseBigrams(text: string, tokens: Token[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    if (adjacent(text, tokens[i - 1]!, tokens[i]!)) {
      out.push(`${tokens[i - 1]!.term}${BIGRAM_JOINER}${tokens[i]!.term}`);
    }
  }
  return out;
}

/** A text's shared analysis (./text-analysis.ts `TextAnalysis`), as analyzeField reads it. */
export interface AnalysedField {
  text: string;
  tokens: Token[];
  folded: readonly string[];
  language(hint?: string): string;
}

/**
 * Analyses one field in the language its metadata says, unless its own letters disagree.
 * `analysed`, when given, is the shared analysis of exactly this text, reused instead of redone.
 */
export function analyzeField(
  text: string | undefined,
  langHint?: string,
  analysed?: AnalysedField,
): FieldTerms {
  const empty: FieldTerms = {
    lang: langHint ?? 'und',
    exact: [],
    stems: [],
    folded: [],
    bigrams: [],
    foldedBigrams: [],
  };
  if (!text) return empty;
  const lang = analysed ? analysed.language(langHint) : detectLanguage(text, langHint);
  const base = analysed ?? baseTokens(text);
  const tokens = lang === 'en' ? dropPossessives(base.text, base.tokens) : base.tokens;
  const exact = tokens.map((t) => t.term);
  const folded =
    analysed && tokens === analysed.tokens ? [...analysed.folded] : exact.map(foldDiacritics);
  if (lang === 'vi') {
    const bigrams = vietnameseBigrams(base.text, tokens);
    return { lang, exact, stems: [], folded, bigrams, foldedBigrams: bigrams.map(foldDiacritics) };
  }
  const stems = lang === 'en' ? exact.filter((t) => !isEnglishStopWord(t)).map(porterStem) : [];
  return { ...empty, lang, exact, stems, folded };
}
