import type { estypes } from '@elastic/elasticsearch';
import { ipcFilterToken, parseIpcFilter } from '../ipc-filter';
import { ANY_PART_FROM, type QueryPlan } from '../plan';
import { adjacencyOf, hasMarks, marked, withoutTranslations } from '../preferences';
import type { QueryNode, QueryWord, TextNode } from '../query';
import {
  FIELD_BOOST,
  NUMBER_SCORE,
  ORIGINAL_WORDS_FACTOR,
  OTHER_MARKS_FACTOR,
  READINESS_BOOST,
  TRANSLATION_WEIGHT,
} from '../ranking';
import type { SearchRequest, SortMode } from '../search-index';
import { DEFAULT_FIELDS, PREFIX_FIELDS, type FieldCode } from '../streams';
import { CLUSTER_FIELDS, IPC_TOKENS, clusterFields } from './mapping';

type Query = estypes.QueryDslQueryContainer;

/**
 * Compiles a query plan (search-index/plan.ts) to the query DSL over the lean fields
 * (./mapping.ts), as search-index/sqlite/match.ts compiles it to FTS5, with the same
 * preferences (../preferences.ts): the same boolean tree; each text part one multi_match over
 * its folded and English fields (each field's analyzer folds or stems the words), the exact
 * fields beside it when the words have marks, and the phrase of each pair of words typed side
 * by side as an alternative of the pair's first word (the phrase implies the word, so the
 * records that match stay the same); glossary translations weigh TRANSLATION_WEIGHT; records
 * with the user's own words are preferred by ORIGINAL_WORDS_FACTOR (./query.ts#ranked).
 * Scores sum over fields (tie_breaker 1), as bm25() sums over columns. A 2-word query is a few
 * clauses over a few dozen fields, where the old streams made ~150 (issue 13).
 */
export interface CompiledPlan {
  /** What ranks: the candidates with the preferences. */
  query: Query;
  /** The user's own words, without the glossary's translations (when any were added). */
  original?: Query;
  /**
   * When some words were typed with marks: the user's own words as typed (marks kept where the
   * index keeps them), and in any spelling (`spelled`): a record in `spelled` but not `typed` has
   * the letters under other marks only (search-index/sqlite/match.ts does the same).
   */
  typed?: Query;
  spelled?: Query;
}

/** The preferences of ranked(): which records' text scores are multiplied, and by what. */
export type Preferences = Pick<CompiledPlan, 'original' | 'typed' | 'spelled'>;

export function compilePlan(plan: QueryPlan, options: { relaxed?: boolean } = {}): Query {
  return compileRanked(plan, options).query;
}

export function compileRanked(plan: QueryPlan, options: { relaxed?: boolean } = {}): CompiledPlan {
  const rank: Mode = { exact: true, adjacency: adjacencyOf(plan.root) };
  const whole = (root: QueryNode, mode: Mode): Query =>
    options.relaxed ? (relaxedQuery(root, mode) ?? compile(root, mode)) : compile(root, mode);
  const words = whole(plan.root, rank);
  // Records named by a typed number are candidates whatever the words, and rank first.
  const query: Query = plan.numbers
    ? { bool: { should: [words, numberQuery(plan.numbers.keys)], minimum_should_match: 1 } }
    : words;
  const stripped = withoutTranslations(plan.root);
  return {
    query,
    ...(stripped !== plan.root ? { original: whole(stripped, LEAN) } : {}),
    // Every part, never relaxed: "has the typed words" must not mean "has one of them".
    ...(hasMarks(stripped)
      ? { typed: compile(stripped, TYPED), spelled: compile(stripped, LEAN) }
      : {}),
  };
}

interface Mode {
  /** Add the exact fields for words typed with marks. */
  exact: boolean;
  /** Pairs of adjacent words, keyed by the text node they are alternatives of. */
  adjacency: Map<TextNode, QueryWord[][]>;
  /** CompiledPlan.typed: words with marks as typed (or where the index cannot tell). */
  typedOnly?: boolean;
}
const LEAN: Mode = { exact: false, adjacency: new Map() };
/** Words typed with marks match only their exact form where the index keeps marks. */
const TYPED: Mode = { exact: false, adjacency: new Map(), typedOnly: true };

/**
 * All but one of the required parts (any one, from ANY_PART_FROM parts on): exactly what
 * minimum_should_match says. Exclusions still apply.
 */
