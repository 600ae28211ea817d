import express, { Router, type Request, type Response } from 'express';
import { MAX_PRIOR_ART_TEXT, priorArt, type PriorArtResponse } from '../../discovery';
import type { SearchIndex } from '../../search-index';
import { validate } from '../errors';
import { EXPORT_WRITERS, exportFileName, type ExportFormat } from '../export-formats';
import { EXPORT_FORMATS, priorArtBodySchema } from '../schemas';
import { describeError } from './error-page';
import { dateInputValue, formatDate, formatNumber, parseDateInput } from './format';
import { hitCard } from './hit';
import { html, type Html } from './html';
import { messages, requestLang, type Lang } from './i18n';
import { page } from './layout';
import { fetchRecords } from './search-model';

/**
 * /prior-art: paste a text (or read a .txt in the browser), choose a cutoff date and optional
 * IPC codes, and get the records published before it with their matched terms and passages.
 * A plain form POST, so it works without JavaScript; the same form downloads the results.
 */
interface PriorArtForm {
  text: string;
  cutoff: string;
  ipc: string;
  type: string;
}

const PRIOR_ART_LIMIT = 20;
/** URL-encoded, 50,000 characters of Vietnamese take up to 9 bytes each. */
const FORM_LIMIT = '1mb';

function formHtml(form: PriorArtForm, lang: Lang, errors: string[]): Html {
  const t = messages(lang);
  const selected = (v: string): Html => (form.type === v ? html` selected` : html``);
  return html`<form class="prior-art" method="post" action="/prior-art" id="prior-art-form">
    ${errors.length ? html`<div class="error" role="alert">${errors.map((e) => html`<p>${e}</p>`)}</div>` : ''}
    <label for="pa-text"
      >${t.textLabel}
      <span class="hint">(${t.textHint(formatNumber(MAX_PRIOR_ART_TEXT, lang))})</span></label
    >
    <textarea id="pa-text" name="text" rows="10" maxlength="${MAX_PRIOR_ART_TEXT}" required>
${form.text}</textarea>
    <p class="upload" hidden>
      <label for="pa-file">${t.uploadLabel}</label>
      <input
        id="pa-file"
        type="file"
        accept=".txt,text/plain"
        data-too-large="${t.uploadTooLarge}"
        data-not-text="${t.uploadNotText}"
      />
      <span class="upload-status" role="status"></span>
    </p>
    <div class="row">
      <p>
        <label for="pa-cutoff">${t.cutoffLabel} <span class="hint">(${t.cutoffHint})</span></label>
        <input
          id="pa-cutoff"
          name="cutoff"
          required
          inputmode="numeric"
          autocomplete="off"
          value="${form.cutoff}"
        />
      </p>
      <p>
        <label for="pa-ipc"
          >${t.priorArtIpcLabel} <span class="hint">(${t.priorArtIpcHint})</span></label
        >
        <input id="pa-ipc" name="ipc" autocomplete="off" value="${form.ipc}" />
      </p>
      <p>
        <label for="pa-type">${t.typeLabel}</label>
        <select id="pa-type" name="type">
          <option value="">${t.allTypes}</option>
          <option value="patent" ${selected('patent')}>${messages(lang).patents}</option>
          <option value="research" ${selected('research')}>
            ${messages(lang).researchResults}
          </option>
        </select>
      </p>
    </div>
    <p><button type="submit">${t.runPriorArt}</button></p>
  </form>`;
}

function results(
  res: PriorArtResponse,
  records: Awaited<ReturnType<typeof fetchRecords>>,
  lang: Lang,
): Html {
  const t = messages(lang);
  const n = (x: number) => formatNumber(x, lang);
  return html`<section class="block" id="pa-results" aria-labelledby="pa-results-h" tabindex="-1">
    <h2 id="pa-results-h">${t.priorArtCount(n(res.total), formatDate(res.cutoff, lang))}</h2>
    <details class="terms-used">
      <summary>${t.keyTerms} (${res.terms.length})</summary>
      <p class="hint">${t.keyTermsNote}</p>
      <ul class="plain">
        ${res.terms.map((term) => html`<li><strong>${term.term}</strong>${term.translations.length ? html` → ${term.translations.join(', ')}` : ''} <span class="hint">(${n(Math.round(term.weight * 100) / 100)})</span></li>`)}
      </ul>
      ${res.ipcBoost.length ? html`<p>${t.ipcBoost}: ${res.ipcBoost.join(', ')}</p>` : ''}
    </details>
    ${res.hits.length === 0 ? html`<p class="empty-title">${t.priorArtNone}</p>` : ''}
    ${
      res.hits.length
        ? html`<div class="tools">
              <p>
                <span class="label">${t.exportPriorArt}:</span> ${EXPORT_FORMATS.map(
                  (f, i) =>
                    html`${i ? ' · ' : ''}<button
                        type="submit"
                        class="link"
                        form="prior-art-form"
                        name="format"
                        value="${f}"
                      >
                        ${f === 'bibtex' ? 'BibTeX' : f.toUpperCase()}
                      </button>`,
                )}
              </p>
            </div>
            <ol class="hits">
              ${res.hits.map((h, i) => {
                const priority = h.priority.length
                  ? html`<p class="meta">
                      ${t.priorityDates}:
                      ${h.priority.map((p) => `${p.country} ${p.number}${p.date ? ` (${formatDate(p.date, lang)})` : ''}`).join('; ')}
                    </p>`
                  : undefined;
                return hitCard(h, records.get(h.id), lang, i + 1, {
                  matchedTerms: h.matchedTerms,
                  passages: h.passages,
                  after: priority,
                });
              })}
            </ol>`
        : ''
    }
  </section>`;
}

