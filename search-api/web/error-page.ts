import { CauError } from '../../search-index';
import { BadRequestError, httpStatus } from '../errors';
import { html } from './html';
import { messages, type Lang } from './i18n';
import { page } from './layout';

/** What a page says about an error, and with which status (the API's mapping, errors.ts). */
export function describeError(
  err: unknown,
  lang: Lang,
  log: (msg: string) => void,
): { status: number; message: string } {
  const t = messages(lang);
  if (err instanceof CauError) {
    const status = httpStatus(err);
    if (status >= 500) log(`${err.name}: ${err.message}`);
    if (err.code === 'invalid_query') return { status, message: t.invalidQuery(err.message) };
    if (err instanceof BadRequestError) return { status, message: t.badParameter(err.message) };
    if (status === 503) return { status, message: t.unavailable };
    if (status < 500) return { status, message: err.message };
  } else {
    log(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  }
  return { status: 500, message: t.internalError };
}

export function errorPage(lang: Lang, url: string, title: string, message: string): string {
  const t = messages(lang);
  return page({
    lang,
    url,
    title: `${title} — ${t.siteName}`,
    skipTo: 'main',
    skipLabel: t.skipToContent,
    body: html`<main id="main" class="page" tabindex="-1">
      <h1>${title}</h1>
      <div class="error" role="alert"><p>${message}</p></div>
      <p><a href="/">${t.errorBack}</a></p>
    </main>`,
  });
}
