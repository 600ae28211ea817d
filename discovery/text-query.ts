import {
  containsTerm,
  keyTermCandidates,
  loadGlossary,
  selectKeyTerms,
  textTermKeys,
  baseTokens,
  type KeyTerm,
} from '../analyzers';
import { MAX_QUERY_LENGTH, type CauRecord, type SearchIndex } from '../search-index';

/** A key term with the glossary's equivalents in the other language. */
export interface WeightedTerm extends KeyTerm {
  translations: string[];
}

export interface TextQuery {
  terms: WeightedTerm[];
  /** The query in Cầu's own syntax (docs/query-syntax.md): the terms as alternatives. */
  query: string;
}

/** Most candidates whose rarity is looked up (each is one count in the index). */
const MAX_CANDIDATES = 240;
/** Terms in one query: Lucene MoreLikeThis's default (max_query_terms), enough for a claim. */
export const MAX_TERMS = 25;

/**
 * The query that finds records about the same thing as a text: its key terms (analyzers/
 * key-terms.ts) weighted by their rarity in this index, as alternatives, so records sharing
 * more and rarer terms rank higher. The engine adds the glossary's translations of each term,
 * so a Vietnamese claim also finds English records.
 */
export async function textQuery(
  index: SearchIndex,
  text: string,
  options: { maxTerms?: number } = {},
): Promise<TextQuery> {
  const glossary = loadGlossary();
  const candidates = keyTermCandidates(text)
    // Known words first among equals: a glossary term is a word, "bón hữu" is not.
    .map((c) => ({ c, known: c.words > 1 && isGlossaryTerm(glossary, c.term) }))
    .sort(
      (a, b) =>
        Number(b.known) - Number(a.known) ||
        b.c.tf * b.c.words - a.c.tf * a.c.words ||
        a.c.term.localeCompare(b.c.term),
    )
    .slice(0, MAX_CANDIDATES);
  // Phrases are judged against their words (analyzers/key-terms.ts, cohesion): look both up.
  const lookups = new Set(candidates.map((x) => x.c.term));
  for (const x of candidates)
    if (x.c.words > 1) for (const w of x.c.term.split(' ')) lookups.add(w);
  const [df, total] = await Promise.all([index.documentFrequencies([...lookups]), index.count()]);
  const known = new Set(candidates.filter((x) => x.known).map((x) => x.c.term));
  const selected = selectKeyTerms(
    candidates.map((x) => x.c),
    df,
    total,
    { max: options.maxTerms ?? MAX_TERMS, known },
  );
  const terms = selected.map((t) => ({ ...t, translations: translationsOf(glossary, t.term) }));
  return withIpc({ terms, query: '' }, []);
}

/**
 * The same terms with IPC codes as further alternatives: records in those groups gain score
 * without being required to be there. The weakest terms go if the query would outgrow the
 * query language's limit.
 */
export function withIpc(tq: TextQuery, ipc: readonly string[]): TextQuery {
  const terms = [...tq.terms];
  const codes = ipc.map((code) => `ipc:"${code}"`);
  const build = (): string => [...terms.map((t) => `"${t.term}"`), ...codes].join(' OR ');
  while (build().length > MAX_QUERY_LENGTH && terms.length > 1) terms.pop();
  return { terms, query: build() };
}

/** Which of the terms (or one of their translations) a record contains. */
export function matchedTerms(record: CauRecord, terms: readonly WeightedTerm[]): string[] {
  const keys = textTermKeys(recordText(record, { full: true }));
  return terms
    .filter((t) => containsTerm(keys, t.term) || t.translations.some((x) => containsTerm(keys, x)))
    .map((t) => t.term);
}

/** The text that says what a record is about: titles, abstracts, claims, subjects. */
export function recordText(record: CauRecord, options: { full?: boolean } = {}): string {
  const parts = [
    record.title,
    ...(record.alternateTitles ?? []).map((t) => t.text),
    record.abstract ?? '',
    ...(record.alternateAbstracts ?? []).map((t) => t.text),
  ];
  if (record.type === 'patent') {
    // The independent claim says what is protected; the description only when asked (long).
    parts.push(...record.claims.slice(0, options.full ? undefined : 3));
    if (options.full) parts.push(record.description ?? '');
  } else {
    parts.push(...record.subjects);
  }
  // Paragraph breaks so a phrase never runs from one part into the next.
  return parts.filter(Boolean).join('.\n');
}

function isGlossaryTerm(glossary: ReturnType<typeof loadGlossary>, term: string): boolean {
  const tokens = baseTokens(term).tokens.map((t) => t.term);
  return glossary.translate(tokens).some((t) => t.start === 0 && t.end === tokens.length);
}

function translationsOf(glossary: ReturnType<typeof loadGlossary>, term: string): string[] {
  const tokens = baseTokens(term).tokens.map((t) => t.term);
  return [
    ...new Set(
      glossary
        .translate(tokens)
        .filter((t) => t.start === 0 && t.end === tokens.length)
        .map((t) => t.to),
    ),
  ];
}
