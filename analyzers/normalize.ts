/**
 * Text normal forms. Documents arrive in NFD (PDF copy-paste) as often as NFC, and a
 * Vietnamese letter like "ệ" has one NFC code point but up to three in NFD: everything
 * Cầu compares must first be NFC.
 */
export function nfc(text: string): string {
  return text.normalize('NFC');
}

/** The form terms are compared in: NFC and lower case. */
export function normalizeForIndex(text: string): string {
  return nfc(text).toLowerCase();
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
