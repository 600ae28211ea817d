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

// ---------------------------------------------------------------------------------------------
// Which language a title or abstract is in (the record's `lang` when its source states none)

/** Words for the function-word vote: runs of letters and marks. */
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * Function words of the languages Cầu's sources mix with Vietnamese and English. Short titles
 * ("Marketing van diensten", "De economische betekenis van de haven van Rotterdam") are too
 * short for character n-grams, but one or two of these settle them. Words shared by languages
 * ("de", "en", "in") count for each; only a strict majority decides.
 */
const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: 'the of and for with on an is are from by to its their between towards into at as or this that which',
    nl: 'de het een van en voor met op naar bij uit over door zijn niet als aan tot onder tussen zich wat hoe wij we of ook',
    de: 'der die das und von zur zum mit für auf bei aus den dem des ein eine einer eines im ist nicht über durch als oder',
    fr: 'le la les des du de et pour dans sur une un au aux par avec en est sont ou leur entre vers',
    es: 'el los las del y para con por una un en es de la se al entre hacia o',
    it: 'il lo gli della delle dei degli e per con su una un nel nella di da al tra verso o',
    pt: 'o os as do da dos das e para com por uma um em no na de ao entre ou',
  }).map(([lang, words]) => [lang, new Set(words.split(' '))]),
);

/** Languages the n-gram model may answer (others it knows are too easily confused here). */
const NGRAM_LANGUAGES = ['en', 'nl', 'de', 'fr', 'es', 'it', 'pt', 'vi'];

// tinyld's default model (600 KB), loaded on first use: most records state their language.
let ngramDetect: ((text: string, opts: { only: string[] }) => string) | undefined;
function ngram(text: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ngramDetect ??= (require('tinyld') as { detect: typeof ngramDetect }).detect;
  return ngramDetect!(text, { only: NGRAM_LANGUAGES }) || undefined;
}

/**
 * The ISO 639-1 language of a text (a title, an abstract) or undefined when it has no letters:
 * Chinese, Japanese and Korean by their scripts; Vietnamese by its letters (as detectLanguage);
 * then a strict majority of function words; then, for text with letters beyond ASCII, the
 * n-gram model of the `tinyld` library restricted to the European languages above; plain ASCII
 * with no other evidence is English, the language most research titles without a tag are in.
 */
export function identifyLanguage(text: string): string | undefined {
  const s = text.normalize('NFC');
  if (/\p{Script=Hangul}/u.test(s)) return 'ko';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s)) return 'ja';
  if (/\p{Script=Han}/u.test(s)) return 'zh';
  const words = [...s.toLowerCase().matchAll(WORD)].map((m) => m[0]);
  if (words.length === 0) return undefined;
  if (vietnameseShare(s) >= 0.15 || isVietnameseByCircumflex(s)) return 'vi';
  const votes = new Map<string, number>();
  for (const w of words) {
    for (const [lang, set] of Object.entries(FUNCTION_WORDS)) {
      if (set.has(w)) votes.set(lang, (votes.get(lang) ?? 0) + 1);
    }
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  if (ranked[0] && (ranked.length === 1 || ranked[0][1] > ranked[1]![1])) return ranked[0][0];
  if (/^[\p{ASCII}]*$/u.test(s)) return 'en';
  return ngram(s) ?? 'en';
}

/** â ê ô are Vietnamese too, but also French and Portuguese: they count only without ç ë ï î û ü œ é è à ù. */
function isVietnameseByCircumflex(s: string): boolean {
  return /[âÂêÊôÔ]/.test(s) && !/[çÇëËïÏîÎûÛüÜœŒéÉèÈàÀùÙ]/.test(s);
}
