import { TECHNOLOGY_FIELDS } from '../../analyzers';
import type { FacetValue } from '../../search-index';
import { barList, fillYears, yearChart } from './charts';
import { dateInputValue, formatDate, formatNumber } from './format';
import { hitCard } from './hit';
import { html, type Html } from './html';
import { messages, type Lang } from './i18n';
import { page } from './layout';
import { fieldName, fieldNameByNumber, ipcSectionName, sectorName, typeName } from './labels';
import type { SearchModel } from './search-model';
import {
  activeFilterCount,
  apiParams,
  PAGE_SIZE,
  stateParams,
  stateUrl,
  withChanges,
  type SearchState,
} from './search-state';

/** Sectors in WIPO order: their position names the CSS colour class of a field's bar. */
const SECTORS = [...new Set(TECHNOLOGY_FIELDS.map((f) => f.sector))];
export const sectorClass = (sector: string): string => `sector-${SECTORS.indexOf(sector)}`;

const fieldNumberOf = (value: string): number | undefined =>
  /^\d+$/.test(value)
    ? Number(value)
    : TECHNOLOGY_FIELDS.find((f) => f.field.toLowerCase() === value.toLowerCase())?.number;

const yearOf = (state: SearchState): string | undefined => {
  const y = state.from?.slice(0, 4);
  return y && state.from === `${y}-01-01` && state.to === `${y}-12-31` ? y : undefined;
};

const fieldHref = (state: SearchState) => (n: number) => withChanges(state, { field: String(n) });

interface Chip {
  label: string;
  href: string;
}

export function chips(state: SearchState, lang: Lang): Chip[] {
  const t = messages(lang);
  const out: Chip[] = [];
  if (state.type) {
    out.push({
      label: `${t.facetType}: ${typeName(state.type, lang)}`,
      href: withChanges(state, { type: undefined }),
    });
  }
  if (state.sector) {
    out.push({
      label: `${t.facetSector}: ${sectorName(state.sector, lang)}`,
      href: withChanges(state, { sector: undefined }),
    });
  }
  if (state.field) {
    const n = fieldNumberOf(state.field);
    out.push({
      label: `${t.facetField}: ${n ? fieldNameByNumber(n, lang) : state.field}`,
      href: withChanges(state, { field: undefined }),
    });
  }
  if (state.ipc) {
    out.push({ label: `IPC: ${state.ipc}`, href: withChanges(state, { ipc: undefined }) });
  }
  const year = yearOf(state);
  if (year) {
    out.push({
      label: t.chipYear(year),
      href: withChanges(state, { from: undefined, to: undefined }),
    });
  } else {
    if (state.from) {
      out.push({
        label: t.chipFrom(formatDate(state.from, lang)),
        href: withChanges(state, { from: undefined }),
      });
    }
    if (state.to) {
      out.push({
        label: t.chipTo(formatDate(state.to, lang)),
        href: withChanges(state, { to: undefined }),
      });
    }
  }
  return out;
}

interface FacetGroup {
  title: string;
  values: { label: string; count: number; href: string; active: boolean }[];
  /** Values shown before "show all". */
  visible: number;
}

