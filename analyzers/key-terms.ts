import { baseTokens } from './analyze';
import { isEnglishStopWord, porterStem } from './english';
import { foldDiacritics } from './normalize';
import { ENGLISH_FUNCTION_WORDS, VIETNAMESE_STOP_WORDS } from './stop-words';

/**
 * Key terms of a long text (a claim, an abstract, a whole description), for prior-art and
 * "more like this" queries: which words and phrases say what the text is about, weighted by
 * how often the text uses them and how rare they are in the corpus (tf·idf, as Lucene's
 * MoreLikeThis does, but with Vietnamese two-syllable words and recurring phrases as terms).
 *
 * Pure functions: the caller looks the candidates' document frequencies up in its index.
 */
export interface KeyTermCandidate {
  /** The words as the text writes them (NFC, lower case), space-separated. */
  term: string;
  /** How often the text uses it (English words counted by stem). */
  tf: number;
  /** 1, 2 or 3 words. */
  words: number;
  /** Written with Vietnamese letters (tone marks, đ). */
  vietnamese: boolean;
}

export interface KeyTerm extends KeyTermCandidate {
  /** Records in the corpus that contain it. */
  df: number;
  /** (1 + ln tf) · idf, idf as BM25 computes it. */
  weight: number;
}

/** Text beyond this is not read: a whole description says what it is about well before. */
export const KEY_TERM_TEXT_LIMIT = 50_000;

/**
 * Units of measure, in the lower case key-term analysis sees: a quantity's unit says nothing
 * about what a text is about ("mL", "kWh", "CFU", "tấn").
 */
const UNITS: ReadonlySet<string> = new Set(
  `mg kg µg μg ng mm cm km nm µm μm ml µl μl kw kwh mw mwh gw wh mah ah kv mv hz khz mhz ghz
  kb mb gb tb ppm ppb ppt cfu pfu rpm kpa mpa gpa psi lux db dbm dba mol mmol µmol μmol kda
  min sec hr hrs ha lít lit mét`
    .split(/\s+/)
    .filter(Boolean),
);

/** Abbreviations of Latin names and references: "Bacillus sp.", "et al.", "cv.", "tr. 112". */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  `sp spp ssp subsp var cv et al cf eg ie etc vs viz approx fig figs tab vol pp tr`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * What is never a key term on its own, as rules a reader can check: each is a kind of token a
 * person would not call a word of the subject. Bare numbers in any digits ("10⁷" of "10⁷ CFU/g",
 * "²"), units, Latin and reference abbreviations ("sp" of "Bacillus sp."), a coefficient glued
 * to a formula ("9h2o" of "Fe(NO3)3·9H2O", "1c" of "1C"), and a one-letter label with a number
 * ("t2", "r²"). Chemical formulas and model codes stay ("co2", "lifepo4", "om5451", "esp32").
 */
export const NOT_A_TERM: readonly { rule: string; test: (word: string) => boolean }[] = [
  { rule: 'shorter than two characters', test: (w) => [...w].length < 2 },
  { rule: 'a number, in any digits', test: (w) => /^[\p{N}.,]+$/u.test(w) },
  { rule: 'a unit of measure', test: (w) => UNITS.has(w.replace(/\p{No}+$/u, '')) },
  { rule: 'a Latin or reference abbreviation', test: (w) => ABBREVIATIONS.has(w) },
  { rule: 'a coefficient glued to a formula', test: (w) => /^\p{N}+\p{L}/u.test(w) },
  {
    rule: 'a one-letter label with a number',
    test: (w) => /^\p{L}\p{N}+$/u.test(w) && w.length <= 3,
  },
];

/** The rule that rules a word out as a key term, or undefined when it may be one. */
export function notATerm(word: string): string | undefined {
  return NOT_A_TERM.find((r) => r.test(word))?.rule;
}

/**
 * The shape of a Vietnamese syllable, folded: an optional initial consonant, one to three
 * vowels, an optional final consonant. A word of another shape ("camera", "elisa", "oryzae",
 * "cr2032") is foreign to Vietnamese text.
 */
const VIETNAMESE_SYLLABLE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

/** Whether a word (hyphenated: each part) cannot be a Vietnamese syllable. */
export function isForeignWord(word: string): boolean {
  return word
    .split('-')
    .some((part) => !VIETNAMESE_SYLLABLE.test(foldDiacritics(part).replace(/đ/g, 'd')));
}

/** Characters that join the parts of one word ("nơ-ron", "sol-gel", "RT-PCR", "ESP32-S3"). */
const HYPHENS = /^[-\u2010\u2011]$/;

