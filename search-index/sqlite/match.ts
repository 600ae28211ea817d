import { ipcFilterToken } from '../ipc-filter';
import { ANY_PART_FROM, type QueryPlan } from '../plan';
import { adjacencyOf, hasMarks, marked, withoutTranslations } from '../preferences';
import type { QueryNode, QueryWord, TextNode } from '../query';
import { TRANSLATION_WEIGHT } from '../ranking';
import { DEFAULT_FIELDS, PREFIX_FIELDS, type FieldCode } from '../streams';
import { englishTerm } from '../../analyzers';
import { COLUMNS, type ColumnKind } from './columns';

/**
 * Compiles a query plan to FTS5 MATCH expressions over the lean columns (./columns.ts). Every
 * term is a quoted string (quotes doubled), so nothing a user typed is read as FTS5 syntax.
 *
 * FTS5 has no optional clauses and no per-phrase boosts, but bm25() sums over every phrase of
 * the expression that matched the row. Preferences are therefore written as alternatives that
 * imply what they sit beside, so they add score without changing which records match:
 * - a word typed with marks: (folded OR exact), and every record with the exact form also has
 *   the folded one;
 * - two words typed side by side: (a OR "a b") AND b, the phrase implying a.
 * Never the `C OR (C AND B)` shape: FTS5 would evaluate C twice.
 */
export interface CompiledQuery {
  /** What ranks: the candidates with the preferences above. */
  rank: string;
  /** The same records, without the preferences: what counting and facets need. */
  candidates: string;
  /** Every required part (when relaxed, `candidates` lets one or more be missing). */
  strict?: string;
  /** The user's own words, without the glossary's translations (when any were added). */
  original?: string;
  /**
   * The user's own words with the marks they typed (title and abstract keep them): only when
   * some word was typed with marks. Records that have them are preferred over records where
   * the same letters carry other marks ("cá tra", pangasius, over "cà trà", eggplant and tea).
   */
  typed?: string;
  /** With `typed`: the user's own words in any spelling (those with other marks are the rest). */
  spelled?: string;
  /** Records named by a number typed in the query (QueryPlan.numbers): they rank first. */
  numbers?: string;
}

export function compileQuery(plan: QueryPlan, options: { relaxed?: boolean } = {}): CompiledQuery {
  const adjacency = adjacencyOf(plan.root);
  const rankMode: Mode = { exact: true, adjacency };
  const lean: Mode = { exact: false, adjacency: new Map() };
  const whole = (root: QueryNode, mode: Mode): string =>
    options.relaxed ? (relaxedExpr(root, mode) ?? compile(root, mode)) : compile(root, mode);
  const stripped = withoutTranslations(plan.root);
  const typedMode: Mode = { exact: false, adjacency: new Map(), typedOnly: true };
  // Records named by a typed number are candidates whatever the words (and rank first: the
  // search puts them in a tier of their own).
  const numbers = plan.numbers ? numberMatch(plan.numbers.keys) : undefined;
  const orNumbers = (expr: string): string => (numbers ? `(${expr}) OR (${numbers})` : expr);
  return {
    rank: orNumbers(whole(plan.root, rankMode)),
    candidates: orNumbers(whole(plan.root, lean)),
    ...(options.relaxed ? { strict: compile(plan.root, lean) } : {}),
    ...(stripped !== plan.root ? { original: whole(stripped, lean) } : {}),
    // Every part, never relaxed: "has the typed words" must not mean "has one of them".
    ...(hasMarks(stripped)
      ? { typed: compile(stripped, typedMode), spelled: compile(stripped, lean) }
      : {}),
    ...(numbers ? { numbers } : {}),
  };
}

/**
 * The records a typed number or identifier names: one of its keys in the meta columns
 * (search-index/fields.ts puts every record's keys there; as ASCII they are indexed in the
 * English column, where stemming leaves them alone, or the folded one).
 */
export function numberMatch(keys: readonly string[]): string {
  const cols = filter(columns(['m'], ['folded', 'english']));
  return keys.map((k) => `${cols} : ${quote(k)}`).join(' OR ');
}

/** The candidates of one plan as a single expression (document frequencies, relaxation counts). */
export function toFtsMatch(plan: QueryPlan): string {
  return compile(plan.root, { exact: false, adjacency: new Map() });
}

interface Mode {
  /** Add the exact alternative of words typed with marks. */
  exact: boolean;
  /** Phrases of adjacent words, keyed by the text node they are alternatives of. */
  adjacency: Map<TextNode, QueryWord[][]>;
  /** Words typed with marks match only their exact form (CompiledQuery.typed). */
  typedOnly?: boolean;
}

/**
 * Every record that matches all but (at most) one of the required parts (any part, for five
 * or more), exclusions kept: an untranslated or misspelt word no longer empties the list.
 */
function relaxedExpr(root: QueryNode, mode: Mode): string | undefined {
  if (root.kind !== 'and') return undefined;
  const positive = root.children.filter((c) => c.kind !== 'not').map((c) => compile(c, mode));
  const negative = root.children.filter((c) => c.kind === 'not').map((c) => compile(c.child, mode));
  // Long queries (often a sentence translated word by word) may miss more: any part will do,
  // and bm25 ranks records with more (and rarer) parts first.
  const any =
    positive.length >= ANY_PART_FROM
      ? `(${positive.join(' OR ')})`
      : `(${positive.map((_, skip) => `(${positive.filter((_p, i) => i !== skip).join(' AND ')})`).join(' OR ')})`;
  return negative.length ? `(${any} NOT (${negative.join(' OR ')}))` : any;
}

