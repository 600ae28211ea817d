import type { Lang } from './i18n';

/**
 * Dates and numbers as each interface language writes them: Vietnamese dd/mm/yyyy and 1.234,
 * English "25 Jul 2019" and 1,234. Dates stay YYYY-MM-DD in URLs and the API.
 */
const MONTHS_EN = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

export function formatDate(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  return lang === 'vi' ? `${d}/${mo}/${y}` : `${Number(d)} ${MONTHS_EN[Number(mo) - 1]} ${y}`;
}

/** How a date filter is shown in its text box: the form the user would type. */
export function dateInputValue(iso: string | undefined, lang: Lang): string {
  if (!iso) return '';
  return lang === 'vi' ? formatDate(iso, 'vi') : iso;
}

export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n);
}

const isRealDate = (y: number, m: number, d: number): boolean => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * A date as a person types it into a filter: dd/mm/yyyy (or d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy),
 * YYYY-MM-DD, or a year alone, which means its first day (`start`) or its last (`end`).
 * Returns YYYY-MM-DD, or undefined when the text is no date.
 */
export function parseDateInput(text: string, bound: 'start' | 'end'): string | undefined {
  const s = text.trim();
  let m = /^(\d{4})$/.exec(s);
  if (m) return bound === 'start' ? `${m[1]}-01-01` : `${m[1]}-12-31`;
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDate(y, mo, d) ? iso(y, mo, d) : undefined;
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isRealDate(y, mo, d) ? iso(y, mo, d) : undefined;
  }
  return undefined;
}
