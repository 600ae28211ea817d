import type { SourceParser } from './parser';

// Placeholder until the parser lands (being written now); reads nothing.
export const usptoParser: SourceParser = {
  format: 'uspto',
  roots: [],
  parse: () => ({ records: [], deletions: [] }),
};
