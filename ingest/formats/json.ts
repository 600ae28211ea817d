import { gunzipSync, constants } from 'node:zlib';
import { CorruptArchiveError, MalformedJsonError, type SourceError } from '../errors';

/**
 * JSON inputs: a whole file holding one JSON value (a saved API page, a single work), or JSON
 * Lines (one value per line, as OpenAlex snapshot parts and Crossref dumps are written), either
 * of them gzipped or not. Which one is decided by the content, never by the file's name.
 */
export interface JsonDocument {
  value: unknown;
  /** 1-based line of the value's first character in the file. */
  line: number;
}

/** Whether the bytes are gzip data (its magic number). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Uncompresses gzip data. A truncated or corrupt file is an error that says so, and what could
 * be read before the damage is returned with it (the complete lines of a JSON Lines file are
 * still worth indexing; a cut XML document fails on its own).
 */
export function gunzip(bytes: Uint8Array, file: string): { data: Buffer; error?: SourceError } {
  try {
    return { data: gunzipSync(bytes) };
  } catch (cause) {
    let data = Buffer.alloc(0);
    try {
      data = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      // Damaged before any output: nothing to salvage.
    }
    const reason = (cause as Error).message;
    return {
      data,
      error: new CorruptArchiveError(
        `gzip data is truncated or corrupt (${reason}): a half-written .gz file? ` +
          (data.length ? 'the complete lines before the damage were read' : 'nothing was read'),
        { file, cause },
      ),
    };
  }
}

/** Whether decoded text is JSON rather than XML: its first character. */
export function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/**
 * Cuts JSON text into documents. JSON Lines when the first line is a complete value (or when
 * the whole text is not one value but several lines start like one); otherwise one value. A
 * line that is not valid JSON is an error naming its line; the other lines still count.
 * `lastLineMayBeCut`: the text is what was salvaged from a damaged archive, whose last line is
 * cut off (already reported) and is dropped silently.
 */
export function jsonDocuments(
  text: string,
  file: string,
  lineOffset = 0,
  lastLineMayBeCut = false,
): { documents: JsonDocument[]; errors: SourceError[] } {
  const documents: JsonDocument[] = [];
  const errors: SourceError[] = [];
  const lines = text.split('\n');
  if (lastLineMayBeCut && !text.endsWith('\n')) lines.pop();
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  if (firstIndex === -1) return { documents, errors };
  const firstParses = tryParse(lines[firstIndex]!) !== undefined;
  const manyLines = lines.filter((l) => /^\s*[{[]/.test(l)).length > 1;
  let whole: { value: unknown } | undefined;
  if (!firstParses) whole = tryParse(text);
  if (!firstParses && (whole || !manyLines)) {
    if (whole) return { documents: [{ value: whole.value, line: 1 + lineOffset }], errors };
    errors.push(jsonError(text, file, 1 + lineOffset));
    return { documents, errors };
  }
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    const line = i + 1 + lineOffset;
    const parsed = tryParse(l);
    if (parsed) documents.push({ value: parsed.value, line });
    else errors.push(jsonError(l, file, line));
  });
  return { documents, errors };
}

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The parse error of `text` (starting at `line`), at the line V8 names or its position gives. */
function jsonError(text: string, file: string, line: number): MalformedJsonError {
  try {
    JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    const lineCol = /\(line (\d+) column (\d+)\)/.exec(message);
    const position = /at position (\d+)/.exec(message);
    let at = line;
    let column: number | undefined;
    if (lineCol) {
      at = line + Number(lineCol[1]) - 1;
      column = Number(lineCol[2]);
    } else if (position) {
      const before = text.slice(0, Number(position[1]));
      at = line + (before.match(/\n/g)?.length ?? 0);
      column = Number(position[1]) - before.lastIndexOf('\n');
    }
    const short = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/, "[\s\S]*$/, '');
    const ended = /Unexpected end of JSON input|Unterminated string/.test(message);
    return new MalformedJsonError(ended ? `${short} (truncated?)` : short, {
      file,
      line: at,
      column,
      cause,
    });
  }
  return new MalformedJsonError('not valid JSON', { file, line });
}
