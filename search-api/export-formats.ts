import { stringify } from 'csv-stringify/sync';
import { foldDiacritics } from '../analyzers';
import type { CauRecord } from '../search-index';

/**
 * Result sets as files people open elsewhere: CSV for Excel (UTF-8 with a byte-order mark, so
 * Vietnamese shows right; CRLF lines; every field quoted), RIS for reference managers, BibTeX,
 * and JSON with the whole records. Each writer is text in, text out, one record at a time, so
 * the route can stream. Every file says which search made it and when.
 */
export type ExportFormat = 'csv' | 'ris' | 'bibtex' | 'json';

export interface ExportMeta {
  /** The search in words, e.g. `q=phân bón; type=patent`. */
  query: string;
  /** The parameters as given (JSON export repeats them). */
  parameters: Record<string, unknown>;
  /** ISO date-time of the export. */
  exported: string;
  /** Absolute origin for record links, e.g. http://127.0.0.1:3000. */
  origin: string;
  /** Matches of the search (the file holds at most the export limit). */
  total: number;
}

export interface ExportWriter {
  contentType: string;
  extension: string;
  start(meta: ExportMeta): string;
  record(record: CauRecord, meta: ExportMeta, position: number): string;
  end(meta: ExportMeta): string;
}

export const recordUrl = (origin: string, id: string): string =>
  `${origin}/records/${encodeURIComponent(id)}`;

const people = (r: CauRecord): string[] => (r.type === 'patent' ? r.inventors : r.creators);
const institutions = (r: CauRecord): string[] =>
  r.type === 'patent' ? r.applicants.map((a) => a.name) : r.publisher ? [r.publisher] : [];
const kindOf = (r: CauRecord): string => (r.type === 'patent' ? r.kind : (r.resourceType ?? ''));
const doiOf = (r: CauRecord): string | undefined =>
  r.type === 'research'
    ? r.identifiers
        .map((i) => /(?:^|doi\.org\/|doi:\s*)(10\.\d{4,9}\/\S+)$/i.exec(i)?.[1])
        .find(Boolean)
    : undefined;

export const CSV_COLUMNS = [
  'id',
  'type',
  'kind',
  'title',
  'published',
  'filed',
  'applicants_or_institution',
  'inventors_or_authors',
  'ipc',
  'technology_fields',
  'trl',
  'abstract',
  'url',
  'query',
  'exported',
] as const;

const csvLine = (values: readonly string[]): string =>
  stringify([values], { quoted: true, record_delimiter: 'windows' });

const csv: ExportWriter = {
  contentType: 'text/csv; charset=utf-8',
  extension: 'csv',
  start: () => `\ufeff${csvLine(CSV_COLUMNS)}`,
  record: (r, meta) =>
    csvLine([
      r.id,
      r.type,
      kindOf(r),
      r.title,
      r.published ?? '',
      r.type === 'patent' ? (r.filed ?? '') : '',
      institutions(r).join('; '),
      people(r).join('; '),
      r.type === 'patent' ? r.ipc.join('; ') : '',
      (r.technologyFields ?? []).map((f) => f.field).join('; '),
      r.readiness ? String(r.readiness.level) : '',
      r.abstract ?? '',
      recordUrl(meta.origin, r.id),
      meta.query,
      meta.exported,
    ]),
  end: () => '',
};

const RIS_TYPES: Record<string, string> = {
  article: 'JOUR',
  'journal article': 'JOUR',
  thesis: 'THES',
  'master thesis': 'THES',
  'doctoral thesis': 'THES',
  'technical report': 'RPRT',
  report: 'RPRT',
  dataset: 'DATA',
  'working paper': 'UNPB',
  'conference paper': 'CPAPER',
  book: 'BOOK',
};

