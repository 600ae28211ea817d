import { assessedCitations, type ReadinessEvidence } from '../analyzers';
import {
  IndexStorageError,
  resolveRecord,
  type CauRecord,
  type SearchIndex,
} from '../search-index';
import { mergeRecords, withoutSource } from './merge';
import type { ContentOrigin } from './formats';
import { storedEvidence, type AnalysedContent, type AnalysedFileRecord } from './analyse';
import { analyseRecord, finishRecord, startOfYear, type AnalysedRecord } from './enrich';
import { InlineAnalyser, type Analyser } from './threads/analyser';
import { WorkerPool } from './threads/pool';
import { readTasks, type PieceOptions, type ReadTask } from './pieces';
import { walk } from './walk';

export interface FileFailure {
  file: string;
  /** A whole sentence that starts with the file (and line, when known). */
  reason: string;
}

export interface IngestSummary {
  files: number;
  filesFailed: number;
  /** Records read from the sources. */
  records: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /**
   * Records the index refused for themselves (Elasticsearch mapping errors): each is also in
   * `failures` with its reason, and whole in the dead-letter file.
   */
  rejected: number;
  failures: FileFailure[];
  /** Records read per format name. */
  formats: Record<string, number>;
  /**
   * Files found inside folders that hold only JSON of no format Cầu reads (settings, judged
   * queries beside the data): skipped, like a README, not failed. Absent when none.
   */
  skipped?: string[];
  seconds: number;
}

export interface FileProgress {
  file: string;
  done: number;
  total: number;
  records: number;
  failed: boolean;
}

export interface IngestOptions {
  /** Date readiness ages are measured against (default: 1 January of this year). */
  asOf?: string;
  /** Called after each file, for progress bars and logs. */
  onFile?: (p: FileProgress, summary: IngestSummary) => void;
  /**
   * Worker threads that parse and analyse while this thread writes (the CLI: CAU_INGEST_WORKERS,
   * one per core by default); 0 or absent: everything in this thread.
   */
  workers?: number;
  /** Threads to use instead (the caller keeps and closes them); overrides `workers`. */
  analyser?: Analyser;
  /** When a file is read in pieces (./pieces.ts); tests set small sizes. */
  pieces?: PieceOptions;
}

/**
 * Reads every file, parses it, and writes each file's records in one transaction, so an
 * interrupted run leaves whole files (never half a record), and re-running is an upsert.
 * A file that cannot be read is named with its reason and the run goes on. A big file of
 * concatenated XML documents comes in pieces of whole documents (./pieces.ts), written like
 * small files and reported once, after its last piece.
 *
 * Parsing and analysis run ahead in worker threads (options.workers), files handed out in
 * order and their results taken back in the same order, so this thread only writes, and
 * records of a later file still win over an earlier file's for the same id.
 */
