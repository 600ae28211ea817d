import { analyzeField, type FieldTerms } from '../../analyzers';
import { indexFields, ipcTokens } from '../fields';
import type { CauRecord, LangText } from '../../model';
import {
  FIELD_STREAMS,
  FIELD_WEIGHT,
  STREAM_WEIGHT,
  type FieldCode,
  type Stream,
} from '../streams';

/** The FTS5 columns: one per (field, term stream) of ../streams.ts. */
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
