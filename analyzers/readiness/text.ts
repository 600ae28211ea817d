import { canonicalTones, foldDiacritics, nfc } from '../normalize';

/**
 * One field prepared for matching. `low` (modern tone placement, lower case) and `fold` (no
 * diacritics) have exactly the length of `text` (NFC), so an offset found in either is an offset
 * into `text` and evidence is always an exact span of what the record says.
 */
export interface ScanText {
  text: string;
  low: string;
  fold: string;
  /**
   * Vietnamese typed without diacritics. Only then do folded matches count: in text written with
   * marks "da" is "da" (skin), not "đã", and in English "lap" and "can" are English words.
   */
  toneless: boolean;
}

/** Frequent Vietnamese syllables as they look without diacritics. */
const TONELESS_VI = new Set(
  (
    'va cua duoc cac trong cho voi la da khong chua nhung mot nay de tai thu nghiem san xuat ' +
    'cong nghe thuong mai hoa se dang quy mo phong thi lap dat chuyen giao nguoi nam theo tu ' +
    'den ve khi nhu hon cung hien ket qua su dung muc sang duoc gom tren vao bang sau truoc ' +
    'nhieu ho cap dia thuc nghien cuu he thong phuong phap'
  ).split(' '),
);
const VI_MARKED = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/u;

function looksToneless(low: string): boolean {
  if (VI_MARKED.test(low)) return false;
  const words = low.match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return false;
  const vi = words.filter((w) => TONELESS_VI.has(w)).length;
  return vi / words.length >= 0.25;
}

export function prepare(raw: string): ScanText {
  const text = nfc(raw);
  const canon = canonicalTones(text);
  // canonicalTones is length-preserving in NFC; if that ever fails, match on the text as given.
  const base = canon.length === text.length ? canon : text;
  // Whole-string conversions keep the length for almost all text; unit by unit otherwise.
  let low = base.toLowerCase();
  if (low.length !== base.length) {
    low = base
      .split('')
      .map((ch) => (ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch))
      .join('');
  }
  let fold = foldDiacritics(low);
  if (fold.length !== low.length) {
    fold = low
      .split('')
      .map((ch) => {
        const f = foldDiacritics(ch);
        return f.length === 1 ? f : ch;
      })
      .join('');
  }
  return { text, low, fold, toneless: looksToneless(low) };
}

export interface Span {
  start: number;
  end: number;
  groups: (string | undefined)[];
}

/**
 * A phrase written with its diacritics, matched as whole words on the toned text, and on the
 * folded text only where the writer typed no diacritics at all (so "thuong mai hoa" counts, but
 * "bàn" never matches a pattern written "bán").
 */
export interface Phrase {
  toned: RegExp;
  folded: RegExp;
  /** The phrase's first word, when it is plain letters: a text without it cannot match. */
  first?: string;
  firstFolded?: string;
  /** Whether `first` is a whole word of the phrase (not the start of a longer one). */
  firstIsWord: boolean;
}

const BEFORE = '(?<![\\p{L}\\p{M}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{M}\\p{N}])';

