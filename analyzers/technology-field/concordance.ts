/**
 * WIPO's IPC – Technology Concordance (Schmoch 2008; ipc-technology-concordance.csv beside this
 * module, see SOURCES.md): IPC codes → the 35 technology fields in 5 sectors.
 *
 * Lookup is by LONGEST PREFIX over the three forms the table's prefixes take: a class ("H10"), a
 * subclass ("H01M") and a subclass plus main group ("G01N 33"). The main group is compared as a
 * whole number, so "G01N 33/48" finds "G01N 33" (Analysis of biological materials) before
 * "G01N" would, and "H04N 1" never matches "H04N 13/…" or "H04N 101/…".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TechnologyFieldAssignment, TechnologyFieldInfo } from './types';

export const CONCORDANCE_HEADER = 'field_number,field_name,sector,ipc_prefix';

export interface ConcordanceRow extends TechnologyFieldInfo {
  /** The prefix as the table writes it, e.g. "G01N 33". */
  ipcPrefix: string;
}

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, "" inside quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') endRow();
    else if (c !== '\r') field += c;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Parses the concordance CSV; throws an Error naming the first malformed line. */
export function parseConcordance(csv: string): ConcordanceRow[] {
  const [header, ...rows] = parseCsv(csv);
  if (header?.join(',') !== CONCORDANCE_HEADER) {
    throw new Error(`concordance: expected header "${CONCORDANCE_HEADER}"`);
  }
  return rows.map((cols, i) => {
    const [num, field, sector, prefix] = cols.map((c) => c.trim());
    const number = Number(num);
    if (cols.length !== 4 || !Number.isInteger(number) || !field || !sector || !prefix) {
      throw new Error(`concordance line ${i + 2}: malformed row ${JSON.stringify(cols)}`);
    }
    return { number, field, sector, ipcPrefix: prefix };
  });
}

/** The parts of an IPC symbol the table is keyed on. */
export interface IpcKey {
  /** Class, e.g. "G01". */
  cls: string;
  /** Subclass, e.g. "G01N" (absent for a class-only prefix such as "H10"). */
  subclass?: string;
  /** Main group as a number, e.g. 33. */
  group?: number;
}

/**
 * Reads an IPC (or CPC) symbol or table prefix in any of its usual spellings: "G01N 33/48",
 * "G01N33/48", "G01N  33/%", "G01N 33", "G01N0033480000" (the 14-character form),
 * "G01N 33/48 (2006.01)", "H10". Undefined when it is no IPC symbol.
 */
export function parseIpc(code: string): IpcKey | undefined {
  const s = code.toUpperCase().replace(/\s+/g, ' ').trim();
  const m = /^([A-H]\d\d)(?:([A-Z])(?: ?(?:(\d{4})(?=\d{6}\b)|(\d{1,4})\b))?)?/.exec(s);
  if (!m) return undefined;
  const [, cls, letter, padded, plain] = m;
  if (!letter) return /^[A-H]\d\d(?:$|[^A-Z0-9])/.test(s) ? { cls: cls! } : undefined;
  const subclass = `${cls}${letter}`;
  const digits = padded ?? plain;
  return digits === undefined
    ? { cls: cls!, subclass }
    : { cls: cls!, subclass, group: Number(digits) };
}

/** Keys of a parsed symbol, longest first: "G01N 33", "G01N", "G01". */
function lookupKeys(key: IpcKey): string[] {
  const keys: string[] = [];
  if (key.subclass !== undefined && key.group !== undefined) {
    keys.push(`${key.subclass} ${key.group}`);
  }
  if (key.subclass !== undefined) keys.push(key.subclass);
  keys.push(key.cls);
  return keys;
}

/** The normalised key of a table prefix ("G01N  33/%" → "G01N 33"). */
export function prefixKey(prefix: string): string {
  const key = parseIpc(prefix.replace(/%/g, ''));
  if (!key) throw new Error(`concordance: "${prefix}" is not an IPC prefix`);
  return lookupKeys(key)[0]!;
}

export class Concordance {
  readonly rows: readonly ConcordanceRow[];
  /** The 35 fields in number order. */
  readonly fields: readonly TechnologyFieldInfo[];
  private readonly byKey = new Map<string, TechnologyFieldInfo>();

  constructor(rows: readonly ConcordanceRow[]) {
    this.rows = rows;
    const fields = new Map<number, TechnologyFieldInfo>();
    for (const row of rows) {
      const info = { number: row.number, field: row.field, sector: row.sector };
      const known = fields.get(row.number);
      if (known && (known.field !== row.field || known.sector !== row.sector)) {
        throw new Error(`concordance: field ${row.number} has two names`);
      }
      if (!known) fields.set(row.number, info);
      const key = prefixKey(row.ipcPrefix);
      const other = this.byKey.get(key);
      if (other && other.number !== row.number) {
        throw new Error(
          `concordance: prefix ${key} is in fields ${other.number} and ${row.number}`,
        );
      }
      this.byKey.set(key, fields.get(row.number)!);
    }
    this.fields = [...fields.values()].sort((a, b) => a.number - b.number);
  }

  /** The field of one IPC symbol by longest prefix, or undefined when no row matches. */
  fieldOf(code: string): TechnologyFieldInfo | undefined {
    const key = parseIpc(code);
    if (!key) return undefined;
    for (const k of lookupKeys(key)) {
      const info = this.byKey.get(k);
      if (info) return info;
    }
    return undefined;
  }

  /**
   * The fields of a record's IPC codes (main code first): every field kept once, in the order of
   * the first code giving it, confidence 1, source "ipc". Codes with no row add nothing.
   */
  fieldsFromIpc(ipc: readonly string[]): TechnologyFieldAssignment[] {
    const out: TechnologyFieldAssignment[] = [];
    for (const code of ipc) {
      const info = this.fieldOf(code);
      if (info && !out.some((f) => f.number === info.number)) {
        out.push({ ...info, confidence: 1, source: 'ipc' });
      }
    }
    return out;
  }
}

export const CONCORDANCE_FILE = join(__dirname, 'ipc-technology-concordance.csv');

let cached: Concordance | undefined;

/** The concordance of ipc-technology-concordance.csv beside this module, read once. */
export function loadConcordance(): Concordance {
  cached ??= new Concordance(parseConcordance(readFileSync(CONCORDANCE_FILE, 'utf8')));
  return cached;
}

/** See Concordance.fieldsFromIpc. */
export function fieldsFromIpc(ipc: readonly string[]): TechnologyFieldAssignment[] {
  return loadConcordance().fieldsFromIpc(ipc);
}

/** The 35 WIPO technology fields with their sectors, in number order. */
export const TECHNOLOGY_FIELDS: readonly TechnologyFieldInfo[] = loadConcordance().fields;

/** The field of a number 1–35 (throws for another number). */
export function technologyField(number: number): TechnologyFieldInfo {
  const info = TECHNOLOGY_FIELDS[number - 1];
  if (info?.number !== number) throw new Error(`no WIPO technology field ${number}`);
  return info;
}
