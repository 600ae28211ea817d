import { elasticsearchAnalysis } from '../../analyzers';
import type { FieldCode } from '../streams';

/**
 * The cluster side of the embedded index's lean columns (../sqlite/columns.ts): each word of a
 * record is indexed once (twice in titles and abstracts), by the generated analyzers
 * (infra/elasticsearch/analysis.json) that make the same terms as the TypeScript analyzers.
 *
 * - `<field>.folded` (cau_folded): text that is not English, folded (diacritics off, đ→d), so a
 *   toneless query and one with marks both find it. Names, numbers and IPC-free meta values too.
 * - `<field>.en` (cau_en): English text, folded and Porter-stemmed (stop words kept in place).
 * - `title.folded.exact`, `abstract.folded.exact` (cau_exact): the same non-English titles and
 *   abstracts with their diacritics, for the preference of a word typed with marks.
 *
 * The document builder (./document.ts) chooses `.folded` or `.en` per piece of text, with the
 * language the embedded index chooses. Adjacency needs no indexed bigrams: phrases over the
 * positions (./query.ts). A query is sent as the user's words to each field, whose own analyzer
 * makes its terms, so one multi_match covers folded and English fields alike.
 */
export type FieldKind = 'folded' | 'english' | 'exact';

export interface ClusterField {
  path: string;
  /** The query field (../streams.ts) whose text it holds. */
  field: FieldCode;
  kind: FieldKind;
  /**
   * The embedded index's weight of the column (group weight × column weight in
   * ../sqlite/schema.ts RANK_GROUPS). Lucene's BM25 is per field already, where FTS5 needed a
   * bm25() per group.
   */
  boost: number;
}

export const CLUSTER_FIELDS: readonly ClusterField[] = [
  { path: 'title.folded', field: 't', kind: 'folded', boost: 4 },
  { path: 'title.en', field: 't', kind: 'english', boost: 4 },
  { path: 'title.folded.exact', field: 't', kind: 'exact', boost: 2 },
  { path: 'abstract.folded', field: 'a', kind: 'folded', boost: 2 },
  { path: 'abstract.en', field: 'a', kind: 'english', boost: 2 },
  { path: 'abstract.folded.exact', field: 'a', kind: 'exact', boost: 1 },
  { path: 'claims.folded', field: 'c', kind: 'folded', boost: 2 },
  { path: 'claims.en', field: 'c', kind: 'english', boost: 2 },
  { path: 'description.folded', field: 'd', kind: 'folded', boost: 1 },
  { path: 'description.en', field: 'd', kind: 'english', boost: 1 },
  { path: 'applicants', field: 'p', kind: 'folded', boost: 1.5 },
  { path: 'inventors', field: 'i', kind: 'folded', boost: 1.5 },
  { path: 'meta.folded', field: 'm', kind: 'folded', boost: 1.5 },
  { path: 'meta.en', field: 'm', kind: 'english', boost: 1.5 },
];

export const IPC_TOKENS = 'ipc_tokens';

/** The fields of `kinds` holding text of `fields`, each as `path^boost` (for multi_match). */
export function clusterFields(fields: readonly FieldCode[], kinds: readonly FieldKind[]): string[] {
  return CLUSTER_FIELDS.filter((f) => fields.includes(f.field) && kinds.includes(f.kind)).map(
    (f) => `${f.path}^${f.boost}`,
  );
}

type Property = Record<string, unknown>;

const FOLDED = { type: 'text', analyzer: 'cau_folded' };
const ENGLISH = { type: 'text', analyzer: 'cau_en' };
const WITH_EXACT = { ...FOLDED, fields: { exact: { type: 'text', analyzer: 'cau_exact' } } };
/** Fields whose text is split by language: `.folded` (with `.exact` for t and a) and `.en`. */
const BY_LANGUAGE = { title: true, abstract: true, claims: false, description: false, meta: false };

/** The index mappings: keyword ids and codes, dates, analysed text, the record kept whole. */
function indexMappings(): Property {
  const text: Record<string, Property> = {
    applicants: FOLDED,
    inventors: FOLDED,
  };
  for (const [name, exact] of Object.entries(BY_LANGUAGE)) {
    text[name] = { properties: { folded: exact ? WITH_EXACT : FOLDED, en: ENGLISH } };
  }
  const keyword = { type: 'keyword' };
  return {
    // A field the code does not know is a bug, not something to guess a mapping for.
    dynamic: 'strict',
    // Each index says which documents it holds: one of another version is refused until
    // `cau reindex` rebuilds it (../elasticsearch-index.ts).
    _meta: { cau_mapping_version: MAPPING_VERSION },
    properties: {
      id: keyword,
      type: keyword,
      published: { type: 'date', format: 'strict_date' },
      /**
       * The date as a string, "" when there is none: what date order sorts on (undated last,
       * as the embedded index's coalesce(published, '')). A missing date would sort as
       * Long.MIN_VALUE, which JSON numbers cannot carry back exactly in search_after.
       */
      published_key: keyword,
      year: keyword,
      readiness_score: { type: 'float' },
      ipc: keyword,
      ipc_section: keyword,
      ipc_subclass: keyword,
      [IPC_TOKENS]: keyword,
      technology_fields: { type: 'integer' },
      sectors: keyword,
      citations: keyword,
      /** Content hash of the record: upsert's "unchanged" without reading whole documents. */
      hash: { type: 'keyword', index: false, doc_values: false },
      ...text,
      /** The record as stored and returned by get() and hits; never searched. */
      record: { type: 'object', enabled: false },
    },
  };
}

/**
 * Bump with any change to the mappings, the analysis or the documents (./document.ts): `cau
 * reindex` moves data to the new shape, and content hashes change so re-ingesting rewrites.
 * v3: the lean fields (folded, English stems, exact titles and abstracts; no bigrams). An index
 * of v2 still answers, with the old fields empty for new writes: run `cau reindex`.
 */
export const MAPPING_VERSION = 3;

/**
 * The composable index template applied to every versioned index `<alias>-v<N>`. Generated into
 * infra/elasticsearch/template.json by infra/elasticsearch/generate.ts, and checked there by a
 * test, so the committed JSON is always what Cầu sends.
 */
export function indexTemplate(alias: string): {
  index_patterns: string[];
  priority: number;
  _meta: Record<string, unknown>;
  template: { settings: object; mappings: Property };
} {
  return {
    index_patterns: [`${alias}-v*`],
    priority: 200,
    _meta: {
      description: 'Cầu records (generated by infra/elasticsearch/generate.ts)',
      cau_mapping_version: MAPPING_VERSION,
    },
    template: {
      settings: elasticsearchAnalysis(),
      mappings: indexMappings(),
    },
  };
}
