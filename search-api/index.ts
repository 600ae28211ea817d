export { createApp, type AppOptions } from './app';
export { registerSearchCommands, UsageError, cliName, type SearchCliContext } from './cli';
export { reworded, validate, type ParamName } from './errors';
export { createLogger, type Logger, type LogLevel } from './logging';
export {
  createMetrics,
  serveIngestMetrics,
  type Metrics,
  type QueueProbe,
  type IngestObserver,
} from './metrics';
export { openApiDocument } from './openapi';
