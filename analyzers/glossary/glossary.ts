/**
 * The Vietnamese↔English glossary of technical terms (glossary.tsv beside this module) and the
 * phrase matcher that finds its terms in a query, so that "rice husk fertilizer" also searches
 * "vỏ trấu" and "phân bón", and "phân bón hữu cơ" also searches "organic fertilizer".
 *
 * Matching, left to right, longest phrase first, without overlaps:
 * - a Vietnamese term matches its exact tokens (NFC, lower case; old tone placement such as
 *   "hoà", "thuỷ" is read as the modern "hòa", "thủy"), and in a query typed without any
 *   diacritics also its folded tokens ("phan bon"), when it has at least two syllables and no
 *   other Vietnamese term folds the same ("lo hoi" could be "lò hơi" or "lô hội": no match);
 *   a query with marks is taken as written, so "của số" never becomes "cửa sổ";
 * - an English term matches on Porter stems ("fertilizers", "batteries", "husks"), after Latin and
 *   other irregular plurals are reduced ("bacteria" → "bacterium") and with British spellings of
 *   its words accepted ("fertiliser", "fibre", "aluminium", "sulphate").
 *
 * Pure TypeScript: only node:fs, node:path and the Porter stemmer of `natural`, loaded by path
 * because `require('natural')` loads every module of the package, database drivers included.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stem } = require('natural/lib/natural/stemmers/porter_stemmer') as {
  stem(word: string): string;
};

export interface GlossaryEntry {
  /** Vietnamese term: NFC, lower case, modern tone placement. */
  vi: string;
  /** English term: lower case, American spelling, singular. */
  en: string;
  /** WIPO technology fields (1–35) the term mainly belongs to. */
  fields: number[];
}

export interface Translation {
  /** The glossary term that matched, as the glossary writes it. */
  from: string;
  /** Its equivalent in the other language. */
  to: string;
  toLang: 'vi' | 'en';
  /** Token range [start, end) of the query tokens that matched. */
  start: number;
  end: number;
}

export const GLOSSARY_HEADER = 'vi\ten\tfield';
export const FIELD_COUNT = 35;

