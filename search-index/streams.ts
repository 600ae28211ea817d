import type { FieldPrefix } from './query';

/**
 * The query fields both engines know (FieldCode, PREFIX_FIELDS, DEFAULT_FIELDS): t title,
 * a abstract, c claims, d description, p applicants, i inventors, m meta (numbers, subjects),
 * k IPC tokens. Each engine maps them to its own lean columns or fields
 * (./sqlite/columns.ts, ./elasticsearch/mapping.ts).
 */
export type FieldCode = 't' | 'a' | 'c' | 'd' | 'p' | 'i' | 'm' | 'k';

export const PREFIX_FIELDS: Record<FieldPrefix, FieldCode[]> = {
  ti: ['t'],
  ab: ['a'],
  cl: ['c'],
  pa: ['p'],
  in: ['i'],
};
export const DEFAULT_FIELDS: FieldCode[] = ['t', 'a', 'c', 'd', 'p', 'i', 'm', 'k'];
