import { nfc } from './normalize';

export interface Token {
  /** Lower-cased NFC text of the token. */
  term: string;
  /** Offsets into the NFC form of the input. */
  start: number;
  end: number;
}

/**
 * Splits on anything that is not a letter, combining mark or digit. Codes keep their
 * parts searchable: "C05F" stays one token, "TRL-6" gives "trl" and "6", "18650" stays.
 */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function tokenize(text: string): Token[] {
  const s = nfc(text);
  const out: Token[] = [];
  for (const m of s.matchAll(WORD)) {
    out.push({ term: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function terms(text: string): string[] {
  return tokenize(text).map((t) => t.term);
}
