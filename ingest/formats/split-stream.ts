/**
 * The streaming counterpart of split.ts, for bulk files too big to hold in memory (a weekly
 * USPTO file, a DOCDB backfile): bytes come in chunks and leave as one document at a time,
 * cut before each `<?xml` declaration. Memory stays bounded by `maxBytes` plus one chunk,
 * whatever the file's size: a document over `maxBytes` is not kept but reported (with its
 * line and size), and the documents after it still come out.
 *
 * Pieces are cut exactly where splitDocuments cuts them, so a document read this way parses
 * to the same records; only a prefix of white space (or a byte-order mark) before the first
 * declaration is dropped rather than kept, and a file with one declaration and junk before it
 * comes out as two pieces (splitDocuments keeps such a file whole; either way the junk fails).
 */
export interface StreamedDocument {
  kind: 'document';
  bytes: Buffer;
  /** 1-based line of the document's first byte in the file. */
  line: number;
  /** Byte offset of the document's first byte in the file. */
  offset: number;
  /** 0-based number of the document in the file. */
  index: number;
}

export interface OversizedDocument {
  kind: 'oversized';
  /** The document's whole size, counted while it was skipped. */
  size: number;
  line: number;
  offset: number;
  index: number;
}

const MARK = Buffer.from('<?xml');
/** Bytes kept back at a chunk's end: a declaration cut in two between chunks is still found. */
const KEEP = MARK.length;

function isDeclarationEnd(byte: number | undefined): boolean {
  // `<?xml` followed by white space or `?`, as split.ts's /<\?xml[\s?]/ (not `<?xml-stylesheet`).
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x3f;
}

function isBlank(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    // A UTF-8 byte-order mark before the first declaration is not content either.
    if (i === 0 && b === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

function countNewlines(bytes: Buffer): number {
  let n = 0;
  let i = -1;
  while ((i = bytes.indexOf(0x0a, i + 1)) !== -1) n++;
  return n;
}

export async function* splitDocumentStream(
  chunks: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<StreamedDocument | OversizedDocument> {
  let parts: Buffer[] = [];
  let size = 0;
  let blank = true;
  let oversized = false;
  let docOffset = 0;
  let docLine = 1;
  let newlines = 0;
  let index = 0;
  let carry: Buffer = Buffer.alloc(0);
  let consumed = 0;

  const append = (seg: Buffer): void => {
    if (seg.length === 0) return;
    newlines += countNewlines(seg);
    if (blank && !isBlank(seg)) blank = false;
    size += seg.length;
    if (oversized) return;
    if (size > maxBytes) {
      oversized = true;
      parts = [];
    } else {
      parts.push(seg);
    }
  };
  const finish = (): StreamedDocument | OversizedDocument | undefined => {
    let out: StreamedDocument | OversizedDocument | undefined;
    if (!blank || (oversized && size > 0)) {
      const where = { line: docLine, offset: docOffset, index: index++ };
      out = oversized
        ? { kind: 'oversized', size, ...where }
        : {
            kind: 'document',
            bytes: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
            ...where,
          };
    }
    parts = [];
    size = 0;
    blank = true;
    oversized = false;
    return out;
  };

  for await (const chunk of chunks) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const buf = carry.length ? Buffer.concat([carry, data]) : data;
    const base = consumed - carry.length;
    consumed += data.length;
    let segStart = 0;
    let from = 0;
    let p: number;
    while ((p = buf.indexOf(MARK, from)) !== -1) {
      if (p + KEEP >= buf.length) break; // the byte after `<?xml` is in the next chunk
      from = p + 1;
      if (!isDeclarationEnd(buf[p + KEEP])) continue;
      append(buf.subarray(segStart, p));
      if (size === 0 && parts.length === 0 && !oversized) {
        // Nothing before this declaration: it opens the current document.
      } else {
        const doc = finish();
        if (doc) yield doc;
      }
      segStart = p;
      docOffset = base + p;
      docLine = newlines + 1;
    }
    const keepFrom = Math.max(segStart, buf.length - KEEP);
    append(buf.subarray(segStart, keepFrom));
    // A copy: the kept bytes must not pin the whole chunk in memory.
    carry = Buffer.from(buf.subarray(keepFrom));
  }
  append(carry);
  const last = finish();
  if (last) yield last;
}
