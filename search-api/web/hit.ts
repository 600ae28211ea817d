import { fieldsFromIpc } from '../../analyzers';
import type { CauRecord, SearchHit } from '../../search-index';
import { formatDate, formatNumber } from './format';
import { html, join, raw, type Html } from './html';
import { messages, type Lang } from './i18n';
import {
  fieldName,
  kindName,
  kindOfId,
  resourceTypeName,
  signalName,
  trlName,
  typeName,
} from './labels';

/**
 * One hit as a card: title linking to its record page, badges (type, kind, technology fields,
 * readiness) whose evidence opens on click (<details>, so it works without JavaScript), who
 * filed or wrote it, and the matching fragments. Search, prior-art and similar lists share it.
 */
export interface HitExtras {
  matchedTerms?: string[];
  passages?: { field: string; text: string }[];
  /** Link for a technology field filter; absent: no filter link. */
  fieldHref?: (number: number) => string;
  /** More lines at the end of the card (prior art: priority claims). */
  after?: Html;
}

export const recordHref = (id: string): string => `/records/${encodeURIComponent(id)}`;

/** The IPC code of a record that put it in a field (the first, main code first). */
function ipcFor(ipc: readonly string[], field: number): string | undefined {
  return ipc.find((code) => fieldsFromIpc([code]).some((f) => f.number === field));
}

export function readinessDetails(
  readiness: NonNullable<CauRecord['readiness']>,
  lang: Lang,
  id: string,
  cls = 'badge trl',
): Html {
  const t = messages(lang);
  return html`<details class="pop">
    <summary class="${cls}" title="${t.trlTitle}">TRL ${readiness.level}</summary>
    <div class="pop-body">
      <p>
        <strong
          >${t.readinessScore(String(readiness.level), trlName(readiness.level, lang))}</strong
        >
      </p>
      <ul class="signals">
        ${readiness.signals.map(
          (s) =>
            html`<li>
              ${signalName(s.name, lang)}${s.evidence ? html`: <q>${s.evidence}</q>` : ''}
            </li>`,
        )}
      </ul>
      <p><a href="${recordHref(id)}#readiness">${t.trlEvidenceLink}</a></p>
    </div>
  </details>`;
}

export function fieldBadges(
  fields: CauRecord['technologyFields'],
  ipc: readonly string[],
  lang: Lang,
  fieldHref?: (n: number) => string,
): Html {
  const t = messages(lang);
  return join(
    (fields ?? []).slice(0, 2).map((f) => {
      const code = f.source === 'ipc' ? ipcFor(ipc, f.number) : undefined;
      const why =
        f.source === 'ipc'
          ? t.fieldFromIpc(code ?? ipc[0] ?? '')
          : t.fieldFromClassifier(`${Math.round(f.confidence * 100)} %`);
      return html`<details class="pop">
        <summary class="badge field">${fieldName(f.number, f.field, lang)}</summary>
        <div class="pop-body">
          <p>${why}</p>
          ${fieldHref ? html`<p><a href="${fieldHref(f.number)}">${t.filterByField}</a></p>` : ''}
        </div>
      </details>`;
    }),
    ' ',
  );
}

function people(hit: SearchHit, record: CauRecord | undefined, lang: Lang): Html {
  const t = messages(lang);
  if (hit.type === 'patent') {
    const names = (hit.applicants ?? []).map((a) => a.name);
    return names.length
      ? html`<p class="who">
          <span class="label">${t.applicants}:</span>
          ${names.slice(0, 4).join('; ')}${names.length > 4 ? ' …' : ''}
        </p>`
      : html``;
  }
  const creators = hit.creators ?? [];
  const publisher = record?.type === 'research' ? record.publisher : undefined;
  return html`<p class="who">
    ${
      creators.length
        ? html`<span class="label">${t.creators}:</span>
            ${creators.slice(0, 4).join('; ')}${creators.length > 4 ? ' …' : ''}`
        : ''
    }${publisher ? html`${creators.length ? ' · ' : ''}<span class="label">${t.publisher}:</span> ${publisher}` : ''}
  </p>`;
}

export function hitCard(
  hit: SearchHit,
  record: CauRecord | undefined,
  lang: Lang,
  position: number,
  extras: HitExtras = {},
): Html {
  const t = messages(lang);
  const title = hit.highlights.title?.[0] ? raw(hit.highlights.title[0]) : hit.title;
  const kind = hit.type === 'patent' ? kindOfId(hit.id) : undefined;
  const resourceType = record?.type === 'research' ? record.resourceType : undefined;
  const readiness = record?.readiness;
  const fragments = ['abstract', 'claims', 'description', 'subjects']
    .map((f) => hit.highlights[f]?.[0])
    .filter((f): f is string => Boolean(f))
    .slice(0, 2);
  const meta = [
    hit.id,
    hit.published ? formatDate(hit.published, lang) : '',
    hit.ipc.slice(0, 3).join(', '),
  ].filter(Boolean);
  return html`<li class="hit" id="hit-${position}">
    <h3><a href="${recordHref(hit.id)}">${title}</a></h3>
    <div class="badges" role="group" aria-label="${t.badgesLabel}">
      <span class="badge ${hit.type}">${typeName(hit.type, lang)}</span>
      ${kind ? html`<span class="badge kind">${kindName(kind, lang)}</span>` : ''}
      ${resourceType ? html`<span class="badge kind">${resourceTypeName(resourceType, lang)}</span>` : ''}
      ${fieldBadges(hit.technologyFields, hit.ipc, lang, extras.fieldHref)}
      ${readiness ? readinessDetails(readiness, lang, hit.id) : hit.readiness ? html`<span class="badge trl">TRL ${hit.readiness.level}</span>` : ''}
    </div>
    <p class="meta">${meta.join(' · ')}</p>
    ${people(hit, record, lang)}
    ${(extras.passages ?? fragments.map((text) => ({ field: '', text }))).map(
      (p) =>
        html`<p class="frag">
          ${p.field ? html`<span class="label">${t.fieldNames(p.field)}:</span> ` : ''}${raw(p.text)}
        </p>`,
    )}
    ${
      extras.matchedTerms?.length
        ? html`<p class="terms">
            <span class="label">${t.matchedTerms}:</span> ${extras.matchedTerms.join(', ')}
          </p>`
        : ''
    }
    ${extras.after ?? ''}
  </li>`;
}

export const countText = (n: number, lang: Lang): string => formatNumber(n, lang);
