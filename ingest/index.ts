export { ingestPaths, type IngestSummary, type FileFailure } from './pipeline';
export { registerIngestCommands, formatSummary, type CliContext } from './cli';
export { parseFileContent, PARSERS, type FileParseResult } from './formats';
export * from './errors';
