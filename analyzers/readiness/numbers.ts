import { foldDiacritics } from '../normalize';
import type { ClassHit, TokenClass, TokenText } from './automaton';
import { NUMBER_WORDS, SMALL_NUMBER_WORDS } from './cues';

/**
 * Numbers as tokens. The tokenizer splits "1.200" and "2,5" at the separator, so a number is
 * read over several tokens: groups of exactly three digits after "." or "," are thousands,
 * anything else after a separator is a decimal part.
 */

/** Whether a term is all ASCII digits (a charCode loop: this runs on every token). */
export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

interface WordTable {
  exact: Map<string, number>;
  folded: Map<string, number>;
}

function table(words: Iterable<[string, number]>): WordTable {
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  for (const [w, n] of words) {
    exact.set(w, n);
    folded.set(foldDiacritics(w), n);
  }
  return { exact, folded };
}

const COUNT_WORDS = table(Object.entries(NUMBER_WORDS));
const SMALL_WORDS = table(Object.entries(SMALL_NUMBER_WORDS));

function gapAt(t: TokenText, i: number): string {
  return t.text.slice(t.tokens[i - 1]!.end, t.tokens[i]!.start);
}

function isSeparator(t: TokenText, i: number): boolean {
  const g = gapAt(t, i);
  return g === '.' || g === ',';
}

/** A number written in digits starting at token i ("35", "1.200", "210,000", "0,3"). */
export function digitsAt(t: TokenText, i: number): ClassHit | undefined {
  const first = t.tokens[i]!.term;
  if (!isDigits(first)) return undefined;
  // The tail of "2,5" or "1.200" is not a number of its own.
  if (i > 0 && isDigits(t.tokens[i - 1]!.term) && isSeparator(t, i)) return undefined;
  let j = i + 1;
  let whole = first;
  if (first.length <= 3) {
    while (
      j < t.tokens.length &&
      t.tokens[j]!.term.length === 3 &&
      isDigits(t.tokens[j]!.term) &&
      isSeparator(t, j)
    ) {
      whole += t.tokens[j]!.term;
      j++;
    }
  }
  if (j === i + 1 && j < t.tokens.length && isDigits(t.tokens[j]!.term) && isSeparator(t, j)) {
    return { value: Number(`${first}.${t.tokens[j]!.term}`), next: j + 1 };
  }
  return { value: Number(whole), next: j };
}

/** First words of the two-word numbers ("mười hai", "hàng trăm"), as written and folded. */
const FIRST_OF_TWO = new Set(
  Object.keys(NUMBER_WORDS)
    .filter((w) => w.includes(' '))
    .flatMap((w) => [w.split(' ')[0]!, foldDiacritics(w.split(' ')[0]!)]),
);

function wordAt(t: TokenText, i: number, words: WordTable): ClassHit | undefined {
  const terms = t.toneless ? t.folded : undefined;
  const map = terms ? words.folded : words.exact;
  const term = terms ? terms[i]! : t.tokens[i]!.term;
  if (FIRST_OF_TWO.has(term) && i + 1 < t.tokens.length && /^\s+$/u.test(gapAt(t, i + 1))) {
    const two = map.get(`${term} ${terms ? terms[i + 1]! : t.tokens[i + 1]!.term}`);
    if (two !== undefined) return { value: two, next: i + 2 };
  }
  const one = map.get(term);
  return one === undefined ? undefined : { value: one, next: i + 1 };
}

/** The token classes cue phrases may use. */
export const CLASSES: Record<string, TokenClass> = {
  /** A count: digits or a count word ("35", "1.200", "hai", "các", "several"). */
  num: (t, i) => digitsAt(t, i) ?? wordAt(t, i, COUNT_WORDS),
  /** A small number of months or years: one token of digits or a number word. */
  n: (t, i) => {
    const term = t.tokens[i]!.term;
    if (isDigits(term)) return { value: Number(term), next: i + 1 };
    return wordAt(t, i, SMALL_WORDS);
  },
  /** A quantity in digits, decimals allowed ("500", "0,5"). */
  qty: (t, i) => digitsAt(t, i),
  /** A TRL: one digit 1–9. */
  level: (t, i) => {
    const term = t.tokens[i]!.term;
    return /^[1-9]$/.test(term) ? { value: Number(term), next: i + 1 } : undefined;
  },
  /** "TRL6", "trls6": the level glued to its name. */
  'trl-level': (t, i) => {
    const term = t.tokens[i]!.term;
    if (term.length < 4 || term.length > 5 || term.charCodeAt(0) !== 116) return undefined; // t
    const m = /^trls?([1-9])$/.exec(term);
    return m ? { value: Number(m[1]), next: i + 1 } : undefined;
  },
  /** A year, 1950–2100. */
  year: (t, i) => {
    const term = t.tokens[i]!.term;
    if (term.length !== 4 || !isDigits(term)) return undefined;
    const y = Number(term);
    return y >= 1950 && y <= 2100 ? { value: y, next: i + 1 } : undefined;
  },
  /** Any one word (adjectives between a number and its noun: "14 commercial poultry farms"). */
  w: (_t, i) => ({ next: i + 1 }),
  /** A volume glued to its unit: "500l", "20lít". */
  litres: (t, i) => {
    const term = t.tokens[i]!.term;
    const c = term.charCodeAt(0);
    if (c < 48 || c > 57) return undefined;
    return /^\d+(?:lít|l|litres?|liters?)$/u.test(term) ? { value: 1, next: i + 1 } : undefined;
  },
};

/** Every word a number can start with, folded: one lookup per token. */
const NUMBER_STARTS = new Set([
  ...COUNT_WORDS.folded.keys(),
  ...SMALL_WORDS.folded.keys(),
  ...[...FIRST_OF_TWO].map((w) => foldDiacritics(w)),
]);

/** Whether any class can start at token i: a digit, "trl…", or a number word. */
export function mayStartClass(t: TokenText, i: number): boolean {
  const term = t.tokens[i]!.term;
  const c = term.charCodeAt(0);
  if (c >= 48 && c <= 57) return true; // a digit
  // "trl6" (trl-level); not every word in "t", which is a tenth of Vietnamese and English words.
  if (c === 116 && term.startsWith('trl')) return true;
  return NUMBER_STARTS.has(t.folded[i]!);
}

/** A count word or number at token i, read without the accent check (counts before a verb). */
export function looseCountAt(t: TokenText, i: number): ClassHit | undefined {
  return (
    digitsAt(t, i) ??
    (COUNT_WORDS.folded.has(t.folded[i]!)
      ? { value: COUNT_WORDS.folded.get(t.folded[i]!)!, next: i + 1 }
      : undefined)
  );
}
