import { canonicalPatentId } from '../../analyzers';

/**
 * Normalisers shared by every format: IPC codes, dates, patent ids, language codes.
 * Pure functions; each returns undefined for input it cannot read rather than guessing.
 */

const IPC_SPACED = /([A-H])\s*(\d{2})\s*([A-Z])\s*0*(\d{1,4})\s*\/\s*(\d{1,6})/;
const IPC_PACKED = /^([A-H]\d{2}[A-Z])(\d{4})(\d{6})/;
const IPC_SUBCLASS_ONLY = /^([A-H]\d{2}[A-Z])$/;

/**
 * Normalises an IPC symbol to "C05F 11/08". Accepts the forms patent XML uses:
 * "C05F 11/08", "C05F11/08", fixed-column ipcr text ("H04N   1/40        20060101AFI…"),
 * old edition-prefixed "7A01N 43/40", packed "C05F0011080000", and a bare subclass "C05F".
 */
export function normalizeIpc(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.normalize('NFKC').toUpperCase().trim();
  const packed = IPC_PACKED.exec(s.replace(/\s+/g, ''));
  if (packed && !s.includes('/')) {
    const [, subclass, group, sub] = packed as unknown as [string, string, string, string];
    return formatIpc(subclass, group, sub.replace(/0+$/, '').padEnd(2, '0'));
  }
  const m = IPC_SPACED.exec(s);
  if (m) {
    const [, section, cls, subclass, group, sub] = m as unknown as string[];
    return formatIpc(`${section}${cls}${subclass}`, group!, sub!);
  }
  const bare = IPC_SUBCLASS_ONLY.exec(s.replace(/^\d+\s*/, ''));
  return bare ? bare[1] : undefined;
}

/** Builds the normal form from the parts of a structured `classification-ipcr`. */
export function ipcFromParts(parts: {
  section?: string;
  class?: string;
  subclass?: string;
  mainGroup?: string;
  subgroup?: string;
}): string | undefined {
  const { section, class: cls, subclass, mainGroup, subgroup } = parts;
  if (!section || !cls || !subclass) return undefined;
  const sub = `${section}${cls}${subclass}`.replace(/\s+/g, '').toUpperCase();
  if (!mainGroup) return normalizeIpc(sub);
  return normalizeIpc(`${sub} ${mainGroup.trim()}/${(subgroup ?? '00').trim()}`);
}

function formatIpc(subclass: string, group: string, sub: string): string {
  return `${subclass} ${String(Number(group))}/${sub}`;
}

/** Keeps the first occurrence of each code, in order (main classification first). */
export function uniqueIpc(codes: (string | undefined)[]): string[] {
  return [...new Set(codes.filter((c): c is string => !!c))];
}

/**
 * Normalises a date to "YYYY-MM-DD". Accepts "20060607", "2006-06-07", "2006-06-07T10:00:00Z",
 * "2006.06.07", "07/06/2006" (day first, as Vietnamese documents write it), "200606", "2006-06"
 * and "2006" (missing parts become 01). Returns undefined for anything that is not a real date.
 */
export function normalizeDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  for (const re of DATE_FORMATS) {
    const g = re.exec(s)?.groups;
    if (!g?.y) continue;
    const out = `${g.y}-${(g.m ?? '01').padStart(2, '0')}-${(g.d ?? '01').padStart(2, '0')}`;
    const t = Date.parse(`${out}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== out) return undefined;
    return Number(g.y) < 1700 ? undefined : out;
  }
  return undefined;
}

const DATE_FORMATS: readonly RegExp[] = [
  /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  /^(?<y>\d{4})[-./](?<m>\d{1,2})[-./](?<d>\d{1,2})(?:$|[T\s])/,
  /^(?<d>\d{1,2})[/.](?<m>\d{1,2})[/.](?<y>\d{4})$/,
  /^(?<y>\d{4})-?(?<m>\d{2})$/,
  /^(?<y>\d{4})$/,
];

/**
 * "US-9358892-B1", "VN-1-0021873-B": office, the number in its canonical form (no separators, no
 * leading zeros, fixed-width serials as the office writes them: analyzers/numbers.ts), kind code.
 * The record keeps the number as the source wrote it in `docNumber`.
 */
export function patentId(country: string, docNumber: string, kind?: string): string {
  return canonicalPatentId(country, docNumber, kind);
}

/** Lower-case ISO 639-1 code from "vi", "VI", "vie", "en-US", "eng"; undefined when unknown. */
export function normalizeLang(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const three: Record<string, string> = {
    vie: 'vi',
    eng: 'en',
    fre: 'fr',
    fra: 'fr',
    ger: 'de',
    deu: 'de',
    jpn: 'ja',
    chi: 'zh',
    zho: 'zh',
    kor: 'ko',
    dut: 'nl',
    nld: 'nl',
    spa: 'es',
    rus: 'ru',
  };
  if (s.length === 2 && /^[a-z]{2}$/.test(s)) return s;
  return three[s];
}