function relaxedQuery(root: QueryNode, mode: Mode): Query | undefined {
  if (root.kind !== 'and') return undefined;
  const positive = root.children.filter((c) => c.kind !== 'not').map((c) => compile(c, mode));
  const negative = root.children.filter((c) => c.kind === 'not').map((c) => compile(c.child, LEAN));
  const need = positive.length >= ANY_PART_FROM ? 1 : positive.length - 1;
  return {
    bool: {
      should: positive,
      minimum_should_match: need,
      ...(negative.length ? { must_not: negative } : {}),
    },
  };
}

function compile(n: QueryNode, mode: Mode): Query {
  switch (n.kind) {
    case 'and': {
      const positive = n.children.filter((c) => c.kind !== 'not').map((c) => compile(c, mode));
      const negative = n.children
        .filter((c) => c.kind === 'not')
        .map((c) => compile(c.child, LEAN));
      return { bool: { must: positive, ...(negative.length ? { must_not: negative } : {}) } };
    }
    case 'or':
      return { bool: { should: n.children.map((c) => compile(c, mode)), minimum_should_match: 1 } };
    case 'not':
      // Only reachable for a lone exclusion, which parseQuery refuses.
      throw new Error('a NOT node must sit inside an AND');
    case 'ipc':
      return { term: { [IPC_TOKENS]: ipcFilterToken(n.filter) } };
    case 'number':
      return numberQuery(n.keys);
    case 'text':
      return textQuery(n, mode);
  }
}

/**
 * The records a typed number or identifier names: one of its keys (single tokens,
 * search-index/fields.ts) in the meta fields, scored NUMBER_SCORE flat so they rank above any
 * text match.
 */
export function numberQuery(keys: readonly string[]): Query {
  return {
    constant_score: {
      filter: {
        bool: {
          should: keys.map((k) => ({
            multi_match: {
              query: k,
              type: 'phrase',
              fields: clusterFields(['m'], ['folded', 'english']),
            },
          })),
          minimum_should_match: 1,
        },
      },
      boost: NUMBER_SCORE,
    },
  };
}

function fieldsOf(n: { field?: keyof typeof PREFIX_FIELDS }): FieldCode[] {
  return n.field ? PREFIX_FIELDS[n.field] : DEFAULT_FIELDS;
}

/** The words on the folded and English fields (or `kinds`), each analysing them its own way. */
function wordsQuery(
  words: readonly QueryWord[],
  fields: readonly FieldCode[],
  prefix: boolean,
  boost: number,
  kinds: readonly ('folded' | 'english')[] = ['folded', 'english'],
): Query[] {
  const paths = clusterFields(fields, kinds);
  if (paths.length === 0) return [];
  return [
    {
      multi_match: {
        query: words.map((w) => w.exact).join(' '),
        type: prefix ? 'phrase_prefix' : 'phrase',
        fields: paths,
        tie_breaker: 1,
        // A prefix is looked up as typed everywhere, folded, never stemmed: stems start like
        // their words ("batter*" must not become "batter" → "batter").
        ...(prefix ? { analyzer: 'cau_folded' } : {}),
        ...(boost !== 1 ? { boost } : {}),
      },
    },
  ];
}

/** The words as typed on the exact fields, when any of them has marks. */
function exactQuery(
  words: readonly QueryWord[],
  fields: readonly FieldCode[],
  prefix: boolean,
  boost: number,
): Query[] {
  const paths = clusterFields(fields, ['exact']);
  const exact = words.map((w) => w.exact).join(' ');
  if (paths.length === 0 || exact === words.map((w) => w.folded).join(' ')) return [];
  return [
    {
      multi_match: {
        query: exact,
        type: prefix ? 'phrase_prefix' : 'phrase',
        fields: paths,
        tie_breaker: 1,
        ...(boost !== 1 ? { boost } : {}),
      },
    },
  ];
}

/**
 * Words typed with marks as typed on the exact fields (titles and abstracts not in English), and
 * in any spelling on the fields that keep no marks (claims, descriptions, English text, names).
 */
function typedQuery(n: TextNode): Query {
  const fields = fieldsOf(n);
  const withExact = new Set(CLUSTER_FIELDS.filter((f) => f.kind === 'exact').map((f) => f.field));
  const blind = fields.filter((f) => !withExact.has(f));
  const alts = [
    ...exactQuery(n.words, fields, n.prefix, 1),
    ...wordsQuery(n.words, blind, n.prefix, 1),
    // English text keeps no marks either, in titles and abstracts too.
    ...wordsQuery(
      n.words,
      fields.filter((f) => withExact.has(f)),
      n.prefix,
      1,
      ['english'],
    ),
  ];
  if (alts.length === 0) return { match_none: {} };
  return alts.length === 1 ? alts[0]! : { bool: { should: alts, minimum_should_match: 1 } };
}

