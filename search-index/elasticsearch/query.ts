import type { estypes } from '@elastic/elasticsearch';
import { ipcFilterToken, parseIpcFilter } from '../ipc-filter';
import { ANY_PART_FROM, type Boost, type QueryPlan } from '../plan';
import type { QueryNode, TextNode } from '../query';
import { FIELD_BOOST, NUMBER_SCORE, READINESS_BOOST } from '../ranking';
import type { SearchRequest, SortMode } from '../search-index';
import { DEFAULT_FIELDS, PREFIX_FIELDS, type FieldCode } from '../streams';
import { IPC_TOKENS, streamFields } from './mapping';

type Query = estypes.QueryDslQueryContainer;

/**
 * Compiles a query plan (search-index/plan.ts) to Elasticsearch's query DSL, as
 * search-index/sqlite/match.ts compiles it to FTS5: the same boolean tree, the same streams per
 * field with the embedded index's weights as boosts, exact above folded, bigram and
 * original-words boosts as optional clauses, and relaxation to "all but one part".
 *
 * Query words are sent as the user's words (their exact form) to each sub-field, whose own
 * analyzer makes the stream's terms (folds, stems); only the bigram boosts are terms already
 * joined, looked up with `term`. Scores sum over fields (tie_breaker 1), as FTS5's bm25()
 * sums over columns.
 */
export function compilePlan(plan: QueryPlan, options: { relaxed?: boolean } = {}): Query {
  const strict = compile(plan.root);
  const boosts = plan.boosts.flatMap(boostQuery);
  const relaxed = options.relaxed ? relaxedQuery(plan.root) : undefined;
  if (relaxed) boosts.unshift(strict);
  const words = relaxed ?? strict;
  // Records named by a typed number are candidates whatever the words, and rank first.
  const candidates: Query = plan.numbers
    ? { bool: { should: [words, numberQuery(plan.numbers.keys)], minimum_should_match: 1 } }
    : words;
  if (boosts.length === 0) return candidates;
  return { bool: { must: [candidates], should: boosts } };
}

/**
 * All but one of the required parts (any one, from ANY_PART_FROM parts on): exactly what
 * minimum_should_match says. Exclusions still apply.
 */
function relaxedQuery(root: QueryNode): Query | undefined {
  if (root.kind !== 'and') return undefined;
  const positive = root.children.filter((c) => c.kind !== 'not').map(compile);
  const negative = root.children.filter((c) => c.kind === 'not').map((c) => compile(c.child));
  const need = positive.length >= ANY_PART_FROM ? 1 : positive.length - 1;
  return {
    bool: {
      should: positive,
      minimum_should_match: need,
      ...(negative.length ? { must_not: negative } : {}),
    },
  };
}

function compile(n: QueryNode): Query {
  switch (n.kind) {
    case 'and': {
      const positive = n.children.filter((c) => c.kind !== 'not').map(compile);
      const negative = n.children.filter((c) => c.kind === 'not').map((c) => compile(c.child));
      return { bool: { must: positive, ...(negative.length ? { must_not: negative } : {}) } };
    }
    case 'or':
      return { bool: { should: n.children.map(compile), minimum_should_match: 1 } };
    case 'not':
      // Only reachable for a lone exclusion, which parseQuery refuses.
      throw new Error('a NOT node must sit inside an AND');
    case 'ipc':
      return { term: { [IPC_TOKENS]: ipcFilterToken(n.filter) } };
    case 'number':
      return numberQuery(n.keys);
    case 'text':
      return textQuery(n);
  }
}

/**
 * The records a typed number or identifier names: one of its keys in the meta field's exact
 * sub-fields (search-index/fields.ts), scored NUMBER_SCORE flat so they rank above any text match.
 */
export function numberQuery(keys: readonly string[]): Query {
  const paths = streamFields(['m'], 'x').map((f) => f.split('^')[0]!);
  return {
    constant_score: {
      filter: {
        bool: {
          should: paths.map((p) => ({ terms: { [p]: [...keys] } })),
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

function multiMatch(
  text: string,
  fields: string[],
  type: 'phrase' | 'phrase_prefix',
): Query | undefined {
  if (fields.length === 0) return undefined;
  return { multi_match: { query: text, type, fields, tie_breaker: 1 } };
}

function textQuery(n: TextNode): Query {
  const fields = fieldsOf(n);
  const words = n.words.map((w) => w.exact).join(' ');
  const type = n.prefix ? 'phrase_prefix' : 'phrase';
  const alts = [
    multiMatch(words, streamFields(fields, 'x'), type),
    // English stems only where every word has one (stop words are not in the stem stream).
    !n.prefix && n.words.every((w) => !w.stop)
      ? multiMatch(words, streamFields(fields, 's'), 'phrase')
      : undefined,
    multiMatch(words, streamFields(fields, 'f'), type),
    n.ipc ? { term: { [IPC_TOKENS]: ipcFilterToken(n.ipc) } } : undefined,
  ].filter((q): q is Query => q !== undefined);
  return alts.length === 1 ? alts[0]! : { bool: { should: alts, minimum_should_match: 1 } };
}

/** A `term` per sub-field, boosted as the field's weight: bigram terms are already joined. */
function termsOn(fieldsWithBoost: string[], term: string): Query[] {
  return fieldsWithBoost.map((f) => {
    const [path, boost] = f.split('^') as [string, string];
    return { term: { [path]: { value: term, boost: Number(boost) } } };
  });
}

function boostQuery(b: Boost): Query[] {
  if (b.kind === 'original') {
    const q = multiMatch(
      b.node.words.map((w) => w.exact).join(' '),
      streamFields(fieldsOf(b.node), 'x'),
      'phrase',
    );
    return q ? [q] : [];
  }
  const fields = fieldsOf(b);
  return [
    ...termsOn(streamFields(fields, 'b'), b.exact),
    ...termsOn(streamFields(fields, 'g'), b.folded),
  ];
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
 * (score_mode sum) and multiplied into the text score (boost_mode multiply).
 */
export function ranked(text: Query, queryFields: number[]): Query {
  const functions: estypes.QueryDslFunctionScoreContainer[] = [
    { weight: 1 },
    { field_value_factor: { field: 'readiness_score', factor: READINESS_BOOST, missing: 0 } },
  ];
  if (queryFields.length) {
    functions.push({ filter: { terms: { technology_fields: queryFields } }, weight: FIELD_BOOST });
  }
  return {
    function_score: { query: text, functions, score_mode: 'sum', boost_mode: 'multiply' },
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
