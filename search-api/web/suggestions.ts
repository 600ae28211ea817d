import { foldDiacritics } from '../../analyzers';
import type { SearchIndex, SearchRequest } from '../../search-index';

/**
 * What to offer when a search finds nothing: the query without tone marks, the query without
 * its filters, and spelling near-misses, each only when it finds something (with its count).
 * Near-misses come from the index's own vocabulary: every word one edit away from a word no
 * record contains (folded, so a missing tone mark is no edit) is looked up with
 * SearchIndex.documentFrequencies, and the most frequent wins.
 */
export interface Suggestion {
  kind: 'toneless' | 'unfiltered' | 'spelling';
  /** The request to link to. */
  request: Pick<SearchRequest, 'query'> & Partial<SearchRequest>;
  total: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
/** Words shorter than this have too many neighbours to guess from. */
const MIN_WORD = 4;
const MAX_WORDS = 3;

/** Every string one deletion, transposition, substitution or insertion away. */
export function edits1(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const [a, b] = [word.slice(0, i), word.slice(i)];
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of ALPHABET) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(word);
  return [...out];
}

/** Plain words of a query (no operators, prefixes, phrases or field prefixes). */
export function plainWords(query: string): string[] {
  if (/["():*]/.test(query)) return [];
  return query.split(/\s+/).filter((w) => w && !/^(OR|AND|NOT)$/.test(w) && !w.startsWith('-'));
}

export async function spellingSuggestion(
  index: SearchIndex,
  query: string,
): Promise<string | undefined> {
  const words = plainWords(query);
  if (words.length === 0) return undefined;
  const folded = words.map((w) => foldDiacritics(w.toLowerCase()));
  const known = await index.documentFrequencies(folded);
  const unknown = folded
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => w.length >= MIN_WORD && /^[a-z]+$/.test(w) && (known.get(w) ?? 0) === 0)
    .slice(0, MAX_WORDS);
  if (unknown.length === 0) return undefined;
  const replaced = [...words];
  for (const { w, i } of unknown) {
    const candidates = edits1(w);
    const df = await index.documentFrequencies(candidates);
    let best: string | undefined;
    let bestDf = 0;
    for (const c of candidates) {
      const n = df.get(c) ?? 0;
      if (n > bestDf || (n === bestDf && best !== undefined && n > 0 && c < best)) {
        best = c;
        bestDf = n;
      }
    }
    if (!best) return undefined;
    replaced[i] = best;
  }
  return replaced.join(' ');
}

export async function suggestions(
  index: SearchIndex,
  request: SearchRequest,
): Promise<Suggestion[]> {
  const out: Suggestion[] = [];
  // A suggestion that cannot run (an invalid rewrite, an index error) is simply not offered.
  const count = (r: SearchRequest): Promise<number> =>
    index.search({ ...r, limit: 1, cursor: undefined, facets: false }).then(
      (res) => res.total,
      () => 0,
    );
  const filters: Partial<SearchRequest> = {
    type: request.type,
    ipc: request.ipc,
    field: request.field,
    sector: request.sector,
    from: request.from,
    to: request.to,
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);
  const query = request.query;
  if (query) {
    const toneless = foldDiacritics(query);
    if (toneless !== query) {
      const total = await count({ ...request, query: toneless });
      if (total > 0)
        out.push({ kind: 'toneless', request: { ...filters, query: toneless }, total });
    }
    const spelled = await spellingSuggestion(index, query);
    if (spelled) {
      const total = await count({ ...request, query: spelled });
      if (total > 0) out.push({ kind: 'spelling', request: { ...filters, query: spelled }, total });
    }
  }
  if (filtered) {
    const total = await count({ query, sort: request.sort });
    if (total > 0) out.push({ kind: 'unfiltered', request: { query }, total });
  }
  return out;
}
