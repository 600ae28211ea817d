export { ingestPaths, type IngestSummary, type FileFailure } from './pipeline';
export { registerIngestCommands, formatSummary, type CliContext } from './cli';
export { parseFileContent, PARSERS, type FileParseResult } from './formats';
export * from './errors';
export {
  type JobQueue,
  type QueuedJob,
  type IngestJobData,
  type QueueCounts,
  type FailedJob,
  drained,
} from './queue/job-queue';
export { InProcessJobQueue } from './queue/in-process';
export { BullmqJobQueue, type BullmqOptions } from './queue/bullmq';
export { ingestHandler } from './queue/handlers';
export { enqueuePaths, MAX_JOB_BYTES, type EnqueueSummary } from './queue/enqueue';
export { harvest, type HarvestOptions, type HarvestSummary } from './harvest/harvest';
export { WatermarkStore, type Watermark } from './harvest/watermark';
export { OaiClient } from './harvest/oai-client';
export { harvestOpenAlex, type OpenAlexHarvestSummary } from './harvest/openalex';
export { ingestContent } from './pipeline';
export { splitDocumentStream } from './formats/split-stream';

import { BullmqJobQueue } from './queue/bullmq';
import type { JobQueue } from './queue/job-queue';

export interface QueueConfig {
  url: string;
  name: string;
  attempts: number;
  backoffMs: number;
  lockMs: number;
  stalledMs: number;
}

/** The one place that opens the Redis queue from configuration (bin/config.ts). */
export function openJobQueue(c: QueueConfig): Promise<JobQueue> {
  return BullmqJobQueue.connect({
    url: c.url,
    name: c.name,
    retry: { attempts: c.attempts, backoffMs: c.backoffMs },
    lockMs: c.lockMs,
    stalledMs: c.stalledMs,
  });
}
