import { canonicalTones, foldDiacritics, nfc } from '../normalize';
import type { Token } from '../tokenize';

/**
 * A token trie of cue phrases, compiled once, matched over a field's tokens in one pass.
 *
 * Phrases are written as text: words with their diacritics, lower case, modern tone placement.
 * Edges are keyed by the *folded* word, so one walk serves text typed with and without marks;
 * where a cue needs its accents (the default), a match is kept only if every literal word is
 * written exactly as in the cue, unless the field is toneless Vietnamese (docs/readiness.md,
 * "Where Cầu looks"). That is the rule the regex scan had: in toned text "da" (skin) is not
 * "đã", "ban" (board) is not "bán"; "thuong mai hoa" typed without marks is "thương mại hóa".
 *
 * Phrase syntax (expanded at compile time into plain token sequences):
 *   a space       white space, a no-break space or a hyphen between the words ("lab-scale")
 *   ~             loose: white space, ":", "=", or a dash ("TRL: 6", "TRL-6")
 *   –             a range dash, with optional white space ("TRL 5–6", "TRL 5 - 6")
 *   '             an apostrophe, straight or curly ("hasn't")
 *   {a|b c|}      alternatives, any of which may be several words or empty
 *   {a|b}?        optional alternatives
 *   <class>       a token class from CLASSES (numbers, levels), whose value is captured
 */

/** A field ready for matching: its tokens and their folded forms. */
export interface TokenText {
  /** NFC, modern tone placement: what token offsets point into. */
  text: string;
  tokens: readonly Token[];
  /** `tokens[i].term` with diacritics removed (đ→d). */
  folded: readonly string[];
  /** Vietnamese typed without diacritics: folded matches count. */
  toneless: boolean;
}

export interface Match<T> {
  value: T;
  /** First and last token (inclusive). */
  first: number;
  last: number;
  /** Character offsets into the text. */
  start: number;
  end: number;
  /** Values of the phrase's classes, in order ("TRL 5–6" → [5, 6]). */
  numbers: number[];
}

type Gap = 'S' | 'L' | 'R' | 'A' | `X${string}`;

/** What a class consumed at token i: its value and the index after it. */
export interface ClassHit {
  /** Captured into the match's `numbers`, unless undefined (a wildcard word). */
  value?: number;
  next: number;
}
export type TokenClass = (t: TokenText, i: number) => ClassHit | undefined;

interface Step {
  gap: Gap;
  /** A literal word (folded for the key, toned for the accent check) or a class name. */
  word?: { folded: string; toned: string };
  cls?: string;
}

interface Entry<T> {
  value: T;
  exact: boolean;
  /** Toned form of each literal step, in order (classes skipped). */
  words: string[];
}

interface Node<T> {
  /** Next words after white space (at the root: first words), keyed by their folded form. */
  next?: Map<string, Node<T>>;
  /** Next words after any other kind of gap. */
  other?: Map<Gap, Map<string, Node<T>>>;
  classes?: { gap: Gap; cls: string; node: Node<T> }[];
  entries?: Entry<T>[];
}

export interface PhraseDef<T> {
  phrase: string;
  value: T;
  /** "folded": match without the accent check (units, site nouns: "ha", "ho" for "hộ"). */
  accents?: 'exact' | 'folded';
}

export class Automaton<T> {
  private readonly root: Node<T> = {};

  /**
   * @param classes the token classes phrases may use
   * @param mayStartClass a cheap test of whether any class can start at token i: phrases that
   *   begin with a class are tried only there, not at every token
   */
  constructor(
    defs: readonly PhraseDef<T>[],
    private readonly classes: Record<string, TokenClass>,
    private readonly mayStartClass: (t: TokenText, i: number) => boolean = () => true,
  ) {
    for (const def of defs) {
      for (const steps of compile(def.phrase)) {
        if (steps.length === 0) throw new Error(`empty cue phrase in "${def.phrase}"`);
        let node = this.root;
        steps.forEach((s, k) => {
          if (s.cls !== undefined) {
            if (!this.classes[s.cls]) throw new Error(`unknown token class <${s.cls}>`);
            node.classes ??= [];
            let c = node.classes.find((x) => x.cls === s.cls && x.gap === s.gap);
            if (!c) node.classes.push((c = { gap: s.gap, cls: s.cls, node: {} }));
            node = c.node;
          } else {
            let map: Map<string, Node<T>>;
            if (k === 0 || s.gap === 'S') map = node.next ??= new Map();
            else {
              node.other ??= new Map();
              map = node.other.get(s.gap) ?? new Map();
              node.other.set(s.gap, map);
            }
            let n = map.get(s.word!.folded);
            if (!n) map.set(s.word!.folded, (n = {}));
            node = n;
          }
        });
        node.entries ??= [];
        node.entries.push({
          value: def.value,
          exact: def.accents !== 'folded',
          words: steps.filter((s) => s.word).map((s) => s.word!.toned),
        });
      }
    }
  }

