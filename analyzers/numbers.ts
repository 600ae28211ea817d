import { createHash } from 'node:crypto';

/**
 * Publication and application numbers, and research identifiers, in every form an analyst types
 * them: one canonical form per number (docs/numbers.md), and the index keys both engines store
 * and look up. Pure functions; the office rules are a table.
 *
 * - A patent number's canonical form is office + number (+ kind). The number has no separators
 *   and no leading zeros, except where an office writes a fixed-width serial after a year or a
 *   type digit: there the serial is padded to its width (`WO2023012807`, US pre-grant
 *   `20210049351`, JP `2021044377`), and Viet Nam keeps IP Viet Nam's hyphenated form
 *   (`1-0021873`, `1-2018-03312`). Zeros that only pad are never significant: `1-21873`,
 *   `VN10021873` and `1-0021873` are one number.
 * - Research identifiers: `doi:` + the DOI in lower case (DOIs are case-insensitive), `hdl:`,
 *   `openalex:W…`, `orcid:` (check digit verified), `ror:`, and OAI identifiers as they are.
 */

/** An office's rule, applied to the number with separators removed (digits, maybe letters). */
interface OfficeRule {
  /** Year + serial publications: the serial's width (the number is 4-digit year + serial). */
  yearSerial?: number;
  /** Which lengths of all-digit numbers are year + serial (others: serials, zeros stripped). */
  yearSerialLengths?: number[];
}

/** Offices whose numbers are not "a serial without leading zeros"; every other office is. */
const OFFICES: Record<string, OfficeRule> = {
  US: { yearSerial: 7, yearSerialLengths: [11] },
  WO: { yearSerial: 6, yearSerialLengths: [10] },
  JP: { yearSerial: 6, yearSerialLengths: [10] },
};

/** Patent offices recognised in typed numbers (ISO 3166 alpha-2 of offices, and EP, WO, EA, AP, OA). */
export const PATENT_OFFICES: ReadonlySet<string> = new Set(
  (
    'US EP WO VN CN JP KR DE GB FR CA AU IN RU BR TW ES IT NL SE CH AT DK FI NO BE PL CZ MX SG ' +
    'MY TH ID PH IL ZA NZ EA AP OA HK AR CL CO PE PT IE LU GR TR UA HU RO BG SK SI HR RS YU SU ' +
    'DD EG MA SA AE GC KZ LT LV EE IS CY MT BY MD GE AM AZ UZ KG TJ MN LA KH MM BD PK LK NP'
  ).split(' '),
);

export interface PatentNumber {
  /** Office, upper case; undefined when the typed form named none. */
  country?: string;
  /** Canonical number (see canonicalPatentNumber). */
  number: string;
  /** Kind code, upper case, when given. */
  kind?: string;
}

const VN_PUBLICATION = /^([1-4])-?(\d{1,7})$/;
const VN_APPLICATION = /^([1-4])-?((?:19|20)\d{2})-?(\d{1,5})$/;

/**
 * The canonical form of a number of `country` (upper case), or of a number typed without an
 * office (country undefined: separators removed, Viet Nam's shapes recognised, leading zeros of
 * an all-digit number dropped). Returns undefined for text with no digit.
 */
