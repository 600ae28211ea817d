import { analyzeQueryTerm } from '../analyzers';
import { InvalidQueryError } from './errors';
import { MAX_QUERY_LENGTH } from './search-index';

/**
 * The user query language, parsed once and shared by both engines:
 *   words         all must match (after analysis)
 *   "a phrase"    the words in this order
 *   -word -"..."  must not match
 *   a OR b        either (binds tighter than the implicit AND)
 *   word*         prefix (at least 2 letters before the star)
 * Anything else (parentheses, colons, NEAR, SQL) is just text: it is tokenised like a
 * document and can never reach an engine's own syntax.
 */
export interface Clause {
  /** Terms as analysed (exact forms). More than one means adjacent, in order. */
  terms: string[];
  /** The same terms folded (no diacritics). */
  folded: string[];
  prefix: boolean;
}

export interface ParsedQuery {
  /** Each entry must match; an entry with several clauses matches if any does (OR). */
  must: Clause[][];
  mustNot: Clause[];
}

export const MAX_CLAUSES = 64;

const TOKEN = /(-?)"([^"]*)"?|(\S+)/g;

export function parseQuery(raw: string): ParsedQuery {
  if (raw.length > MAX_QUERY_LENGTH) {
    throw new InvalidQueryError(
      `query is ${raw.length} characters long; the limit is ${MAX_QUERY_LENGTH}`,
    );
  }
  const must: Clause[][] = [];
  const mustNot: Clause[] = [];
  let joinNext = false;
  let clauses = 0;
  for (const m of raw.normalize('NFC').matchAll(TOKEN)) {
    const [, neg, quoted, bare] = m;
    if (bare === 'OR') {
      joinNext = must.length > 0;
      continue;
    }
    let negated = neg === '-';
    let text = quoted ?? bare ?? '';
    let prefix = false;
    if (quoted === undefined) {
      if (text.startsWith('-') && text.length > 1) {
        negated = true;
        text = text.slice(1);
      }
      prefix = /[\p{L}\p{N}]{2}\*$/u.test(text);
    }
    const analysed = analyzeQueryTerm(text);
    if (analysed.exact.length === 0) {
      joinNext = false;
      continue;
    }
    const clause: Clause = { terms: analysed.exact, folded: analysed.folded, prefix };
    if (++clauses > MAX_CLAUSES) {
      throw new InvalidQueryError(`query has more than ${MAX_CLAUSES} terms`);
    }
    if (negated) mustNot.push(clause);
    else if (joinNext) must[must.length - 1]!.push(clause);
    else must.push([clause]);
    joinNext = false;
  }
  if (must.length === 0) {
    throw new InvalidQueryError(
      mustNot.length > 0
        ? 'a query needs at least one term that is not excluded with "-"'
        : 'query has no searchable terms (letters or digits)',
    );
  }
  return { must, mustNot };
}
