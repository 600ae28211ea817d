import { acceptedTokens, canonicalTones, foldDiacritics, nfc, porterStem } from '../analyzers';
import { positiveTexts, type QueryNode } from './query';
import type { CauRecord } from '../model';

/**
 * Highlighting done in TypeScript from the stored record, so both engines return the same
 * fragments: the analysed query terms are matched against the field's own tokens, at the accent
 * level the user typed (a word typed with marks marks only that spelling: "cơ" never "có",
 * "phân" never "phần"; a word typed without marks marks every spelling that folds to it), or by
 * English stem; the densest window of matches is cut out.
 */
export type TermMatcher = ((term: string) => boolean) & {
  /** False when no token starting with this code unit can match (a cheap first test). */
  mayStartWith?: (unit: number) => boolean;
};

export function matcherFor(root: QueryNode): TermMatcher {
  const exact = new Set<string>();
  const folded = new Set<string>();
  const stems = new Set<string>();
  const prefixes: string[] = [];
  const exactPrefixes: string[] = [];
  for (const node of positiveTexts(root)) {
    for (const w of node.words) {
      if (w.exact !== w.folded) exact.add(w.exact);
      else folded.add(w.folded);
      if (!w.stop) stems.add(w.stem);
    }
    const last = node.words[node.words.length - 1]!;
    if (node.prefix) {
      if (last.exact !== last.folded) exactPrefixes.push(last.exact);
      else prefixes.push(last.folded);
    }
  }
  // Documents repeat their words: deciding once per distinct token keeps highlighting a
  // page of long descriptions cheap.
  const decided = new Map<string, boolean>();
  // Every form a token is compared in starts with its folded first letter, lower-cased.
  const firsts = new Set(
    [...exact, ...folded, ...stems, ...prefixes, ...exactPrefixes].map((t) =>
      foldDiacritics(t.charAt(0)).toLowerCase(),
    ),
  );
  const firstOk = new Map<number, boolean>();
  const matcher: TermMatcher = (term) => {
    let hit = decided.get(term);
    if (hit === undefined) {
      const { modern, folded: f, stem } = formsOf(term);
      hit =
        exact.has(modern) ||
        folded.has(f) ||
        stems.has(stem) ||
        prefixes.some((p) => f.startsWith(p)) ||
        exactPrefixes.some((p) => modern.startsWith(p));
      decided.set(term, hit);
    }
    return hit;
  };
  matcher.mayStartWith = (unit) => {
    let ok = firstOk.get(unit);
    if (ok === undefined) {
      const c = String.fromCharCode(unit);
      // Half a surrogate pair, or a letter whose folded or lower-cased form is not one unit:
      // let the full test decide.
      const f = foldDiacritics(c.toLowerCase());
      ok =
        f.length !== 1 ||
        unit >= 0xd800 ||
        firsts.has(f) ||
        firsts.has(canonicalTones(c).toLowerCase());
      firstOk.set(unit, ok);
    }
    return ok;
  };
  return matcher;
}

interface TermForms {
  modern: string;
  folded: string;
  stem: string;
}

/**
 * The forms a document token is compared in. Every page highlights thousands of distinct tokens,
 * mostly the same common words from one query to the next: computing their forms (tone
 * placement, folding, stemming) was a third of a search on a small index, so they are kept
 * (a bounded table, emptied when full).
 */
function formsOf(term: string): TermForms {
  let forms = FORMS.get(term);
  if (!forms) {
    // Documents in the old tone placement ("hoà") match queries in the modern one.
    const modern = canonicalTones(term);
    forms = { modern, folded: foldDiacritics(modern), stem: porterStem(modern) };
    if (FORMS.size >= MAX_FORMS) FORMS.clear();
    FORMS.set(term, forms);
  }
  return forms;
}

const FORMS = new Map<string, TermForms>();
const MAX_FORMS = 200_000;

const FRAGMENT_CHARS = 220;
/**
 * Fragments are cut from at most this much of each field. Real descriptions run to hundreds of
 * kilobytes; scanning them whole for every hit of a page would cost more than the search.
 */
export const HIGHLIGHT_SCAN_CHARS = 20_000;
const LEAD_CHARS = 60;

export function highlightRecord(record: CauRecord, match: TermMatcher): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (field: string, fragments: string[]): void => {
    if (fragments.length > 0) out[field] = fragments;
  };
  add('title', fragmentsOf(record.title, match, Infinity, 1));
  add('abstract', fragmentsOf(record.abstract, match, FRAGMENT_CHARS, 1));
  if (record.type === 'patent') {
    const claims = record.claims.flatMap((c) => fragmentsOf(c, match, FRAGMENT_CHARS, 1));
    add('claims', claims.slice(0, 2));
    add('description', fragmentsOf(record.description, match, FRAGMENT_CHARS, 2));
  }
  return out;
}

/**
 * Up to `max` fragments of about `width` characters, each centred on the window with the
 * most matches; matches wrapped in <mark>, everything else HTML-escaped.
 */
export function fragmentsOf(
  text: string | undefined,
  match: TermMatcher,
  width: number,
  max: number,
): string[] {
  if (!text) return [];
  const s = nfc(text.length > HIGHLIGHT_SCAN_CHARS ? text.slice(0, HIGHLIGHT_SCAN_CHARS) : text);
  const hits = acceptedTokens(s, match, match.mayStartWith);
  if (hits.length === 0) return [];
  if (s.length <= width) return [mark(s, hits, 0, s.length)];
  const fragments: { start: number; end: number; n: number }[] = [];
  for (let i = 0; i < hits.length; i++) {
    const start = Math.max(0, hits[i]!.start - LEAD_CHARS);
    const end = Math.min(s.length, start + width);
    let n = 0;
    for (let j = i; j < hits.length && hits[j]!.end <= end; j++) n++;
    fragments.push({ start, end, n });
  }
  fragments.sort((a, b) => b.n - a.n || a.start - b.start);
  const chosen: { start: number; end: number }[] = [];
  for (const f of fragments) {
    if (chosen.length >= max) break;
    if (chosen.some((c) => f.start < c.end && c.start < f.end)) continue;
    chosen.push(f);
  }
  chosen.sort((a, b) => a.start - b.start);
  return chosen.map(({ start, end }) => {
    const [a, b] = [wordStart(s, start), wordEnd(s, end)];
    return `${a > 0 ? '…' : ''}${mark(s, hits, a, b)}${b < s.length ? '…' : ''}`;
  });
}

function mark(s: string, hits: { start: number; end: number }[], from: number, to: number): string {
  let out = '';
  let pos = from;
  for (const h of hits) {
    if (h.start < from || h.end > to) continue;
    out +=
      escapeHtml(s.slice(pos, h.start)) +
      '<mark>' +
      escapeHtml(s.slice(h.start, h.end)) +
      '</mark>';
    pos = h.end;
  }
  return out + escapeHtml(s.slice(pos, to));
}

function wordStart(s: string, i: number): number {
  if (i === 0) return 0;
  const sp = s.indexOf(' ', i);
  return sp === -1 || sp - i > 20 ? i : sp + 1;
}

function wordEnd(s: string, i: number): number {
  if (i >= s.length) return s.length;
  const sp = s.lastIndexOf(' ', i);
  return sp === -1 || i - sp > 20 ? i : sp;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