function compile(n: QueryNode, mode: Mode): string {
  switch (n.kind) {
    case 'and': {
      const positive = n.children.filter((c) => c.kind !== 'not').map((c) => compile(c, mode));
      const negative = n.children
        .filter((c) => c.kind === 'not')
        .map((c) => compile(c.child, { exact: false, adjacency: new Map() }));
      const all = positive.join(' AND ');
      return negative.length ? `(${all}) NOT (${negative.join(' OR ')})` : `(${all})`;
    }
    case 'or':
      return `(${n.children.map((c) => compile(c, mode)).join(' OR ')})`;
    case 'not':
      // Only reachable for a lone exclusion, which parseQuery refuses.
      throw new Error('a NOT node must sit inside an AND');
    case 'ipc':
      return `({k} : ${quote(ipcFilterToken(n.filter))})`;
    case 'number':
      return `(${numberMatch(n.keys)})`;
    case 'text':
      return textExpr(n, mode);
  }
}

function fieldsOf(n: TextNode): readonly FieldCode[] {
  return n.field ? PREFIX_FIELDS[n.field] : DEFAULT_FIELDS;
}

function columns(fields: readonly FieldCode[], kinds: readonly ColumnKind[]): string[] {
  return COLUMNS.filter((c) => kinds.includes(c.kind) && fields.includes(c.field)).map(
    (c) => c.name,
  );
}

function filter(cols: string[]): string {
  return `{${cols.join(' ')}}`;
}

/** A phrase of words on the folded and English columns of `fields`. */
function foldedAlternatives(
  words: readonly QueryWord[],
  fields: readonly FieldCode[],
  prefix: boolean,
  kinds: readonly ('folded' | 'english')[] = ['folded', 'english'],
): string[] {
  const folded = kinds.includes('folded') ? columns(fields, ['folded']) : [];
  const english = kinds.includes('english') ? columns(fields, ['english']) : [];
  if (!folded.length && !english.length) return [];
  const star = prefix ? '*' : '';
  const f = words.map((w) => w.folded).join(' ');
  // A prefix is looked up as typed everywhere: stems start like their words.
  const e = prefix ? f : words.map((w) => englishTerm(w.folded)).join(' ');
  if (e === f) return [`${filter([...folded, ...english])} : ${quote(f)}${star}`];
  const out: string[] = [];
  if (folded.length) out.push(`${filter(folded)} : ${quote(f)}${star}`);
  if (english.length) out.push(`${filter(english)} : ${quote(e)}`);
  return out;
}

function textExpr(n: TextNode, mode: Mode): string {
  const fields = fieldsOf(n);
  if (mode.typedOnly && marked(n.words)) return typedExpr(n.words, fields, n.prefix);
  const alts = foldedAlternatives(n.words, fields, n.prefix);
  if (mode.exact) alts.push(...exactAlternative(n.words, fields, n.prefix));
  for (const pair of mode.adjacency.get(n) ?? []) {
    alts.push(...foldedAlternatives(pair, fields, false));
    // Typed with marks, the pair is also looked up as typed: "cá tra" (pangasius) is a rarer
    // phrase than "ca tra", which "cà trà" (eggplant, tea) has too.
    if (mode.exact) alts.push(...exactAlternative(pair, fields, false));
  }
  if (n.ipc) alts.push(`{k} : ${quote(ipcFilterToken(n.ipc))}`);
  // A translation is the glossary's word for what the user typed: it counts twice, as the
  // words as typed count in two places (folded and exact). FTS5 has no per-phrase weights, but
  // bm25() sums over every phrase of the expression, repeated ones included.
  if (mode.exact && n.translated) {
    const once = [...alts];
    for (let k = 1; k < TRANSLATION_WEIGHT; k++) alts.push(...once);
  }
  return alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`;
}

/**
 * Words typed with marks, as typed where the index keeps marks (the exact columns of titles and
 * abstracts not in English), and in any spelling where it cannot tell (claims, descriptions,
 * English text): a record is only taken for one with other marks where its marks are known.
 */
function typedExpr(
  words: readonly QueryWord[],
  fields: readonly FieldCode[],
  prefix: boolean,
): string {
  const withExact = new Set(COLUMNS.filter((c) => c.kind === 'exact').map((c) => c.field));
  const alts = [
    ...exactAlternative(words, fields, prefix),
    ...foldedAlternatives(
      words,
      fields.filter((f) => !withExact.has(f)),
      prefix,
    ),
    // English text keeps no marks either, in titles and abstracts too.
    ...foldedAlternatives(
      words,
      fields.filter((f) => withExact.has(f)),
      prefix,
      ['english'],
    ),
  ];
  return alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`;
}

/** The words as typed, on the exact columns of `fields`, when any of them has marks. */
function exactAlternative(
  words: readonly QueryWord[],
  fields: readonly FieldCode[],
  prefix: boolean,
): string[] {
  const exact = words.map((w) => w.exact).join(' ');
  const cols = columns(fields, ['exact']);
  if (!cols.length || exact === words.map((w) => w.folded).join(' ')) return [];
  return [`${filter(cols)} : ${quote(exact)}${prefix ? '*' : ''}`];
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
