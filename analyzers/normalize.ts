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
 * Old ("traditional") tone placement puts the mark on the second vowel of the open syllables
 * oa, oe, uy ("hoà", "khoẻ", "thuỷ"); the placement taught today puts it on the first ("hòa",
 * "khỏe", "thủy"). Both are everywhere in real text, so both are mapped to the modern form.
 * Only open syllables move ("hoàng", "toán" keep their mark), and "qu" is a consonant
 * ("quý" stays). Length-preserving in NFC, so token offsets stay valid.
 */
const WORD = /[\p{L}\p{M}]+/gu;
const OPEN_OLD_TONE = new RegExp(`^(.*?)([oO][aAeE]|[uU][yY])([${TONE_MARKS}])$`, 'u');
/** The word canonicalTones looks at (letters and marks), for the generated Elasticsearch settings. */
export const TONE_WORD_SOURCE = WORD.source;

export function canonicalTones(text: string): string {
  if (!/[\u00c0-\u1ef9]/.test(text)) return text;
  const d = text.normalize('NFD');
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
 * Removes diacritics and maps đ→d, so "phân bón" and "phan bon" meet. Used for the
 * lower-weighted folded field; exact forms stay in their own field so "bàn" still ranks
 * above "bán" for a query typed with marks.
 */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
