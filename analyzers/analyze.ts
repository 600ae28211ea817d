import { foldDiacritics } from './normalize';
import { terms } from './tokenize';

/** The two term streams every text field is indexed as. */
export interface AnalyzedText {
  /** Terms as written (NFC, lower case): an exact-diacritic match scores here. */
  exact: string[];
  /** Diacritics removed, đ→d: a toneless query ("phan bon") still matches. */
  folded: string[];
}

export function analyzeText(text: string | undefined): AnalyzedText {
  const exact = text ? terms(text) : [];
  return { exact, folded: exact.map(foldDiacritics) };
}

/**
 * A query term in the forms it is looked up in: exact, and folded. Folding the query
 * as well means a query typed with marks also finds toneless documents (lower score).
 */
export function analyzeQueryTerm(text: string): AnalyzedText {
  return analyzeText(text);
}
