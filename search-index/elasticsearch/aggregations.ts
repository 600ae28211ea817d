import type { estypes } from '@elastic/elasticsearch';
import { TECHNOLOGY_FIELDS } from '../../analyzers';
import type { FacetValue, Facets } from '../search-index';

/**
 * Facets as terms aggregations over keyword fields the document builder fills with each
 * record's distinct values (so a record with two C05F codes counts once under C05F). Sizes are
 * each field's whole vocabulary or more: facets list every value, as the embedded index does.
 */
const FACET_FIELDS: Record<keyof Facets, { field: string; size: number }> = {
  type: { field: 'type', size: 10 },
  ipcSection: { field: 'ipc_section', size: 10 },
  ipcSubclass: { field: 'ipc_subclass', size: 1000 },
  year: { field: 'year', size: 500 },
  technologyField: { field: 'technology_fields', size: 50 },
  sector: { field: 'sectors', size: 10 },
};

export function facetAggregations(): Record<string, estypes.AggregationsAggregationContainer> {
  return Object.fromEntries(
    Object.entries(FACET_FIELDS).map(([name, { field, size }]) => [
      name,
      { terms: { field, size } },
    ]),
  );
}

type Buckets = { buckets: { key: string | number; doc_count: number }[] };

/** The aggregation response as Facets, ordered as the embedded index orders them. */
export function readFacets(aggs: Record<string, unknown> | undefined): Facets {
  const values = (name: keyof Facets): FacetValue[] =>
    ((aggs?.[name] as Buckets | undefined)?.buckets ?? []).map((b) => ({
      value: String(b.key),
      count: b.doc_count,
    }));
  const facets: Facets = {
    type: values('type'),
    ipcSection: values('ipcSection'),
    ipcSubclass: values('ipcSubclass'),
    year: values('year'),
    technologyField: values('technologyField').map((v) => ({
      ...v,
      name: TECHNOLOGY_FIELDS.find((t) => t.number === Number(v.value))?.field ?? '',
    })),
    sector: values('sector'),
  };
  for (const key of Object.keys(facets) as (keyof Facets)[]) {
    facets[key].sort((a, b) =>
      key === 'year'
        ? b.value.localeCompare(a.value)
        : b.count - a.count || a.value.localeCompare(b.value),
    );
  }
  return facets;
}
