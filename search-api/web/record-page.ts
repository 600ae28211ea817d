import { basename } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { fieldsFromIpc } from '../../analyzers';
import {
  licensees,
  relatedRecords,
  similarRecords,
  type LicenseesResponse,
  type RelatedRecord,
  type SimilarResponse,
} from '../../discovery';
import { resolveRecord, type CauRecord, type SearchIndex } from '../../search-index';
import { validate } from '../errors';
import { recordParamsSchema } from '../schemas';
import { formatDate, formatNumber } from './format';
import { fieldBadges, readinessDetails, recordHref } from './hit';
import { html, join, type Html } from './html';
import { messages, requestLang, type Lang } from './i18n';
import { page } from './layout';
import {
  fieldName,
  ipcSectionName,
  kindName,
  linkReason,
  organisationKind,
  resourceTypeName,
  signalName,
  trlName,
  typeName,
} from './labels';
import { fetchRecords } from './search-model';
import { describeError, errorPage } from './error-page';

/**
 * /records/<percent-encoded id>: one record, whole, on the server, so it can be linked, printed
 * and read without JavaScript, with everything Cầu knows around it (citations both ways,
 * related and similar records, readiness evidence, and licensee candidates for research).
 */
export interface RecordView {
  record: CauRecord;
  related: RelatedRecord[];
  similar: SimilarResponse;
  citedBy: string[];
  /** Titles of cited and citing records that are in the index. */
  known: Map<string, CauRecord>;
  licensees?: LicenseesResponse;
}

const SIMILAR = 8;
const CITED_BY = 50;
const LICENSEES = 5;

const FORMAT_NAMES: Record<string, string> = {
  st36: 'WIPO ST.36 (XML)',
  st96: 'WIPO ST.96 (XML)',
  uspto: 'USPTO (XML)',
  docdb: 'EPO DOCDB (XML)',
  'oai-pmh': 'OAI-PMH, Dublin Core (oai_dc)',
  cerif: 'OAI-PMH, OpenAIRE CERIF (cerif_openaire)',
  openalex: 'OpenAlex (JSON)',
  crossref: 'Crossref (JSON)',
};

export async function loadRecord(index: SearchIndex, id: string): Promise<RecordView | undefined> {
  // An id in another common form (US9358892B1, a DOI URL) shows its record (docs/numbers.md).
  const record = await resolveRecord(index, id);
  if (!record) return undefined;
  const [related, similar, citedBy, candidates] = await Promise.all([
    relatedRecords(index, record),
    similarRecords(index, record.id, { limit: SIMILAR }),
    index.citedBy(record.id, CITED_BY),
    record.type === 'research' ? licensees(index, record.id, { limit: LICENSEES }) : undefined,
  ]);
  const cited = record.type === 'patent' ? record.citations : [];
  const known = await fetchRecords(index, [...cited, ...citedBy]);
  return { record, related, similar, citedBy, known, licensees: candidates };
}

const section = (id: string, title: string, body: Html | string, note?: string): Html =>
  html`<section class="block" id="${id}" aria-labelledby="${id}-h">
    <h2 id="${id}-h">${title}</h2>
    ${note ? html`<p class="hint">${note}</p>` : ''}${body}
  </section>`;

function row(label: string, value: Html | string | undefined | false): Html {
  if (value === undefined || value === false || value === '') return html``;
  return html`<dt>${label}</dt>
    <dd>${value}</dd>`;
}

const LANGUAGE_NAMES: Record<string, { vi: string; en: string }> = {
  vi: { vi: 'Tiếng Việt', en: 'Vietnamese' },
  en: { vi: 'Tiếng Anh', en: 'English' },
  de: { vi: 'Tiếng Đức', en: 'German' },
  fr: { vi: 'Tiếng Pháp', en: 'French' },
  ja: { vi: 'Tiếng Nhật', en: 'Japanese' },
  zh: { vi: 'Tiếng Trung', en: 'Chinese' },
  ko: { vi: 'Tiếng Hàn', en: 'Korean' },
};
const languageName = (code: string, lang: Lang): string => LANGUAGE_NAMES[code]?.[lang] ?? code;

