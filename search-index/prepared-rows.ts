import type { TextAnalyses } from '../analyzers';
import type { CauRecord } from '../model';
import type { PreparedRowKind } from './search-index';
import { columnValues } from './sqlite/columns';

/**
 * The rows of one record an engine takes prepared (SearchIndex.preparedRows): pure, so ingest
 * computes them in its worker threads, from the record's texts analysed once for every consumer.
 */
export function prepareRows(
  kind: PreparedRowKind,
  record: CauRecord,
  analyses?: TextAnalyses,
): { ftsColumns: string[] } {
  switch (kind) {
    case 'fts-columns':
      return { ftsColumns: columnValues(record, analyses) };
  }
}