function facetGroups(model: SearchModel, state: SearchState, lang: Lang): FacetGroup[] {
  const t = messages(lang);
  const f = model.response.facets;
  if (!f) return [];
  const toggle = (key: keyof SearchState, value: string, current: string | undefined) =>
    current === value
      ? withChanges(state, { [key]: undefined })
      : withChanges(state, { [key]: value });
  const simple = (
    values: FacetValue[],
    key: 'type' | 'sector' | 'ipc',
    label: (v: string) => string,
  ) =>
    values.map((v) => ({
      label: label(v.value),
      count: v.count,
      href: toggle(key, v.value, state[key]),
      active: state[key] === v.value,
    }));
  const activeField = state.field ? fieldNumberOf(state.field) : undefined;
  const year = yearOf(state);
  return [
    { title: t.facetType, values: simple(f.type, 'type', (v) => typeName(v, lang)), visible: 8 },
    {
      title: t.facetSector,
      values: simple(f.sector, 'sector', (v) => sectorName(v, lang)),
      visible: 8,
    },
    {
      title: t.facetField,
      values: f.technologyField.map((v) => ({
        label: fieldName(Number(v.value), v.name, lang),
        count: v.count,
        href: toggle('field', v.value, activeField === Number(v.value) ? v.value : undefined),
        active: activeField === Number(v.value),
      })),
      visible: 6,
    },
    {
      title: t.facetIpcSection,
      values: simple(f.ipcSection, 'ipc', (v) => `${v} · ${ipcSectionName(v, lang)}`),
      visible: 8,
    },
    { title: t.facetIpcSubclass, values: simple(f.ipcSubclass, 'ipc', (v) => v), visible: 6 },
    {
      title: t.facetYear,
      values: f.year
        .filter((v) => /^\d{4}$/.test(v.value))
        .map((v) => ({
          label: v.value,
          count: v.count,
          href:
            year === v.value
              ? withChanges(state, { from: undefined, to: undefined })
              : withChanges(state, { from: `${v.value}-01-01`, to: `${v.value}-12-31` }),
          active: year === v.value,
        })),
      visible: 12,
    },
  ].filter((g) => g.values.length > 0);
}

function facetList(g: FacetGroup, lang: Lang): Html {
  const t = messages(lang);
  const item = (v: FacetGroup['values'][number]) =>
    html`<li>
      <a href="${v.href}" ${v.active ? html` aria-current="true" class="active"` : ''}
        ><span class="facet-label">${v.label}</span>
        <span class="count">${formatNumber(v.count, lang)}</span
        >${v.active ? html`<span class="visually-hidden"> (${t.facetSelected})</span>` : ''}</a
      >
    </li>`;
  const first = g.values.slice(0, g.visible);
  const rest = g.values.slice(g.visible);
  return html`<section class="facet">
    <h3>${g.title}</h3>
    <ul>
      ${first.map(item)}
    </ul>
    ${
      rest.length
        ? html`<details class="facet-more">
            <summary>${t.facetShowAll(g.values.length)}</summary>
            <ul>
              ${rest.map(item)}
            </ul>
          </details>`
        : ''
    }
  </section>`;
}

function filterPanel(model: SearchModel | undefined, state: SearchState, lang: Lang): Html {
  const t = messages(lang);
  return html`<aside id="filters" class="filters" aria-labelledby="filters-h">
    <h2 id="filters-h">${t.filters}</h2>
    ${model ? facetGroups(model, state, lang).map((g) => facetList(g, lang)) : ''}
    <section class="facet controls" aria-labelledby="narrow-h">
      <h3 id="narrow-h">${t.narrow}</h3>
      <label for="f-from">${t.fromLabel} <span class="hint">(${t.dateHint})</span></label>
      <input
        id="f-from"
        name="from"
        form="search"
        inputmode="numeric"
        autocomplete="off"
        value="${dateInputValue(state.from, lang)}"
      />
      <label for="f-to">${t.toLabel} <span class="hint">(${t.dateHint})</span></label>
      <input
        id="f-to"
        name="to"
        form="search"
        inputmode="numeric"
        autocomplete="off"
        value="${dateInputValue(state.to, lang)}"
      />
      <label for="f-ipc">${t.ipcLabel} <span class="hint">(${t.ipcHint})</span></label>
      <input id="f-ipc" name="ipc" form="search" autocomplete="off" value="${state.ipc ?? ''}" />
      <button type="submit" form="search">${t.apply}</button>
    </section>
  </aside>`;
}