/**
 * Every word and phrase of the text that could be a key term: content words (neither a
 * Vietnamese nor an English stop word, nor any of NOT_A_TERM), adjacent pairs of content words
 * (Vietnamese words are mostly two syllables, so a pair is often one word), and triples that
 * recur. A single English pair counts only when it recurs too, or it would crowd out words. A
 * hyphenated word is one word ("nơ-ron", never "ron" alone or "ron tích chập").
 */
export function keyTermCandidates(text: string): KeyTermCandidate[] {
  const { text: normal, tokens } = baseTokens(text.slice(0, KEY_TERM_TEXT_LIMIT));
  const grams = new Map<string, { surface: Map<string, number>; tf: number; words: number }>();
  const add = (key: string, surface: string, words: number): void => {
    let g = grams.get(key);
    if (!g) grams.set(key, (g = { surface: new Map(), tf: 0, words }));
    g.tf++;
    g.surface.set(surface, (g.surface.get(surface) ?? 0) + 1);
  };
  // A run is a stretch of content words with only white space between them.
  let run: { term: string; key: string }[] = [];
  const flush = (): void => {
    for (let i = 0; i < run.length; i++) {
      add(run[i]!.key, run[i]!.term, 1);
      if (i >= 1)
        add(`${run[i - 1]!.key} ${run[i]!.key}`, `${run[i - 1]!.term} ${run[i]!.term}`, 2);
      if (i >= 2) {
        const [a, b, c] = [run[i - 2]!, run[i - 1]!, run[i]!];
        add(`${a.key} ${b.key} ${c.key}`, `${a.term} ${b.term} ${c.term}`, 3);
      }
    }
    run = [];
  };
  // Words: tokens joined by hyphens are one word.
  const words: { term: string; parts: string[]; start: number; end: number }[] = [];
  for (const t of tokens) {
    const last = words[words.length - 1];
    if (last && HYPHENS.test(normal.slice(last.end, t.start))) {
      last.term += `-${t.term}`;
      last.parts.push(t.term);
      last.end = t.end;
    } else words.push({ term: t.term, parts: [t.term], start: t.start, end: t.end });
  }
  // English function words are English: in a Vietnamese clause "so" (so sánh), "an" (an toàn)
  // and "to" are syllables of content words. A clause (up to . ; : ! ? or a line break) with
  // Vietnamese letters in it is Vietnamese.
  const vietnameseClause: boolean[] = [];
  for (let i = 0, start = 0; i <= words.length; i++) {
    const end =
      i === words.length ||
      (i > 0 && /[.;:!?\n]/.test(normal.slice(words[i - 1]!.end, words[i]!.start)));
    if (!end) continue;
    const vi = words.slice(start, i).some((w) => hasVietnameseLetters(w.term));
    for (let j = start; j < i; j++) vietnameseClause[j] = vi;
    start = i;
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (i > 0 && !/^\s+$/.test(normal.slice(words[i - 1]!.end, w.start))) flush();
    const vi = vietnameseClause[i]!;
    const content =
      w.parts.length === 1
        ? isContentWord(w.term, vi)
        : w.parts.some((part) => isContentWord(part, vi));
    if (!content) {
      flush();
      continue;
    }
    run.push({ term: w.term, key: w.parts.map(termKey).join('-') });
  }
  flush();

  const out: KeyTermCandidate[] = [];
  for (const g of grams.values()) {
    const term = mostFrequent(g.surface);
    const vietnamese = hasVietnameseLetters(term);
    if (g.words === 3 && g.tf < 2) continue;
    // A pair with a foreign word in it ("bằng tensorflow", "gồm camera", "hợp elisa" of "kết
    // hợp ELISA") is a chance meeting of two languages unless it recurs, like an English pair.
    if (g.words === 2 && g.tf < 2 && (!vietnamese || term.split(' ').some(isForeignWord))) continue;
    out.push({ term, tf: g.tf, words: g.words, vietnamese });
  }
  return out;
}

/**
 * The best `max` terms by weight. Terms no stored record contains cannot find anything and
 * terms in more than `commonShare` of the corpus cannot tell records apart: both are left
 * out. A term sharing words with a better one already chosen is not chosen.
 */
