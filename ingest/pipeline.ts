import { readFile } from 'node:fs/promises';
import { assessedCitations } from '../analyzers';
import {
  IndexStorageError,
  resolveRecord,
  type CauRecord,
  type SearchIndex,
} from '../search-index';
import { mergeRecords, withoutSource } from './merge';
import { parseFileContent, type ContentOrigin } from './formats';
import { enrich, startOfYear } from './enrich';
import { walk } from './walk';
import { ForeignJsonError } from './errors';

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
  /**
   * Files found inside folders that hold only JSON of no format Cầu reads (settings, judged
   * queries beside the data): skipped, like a README, not failed. Absent when none.
   */
  skipped?: string[];
  /** Records read per format name. */
  formats: Record<string, number>;
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
}

/**
 * Reads every file, parses it, and writes each file's records in one transaction, so an
 * interrupted run leaves whole files (never half a record), and re-running is an upsert.
 * A file that cannot be read is named with its reason and the run goes on.
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
  let done = 0;
  // Ids the ingested records cite: their citations-received signal is refreshed once, at the end.
  const cited = new Set<string>();
  // Small files are committed together (one transaction per file made SQLite flush its FTS
  // terms per file); progress is reported once a file's batch is committed.
  for (let next = 0; next < files.length;) {
    const start = next;
    const before = { ...counters(summary), failures: summary.failures.length };
    let group: { file: string; records: number; failed: boolean }[] = [];
    const work = async (): Promise<void> => {
      let records = 0;
      group = [];
      next = start;
      while (next < files.length && group.length < BATCH_FILES && records < BATCH_RECORDS) {
        const file = files[next++]!;
        const failuresBefore = summary.failures.length;
        let n = 0;
        try {
          n = await ingestFile(file, index, summary, asOf, cited, inFolders.has(file));
        } catch (e) {
          // The index itself cannot be written (full disk, read-only): no other file can be
          // either, so the run stops here; what was committed before is whole.
          if (e instanceof IndexStorageError) throw e;
          // I/O or index errors: not the document's fault, but this file is not indexed.
          summary.failures.push({ file, reason: `${file}: ${(e as Error).message}` });
        }
        records += n;
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
        await work();
      }
    } else {
      await work();
    }
    for (const g of group) {
      if (g.failed) summary.filesFailed++;
      options.onFile?.(
        { file: g.file, done: ++done, total: files.length, records: g.records, failed: g.failed },
        summary,
      );
    }
  }
  await refreshCited([...cited], index, asOf);
  summary.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return summary;
}

async function ingestFile(
  file: string,
  index: SearchIndex,
  summary: IngestSummary,
  asOf: string,
  cited: Set<string>,
  skipForeign: boolean,
): Promise<number> {
  return ingestBytes(
    file,
    await readFile(file),
    index,
    summary,
    asOf,
    cited,
    undefined,
    skipForeign,
  );
}

async function ingestBytes(
  file: string,
  bytes: Uint8Array,
  index: SearchIndex,
  summary: IngestSummary,
  asOf: string,
  cited: Set<string>,
  origin?: ContentOrigin,
  skipForeign = false,
): Promise<number> {
  const parsed = parseFileContent(file, bytes, origin);
  const foreign =
    parsed.records.length === 0 &&
    parsed.deletions.length === 0 &&
    parsed.errors.length > 0 &&
    parsed.errors.every((e) => e instanceof ForeignJsonError);
  if (skipForeign && foreign) {
    (summary.skipped ??= []).push(file);
    return 0;
  }
  for (const err of parsed.errors) summary.failures.push({ file, reason: err.message });
  // The last occurrence of an id in a file wins, as it would in the source's own history.
  const byId = new Map<string, CauRecord>();
  for (const r of parsed.records) byId.set(r.id, r);
  const received = await index.citationCounts([...byId.keys()]);
  const merged = await mergeWithStored([...byId.values()], index);
  const records = merged.map((r) =>
    enrich(r, { asOf, citationsReceived: (id) => received.get(id) ?? 0 }),
  );
  const written = await index.upsert(records);
  for (const r of records) if (r.type === 'patent') r.citations.forEach((c) => cited.add(c));
  summary.records += parsed.records.length;
  summary.inserted += written.inserted;
  summary.updated += written.updated;
  summary.unchanged += written.unchanged;
  for (const r of written.rejected ?? []) {
    summary.rejected++;
    summary.failures.push({ file, reason: `${file}: record ${r.id} not indexed: ${r.reason}` });
  }
  summary.deleted += await deleteFromSources(parsed.deletions, index);
  for (const r of parsed.records) {
    summary.formats[r.source.format] = (summary.formats[r.source.format] ?? 0) + 1;
  }
  return parsed.records.length;
}

/**
 * A research record with the id of a stored one from another source (the same DOI) is merged
 * into it (./merge.ts); everything else is written as read.
 */
async function mergeWithStored(records: CauRecord[], index: SearchIndex): Promise<CauRecord[]> {
  return Promise.all(
    records.map(async (r) => {
      if (r.type !== 'research') return r;
      const stored = await index.get(r.id);
      return stored ? mergeRecords(stored, r) : r;
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
async function refreshCited(cited: string[], index: SearchIndex, asOf: string): Promise<void> {
  for (let i = 0; i < cited.length; i += REFRESH_BATCH) {
    const ids = cited.slice(i, i + REFRESH_BATCH);
    const counts = await index.citationCounts(ids);
    const changed = (await Promise.all(ids.map((id) => index.get(id)))).filter(
      (r): r is CauRecord =>
        r !== undefined && assessedCitations(r.readiness) !== (counts.get(r.id) ?? 0),
    );
    if (changed.length === 0) continue;
    await index.upsert(
      changed.map((r) => enrich(r, { asOf, citationsReceived: (id) => counts.get(id) ?? 0 })),
    );
  }
}

const REFRESH_BATCH = 500;

export interface ContentOptions {
  asOf?: string;
  /** Where the bytes start in `file` (a document cut from a bulk file). */
  origin?: ContentOrigin;
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
  const cited = new Set<string>();
  await ingestBytes(file, bytes, index, summary, asOf, cited, options.origin);
  if (summary.failures.length > 0) summary.filesFailed = 1;
  await refreshCited([...cited], index, asOf);
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
