export * from './record';
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
export { parseIpcFilter, type IpcFilter } from './ipc-filter';
export { escapeHtml } from './highlight';
export { SqliteSearchIndex, DB_FILE } from './sqlite/sqlite-index';
export { SCHEMA_VERSION } from './sqlite/schema';

import { loadGlossary } from '../analyzers';
import type { Translator } from './plan';
import type { SearchIndex } from './search-index';
import { SqliteSearchIndex } from './sqlite/sqlite-index';

export interface IndexConfig {
  dataDir: string;
}

/** The one place that chooses the engine; everything else holds a SearchIndex. */
export function openIndex(config: IndexConfig): SearchIndex {
  const index = SqliteSearchIndex.open(config.dataDir);
  index.translate = glossaryTranslator();
  return index;
}

/** Cross-lingual expansion through the bundled Vietnamese–English glossary (loaded once). */
export function glossaryTranslator(): Translator {
  const glossary = loadGlossary();
  return (tokens) => glossary.translate(tokens);
}