/** Sort order beside the count; the page's script submits on change, the button without it. */
function sortControl(state: SearchState, lang: Lang): Html {
  const t = messages(lang);
  const selected = (cond: boolean): Html => (cond ? html` selected` : html``);
  const hasQuery = Boolean(state.q.trim());
  return html`<p class="sort">
    <label for="f-sort">${t.sortLabel}</label>
    <select id="f-sort" name="sort" form="search" data-autosubmit>
      <option value="">${hasQuery ? t.sortRelevance : t.sortDate}</option>
      ${hasQuery ? html`<option value="date" ${selected(state.sort === 'date')}>${t.sortDate}</option>` : ''}
      <option value="readiness" ${selected(state.sort === 'readiness')}>${t.sortReadiness}</option>
    </select>
    <button type="submit" form="search" class="secondary js-hide">${t.apply}</button>
  </p>`;
}

function charts(model: SearchModel, lang: Lang): Html {
  const t = messages(lang);
  const years = fillYears(model.years);
  const sum = (k: 'patent' | 'research') => model.years.reduce((a, y) => a + y[k], 0);
  const fields = (model.response.facets?.technologyField ?? []).slice(0, 8);
  const n = (x: number) => formatNumber(x, lang);
  return html`<section class="overview" aria-labelledby="overview-h">
    <h2 id="overview-h">${t.overview}</h2>
    ${
      years.length
        ? html`<figure>
            <figcaption>${t.chartYears}</figcaption>
            ${yearChart('chart-years', years, {
              title: t.chartYears,
              desc: t.chartYearsDesc(
                years[0]!.label ?? String(years[0]!.year),
                String(years.at(-1)!.year),
                n(sum('patent')),
                n(sum('research')),
              ),
            })}
            <ul class="legend">
              <li><span class="swatch bar-patent"></span>${t.patents}</li>
              <li><span class="swatch bar-research"></span>${t.researchResults}</li>
            </ul>
          </figure>`
        : ''
    }
    ${
      model.organisations.length
        ? html`<figure>
            <figcaption>
              ${t.chartOrgs}
              <span class="hint">(${t.chartOrgsNote(n(model.organisationSample))})</span>
            </figcaption>
            ${barList(
              'chart-orgs',
              model.organisations.map((o) => ({ label: o.name, value: o.count, cls: 'bar' })),
              {
                title: `${t.chartOrgs} (${t.chartOrgsNote(n(model.organisationSample))})`,
                desc: model.organisations.map((o) => `${o.name}: ${o.count}`).join('; '),
              },
            )}
          </figure>`
        : ''
    }
    ${
      fields.length
        ? html`<figure>
            <figcaption>${t.chartFields}</figcaption>
            ${barList(
              'chart-fields',
              fields.map((f) => {
                const info = TECHNOLOGY_FIELDS.find((x) => x.number === Number(f.value));
                return {
                  label: fieldName(Number(f.value), f.name, lang),
                  value: f.count,
                  cls: info ? sectorClass(info.sector) : 'bar',
                };
              }),
              {
                title: t.chartFields,
                desc: fields
                  .map((f) => `${fieldName(Number(f.value), f.name, lang)}: ${f.count}`)
                  .join('; '),
              },
            )}
            <ul class="legend">
              ${SECTORS.filter((s) =>
                fields.some(
                  (f) => TECHNOLOGY_FIELDS.find((x) => x.number === Number(f.value))?.sector === s,
                ),
              ).map(
                (s) =>
                  html`<li>
                    <span class="swatch ${sectorClass(s)}"></span>${sectorName(s, lang)}
                  </li>`,
              )}
            </ul>
          </figure>`
        : ''
    }
  </section>`;
}

