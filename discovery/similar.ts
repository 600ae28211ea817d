import {
  MAX_LIMIT,
  RecordNotFoundError,
  resolveRecord,
  type CauRecord,
  type RecordType,
  type SearchHit,
  type SearchIndex,
} from '../search-index';
import { sameFamily } from './family';
import { getAll } from './get-all';
import { matchedTerms, recordText, textQuery, type WeightedTerm } from './text-query';

export interface SimilarHit extends SearchHit {
  /** Key terms of the record that this hit contains (itself or through a translation). */
  matchedTerms: string[];
}

export interface SimilarResponse {
  id: string;
  /** The key terms the record was compared by, with their weights and translations. */
  terms: WeightedTerm[];
  hits: SimilarHit[];
}

/** Family members are near-identical, so they are among the first hits: fetch this many more. */
const FAMILY_HEADROOM = 10;

/**
 * Records about the same thing as a stored record, in either language and of either type,
 * never itself or its own family (the same invention published again). A patent asked for
 * `type: 'research'` gives the university work on the same problem.
 */
export async function similarRecords(
  index: SearchIndex,
  id: string,
  options: { limit?: number; type?: RecordType } = {},
): Promise<SimilarResponse> {
  const record = await resolveRecord(index, id);
  if (!record) throw new RecordNotFoundError(id);
  const limit = Math.min(options.limit ?? 10, MAX_LIMIT);
  const { hits, terms } = await similarTo(index, record, {
    limit,
    type: options.type,
  });
  return { id: record.id, terms, hits };
}

/** The similar-records search, for callers that hold the record already (licensees). */
export async function similarTo(
  index: SearchIndex,
  record: CauRecord,
  options: { limit: number; type?: RecordType },
): Promise<{
  hits: SimilarHit[];
  records: Map<string, CauRecord>;
  terms: WeightedTerm[];
}> {
  const tq = await textQuery(index, recordText(record));
  const records = new Map<string, CauRecord>();
  if (tq.terms.length === 0) return { hits: [], records, terms: [] };
  const res = await index.search({
    query: tq.query,
    type: options.type,
    exclude: [record.id],
    limit: Math.min(options.limit + FAMILY_HEADROOM, MAX_LIMIT),
  });
  const stored = new Map(
    (
      await getAll(
        index,
        res.hits.map((h) => h.id),
      )
    ).map((r) => [r.id, r]),
  );
  const hits: SimilarHit[] = [];
  for (const hit of res.hits) {
    const other = stored.get(hit.id);
    if (!other || sameFamily(record, other)) continue;
    records.set(other.id, other);
    hits.push({ ...hit, matchedTerms: matchedTerms(other, tq.terms) });
    if (hits.length >= options.limit) break;
  }
  return { hits, records, terms: tq.terms };
}
