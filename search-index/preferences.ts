import type { QueryNode, QueryWord, TextNode } from './query';

/**
 * The query preferences both engines apply to a plan (./plan.ts), as pure functions over its
 * tree, so the embedded index (sqlite/match.ts) and the cluster (elasticsearch/query.ts) prefer
 * the same records: words typed side by side found side by side (adjacencyOf), and the user's
 * own words above their glossary translations (withoutTranslations; the weights are in
 * ./ranking.ts: ORIGINAL_WORDS_FACTOR, TRANSLATION_WEIGHT).
 */

function isPlainWord(n: QueryNode): n is TextNode {
  return n.kind === 'text' && !n.phrase && !n.prefix && !n.translated && n.words.length === 1;
}

/** A translation alternative: (the user's words) OR translations (see plan.ts). */
function isTranslation(n: QueryNode): n is Extract<QueryNode, { kind: 'or' }> {
  return (
    n.kind === 'or' &&
    n.children.length > 1 &&
    n.children.slice(1).every((c) => c.kind === 'text' && c.translated === true)
  );
}

/** The plain word a part starts (`first`) or ends with, looking through translations. */
function edgeWord(n: QueryNode, first: boolean): TextNode | undefined {
  if (isPlainWord(n)) return n;
  if (isTranslation(n)) return edgeWord(n.children[0]!, first);
  if (n.kind === 'and') {
    const positive = n.children.filter((c) => c.kind !== 'not');
    return edgeWord(positive[first ? 0 : positive.length - 1]!, first);
  }
  return undefined;
}

/** Two plain words typed side by side (in the same field), the first directly before the second. */
export interface AdjacentPair {
  first: TextNode;
  second: TextNode;
}

/**
 * The words typed side by side, found in every AND of the tree (translations looked through:
 * "phân bón hữu cơ" keeps its pairs when "phân bón" is also searched as "fertilizer"), each with
 * the nodes of both words, in the order of the query.
 */
export function adjacentPairs(root: QueryNode): AdjacentPair[] {
  const out: AdjacentPair[] = [];
  const visit = (n: QueryNode): void => {
    if (n.kind === 'and') {
      for (let i = 1; i < n.children.length; i++) {
        const [left, right] = [n.children[i - 1]!, n.children[i]!];
        if (left.kind === 'not' || right.kind === 'not') continue;
        const a = edgeWord(left, false);
        const b = edgeWord(right, true);
        if (!a || !b || a.field !== b.field) continue;
        out.push({ first: a, second: b });
      }
      n.children.forEach(visit);
    } else if (n.kind === 'or') n.children.forEach(visit);
  };
  visit(root);
  return out;
}

/**
 * The adjacent pairs (adjacentPairs) by their first word: each pair's phrase becomes an
 * alternative of its first word, which the phrase implies (so the records that match stay the
 * same).
 */
export function adjacencyOf(root: QueryNode): Map<TextNode, QueryWord[][]> {
  const out = new Map<TextNode, QueryWord[][]>();
  for (const { first: a, second: b } of adjacentPairs(root))
    out.set(a, [...(out.get(a) ?? []), [a.words[0]!, b.words[0]!]]);
  return out;
}

/** The tree with the glossary's translations taken out: the user's own words. */
export function withoutTranslations(n: QueryNode): QueryNode {
  switch (n.kind) {
    case 'and': {
      const children = n.children.map(withoutTranslations);
      return children.every((c, i) => c === n.children[i]) ? n : { kind: 'and', children };
    }
    case 'or': {
      const kept = n.children.filter((c) => !(c.kind === 'text' && c.translated));
      const children = kept.map(withoutTranslations);
      if (children.length === n.children.length && children.every((c, i) => c === n.children[i]))
        return n;
      return children.length === 1 ? children[0]! : { kind: 'or', children };
    }
    default:
      return n;
  }
}

/** Whether any of the words was typed with marks (its exact form is not its folded one). */
export function marked(words: readonly QueryWord[]): boolean {
  return words.some((w) => w.exact !== w.folded);
}

/**
 * Whether any word of the tree, outside exclusions, was typed with marks: then both engines
 * prefer the words as typed over the same letters under other marks (OTHER_MARKS_FACTOR).
 */
export function hasMarks(n: QueryNode): boolean {
  if (n.kind === 'and' || n.kind === 'or') return n.children.some(hasMarks);
  return n.kind === 'text' && marked(n.words);
}
