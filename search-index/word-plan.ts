import { InvalidQueryError } from './errors';
import { planQuery, type QueryPlan } from './plan';
import { parseQuery } from './query';
import { MAX_EXCLUDE, type SearchRequest } from './search-index';

/**
 * One word or phrase as the query language reads it, without the glossary's translations: what
 * `documentFrequencies` counts. Undefined when nothing in it is searchable (punctuation, a
 * lone stop word).
 */
export function wordPlan(word: string): QueryPlan | undefined {
  try {
    return planQuery(parseQuery(`"${word.replace(/"/g, ' ')}"`), undefined);
  } catch {
    return undefined;
  }
}

/** An id list is a filter, not a query: refused above MAX_EXCLUDE ids, by every engine. */
export function checkExclude(req: SearchRequest): void {
  if (req.exclude && req.exclude.length > MAX_EXCLUDE) {
    throw new InvalidQueryError(`at most ${MAX_EXCLUDE} ids can be excluded`);
  }
}