/** Parses glossary.tsv; throws an Error naming the line of the first malformed line. */
export function parseGlossary(tsv: string): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  const lines = tsv.split('\n');
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    if (n === 1 && line === GLOSSARY_HEADER) return;
    const fail = (why: string): never => {
      throw new Error(`glossary line ${n}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line !== line.normalize('NFC')) fail('not NFC');
    const cols = line.split('\t');
    if (cols.length !== 3) fail(`expected 3 tab-separated columns, found ${cols.length}`);
    const [vi, en, field] = cols as [string, string, string];
    if (vi.trim() === '' || en.trim() === '') fail('empty term');
    for (const term of [vi, en]) {
      if (term !== term.trim() || /\s\s/.test(term)) fail(`stray white space in "${term}"`);
      if (term !== term.toLowerCase()) fail(`"${term}" is not lower case`);
    }
    const fields = field.split(',').map((f) => {
      const k = /^\d+$/.test(f.trim()) ? Number(f.trim()) : NaN;
      if (!Number.isInteger(k) || k < 1 || k > FIELD_COUNT) {
        fail(`field "${f}" is not a number from 1 to ${FIELD_COUNT}`);
      }
      return k;
    });
    if (new Set(fields).size !== fields.length) fail('field listed twice');
    entries.push({ vi, en, fields });
  });
  return entries;
}

/** Entries per WIPO field (an entry counts once in each of its fields); every field 1–35 is a key. */
export function glossaryStats(entries: readonly GlossaryEntry[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (let f = 1; f <= FIELD_COUNT; f++) counts[f] = 0;
  for (const e of entries) for (const f of e.fields) counts[f] = (counts[f] ?? 0) + 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Token forms

const SPLIT = /[^\p{L}\p{M}\p{N}]+/u;

/** Lower-cased NFC word tokens, split as analyzers/tokenize.ts splits them. */
function words(term: string): string[] {
  return term
    .normalize('NFC')
    .toLowerCase()
    .split(SPLIT)
    .filter((w) => w !== '');
}

const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
const OLD_TONE = new RegExp(`^(.*?)([oO][aAeE]|[uU][yY])([${TONE_MARKS}])$`, 'u');

/** Old tone placement of one word ("hoà", "thuỷ", "khoẻ") moved to the modern one. */
function modernTone(word: string): string {
  if (!/[\u00c0-\u1ef9]/.test(word)) return word;
  const m = OLD_TONE.exec(word.normalize('NFD'));
  if (!m) return word;
  const [, before, pair, tone] = m as unknown as [string, string, string, string];
  if (/[qQ]$/.test(before) && /^[uU]/.test(pair)) return word; // "quý": "qu" is a consonant
  return `${before}${pair[0]}${tone}${pair[1]}`.normalize('NFC');
}

/** Diacritics removed, đ→d: "phân bón" → "phan bon". */
function fold(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** Plurals Porter leaves apart from their singular. */
const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map([
  ['bacteria', 'bacterium'],
  ['fungi', 'fungus'],
  ['algae', 'alga'],
  ['bacilli', 'bacillus'],
  ['nuclei', 'nucleus'],
  ['media', 'medium'],
  ['spectra', 'spectrum'],
  ['criteria', 'criterion'],
  ['phenomena', 'phenomenon'],
  ['analyses', 'analysis'],
  ['syntheses', 'synthesis'],
  ['diagnoses', 'diagnosis'],
  ['prostheses', 'prosthesis'],
  ['matrices', 'matrix'],
  ['indices', 'index'],
  ['leaves', 'leaf'],
  ['knives', 'knife'],
  ['shelves', 'shelf'],
  ['halves', 'half'],
  ['teeth', 'tooth'],
  ['feet', 'foot'],
  ['mice', 'mouse'],
  ['geese', 'goose'],
  ['men', 'man'],
  ['women', 'woman'],
  ['children', 'child'],
]);

/** British spellings of an American word (the glossary writes American English). */
const BRITISH: ReadonlyArray<[RegExp, string]> = [
  [/iz(e|es|ed|er|ers|ing|ation|ations)$/, 'is$1'],
  [/yz(e|es|ed|er|ers|ing)$/, 'ys$1'],
  [/(fib|cent|lit|theat)er(s?)$/, '$1re$2'],
  [/^aluminum$/, 'aluminium'],
  [/sulf/, 'sulph'],
  [/^(col|od|vap|flav|behavi|hum|harb|tum|lab|neighb|fav)or(s|ed|ing|ful)?$/, '$1our$2'],
  [/^mold(s|ed|ing)?$/, 'mould$1'],
  [/^(anal|catal|dial)og(s?)$/, '$1ogue$2'],
  [/^gray$/, 'grey'],
  [/^tire(s?)$/, 'tyre$1'],
  [/^aging$/, 'ageing'],
  [/^hem(o|a)/, 'haem$1'],
  [/emia$/, 'aemia'],
  [/^pediatr/, 'paediatr'],
  [/^esophag/, 'oesophag'],
  [/^anesthe/, 'anaesthe'],
  [/^(mod|lab|fu|chann|sign|tunn|lev|canc|trav)el(ed|ing|er|ers)$/, '$1ell$2'],
  [/^plow/, 'plough'],
  [/^jewelry$/, 'jewellery'],
  [/^gasoline$/, 'petrol'],
  [/^airplane(s?)$/, 'aeroplane$1'],
];

function british(word: string): string {
  return BRITISH.reduce((w, [re, to]) => w.replace(re, to), word);
}

/** The form English words are compared in. */
function englishKey(word: string): string {
  const w = IRREGULAR_PLURALS.get(word) ?? word;
  // Porter is defined on English letters; other words ("pm2", "ns1") pass through untouched.
  return /^[a-z]+$/.test(w) ? stem(w) : w;
}

const SEP = '\u0001';

/** Lucene's English stop set, as analyzers/english.ts has it. */
const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

/** Every spelling of a tokenised English term: American, and British where a word differs. */
function englishKeys(tokens: string[]): string[] {
  let keys: string[][] = [[]];
  for (const t of tokens) {
    const forms = new Set([englishKey(t), englishKey(british(t))]);
    keys = keys.flatMap((k) => [...forms].map((f) => [...k, f])).slice(0, 64);
  }
  return keys.map((k) => k.join(SEP));
}

// ---------------------------------------------------------------------------------------------
// Matching

export class Glossary {
  readonly entries: readonly GlossaryEntry[];
  /** Vietnamese term → its English equivalents. */
  private readonly viToEn = new Map<string, string[]>();
  /** Exact token key of a Vietnamese term → the term. */
  private readonly viExact = new Map<string, string>();
  /** Folded token key → the one Vietnamese term of two or more syllables that folds to it. */
  private readonly viFolded = new Map<string, string>();
  /** Stemmed token key of an English term → (English term → its Vietnamese equivalents). */
  private readonly enStemmed = new Map<string, Map<string, string[]>>();
  /** Longest term, in tokens. */
  private readonly maxLength: number;

  constructor(entries: readonly GlossaryEntry[]) {
    this.entries = entries;
    let maxLength = 1;
    const foldedTerms = new Map<string, Set<string>>();
    for (const { vi, en } of entries) {
      const viTokens = words(vi).map(modernTone);
      const enTokens = words(en);
      if (viTokens.length === 0 || enTokens.length === 0) continue;
      maxLength = Math.max(maxLength, viTokens.length, enTokens.length);

      push(this.viToEn, vi, en);
      this.viExact.set(viTokens.join(SEP), vi);
      if (viTokens.length >= 2) {
        const key = viTokens.map(fold).join(SEP);
        foldedTerms.set(key, (foldedTerms.get(key) ?? new Set()).add(vi));
      }
      for (const key of englishKeys(enTokens)) {
        let byTerm = this.enStemmed.get(key);
        if (!byTerm) this.enStemmed.set(key, (byTerm = new Map()));
        push(byTerm, en, vi);
      }
    }
    for (const [key, terms] of foldedTerms) {
      if (terms.size === 1) this.viFolded.set(key, [...terms][0]!);
    }
    this.maxLength = maxLength;
  }

  /**
   * Glossary terms found in a query's tokens (lower-cased NFC word tokens, as the caller's
   * tokenizer gives them), with every equivalent of each in the other language. A token run
   * that is both a Vietnamese and an English term yields both; a target equal to its source, or
   * to the words it would stand in for, is left out.
   */
  translate(tokens: readonly string[]): Translation[] {
    const forms = tokens.map(tokenForms);
    const exact = forms.map((f) => f.exact);
    const folded = forms.map((f) => f.folded);
    const english = forms.map((f) => f.english);
    // Folded forms only stand in for what a user typed without marks.
    const toneless = forms.every((f) => f.exact === f.folded);
    const out: Translation[] = [];
    const seen = new Set<string>();
    const add = (t: Translation): void => {
      // Nothing to add when the target is the source, or what the user typed ("zeolit" is
      // Vietnamese and stems like "zeolite").
      if (t.to === t.from || termKey(t.to) === exact.slice(t.start, t.end).join(' ')) return;
      const id = `${t.start}${SEP}${t.end}${SEP}${t.toLang}${SEP}${t.from}${SEP}${t.to}`;
      if (seen.has(id)) return;
      seen.add(id);
      out.push(t);
    };

    const n = tokens.length;
    let i = 0;
    while (i < n) {
      // Keys of the runs starting at i, one per length, built once.
      const longest = Math.min(this.maxLength, n - i);
      const viKeys: string[] = [];
      const foldedKeys: string[] = [];
      const enKeys: string[] = [];
      for (let k = 0; k < longest; k++) {
        const sep = k === 0 ? '' : SEP;
        viKeys.push(`${viKeys[k - 1] ?? ''}${sep}${exact[i + k]}`);
        foldedKeys.push(`${foldedKeys[k - 1] ?? ''}${sep}${folded[i + k]}`);
        enKeys.push(`${enKeys[k - 1] ?? ''}${sep}${english[i + k]}`);
      }
      let matched = 0;
      for (let len = longest; len >= 1 && !matched; len--) {
        const end = i + len;
        const vi = new Set<string>();
        const exactTerm = this.viExact.get(viKeys[len - 1]!);
        if (exactTerm !== undefined) vi.add(exactTerm);
        // "in an" is English, not a toneless "in ấn" (printing).
        if (toneless && len >= 2 && !stopRun(folded, i, len)) {
          const foldedTerm = this.viFolded.get(foldedKeys[len - 1]!);
          if (foldedTerm !== undefined) vi.add(foldedTerm);
        }
        for (const from of vi) {
          for (const to of this.viToEn.get(from) ?? []) {
            add({ from, to, toLang: 'en', start: i, end });
          }
        }
        const en = this.enStemmed.get(enKeys[len - 1]!);
        for (const [from, targets] of en ?? []) {
          for (const to of targets) add({ from, to, toLang: 'vi', start: i, end });
        }
        if (vi.size > 0 || en !== undefined) matched = len;
      }
      i += matched || 1;
    }
    return out;
  }
}

const termKeys = new Map<string, string>();

/** A glossary term's words joined by spaces ("pin lithi-ion" → "pin lithi ion"), memoised. */
function termKey(term: string): string {
  let key = termKeys.get(term);
  if (key === undefined) termKeys.set(term, (key = words(term).map(modernTone).join(' ')));
  return key;
}

/** Whether the `len` words from `start` are all English stop words. */
function stopRun(words: readonly string[], start: number, len: number): boolean {
  for (let k = start; k < start + len; k++) if (!ENGLISH_STOP_WORDS.has(words[k]!)) return false;
  return true;
}

interface TokenForms {
  /** NFC, lower case, modern tone placement. */
  exact: string;
  /** Without diacritics, đ→d. */
  folded: string;
  /** Porter stem (after irregular plurals). */
  english: string;
}

/** Forms of query tokens, memoised: the same words come back query after query. */
const formsCache = new Map<string, TokenForms>();

function tokenForms(token: string): TokenForms {
  let forms = formsCache.get(token);
  if (forms) return forms;
  const exact = modernTone(token.normalize('NFC').toLowerCase());
  forms = { exact, folded: fold(exact), english: englishKey(exact) };
  if (formsCache.size >= 50_000) formsCache.clear();
  formsCache.set(token, forms);
  return forms;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

let cached: Glossary | undefined;

/** The glossary of glossary.tsv beside this module, read and indexed once. */
export function loadGlossary(): Glossary {
  cached ??= new Glossary(parseGlossary(readFileSync(join(__dirname, 'glossary.tsv'), 'utf8')));
  return cached;
}
