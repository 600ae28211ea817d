import { join } from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import type { SearchIndex } from '../../search-index';
import { BadRequestError } from '../errors';
import { describeError, errorPage } from './error-page';
import { html } from './html';
import { messages, requestLang } from './i18n';
import { priorArtRoutes } from './prior-art-page';
import { recordRoutes } from './record-page';
import { hitItems, moreLink, searchPage } from './search-page';
import { fetchRecords, loadSearch, searchHits, searchRequest } from './search-model';
import { parseState, MAX_SHOWN, PAGE_SIZE } from './search-state';

export interface WebOptions {
  log: (msg: string) => void;
}

/**
 * The web app: the search screen (/), record pages (/records/<id>), prior art (/prior-art),
 * the "more results" fragment, and the static assets. Every page is rendered on the server,
 * so it can be linked, printed and read without JavaScript; /assets/app.js only enhances.
 */
export function webRouter(index: SearchIndex, { log }: WebOptions): Router {
  const router = Router();
  const assets = join(__dirname, 'assets');
  router.use('/assets', express.static(assets, { index: false }));
  router.get('/favicon.ico', (_req, res) => res.sendFile(join(assets, 'favicon.ico')));
  router.get('/favicon.svg', (_req, res) => res.sendFile(join(assets, 'favicon.svg')));

  const send = (res: Response, status: number, body: string): void => {
    res.status(status).type('html').send(body);
  };

  router.get('/', async (req: Request, res: Response) => {
    const lang = requestLang(req, res);
    const parsed = parseState(req.query as Record<string, unknown>);
    if (parsed.canonical && parsed.badDates.length === 0) {
      res.redirect(302, parsed.canonical);
      return;
    }
    const { state } = parsed;
    const url = req.originalUrl;
    if (parsed.badDates.length) {
      const t = messages(lang);
      send(
        res,
        400,
        searchPage({
          lang,
          url,
          state,
          error: parsed.badDates.map((d) => t.invalidDate(d)).join(' '),
        }),
      );
      return;
    }
    try {
      const model = await loadSearch(index, state);
      send(res, 200, searchPage({ lang, url, state, model }));
    } catch (err) {
      const { status, message } = describeError(err, lang, log);
      send(res, status, searchPage({ lang, url, state, error: message }));
    }
  });

  // The next hits as list items, for the "more results" button (same renderer as the page).
  router.get('/search/more', async (req: Request, res: Response) => {
    const lang = requestLang(req, res);
    const { state } = parsed(req);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : undefined;
    const start = Math.max(1, Math.min(MAX_SHOWN, Number(req.query.start) || 1));
    try {
      if (!cursor) throw new BadRequestError('cursor is required');
      const request = searchRequest(state);
      const { response, hits } = await searchHits(index, request, PAGE_SIZE, cursor);
      const records = await fetchRecords(
        index,
        hits.map((h) => h.id),
      );
      const shown = start - 1 + hits.length;
      const more = shown < MAX_SHOWN ? response.nextCursor : undefined;
      send(
        res,
        200,
        html`<ol>
            ${hitItems({ hits, records }, state, lang, start)}
          </ol>
          ${moreLink(state, shown, response.total, more, lang)}`.value,
      );
    } catch (err) {
      const { status, message } = describeError(err, lang, log);
      send(res, status, html`<p class="error" role="alert">${message}</p>`.value);
    }
  });
  const parsed = (req: Request) => parseState(req.query as Record<string, unknown>);

  router.use(recordRoutes(index, { log }));
  router.use(priorArtRoutes(index, { log }));
  // Any other page a browser asks for: a page that says so, in the reader's language.
  router.get(/.*/, (req: Request, res: Response, next) => {
    if (!req.accepts('html')) return next();
    const lang = requestLang(req, res);
    const t = messages(lang);
    send(res, 404, errorPage(lang, req.originalUrl, t.pageNotFound, req.path));
  });
  return router;
}