function textQuery(n: TextNode, mode: Mode): Query {
  if (mode.typedOnly && marked(n.words)) return typedQuery(n);
  const fields = fieldsOf(n);
  const weight = mode.exact && n.translated ? TRANSLATION_WEIGHT : 1;
  const alts = wordsQuery(n.words, fields, n.prefix, weight);
  if (mode.exact) alts.push(...exactQuery(n.words, fields, n.prefix, weight));
  for (const pair of mode.adjacency.get(n) ?? []) {
    alts.push(...wordsQuery(pair, fields, false, weight));
    // Typed with marks, the pair is also looked up as typed: "cá tra" (pangasius) is a rarer
    // phrase than "ca tra", which "cà trà" (eggplant, tea) has too.
    if (mode.exact) alts.push(...exactQuery(pair, fields, false, weight));
  }
  if (n.ipc) alts.push({ term: { [IPC_TOKENS]: ipcFilterToken(n.ipc) } });
  if (alts.length === 0) return { match_none: {} };
  return alts.length === 1 ? alts[0]! : { bool: { should: alts, minimum_should_match: 1 } };
}

/** The filters of a request, as non-scoring clauses. */
export function filterClauses(
  req: SearchRequest,
  technologyFields: number[],
): { filter: Query[]; must_not: Query[] } {
  const filter: Query[] = [];
  if (req.type) filter.push({ term: { type: req.type } });
  const range: estypes.QueryDslDateRangeQuery = {};
  if (req.from) range.gte = req.from;
  if (req.to) range.lte = req.to;
  // Strictly before; a record with no date has no value, so the range never matches it.
  if (req.before) range.lt = req.before;
  if (Object.keys(range).length) filter.push({ range: { published: range } });
  if (req.ipc) filter.push(ipcFilter(req.ipc));
  if (technologyFields.length) filter.push({ terms: { technology_fields: technologyFields } });
  const must_not: Query[] = req.exclude?.length ? [{ ids: { values: req.exclude } }] : [];
  return { filter, must_not };
}

function ipcFilter(raw: string): Query {
  const f = parseIpcFilter(raw);
  switch (f.level) {
    case 'section':
    case 'class':
    case 'subclass':
      return { prefix: { ipc: f.prefix } };
    case 'group':
      return {
        bool: {
          should: [{ term: { ipc: f.group } }, { prefix: { ipc: `${f.group}/` } }],
          minimum_should_match: 1,
        },
      };
    case 'symbol':
      return { term: { ipc: f.symbol } };
  }
}

/**
 * The ranking formula of search-index/ranking.ts as a function_score:
 * text × (1 + READINESS_BOOST × readiness + FIELD_BOOST × fieldMatch), the functions summed
 * (score_mode sum) and multiplied into the text score (boost_mode multiply). First the text score
 * is multiplied, as the embedded index does, by ORIGINAL_WORDS_FACTOR for the records with the
 * user's own words (as typed, when typed with marks) and by OTHER_MARKS_FACTOR for those with
 * the letters under other marks only: the first function whose filter matches decides.
 */
export function ranked(text: Query, queryFields: number[], prefs: Preferences = {}): Query {
  const own = prefs.typed ?? prefs.original;
  const factors: estypes.QueryDslFunctionScoreContainer[] = [];
  if (own) factors.push({ filter: own, weight: ORIGINAL_WORDS_FACTOR });
  if (prefs.typed && prefs.spelled)
    factors.push({ filter: prefs.spelled, weight: OTHER_MARKS_FACTOR });
  const preferred: Query = factors.length
    ? {
        function_score: {
          query: text,
          functions: [...factors, { weight: 1 }],
          score_mode: 'first',
          boost_mode: 'multiply',
        },
      }
    : text;
  const functions: estypes.QueryDslFunctionScoreContainer[] = [
    { weight: 1 },
    { field_value_factor: { field: 'readiness_score', factor: READINESS_BOOST, missing: 0 } },
  ];
  if (queryFields.length) {
    functions.push({ filter: { terms: { technology_fields: queryFields } }, weight: FIELD_BOOST });
  }
  return {
    function_score: { query: preferred, functions, score_mode: 'sum', boost_mode: 'multiply' },
  };
}

/** Sort orders; the id last makes each one total, so search_after never skips or repeats. */
export const SORTS: Record<SortMode, estypes.SortCombinations[]> = {
  relevance: [{ _score: { order: 'desc' } }, { id: 'asc' }],
  readiness: [
    { readiness_score: { order: 'desc', missing: 0 } },
    { _score: { order: 'desc' } },
    { id: 'asc' },
  ],
  date: [{ published_key: 'desc' }, { id: 'asc' }],
};
