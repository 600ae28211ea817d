import type { SourceParser } from './parser';

// Placeholder until the parser lands (being written now); reads nothing.
export const st36Parser: SourceParser = {
  format: 'st36',
  roots: [],
  parse: () => ({ records: [], deletions: [] }),
};
