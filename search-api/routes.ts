import { Router } from 'express';
import { RecordNotFoundError, type SearchIndex } from '../search-index';
import { validate } from './errors';
import { openApiDocument } from './openapi';
import { recordParamsSchema, searchQuerySchema } from './schemas';

export function apiRouter(index: SearchIndex, version: string): Router {
  const router = Router();
  const openapi = openApiDocument(version);

  router.get('/health', async (_req, res) => {
    res.json({ status: 'ok', records: await index.count() });
  });

  router.get('/search', async (req, res) => {
    const q = validate(searchQuerySchema, req.query);
    const query = q.q?.trim() ? q.q : undefined;
    const result = await index.search({ ...q, query, facets: true });
    res.json(result);
  });

  const getRecord = async (id: string): Promise<object> => {
    const { id: valid } = validate(recordParamsSchema, { id });
    const record = await index.get(valid);
    if (!record) throw new RecordNotFoundError(valid);
    return record;
  };
  router.get('/records/:id', async (req, res) => {
    res.json(await getRecord(req.params.id));
  });
  // Clients that forget to percent-encode the "/" of OAI ids still get their record.
  router.get('/records/*rest', async (req, res) => {
    const rest = (req.params as { rest: string[] }).rest;
    res.json(await getRecord(rest.join('/')));
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  return router;
}