/** RIS values are one line each. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

const ris: ExportWriter = {
  contentType: 'application/x-research-info-systems; charset=utf-8',
  extension: 'ris',
  start: () => '',
  record: (r, meta) => {
    const lines: [string, string][] = [];
    const add = (tag: string, value: string | undefined): void => {
      if (value && oneLine(value)) lines.push([tag, oneLine(value)]);
    };
    add(
      'TY',
      r.type === 'patent' ? 'PAT' : (RIS_TYPES[(r.resourceType ?? '').toLowerCase()] ?? 'GEN'),
    );
    add('ID', r.id);
    add('TI', r.title);
    for (const p of people(r)) add('AU', p);
    for (const i of institutions(r)) add(r.type === 'patent' ? 'A2' : 'PB', i);
    if (r.published) {
      add('PY', r.published.slice(0, 4));
      add('DA', r.published.replace(/-/g, '/'));
    }
    add('AB', r.abstract);
    if (r.type === 'patent') {
      add('CY', r.country);
      add('M1', r.applicationNumber);
      add('M3', r.kind);
      add('SN', `${r.country} ${r.docNumber} ${r.kind}`);
      for (const c of r.ipc) add('KW', c);
    } else {
      for (const s of r.subjects) add('KW', s);
      add('DO', doiOf(r));
    }
    add('LA', r.lang);
    add('UR', recordUrl(meta.origin, r.id));
    add('DB', `Cầu (${meta.query})`);
    add('Y2', meta.exported.slice(0, 10).replace(/-/g, '/'));
    return `${lines.map(([t, v]) => `${t}  - ${v}`).join('\r\n')}\r\nER  - \r\n\r\n`;
  },
  end: () => '',
};

/** Escapes text for a braced BibTeX value (UTF-8 kept: biber and modern BibTeX read it). */
export function bibtexEscape(s: string): string {
  return oneLine(s).replace(/[\\{}%&$#_~^]/g, (c) =>
    c === '\\'
      ? '\\textbackslash{}'
      : c === '~'
        ? '\\textasciitilde{}'
        : c === '^'
          ? '\\textasciicircum{}'
          : `\\${c}`,
  );
}

export const bibtexKey = (id: string): string =>
  foldDiacritics(id)
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const BIBTEX_TYPES: Record<string, [string, string]> = {
  article: ['article', 'publisher'],
  'journal article': ['article', 'publisher'],
  thesis: ['mastersthesis', 'school'],
  'master thesis': ['mastersthesis', 'school'],
  'doctoral thesis': ['phdthesis', 'school'],
  'technical report': ['techreport', 'institution'],
  report: ['techreport', 'institution'],
};

const bibtex: ExportWriter = {
  contentType: 'application/x-bibtex; charset=utf-8',
  extension: 'bib',
  start: (meta) =>
    `@comment{Cầu export. Query: ${bibtexEscape(meta.query)}. Exported: ${meta.exported}. Matches: ${meta.total}.}\n\n`,
  record: (r, meta) => {
    const fields: [string, string][] = [];
    const add = (name: string, value: string | undefined): void => {
      // url and doi are read verbatim (url package, biblatex): escaping would corrupt them.
      const verbatim = name === 'url' || name === 'doi';
      if (value && oneLine(value)) {
        fields.push([name, verbatim ? oneLine(value).replace(/[{}]/g, '') : bibtexEscape(value)]);
      }
    };
    let type = 'misc';
    add('title', r.title);
    add('author', people(r).join(' and '));
    if (r.type === 'patent') {
      type = 'patent';
      add('holder', r.applicants.map((a) => a.name).join(' and '));
      add('number', `${r.country} ${r.docNumber} ${r.kind}`);
      add('type', r.kind);
      add('keywords', r.ipc.join(', '));
    } else {
      const [t, orgField] = BIBTEX_TYPES[(r.resourceType ?? '').toLowerCase()] ?? [
        'misc',
        'publisher',
      ];
      type = t;
      add(orgField, r.publisher);
      add('keywords', r.subjects.join(', '));
      add('doi', doiOf(r));
    }
    if (r.published) {
      add('date', r.published);
      add('year', r.published.slice(0, 4));
    }
    add('abstract', r.abstract);
    add('language', r.lang);
    add('url', recordUrl(meta.origin, r.id));
    const body = fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
    return `@${type}{${bibtexKey(r.id)},\n${body}\n}\n\n`;
  },
  end: () => '',
};

/** One JSON document; records are whole, as /api/records/:id gives them (without `related`). */
const json: ExportWriter = {
  contentType: 'application/json; charset=utf-8',
  extension: 'json',
  start: (meta) =>
    `{"query":${JSON.stringify(meta.query)},"parameters":${JSON.stringify(meta.parameters)},` +
    `"exported":${JSON.stringify(meta.exported)},"total":${meta.total},"records":[\n`,
  record: (r, _meta, position) => `${position ? ',\n' : ''}${JSON.stringify(r)}`,
  end: () => '\n]}\n',
};

export const EXPORT_WRITERS: Record<ExportFormat, ExportWriter> = { csv, ris, bibtex, json };

/** `cau-phan-bon-huu-co-2025-06-01.csv`: the search and the date, in ASCII. */
export function exportFileName(query: string, exported: string, extension: string): string {
  const slug = foldDiacritics(query)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return `cau-${slug || 'all'}-${exported.slice(0, 10)}.${extension}`;
}
