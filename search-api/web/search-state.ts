import { parseDateInput } from './format';

/**
 * The search screen's state lives in its URL, with the same parameter names as /api/search
 * (so export and feed links are the page's own query string), plus `shown`: how many hits the
 * reader has loaded with "more results". Reload, back/forward and a shared link restore it.
 */
export const FILTERS = ['type', 'ipc', 'field', 'sector', 'from', 'to'] as const;
export type FilterKey = (typeof FILTERS)[number];
export const PAGE_SIZE = 20;
/** Most hits one screen holds (what an export gives at most). */
export const MAX_SHOWN = 1000;

export interface SearchState {
  q: string;
  type?: string;
  ipc?: string;
  field?: string;
  sector?: string;
  from?: string;
  to?: string;
  sort?: string;
  shown: number;
  lang?: string;
}

export interface ParsedState {
  state: SearchState;
  /** Date filters that are no date, as typed. */
  badDates: string[];
  /** The same state in canonical form differs from the URL asked (empty fields, dd/mm/yyyy). */
  canonical?: string;
}

const KEYS = ['q', ...FILTERS, 'sort', 'shown', 'lang'] as const;

const one = (v: unknown): string | undefined => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === 'string' ? s : undefined;
};

export function parseState(query: Record<string, unknown>): ParsedState {
  const badDates: string[] = [];
  let changed = false;
  const state: SearchState = { q: '', shown: PAGE_SIZE };
  for (const key of KEYS) {
    const raw = one(query[key]);
    if (raw === undefined) continue;
    const value = key === 'q' ? raw : raw.trim();
    if (value.trim() === '') {
      changed = true;
      continue;
    }
    if (key === 'from' || key === 'to') {
      const iso = parseDateInput(value, key === 'from' ? 'start' : 'end');
      if (iso === undefined) badDates.push(value);
      else if (iso !== value) changed = true;
      state[key] = iso ?? value;
    } else if (key === 'shown') {
      const n = Number(value);
      state.shown = Number.isInteger(n) && n > 0 ? Math.min(n, MAX_SHOWN) : PAGE_SIZE;
      if (String(state.shown) !== value || state.shown === PAGE_SIZE) changed = true;
    } else {
      state[key] = value;
    }
  }
  return { state, badDates, ...(changed ? { canonical: stateUrl(state) } : {}) };
}

/** The state as query parameters, in a fixed order, leaving out what is empty or default. */
export function stateParams(
  state: Partial<SearchState>,
  options: { paging?: boolean; lang?: boolean } = {},
): URLSearchParams {
  const p = new URLSearchParams();
  if (state.q?.trim()) p.set('q', state.q);
  for (const key of FILTERS) if (state[key]) p.set(key, state[key]!);
  if (state.sort) p.set('sort', state.sort);
  if (options.paging !== false && state.shown && state.shown !== PAGE_SIZE) {
    p.set('shown', String(state.shown));
  }
  if (options.lang !== false && state.lang) p.set('lang', state.lang);
  return p;
}

export function stateUrl(state: Partial<SearchState>, path = '/'): string {
  const qs = stateParams(state).toString();
  return qs ? `${path}?${qs}` : path;
}

/** A link to the same search with some parameters changed; paging starts again. */
export function withChanges(
  state: SearchState,
  changes: Partial<Record<keyof SearchState, string | undefined>>,
): string {
  const next = { ...state, ...changes, shown: PAGE_SIZE } as SearchState;
  return stateUrl(next);
}

/** The search as /api/search parameters (what export and feed take too). */
export function apiParams(state: SearchState): Record<string, string> {
  return Object.fromEntries(stateParams(state, { paging: false, lang: false }));
}

export const activeFilterCount = (state: SearchState): number =>
  FILTERS.filter((k) => state[k]).length;
