/**
 * Text normal forms. Documents arrive in NFD (PDF copy-paste) as often as NFC, and a
 * Vietnamese letter like "ệ" has one NFC code point but up to three in NFD: everything
 * Cầu compares must first be NFC.
 */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

export const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323'; // huyền, sắc, ngã, hỏi, nặng

/**
 * The spacing modifier letters (U+02B0–U+02FF) are letters to Unicode, but in text they stand for
 * punctuation, above all ʼ (U+02BC) typed for the apostrophe ("HʼMông"): they end a word, here
 * and in the tokenizer (./tokenize.ts).
 */
export const SPACING_MODIFIERS: readonly [number, number] = [0x02b0, 0x02ff];
const LETTER = '(?![\\u02b0-\\u02ff])[\\p{L}\\p{M}]';
const WORD = new RegExp(`(?:${LETTER})+`, 'gu');
const OPEN_OLD_TONE = new RegExp(`^(.*?)([oO][aAeE]|[uU][yY])([${TONE_MARKS}])$`, 'u');
/**
 * The characters canonicalTones counts as part of a word (letters and marks, less
 * SPACING_MODIFIERS), as a class, for the generated Elasticsearch settings.
 */
export const TONE_WORD_CLASS = '[\\p{L}\\p{M}]';

/** What any old-placed tone looks like in NFD: a pair with the mark after it, ending a word. */
const OLD_TONE_ANYWHERE = new RegExp(`(?:[oO][aAeE]|[uU][yY])[${TONE_MARKS}](?!${LETTER})`, 'u');

/**
 * The canonical spelling Cầu compares words in: look-alike letters read as the letter they stand
 * for (canonicalLetters), and old ("traditional") tone placement moved to the modern one.
 *
 * Old ("traditional") tone placement puts the mark on the second vowel of the open syllables
 * oa, oe, uy ("hoà", "khoẻ", "thuỷ"); the placement taught today puts it on the first ("hòa",
 * "khỏe", "thủy"). Both are everywhere in real text, so both are mapped to the modern form.
 * Only open syllables move ("hoàng", "toán" keep their mark), and "qu" is a consonant
 * ("quý" stays). Length-preserving in NFC, so token offsets stay valid.
 */
export function canonicalTones(text: string): string {
  if (!/[\u00c0-\u1ef9]/.test(text)) return text;
  return placeTones(canonicalLetters(text));
}

/**
 * canonicalTones of a text already in NFC (the shared analysis has it so): the same result,
 * without decomposing the whole text. With no tone mark written apart, an old placement is a
 * precomposed toned a, e or y right after o or u at the end of a word, and moving the tone is
 * a swap of two code units in place ("oà" → "òa"); otherwise the general path.
 */
export function canonicalTonesOfNfc(text: string): string {
  if (!/[\u00c0-\u1ef9]/.test(text)) return text;
  const t = canonicalLetters(text);
  if (APART_TONE.test(t)) return placeTones(t);
  return t.replace(OLD_PAIR_NFC, (pair: string, first: string, toned: string, at: number) => {
    const [base, tone] = TONED_PARTS.get(toned)!;
    // Only the pairs of OPEN_OLD_TONE; "qu" is a consonant ("quý" stays).
    if (/[oO]/.test(first) !== /[aAeE]/.test(base)) return pair;
    if (/[uU]/.test(first) && at > 0 && /[qQ]/.test(t[at - 1]!)) return pair;
    return `${first}${tone}`.normalize('NFC') + base;
  });
}

/** A tone mark written apart (not precomposed). */
const APART_TONE = new RegExp(`[${TONE_MARKS}]`);
/** Each TONED_AFTER_PAIR character that is its base letter and one tone mark: [base, tone]. */
const TONED_PARTS = new Map(
  [...'ÀÁÃÈÉÝàáãèéýẠạẢảẸẹẺẻẼẽỲỳỴỵỶỷỸỹ'].map((c) => {
    const d = c.normalize('NFD');
    return [c, [d[0]!, d[1]!] as const];
  }),
);
const OLD_PAIR_NFC = new RegExp(
  `([oOuU])([${[...TONED_PARTS.keys()].join('')}])(?!${LETTER})`,
  'gu',
);

/**
 * Letters typed for others that look the same: the eth Ð/ð (Latin-1, U+00D0/U+00F0) is common in
 * Vietnamese text for Đ/đ (U+0110/U+0111), from old 8-bit encodings and keyboards. Read as the
 * letter it stands for, so "Ðại học" is "Đại học" (and folds to "dai hoc"). One code unit each
 * way: offsets stay valid.
 */
