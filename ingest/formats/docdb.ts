import type { SourceParser } from './parser';

// Placeholder until the parser lands (being written now); reads nothing.
export const docdbParser: SourceParser = {
  format: 'docdb',
  roots: [],
  parse: () => ({ records: [], deletions: [] }),
};
