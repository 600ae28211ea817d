import { html, type Html } from './html';
import { messages, type Lang } from './i18n';

/**
 * The frame of every page. No inline script or style anywhere (the meta policy below enforces
 * it in the browser, and matches what the app's security headers allow): styles and the one
 * script are files under /assets, so `script-src 'self'; style-src 'self'` holds.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'";

export interface PageOptions {
  lang: Lang;
  title: string;
  /** The URL of this page as asked, for the language switch. */
  url: string;
  body: Html;
  /** id of the element the skip link goes to. */
  skipTo: string;
  skipLabel: string;
  bodyClass?: string;
  /** Extra <head> links (feed autodiscovery). */
  head?: Html;
  /** Which navigation entry is this page. */
  section?: 'search' | 'prior-art';
}

/** The same URL in the other language (the server remembers the choice in a cookie). */
export function switchLangUrl(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang === 'vi' ? 'en' : 'vi');
  return `${u.pathname}${u.search}`;
}

export function page(o: PageOptions): string {
  const t = messages(o.lang);
  const other = o.lang === 'vi' ? 'en' : 'vi';
  const current = (s: PageOptions['section']): Html =>
    o.section === s ? html` aria-current="page"` : html``;
  return html`<!doctype html>
    <html lang="${o.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />
        <title>${o.title}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
        ${o.head ?? ''}
      </head>
      <body class="${o.bodyClass ?? ''}">
        <a class="skip" href="#${o.skipTo}">${o.skipLabel}</a>
        <header class="site">
          <a class="brand" href="/"
            ><img src="/favicon.svg" alt="" width="28" height="28" /> ${t.siteName}</a
          >
          <nav aria-label="${t.nav}">
            <a class="nav-search" href="/" ${current('search')}>${t.navSearch}</a>
            <a href="/prior-art" ${current('prior-art')}>${t.navPriorArt}</a>
            <a
              class="lang"
              href="${switchLangUrl(o.url, o.lang)}"
              lang="${other}"
              hreflang="${other}"
              aria-label="${t.otherLanguageLabel}"
              >${t.otherLanguage}</a
            >
          </nav>
        </header>
        ${o.body}
        <footer class="site">
          <a href="/api/openapi.json">${t.footerApi}</a> · <a href="/api/health">/api/health</a>
        </footer>
      </body>
    </html> `.value;
}