export function selectKeyTerms(
  candidates: readonly KeyTermCandidate[],
  df: ReadonlyMap<string, number>,
  total: number,
  options: { max?: number; commonShare?: number; known?: ReadonlySet<string> } = {},
): KeyTerm[] {
  const max = options.max ?? 20;
  // In a tiny corpus every word is "common"; the share only starts to bite past 20 records.
  const ceiling = Math.max(3, (options.commonShare ?? 0.35) * total);
  const scored: KeyTerm[] = [];
  for (const c of candidates) {
    const n = df.get(c.term) ?? 0;
    if (n === 0 || n > ceiling) continue;
    const unit = c.words > 1 ? cohesion(c.term, n, df) : 1;
    if (c.words > 1 && !options.known?.has(c.term) && unit < MIN_COHESION) continue;
    const idf = Math.log(1 + (total - n + 0.5) / (n + 0.5));
    const bonus = phraseBonus(c, options.known?.has(c.term) ?? false, unit);
    scored.push({ ...c, df: n, weight: round((1 + Math.log(c.tf)) * idf * bonus) });
  }
  // Among equals the longer term: it says more.
  scored.sort((a, b) => b.weight - a.weight || b.words - a.words || a.term.localeCompare(b.term));
  const chosen: KeyTerm[] = [];
  for (const t of scored) {
    if (chosen.length >= max) break;
    if (!chosen.some((c) => overlaps(c.term, t.term))) chosen.push(t);
  }
  return chosen;
}

/**
 * How much a phrase behaves as one unit: the records containing it over the records
 * containing its rarest word. A compound ("gáo dừa") is nearly always written whole (close to
 * 1); syllables that merely meet across a word boundary ("phủ trực" of "phủ trực tiếp") are
 * rare as a pair only because the pair means nothing (close to 0). Words whose frequency the
 * caller did not look up count as not limiting.
 */
function cohesion(term: string, n: number, df: ReadonlyMap<string, number>): number {
  const words = term.split(' ').map((w) => df.get(w));
  const known = words.filter((x): x is number => x !== undefined && x > 0);
  return known.length ? n / Math.min(...known) : 1;
}
/** Below this a phrase is a chance meeting of words, not a term. */
const MIN_COHESION = 0.3;

/**
 * Whether a text contains a term, compared as search compares it: tone marks optional, English
 * words by stem. `textKeys` comes from termKeys(text) (computed once per text).
 */
export function containsTerm(textKeys: string, term: string): boolean {
  return textKeys.includes(` ${termKeys(term)} `);
}

/** The text as a space-padded sequence of comparison keys, for containsTerm. */
export function textTermKeys(text: string): string {
  return ` ${termKeys(text)} `;
}

function termKeys(text: string): string {
  return baseTokens(text)
    .tokens.map((t) => termKey(t.term))
    .join(' ');
}

/** Folded, and stemmed when it is an English word: "Batteries" and "battery" are one term. */
function termKey(term: string): string {
  let key = KEYS.get(term);
  if (key === undefined) {
    const folded = foldDiacritics(term);
    key = folded === term ? porterStem(term) : folded;
    // Comparing a whole description re-keys the same few thousand words: remember them.
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    KEYS.set(term, key);
  }
  return key;
}
const KEYS = new Map<string, string>();
const MAX_KEYS = 100_000;

function isContentWord(term: string, vietnamese: boolean): boolean {
  if (notATerm(term) || VIETNAMESE_STOP_WORDS.has(term)) return false;
  return vietnamese || (!isEnglishStopWord(term) && !ENGLISH_FUNCTION_WORDS.has(term));
}

/** Tone marks or đ: letters only Vietnamese writes. */
function hasVietnameseLetters(term: string): boolean {
  return term !== foldDiacritics(term) || /đ/.test(term);
}

/**
 * A phrase of two or three words is more specific than its words alone, and more so when the
 * caller knows it to be a word (a glossary term). A Vietnamese pair that is not a known word
 * gets a bonus only as far as it behaves as a unit (its cohesion): "gáo dừa" nearly the full
 * bonus, syllables meeting by chance none.
 */
function phraseBonus(c: KeyTermCandidate, known: boolean, unit: number): number {
  if (c.words === 1) return 1;
  const phrase = c.words === 2 ? 1.3 : 1.5;
  if (known) return phrase * 1.5;
  return c.vietnamese ? 1 + (phrase - 1) * Math.min(1, unit) : phrase;
}

/**
 * Whether two terms share words: one inside the other ("vi sinh" in "phân vi sinh") or running
 * into each other ("phân bón" and "bón hữu cơ"). The weaker one adds nothing new.
 */
function overlaps(a: string, b: string): boolean {
  const x = a.split(' ');
  const y = b.split(' ');
  if (` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `)) return true;
  for (let k = 1; k < Math.min(x.length, y.length); k++) {
    if (x.slice(-k).join(' ') === y.slice(0, k).join(' ')) return true;
    if (y.slice(-k).join(' ') === x.slice(0, k).join(' ')) return true;
  }
  return false;
}

function mostFrequent(m: Map<string, number>): string {
  let best = '';
  let n = -1;
  for (const [k, v] of m) if (v > n || (v === n && k < best)) [best, n] = [k, v];
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
