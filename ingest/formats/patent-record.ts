/**
 * What every patent format shares once its reader has done its part: the checks a record needs
 * (publication number, office, kind, title), the record itself, and the ids of cited documents.
 * How a format finds and cleans these values, and how it words a missing one, stays in the
 * format's own module.
 */
import type { Party, PatentRecord, Priority } from '../../model';
import { InvalidRecordError } from '../errors';
import { patentId, uniqueIpc } from './normalize';
import type { SourceDocument } from './parser';

/** The fields that make a patent id, each already cleaned the format's way. */
export interface PatentIdFields {
  country?: string;
  docNumber?: string;
  kind?: string;
}

export interface PatentId {
  id: string;
  country: string;
  docNumber: string;
  kind: string;
}

/** A format's wording of "this document has no …", one message per required field. */
export interface MissingFieldMessages {
  number: string;
  office: (docNumber: string) => string;
  kind: (docNumber: string, country: string) => string;
  title: (id: PatentId) => string;
}

/** Fields the builder makes, or that later stages (ranking) fill in. */
type Assembled = 'id' | 'type' | 'source' | 'technologyFields' | 'readiness';

/** Everything a patent reader found: the record's own fields, before the checks. */
export type PatentFields = PatentIdFields &
  Partial<Pick<PatentRecord, 'title'>> &
  Omit<PatentRecord, keyof PatentIdFields | 'title' | 'ipc' | Assembled> & {
    /** Normalised codes, main first; undefined entries and repeats are dropped. */
    ipc: (string | undefined)[];
  };

type Key = keyof PatentRecord;
const HEAD: Key[] = ['id', 'type', 'title', 'lang'];
const BODY: Key[] = [
  'country',
  'docNumber',
  'kind',
  'priority',
  'ipc',
  'applicants',
  'inventors',
  'claims',
  'citations',
];

/**
 * Key orders of the finished record; a key not listed is not written. The index stores a record
 * as JSON and compares that text on upsert to tell "unchanged" from "updated", so each format
 * keeps the order it has always written, or re-reading a file would count every record as
 * updated.
 */
export const SOURCE_LAST: readonly Key[] = [
  ...HEAD,
  ...BODY,
  'source',
  'abstract',
  'published',
  'applicationNumber',
  'filed',
  'description',
  'alternateTitles',
  'alternateAbstracts',
];
export const SOURCE_AFTER_LANG: readonly Key[] = [
  ...HEAD,
  'source',
  ...BODY,
  'abstract',
  'published',
  'alternateTitles',
  'alternateAbstracts',
  'applicationNumber',
  'filed',
  'description',
];

export interface RecordOptions {
  /** The parser's name, stored in `source.format`. */
  format: string;
  missing: MissingFieldMessages;
  keyOrder: readonly Key[];
  /** Index of this record among those of its document (bulk files), added to its position. */
  index?: number;
}

/**
 * Checks the fields an id needs, in order (number, office, kind), and makes the id; a missing
 * one is an InvalidRecordError naming the file and the document's line.
 */
export function requirePatentId(
  fields: PatentIdFields,
  doc: SourceDocument,
  missing: MissingFieldMessages,
): PatentId {
  const where = { file: doc.file, line: doc.line };
  const { country, docNumber, kind } = fields;
  if (!docNumber) throw new InvalidRecordError(missing.number, where);
  if (!country) throw new InvalidRecordError(missing.office(docNumber), where);
  if (!kind) throw new InvalidRecordError(missing.kind(docNumber, country), where);
  return { id: patentId(country, docNumber, kind), country, docNumber, kind };
}

/**
 * Checks what every patent record needs (number, office, kind, title) and builds the record.
 * Empty claims and inventors are dropped, repeated inventors, citations and IPC codes kept once;
 * optional fields the document did not give are left out rather than set to empty values.
 */
export function buildPatentRecord(
  f: PatentFields,
  doc: SourceDocument,
  options: RecordOptions,
): PatentRecord {
  const pid = requirePatentId(f, doc, options.missing);
  if (!f.title) {
    throw new InvalidRecordError(options.missing.title(pid), { file: doc.file, line: doc.line });
  }
  const all: PatentRecord = {
    id: pid.id,
    type: 'patent',
    title: f.title,
    lang: f.lang,
    source: {
      file: doc.file,
      format: options.format,
      position: doc.position + (options.index ?? 0),
      line: doc.line,
    },
    country: pid.country,
    docNumber: pid.docNumber,
    kind: pid.kind.toUpperCase(),
    priority: f.priority,
    ipc: uniqueIpc(f.ipc),
    applicants: f.applicants,
    inventors: [...new Set(f.inventors.filter((n) => n !== ''))],
    claims: f.claims.filter((c) => c !== ''),
    citations: [...new Set(f.citations)],
    abstract: f.abstract || undefined,
    published: f.published || undefined,
    applicationNumber: f.applicationNumber || undefined,
    filed: f.filed || undefined,
    description: f.description || undefined,
    alternateTitles: f.alternateTitles?.length ? f.alternateTitles : undefined,
    alternateAbstracts: f.alternateAbstracts?.length ? f.alternateAbstracts : undefined,
  };
  const record: Partial<Record<Key, unknown>> = {};
  for (const key of options.keyOrder) if (all[key] !== undefined) record[key] = all[key];
  return record as PatentRecord;
}

/**
 * Id of a cited patent document: "CC-NUMBER-KIND", or "CC-NUMBER" when there is no kind;
 * undefined without a two-letter office or a number. Formats clean number and kind their own
 * way first (st36-common: numbers out of running text; uspto-common: US publication numbers).
 */
export function citedPatentId(
  country: string | undefined,
  number: string | undefined,
  kind?: string,
): string | undefined {
  const cc = country?.trim().toUpperCase();
  const num = number?.replace(/\s+/g, '');
  if (!cc || !/^[A-Z]{2}$/.test(cc) || !num) return undefined;
  return patentId(cc, num, kind);
}

/** A priority claim, or none when its office or number is missing. */
export function priorityClaim(
  country: string | undefined,
  number: string | undefined,
  date: string | undefined,
): Priority[] {
  if (!country || !number) return [];
  return [date ? { country, number, date } : { country, number }];
}

/** A party, with its country only when one is known. */
export function party(name: string, country: string | undefined): Party {
  return country ? { name, country } : { name };
}
