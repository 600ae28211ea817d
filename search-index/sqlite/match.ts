import { ipcFilterToken } from '../ipc-filter';
import { ANY_PART_FROM, type Boost, type QueryPlan } from '../plan';
import type { QueryNode, TextNode } from '../query';
import { DEFAULT_FIELDS, PREFIX_FIELDS, type FieldCode } from '../streams';
import { columnFilter } from './columns';

/**
 * Compiles a query plan to an FTS5 MATCH expression. Every term is a quoted string (quotes
 * doubled), so nothing a user typed is read as FTS5 syntax.
 *
 * FTS5 has no optional ("should") clauses and no per-phrase boosts, but its bm25() sums over
 * every phrase of the expression that matched the row. So boosts are written as
 *   CANDIDATES OR (CANDIDATES AND (boost1 OR boost2 …))
 * which selects exactly the candidates, and scores a candidate that also has a boost phrase
 * (adjacent query words, or the user's own words rather than a translation) higher.
 */
export function toFtsMatch(plan: QueryPlan, options: { relaxed?: boolean } = {}): string {
  const strict = compile(plan.root);
  const boosts = plan.boosts.map(boostExpr).filter((b): b is string => !!b);
  const relaxed = options.relaxed ? relaxedExpr(plan.root) : undefined;
  // Relaxed: the candidates may miss one word, and having them all is one more boost.
  const words = relaxed ?? strict;
  if (relaxed) boosts.unshift(strict);
  // Records named by a typed number are candidates whatever the words; they rank first by the
  // NUMBER_SCORE term of the search (numberMatch again), not by bm25.
  const candidates = plan.numbers ? `(${words}) OR (${numberMatch(plan.numbers.keys)})` : words;
  if (boosts.length === 0) return candidates;
  return `(${candidates}) OR ((${candidates}) AND (${boosts.join(' OR ')}))`;
}

/**
 * Every record that matches all but (at most) one of the required parts (any part, for five
 * or more), exclusions kept: an untranslated or misspelt word no longer empties the list.
 */
function relaxedExpr(root: QueryNode): string | undefined {
  if (root.kind !== 'and') return undefined;
  const positive = root.children.filter((c) => c.kind !== 'not').map(compile);
  const negative = root.children.filter((c) => c.kind === 'not').map((c) => compile(c.child));
  // Long queries (often a sentence translated word by word) may miss more: any part will do,
  // and bm25 ranks records with more (and rarer) parts first.
  const any =
    positive.length >= ANY_PART_FROM
      ? `(${positive.join(' OR ')})`
      : `(${positive.map((_, skip) => `(${positive.filter((_p, i) => i !== skip).join(' AND ')})`).join(' OR ')})`;
  return negative.length ? `(${any} NOT (${negative.join(' OR ')}))` : any;
}

function compile(n: QueryNode): string {
  switch (n.kind) {
    case 'and': {
      const positive = n.children.filter((c) => c.kind !== 'not').map(compile);
      const negative = n.children.filter((c) => c.kind === 'not').map((c) => compile(c.child));
      const all = positive.join(' AND ');
      return negative.length ? `(${all}) NOT (${negative.join(' OR ')})` : `(${all})`;
    }
    case 'or':
      return `(${n.children.map(compile).join(' OR ')})`;
    case 'not':
      // Only reachable for a lone exclusion, which parseQuery refuses.
      throw new Error('a NOT node must sit inside an AND');
    case 'ipc':
      return `({k_x} : ${quote(ipcFilterToken(n.filter))})`;
    case 'number':
      return `(${numberMatch(n.keys)})`;
    case 'text':
      return textExpr(n);
  }
}

/**
 * The records a typed number or identifier names: its keys in the meta field's exact column
 * (search-index/fields.ts puts every record's keys there).
 */
export function numberMatch(keys: readonly string[]): string {
  const cols = columnFilter(['m'], 'x')!;
  return keys.map((k) => `${cols} : ${quote(k)}`).join(' OR ');
}

function fieldsOf(n: { field?: keyof typeof PREFIX_FIELDS }): FieldCode[] {
  return n.field ? PREFIX_FIELDS[n.field] : DEFAULT_FIELDS;
}

function textExpr(n: TextNode): string {
  const fields = fieldsOf(n);
  const alts: string[] = [];
  const add = (stream: 'x' | 's' | 'f', terms: string[], prefix: boolean): void => {
    const cols = columnFilter(fields, stream);
    if (cols) alts.push(`${cols} : ${quote(terms.join(' '))}${prefix ? '*' : ''}`);
  };
  add(
    'x',
    n.words.map((w) => w.exact),
    n.prefix,
  );
  // English stems: only where every word has one (stop words are not in the stem stream).
  if (!n.prefix && n.words.every((w) => !w.stop))
    add(
      's',
      n.words.map((w) => w.stem),
      false,
    );
  add(
    'f',
    n.words.map((w) => w.folded),
    n.prefix,
  );
  if (n.ipc) alts.push(`{k_x} : ${quote(ipcFilterToken(n.ipc))}`);
  return `(${alts.join(' OR ')})`;
}

function boostExpr(b: Boost): string | undefined {
  if (b.kind === 'original') {
    const cols = columnFilter(fieldsOf(b.node), 'x');
    return cols ? `${cols} : ${quote(b.node.words.map((w) => w.exact).join(' '))}` : undefined;
  }
  const fields = fieldsOf(b);
  const exact = columnFilter(fields, 'b');
  const folded = columnFilter(fields, 'g');
  const alts = [
    exact && `${exact} : ${quote(b.exact)}`,
    folded && `${folded} : ${quote(b.folded)}`,
  ];
  return alts.filter(Boolean).join(' OR ') || undefined;
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
