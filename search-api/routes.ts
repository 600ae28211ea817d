import { Router, type Request, type Response } from 'express';
import { licensees, priorArt, relatedRecords, similarRecords } from '../discovery';
import { RecordNotFoundError, resolveRecord, type SearchIndex } from '../search-index';
import { validate } from './errors';
import { openApiDocument } from './openapi';
import {
  licenseesQuerySchema,
  priorArtBodySchema,
  recordParamsSchema,
  searchQuerySchema,
  similarQuerySchema,
} from './schemas';

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

  router.post('/prior-art', async (req, res) => {
    res.json(await priorArt(index, validate(priorArtBodySchema, req.body ?? {})));
  });

  const recordId = (id: string): string => validate(recordParamsSchema, { id }).id;
  /**
   * An id in another common form (`US9358892B1`, `US-09358892-B1`, a DOI URL, the OAI
   * identifier of a record whose id is its DOI) is resolved to the record, answered as is, with
   * `Content-Location` naming its canonical path.
   */
  const getRecord = async (id: string, res: Response): Promise<object> => {
    const valid = recordId(id);
    const record = await resolveRecord(index, valid);
    if (!record) throw new RecordNotFoundError(valid);
    if (record.id !== valid) {
      res.setHeader('Content-Location', `/api/records/${encodeURIComponent(record.id)}`);
    }
    return { ...record, related: await relatedRecords(index, record) };
  };
  const similar = async (id: string, req: Request): Promise<object> => {
    const q = validate(similarQuerySchema, req.query);
    return similarRecords(index, recordId(id), q);
  };
  const candidates = async (id: string, req: Request): Promise<object> => {
    const q = validate(licenseesQuerySchema, req.query);
    return licensees(index, recordId(id), q);
  };
  router.get('/records/:id', async (req, res) => {
    res.json(await getRecord(req.params.id, res));
  });
  router.get('/records/:id/similar', async (req, res) => {
    res.json(await similar(req.params.id, req));
  });
  router.get('/records/:id/licensees', async (req, res) => {
    res.json(await candidates(req.params.id, req));
  });
  // Clients that forget to percent-encode the "/" of OAI ids still reach their record.
  router.get('/records/*rest', async (req, res) => {
    const rest = [...(req.params as { rest: string[] }).rest];
    const last = rest.length > 1 ? rest[rest.length - 1] : undefined;
    if (last === 'similar') res.json(await similar(rest.slice(0, -1).join('/'), req));
    else if (last === 'licensees') res.json(await candidates(rest.slice(0, -1).join('/'), req));
    else res.json(await getRecord(rest.join('/'), res));
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  return router;
}
