import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { ContentOrigin } from './formats';
import { splitDocumentStream } from './formats/split-stream';

/**
 * What `cau ingest` hands the analyser: a whole file (read where it is analysed), or, for a big
 * file of concatenated XML documents (a weekly USPTO file, a DOCDB backfile: hundreds of MB to
 * over a GB), a piece of it, a run of whole documents read here. Such a file is never held in
 * memory at once: read whole it would also pass V8's longest string (about 512 MB) and fail.
 */
export interface ReadTask {
  file: string;
  /** A piece's bytes (whole documents); absent: the whole file. */
  bytes?: Uint8Array;
  /** Where the piece starts in the file. */
  origin?: ContentOrigin;
  /** Bytes this task reads: the piece's, or the whole file's (0 if it cannot be read). */
  size: number;
  /** Whether this is the file's last task (a whole file is its only one). */
  last: boolean;
  /** The file could not be read on (a document too large, an I/O error): said instead of bytes. */
  error?: string;
}

export interface PieceOptions {
  /** Files larger than this are read in pieces, if they hold concatenated XML documents. */
  streamBytes: number;
  /** Bytes of whole documents per piece, at most (one document is always a piece of its own). */
  pieceBytes: number;
}

/** Files over 64 MB: the size from which reading whole costs more memory than it saves time. */
export const PIECES: PieceOptions = { streamBytes: 64 * 1024 * 1024, pieceBytes: 4 * 1024 * 1024 };

/** One document, at most, of a file read in pieces: over it is an error at its line. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** The tasks of the files, in file order, pieces in document order. */
export async function* readTasks(
  files: readonly string[],
  options: PieceOptions = PIECES,
): AsyncGenerator<ReadTask> {
  for (const file of files) {
    const size = await sizeOf(file);
    if (size > options.streamBytes && (await startsWithXml(file))) {
      yield* piecesOf(file, options.pieceBytes);
    } else {
      yield { file, size, last: true };
    }
  }
}

async function* piecesOf(file: string, pieceBytes: number): AsyncGenerator<ReadTask> {
  let docs: Buffer[] = [];
  let size = 0;
  let origin: ContentOrigin = { line: 1, position: 0 };
  let pending: ReadTask | undefined;
  const cut = (): ReadTask => {
    const bytes = Buffer.concat(docs);
    const task = { file, bytes, size: bytes.length, origin, last: false };
    docs = [];
    size = 0;
    return task;
  };
  try {
    const stream = createReadStream(file, { highWaterMark: 1024 * 1024 });
    for await (const doc of splitDocumentStream(stream, MAX_DOCUMENT_BYTES)) {
      // Documents are contiguous in the file, so a run of them is one range of its bytes and
      // lines keep counting across it; an oversized one (skipped) ends the run.
      if (doc.kind === 'oversized' || (docs.length && size + doc.bytes.length > pieceBytes)) {
        if (docs.length) {
          if (pending) yield pending;
          pending = cut();
        }
      }
      if (doc.kind === 'oversized') {
        if (pending) yield pending;
        pending = {
          file,
          size: 0,
          last: false,
          error:
            `${file}:${doc.line}: document ${doc.index + 1} is ` +
            `${Math.round(doc.size / 1024 / 1024)} MB, more than one document may hold ` +
            `(${MAX_DOCUMENT_BYTES / 1024 / 1024} MB)`,
        };
        continue;
      }
      if (docs.length === 0) origin = { line: doc.line, position: doc.index };
      docs.push(doc.bytes);
      size += doc.bytes.length;
    }
    if (docs.length) {
      if (pending) yield pending;
      pending = cut();
    }
  } catch (e) {
    if (pending) yield pending;
    yield { file, size: 0, last: true, error: `${file}: cannot read: ${(e as Error).message}` };
    return;
  }
  yield pending ? { ...pending, last: true } : { file, size: 0, last: true };
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0; // read whole, where the reason it cannot be read is reported
  }
}

/** Whether the file starts (after white space or a byte-order mark) with `<?xml`. */
async function startsWithXml(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    try {
      const head = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return /^(?:\uFEFF)?\s*<\?xml[\s?]/.test(head.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return false; // read whole, where the reason it cannot be read is reported
  }
}