function suggestionList(model: SearchModel, state: SearchState, lang: Lang): Html {
  const t = messages(lang);
  const label = {
    toneless: t.tryToneless,
    unfiltered: t.tryWithoutFilters,
    spelling: t.didYouMean,
  };
  if (!state.q.trim() && activeFilterCount(state) === 0) {
    return html`<div class="empty"><p class="empty-title">${t.emptyIndex}</p></div>`;
  }
  return html`<div class="empty">
    <p class="empty-title">${state.q.trim() ? t.noResultsFor(state.q.trim()) : t.noResults}</p>
    ${
      model.suggestions.length
        ? html`<p>${t.suggestions}</p>
            <ul class="suggestions">
              ${model.suggestions.map((s) => {
                const r = s.request;
                const href = stateUrl({
                  q: r.query ?? '',
                  type: r.type,
                  ipc: r.ipc,
                  field: r.field === undefined ? undefined : String(r.field),
                  sector: r.sector,
                  from: r.from,
                  to: r.to,
                  sort: state.sort,
                });
                return html`<li>
                  ${label[s.kind]}: <a href="${href}">${r.query ?? t.noResults}</a>
                  <span class="count">(${t.suggestionCount(formatNumber(s.total, lang))})</span>
                </li>`;
              })}
            </ul>`
        : ''
    }
    <p class="hint">${t.emptyTips}</p>
  </div>`;
}

/** The "more results" link: a real link for readers without JavaScript, a fetch with it. */
export function moreLink(
  state: SearchState,
  shown: number,
  total: number,
  nextCursor: string | undefined,
  lang: Lang,
): Html {
  if (!nextCursor) return html``;
  const t = messages(lang);
  const next = Math.min(shown + PAGE_SIZE, 1000);
  const fragment = stateParams(state, { paging: false, lang: false });
  fragment.set('cursor', nextCursor);
  fragment.set('start', String(shown + 1));
  if (state.lang) fragment.set('lang', state.lang);
  return html`<p class="more-wrap">
    <a
      class="more button"
      id="more"
      href="${stateUrl({ ...state, shown: next })}#hit-${shown + 1}"
      data-fragment="/search/more?${fragment.toString()}"
      data-total="${total}"
      data-loading="${t.loading}"
      >${t.more}</a
    >
  </p>`;
}

function downloads(state: SearchState, lang: Lang): Html {
  const t = messages(lang);
  const params = new URLSearchParams(apiParams(state));
  const link = (format: string, label: string) => {
    const p = new URLSearchParams(params);
    p.set('format', format);
    return html`<a href="/api/export?${p.toString()}" download>${label}</a>`;
  };
  const feed = new URLSearchParams(params);
  feed.set('lang', lang);
  return html`<div class="tools">
    <p>
      <span class="label">${t.download}</span> <span class="hint">(${t.downloadHint})</span>:
      ${link('csv', 'CSV')} · ${link('ris', 'RIS')} · ${link('bibtex', 'BibTeX')} ·
      ${link('json', 'JSON')}
    </p>
    <p>
      <a class="feed" href="/api/feed?${feed.toString()}" type="application/atom+xml">${t.feed}</a>
      <span class="hint">— ${t.feedHint}</span>
    </p>
  </div>`;
}

export function feedUrl(state: SearchState, lang: Lang): string {
  const p = new URLSearchParams(apiParams(state));
  p.set('lang', lang);
  return `/api/feed?${p.toString()}`;
}

export function hitItems(
  model: Pick<SearchModel, 'hits' | 'records'>,
  state: SearchState,
  lang: Lang,
  start = 1,
): Html[] {
  return model.hits.map((h, i) =>
    hitCard(h, model.records.get(h.id), lang, start + i, { fieldHref: fieldHref(state) }),
  );
}

export interface SearchPageInput {
  lang: Lang;
  url: string;
  state: SearchState;
  model?: SearchModel;
  error?: string;
}

