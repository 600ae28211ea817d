import { readinessEvidence, TextAnalyses, type ReadinessEvidence } from '../analyzers';
import { prepareRows, type CauRecord, type PreparedRowKind } from '../search-index';
import { analyseRecord, readinessTexts, type AnalysedRecord } from './enrich';
import { ForeignJsonError } from './errors';
import { parseFileContent, type ContentOrigin } from './formats';

/**
 * Everything ingest does to one file before writing it, as plain data (it crosses from a worker
 * thread to the writing thread): parsing, then per record one analysis pass shared by the
 * technology-field classifier, readiness and the index's prepared rows.
 */
export interface AnalysedContent {
  /** One per id, the last occurrence in the file winning (as it would in the source's history). */
  records: AnalysedFileRecord[];
  /** Records read, duplicates included (the summary's `records`). */
  read: number;
  deletions: string[];
  /** Documents that could not be read: whole sentences starting with file:line. */
  errors: string[];
  /** Records read per format. */
  formats: Record<string, number>;
  /**
   * Nothing but JSON of no format Cầu reads (settings, judged queries): a file inside a folder
   * is then skipped, not failed.
   */
  foreign: boolean;
}

export interface AnalysedFileRecord extends AnalysedRecord {
  /** The engine's prepared rows for this record (SearchIndex.preparedRows), when it takes them. */
  ftsColumns?: string[];
}

export interface ContentTask {
  file: string;
  /** The bytes to read; absent: the file is read (in the worker, for a pool). */
  bytes?: Uint8Array;
  /** Where the bytes start in `file` (a document cut from a bulk file). */
  origin?: ContentOrigin;
  /** The rows the index takes prepared. */
  rows?: PreparedRowKind;
}

/** Parses and analyses one file's bytes. Pure. */
export function analyseContent(
  file: string,
  bytes: Uint8Array,
  origin?: ContentOrigin,
  rows?: PreparedRowKind,
): AnalysedContent {
  const parsed = parseFileContent(file, bytes, origin);
  const byId = new Map<string, CauRecord>();
  for (const r of parsed.records) byId.set(r.id, r);
  const formats: Record<string, number> = {};
  for (const r of parsed.records) formats[r.source.format] = (formats[r.source.format] ?? 0) + 1;
  return {
    records: [...byId.values()].map((r) => {
      // One analysis per record, dropped with it: every consumer of its text shares it.
      const analyses = new TextAnalyses();
      const a: AnalysedFileRecord = analyseRecord(r, analyses);
      if (rows) a.ftsColumns = prepareRows(rows, r, analyses).ftsColumns;
      return a;
    }),
    read: parsed.records.length,
    deletions: parsed.deletions,
    errors: parsed.errors.map((e) => e.message),
    formats,
    foreign:
      parsed.records.length === 0 &&
      parsed.deletions.length === 0 &&
      parsed.errors.length > 0 &&
      parsed.errors.every((e) => e instanceof ForeignJsonError),
  };
}

/**
 * The readiness evidence of stored records, to re-assess them when what they depend on changed
 * (citations received): their text is read again, their other fields are kept.
 */
export function storedEvidence(records: readonly CauRecord[]): ReadinessEvidence[] {
  return records.map((r) => readinessEvidence(r, readinessTexts(r, new TextAnalyses())));
}
