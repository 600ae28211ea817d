import type { ParsedBatch } from '../../model';
import type { SourceError } from '../errors';
import type { XmlElement } from './xml';

/** One XML document, cut out of its file (bulk files hold several). */
export interface SourceDocument {
  /** Path of the file, as the user named it. */
  file: string;
  /** 1-based line of the document's first character within the file. */
  line: number;
  /** How many records earlier documents of the same file yielded: the position of this one's first. */
  position: number;
}

/**
 * What a parser returns for one document. A bulk document (a DOCDB exchange file, an OAI page)
 * holds many records: one that cannot be read goes to `errors` and the others still count.
 */
export interface ParseOutput extends ParsedBatch {
  errors?: SourceError[];
}

/**
 * A format reader. Pure: bytes of one document in, records out, or a typed SourceError.
 * A parser never touches the index; the pipeline decides what to do with what it returns.
 */
export interface SourceParser {
  /** Stable name, stored in each record's `source.format`. */
  readonly format: string;
  /** Local names (namespace prefix removed) of the root elements this parser reads. */
  readonly roots: readonly string[];
  parse(root: XmlElement, doc: SourceDocument): ParseOutput;
}

/**
 * A reader of JSON documents (one JSON value: a line of a JSON Lines file, or a whole file).
 * Detection is by content: the first parser that `accepts` the value reads it.
 */
export interface JsonSourceParser {
  readonly format: string;
  /** Whether the value is this format's (a record, a page or a response of its API). */
  accepts(value: unknown): boolean;
  parse(value: unknown, doc: SourceDocument): ParseOutput;
}
