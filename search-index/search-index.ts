import type { Explanation } from './ranking';
import type { CauRecord, Party, RecordType, TechnologyField } from '../model';

export type SortMode = 'relevance' | 'date' | 'readiness';

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
export const MAX_QUERY_LENGTH = 1000;
/** Most ids one request may exclude (an id list is a filter, not a query). */
export const MAX_EXCLUDE = 200;

/** What a caller may ask. Validated at the edge (HTTP schema, CLI), trusted below. */
export interface SearchRequest {
  /** User query text (see docs/query-syntax.md). Absent: every record matching the filters. */
  query?: string;
  type?: RecordType;
  /** IPC prefix at any level: "C", "C05", "C05F", "C05F 11", "C05F 11/08". */
  ipc?: string;
  /** Inclusive publication date bounds, "YYYY-MM-DD". */
  from?: string;
  to?: string;
  /**
   * Prior-art cutoff, "YYYY-MM-DD": only records published strictly before it; records with
   * no publication date are left out (nobody can show they were public in time).
   */
  before?: string;
  /** Ids never returned (a record itself and its family, when looking for similar ones). */
  exclude?: string[];
  /** WIPO technology field number, 1–35. */
  field?: number;
  /** WIPO sector name, e.g. "Chemistry". */
  sector?: string;
  /**
   * relevance (default with a query): text score with bounded readiness and field boosts;
   * readiness: readiness first, relevance as tie-break; date (default without): newest first.
   */
  sort?: SortMode;
  /** Return each hit's score parts (text, readiness, field). */
  explain?: boolean;
  limit?: number;
  /** Opaque `nextCursor` of the previous page. */
  cursor?: string;
  /** Compute facet counts (costs one extra pass over the matches). */
  facets?: boolean;
}

export interface SearchHit {
  id: string;
  type: RecordType;
  title: string;
  score: number;
  published?: string;
  ipc: string[];
  applicants?: Party[];
  creators?: string[];
  lang: string;
  technologyFields: TechnologyField[];
  readiness?: { level: number; score: number };
  /** Field name → fragments, HTML-escaped, matches wrapped in <mark>…</mark>. */
  highlights: Record<string, string[]>;
  /** With `explain`: the parts of the score (search-index/ranking.ts). */
  explain?: Explanation;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facets {
  type: FacetValue[];
  ipcSection: FacetValue[];
  ipcSubclass: FacetValue[];
  year: FacetValue[];
  /** value = the field's number (1–35), name = its WIPO name. */
  technologyField: (FacetValue & { name: string })[];
  sector: FacetValue[];
}

export interface SearchResponse {
  total: number;
  hits: SearchHit[];
  facets?: Facets;
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /**
   * True when few records contained every word, so records missing one of them were added
   * (ranked below those that have them all).
   */
  relaxed?: boolean;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Already stored exactly as given: nothing was written. */
  unchanged: number;
  /**
   * Records the engine refused for themselves (Elasticsearch: a mapping error), each with the
   * reason; they were written to the dead-letter file. The embedded index refuses none.
   */
  rejected?: { id: string; reason: string }[];
}

/**
 * Rows an engine would otherwise compute from each record while writing, computed before (by
 * ingest's worker threads, so the writing thread only writes). `prepareRows` makes them.
 */
export type PreparedRowKind = 'fts-columns';

/** The optional second argument of `upsert`: prepared rows, one per record, in the same order. */
export interface PreparedRows {
  /** The embedded index's FTS5 column values (`columnValues`) of each record. */
  ftsColumns?: readonly (readonly string[] | undefined)[];
}

/**
 * The one seam between Cầu and a search engine. The embedded SQLite index and the
 * Elasticsearch index implement it side by side, and one contract suite runs against both;
 * nothing above this interface knows which engine it talks to.
 */
export interface SearchIndex {
  /**
   * Inserts or replaces records by id. The embedded index writes a batch all or none;
   * Elasticsearch writes every record it accepts and returns the others as `rejected`.
   */
  upsert(records: readonly CauRecord[], prepared?: PreparedRows): Promise<UpsertResult>;
  /**
   * The rows this engine takes prepared in `upsert` (none: it computes everything itself).
   * Prepared rows must be what `prepareRows` gives for the very record passed with them.
   */
  readonly preparedRows?: PreparedRowKind;
  /**
   * Runs `work` (upserts and deletes) so that its writes become visible and durable together,
   * or not at all if it throws; a write of `work` that fails alone still fails alone (its own
   * all-or-none). Lets ingest commit many small files at once. Engines without transactions
   * (Elasticsearch) leave it out, and each write stands on its own.
   */
  batch?<T>(work: () => Promise<T>): Promise<T>;
  /** Removes records by id; returns how many existed. */
  delete(ids: readonly string[]): Promise<number>;
  get(id: string): Promise<CauRecord | undefined>;
  /** How many stored records cite each id (ids nobody cites are absent). */
  citationCounts(ids: readonly string[]): Promise<Map<string, number>>;
  /** Ids of stored records that cite `id`, at most `limit`, most recently published first. */
  citedBy(id: string, limit: number): Promise<string[]>;
  /**
   * How many stored records contain each word (matched as a one-word query would match it,
   * tone marks optional, English stemmed, no translation): the rarity that prior-art and
   * similar-record queries weight their terms by.
   */
  documentFrequencies(words: readonly string[]): Promise<Map<string, number>>;
  search(request: SearchRequest): Promise<SearchResponse>;
  count(): Promise<number>;
  close(): Promise<void>;
}

export interface ReindexOptions {
  /**
   * Fills the new index (given as a SearchIndex writing to it) from sources and returns how
   * many records it must hold; absent: the current index is copied.
   */
  fill?: (target: SearchIndex) => Promise<number>;
  /** Keep the previous index after the swap (default: delete it). */
  keepOld?: boolean;
}

export interface ReindexResult {
  alias: string;
  /** Indices the alias pointed to before. */
  previous: string[];
  /** The new versioned index the alias now points to. */
  current: string;
  records: number;
  /** Previous indices deleted after the swap (none with keepOld). */
  deleted: string[];
}

/** An index kept as versions behind an alias, rebuilt without downtime (Elasticsearch). */
export interface VersionedIndex extends SearchIndex {
  reindex(options: ReindexOptions): Promise<ReindexResult>;
}

export function isVersionedIndex(index: SearchIndex): index is VersionedIndex {
  return typeof (index as Partial<VersionedIndex>).reindex === 'function';
}
