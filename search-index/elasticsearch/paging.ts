import { decodeCursor, encodeCursor } from '../cursor';
import { InvalidQueryError } from '../errors';
import type { SearchRequest } from '../search-index';

/**
 * Cursor paging with search_after, never `from`: the opaque cursor (search-index/cursor.ts, with
 * its request fingerprint) carries the point-in-time id and the last hit's sort values.
 *
 * The first page is a plain search of the alias: most searches never ask for a second page,
 * and a point in time costs the cluster resources for as long as it lives. The second page
 * opens one, and later pages reuse the id Elasticsearch returns, so pages 2… read one snapshot.
 * Sort orders end with the id, so even across the first page and the snapshot no hit is
 * repeated or skipped; a point in time that expired (or whose index a reindex removed) is
 * replaced by a new one on the alias, for the same reason.
 */
export const PIT_KEEP_ALIVE = '5m';

export type SortValue = string | number | null;

interface PageState {
  /** Point in time to search in; absent on the first page's cursor. */
  pit?: string;
  after: SortValue[];
}

export function encodePage(req: SearchRequest, state: PageState): string {
  return encodeCursor(req, [state.pit ?? null, ...state.after]);
}

export function decodePage(req: SearchRequest, cursor: string, sortLength: number): PageState {
  const key = decodeCursor(req, cursor);
  const [pit, ...after] = key;
  if (after.length !== sortLength || (pit !== null && typeof pit !== 'string')) {
    throw new InvalidQueryError('cursor is not one Cầu issued');
  }
  return { ...(pit ? { pit } : {}), after };
}
