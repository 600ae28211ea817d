import { createHash } from 'node:crypto';
import { InvalidQueryError } from './errors';
import type { SearchRequest } from './search-index';

/**
 * Opaque paging cursors: the sort key of the last hit, plus a fingerprint of the request so
 * a cursor from one search cannot silently page through another. Keys are whatever the
 * engine sorts by (e.g. [score, rowid] or ES `search_after` values).
 */
interface CursorPayload {
  f: string;
  k: (string | number | null)[];
}

export function requestFingerprint(r: SearchRequest): string {
  // Everything that decides which records match, or in what order.
  const basis = [
    r.query ?? '',
    r.type ?? '',
    r.ipc ?? '',
    r.field ?? '',
    r.sector ?? '',
    r.from ?? '',
    r.to ?? '',
    r.before ?? '',
    [...(r.exclude ?? [])].sort(),
    r.sort ?? '',
  ];
  return createHash('sha1').update(JSON.stringify(basis)).digest('base64url').slice(0, 12);
}

export function encodeCursor(r: SearchRequest, key: (string | number | null)[]): string {
  const payload: CursorPayload = { f: requestFingerprint(r), k: key };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(r: SearchRequest, cursor: string): (string | number | null)[] {
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPayload;
  } catch (cause) {
    throw new InvalidQueryError('cursor is not one Cầu issued', { cause });
  }
  if (!payload || typeof payload.f !== 'string' || !Array.isArray(payload.k)) {
    throw new InvalidQueryError('cursor is not one Cầu issued');
  }
  if (payload.f !== requestFingerprint(r)) {
    throw new InvalidQueryError(
      'cursor belongs to a different search (query, filters or sort changed): start again without it',
    );
  }
  return payload.k;
}
