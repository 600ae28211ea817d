import type { FieldPrefix } from './query';

/**
 * The query fields both engines know (FieldCode, PREFIX_FIELDS, DEFAULT_FIELDS), and the term
 * streams and weights of the Elasticsearch mapping (./elasticsearch/mapping.ts). Streams: x exact,
 * s English stems, f folded, b Vietnamese bigrams, g folded bigrams (see analyzers/analyze.ts).
 * The embedded index no longer has these streams: since schema v5 its columns are the lean set of
 * ./sqlite/columns.ts (folded per field, English stems, exact titles and abstracts), and the
 * Elasticsearch mapping is to follow it.
 */
export type Stream = 'x' | 's' | 'f' | 'b' | 'g';
export type FieldCode = 't' | 'a' | 'c' | 'd' | 'p' | 'i' | 'm' | 'k';

export const FIELD_STREAMS: Record<FieldCode, readonly Stream[]> = {
  t: ['x', 's', 'f', 'b', 'g'],
  a: ['x', 's', 'f', 'b', 'g'],
  c: ['x', 's', 'f', 'b', 'g'],
  d: ['x', 's', 'f', 'b', 'g'],
  p: ['x', 'f'],
  i: ['x', 'f'],
  m: ['x', 's', 'f'],
  k: ['x'],
};

/**
 * Ranking weights. FTS5's bm25() saturates term frequency over all the columns it is given,
 * so one bm25() over every column lets a long description full of the query words outrank
 * a title that is exactly the query. The score is therefore a sum of bm25() per field group
 * (each saturating on its own, like BM25F per field), weighted by FIELD_GROUP_WEIGHT; inside
 * a group, streams and fields are weighted by STREAM_WEIGHT and FIELD_WEIGHT.
 */
export const FIELD_WEIGHT: Record<FieldCode, number> = {
  t: 1,
  a: 1,
  c: 1,
  d: 1,
  p: 1,
  i: 1,
  m: 1,
  k: 1,
};
export const STREAM_WEIGHT: Record<Stream, number> = { x: 1, s: 0.8, f: 0.35, b: 0.8, g: 0.6 };

export const FIELD_GROUPS: readonly { fields: readonly FieldCode[]; weight: number }[] = [
  { fields: ['t'], weight: 4 },
  { fields: ['a', 'c'], weight: 2 },
  { fields: ['p', 'i', 'm', 'k'], weight: 1.5 },
  { fields: ['d'], weight: 1 },
];

export const PREFIX_FIELDS: Record<FieldPrefix, FieldCode[]> = {
  ti: ['t'],
  ab: ['a'],
  cl: ['c'],
  pa: ['p'],
  in: ['i'],
};
export const DEFAULT_FIELDS: FieldCode[] = ['t', 'a', 'c', 'd', 'p', 'i', 'm', 'k'];
