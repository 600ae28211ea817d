import type { SourceParser } from './parser';

// Placeholder until the parser lands (being written now); reads nothing.
export const oaiPmhParser: SourceParser = {
  format: 'oai-pmh',
  roots: [],
  parse: () => ({ records: [], deletions: [] }),
};