export function searchPage({ lang, url, state, model, error }: SearchPageInput): string {
  const t = messages(lang);
  const q = state.q.trim();
  const n = (x: number) => formatNumber(x, lang);
  const chipList = chips(state, lang);
  const total = model?.response.total ?? 0;
  const browsing = !q;
  const status = model
    ? html`<p class="status" id="status">
        ${browsing ? t.browseCount(n(total)) : t.resultCount(n(total))}${
          model.hits.length < total
            ? html` <span class="hint" id="showing"
                >(${t.showing(n(model.hits.length), n(total))})</span
              >`
            : ''
        }
      </p>`
    : '';
  const intro =
    browsing && activeFilterCount(state) === 0 && !error
      ? html`<section class="intro" aria-labelledby="intro-h">
          <h2 id="intro-h">${t.introTitle}</h2>
          <p>${t.introText}</p>
          <p>
            ${t.introExamples}
            ${[
              'phân bón hữu cơ',
              'phan bon vo trau',
              'rice husk fertilizer',
              '"năng lượng mặt trời"',
              'pa:"Đại học Cần Thơ"',
            ].map(
              (ex, i) =>
                html`${i ? ' · ' : ''}<a href="${stateUrl({ q: ex })}"><code>${ex}</code></a>`,
            )}
          </p>
          <p><a href="/prior-art">${t.introPriorArt}</a></p>
        </section>`
      : '';
  const body = html`<form id="search" class="search" role="search" action="/" method="get">
      <label for="q" class="visually-hidden">${t.queryLabel}</label>
      <input
        id="q"
        type="search"
        name="q"
        value="${state.q}"
        placeholder="${t.queryPlaceholder}"
        autocomplete="off"
        maxlength="1000"
        ${browsing && !error && activeFilterCount(state) === 0 ? html` autofocus` : ''}
      />
      <button type="submit">${t.searchButton}</button>
      ${(['type', 'field', 'sector'] as const).map((k) => (state[k] ? html`<input type="hidden" name="${k}" value="${state[k]}" />` : ''))}
    </form>
    <div class="layout">
      ${filterPanel(model, state, lang)}
      <main id="results" class="results" tabindex="-1" aria-labelledby="results-h">
        <h2 id="results-h" class="visually-hidden">${t.resultsHeading}</h2>
        ${intro}
        ${
          chipList.length
            ? html`<div class="chips" role="group" aria-label="${t.activeFilters}">
                <span class="label">${t.activeFilters}:</span> ${chipList.map(
                  (c) =>
                    html`<a class="chip" href="${c.href}" aria-label="${t.removeFilter(c.label)}"
                      >${c.label} <span aria-hidden="true">×</span></a
                    > `,
                )}${chipList.length > 1 ? html`<a class="clear" href="${stateUrl({ q: state.q, sort: state.sort })}">${t.clearFilters}</a>` : ''}
              </div>`
            : ''
        }
        ${
          error
            ? html`<div class="error" role="alert">
                <p><strong>${t.errorTitle}</strong></p>
                <p>${error}</p>
              </div>`
            : ''
        }
        <div class="result-head">
          ${status}<button
            type="button"
            class="filters-toggle"
            aria-controls="filters"
            aria-expanded="false"
            hidden
          >
            ${t.filtersToggle(activeFilterCount(state))}</button
          >${model && total > 1 ? sortControl(state, lang) : ''}
        </div>
        ${model?.response.relaxed ? html`<p class="note">${t.relaxedNote}</p>` : ''}
        ${model && total === 0 ? suggestionList(model, state, lang) : ''}
        ${
          model && model.hits.length
            ? html`<ol class="hits" id="hits" tabindex="-1" aria-label="${t.resultsHeading}">
                ${hitItems(model, state, lang)}
              </ol>`
            : ''
        }
        ${model ? moreLink(state, model.hits.length, total, model.response.nextCursor, lang) : ''}
        ${model && total > 0 ? downloads(state, lang) : ''}
      </main>
      ${model && total > 0 ? charts(model, lang) : ''}
    </div>`;
  return page({
    lang,
    title: q ? `${q} — ${t.siteName}` : `${t.siteName} — ${t.searchTitle}`,
    url,
    body,
    skipTo: model?.hits.length ? 'hits' : 'results',
    skipLabel: t.skipToResults,
    section: 'search',
    bodyClass: q || activeFilterCount(state) ? 'search has-query' : 'search',
    head:
      model && !error
        ? html`<link
            rel="alternate"
            type="application/atom+xml"
            title="${t.feed}"
            href="${feedUrl(state, lang)}"
          />`
        : undefined,
  });
}