export async function ingestPaths(
  paths: readonly string[],
  index: SearchIndex,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  const asOf = options.asOf ?? startOfYear();
  const { files, missing, inFolders } = await walk(paths);
  const summary = emptySummary(files.length + missing.length);
  for (const m of missing) {
    summary.filesFailed++;
    summary.failures.push({ file: m.path, reason: `${m.path}: cannot read: ${m.reason}` });
  }
  const analyser =
    options.analyser ??
    (options.workers ? new WorkerPool({ size: options.workers }) : new InlineAnalyser());
  try {
    const ahead = new ReadAhead(readTasks(files, options.pieces), analyser, index.preparedRows);
    let done = 0;
    // Ids the ingested records cite: their citations-received signal is refreshed once, at the end.
    const cited = new CitedRecords();
    // A file read in pieces is reported once, after its last piece: records and failure summed.
    const partial = new Map<string, { records: number; failed: boolean }>();
    // Small files (and pieces of big ones) are committed together (one transaction per file
    // made SQLite flush its FTS terms per file); progress is reported once a file's batch is
    // committed. A batch is gathered analysed, then written at once: the transaction never
    // waits for a parser.
    for (;;) {
      const batch: { file: string; outcome: Outcome; last: boolean }[] = [];
      let read = 0;
      while (batch.length < BATCH_FILES && read < BATCH_RECORDS) {
        const next = await ahead.take();
        if (!next) break;
        read += next.outcome.ok ? next.outcome.value.read : 0;
        batch.push({ file: next.task.file, outcome: next.outcome, last: next.task.last });
      }
      if (batch.length === 0) break;
      const before = { ...counters(summary), failures: summary.failures.length };
      let group: { file: string; records: number; failed: boolean }[] = [];
      const work = async (): Promise<void> => {
        // A cluster has no transaction to gather the batch's writes in: there they go as one.
        const together = index.batch
          ? undefined
          : await writeTogether(batch, index, summary, asOf, cited, inFolders);
        if (together) {
          group = together;
          return;
        }
        group = [];
        for (const { file, outcome } of batch) {
          const failuresBefore = summary.failures.length;
          let n = 0;
          try {
            if (!outcome.ok) throw outcome.error;
            n = await writeContent(file, outcome.value, index, summary, asOf, cited, {
              skipForeign: inFolders.has(file),
            });
          } catch (e) {
            // The index itself cannot be written (full disk, read-only): no other file can be
            // either, so the run stops here; what was committed before is whole.
            if (e instanceof IndexStorageError) throw e;
            // I/O or index errors: not the document's fault, but this file is not indexed.
            summary.failures.push({ file, reason: `${file}: ${(e as Error).message}` });
          }
          group.push({ file, records: n, failed: summary.failures.length > failuresBefore });
        }
      };
      if (index.batch) {
        try {
          await index.batch(work);
        } catch (e) {
          if (e instanceof IndexStorageError) throw e;
          // A write (or the commit) failed and the batch was rolled back: the same files again,
          // each write on its own, so only the files that cannot be written fail.
          Object.assign(summary, counters(before));
          summary.failures.length = before.failures;
          cited.rolledBack();
          await work();
        }
      } else {
        await work();
      }
      cited.committed();
      group.forEach((g, k) => {
        const sum = partial.get(g.file) ?? { records: 0, failed: false };
        sum.records += g.records;
        sum.failed ||= g.failed;
        if (!batch[k]!.last) {
          partial.set(g.file, sum);
          return;
        }
        partial.delete(g.file);
        if (sum.failed) summary.filesFailed++;
        options.onFile?.(
          {
            file: g.file,
            done: ++done,
            total: files.length,
            records: sum.records,
            failed: sum.failed,
          },
          summary,
        );
      });
    }
    await refreshCited(cited, index, asOf, analyser);
  } finally {
    if (!options.analyser) await analyser.close();
  }
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

type Outcome = { ok: true; value: AnalysedContent } | { ok: false; error: Error };

/**
 * Files (and pieces of big files) handed to the analyser ahead of the writer, taken back in
 * order. How far ahead is bounded by tasks and by bytes, so memory stays flat whatever the
 * number and size of files: enough to keep every thread busy while a batch is written.
 */
class ReadAhead {
  private readonly queue: { task: ReadTask; outcome: Promise<Outcome> }[] = [];
  private bytes = 0;
  private ended = false;
  private readonly maxTasks: number;
  private submitting?: Promise<void>;

  constructor(
    private readonly tasks: AsyncIterator<ReadTask>,
    private readonly analyser: Analyser,
    private readonly rows: SearchIndex['preparedRows'],
  ) {
    // A whole batch of small files, and more for each thread to work on meanwhile.
    this.maxTasks = analyser.parallelism > 1 ? BATCH_FILES + 8 * analyser.parallelism : 1;
  }

  /** The next task with its outcome, in order; undefined after the last. */
  async take(): Promise<{ task: ReadTask; outcome: Outcome } | undefined> {
    await this.fill(true);
    const next = this.queue.shift();
    if (!next) return undefined;
    const outcome = await next.outcome;
    this.bytes -= next.task.size;
    void this.fill(false);
    return { task: next.task, outcome };
  }

  /** Submits tasks until the window is full; with `needOne`, at least one is waiting. */
  private fill(needOne: boolean): Promise<void> {
    this.submitting = (this.submitting ?? Promise.resolve()).then(async () => {
      while (
        !this.ended &&
        ((needOne && this.queue.length === 0) ||
          (this.queue.length < this.maxTasks && this.bytes < MAX_BYTES_AHEAD))
      ) {
        const r = await this.tasks.next();
        if (r.done) {
          this.ended = true;
          break;
        }
        const task = r.value;
        this.bytes += task.size;
        this.queue.push({ task, outcome: this.submit(task) });
      }
    });
    return this.submitting;
  }

  private submit(task: ReadTask): Promise<Outcome> {
    if (task.error !== undefined) {
      return Promise.resolve({ ok: true, value: failedPiece(task.error) });
    }
    const { file, bytes, origin } = task;
    return this.analyser.content({ file, bytes, origin, rows: this.rows }).then(
      (value): Outcome => ({ ok: true, value }),
      (error: Error): Outcome => ({ ok: false, error }),
    );
  }
}

/** A piece that could not be read: its reason, as a document's error, and no records. */
function failedPiece(reason: string): AnalysedContent {
  return { records: [], read: 0, deletions: [], errors: [reason], formats: {}, foreign: false };
}

/** Bytes of files read ahead of the writer, at most (one file is always read, whatever its size). */
const MAX_BYTES_AHEAD = 64 * 1024 * 1024;

/** Writes one analysed file (its records with their readiness in this run's context). */
async function writeContent(
  file: string,
  content: AnalysedContent,
  index: SearchIndex,
  summary: IngestSummary,
  asOf: string,
  cited: CitedRecords,
  options: { skipForeign?: boolean } = {},
): Promise<number> {
  if (options.skipForeign && content.foreign) {
    (summary.skipped ??= []).push(file);
    return 0;
  }
  for (const reason of content.errors) summary.failures.push({ file, reason });
  const rejected = await writeRecords(content.records, index, summary, asOf, cited);
  summary.records += content.read;
  for (const r of rejected) reportRejected(summary, file, r);
  summary.deleted += await deleteFromSources(content.deletions, index);
  countFormats(summary, content);
  return content.read;
}

/** A record the engine refused, as a failure of its file (it is also in the dead-letter file). */
function reportRejected(
  summary: IngestSummary,
  file: string,
  r: { id: string; reason: string },
): void {
  summary.rejected++;
  summary.failures.push({ file, reason: `${file}: record ${r.id} not indexed: ${r.reason}` });
}

/** A written file's records read, per format. */
function countFormats(summary: IngestSummary, content: AnalysedContent): void {
  for (const [format, n] of Object.entries(content.formats)) {
    summary.formats[format] = (summary.formats[format] ?? 0) + n;
  }
}

/**
 * Records of one file or of a batch, written: merged with stored records of the same work,
 * readiness finished with the citations they have received, upserted, and counted in the
 * summary. Returns the records the engine refused, for the caller to name their file.
 */
async function writeRecords(
  analysedRecords: readonly AnalysedFileRecord[],
  index: SearchIndex,
  summary: IngestSummary,
  asOf: string,
  cited: CitedRecords,
): Promise<{ id: string; reason: string }[]> {
  const analysed = await mergeWithStored(analysedRecords, index);
  const received = await index.citationCounts(analysed.map((a) => a.record.id));
  const records = analysed.map((a) =>
    finishRecord(a, { asOf, citationsReceived: (id) => received.get(id) ?? 0 }),
  );
  const ftsColumns = index.preparedRows ? analysed.map((a) => a.ftsColumns) : undefined;
  const written = await index.upsert(records, ftsColumns && { ftsColumns });
  cited.written(records, analysed);
  summary.inserted += written.inserted;
  summary.updated += written.updated;
  summary.unchanged += written.unchanged;
  return written.rejected ?? [];
}

/**
 * The files of a batch written as one, for an engine without transactions (a cluster, where
 * every write is a round trip): one read of the stored records (merge by DOI), one count of
 * citations received, one upsert (one read of content hashes, then bulk requests of the
 * engine's size), instead of about four requests per file, which is what held cluster ingest
 * at a third of the embedded index's rate (bench/README.md). The stored records come out as
 * file by file: a record citing another of the same batch is counted by the re-assessment at
 * the end of the run, as a record cited by a later batch is. Undefined (write file by file)
 * when the order of writes could matter: a file announces deletions, or two files give the
 * same id (the later one would be merged with, or replace, the earlier one). If the write
 * fails, every file of it fails with the reason; upserts by id make the re-run whole.
 */
async function writeTogether(
  batch: readonly { file: string; outcome: Outcome }[],
  index: SearchIndex,
  summary: IngestSummary,
  asOf: string,
  cited: CitedRecords,
  inFolders: ReadonlySet<string>,
): Promise<{ file: string; records: number; failed: boolean }[] | undefined> {
  const skipped = ({ file, outcome }: (typeof batch)[number]): boolean =>
    outcome.ok && inFolders.has(file) && outcome.value.foreign;
  const ids = new Set<string>();
  let writable = 0;
  for (const item of batch) {
    const { outcome } = item;
    if (!outcome.ok || skipped(item)) continue;
    if (outcome.value.deletions.length) return undefined;
    for (const a of outcome.value.records) {
      if (ids.has(a.record.id)) return undefined;
      ids.add(a.record.id);
    }
    writable++;
  }
  if (writable < 2) return undefined;

  const group = batch.map(({ file }) => ({ file, records: 0, failed: false }));
  const parts: { at: number; content: AnalysedContent }[] = [];
  batch.forEach((item, at) => {
    const { file, outcome } = item;
    if (!outcome.ok) {
      summary.failures.push({ file, reason: `${file}: ${outcome.error.message}` });
      group[at]!.failed = true;
    } else if (skipped(item)) {
      (summary.skipped ??= []).push(file);
    } else {
      for (const reason of outcome.value.errors) summary.failures.push({ file, reason });
      if (outcome.value.errors.length) group[at]!.failed = true;
      parts.push({ at, content: outcome.value });
    }
  });
  const fileOf = new Map<string, number>();
  for (const { at, content } of parts) for (const a of content.records) fileOf.set(a.record.id, at);
  try {
    const all = parts.flatMap((p) => p.content.records);
    for (const r of await writeRecords(all, index, summary, asOf, cited)) {
      const at = fileOf.get(r.id)!;
      reportRejected(summary, batch[at]!.file, r);
      group[at]!.failed = true;
    }
  } catch (e) {
    if (e instanceof IndexStorageError) throw e;
    for (const { at } of parts) {
      const file = batch[at]!.file;
      summary.failures.push({ file, reason: `${file}: ${(e as Error).message}` });
      group[at]!.failed = true;
    }
    return group;
  }
  for (const { at, content } of parts) {
    summary.records += content.read;
    countFormats(summary, content);
    group[at]!.records = content.read;
  }
  return group;
}

/**
 * A research record with the id of a stored one from another source (the same DOI) is merged
 * into it (./merge.ts) and analysed again here (what the threads prepared was the source's
 * record alone); everything else is written as analysed.
 */
async function mergeWithStored(
  records: readonly AnalysedFileRecord[],
  index: SearchIndex,
): Promise<AnalysedFileRecord[]> {
  return Promise.all(
    records.map(async (a) => {
      if (a.record.type !== 'research') return a;
      const stored = await index.get(a.record.id);
      return stored ? analyseRecord(mergeRecords(stored, a.record)) : a;
    }),
  );
}

/**
 * Deletions a source announces, by its own id for the record: the record itself when the id is
 * its id, else the record that id resolves to (an OAI identifier of a record whose id is its
 * DOI). A record other sources still give loses only that source. Returns how many records
 * were deleted.
 */
async function deleteFromSources(ids: readonly string[], index: SearchIndex): Promise<number> {
  if (ids.length === 0) return 0;
  let deleted = 0;
  const plain: string[] = [];
  for (const id of ids) {
    const stored = (await index.get(id)) ?? (await resolveOaiId(index, id));
    if (!stored) continue;
    const kept = stored.type === 'research' ? withoutSource(stored, id) : undefined;
    if (!kept) plain.push(stored.id);
    else if (kept !== stored) await index.upsert([kept]);
  }
  if (plain.length) deleted += await index.delete(plain);
  return deleted;
}

/** Only identifiers a research source gives resolve here: patent deletions name their ids. */
async function resolveOaiId(index: SearchIndex, id: string): Promise<CauRecord | undefined> {
  if (!/^(?:oai|hdl|doi|https?):/i.test(id)) return undefined;
  const r = await resolveRecord(index, id);
  return r?.type === 'research' ? r : undefined;
}

/**
 * Citations received are a readiness signal of the cited record, which may have been indexed
 * long before the records that cite it: once a run has indexed everything, the stored records
 * it cites whose count changed are re-assessed (in batches). The count is the only input of
 * the stored assessment a later run can change, so a record cited as often as when it was
 * assessed is left alone. A run killed before this point leaves those counts for the next run.
 */
async function refreshCited(
  records: CitedRecords,
  index: SearchIndex,
  asOf: string,
  analyser: Analyser,
): Promise<void> {
  const cited = [...records.ids];
  for (let i = 0; i < cited.length; i += REFRESH_BATCH) {
    const ids = cited.slice(i, i + REFRESH_BATCH);
    const counts = await index.citationCounts(ids);
    const changed = (await Promise.all(ids.map((id) => index.get(id)))).filter(
      (r): r is CauRecord =>
        r !== undefined && assessedCitations(r.readiness) !== (counts.get(r.id) ?? 0),
    );
    if (changed.length === 0) continue;
    // What the text says: remembered from this run, or read again (in the threads); the
    // technology fields and everything else stay as stored.
    const unknown = changed.filter((r) => !records.evidenceOf(r.id));
    const read = await analyser.evidence(unknown).catch(() => storedEvidence(unknown));
    const fresh = new Map(unknown.map((r, k) => [r.id, read[k]!]));
    const evidence = changed.map((r) => records.evidenceOf(r.id) ?? fresh.get(r.id)!);
    await index.upsert(
      changed.map((record, k) =>
        finishRecord(
          { record, evidence: evidence[k]! },
          { asOf, citationsReceived: (id) => counts.get(id) ?? 0 },
        ),
      ),
    );
  }
}

const REFRESH_BATCH = 500;

/**
 * What a run remembers for the re-assessment at its end: the ids its records cite, and the
 * readiness evidence of the records it wrote, so a record cited by a later file of the same run
 * is re-assessed without reading its text again (most citations in a bulk load point to records
 * of the same load). Bounded: the oldest evidence is forgotten first, and read again if needed.
 * Only committed writes are remembered.
 */
class CitedRecords {
  readonly ids = new Set<string>();
  private readonly evidence = new Map<string, ReadinessEvidence>();
  private uncommitted: string[] = [];

  written(records: readonly CauRecord[], analysed: readonly AnalysedRecord[]): void {
    records.forEach((r, k) => {
      if (r.type === 'patent') for (const c of r.citations) this.ids.add(c);
      // A copy: evidence cut from a text must not keep the whole text alive.
      const e = JSON.parse(JSON.stringify(analysed[k]!.evidence)) as ReadinessEvidence;
      this.evidence.delete(r.id);
      this.evidence.set(r.id, e);
      this.uncommitted.push(r.id);
      if (this.evidence.size > MAX_REMEMBERED) {
        this.evidence.delete(this.evidence.keys().next().value!);
      }
    });
  }

  committed(): void {
    this.uncommitted = [];
  }

  /** The batch was rolled back: what it wrote is not stored (the redo writes it again). */
  rolledBack(): void {
    for (const id of this.uncommitted) this.evidence.delete(id);
    this.uncommitted = [];
  }

  evidenceOf(id: string): ReadinessEvidence | undefined {
    return this.evidence.get(id);
  }
}

/** Evidence remembered per run, at most (a few hundred bytes each). */
const MAX_REMEMBERED = 50_000;

const INLINE = new InlineAnalyser();

export interface ContentOptions {
  asOf?: string;
  /** Where the bytes start in `file` (a document cut from a bulk file). */
  origin?: ContentOrigin;
  /** Where to parse and analyse (a queue worker's threads); default: in this thread. */
  analyser?: Analyser;
}

/**
 * One piece of a source on its own (a document cut from a bulk file, a harvested page), as a
 * queued job carries it: parsed, enriched, written, and the records it cites re-assessed.
 * The same steps as for a whole file in ingestPaths, so both paths store identical records.
 */
export async function ingestContent(
  file: string,
  bytes: Uint8Array,
  index: SearchIndex,
  options: ContentOptions = {},
): Promise<IngestSummary> {
  const started = process.hrtime.bigint();
  const asOf = options.asOf ?? startOfYear();
  const summary = emptySummary(1);
  const cited = new CitedRecords();
  const analyser = options.analyser ?? INLINE;
  const content = await analyser.content({
    file,
    bytes,
    origin: options.origin,
    rows: index.preparedRows,
  });
  await writeContent(file, content, index, summary, asOf, cited);
  if (summary.failures.length > 0) summary.filesFailed = 1;
  await refreshCited(cited, index, asOf, analyser);
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

function emptySummary(files: number): IngestSummary {
  return {
    files,
    filesFailed: 0,
    records: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    rejected: 0,
    failures: [],
    formats: {},
    seconds: 0,
  };
}

/** A write batch closes after this many files or records, whichever comes first. */
const BATCH_FILES = 200;
const BATCH_RECORDS = 500;

/** The counts a rolled-back batch must give back. */
function counters(
  s: Pick<
    IngestSummary,
    | 'records'
    | 'inserted'
    | 'updated'
    | 'unchanged'
    | 'deleted'
    | 'rejected'
    | 'formats'
    | 'skipped'
  >,
) {
  const { records, inserted, updated, unchanged, deleted, rejected } = s;
  const skipped = s.skipped ? [...s.skipped] : undefined;
  return {
    records,
    inserted,
    updated,
    unchanged,
    deleted,
    rejected,
    formats: { ...s.formats },
    skipped,
  };
}