/** An identifier as a link when it is one (URL, DOI, handle). */
function identifierLink(id: string): Html {
  if (/^https?:\/\//i.test(id)) return html`<a href="${id}">${id}</a>`;
  const doi = /^(?:doi:\s*)?(10\.\d{4,9}\/\S+)$/i.exec(id);
  if (doi) return html`<a href="https://doi.org/${doi[1]!}">${id}</a>`;
  return html`${id}`;
}

function bibliographic(r: CauRecord, lang: Lang): Html {
  const t = messages(lang);
  const d = (s?: string) => (s ? formatDate(s, lang) : undefined);
  const list = (items: Html[]) =>
    items.length
      ? html`<ul class="plain">
          ${items.map((i) => html`<li>${i}</li>`)}
        </ul>`
      : undefined;
  const common = [
    row(t.id, html`<code>${r.id}</code>`),
    row(t.published, d(r.published)),
    row(t.language, languageName(r.lang, lang)),
    row(
      t.otherTitles,
      list(
        (r.alternateTitles ?? []).map(
          (a) => html`<span lang="${a.lang}">${a.text}</span> (${languageName(a.lang, lang)})`,
        ),
      ),
    ),
  ];
  if (r.type === 'patent') {
    return html`<dl class="biblio">
      ${common}
      ${row(t.office, r.country)}${row(t.docNumber, r.docNumber)}${row(t.kind, kindName(r.kind, lang))}
      ${row(t.applicationNumber, r.applicationNumber)}${row(t.filed, d(r.filed))}
      ${row(t.applicants, list(r.applicants.map((a) => html`${a.name}${a.country ? ` (${a.country})` : ''}`)))}
      ${row(t.inventors, list(r.inventors.map((i) => html`${i}`)))}
      ${row(t.priority, list(r.priority.map((p) => html`${p.country} ${p.number}${p.date ? `, ${formatDate(p.date, lang)}` : ''}`)))}
    </dl>`;
  }
  return html`<dl class="biblio">
    ${common}
    ${row(t.resourceType, r.resourceType ? resourceTypeName(r.resourceType, lang) : undefined)}
    ${row(t.creators, list(r.creators.map((c) => html`${c}`)))} ${row(t.publisher, r.publisher)}
    ${row(t.subjects, r.subjects.length ? r.subjects.join('; ') : undefined)}
    ${row(t.identifiers, list(r.identifiers.map(identifierLink)))}
  </dl>`;
}

function ipcTable(r: CauRecord, lang: Lang): Html {
  if (r.type !== 'patent' || r.ipc.length === 0) return html``;
  const t = messages(lang);
  return section(
    'ipc',
    t.ipcCodes,
    html`<table>
      <thead>
        <tr>
          <th scope="col">IPC</th>
          <th scope="col">${t.facetIpcSection}</th>
          <th scope="col">${t.technologyFields}</th>
        </tr>
      </thead>
      <tbody>
        ${r.ipc.map(
          (code) =>
            html`<tr>
              <td>
                <a href="/?ipc=${encodeURIComponent(code)}"><code>${code}</code></a>
              </td>
              <td>${code.charAt(0)} · ${ipcSectionName(code.charAt(0), lang)}</td>
              <td>
                ${join(
                  fieldsFromIpc([code]).map((f) => fieldName(f.number, f.field, lang)),
                  '; ',
                )}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

function readinessSection(r: CauRecord, lang: Lang): Html {
  const t = messages(lang);
  if (!r.readiness) return html``;
  const { level, score, signals } = r.readiness;
  return section(
    'readiness',
    t.readiness,
    html`<p class="trl-line">
        <span class="badge trl">TRL ${level}</span> ${trlName(level, lang)}
        <span class="hint">(${formatNumber(Math.round(score * 100) / 100, lang)})</span>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">${t.signal}</th>
            <th scope="col">${t.weight}</th>
            <th scope="col">${t.evidence}</th>
          </tr>
        </thead>
        <tbody>
          ${signals.map(
            // The first signal sets the level; the others move it, signed.
            (s, i) =>
              html`<tr>
                <td>${signalName(s.name, lang)} <code class="hint">${s.name}</code></td>
                <td class="num">
                  ${i > 0 && s.weight > 0 ? '+' : ''}${formatNumber(s.weight, lang)}
                </td>
                <td><q>${s.evidence}</q></td>
              </tr>`,
          )}
        </tbody>
      </table>`,
  );
}

function linkedList(ids: string[], known: Map<string, CauRecord>, lang: Lang): Html {
  const t = messages(lang);
  if (ids.length === 0) return html`<p>${t.none}</p>`;
  return html`<ul class="links">
    ${ids.map((id) => {
      const r = known.get(id);
      return r
        ? html`<li>
            <a href="${recordHref(id)}">${r.title}</a>
            <span class="hint"
              >${id}${r.published ? ` · ${formatDate(r.published, lang)}` : ''}</span
            >
          </li>`
        : html`<li><code>${id}</code> <span class="hint">(${t.notInIndex})</span></li>`;
    })}
  </ul>`;
}

function relatedList(related: RelatedRecord[], lang: Lang): Html {
  const t = messages(lang);
  if (related.length === 0) return html`<p>${t.none}</p>`;
  return html`<ul class="links">
    ${related.map(
      (r) =>
        html`<li>
          <span class="badge ${r.type}">${typeName(r.type, lang)}</span>
          <a href="${recordHref(r.id)}">${r.title}</a
          >${r.published ? html` <span class="hint">${formatDate(r.published, lang)}</span>` : ''}<br /><span
            class="reason"
            >${r.reasons.map((x) => `${linkReason(x.kind, lang)}: ${x.value}`).join('; ')}</span
          >
        </li>`,
    )}
  </ul>`;
}

function similarList(similar: SimilarResponse, lang: Lang): Html {
  const t = messages(lang);
  if (similar.hits.length === 0) return html`<p>${t.none}</p>`;
  return html`<ul class="links">
    ${similar.hits.map(
      (h) =>
        html`<li>
          <span class="badge ${h.type}">${typeName(h.type, lang)}</span>
          <a href="${recordHref(h.id)}">${h.title}</a
          >${h.published ? html` <span class="hint">${formatDate(h.published, lang)}</span>` : ''}<br /><span
            class="reason"
            >${t.matchedTerms}: ${h.matchedTerms.join(', ')}</span
          >
        </li>`,
    )}
  </ul>`;
}

function licenseeList(res: LicenseesResponse, lang: Lang): Html {
  const t = messages(lang);
  if (res.candidates.length === 0) return html`<p>${t.none}</p>`;
  const n = (x: number) => formatNumber(x, lang);
  return html`<ol class="licensees">
    ${res.candidates.map((c) => {
      const e = c.evidence;
      const years = Object.entries(e.perYear).sort(([a], [b]) => a.localeCompare(b));
      return html`<li>
        <h3>
          ${c.organisation} <span class="badge kind">${organisationKind(c.kind, lang)}</span>
          <span class="hint">${t.licenseeScore} ${n(Math.round(c.score * 100) / 100)}</span>
        </h3>
        ${c.aliases.length ? html`<p class="hint">${t.licenseeAliases}: ${c.aliases.join('; ')}</p>` : ''}
        <details>
          <summary>${t.showEvidence}</summary>
          <p><strong>${t.licenseeRecords}</strong></p>
          <ul>
            ${e.records.map(
              (r) =>
                html`<li>
                  <a href="${recordHref(r.id)}">${r.title}</a>
                  <span class="hint"
                    >${r.published ? formatDate(r.published, lang) : ''} · ${t.similarity}
                    ${n(Math.round(r.similarity * 100) / 100)}</span
                  >
                </li>`,
            )}
          </ul>
          ${years.length ? html`<p><strong>${t.licenseePerYear}:</strong> ${years.map(([y, k]) => `${y}: ${k}`).join(' · ')}</p>` : ''}
          ${e.sharedFields.length ? html`<p><strong>${t.licenseeSharedFields}:</strong> ${e.sharedFields.map((f) => `${fieldName(f.number, f.field, lang)} (${t.licenseeFieldCount(n(f.patents), n(f.patentsInIndex))})`).join('; ')}</p>` : ''}
          ${e.sharedIpc.length ? html`<p><strong>${t.licenseeSharedIpc}:</strong> ${e.sharedIpc.join(', ')}</p>` : ''}
          ${e.citations.length ? html`<p><strong>${t.licenseeCitations}:</strong> ${e.citations.map((x) => `${x.from} → ${x.to}`).join('; ')}</p>` : ''}
        </details>
      </li>`;
    })}
  </ol>`;
}

export function recordPage(view: RecordView, lang: Lang, url: string): string {
  const t = messages(lang);
  const r = view.record;
  const api = `/api/records/${encodeURIComponent(r.id)}`;
  const kind = r.type === 'patent' ? r.kind : undefined;
  const description = r.type === 'patent' ? r.description : undefined;
  const where = [r.source.line ? t.sourceLine(String(r.source.line)) : '']
    .filter(Boolean)
    .join(', ');
  const body = html`<main id="main" class="page record" tabindex="-1">
    <p class="crumbs"><a href="/">← ${t.backToSearch}</a></p>
    <article>
      <h1 lang="${r.lang}">${r.title}</h1>
      <div class="badges">
        <span class="badge ${r.type}">${typeName(r.type, lang)}</span>
        ${kind ? html`<span class="badge kind">${kindName(kind, lang)}</span>` : ''}
        ${r.type === 'research' && r.resourceType ? html`<span class="badge kind">${resourceTypeName(r.resourceType, lang)}</span>` : ''}
        ${fieldBadges(r.technologyFields, r.type === 'patent' ? r.ipc : [], lang, (n) => `/?field=${n}`)}
        ${r.readiness ? readinessDetails(r.readiness, lang, r.id) : ''}
      </div>
      <p class="actions">
        <a href="${api}" type="application/json">${t.apiJson}</a>
        <button type="button" class="print" hidden>${t.printPage}</button>
      </p>
      ${section('biblio', t.bibliographic, bibliographic(r, lang))}
      ${
        r.abstract || r.alternateAbstracts?.length
          ? section(
              'abstract',
              t.abstract,
              html`${r.abstract ? html`<p lang="${r.lang}">${r.abstract}</p>` : ''}${(
                r.alternateAbstracts ?? []
              ).map(
                (a) =>
                  html`<h3>${languageName(a.lang, lang)}</h3>
                    <p lang="${a.lang}">${a.text}</p>`,
              )}`,
            )
          : ''
      }
      ${
        r.type === 'patent' && r.claims.length
          ? section(
              'claims',
              t.claims,
              html`<ol class="claims" lang="${r.lang}">
                ${r.claims.map((c) => html`<li>${c}</li>`)}
              </ol>`,
            )
          : ''
      }
      ${
        description
          ? section(
              'description',
              t.description,
              html`<details class="long" ${description.length < 4000 ? html` open` : ''}>
                <summary>${t.showDescription(formatNumber(description.length, lang))}</summary>
                <div lang="${r.lang}">
                  ${description.split(/\n+/).map((p) => html`<p>${p}</p>`)}
                </div>
              </details>`,
            )
          : ''
      }
      ${ipcTable(r, lang)}
      ${
        (r.technologyFields ?? []).length
          ? section(
              'fields',
              t.technologyFields,
              html`<ul class="plain">
                ${(r.technologyFields ?? []).map((f) => html`<li><a href="/?field=${f.number}">${fieldName(f.number, f.field, lang)}</a> <span class="hint">(${f.source === 'ipc' ? 'IPC' : `${Math.round(f.confidence * 100)} %`})</span></li>`)}
              </ul>`,
            )
          : ''
      }
      ${readinessSection(r, lang)}
      ${view.licensees ? section('licensees', t.licensees, licenseeList(view.licensees, lang), t.licenseesNote) : ''}
      ${r.type === 'patent' ? section('citations', t.citations, linkedList(r.citations, view.known, lang)) : ''}
      ${section('cited-by', t.citedBy, linkedList(view.citedBy, view.known, lang))}
      ${section('related', t.related, relatedList(view.related, lang), t.relatedNote)}
      ${section('similar', t.similar, similarList(view.similar, lang), t.similarNote)}
      ${section(
        'source',
        t.source,
        html`<p>
            ${t.sourceText(FORMAT_NAMES[r.source.format] ?? r.source.format, basename(r.source.file), where)}
          </p>
          <p><a href="${api}">${t.apiJson}</a></p>`,
      )}
    </article>
  </main>`;
  return page({
    lang,
    url,
    title: `${r.title} — ${t.siteName}`,
    body,
    skipTo: 'main',
    skipLabel: t.skipToContent,
  });
}

export function recordRoutes(index: SearchIndex, { log }: { log: (m: string) => void }): Router {
  const router = Router();
  const show = async (req: Request, res: Response, id: string): Promise<void> => {
    const lang = requestLang(req, res);
    const t = messages(lang);
    try {
      const valid = validate(recordParamsSchema, { id }).id;
      const view = await loadRecord(index, valid);
      if (!view) {
        res
          .status(404)
          .type('html')
          .send(errorPage(lang, req.originalUrl, t.pageNotFound, t.recordNotFound(valid)));
        return;
      }
      res.type('html').send(recordPage(view, lang, req.originalUrl));
    } catch (err) {
      const { status, message } = describeError(err, lang, log);
      res
        .status(status)
        .type('html')
        .send(errorPage(lang, req.originalUrl, t.errorTitle, message));
    }
  };
  router.get('/records/:id', (req, res) => show(req, res, req.params.id as string));
  // A proxy that decodes %2F hands over the OAI id's slashes as path segments.
  router.get('/records/*rest', (req, res) =>
    show(req, res, (req.params as unknown as { rest: string[] }).rest.join('/')),
  );
  return router;
}
