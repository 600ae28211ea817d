import { ipcFilterToken } from '../ipc-filter';
import { ANY_PART_FROM, type QueryPlan } from '../plan';
import {
  adjacencyOf,
  adjacentPairs,
  hasMarks,
  marked,
  withoutTranslations,
  type AdjacentPair,
} from '../preferences';
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
 *
 * Where cau_rank ranks (native/cau_rank.c), the side-by-side preference is not written as
 * phrases (`adjacency: 'instances'`): FTS5 would match every phrase over every candidate and
 * count its records over the whole table first, which doubled the ranking of multi-word queries
 * (bench/README.md). The expression keeps the single words only, and CompiledQuery.pairs tells
 * cau_rank which of its phrases are the two words of a pair: it finds them side by side in the
 * row's instances it walks anyway. The pair phrase's document frequency, which bm25() counted
 * over the whole table before ranking, is counted by the caller once and kept (sqlite-index.ts).
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
  /**
   * With `adjacency: 'instances'` and words typed side by side: the pairs for cau_rank, as the
   * phrase indexes (order among the quoted strings of `rank`) of each pair's words, and the
   * phrase each pair stands for (encodePairs). Without, the ranking has no pairs to look for.
   */
  pairs?: RankPairs;
}

/** The adjacent pairs of a `rank` expression, for cau_rank (CompiledQuery.pairs). */
export interface RankPairs {
  /** How many phrases (quoted strings) the expression has. */
  phrases: number;
  entries: PairEntry[];
}

/**
 * One would-be pair phrase: its columns, the phrases of its first word and of its second, and
 * the phrase itself (a MATCH expression), whose records the caller counts for its IDF.
 */
export interface PairEntry {
  cols: readonly string[];
  firsts: readonly number[];
  seconds: readonly number[];
  phrase: string;
}

/** How the preference for words typed side by side reaches the ranking. */
export type AdjacencyMode =
  /** Phrases "a b" in the `rank` expression (what bm25() and the SQL expression can rank). */
  | 'phrases'
  /** No phrases; CompiledQuery.pairs, for cau_rank to find in the instances. */
  | 'instances';

export function compileQuery(
  plan: QueryPlan,
  options: { relaxed?: boolean; adjacency?: AdjacencyMode } = {},
): CompiledQuery {
  const pairs = options.adjacency === 'instances' ? adjacentPairs(plan.root) : [];
  const rankMode: Mode = {
    exact: true,
    adjacency: adjacencyOf(plan.root),
    ...(pairs.length ? { tags: new Tags(pairs) } : {}),
  };
  const lean: Mode = { exact: false, adjacency: new Map() };
  const whole = (root: QueryNode, mode: Mode): string =>
    options.relaxed ? (relaxedExpr(root, mode) ?? compile(root, mode)) : compile(root, mode);
  const stripped = withoutTranslations(plan.root);
  const typedMode: Mode = { exact: false, adjacency: new Map(), typedOnly: true };
  // Records named by a typed number are candidates whatever the words (and rank first: the
  // search puts them in a tier of their own).
  const numbers = plan.numbers ? numberMatch(plan.numbers.keys) : undefined;
  const orNumbers = (expr: string): string => (numbers ? `(${expr}) OR (${numbers})` : expr);
  const rank = orNumbers(whole(plan.root, rankMode));
  const located: { rank: string; pairs?: RankPairs } = rankMode.tags
    ? rankMode.tags.locate(rank)
    : { rank };
  return {
    rank: located.rank,
    candidates: orNumbers(whole(plan.root, lean)),
    ...(options.relaxed ? { strict: compile(plan.root, lean) } : {}),
    ...(stripped !== plan.root ? { original: whole(stripped, lean) } : {}),
    // Every part, never relaxed: "has the typed words" must not mean "has one of them".
    ...(hasMarks(stripped)
      ? { typed: compile(stripped, typedMode), spelled: compile(stripped, lean) }
      : {}),
    ...(numbers ? { numbers } : {}),
    ...(located.pairs ? { pairs: located.pairs } : {}),
  };
}

