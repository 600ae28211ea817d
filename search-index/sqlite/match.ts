import type { Clause, ParsedQuery } from '../query';
import { EXACT_COLUMNS, FOLDED_COLUMNS } from './schema';

/**
 * Turns a parsed query into an FTS5 MATCH expression. Every term is emitted as a quoted
 * string (embedded quotes doubled), so nothing a user types is ever read as FTS5 syntax.
 * Each clause matches its exact form in the exact columns or its folded form in the
 * folded columns; bm25 then scores exact matches higher because they hit both.
 */
export function toFtsMatch(q: ParsedQuery): string {
  const must = q.must.map((group) => `(${group.map(clauseExpr).join(' OR ')})`).join(' AND ');
  if (q.mustNot.length === 0) return must;
  return `(${must}) NOT (${q.mustNot.map(clauseExpr).join(' OR ')})`;
}

function clauseExpr(c: Clause): string {
  return `(${EXACT_COLUMNS} : ${phrase(c.terms, c.prefix)} OR ${FOLDED_COLUMNS} : ${phrase(c.folded, c.prefix)})`;
}

function phrase(terms: string[], prefix: boolean): string {
  const quoted = `"${terms.join(' ').replace(/"/g, '""')}"`;
  return prefix ? `${quoted}*` : quoted;
}
