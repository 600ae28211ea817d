import type { estypes } from '@elastic/elasticsearch';

/**
 * The one seam between Cầu's cluster backend and the engine behind it. Elasticsearch 8 and
 * OpenSearch 2 take the same mapping, analysis settings and query DSL (Cầu sends nothing either
 * lacks), so everything above this interface is shared; what differs lives in the two
 * implementations beside it:
 *  - the client library (@elastic/elasticsearch, @opensearch-project/opensearch) and the shape
 *    of its calls and errors;
 *  - point in time (Elasticsearch: `POST /<index>/_pit`; OpenSearch: `POST
 *    /<index>/_search/point_in_time`, closed with `DELETE /_search/point_in_time`);
 *  - the product check (the Elasticsearch client refuses a server that is not Elasticsearch;
 *    the OpenSearch adapter asks `GET /` once and refuses anything but OpenSearch 2.4 or later,
 *    the first with point in time).
 *
 * Request and response bodies are typed with Elasticsearch's types: for what Cầu sends, the
 * two engines' JSON is the same. Every method throws ClusterError (never a library's own error
 * class), so ./client.ts maps failures to Cầu's errors once for both engines.
 */
export type Product = 'Elasticsearch' | 'OpenSearch';

export type Engine = 'elasticsearch' | 'opensearch';

/** How to reach the cluster (bin/config.ts reads it from ELASTICSEARCH_* or OPENSEARCH_* once). */
export interface ClusterConfig {
  /** Which engine the URL names (default elasticsearch). */
  engine?: Engine;
  url: string;
  /** Elasticsearch only (OpenSearch has no API keys). */
  apiKey?: string;
  username?: string;
  password?: string;
  /** PEM text of the CA that signed the cluster's certificate. */
  ca?: string;
  /** The alias every command reads and writes through (versioned indices sit behind it). */
  index: string;
  /** Milliseconds before a request counts as timed out. */
  requestTimeout?: number;
}
/** The name the configuration has always had (ELASTICSEARCH_* came first). */
export type ElasticsearchConfig = ClusterConfig;

export interface Cluster {
  readonly product: Product;
  /** For messages: "OpenSearch at http://host:9200" (never credentials). */
  readonly label: string;
  /** What to check when the cluster refuses the credentials. */
  readonly credentialsHint: string;

  /** Fails (ClusterError 'wrong_product') unless the server is the engine this adapter speaks to. */
  verify(): Promise<void>;

  indexExists(index: string): Promise<boolean>;
  /**
   * The index's health, after waiting (up to `timeout`) for it to be at least yellow. An index
   * another process has only just created can report no shards at all for a moment.
   */
  indexHealth(index: string, timeout: string): Promise<{ status: string; activePrimaries: number }>;
  /** Creates an index (settings from the matching template), optionally with aliases. */
  createIndex(index: string, aliases?: string[]): Promise<void>;
  putAlias(index: string, alias: string): Promise<void>;
  putIndexTemplate(name: string, template: object): Promise<void>;
  deleteIndexTemplate(name: string): Promise<void>;
  /** The indices an alias points to; none when there is no such alias. */
  aliasTargets(alias: string): Promise<string[]>;
  /**
   * The `cau_mapping_version` each index behind `index` (an alias or an index) was created
   * with, by index name; undefined for an index made before indices carried it.
   */
  mappingVersions(index: string): Promise<Map<string, number | undefined>>;
  /** Names of the indices matching a pattern such as `cau-records-v*`. */
  listIndices(pattern: string): Promise<string[]>;
  /** Deletes indices; a missing one is no error. */
  deleteIndex(index: string | string[]): Promise<void>;
  refresh(index: string): Promise<void>;
  updateAliases(actions: estypes.IndicesUpdateAliasesAction[]): Promise<void>;

  count(index: string | string[], query?: estypes.QueryDslQueryContainer): Promise<number>;
  mget<T>(
    index: string,
    ids: string[],
    sourceIncludes: string[],
  ): Promise<estypes.MgetResponseItem<T>[]>;
  /** One bulk request (its writes are searchable after the next refresh). */
  bulk(operations: object[]): Promise<estypes.BulkResponse>;
  /**
   * Indexes documents in bulk requests of about `flushBytes`, `concurrency` at a time (searchable
   * after the next refresh). Nothing is retried here: every refused document (429 included)
   * goes to onDrop with its status.
   */
  bulkIndex<D>(params: BulkIndexParams<D>): Promise<{ successful: number }>;
  /** A search; the body names a point in time (`pit`) or the index goes in `index`. */
  search<T>(body: estypes.SearchRequest): Promise<estypes.SearchResponse<T>>;
  msearch(index: string, searches: estypes.MsearchRequestItem[]): Promise<estypes.MsearchResponse>;
  openPit(index: string, keepAlive: string): Promise<string>;
  /** Frees a point in time; one already gone is no error. */
  closePit(id: string): Promise<void>;
  /** Starts `_reindex` as a task and returns its id. */
  startReindex(source: string[], dest: string): Promise<string>;
  task(id: string): Promise<{ completed: boolean; error?: unknown; response?: unknown }>;
  close(): Promise<void>;
}

export interface BulkIndexParams<D> {
  index: string;
  documents: D[];
  id: (d: D) => string;
  flushBytes: number;
  concurrency: number;
  onDrop: (drop: { id: string; document: D; status: number; error: unknown }) => void;
}

/**
 * What went wrong talking to the cluster, whichever client said it:
 *  - timeout: no answer within the request timeout;
 *  - unreachable: connection refused or broken (after the client's own retries);
 *  - aborted: the request was cancelled;
 *  - status: the cluster answered with an HTTP error (status and body kept);
 *  - wrong_product: the server is not the engine configured;
 *  - client: anything else the client library refused.
 */
export type ClusterErrorKind =
  'timeout' | 'unreachable' | 'aborted' | 'status' | 'wrong_product' | 'client';

export class ClusterError extends Error {
  constructor(
    readonly kind: ClusterErrorKind,
    message: string,
    readonly status?: number,
    readonly body?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ClusterError';
  }
}

/** The cluster URL as it may appear in messages and logs: never user, password or query. */
export function describeCluster(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** The `_meta.cau_mapping_version` of each index in a get-mapping response (both engines). */
export function mappingVersionsOf(response: unknown): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const [name, v] of Object.entries((response ?? {}) as Record<string, unknown>)) {
    const meta = (v as { mappings?: { _meta?: { cau_mapping_version?: unknown } } }).mappings
      ?._meta;
    const n = meta?.cau_mapping_version;
    out.set(name, typeof n === 'number' ? n : undefined);
  }
  return out;
}