  /**
   * Every match of every phrase between tokens `from` and `to`, overlapping ones included,
   * ordered by start then longest first. One walk from each token; most end at the first lookup.
   */
  scan(t: TokenText, from = 0, to = t.tokens.length): Match<T>[] {
    const out: Match<T>[] = [];
    for (let i = from; i < to; i++) this.walkFrom(t, i, to, out);
    return out.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  /** The matches that start at token i, longest first. */
  at(t: TokenText, i: number, to = t.tokens.length): Match<T>[] {
    const out: Match<T>[] = [];
    if (i >= 0 && i < to) this.walkFrom(t, i, to, out);
    return out.sort((a, b) => b.end - a.end);
  }

  // Walk state, reused: scanning allocates nothing until something matches.
  private readonly literal: number[] = [];
  private readonly numbers: number[] = [];

  private walkFrom(t: TokenText, i: number, to: number, out: Match<T>[]): void {
    const n = this.root.next?.get(t.folded[i]!);
    if (n) {
      this.literal.push(i);
      this.walk(t, to, out, n, i, i);
      this.literal.pop();
    }
    if (this.root.classes && this.mayStartClass(t, i)) {
      this.classEdges(t, to, out, this.root.classes, i, i, false);
    }
  }

  private walk(
    t: TokenText,
    to: number,
    out: Match<T>[],
    node: Node<T>,
    first: number,
    last: number,
  ): void {
    if (node.entries) {
      for (const e of node.entries) {
        if (e.exact && !t.toneless && !sameWords(t, this.literal, e.words)) continue;
        out.push({
          value: e.value,
          first,
          last,
          start: t.tokens[first]!.start,
          end: t.tokens[last]!.end,
          // Most matches capture no number (clause words, stage verbs): they share one array.
          numbers: this.numbers.length === 0 ? NO_NUMBERS : [...this.numbers],
        });
      }
    }
    const j = last + 1;
    if (j >= to) return;
    const w = t.folded[j]!;
    if (node.next && spaceBetween(t.text, t.tokens[j - 1]!.end, t.tokens[j]!.start)) {
      const next = node.next.get(w);
      if (next) this.step(t, to, out, next, first, j);
    }
    if (node.other) {
      for (const [gap, map] of node.other) {
        const next = map.get(w);
        if (next && gapIs(t, j, gap)) this.step(t, to, out, next, first, j);
      }
    }
    if (node.classes) this.classEdges(t, to, out, node.classes, first, j, true);
  }

  private step(
    t: TokenText,
    to: number,
    out: Match<T>[],
    node: Node<T>,
    first: number,
    j: number,
  ): void {
    this.literal.push(j);
    this.walk(t, to, out, node, first, j);
    this.literal.pop();
  }

  private classEdges(
    t: TokenText,
    to: number,
    out: Match<T>[],
    edges: NonNullable<Node<T>['classes']>,
    first: number,
    j: number,
    checkGap: boolean,
  ): void {
    for (const c of edges) {
      if (checkGap && !gapIs(t, j, c.gap)) continue;
      const hit = this.classes[c.cls]!(t, j);
      if (!hit || hit.next > to) continue;
      if (hit.value !== undefined) this.numbers.push(hit.value);
      this.walk(t, to, out, c.node, first, hit.next - 1);
      if (hit.value !== undefined) this.numbers.pop();
    }
  }
}

/** Frozen: a rule that wrote into a match's numbers would throw, not corrupt every match. */
const NO_NUMBERS = Object.freeze([]) as unknown as number[];

const LOOSE = /^[\s\u00a0:=\-–—]+$/u;
const RANGE = /^\s*[-–—]\s*$/u;

const SPACE = /^[\s\u00a0-]+$/u;

function isSpaceGap(gap: string): boolean {
  return gap === ' ' || SPACE.test(gap);
}

/** Whether text[from, to) is white space or hyphens only, without slicing it. */
function spaceBetween(text: string, from: number, to: number): boolean {
  if (to === from + 1 && text.charCodeAt(from) === 32) return true;
  return to > from && SPACE.test(text.slice(from, to));
}

export function gapIs(t: TokenText, i: number, gap: Gap): boolean {
  if (i === 0) return true;
  const g = t.text.slice(t.tokens[i - 1]!.end, t.tokens[i]!.start);
  switch (gap) {
    case 'S':
      return isSpaceGap(g);
    case 'L':
      return LOOSE.test(g);
    case 'R':
      return RANGE.test(g);
    case 'A':
      return g === "'" || g === '\u2019';
    default:
      return g === gap.slice(1);
  }
}

function sameWords(t: TokenText, at: readonly number[], words: readonly string[]): boolean {
  for (let k = 0; k < words.length; k++) {
    if (t.tokens[at[k]!]!.term !== words[k]) return false;
  }
  return true;
}

// ---- compiling the phrase syntax ------------------------------------------------------------

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** All plain sequences a phrase stands for. */
export function compile(phrase: string): Step[][] {
  return expand(phrase).map(parseSteps);
}

/** Expands {a|b}, {a|b}? into every plain string: the first group, then what follows it. */
function expand(source: string): string[] {
  const open = source.indexOf('{');
  if (open < 0) return [source.replace(/\s+/g, ' ').trim()];
  // The matching "}" and the top-level "|" of this group (groups nest: "{{đã}? được x|y}").
  const bars: number[] = [];
  let depth = 0;
  let close = -1;
  for (let k = open; k < source.length && close < 0; k++) {
    const ch = source[k];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) close = k;
    else if (ch === '|' && depth === 1) bars.push(k);
  }
  if (close < 0) throw new Error(`unclosed "{" in cue phrase "${source}"`);
  const optional = source[close + 1] === '?';
  const cuts = [open, ...bars, close];
  const options = cuts.slice(1).map((c, i) => source.slice(cuts[i]! + 1, c));
  if (optional) options.push('');
  const before = source.slice(0, open);
  const after = source.slice(close + (optional ? 2 : 1));
  const out = new Set<string>();
  for (const o of options) for (const e of expand(before + o + after)) out.add(e);
  return [...out];
}