export function canonicalPatentNumber(
  country: string | undefined,
  raw: string,
): string | undefined {
  const s = raw.normalize('NFKC').trim().toUpperCase();
  if (!/\d/.test(s)) return undefined;
  if (country === 'VN' || (country === undefined && /^[1-4]-/.test(s))) {
    const vn = vietnamese(s, country === 'VN');
    if (vn) return vn;
  }
  const rule = country ? OFFICES[country] : undefined;
  // "2021/0049351", "2023/012807", "2021-044377": a year, then a serial of the office's width.
  const split = /^((?:19|20)\d{2})\s*[/-]\s*(\d{1,7})$/.exec(s);
  if (split && rule?.yearSerial) return split[1]! + split[2]!.padStart(rule.yearSerial, '0');
  if (split && country === undefined) return split[1]! + split[2]!;
  // Old WO numbers: "WO 01/12345" is WO2001012345.
  const wo = /^(\d{2})\s*\/\s*(\d{1,6})$/.exec(s);
  if (wo && country === 'WO') {
    const year = Number(wo[1]) < 78 ? `20${wo[1]}` : `19${wo[1]}`;
    return year + wo[2]!.padStart(6, '0');
  }
  const packed = s.replace(/[\s,./-]+/g, '');
  if (!/^[A-Z]{0,2}\d+[A-Z]?$/.test(packed)) return packed;
  const m = /^([A-Z]*)(\d+)([A-Z]?)$/.exec(packed)!;
  const [, letters, digits, tail] = m as unknown as [string, string, string, string];
  if (rule?.yearSerialLengths?.includes(digits.length) && /^(?:19|20)/.test(digits) && !letters) {
    return digits + tail;
  }
  // "D0123456", "RE012345": a series letter, then the serial.
  return letters + digits.replace(/^0+(?=\d)/, '') + tail;
}

function vietnamese(s: string, certain: boolean): string | undefined {
  const packed = s.replace(/\s+/g, '');
  // Without hyphens only the full widths say which it is: 1+4+5 digits or 1+7.
  const hyphens = packed.includes('-');
  const app = VN_APPLICATION.exec(packed);
  // An application needs its year set off by a hyphen or the full 1+4+5 digits: "1-190000" is
  // publication 1-0190000 typed without its zeros, not an application of 1900 with serial 00.
  const yearSetOff =
    /^[1-4]-?(?:19|20)\d{2}-/.test(packed) || packed.replace(/-/g, '').length === 10;
  if (app && yearSetOff && (hyphens || (certain && packed.length === 10))) {
    return `${app[1]}-${app[2]}-${app[3]!.padStart(5, '0')}`;
  }
  const pub = VN_PUBLICATION.exec(packed);
  if (pub && (hyphens || (certain && packed.length === 8))) {
    return `${pub[1]}-${pub[2]!.padStart(7, '0')}`;
  }
  return undefined;
}

/** `CC-number-KIND` (or `CC-number` without a kind) with the canonical number. */
export function canonicalPatentId(country: string, number: string, kind?: string): string {
  const cc = country.normalize('NFKC').trim().toUpperCase();
  const num =
    canonicalPatentNumber(cc, number) ?? number.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const k = kind?.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return k ? `${cc}-${num}-${k}` : `${cc}-${num}`;
}

// ---------------------------------------------------------------------------------------------
// Reading a typed number

const KIND = '[A-Za-z][0-9]?';
/** Number shapes, most specific first. */
const NUMBER_SHAPES = [
  // Viet Nam: application 1-2018-03312, publication 1-0021873 (serials maybe unpadded)
  '[1-4]-(?:19|20)\\d{2}-\\d{1,5}',
  '[1-4]-\\d{1,7}',
  // thousands grouping: 9,358,892 / 3 404 678 / 11.147.202
  '\\d{1,3}(?:[ ,.]\\d{3})+(?![\\d])',
  // year / serial: 2021/0049351, 2023/012807, 2021-044377
  '(?:19|20)\\d{2}[/-]\\d{1,7}',
  // old WO: 01/12345
  '\\d{2}/\\d{4,6}',
  '\\d{3,}',
];
const FULL_VN = /^[1-4]-(?:(?:19|20)\d{2}-\d{5}|\d{7})$/;
const NUMBER_RE = `(?:${NUMBER_SHAPES.join('|')})`;

/**
 * A typed publication number: `US9358892B1`, `US 9,358,892 B1`, `EP 3 404 678`, `WO2023/012807`,
 * `VN 1-0021873`, `1-0021873-B`, `1-2018-03312`, `JP2021-044377 A`, a bare `9358892`, or an id
 * `US-09358892-B1`. Undefined when the text is not one number as a whole.
 */
