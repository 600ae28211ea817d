import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { splitDocumentStream } from '../formats/split-stream';
import type { FileFailure } from '../pipeline';
import { walk } from '../walk';
import { jobPayload } from './handlers';
import type { JobQueue, QueuedJob } from './job-queue';

/**
 * The most one job may carry. Bigger documents are refused by name (ingest them without
 * --queue): Redis keeps a job's bytes until it is done, and a worker holds a whole document
 * in memory while it parses it. 8 MB is far above any single patent or OAI page seen.
 */
export const MAX_JOB_BYTES = 8 * 1024 * 1024;

/** Jobs are sent to Redis in batches: one round trip per batch, memory bounded by it. */
const BATCH_JOBS = 200;
const BATCH_BYTES = 4 * 1024 * 1024;

export interface EnqueueSummary {
  files: number;
  filesFailed: number;
  /** Documents read and handed to the queue (already-known ones included). */
  documents: number;
  failures: FileFailure[];
  seconds: number;
}

export interface EnqueueOptions {
  maxJobBytes?: number;
  onFile?: (file: string, documents: number, failed: boolean) => void;
}

/**
 * A file's identity for job ids: its absolute path, size and modification time. The same
 * file enqueued twice yields the same ids (no second indexing); a changed file, new ones.
 */
export async function fileKey(file: string): Promise<string> {
  const s = await stat(file);
  return createHash('sha256')
    .update(`${resolve(file)}\0${s.size}\0${s.mtimeMs}`)
    .digest('hex')
    .slice(0, 24);
}

/**
 * Streams each file through the document splitter into per-document jobs, never holding a
 * whole file: a multi-gigabyte weekly file costs one document plus one batch of memory. A
 * document over the size bound, or a file that cannot be read, is reported and the other
 * documents and files are still enqueued.
 */
export async function enqueuePaths(
  paths: readonly string[],
  queue: JobQueue,
  options: EnqueueOptions = {},
): Promise<EnqueueSummary> {
  const started = process.hrtime.bigint();
  const max = options.maxJobBytes ?? MAX_JOB_BYTES;
  const { files, missing } = await walk(paths);
  const summary: EnqueueSummary = {
    files: files.length + missing.length,
    filesFailed: 0,
    documents: 0,
    failures: missing.map((m) => ({ file: m.path, reason: `${m.path}: cannot read: ${m.reason}` })),
    seconds: 0,
  };
  summary.filesFailed = missing.length;
  for (const file of files) {
    const before = summary.failures.length;
    let documents = 0;
    try {
      documents = await enqueueFile(file, queue, max, summary);
    } catch (e) {
      summary.failures.push({ file, reason: `${file}: ${(e as Error).message}` });
    }
    const failed = summary.failures.length > before;
    if (failed) summary.filesFailed++;
    summary.documents += documents;
    options.onFile?.(file, documents, failed);
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

async function enqueueFile(
  file: string,
  queue: JobQueue,
  max: number,
  summary: EnqueueSummary,
): Promise<number> {
  const key = await fileKey(file);
  let batch: QueuedJob[] = [];
  let batchBytes = 0;
  let documents = 0;
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  for await (const doc of splitDocumentStream(
    createReadStream(file, { highWaterMark: 1024 * 1024 }),
    max,
  )) {
    if (doc.kind === 'oversized') {
      summary.failures.push({
        file,
        reason:
          `${file}:${doc.line}: document ${doc.index + 1} is ${mb(doc.size)} MB, over the ` +
          `${mb(max)} MB a queued job may carry; ingest this file without --queue`,
      });
      continue;
    }
    documents++;
    batch.push({
      id: `${key}-${doc.index}`,
      data: { source: file, line: doc.line, position: doc.index, ...jobPayload(doc.bytes) },
    });
    batchBytes += doc.bytes.length;
    if (batch.length >= BATCH_JOBS || batchBytes >= BATCH_BYTES) {
      await queue.add(batch);
      batch = [];
      batchBytes = 0;
    }
  }
  await queue.add(batch);
  if (documents === 0 && summary.failures.every((f) => f.file !== file)) {
    summary.failures.push({ file, reason: `${file}: the file is empty (no XML document in it)` });
  }
  return documents;
}
