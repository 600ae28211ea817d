import { HarvestError } from '../errors';
import type { JobQueue } from '../queue/job-queue';
import { pageJobId, pagesIngested } from './harvest';
import { OaiClient, type ClientSettings } from './oai-client';

/** OpenAlex's public API; a mirror or a test server can stand in for it. */
export const OPENALEX_API = 'https://api.openalex.org';
/** The most works OpenAlex returns per page. */
const PER_PAGE = 200;

export interface OpenAlexHarvestOptions {
  /** An OpenAlex `filter` expression, e.g. `institutions.ror:https://ror.org/0213rcc28,publication_year:2023`. */
  filter: string;
  /** Default OPENALEX_API. */
  apiUrl?: string;
  /** Sent as `mailto`, OpenAlex's "polite pool". */
  mailto?: string;
  perPage?: number;
  onPage?: (page: { url: string; number: number; records: number }) => void;
}

export interface OpenAlexHarvestSummary {
  apiUrl: string;
  filter: string;
  pages: number;
  /** Works the API returned (before any was found unreadable). */
  works: number;
  /** The total OpenAlex reported for the filter on the first page. */
  count?: number;
  jobs: number;
  failedJobs: number;
}

/** The /works request of a cursor page. */
export function worksUrl(options: OpenAlexHarvestOptions, cursor: string): string {
  const url = new URL(`${(options.apiUrl ?? OPENALEX_API).replace(/\/+$/, '')}/works`);
  url.searchParams.set('filter', options.filter);
  url.searchParams.set('per-page', String(options.perPage ?? PER_PAGE));
  url.searchParams.set('cursor', cursor);
  if (options.mailto) url.searchParams.set('mailto', options.mailto);
  return url.toString();
}

interface Page {
  meta?: { count?: number; next_cursor?: string | null };
  results?: unknown[];
  error?: string;
  message?: string;
}

/**
 * `cau harvest --openalex "<filter>"`: the works matching an OpenAlex filter, page by page along
 * `next_cursor` (cursor paging reaches past the 10,000 results basic paging allows). Each page
 * is a job on `queue` holding the API's JSON, which the OpenAlex reader ingests as is. Requests
 * go through the OAI-PMH harvester's client: one at a time per host, Retry-After and backoff on
 * 429/5xx and cut-off answers. OpenAlex keeps no per-repository change list, so there is no
 * watermark: a harvest asks for everything the filter matches (add `from_updated_date:` to it
 * for changes), and upserts make asking again harmless.
 */
export async function harvestOpenAlex(
  options: OpenAlexHarvestOptions,
  queue: JobQueue,
  client: OaiClient | ClientSettings,
  { waitForJobs = false }: { waitForJobs?: boolean } = {},
): Promise<OpenAlexHarvestSummary> {
  const http = client instanceof OaiClient ? client : new OaiClient(client);
  const summary: OpenAlexHarvestSummary = {
    apiUrl: options.apiUrl ?? OPENALEX_API,
    filter: options.filter,
    pages: 0,
    works: 0,
    jobs: 0,
    failedJobs: 0,
  };
  const failedBefore = (await queue.counts()).failed;
  let cursor: string | null | undefined = '*';
  try {
    while (cursor) {
      const url = worksUrl(options, cursor);
      const page = await http.getJson(url);
      const value = page.value as Page;
      if (!value || typeof value !== 'object' || !Array.isArray(value.results)) {
        throw new HarvestError(
          url,
          `not an OpenAlex /works page${value?.message ? `: ${value.message}` : ''}`,
        );
      }
      if (summary.pages === 0 && typeof value.meta?.count === 'number') {
        summary.count = value.meta.count;
      }
      if (value.results.length === 0) break;
      summary.pages++;
      summary.works += value.results.length;
      await queue.add([
        {
          id: pageJobId(url, page.body),
          data: { source: url, line: 1, position: 0, text: page.body },
        },
      ]);
      summary.jobs++;
      options.onPage?.({ url, number: summary.pages, records: value.results.length });
      const next: string | null | undefined = value.meta?.next_cursor;
      if (next === cursor) {
        throw new HarvestError(url, 'the API returned the same cursor again');
      }
      cursor = next;
    }
  } finally {
    if (!(client instanceof OaiClient)) await http.close();
  }
  if (waitForJobs) {
    summary.failedJobs = await pagesIngested(
      queue,
      failedBefore,
      summary.apiUrl,
      ' (each named above)',
    );
  }
  return summary;
}
