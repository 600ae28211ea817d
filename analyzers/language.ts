import { ENGLISH_STOP_WORDS } from './english';

/**
 * Letters that only Vietnamese uses among the Latin-script languages Cầu meets: ă đ ơ ư, ĩ ũ,
 * and the precomposed tone-marked vowels of Latin Extended Additional (U+1EA0–U+1EF9).
 * Shared letters (à é ô…) prove nothing alone: French and Portuguese have them too.
 */
const VI_LETTER = /[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]/;
/** A word: a run of letters and marks. */
const WORD_CHAR = /[\p{L}\p{M}]/u;

/**
 * Both are read for every text field at ingest, where a Unicode-property regex run with
 * matchAll cost about a tenth of all analysis: one lookup per UTF-16 unit instead, from a
 * table built once with the same classes (WORD_UNIT 1: part of a word, 2: a Vietnamese-only
 * letter too). Astral characters (surrogate pairs) are tested with the regex itself.
 */
const WORD_UNIT = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  if (c >= 0xd800 && c <= 0xdfff) continue;
  const ch = String.fromCharCode(c);
  if (WORD_CHAR.test(ch)) WORD_UNIT[c] = VI_LETTER.test(ch) ? 2 : 1;
}

/** Whether the code point at `i` (a surrogate pair) is a letter or mark. */
function astralWordChar(s: string, i: number): boolean {
  const cp = s.codePointAt(i)!;
  return cp > 0xffff && WORD_CHAR.test(String.fromCodePoint(cp));
}

/**
 * Calls `word(start, end, vietnamese)` for each run of letters and marks of `s`; `vietnamese`:
 * the run has a Vietnamese-only letter.
 */
function eachWord(s: string, word: (start: number, end: number, vi: boolean) => void): void {
  const n = s.length;
  let start = -1;
  let vi = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let kind = WORD_UNIT[c]!;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && astralWordChar(s, i)) {
      kind = 1;
      width = 2;
    }
    if (kind === 0) {
      if (start >= 0) word(start, i, vi);
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      vi = false;
    }
    if (kind === 2) vi = true;
    i += width - 1;
  }
  if (start >= 0) word(start, n, vi);
}

export function vietnameseShare(text: string): number {
  let words = 0;
  let vi = 0;
  eachWord(text.normalize('NFC'), (_s, _e, isVi) => {
    words++;
    if (isVi) vi++;
  });
  return words === 0 ? 0 : vi / words;
}

/**
 * The language a field is analysed in. The record's metadata is the first witness, but a
 * field's own letters overrule it when they clearly disagree: English claims inside a
 * Vietnamese record are common, and so are untagged Vietnamese titles.
 */
export function detectLanguage(text: string, hint?: string): string {
  const share = vietnameseShare(text);
  // Vietnamese prose has a Vietnamese-only letter in well over a third of its syllables.
  if (share >= 0.15) return 'vi';
  // Whether it looks English matters only without any Vietnamese-only letter.
  const looksEnglish = share === 0 && looksLikeEnglish(text);
  if (hint === 'vi') return looksEnglish ? 'en' : 'vi';
  if (hint) return hint;
  if (looksEnglish || (share === 0 && /^[\p{ASCII}]*$/u.test(text))) return 'en';
  return share > 0 ? 'vi' : 'und';
}

/** At least three words, and at least 8% of them English stop words. */
function looksLikeEnglish(text: string): boolean {
  const lower = text.toLowerCase();
  let words = 0;
  let english = 0;
  eachWord(lower, (s, e) => {
    words++;
    // The stop words are 2 to 5 letters long: most words are never looked up.
    if (e - s <= 5 && ENGLISH_STOP_WORDS.has(lower.slice(s, e))) english++;
  });
  return words >= 3 && english / words >= 0.08;
}