/** A tag is written as MARK id MARK before a phrase: never inside a quoted string (locate). */
const MARK = '\u0001';

/**
 * The phrases of the words of adjacent pairs, found in the final `rank` expression. While it is
 * compiled, each folded alternative of such a word is written after a tag (outside any quoted
 * string); locate() then counts the quoted strings, each one phrase to FTS5 (compileQuery writes
 * every term quoted, never two side by side, so none merges with another), notes the index of
 * each tagged one and takes the tags out. A word's alternatives appear once per place its node
 * is written: once, or once per combination of a relaxed query.
 */
class Tags {
  private readonly words = new Set<TextNode>();
  private readonly tags: { node: TextNode; alt: number; cols: readonly string[] }[] = [];

  constructor(private readonly pairs: readonly AdjacentPair[]) {
    for (const p of pairs) this.words.add(p.first).add(p.second);
  }

  /** The alternatives of a word, tagged when the word is one of a pair's. */
  tag(node: TextNode, alts: readonly Alternative[]): string[] {
    if (!this.words.has(node)) return alts.map((a) => a.expr);
    return alts.map((a, alt) => {
      this.tags.push({ node, alt, cols: a.cols });
      return `${MARK}${this.tags.length - 1}${MARK}${a.expr}`;
    });
  }

  locate(tagged: string): { rank: string; pairs?: RankPairs } {
    // Per word and alternative, the phrase index of each place it was written, in order.
    const at = new Map<TextNode, { cols: readonly string[]; indexes: number[] }[]>();
    let rank = '';
    let phrases = 0;
    let pending: number | undefined;
    for (let i = 0; i < tagged.length;) {
      const ch = tagged[i]!;
      if (ch === MARK) {
        const end = tagged.indexOf(MARK, i + 1);
        pending = Number(tagged.slice(i + 1, end));
        i = end + 1;
      } else if (ch === '"') {
        // A quoted string ends at a quote not doubled.
        let j = i + 1;
        for (;;) {
          if (tagged[j] !== '"') j++;
          else if (tagged[j + 1] === '"') j += 2;
          else break;
        }
        if (pending !== undefined) {
          const { node, alt, cols } = this.tags[pending]!;
          const alts = at.get(node) ?? [];
          at.set(node, alts);
          (alts[alt] ??= { cols, indexes: [] }).indexes.push(phrases);
          pending = undefined;
        }
        phrases++;
        rank += tagged.slice(i, j + 1);
        i = j + 1;
      } else {
        rank += ch;
        i++;
      }
    }
    const entries: PairEntry[] = [];
    for (const { first, second } of this.pairs) {
      const a = at.get(first) ?? [];
      const b = at.get(second) ?? [];
      const copies = Math.max(0, ...a.map((x) => x.indexes.length));
      // What the pair's phrase would have been: one phrase, or one on the folded columns and one
      // on the English ones (foldedAlternatives of the two words).
      for (const { cols, expr } of foldedAlternatives(
        [first.words[0]!, second.words[0]!],
        fieldsOf(first),
        false,
      )) {
        const meets = (alt: { cols: readonly string[] }): boolean =>
          alt.cols.some((c) => cols.includes(c));
        const seconds = b.filter(meets).flatMap((x) => x.indexes);
        // One entry per place the first word was written, as its phrase would have been.
        for (let copy = 0; copy < copies; copy++) {
          const firsts = a.filter(meets).flatMap((x) => x.indexes.slice(copy, copy + 1));
          if (firsts.length && seconds.length)
            entries.push({ cols, firsts, seconds, phrase: expr });
        }
      }
    }
    return entries.length ? { rank, pairs: { phrases, entries } } : { rank };
  }
}

