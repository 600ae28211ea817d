import type { CauRecord } from '../../model';
import {
  ForeignJsonError,
  MalformedDocumentError,
  SourceError,
  TooLargeError,
  UnknownFormatError,
} from '../errors';
import type { JsonSourceParser, ParseOutput, SourceParser } from './parser';
import { gunzip, isGzip, jsonDocuments, looksLikeJson } from './json';
import { openAlexParser } from './openalex';
import { crossrefParser } from './crossref';
import { splitDocuments } from './split';
import { parseXml } from './xml';
import { st36Parser } from './st36';
import { st96Parser } from './st96';
import { usptoParser } from './uspto';
import { docdbParser } from './docdb';
import { oaiPmhParser } from './oai-pmh';

export type { SourceParser, JsonSourceParser, SourceDocument, ParseOutput } from './parser';

/** Every format Cầu reads. Detection is by root element, so order does not matter. */
export const PARSERS: readonly SourceParser[] = [
  st36Parser,
  st96Parser,
  usptoParser,
  docdbParser,
  oaiPmhParser,
];

/** Every JSON format Cầu reads, asked in order whether a document is theirs. */
export const JSON_PARSERS: readonly JsonSourceParser[] = [openAlexParser, crossrefParser];

const BY_ROOT = new Map<string, SourceParser>();
for (const p of PARSERS) for (const r of p.roots) BY_ROOT.set(r, p);

export function parserForRoot(root: string): SourceParser | undefined {
  return BY_ROOT.get(root);
}

export interface FileParseResult {
  records: CauRecord[];
  deletions: string[];
  /** Documents of this file that could not be read; the others' records are still returned. */
  errors: SourceError[];
  /** Formats met in the file (usually one). */
  formats: string[];
}

/** One parser's output added to the file's result; returns how many records it read. */
function add(result: FileParseResult, batch: ParseOutput, format: string): number {
  result.records.push(...batch.records);
  result.deletions.push(...batch.deletions);
  result.errors.push(...(batch.errors ?? []));
  if (!result.formats.includes(format)) result.formats.push(format);
  return batch.records.length;
}

/** Where `bytes` start inside their file, when they are one piece of it (a queued document). */
export interface ContentOrigin {
  /** 1-based line of the first byte. */
  line: number;
  /** Records that came before in the same file (the position of the first record here). */
  position: number;
}

/**
 * The most bytes decoded into one string: V8 refuses strings over 0x1fffffe8 UTF-16 code units,
 * and a UTF-8 byte never makes more than one.
 */
const MAX_TEXT_BYTES = 512 * 1024 * 1024 - 64;

/**
 * Reads every document of one file. A bad document (malformed, unknown root, missing id) is
 * reported in `errors` and yields no record at all, so nothing half-read reaches the index;
 * the file's other documents are unaffected.
 */
export function parseFileContent(
  file: string,
  bytes: Uint8Array,
  origin: ContentOrigin = { line: 1, position: 0 },
): FileParseResult {
  const result: FileParseResult = { records: [], deletions: [], errors: [], formats: [] };
  let data = bytes;
  let damaged = false;
  if (isGzip(bytes)) {
    const unpacked = gunzip(bytes, file);
    data = unpacked.data;
    if (unpacked.error) {
      result.errors.push(unpacked.error);
      damaged = true;
      if (data.length === 0) return result;
    }
  }
  let text: string;
  try {
    text = decode(data, file, damaged);
  } catch (e) {
    result.errors.push(e as SourceError);
    return result;
  }
  if (looksLikeJson(text)) return parseJsonContent(file, text, origin, result, damaged);
  let position = origin.position;
  for (const piece of splitDocuments(text)) {
    const slice = { text: piece.text, line: piece.line + origin.line - 1 };
    try {
      const root = parseXml(slice.text, file, slice.line - 1);
      const parser = BY_ROOT.get(root.name);
      if (!parser) {
        throw new UnknownFormatError(`root element <${root.name}> is not a format Cầu reads`, {
          file,
          line: slice.line,
        });
      }
      const batch = parser.parse(root, { file, line: slice.line, position });
      position += add(result, batch, parser.format);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      result.errors.push(e);
    }
  }
  return result;
}

/**
 * JSON documents (JSON Lines or one value per file): each goes to the first JSON parser that
 * accepts it. A line that is not JSON, or a document no parser reads, is an error at its line;
 * the file's other documents still count.
 */
function parseJsonContent(
  file: string,
  text: string,
  origin: ContentOrigin,
  result: FileParseResult,
  damaged: boolean,
): FileParseResult {
  const { documents, errors } = jsonDocuments(text, file, origin.line - 1, damaged);
  result.errors.push(...errors);
  let position = origin.position;
  for (const { value, line } of documents) {
    try {
      const parser = JSON_PARSERS.find((p) => p.accepts(value));
      if (!parser) {
        throw new ForeignJsonError(
          'JSON document is not one Cầu reads (OpenAlex works, Crossref works)',
          { file, line },
        );
      }
      const batch = parser.parse(value, { file, line, position });
      position += add(result, batch, parser.format);
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      result.errors.push(e);
    }
  }
  return result;
}

/** UTF-8 (with or without BOM) or UTF-16 with BOM; anything else, or binary, is refused by name. */
function decode(bytes: Uint8Array, file: string, cut = false): string {
  if (bytes.length === 0) throw new UnknownFormatError('the file is empty', { file });
  if (bytes.length > MAX_TEXT_BYTES) {
    const mb = Math.round(bytes.length / 1024 / 1024);
    throw new TooLargeError(
      `${mb} MB of text is more than one document may hold (${Math.round(MAX_TEXT_BYTES / 1024 / 1024)} MB); ` +
        'a file of concatenated XML documents is read one document at a time, but this one ' +
        'is not (JSON, or XML inside a .gz): split it, or unpack it first',
      { file },
    );
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    // A file cut in the middle of a multi-byte character is truncated, not binary.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    // Salvaged from a damaged archive: its end is cut anywhere, already reported.
    if (cut && lenient.indexOf('\uFFFD') >= lenient.length - 1) return lenient.slice(0, -1);
    if (lenient.indexOf('\uFFFD') >= lenient.length - 1 && /^\uFEFF?\s*[<{[]/.test(lenient)) {
      throw new MalformedDocumentError('file ends in the middle of a character (truncated file?)', {
        file,
        line: lenient.split('\n').length,
        cause,
      });
    }
    throw new UnknownFormatError('not UTF-8 text (binary data or an unsupported encoding)', {
      file,
      cause,
    });
  }
  if (text.includes('\u0000')) throw new UnknownFormatError('binary data (NUL bytes)', { file });
  const declared = /^\uFEFF?<\?xml[^>]*encoding=["']([^"']+)["']/.exec(text)?.[1]?.toLowerCase();
  if (declared && !['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(declared)) {
    // The bytes decoded as UTF-8, so a Latin-1 label on pure-ASCII data is harmless;
    // non-ASCII bytes under another label would already have failed above or be misread.
    if (/[\u0080-\uffff]/.test(text)) {
      throw new UnknownFormatError(`declared encoding "${declared}" is not supported (use UTF-8)`, {
        file,
      });
    }
  }
  if (!/^\uFEFF?\s*[<{[]/.test(text)) {
    throw new UnknownFormatError('neither an XML nor a JSON document', { file });
  }
  return text.replace(/^\uFEFF/, '');
}
