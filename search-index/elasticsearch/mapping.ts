import { elasticsearchAnalysis } from '../../analyzers';
import {
  FIELD_GROUPS,
  FIELD_STREAMS,
  FIELD_WEIGHT,
  STREAM_WEIGHT,
  type FieldCode,
  type Stream,
} from '../streams';

/**
 * The Elasticsearch side of the fields and term streams of ../streams.ts (the embedded index's
 * FTS5 columns): the same fields and streams, each stream a sub-field with the generated analyzer that makes
 * it (infra/elasticsearch/analysis.json), so Elasticsearch analyses at index and query time and
 * query compilation only chooses sub-fields. The embedded index picks a field's streams by the
 * language of each piece of text (analyzeField); here the document builder makes the same
 * choice and puts the piece under `<field>.vi`, `.en` or `.und`, whose analyzers give that
 * language's streams.
 */
export type Lang = 'vi' | 'en' | 'und';
export const LANGS: readonly Lang[] = ['vi', 'en', 'und'];

/** Analyzer of each stream, per language; a stream a language lacks is absent. */
const LANG_ANALYZERS: Record<Lang, Partial<Record<Stream, string>>> = {
  vi: { x: 'cau_exact', f: 'cau_folded', b: 'cau_vi_bigram', g: 'cau_vi_folded_bigram' },
  en: { x: 'cau_en_exact', f: 'cau_en_folded', s: 'cau_en_stem' },
  und: { x: 'cau_exact', f: 'cau_folded' },
};
/** Names are matched word by word (no stems, no bigrams), as in the embedded index. */
const NAME_ANALYZERS: Partial<Record<Stream, string>> = { x: 'cau_exact', f: 'cau_folded' };

/** Sub-field of each stream; the exact stream is the field itself. */
const SUB_FIELD: Record<Exclude<Stream, 'x'>, string> = {
  f: 'folded',
  s: 'stem',
  b: 'bigram',
  g: 'folded_bigram',
};

/** Document field of each field code (k, the IPC tokens, is a keyword field of its own). */
const FIELD_PATH: Record<Exclude<FieldCode, 'k'>, string> = {
  t: 'title',
  a: 'abstract',
  c: 'claims',
  d: 'description',
  p: 'applicants',
  i: 'inventors',
  m: 'meta',
};
const BY_LANGUAGE: readonly FieldCode[] = ['t', 'a', 'c', 'd', 'm'];
export const IPC_TOKENS = 'ipc_tokens';

function streamPath(base: string, stream: Stream): string {
  return stream === 'x' ? base : `${base}.${SUB_FIELD[stream]}`;
}

/** Every (path, stream) of one field code. */
function fieldStreams(field: Exclude<FieldCode, 'k'>): { path: string; stream: Stream }[] {
  const base = FIELD_PATH[field];
  const streams = FIELD_STREAMS[field];
  if (!BY_LANGUAGE.includes(field))
    return streams.map((s) => ({ path: streamPath(base, s), stream: s }));
  return LANGS.flatMap((lang) =>
    streams
      .filter((s) => LANG_ANALYZERS[lang][s])
      .map((s) => ({ path: streamPath(`${base}.${lang}`, s), stream: s })),
  );
}

function groupWeight(field: FieldCode): number {
  return FIELD_GROUPS.find((g) => g.fields.includes(field))?.weight ?? 1;
}

/**
 * The sub-fields carrying `stream` for the given fields, each as `path^boost` with the boost the
 * embedded index gives that column (field group weight × field weight × stream weight).
 */
export function streamFields(fields: readonly FieldCode[], stream: Stream): string[] {
  return fields
    .filter((f): f is Exclude<FieldCode, 'k'> => f !== 'k')
    .flatMap((f) =>
      fieldStreams(f)
        .filter((p) => p.stream === stream)
        .map((p) => `${p.path}^${round(groupWeight(f) * FIELD_WEIGHT[f] * STREAM_WEIGHT[stream])}`),
    );
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

type Property = Record<string, unknown>;

function textProperty(
  analyzers: Partial<Record<Stream, string>>,
  streams: readonly Stream[],
): Property {
  const fields = Object.fromEntries(
    streams
      .filter((s): s is Exclude<Stream, 'x'> => s !== 'x' && analyzers[s] !== undefined)
      .map((s) => [SUB_FIELD[s], { type: 'text', analyzer: analyzers[s] }]),
  );
  return {
    type: 'text',
    analyzer: analyzers.x,
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}

/** The index mappings: keyword ids and codes, dates, analysed text, the record kept whole. */
function indexMappings(): Property {
  const text: Record<string, Property> = {};
  for (const field of Object.keys(FIELD_PATH) as Exclude<FieldCode, 'k'>[]) {
    const streams = FIELD_STREAMS[field];
    text[FIELD_PATH[field]] = BY_LANGUAGE.includes(field)
      ? {
          properties: Object.fromEntries(
            LANGS.map((lang) => [lang, textProperty(LANG_ANALYZERS[lang], streams)]),
          ),
        }
      : textProperty(NAME_ANALYZERS, streams);
  }
  const keyword = { type: 'keyword' };
  return {
    // A field the code does not know is a bug, not something to guess a mapping for.
    dynamic: 'strict',
    properties: {
      id: keyword,
      type: keyword,
      published: { type: 'date', format: 'strict_date' },
      /**
       * The date as a string, "" when there is none: what date order sorts on (undated last,
       * as the embedded index's coalesce(published, '')). A missing date would sort as
       * Long.MIN_VALUE, which JSON numbers cannot carry back exactly in search_after.
       */
      published_key: keyword,
      year: keyword,
      readiness_score: { type: 'float' },
      ipc: keyword,
      ipc_section: keyword,
      ipc_subclass: keyword,
      [IPC_TOKENS]: keyword,
      technology_fields: { type: 'integer' },
      sectors: keyword,
      citations: keyword,
      /** Content hash of the record: upsert's "unchanged" without reading whole documents. */
      hash: { type: 'keyword', index: false, doc_values: false },
      ...text,
      /** The record as stored and returned by get() and hits; never searched. */
      record: { type: 'object', enabled: false },
    },
  };
}

/**
 * Bump with any change to the mappings, the analysis or the documents (./document.ts): `cau
 * reindex` moves data to the new shape, and content hashes change so re-ingesting rewrites.
 */
export const MAPPING_VERSION = 2;

/**
 * The composable index template applied to every versioned index `<alias>-v<N>`. Generated into
 * infra/elasticsearch/template.json by infra/elasticsearch/generate.ts, and checked there by a
 * test, so the committed JSON is always what Cầu sends.
 */
export function indexTemplate(alias: string): {
  index_patterns: string[];
  priority: number;
  _meta: Record<string, unknown>;
  template: { settings: object; mappings: Property };
} {
  return {
    index_patterns: [`${alias}-v*`],
    priority: 200,
    _meta: {
      description: 'Cầu records (generated by infra/elasticsearch/generate.ts)',
      cau_mapping_version: MAPPING_VERSION,
    },
    template: {
      settings: elasticsearchAnalysis(),
      mappings: indexMappings(),
    },
  };
}
