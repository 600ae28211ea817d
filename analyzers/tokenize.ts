import { SPACING_MODIFIERS, nfc } from './normalize';

export interface Token {
  /** Lower-cased NFC text of the token. */
  term: string;
  /** Offsets into the NFC form of the input. */
  start: number;
  end: number;
}

/**
 * Splits on anything that is not a letter, combining mark or digit (`[\p{L}\p{M}\p{N}]`), and on
 * the spacing modifier letters U+02B0–U+02FF: they are letters to Unicode, but in text they stand
 * for punctuation, above all ʼ (U+02BC), typed for the apostrophe in names such as "HʼMông",
 * which must split as "H'Mông" does. Codes keep their parts searchable: "C05F" stays one token,
 * "TRL-6" gives "trl" and "6".
 *
 * Tokenising is the hot loop of both indexing and highlighting, and a Unicode-property regex
 * run with matchAll is several times slower than a table lookup per UTF-16 unit; the table
 * for the Basic Multilingual Plane is built once from the same property classes.
 */
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
/** The token character class as regex source, for the generated Elasticsearch settings. */
export const TOKEN_CHAR_CLASS = WORD_CHAR.source;
const BMP = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  if (c >= SPACING_MODIFIERS[0] && c <= SPACING_MODIFIERS[1]) continue;
  if (WORD_CHAR.test(String.fromCharCode(c))) BMP[c] = 1;
}

/** Whether one character (a code point) is part of a token. */
export function isTokenChar(c: string): boolean {
  const cp = c.codePointAt(0) ?? -1;
  return cp <= 0xffff ? BMP[cp] === 1 : WORD_CHAR.test(c);
}

/** Whether the code point starting at `i` is a word character; surrogate pairs are tested whole. */
function wordAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return BMP[c]! ? 1 : 0;
  const cp = s.codePointAt(i)!;
  return cp > 0xffff && WORD_CHAR.test(String.fromCodePoint(cp)) ? 2 : 0;
}

/**
 * @param lower `text` lower-cased, when every unit of it lower-cases on its own (see
 *   unitwiseLower): the terms are then cut from it rather than lower-cased one by one.
 */
export function tokenize(text: string, lower?: string): Token[] {
  const s = nfc(text);
  if (lower !== undefined && (s.length !== text.length || lower.length !== s.length)) {
    lower = undefined;
  }
  const out: Token[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let w = wordAt(s, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    do {
      i += w;
    } while (i < n && (w = wordAt(s, i)) !== 0);
    const term = lower !== undefined ? lower.slice(start, i) : s.slice(start, i).toLowerCase();
    out.push({ term, start, end: i });
  }
  return out;
}

/**
 * `text.toLowerCase()` when every slice of it is the lower case of the same slice of `text`, or
 * undefined: when the length changes (İ) or the text has a capital sigma, whose lower case
 * depends on the letters around it (final ς).
 */
export function unitwiseLower(text: string, lower = text.toLowerCase()): string | undefined {
  return lower.length === text.length && !text.includes('\u03a3') ? lower : undefined;
}

/**
 * The tokens of an NFC text that `accept` takes, without building the others: highlighting scans
 * long descriptions of which only a few words match. `accept` sees the lower-cased term.
 */
export function acceptedTokens(
  s: string,
  accept: (term: string) => boolean,
  /** A cheap test of a token's first code unit: false skips the token unread. */
  mayStartWith?: (unit: number) => boolean,
): Token[] {
  const out: Token[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    let w = wordAt(s, i);
    if (w === 0) {
      i++;
      continue;
    }
    const start = i;
    do {
      i += w;
    } while (i < n && (w = wordAt(s, i)) !== 0);
    if (mayStartWith && !mayStartWith(s.charCodeAt(start))) continue;
    const term = s.slice(start, i).toLowerCase();
    if (accept(term)) out.push({ term, start, end: i });
  }
  return out;
}

export function terms(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}