/** A space in a pattern stands for any run of white space or hyphens ("lab-scale" = "lab scale"). */
export function phrase(source: string): Phrase {
  const src = BEFORE + '(?:' + source.replace(/ /g, '[\\s\\u00a0-]+') + ')' + AFTER;
  const first = /^\p{L}{2,}(?![?*{(|])/u.exec(source)?.[0];
  const firstIsWord = first !== undefined && /^\p{L}+(?: |$)/u.exec(source)?.[0].trim() === first;
  const toned = lazy(src, 'gu', false);
  const folded = lazy(src, 'gu', true);
  // What findAll runs: the same pattern without its leading look-behind, which V8 tests at every
  // position of the text (three times slower for the usual text); scan() checks it per match.
  const body = src.slice(BEFORE.length);
  const scanToned = lazy(body, 'gu', false);
  const scanFolded = lazy(body, 'gu', true);
  const phraseScan: PhraseScan = {
    get toned() {
      return scanToned();
    },
    get folded() {
      return scanFolded();
    },
  };
  const out: Phrase = {
    get toned() {
      return toned();
    },
    get folded() {
      return folded();
    },
    first,
    firstFolded: first && foldDiacritics(first),
    firstIsWord,
  };
  scans.set(out, phraseScan);
  return out;
}

// Hundreds of phrases are declared at module load, and any process that imports the analyzers
// loads this module: each pattern is compiled when it is first used, not before.
function lazy(src: string, flags: string, fold: boolean): () => RegExp {
  let re: RegExp | undefined;
  return () => (re ??= new RegExp(fold ? foldDiacritics(src) : src, flags));
}

interface PhraseScan {
  toned: RegExp;
  folded: RegExp;
}
const scans = new WeakMap<Phrase, PhraseScan>();

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

/** Whether the code point just before `i` is a letter, mark or digit (what BEFORE rules out). */
function wordCharBefore(s: string, i: number): boolean {
  if (i === 0) return false;
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return WORD_CHAR.test(s.slice(i - 2, i));
  }
  return WORD_CHAR.test(s[i - 1]!);
}

/**
 * The matches of BEFORE + body, as matchAll would give them: the leftmost match of the body
 * that BEFORE allows, then on from its end (a match BEFORE rules out is retried one unit on).
 */
function* scan(s: string, body: RegExp): Generator<RegExpExecArray> {
  body.lastIndex = 0;
  for (;;) {
    const m = body.exec(s);
    if (!m) return;
    if (wordCharBefore(s, m.index)) {
      body.lastIndex = m.index + 1;
      continue;
    }
    if (m[0].length === 0) body.lastIndex = m.index + 1;
    yield m;
  }
}

const WORD_CHARS = /[\p{L}\p{M}\p{N}]+/gu;
const wordSets = new WeakMap<ScanText, { low: Set<string>; fold?: Set<string> }>();

/**
 * Whether the phrase's first word occurs in the text. Hundreds of cue phrases are tried on
 * every text; a substring search of the whole text per phrase was most of the scanning time,
 * so whole first words are looked up in the text's set of words (built once per text).
 */
function mayMatch(t: ScanText, p: Phrase, folded: boolean): boolean {
  const first = folded ? p.firstFolded : p.first;
  if (!first) return true;
  const text = folded ? t.fold : t.low;
  if (!p.firstIsWord) return text.includes(first);
  let sets = wordSets.get(t);
  if (!sets) wordSets.set(t, (sets = { low: new Set(t.low.match(WORD_CHARS)) }));
  if (folded) return (sets.fold ??= new Set(t.fold.match(WORD_CHARS))).has(first);
  return sets.low.has(first);
}

export function findAll(t: ScanText, p: Phrase): Span[] {
  const out: Span[] = [];
  const seen = new Set<string>();
  const body = scans.get(p);
  const toned = mayMatch(t, p, false);
  for (const m of !toned ? [] : body ? scan(t.low, body.toned) : t.low.matchAll(p.toned)) {
    const start = m.index;
    const end = start + m[0].length;
    seen.add(`${start}:${end}`);
    out.push({ start, end, groups: m.slice(1) });
  }
  if (!t.toneless || !mayMatch(t, p, true)) {
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  }
  for (const m of body ? scan(t.fold, body.folded) : t.fold.matchAll(p.folded)) {
    const start = m.index;
    const end = start + m[0].length;
    if (seen.has(`${start}:${end}`)) continue;
    seen.add(`${start}:${end}`);
    out.push({ start, end, groups: m.slice(1) });
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

const found = new WeakMap<ScanText, Map<readonly Phrase[], Span[]>>();

/** Matches of any of the phrases, sorted; remembered per text, so cue lists are scanned once. */
export function findAny(t: ScanText, phrases: readonly Phrase[]): Span[] {
  let byList = found.get(t);
  if (!byList) found.set(t, (byList = new Map()));
  let spans = byList.get(phrases);
  if (!spans) {
    spans = phrases
      .flatMap((p) => findAll(t, p))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    byList.set(phrases, spans);
  }
  return spans;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

export function wordCount(s: string): number {
  return s.match(WORD)?.length ?? 0;
}

/** Clause boundaries: . ; : ! ? followed by white space or the end, and "nhưng", "but", "however". */
const CLAUSE_PUNCT = /[.;:!?](?=\s|$)|[\n\r]/gu;
const CLAUSE_WORDS = [
  phrase('nhưng'),
  phrase('tuy nhiên'),
  phrase('but'),
  phrase('however'),
  phrase('whereas'),
];

const clauseCache = new WeakMap<ScanText, [number, number][]>();

export function clauses(t: ScanText): [number, number][] {
  const cached = clauseCache.get(t);
  if (cached) return cached;
  const out = computeClauses(t);
  clauseCache.set(t, out);
  return out;
}

function computeClauses(t: ScanText): [number, number][] {
  const cuts = new Set<number>([0, t.text.length]);
  for (const m of t.low.matchAll(CLAUSE_PUNCT)) cuts.add(m.index + 1);
  for (const s of findAny(t, CLAUSE_WORDS)) cuts.add(s.start);
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push([sorted[i]!, sorted[i + 1]!]);
  return out;
}

/** Whether the span starts with a capital letter in the middle of a sentence: part of a name. */
export function looksLikeName(t: ScanText, start: number): boolean {
  const first = t.text[start] ?? '';
  if (first === first.toLowerCase()) return false;
  const before = t.text.slice(0, start).trimEnd();
  if (before === '') return false;
  return !/[.!?:;("“'\u2018]$/.test(before);
}
