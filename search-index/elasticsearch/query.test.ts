import type { estypes } from '@elastic/elasticsearch';
import { planQuery, type Translator } from '../plan';
import { parseQuery } from '../query';
import { NUMBER_SCORE, ORIGINAL_WORDS_FACTOR, OTHER_MARKS_FACTOR } from '../ranking';
import { compilePlan, compileRanked, ranked } from './query';

type Query = estypes.QueryDslQueryContainer;

/**
 * The clauses Lucene evaluates: every leaf query, a multi_match counted once per field it
 * expands to (what the cluster's clause limit counts too).
 */
function clauses(q: unknown): number {
  if (Array.isArray(q)) return q.reduce((n: number, x) => n + clauses(x), 0);
  if (!q || typeof q !== 'object') return 0;
  const o = q as Record<string, unknown>;
  if (o.multi_match) return (o.multi_match as { fields: string[] }).fields.length;
  if (o.term || o.terms || o.match_none) return 1;
  return Object.values(o).reduce((n: number, v) => n + clauses(v), 0);
}

const compiled = (text: string, translate?: Translator): Query =>
  compilePlan(planQuery(parseQuery(text), translate));

describe('cluster query compiler (lean fields)', () => {
  it('compiles a 2-word query to tens of clauses, not the ~150 (4.5 KB) of the old streams (issue 13)', () => {
    for (const text of ['năng lượng', 'phan bon', 'solar cells']) {
      const q = compiled(text);
      const n = clauses(q);
      expect({ text, inTheTens: n >= 10 && n < 100 }).toEqual({ text, inTheTens: true });
      expect(JSON.stringify(q).length).toBeLessThan(4500 / 2);
    }
  });

  it('prefers the pair typed side by side: its phrase is an alternative of the first word', () => {
    const q = JSON.stringify(compiled('vỏ trấu'));
    expect(q).toContain('"query":"vỏ trấu","type":"phrase"');
    // Typed with marks: the exact fields are asked too, for the words and for the pair.
    expect(q).toContain('title.folded.exact^2');
    // Typed without marks: no exact fields at all (every toneless word is its own fold).
    expect(JSON.stringify(compiled('vo trau'))).not.toContain('.exact');
  });

  it('looks a prefix up folded on every field, never stemmed', () => {
    const q = JSON.stringify(compiled('batter*'));
    expect(q).toContain('"type":"phrase_prefix"');
    expect(q).toContain('"analyzer":"cau_folded"');
  });

  it('weighs glossary translations and prefers records with the words as typed', () => {
    const translate: Translator = (tokens) =>
      tokens.join(' ') === 'phân bón' ? [{ to: 'fertilizer', toLang: 'en', start: 0, end: 2 }] : [];
    const plan = planQuery(parseQuery('phân bón'), translate);
    const { query, original } = compileRanked(plan);
    expect(JSON.stringify(query)).toMatch(/"query":"fertilizer","type":"phrase".*"boost":2/);
    expect(original).toBeDefined();
    expect(JSON.stringify(original)).not.toContain('fertilizer');
    const outer = ranked(query, [], { original })
      .function_score as estypes.QueryDslFunctionScoreQuery;
    const fs = outer.query!.function_score as estypes.QueryDslFunctionScoreQuery;
    expect(fs.score_mode).toBe('first');
    expect(fs.functions).toEqual([
      { filter: original, weight: ORIGINAL_WORDS_FACTOR },
      { weight: 1 },
    ]);
  });

  it('prefers the words with the marks typed, and puts the same letters under other marks last', () => {
    const { query, typed, spelled } = compileRanked(planQuery(parseQuery('cá tra')));
    // As typed where marks are kept; in any spelling where the index keeps none.
    expect(JSON.stringify(typed)).toContain(
      '"query":"cá","type":"phrase","fields":["title.folded.exact^2","abstract.folded.exact^1"]',
    );
    expect(JSON.stringify(typed)).toContain('claims.folded');
    const fieldsOfCa = [
      ...JSON.stringify(typed).matchAll(/"query":"cá","type":"phrase","fields":\[([^\]]*)\]/g),
    ].flatMap((m) => m[1]!.split(','));
    expect(fieldsOfCa).not.toContain('"title.folded^4"');
    expect(fieldsOfCa).not.toContain('"abstract.folded^2"');
    const outer = ranked(query, [], { typed, spelled })
      .function_score as estypes.QueryDslFunctionScoreQuery;
    const fs = outer.query!.function_score as estypes.QueryDslFunctionScoreQuery;
    expect(fs.functions).toEqual([
      { filter: typed, weight: ORIGINAL_WORDS_FACTOR },
      { filter: spelled, weight: OTHER_MARKS_FACTOR },
      { weight: 1 },
    ]);
    // Without marks there is nothing to tell apart.
    expect(compileRanked(planQuery(parseQuery('ca tra'))).typed).toBeUndefined();
  });

  it('matches a typed number on the meta fields, scored above any text', () => {
    const q = compiled('VN 1-0012345 pin');
    const s = JSON.stringify(q);
    expect(s).toContain('"constant_score"');
    expect(s).toContain(`"boost":${NUMBER_SCORE}`);
    expect(s).toContain('meta.folded');
  });
});
