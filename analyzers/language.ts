import { ENGLISH_STOP_WORDS } from './english';

/**
 * Letters that only Vietnamese uses among the Latin-script languages Cầu meets: ă đ ơ ư, ĩ ũ,
 * and the precomposed tone-marked vowels of Latin Extended Additional (U+1EA0–U+1EF9).
 * Shared letters (à é ô…) prove nothing alone: French and Portuguese have them too.
 */
const VI_LETTER = /[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]/;
const WORD = /[\p{L}\p{M}]+/gu;

export function vietnameseShare(text: string): number {
  let words = 0;
  let vi = 0;
  for (const m of text.normalize('NFC').matchAll(WORD)) {
    words++;
    if (VI_LETTER.test(m[0])) vi++;
  }
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
  const words = [...text.toLowerCase().matchAll(WORD)].map((m) => m[0]);
  const english = words.filter((w) => ENGLISH_STOP_WORDS.has(w)).length;
  const looksEnglish = words.length >= 3 && english / words.length >= 0.08 && share === 0;
  if (hint === 'vi') return looksEnglish ? 'en' : 'vi';
  if (hint) return hint;
  if (looksEnglish || (share === 0 && /^[\p{ASCII}]*$/u.test(text))) return 'en';
  return share > 0 ? 'vi' : 'und';
}
