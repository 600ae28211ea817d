import { readFile } from 'node:fs/promises';
import type { ReadinessEvidence } from '../../analyzers';
import type { CauRecord } from '../../search-index';
import { analyseContent, storedEvidence, type AnalysedContent, type ContentTask } from '../analyse';

/**
 * Where ingest parses and analyses: in worker threads (./pool.ts), so the thread that writes
 * the index only writes, or in the calling thread (InlineAnalyser). Both run the same pure
 * functions (../analyse.ts) and give the same results.
 */
export interface Analyser {
  /** Parses and analyses one file (read here, unless the task carries its bytes). */
  content(task: ContentTask): Promise<AnalysedContent>;
  /** The readiness evidence of stored records (re-assessment after their citations changed). */
  evidence(records: readonly CauRecord[]): Promise<ReadinessEvidence[]>;
  /** How many tasks run at once: how far ahead a caller should submit work. */
  readonly parallelism: number;
  close(): Promise<void>;
}

/** The analysis in the calling thread, one task at a time. */
export class InlineAnalyser implements Analyser {
  readonly parallelism = 1;

  async content(task: ContentTask): Promise<AnalysedContent> {
    const bytes = task.bytes ?? (await readFile(task.file));
    return analyseContent(task.file, bytes, task.origin, task.rows);
  }

  async evidence(records: readonly CauRecord[]): Promise<ReadinessEvidence[]> {
    return storedEvidence(records);
  }

  async close(): Promise<void> {}
}
