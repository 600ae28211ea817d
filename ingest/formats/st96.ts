import type { SourceParser } from './parser';

// Placeholder until the parser lands (being written now); reads nothing.
export const st96Parser: SourceParser = {
  format: 'st96',
  roots: [],
  parse: () => ({ records: [], deletions: [] }),
};
