export { createApp, type AppOptions } from './app';
export { registerSearchCommands, UsageError, type SearchCliContext } from './cli';
export { openApiDocument } from './openapi';
