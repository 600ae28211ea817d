import { BIGRAM_JOINER } from '../analyzers';
import {
  queryWords,
  splitNumbers,
  type FieldPrefix,
  type NumberNode,
  type QueryNode,
  type TextNode,
} from './query';

/**
 * Turns a parsed query into what both engines execute: the boolean tree (with glossary
 * translations added as alternatives) plus optional clauses that only raise the score.
 */
export interface Translation {
  to: string;
  toLang: 'vi' | 'en';
  /** Token range [start, end) of the query words it translates. */
  start: number;
  end: number;
}

export type Translator = (tokens: string[]) => Translation[];

export type Boost =
  /** Two query words typed next to each other: documents with them adjacent rank higher. */
  | { kind: 'bigram'; field?: FieldPrefix; exact: string; folded: string }
  /** The user's own words, so matches through a translation rank below direct ones. */
  | { kind: 'original'; node: TextNode };

export interface QueryPlan {
  root: QueryNode;
  boosts: Boost[];
  /**
   * Numbers and identifiers typed in the query: records with one of these keys are matched
   * besides `root` and rank above every other (ranking.ts NUMBER_SCORE). Each engine compiles
   * it in one small function (sqlite/match.ts numberMatch, elasticsearch/query.ts numberQuery).
   */
  numbers?: NumberNode;
}

export function planQuery(parsed: QueryNode, translate?: Translator): QueryPlan {
  const { numbers, rest } = splitNumbers(parsed);
  const boosts: Boost[] = [];
  const rewritten = rewrite(rest, boosts, translate);
  return numbers ? { root: rewritten, boosts, numbers } : { root: rewritten, boosts };
}

function rewrite(node: QueryNode, boosts: Boost[], translate?: Translator): QueryNode {
  switch (node.kind) {
    case 'and': {
      const children = node.children.map((c) =>
        c.kind === 'text' ? c : rewrite(c, boosts, translate),
      );
      addBigrams(children, boosts);
      return { kind: 'and', children: translateRuns(children, boosts, translate) };
    }
    case 'or':
      return { kind: 'or', children: node.children.map((c) => rewrite(c, boosts, translate)) };
    case 'not':
      return node;
    case 'text':
      return translateRuns([node], boosts, translate)[0]!;
    default:
      return node;
  }
}

function isPlainWord(n: QueryNode): n is TextNode {
  return n.kind === 'text' && !n.phrase && !n.prefix && !n.translated && n.words.length === 1;
}

function addBigrams(children: QueryNode[], boosts: Boost[]): void {
  for (let i = 1; i < children.length; i++) {
    const a = children[i - 1]!;
    const b = children[i]!;
    if (!isPlainWord(a) || !isPlainWord(b) || a.field !== b.field) continue;
    const [x, y] = [a.words[0]!, b.words[0]!];
    boosts.push({
      kind: 'bigram',
      field: a.field,
      // The index's own joiner: these are looked up as the index's bigram terms.
      exact: `${x.exact}${BIGRAM_JOINER}${y.exact}`,
      folded: `${x.folded}${BIGRAM_JOINER}${y.folded}`,
    });
  }
}

/**
 * Finds glossary terms in runs of consecutive words and phrases of the same field, and
 * replaces the words a term covers with (the words OR the translation).
 */
function translateRuns(
  children: QueryNode[],
  boosts: Boost[],
  translate?: Translator,
): QueryNode[] {
  if (!translate) return children;
  const out: QueryNode[] = [];
  let i = 0;
  while (i < children.length) {
    const start = children[i]!;
    if (
      start.kind !== 'text' ||
      start.translated ||
      start.prefix ||
      start.field === 'pa' ||
      start.field === 'in'
    ) {
      out.push(start);
      i++;
      continue;
    }
    // The run of text nodes of one field starting here, and where each node's words begin.
    const run: TextNode[] = [];
    const offsets: number[] = [];
    let tokens: string[] = [];
    for (let j = i; j < children.length; j++) {
      const n = children[j]!;
      if (n.kind !== 'text' || n.translated || n.prefix || n.field !== start.field) break;
      run.push(n);
      offsets.push(tokens.length);
      tokens = tokens.concat(n.words.map((w) => w.exact));
    }
    offsets.push(tokens.length);
    const spans = translate(tokens).filter(
      (t) => offsets.includes(t.start) && offsets.includes(t.end) && t.end > t.start,
    );
    let k = 0;
    while (k < run.length) {
      const from = offsets[k]!;
      const here = spans.filter((s) => s.start === from);
      if (here.length === 0) {
        out.push(run[k]!);
        k++;
        continue;
      }
      const end = Math.max(...here.map((s) => s.end));
      const last = offsets.indexOf(end);
      const originals = run.slice(k, last);
      const original: QueryNode =
        originals.length === 1 ? originals[0]! : { kind: 'and', children: originals };
      const targets = [...new Set(here.filter((s) => s.end === end).map((s) => s.to))];
      out.push({
        kind: 'or',
        children: [original, ...targets.map((to) => translationNode(to, start.field))],
      });
      for (const n of originals) boosts.push({ kind: 'original', node: n });
      k = last;
    }
    i += run.length;
  }
  return out;
}

function translationNode(text: string, field: FieldPrefix | undefined): TextNode {
  const words = queryWords(text);
  return { kind: 'text', field, words, phrase: words.length > 1, prefix: false, translated: true };
}

/**
 * Relaxation, which both engines apply alike: when fewer records than RELAX_BELOW contain every
 * required part of a query of RELAXABLE_PARTS or more parts, records missing one part are added
 * below them (the response says `relaxed: true`).
 */
export const RELAX_BELOW = 10;
/** Queries of at least this many required parts may be relaxed to "all but one". */
const RELAXABLE_PARTS = 3;
/** From this many parts on, relaxed means any part; below, all but one. */
export const ANY_PART_FROM = 5;
/** Nor more than this many parts (long relaxed expressions cost more than they find). */
const MAX_RELAXED_PARTS = 12;

/** Whether the plan can be relaxed: a top-level AND of enough positive parts. */
export function isRelaxable(plan: QueryPlan): boolean {
  if (plan.root.kind !== 'and') return false;
  const positive = plan.root.children.filter((c) => c.kind !== 'not').length;
  return positive >= RELAXABLE_PARTS && positive <= MAX_RELAXED_PARTS;
}