function priorArtHtml(
  lang: Lang,
  url: string,
  form: PriorArtForm,
  errors: string[],
  response?: PriorArtResponse,
  records?: Awaited<ReturnType<typeof fetchRecords>>,
): string {
  const t = messages(lang);
  return page({
    lang,
    url,
    title: `${t.priorArtTitle} — ${t.siteName}`,
    skipTo: response ? 'pa-results' : 'main',
    skipLabel: response ? t.skipToResults : t.skipToContent,
    section: 'prior-art',
    body: html`<main id="main" class="page" tabindex="-1">
      <h1>${t.priorArtTitle}</h1>
      <p class="lead">${t.priorArtIntro}</p>
      ${formHtml(form, lang, errors)} ${response && records ? results(response, records, lang) : ''}
    </main>`,
  });
}

const field = (body: Record<string, unknown>, name: string): string =>
  typeof body[name] === 'string' ? (body[name] as string) : '';

export function priorArtRoutes(index: SearchIndex, { log }: { log: (m: string) => void }): Router {
  const router = Router();
  router.get('/prior-art', (req: Request, res: Response) => {
    const lang = requestLang(req, res);
    const form = { text: '', cutoff: '', ipc: '', type: '' };
    res.type('html').send(priorArtHtml(lang, req.originalUrl, form, []));
  });

  router.post(
    '/prior-art',
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    async (req: Request, res: Response) => {
      const lang = requestLang(req, res);
      const t = messages(lang);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const form: PriorArtForm = {
        text: field(body, 'text'),
        cutoff: field(body, 'cutoff'),
        ipc: field(body, 'ipc'),
        type: field(body, 'type'),
      };
      const errors: string[] = [];
      if (!form.text.trim()) errors.push(t.textRequired);
      if (form.text.length > MAX_PRIOR_ART_TEXT) {
        errors.push(t.textTooLong(formatNumber(MAX_PRIOR_ART_TEXT, lang)));
      }
      const cutoff = parseDateInput(form.cutoff, 'start');
      if (!form.cutoff.trim()) errors.push(t.cutoffRequired);
      else if (!cutoff) errors.push(t.invalidDate(form.cutoff));
      const url = '/prior-art';
      if (errors.length) {
        res
          .status(400)
          .type('html')
          .send(priorArtHtml(lang, url, form, errors));
        return;
      }
      form.cutoff = dateInputValue(cutoff, lang);
      try {
        const request = validate(priorArtBodySchema, {
          text: form.text,
          cutoff,
          ipc: form.ipc
            .split(/[,;]/)
            .map((c) => c.trim())
            .filter(Boolean),
          type: form.type || undefined,
          limit: PRIOR_ART_LIMIT,
        });
        const format = field(body, 'format');
        if ((EXPORT_FORMATS as readonly string[]).includes(format)) {
          await download(index, res, request, format as ExportFormat);
          return;
        }
        const response = await priorArt(index, request);
        const records = await fetchRecords(
          index,
          response.hits.map((h) => h.id),
        );
        res.type('html').send(priorArtHtml(lang, url, form, [], response, records));
      } catch (err) {
        const { status, message } = describeError(err, lang, log);
        res
          .status(status)
          .type('html')
          .send(priorArtHtml(lang, url, form, [message]));
      }
    },
  );
  return router;

  async function download(
    idx: SearchIndex,
    res: Response,
    request: Parameters<typeof priorArt>[1],
    format: ExportFormat,
  ): Promise<void> {
    const response = await priorArt(idx, { ...request, limit: 100 });
    const records = await fetchRecords(
      idx,
      response.hits.map((h) => h.id),
    );
    const writer = EXPORT_WRITERS[format];
    const exported = new Date().toISOString();
    const excerpt = request.text.replace(/\s+/g, ' ').slice(0, 80);
    const meta = {
      query: `prior art before ${request.cutoff}: ${excerpt}${request.text.length > 80 ? '…' : ''}`,
      parameters: { cutoff: request.cutoff, ipc: request.ipc, type: request.type },
      exported,
      origin: `${res.req.protocol}://${res.req.get('host') ?? 'localhost'}`,
      total: response.total,
    };
    let out = writer.start(meta);
    response.hits.forEach((h, i) => {
      const r = records.get(h.id);
      if (r) out += writer.record(r, meta, i);
    });
    out += writer.end(meta);
    res
      .status(200)
      .setHeader('Content-Type', writer.contentType)
      .setHeader(
        'Content-Disposition',
        `attachment; filename="${exportFileName(`prior-art-${request.cutoff}`, exported, writer.extension)}"`,
      )
      .send(out);
  }
}
