import { analyzeField, type FieldTerms } from '../../analyzers';
import { indexFields, ipcTokens } from '../fields';
import type { FieldPrefix } from '../query';
import type { CauRecord, LangText } from '../record';

/**
 * The FTS5 columns: one per (field, term stream). Streams: x exact, s English stems,
 * f folded, b Vietnamese bigrams, g folded bigrams (see analyzers/analyze.ts).
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

export const COLUMNS: readonly {
  name: string;
  field: FieldCode;
  stream: Stream;
  weight: number;
}[] = (Object.keys(FIELD_STREAMS) as FieldCode[]).flatMap((field) =>
  FIELD_STREAMS[field].map((stream) => ({
    name: `${field}_${stream}`,
    field,
    stream,
    weight: FIELD_WEIGHT[field] * STREAM_WEIGHT[stream],
  })),
);

export const PREFIX_FIELDS: Record<FieldPrefix, FieldCode[]> = {
  ti: ['t'],
  ab: ['a'],
  cl: ['c'],
  pa: ['p'],
  in: ['i'],
};
export const DEFAULT_FIELDS: FieldCode[] = ['t', 'a', 'c', 'd', 'p', 'i', 'm', 'k'];

/** Column names of the given fields that carry a stream, as an FTS5 column filter. */
export function columnFilter(fields: readonly FieldCode[], stream: Stream): string | undefined {
  const names = COLUMNS.filter((c) => c.stream === stream && fields.includes(c.field)).map(
    (c) => c.name,
  );
  return names.length ? `{${names.join(' ')}}` : undefined;
}

function merge(parts: FieldTerms[], stream: keyof Omit<FieldTerms, 'lang'>): string {
  return parts.map((p) => p[stream].join(' ')).join(' ');
}

function analyzeAll(texts: LangText[]): FieldTerms[] {
  return texts.map((t) => analyzeField(t.text, t.lang));
}

function names(values: string[]): FieldTerms[] {
  // Names are not stemmed and make no bigrams: "Nguyễn Văn Thành" is matched word by word.
  return values.map((v) => {
    const a = analyzeField(v, 'und');
    return { ...a, stems: [], bigrams: [], foldedBigrams: [] };
  });
}

/** The value of every FTS5 column for one record, in COLUMNS order. */
export function columnValues(r: CauRecord): string[] {
  const f = indexFields(r);
  const analysed: Record<FieldCode, FieldTerms[]> = {
    t: analyzeAll(f.title),
    a: analyzeAll(f.abstract),
    c: analyzeAll(f.claims),
    d: analyzeAll(f.description),
    p: names(f.applicants),
    i: names(f.inventors),
    m: f.meta.map((v) => analyzeField(v)),
    k: [],
  };
  return COLUMNS.map(({ field, stream }) => {
    if (field === 'k')
      return f.ipc
        .flatMap(ipcTokens)
        .filter((t, i, all) => all.indexOf(t) === i)
        .join(' ');
    const parts = analysed[field];
    switch (stream) {
      case 'x':
        return merge(parts, 'exact');
      case 's':
        return merge(parts, 'stems');
      case 'f':
        return merge(parts, 'folded');
      case 'b':
        return merge(parts, 'bigrams');
      case 'g':
        return merge(parts, 'foldedBigrams');
    }
  });
}
