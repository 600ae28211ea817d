export * from '../model';
export * from './errors';
export * from './search-index';
export {
  parseQuery,
  MAX_CLAUSES,
  QuerySyntaxError,
  FIELD_PREFIXES,
  type QueryNode,
  type FieldPrefix,
} from './query';
export { planQuery, type QueryPlan, type Translator, type Translation } from './plan';
export { combine, MAX_BOOST, READINESS_BOOST, FIELD_BOOST, type Explanation } from './ranking';
export { parseIpcFilter, type IpcFilter } from './ipc-filter';
export { resolveRecord } from './resolve';
export { recordNumberForms, recordNumberKeys, citationsOf } from './fields';
export { SqliteSearchIndex, DB_FILE } from './sqlite/sqlite-index';
export { prepareRows } from './prepared-rows';
export { SCHEMA_VERSION } from './sqlite/schema';
export { IndexStorageError } from './sqlite/storage-errors';
export {
  backupIndex,
  restoreIndex,
  checkIndexFile,
  BackupError,
  WouldOverwriteError,
  type BackupResult,
  type RestoreResult,
  type IndexCheck,
} from './sqlite/backup';
export { ElasticsearchSearchIndex } from './elasticsearch/elasticsearch-index';
export { DEFAULT_ALIAS, connect as connectCluster } from './elasticsearch/client';
export {
  describeCluster,
  type Cluster,
  type ClusterConfig,
  type ElasticsearchConfig,
  type Engine,
  type Product,
} from './elasticsearch/cluster';
export { ElasticCluster } from './elasticsearch/elastic-cluster';
export { OpenSearchCluster } from './elasticsearch/opensearch-cluster';
export { indexTemplate } from './elasticsearch/mapping';

import { join } from 'node:path';
import { loadDefaultClassifier, loadGlossary } from '../analyzers';
import type { Translator } from './plan';
import type { SearchIndex } from './search-index';
import { SqliteSearchIndex } from './sqlite/sqlite-index';
import type { ClusterConfig } from './elasticsearch/cluster';
import { ElasticsearchSearchIndex } from './elasticsearch/elasticsearch-index';

export interface IndexConfig {
  dataDir: string;
  /** Set: a cluster (Elasticsearch or OpenSearch) instead of the embedded index in dataDir. */
  elasticsearch?: ClusterConfig;
  /** The embedded index opened for reading only (it must exist); no effect on a cluster. */
  readonly?: boolean;
}

/**
 * Where a cluster's dead letters go (`elasticsearch-dead-letters.jsonl` or
 * `opensearch-dead-letters.jsonl`): records it refused, whole, one JSON object per line.
 */
export function deadLetterFile(engine: 'elasticsearch' | 'opensearch' = 'elasticsearch'): string {
  return `${engine}-dead-letters.jsonl`;
}

/** The one place that chooses the engine; everything else holds a SearchIndex. */
export function openIndex(config: IndexConfig): SearchIndex {
  const index = config.elasticsearch
    ? ElasticsearchSearchIndex.open(config.elasticsearch, {
        deadLetterFile: join(config.dataDir, deadLetterFile(config.elasticsearch.engine)),
      })
    : SqliteSearchIndex.open(config.dataDir, { readonly: config.readonly });
  index.translate = glossaryTranslator();
  index.queryFields = queryTechnologyFields;
  return index;
}

/**
 * The technology fields a query is about, for the field-match boost: the classifier's fields
 * for the query text, when it is confident (a vague query gets no field, hence no boost).
 */
export function queryTechnologyFields(text: string): number[] {
  return loadDefaultClassifier()
    .classify({ title: text })
    .filter((f) => f.confidence >= QUERY_FIELD_CONFIDENCE)
    .map((f) => f.number);
}

/** How sure the classifier must be of a query's field before it boosts records in it. */
export const QUERY_FIELD_CONFIDENCE = 0.5;

/** Cross-lingual expansion through the bundled Vietnamese–English glossary (loaded once). */
export function glossaryTranslator(): Translator {
  const glossary = loadGlossary();
  return (tokens) => glossary.translate(tokens);
}
