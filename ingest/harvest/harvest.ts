import { createHash } from 'node:crypto';
import { HarvestError } from '../errors';
import { drained, type JobQueue } from '../queue/job-queue';
import {
  OaiClient,
  nextToken,
  oaiErrors,
  protocolError,
  responseDate,
  type ClientSettings,
} from './oai-client';
import { WatermarkStore, type HarvestTarget, type Watermark } from './watermark';

export interface HarvestOptions extends HarvestTarget {
  /** YYYY-MM-DD; default: the stored watermark, else everything. */
  from?: string;
  until?: string;
  /** Restarts of the list after badResumptionToken (an expired token) before giving up. */
  restarts?: number;
  onPage?: (page: { url: string; number: number; records?: number }) => void;
  /** Now, for the watermark's harvestedAt. */
  now?: () => Date;
}

export interface HarvestSummary {
  baseUrl: string;
  /** The `from` asked with (undefined: a full harvest). */
  from?: string;
  pages: number;
  /** Requests answered with noRecordsMatch: nothing changed. */
  empty: boolean;
  restarts: number;
  /** Pages handed to the queue as jobs (in-process: already run). */
  jobs: number;
  failedJobs: number;
  /** The watermark stored for the next run (undefined: left as it was). */
  watermark?: Watermark;
}

/** The ListRecords request URL: the base URL's own query (rare, but allowed) is kept. */
export function listRecordsUrl(
  baseUrl: string,
  params: { resumptionToken: string } | Omit<HarvestOptions, 'baseUrl'>,
): string {
  const url = new URL(baseUrl);
  url.searchParams.set('verb', 'ListRecords');
  if ('resumptionToken' in params) {
    url.searchParams.set('resumptionToken', params.resumptionToken);
    return url.toString();
  }
  url.searchParams.set('metadataPrefix', params.metadataPrefix);
  if (params.set) url.searchParams.set('set', params.set);
  if (params.from) url.searchParams.set('from', params.from);
  if (params.until) url.searchParams.set('until', params.until);
  return url.toString();
}

/** A page's job id: same request and same answer, same job (an unchanged page is not re-run). */
export function pageJobId(url: string, body: string): string {
  return `oai-${createHash('sha256').update(url).update('\0').update(body).digest('hex').slice(0, 32)}`;
}

/**
 * Waits until every page job handed to `queue` has run, and throws naming `where` when some
 * failed since `failedBefore` (the queue's failed count before the harvest): a harvest whose
 * pages did not all reach the index must not look complete. Returns the failed count (0).
 */
export async function pagesIngested(
  queue: JobQueue,
  failedBefore: number,
  where: string,
  consequence: string,
): Promise<number> {
  const failed = (await drained(queue)).failed - failedBefore;
  if (failed > 0)
    throw new HarvestError(where, `${failed} page(s) could not be ingested${consequence}`);
  return failed;
}

/**
 * OAI-PMH ListRecords, page by page along resumption tokens; each page becomes a job on
 * `queue` (the in-process runner ingests it right away; on Redis, workers do). The watermark
 * moves only after a harvest that reached the end of the list with every page handed over
 * (in-process: every page ingested), and only for open-ended harvests (no --until); it is the
 * day of the repository's own responseDate at the start, so clocks never disagree and a day
 * is at worst asked for twice (upserts make that harmless), never skipped.
 */
export async function harvest(
  options: HarvestOptions,
  queue: JobQueue,
  store: WatermarkStore,
  client: OaiClient | ClientSettings,
  { waitForJobs = false }: { waitForJobs?: boolean } = {},
): Promise<HarvestSummary> {
  const http = client instanceof OaiClient ? client : new OaiClient(client);
  const previous = await store.get(options);
  const from = options.from ?? previous?.from;
  const first = listRecordsUrl(options.baseUrl, { ...options, from });
  const summary: HarvestSummary = {
    baseUrl: options.baseUrl,
    from,
    pages: 0,
    empty: false,
    restarts: 0,
    jobs: 0,
    failedJobs: 0,
  };
  const maxRestarts = options.restarts ?? 1;
  const failedBefore = (await queue.counts()).failed;
  let startedAt: string | undefined;
  let url = first;
  try {
    for (;;) {
      const page = await http.get(url);
      startedAt ??= responseDate(page.root) ?? new Date().toISOString();
      const errors = oaiErrors(page.root);
      if (errors.some((e) => e.code === 'noRecordsMatch')) {
        summary.empty = summary.pages === 0;
        break;
      }
      if (errors.some((e) => e.code === 'badResumptionToken') && summary.restarts < maxRestarts) {
        // Tokens expire (server restarts, slow harvests): start the list again; what was
        // already ingested is upserted unchanged.
        summary.restarts++;
        url = first;
        continue;
      }
      if (errors.length > 0) throw protocolError(url, errors);
      summary.pages++;
      await queue.add([
        {
          id: pageJobId(url, page.body),
          data: { source: url, line: 1, position: 0, text: page.body },
        },
      ]);
      summary.jobs++;
      options.onPage?.({ url, number: summary.pages });
      const token = nextToken(page.root);
      if (!token) break;
      url = listRecordsUrl(options.baseUrl, { resumptionToken: token.token });
    }
  } finally {
    if (!(client instanceof OaiClient)) await http.close();
  }
  if (waitForJobs) {
    summary.failedJobs = await pagesIngested(
      queue,
      failedBefore,
      options.baseUrl,
      '; the watermark is left as it was',
    );
  }
  if (!options.until) {
    const responseDay = /^\d{4}-\d{2}-\d{2}/.exec(startedAt ?? '')?.[0];
    if (responseDay) {
      summary.watermark = {
        baseUrl: options.baseUrl,
        ...(options.set ? { set: options.set } : {}),
        metadataPrefix: options.metadataPrefix,
        from: responseDay,
        responseDate: startedAt!,
        harvestedAt: (options.now?.() ?? new Date()).toISOString(),
      };
      await store.put(summary.watermark);
    }
  }
  return summary;
}
