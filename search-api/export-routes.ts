import { Router, type Request, type Response } from 'express';
import { MAX_LIMIT, type CauRecord, type SearchIndex, type SearchRequest } from '../search-index';
import { validate } from './errors';
import {
  EXPORT_WRITERS,
  exportFileName,
  type ExportFormat,
  type ExportMeta,
} from './export-formats';
import { atomFeed } from './feed';
import { exportQuerySchema, feedQuerySchema } from './schemas';

/**
 * GET /api/export and GET /api/feed: the same parameters as /api/search, as a file to download
 * (streamed page by page, at most 1,000 records) or as an Atom feed of the newest matches.
 * Both paths are fixed: the production setup rate-limits them by path.
 */
const origin = (req: Request): string => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** The search in words for a file's header: its non-empty parameters, in a fixed order. */
export function describeSearch(params: Record<string, unknown>): string {
  const parts = ['q', 'type', 'ipc', 'field', 'sector', 'from', 'to', 'sort']
    .filter((k) => params[k] !== undefined && params[k] !== '')
    .map((k) => `${k}=${String(params[k])}`);
  return parts.length ? parts.join('; ') : '(all records)';
}

async function records(index: SearchIndex, ids: string[]): Promise<CauRecord[]> {
  const got = await Promise.all(ids.map((id) => index.get(id)));
  return got.filter((r): r is CauRecord => r !== undefined);
}

/**
 * Writes `text`, waiting for the socket to drain when its buffer is full (or to close: a client
 * that went away must not leave the export waiting forever).
 */
function write(res: Response, text: string): Promise<void> | void {
  if (!text || res.destroyed || res.write(text)) return;
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

export function exportRouter(
  index: SearchIndex,
  version: string,
  log: (m: string) => void,
): Router {
  const router = Router();

  router.get('/export', async (req, res) => {
    const { format, limit, ...q } = validate(exportQuerySchema, req.query);
    const request: SearchRequest = { ...q, query: q.q?.trim() ? q.q : undefined, facets: false };
    // The first page is fetched before anything is sent, so a bad query is still a 400.
    let page = await index.search({ ...request, limit: Math.min(MAX_LIMIT, limit) });
    const writer = EXPORT_WRITERS[format as ExportFormat];
    const exported = new Date().toISOString();
    const parameters = Object.fromEntries(
      Object.entries({ ...req.query }).filter(([k]) => k !== 'format'),
    );
    const meta: ExportMeta = {
      query: describeSearch(parameters),
      parameters,
      exported,
      origin: origin(req),
      total: page.total,
    };
    const name = exportFileName(String(q.q ?? ''), exported, writer.extension);
    res.status(200);
    res.setHeader('Content-Type', writer.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    let written = 0;
    try {
      await write(res, writer.start(meta));
      for (;;) {
        for (const r of await records(
          index,
          page.hits.map((h) => h.id),
        )) {
          if (written >= limit || res.destroyed) break;
          await write(res, writer.record(r, meta, written++));
        }
        if (!page.nextCursor || written >= limit || res.destroyed) break;
        page = await index.search({
          ...request,
          limit: Math.min(MAX_LIMIT, limit - written),
          cursor: page.nextCursor,
        });
      }
      res.end(writer.end(meta));
    } catch (err) {
      // Headers are gone: the only honest signal left is a cut connection (an incomplete file).
      log(`export failed after ${written} records: ${(err as Error)?.stack ?? String(err)}`);
      res.destroy(err as Error);
    }
  });

  router.get('/feed', async (req, res) => {
    const { lang, limit, ...q } = validate(feedQuerySchema, req.query);
    const query = q.q?.trim() ? q.q : undefined;
    const page = await index.search({ ...q, query, sort: 'date', limit, facets: false });
    const base = origin(req);
    const params = new URLSearchParams(
      Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v !== '') as [
        string,
        string,
      ][],
    );
    params.delete('lang');
    params.delete('limit');
    const described = describeSearch(Object.fromEntries(params));
    const title =
      lang === 'vi' ? `Cầu — tài liệu mới: ${described}` : `Cầu — new records: ${described}`;
    const subtitle =
      lang === 'vi'
        ? 'Sáng chế và kết quả nghiên cứu mới nhất khớp tìm kiếm này.'
        : 'The newest patents and research results matching this search.';
    params.set('sort', 'date');
    const xml = atomFeed({
      title,
      subtitle,
      self: `${base}${req.originalUrl}`,
      alternate: `${base}/?${params.toString()}`,
      origin: base,
      lang,
      version,
      records: await records(
        index,
        page.hits.map((h) => h.id),
      ),
      now: new Date().toISOString(),
    });
    res.type('application/atom+xml; charset=utf-8').send(xml);
  });
  return router;
}