export function parsePatentNumber(text: string): PatentNumber | undefined {
  const s = text.normalize('NFKC').trim();
  const m = new RegExp(`^(?:([A-Za-z]{2})[\\s-]*)?(${NUMBER_RE})(?:[\\s-]*(${KIND}))?$`).exec(s);
  if (!m) return undefined;
  const country = m[1]?.toUpperCase();
  if (country !== undefined && !PATENT_OFFICES.has(country)) return undefined;
  const number = canonicalPatentNumber(country, m[2]!);
  if (!number) return undefined;
  // Without an office, a short plain number is a count or a year, not a publication, and
  // "3-5" or "1-2018-12" is a range or a date: Viet Nam's forms need their full widths.
  if (country === undefined && /^\d+$/.test(number) && number.length < 6) return undefined;
  if (country === undefined && /^[1-4]-/.test(m[2]!) && !FULL_VN.test(m[2]!)) return undefined;
  // "10/0525" (an IPC group) or "2019/12": a year and serial need the office or a full serial.
  if (country === undefined && /^\d+[/-]\d{0,5}$/.test(m[2]!)) return undefined;
  const out: PatentNumber = { number };
  if (country) out.country = country;
  if (m[3]) out.kind = m[3].toUpperCase();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Research identifiers

/**
 * The canonical form of a research identifier (`doi:10.1038/srep16696`, `hdl:1765/1160`,
 * `openalex:W2741809807`, `orcid:0000-0001-6187-6610`, `ror:05ppvf150`, an `oai:` identifier as
 * is), or undefined when the text is none of them.
 */
export function canonicalIdentifier(text: string): string | undefined {
  const trimmed = text.normalize('NFKC').trim();
  // Resolver URLs percent-encode the "/" of a DOI or handle at times.
  const s = /^https?:\/\//i.test(trimmed) ? decodeSafely(trimmed) : trimmed;
  const doi =
    /^(?:doi:\s*|doi\s+|https?:\/\/(?:dx\.)?doi\.org\/|info:doi\/)?(10\.\d{4,9}\/\S+)$/i.exec(s);
  if (doi) return `doi:${decodeSafely(doi[1]!).toLowerCase()}`;
  const hdl = /^(?:hdl:\s*|handle:\s*|https?:\/\/hdl\.handle\.net\/)(\d[\w.]*\/\S+)$/i.exec(s);
  if (hdl) return `hdl:${decodeSafely(hdl[1]!).toLowerCase()}`;
  const oa = /^(?:openalex:|https?:\/\/(?:api\.)?openalex\.org\/(?:works\/)?)?(W\d{4,})$/i.exec(s);
  if (oa) return `openalex:${oa[1]!.toUpperCase()}`;
  const orcid = /^(?:orcid:\s*|https?:\/\/orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/i.exec(s);
  if (orcid && orcidChecksumOk(orcid[1]!)) return `orcid:${orcid[1]!.toUpperCase()}`;
  const ror = /^(?:ror:\s*|https?:\/\/ror\.org\/)(0[a-z0-9]{6}\d{2})$/i.exec(s);
  if (ror) return `ror:${ror[1]!.toLowerCase()}`;
  if (/^oai:[^\s:]+:\S+$/i.test(s)) return s;
  return undefined;
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** ISO 7064 MOD 11-2, the ORCID check digit: a typo or a random number fails it. */
function orcidChecksumOk(orcid: string): boolean {
  const digits = orcid.replace(/-/g, '');
  let total = 0;
  for (const c of digits.slice(0, 15)) total = (total + Number(c)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? 'X' : String(check));
}

// ---------------------------------------------------------------------------------------------
// Index keys

/**
 * The token a canonical form is stored and looked up as: `nk` and 64 bits of its SHA-1 in
 * decimal. One run of letters then digits, so every tokenizer of both engines keeps it whole,
 * no stemmer changes it, and no word of any text can equal it.
 */
export function numberKey(form: string): string {
  const hex = createHash('sha1').update(form).digest('hex').slice(0, 16);
  return `nk${BigInt(`0x${hex}`).toString()}`;
}

/** Canonical forms a patent's publication (or application) number is found by. */
export function patentForms(
  kind: 'pn' | 'an',
  country: string | undefined,
  number: string,
  code?: string,
): string[] {
  const cc = country?.toUpperCase();
  const num = canonicalPatentNumber(cc, number);
  if (!num) return [];
  // Found by its office-less form too: analysts often leave the office out.
  const bare = canonicalPatentNumber(undefined, num);
  const forms = cc ? [`${kind}:${cc}:${num}`] : [];
  if (cc && code) forms.unshift(`${kind}:${cc}:${num}:${code.toUpperCase()}`);
  if (bare) forms.push(`${kind}::${bare}`);
  return forms;
}

/** The forms a typed patent number is looked up by: the most specific its text allows. */
export function typedPatentForms(p: PatentNumber): string[] {
  if (p.country && p.kind) return [`pn:${p.country}:${p.number}:${p.kind}`];
  if (p.country) return [`pn:${p.country}:${p.number}`, `an:${p.country}:${p.number}`];
  return [`pn::${p.number}`, `an::${p.number}`];
}

// ---------------------------------------------------------------------------------------------
// Number spans in a query

export interface NumberSpan {
  /** 0-based offsets of the span in the query text. */
  start: number;
  end: number;
  /** The span as typed. */
  text: string;
  /** Canonical forms it is looked up by (numberKey of each is the index key). */
  forms: string[];
}

const IDENTIFIER_SPAN =
  /(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?10\.\d{4,9}\/[^\s"()]+|(?:hdl:|https?:\/\/hdl\.handle\.net\/)\d[\w.]*\/[^\s"()]+|(?:https?:\/\/openalex\.org\/)?W\d{6,}|(?:orcid:|https?:\/\/orcid\.org\/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]|(?:ror:|https?:\/\/ror\.org\/)0[a-z0-9]{6}\d{2}|oai:[^\s:"()]+:[^\s"()]+/gi;

/** An office then a number: "US 9,358,892 B1" (upper-case office when spaced), "us9358892b1". */
const PATENT_SPAN = new RegExp(
  `(?:([A-Z]{2})[ -]?|([A-Za-z]{2}))?(${NUMBER_RE})(?:[ -]?(${KIND}))?`,
  'g',
);

const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Every publication number or research identifier in a query, left to right, not overlapping:
 * what the query parser turns into number nodes. A span must stand alone (no letter or digit
 * right before or after it); a bare number needs six digits, so years and counts are not read
 * as numbers.
 */
export function findNumberSpans(query: string): NumberSpan[] {
  const q = query.normalize('NFC');
  const spans: NumberSpan[] = [];
  const taken = (s: number, e: number): boolean => spans.some((x) => s < x.end && e > x.start);
  const alone = (s: number, e: number): boolean =>
    (s === 0 || !WORD_CHAR.test(q[s - 1]!)) && (e === q.length || !WORD_CHAR.test(q[e]!));

  for (const m of q.matchAll(IDENTIFIER_SPAN)) {
    let text = m[0].replace(/[.,;]+$/, '');
    const start = m.index;
    const end = start + text.length;
    if (!alone(start, end)) continue;
    const form = canonicalIdentifier(text);
    if (!form) continue;
    text = q.slice(start, end);
    spans.push({ start, end, text, forms: [form] });
  }
  for (const m of q.matchAll(PATENT_SPAN)) {
    const start = m.index;
    let end = start + m[0].length;
    let kind = m[4];
    // A kind code must stand alone too: "US9358892 Battery" has none.
    if (kind && end < q.length && WORD_CHAR.test(q[end]!)) {
      end -= kind.length;
      kind = undefined;
      while (end > start && /[ -]/.test(q[end - 1]!)) end--;
    }
    if (!alone(start, end) || taken(start, end)) continue;
    const text = q.slice(start, end);
    const p = parsePatentNumber(text);
    if (!p) continue;
    // An office followed by a space counts only in capitals ("in 2019" is no Indian patent).
    if (!p.country && (m[1] || m[2])) continue;
    spans.push({ start, end, text, forms: typedPatentForms(p) });
  }
  return spans.sort((a, b) => a.start - b.start);
}