export const LOOKALIKE_LETTERS: Readonly<Record<string, string>> = {
  '\u00d0': '\u0110',
  '\u00f0': '\u0111',
};
const LOOKALIKE = /[\u00d0\u00f0]/;
const LOOKALIKE_ALL = /[\u00d0\u00f0]/g;

export function canonicalLetters(text: string): string {
  return LOOKALIKE.test(text) ? text.replace(LOOKALIKE_ALL, (c) => LOOKALIKE_LETTERS[c]!) : text;
}

/**
 * A test of the text as given (NFC, as ingest has it) that OLD_TONE_ANYWHERE could match its NFD
 * form: a vowel written with a tone right after o or u, or a tone mark written apart. Without
 * it every title, abstract and description was decomposed whole only to find nothing to move.
 * TONED_AFTER_PAIR is every character whose NFD starts with a, e or y and a tone mark
 * (normalize.test.ts checks it against all of Unicode).
 */
export const TONED_AFTER_PAIR = 'ÀÁÃÈÉÝàáãèéýẠạẢảẬậẶặẸẹẺẻẼẽỆệỲỳỴỵỶỷỸỹ';
const MAY_HAVE_OLD_TONE = new RegExp(`[oOuU][${TONED_AFTER_PAIR}]|[${TONE_MARKS}]`);

function placeTones(text: string): string {
  if (!MAY_HAVE_OLD_TONE.test(text)) return text;
  const d = text.normalize('NFD');
  // Most text has no old placement at all: one scan instead of a callback per word.
  if (!OLD_TONE_ANYWHERE.test(d)) return text;
  const moved = d.replace(WORD, (word) => {
    const m = OPEN_OLD_TONE.exec(word);
    if (!m) return word;
    const [, before, pair, tone] = m as unknown as [string, string, string, string];
    if (/[qQ]$/.test(before) && /^[uU]/.test(pair)) return word;
    return `${before}${pair[0]}${tone}${pair[1]}`;
  });
  return moved === d ? text : moved.normalize('NFC');
}

/**
 * Removes diacritics and maps đ→d (and its look-alike ð), so "phân bón" and "phan bon" meet. Used for the
 * lower-weighted folded field; exact forms stay in their own field so "bàn" still ranks
 * above "bán" for a query typed with marks.
 */
export function foldDiacritics(text: string): string {
  // Ingest folds every token and every scanned text: three normalisations and a regex per call
  // were a tenth of ingest time. Text made only of Latin letters and combining marks is folded
  // a code unit at a time from a table built with the exact definition below (for those ranges
  // folding one unit at a time gives the same string: nothing recomposes once marks are gone).
  const n = text.length;
  let i = 0;
  let k = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    k = foldedUnit(c);
    if (k !== c) break;
  }
  if (i === n) return text;
  if (k === EXACT) return foldExact(text);
  if (n <= SHORT) return foldShort(text, i);
  // Something changes: the rest is written unit by unit into a buffer, decoded once, so whole
  // descriptions come out as one flat string rather than a rope of thousands of pieces (which
  // cost memory for as long as ingest keeps the text, and time wherever it is read).
  if (BUFFER.length < n) BUFFER = new Uint16Array(Math.max(n, BUFFER.length * 2));
  const out = BUFFER;
  let len = 0;
  for (let j = 0; j < i; j++) out[len++] = text.charCodeAt(j);
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[len++] = c;
      continue;
    }
    k = foldedUnit(c);
    if (k >= 0) out[len++] = k;
    else if (k === EXACT) return foldExact(text);
    else if (k === LONGER) return foldPieces(text);
    // DELETED: a mark, dropped.
  }
  // Short strings (tokens): building them directly beats a decoder call.
  if (len <= 32)
    return String.fromCharCode.apply(null, out.subarray(0, len) as unknown as number[]);
  return UTF16.decode(out.subarray(0, len));
}

/** Tokens and names: concatenating a few pieces is cheaper than the buffer and its decoder. */
const SHORT = 64;

/**
 * foldDiacritics of a text of which every code unit folds to exactly one unit (Vietnamese and
 * English in NFC: each precomposed letter to its base letter), or undefined when one does not (a
 * combining mark, a unit folded by the exact path). When it is defined, a slice of the result is
 * the fold of the same slice of the text: the shared analysis folds a whole text once and cuts
 * its tokens' folded forms out of it, instead of folding every token again.
 */