/**
 * The pairs as cau_rank reads them (native/cau_rank.c, cauPairs), given the number of records
 * with each pair's phrase (`records`: bm25()'s document frequency, over the whole table):
 * integers separated by spaces, the expression's phrase count (cau_rank ignores the pairs if
 * FTS5 counts otherwise), the number of entries, then per entry the bit mask of its columns
 * (COLUMNS order), the records with its phrase, the count and indexes of its first word's
 * phrases, the count and indexes of its second word's.
 */
export function encodePairs(pairs: RankPairs, records: (phrase: string) => number): string {
  const colIndex = new Map(COLUMNS.map((c, i) => [c.name, i]));
  const out = [pairs.phrases, pairs.entries.length];
  for (const e of pairs.entries) {
    out.push(
      e.cols.reduce((m, c) => m + 2 ** colIndex.get(c)!, 0),
      records(e.phrase),
    );
    out.push(e.firsts.length, ...e.firsts, e.seconds.length, ...e.seconds);
  }
  return out.join(' ');
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
  /**
   * Only with `adjacency: 'instances'`: no phrase for the folded form of a pair (cau_rank finds
   * the words side by side); the words' phrases are tagged so the pairs can name them.
   */
  tags?: Tags;
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

/** A phrase of the expression, with the columns its filter names. */
interface Alternative {
  cols: readonly string[];
  expr: string;
}

/** A phrase of words on the folded and English columns of `fields`. */
function foldedAlternatives(
  words: readonly QueryWord[],
  fields: readonly FieldCode[],
  prefix: boolean,
  kinds: readonly ('folded' | 'english')[] = ['folded', 'english'],
): Alternative[] {
  const folded = kinds.includes('folded') ? columns(fields, ['folded']) : [];
  const english = kinds.includes('english') ? columns(fields, ['english']) : [];
  if (!folded.length && !english.length) return [];
  const star = prefix ? '*' : '';
  const f = words.map((w) => w.folded).join(' ');
  // A prefix is looked up as typed everywhere: stems start like their words.
  const e = prefix ? f : words.map((w) => englishTerm(w.folded)).join(' ');
  if (e === f) {
    const cols = [...folded, ...english];
    return [{ cols, expr: `${filter(cols)} : ${quote(f)}${star}` }];
  }
  const out: Alternative[] = [];
  if (folded.length) out.push({ cols: folded, expr: `${filter(folded)} : ${quote(f)}${star}` });
  if (english.length) out.push({ cols: english, expr: `${filter(english)} : ${quote(e)}` });
  return out;
}

const exprs = (alts: readonly Alternative[]): string[] => alts.map((a) => a.expr);

function textExpr(n: TextNode, mode: Mode): string {
  const fields = fieldsOf(n);
  if (mode.typedOnly && marked(n.words)) return typedExpr(n.words, fields, n.prefix);
  const folded = foldedAlternatives(n.words, fields, n.prefix);
  const alts = mode.tags ? mode.tags.tag(n, folded) : exprs(folded);
  if (mode.exact) alts.push(...exactAlternative(n.words, fields, n.prefix));
  for (const pair of mode.adjacency.get(n) ?? []) {
    // With tags, cau_rank finds the folded pair in the instances of the two words.
    if (!mode.tags) alts.push(...exprs(foldedAlternatives(pair, fields, false)));
    // Typed with marks, the pair is also looked up as typed: "cá tra" (pangasius) is a rarer
    // phrase than "ca tra", which "cà trà" (eggplant, tea) has too. A phrase even for cau_rank:
    // the expression has a word on the exact columns only if it was typed with marks ("tra"
    // was not), so the instances cannot show the pair there.
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
    ...exprs(
      foldedAlternatives(
        words,
        fields.filter((f) => !withExact.has(f)),
        prefix,
      ),
    ),
    // English text keeps no marks either, in titles and abstracts too.
    ...exprs(
      foldedAlternatives(
        words,
        fields.filter((f) => withExact.has(f)),
        prefix,
        ['english'],
      ),
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
