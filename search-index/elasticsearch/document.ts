import { createHash } from 'node:crypto';
import { detectLanguage, nfc } from '../../analyzers';
import { citationsOf, indexFields, ipcTokens } from '../fields';
import type { CauRecord, LangText } from '../../model';
import { IPC_TOKENS, LANGS, MAPPING_VERSION, type Lang } from './mapping';

/** The Elasticsearch document of one record (its shape is indexMappings() in ./mapping.ts). */
export type EsDocument = Record<string, unknown> & { id: string; hash: string; record: CauRecord };

/**
 * sha1 of the record's JSON and the mapping version: equal hashes mean upsert has nothing to
 * write. With the version in it, re-ingesting after a change to the documents rewrites them all.
 */
export function contentHash(record: CauRecord): string {
  return createHash('sha1')
    .update(`${MAPPING_VERSION}\n${JSON.stringify(record)}`)
    .digest('base64url');
}

function lang(text: string, hint: string | undefined): Lang {
  const l = detectLanguage(text, hint);
  return l === 'vi' || l === 'en' ? l : 'und';
}

/**
 * Each piece of text under the language analyzeField would analyse it in. Text is NFC here:
 * the analysis settings expect it (the TypeScript analyzers normalise first), and a source in
 * NFD must match a query in NFC.
 */
function byLanguage(texts: readonly LangText[]): Record<Lang, string[]> {
  const out = Object.fromEntries(LANGS.map((l) => [l, [] as string[]])) as Record<Lang, string[]>;
  for (const t of texts) {
    const text = nfc(t.text);
    if (text) out[lang(text, t.lang)].push(text);
  }
  return out;
}

const distinct = <T>(xs: T[]): T[] => [...new Set(xs)];

export function toDocument(r: CauRecord): EsDocument {
  const f = indexFields(r);
  const ipc = r.type === 'patent' ? r.ipc : [];
  const fields = r.technologyFields ?? [];
  return {
    id: r.id,
    type: r.type,
    ...(r.published ? { published: r.published, year: r.published.slice(0, 4) } : {}),
    published_key: r.published ?? '',
    ...(r.readiness ? { readiness_score: r.readiness.score } : {}),
    ipc,
    ipc_section: distinct(ipc.map((c) => c.slice(0, 1))),
    ipc_subclass: distinct(ipc.map((c) => c.slice(0, 4))),
    [IPC_TOKENS]: distinct(ipc.flatMap(ipcTokens)),
    technology_fields: distinct(fields.map((t) => t.number)),
    sectors: distinct(fields.map((t) => t.sector)),
    citations: citationsOf(r),
    hash: contentHash(r),
    title: byLanguage(f.title),
    abstract: byLanguage(f.abstract),
    claims: byLanguage(f.claims),
    description: byLanguage(f.description),
    applicants: f.applicants.map(nfc),
    inventors: f.inventors.map(nfc),
    // Meta values have no language of their own: analyzeField guesses one from the letters.
    meta: byLanguage(f.meta.map((text) => ({ lang: '', text }))),
    record: r,
  };
}