const PIECES = /<[^>]*>|[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}<]+/gu;
/** Word forms by spelling: a table compiles thousands of sequences made of a few hundred words. */
const wordForms = new Map<string, { toned: string; folded: string }>();

function parseSteps(plain: string): Step[] {
  const steps: Step[] = [];
  let gap = '';
  for (const piece of plain.match(PIECES) ?? []) {
    if (piece.startsWith('<')) {
      if (!piece.endsWith('>')) throw new Error(`unclosed "<" in cue phrase "${plain}"`);
      steps.push({ cls: piece.slice(1, -1), gap: gapKind(gap, plain) });
      gap = '';
    } else if (WORD_CHAR.test(piece[0]!)) {
      let word = wordForms.get(piece);
      if (!word) {
        const toned = canonicalTones(nfc(piece)).toLowerCase();
        wordForms.set(piece, (word = { toned, folded: foldDiacritics(toned) }));
      }
      steps.push({ word, gap: gapKind(gap, plain) });
      gap = '';
    } else {
      gap += piece;
    }
  }
  return steps;
}

function gapKind(gap: string, phrase: string): Gap {
  if (gap === ' ' || gap === '') return 'S';
  if (gap === '~') return 'L';
  if (gap === '–') return 'R';
  if (gap === "'") return 'A';
  if (/\s/.test(gap)) throw new Error(`gap "${gap}" in cue phrase "${phrase}" mixes spaces`);
  return `X${gap}`;
}