export function foldUnitwise(text: string): string | undefined {
  const n = text.length;
  if (BUFFER.length < n) BUFFER = new Uint16Array(Math.max(n, BUFFER.length * 2));
  const out = BUFFER;
  let changed = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out[i] = c;
      continue;
    }
    const k = foldedUnit(c);
    if (k < 0) return undefined;
    if (k !== c) changed = true;
    out[i] = k;
  }
  if (!changed) return text;
  if (n <= 32) return String.fromCharCode.apply(null, out.subarray(0, n) as unknown as number[]);
  return UTF16.decode(out.subarray(0, n));
}

function foldShort(text: string, first: number): string {
  let out = text.slice(0, first);
  let from = first;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const k = foldedUnit(c);
    if (k === c) continue;
    if (k === EXACT) return foldExact(text);
    out += text.slice(from, i);
    if (k >= 0) out += String.fromCharCode(k);
    else if (k === LONGER) return foldPieces(text);
    from = i + 1;
  }
  return out + text.slice(from);
}

/** What one code unit folds to: a unit, or one of these. */
const DELETED = -1;
const EXACT = -2;
const LONGER = -3;
const UNKNOWN = -4;
const FOLDED_UNIT = new Int32Array(0x10000).fill(UNKNOWN);
let BUFFER = new Uint16Array(4096);
/** Never sees a surrogate (they take the exact path), so decoding is lossless. */
const UTF16 = new TextDecoder('utf-16le');

function foldedUnit(c: number): number {
  let k = FOLDED_UNIT[c]!;
  if (k !== UNKNOWN) return k;
  const f =
    c < FOLD_TABLE_END
      ? FOLD_LOW[c]
      : c >= 0x1e00 && c < 0x1f00
        ? FOLD_EXT[c - 0x1e00]
        : foldOther(c);
  k =
    f === undefined ? EXACT : f.length === 0 ? DELETED : f.length === 1 ? f.charCodeAt(0) : LONGER;
  FOLDED_UNIT[c] = k;
  return k;
}

/** A unit that folds to several: piece by piece (no such unit is known in the tables). */
function foldPieces(text: string): string {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x80 ? c : foldedUnit(c);
    if (k === EXACT) return foldExact(text);
    if (k >= 0) parts.push(String.fromCharCode(k));
    else if (k === LONGER) {
      const f =
        c < FOLD_TABLE_END
          ? FOLD_LOW[c]
          : c >= 0x1e00 && c < 0x1f00
            ? FOLD_EXT[c - 0x1e00]
            : foldOther(c);
      parts.push(f!);
    }
  }
  return parts.join('');
}

function foldExact(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đð]/g, 'd')
    .replace(/[ĐÐ]/g, 'D')
    .normalize('NFC');
}

/** Latin-1, Latin Extended-A/B, IPA, spacing modifiers, combining diacritics (up to U+036F). */
const FOLD_TABLE_END = 0x370;
const FOLD_LOW: (string | undefined)[] = foldTable(0, FOLD_TABLE_END);
/** Latin Extended Additional: the precomposed Vietnamese vowels with tone marks. */
const FOLD_EXT: (string | undefined)[] = foldTable(0x1e00, 0x1f00);

/**
 * Any other unit of the Basic Multilingual Plane, decided on first sight and remembered: whole
 * documents are folded at ingest, and one curly quote, dash or Greek letter in them would send
 * the whole text down the exact path. Units a neighbour can compose with once marks are gone
 * (Hangul jamo) and surrogates stay on the exact path.
 */
const FOLD_OTHER = new Map<number, string | undefined>();
function foldOther(c: number): string | undefined {
  if ((c >= 0x1100 && c < 0x1200) || (c >= 0xa960 && c < 0xa980) || (c >= 0xd7b0 && c < 0xe000))
    return undefined;
  if (FOLD_OTHER.has(c)) return FOLD_OTHER.get(c);
  const ch = String.fromCharCode(c);
  const f = ch.normalize('NFC') === ch ? foldExact(ch) : undefined;
  FOLD_OTHER.set(c, f);
  return f;
}

function foldTable(from: number, to: number): (string | undefined)[] {
  const table: (string | undefined)[] = [];
  for (let c = from; c < to; c++) {
    const ch = String.fromCharCode(c);
    const f = foldExact(ch);
    // A unit that NFC rewrites (a singleton such as U+0340) is left to the exact path.
    table.push(ch.normalize('NFC') === ch ? f : undefined);
  }
  return table;
}
