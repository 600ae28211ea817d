import express, { type Express } from 'express';
import type { SearchIndex } from '../search-index';
import { errorMiddleware, notFound } from './errors';
import { exportRouter } from './export-routes';
import { apiRouter } from './routes';
import { webRouter } from './web';

export interface AppOptions {
  index: SearchIndex;
  version: string;
  log?: (msg: string) => void;
}

/**
 * JSON bodies above this are refused with 413. The largest valid body is a prior-art text of
 * 50,000 characters: up to 300 KB when a client escapes every character as \uXXXX.
 */
export const BODY_LIMIT = '512kb';

export function createApp({ index, version, log = (m) => console.error(m) }: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use('/api', apiRouter(index, version));
  app.use('/api', exportRouter(index, version, log));
  app.use('/api', notFound);
  app.use(webRouter(index, { log }));
  app.use(notFound);
  app.use(errorMiddleware(log));
  return app;
}
