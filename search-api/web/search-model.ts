import { normaliseOrganisation } from '../../discovery';
import {
  MAX_LIMIT,
  type CauRecord,
  type SearchHit,
  type SearchIndex,
  type SearchRequest,
  type SearchResponse,
} from '../../search-index';
import { validate } from '../errors';
import { searchQuerySchema } from '../schemas';
import type { YearCount } from './charts';
import { apiParams, type SearchState } from './search-state';
import { suggestions, type Suggestion } from './suggestions';

/**
 * Everything the search screen shows, fetched through the SearchIndex seam: the hits the
 * reader has loaded (following cursors), their full records (for readiness evidence, kinds and
 * institutions), the numbers behind the charts, and help when nothing matched.
 */
export interface SearchModel {
  request: SearchRequest;
  response: SearchResponse;
  hits: SearchHit[];
  records: Map<string, CauRecord>;
  years: YearCount[];
  organisations: { name: string; count: number }[];
  /** How many hits the organisations chart counted. */
  organisationSample: number;
  suggestions: Suggestion[];
}

/** How many hits the applicants/institutions chart reads. */
export const ORGANISATION_SAMPLE = 100;

/** The API request of a screen state; throws BadRequestError as /api/search would. */
export function searchRequest(state: SearchState): SearchRequest {
  const q = validate(searchQuerySchema, apiParams(state));
  const query = q.q?.trim() ? q.q : undefined;
  return { ...q, query, limit: undefined, cursor: undefined, explain: false };
}

export async function fetchRecords(
  index: SearchIndex,
  ids: readonly string[],
  into = new Map<string, CauRecord>(),
): Promise<Map<string, CauRecord>> {
  const missing = [...new Set(ids)].filter((id) => !into.has(id));
  // Started together: engines that batch reads (Elasticsearch's _mget) make one request.
  const records = await Promise.all(missing.map((id) => index.get(id)));
  records.forEach((r, i) => r && into.set(missing[i]!, r));
  return into;
}

/** The first `shown` hits, page after page by cursor; facets from the first page. */
export async function searchHits(
  index: SearchIndex,
  request: SearchRequest,
  shown: number,
  cursor?: string,
): Promise<{ response: SearchResponse; hits: SearchHit[] }> {
  const hits: SearchHit[] = [];
  let first: SearchResponse | undefined;
  let next = cursor;
  do {
    const page = await index.search({
      ...request,
      limit: Math.min(MAX_LIMIT, shown - hits.length),
      cursor: next,
      facets: first === undefined && cursor === undefined,
    });
    first ??= page;
    hits.push(...page.hits);
    next = page.nextCursor;
  } while (next && hits.length < shown);
  return { response: { ...first, hits, nextCursor: next }, hits };
}

async function yearsByType(
  index: SearchIndex,
  request: SearchRequest,
  response: SearchResponse,
): Promise<YearCount[]> {
  const years = (response.facets?.year ?? []).filter((y) => /^\d{4}$/.test(y.value));
  const types = (response.facets?.type ?? []).filter((t) => t.count > 0).map((t) => t.value);
  if (request.type || types.length <= 1) {
    const only = request.type ?? types[0];
    return years.map((y) => ({
      year: Number(y.value),
      patent: only === 'patent' ? y.count : 0,
      research: only === 'research' ? y.count : 0,
    }));
  }
  // One more facet pass tells the patents apart; research is what remains.
  const patents = await index.search({ ...request, type: 'patent', limit: 1, facets: true });
  const perYear = new Map((patents.facets?.year ?? []).map((y) => [y.value, y.count]));
  return years.map((y) => {
    const patent = Math.min(y.count, perYear.get(y.value) ?? 0);
    return { year: Number(y.value), patent, research: y.count - patent };
  });
}

/** Applicants (patents) and publishers (research), one organisation however it is written. */
async function topOrganisations(
  index: SearchIndex,
  request: SearchRequest,
  loaded: SearchHit[],
  total: number,
  records: Map<string, CauRecord>,
): Promise<{ organisations: { name: string; count: number }[]; sample: number }> {
  const hits =
    loaded.length >= Math.min(total, ORGANISATION_SAMPLE)
      ? loaded.slice(0, ORGANISATION_SAMPLE)
      : (await index.search({ ...request, limit: ORGANISATION_SAMPLE, facets: false })).hits;
  await fetchRecords(
    index,
    hits.filter((h) => h.type === 'research').map((h) => h.id),
    records,
  );
  const byKey = new Map<string, { names: Map<string, number>; count: number }>();
  for (const h of hits) {
    const record = records.get(h.id);
    const names =
      h.type === 'patent'
        ? (h.applicants ?? []).map((a) => a.name)
        : record?.type === 'research' && record.publisher
          ? [record.publisher]
          : [];
    const seen = new Set<string>();
    for (const name of names) {
      const { key } = normaliseOrganisation(name);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const entry = byKey.get(key) ?? { names: new Map(), count: 0 };
      entry.count++;
      entry.names.set(name, (entry.names.get(name) ?? 0) + 1);
      byKey.set(key, entry);
    }
  }
  const organisations = [...byKey.values()]
    .map((e) => ({
      name: [...e.names.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0],
      count: e.count,
    }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, 8);
  return { organisations, sample: hits.length };
}

export async function loadSearch(index: SearchIndex, state: SearchState): Promise<SearchModel> {
  const request = searchRequest(state);
  const { response, hits } = await searchHits(index, request, state.shown);
  const records = await fetchRecords(
    index,
    hits.map((h) => h.id),
  );
  const years = await yearsByType(index, request, response);
  const { organisations, sample } = await topOrganisations(
    index,
    request,
    hits,
    response.total,
    records,
  );
  const help = response.total === 0 ? await suggestions(index, request) : [];
  return {
    request,
    response,
    hits,
    records,
    years,
    organisations,
    organisationSample: sample,
    suggestions: help,
  };
}
