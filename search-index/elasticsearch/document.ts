import { createHash } from 'node:crypto';
import { detectLanguage, nfc } from '../../analyzers';
import { citationsOf, indexFields, ipcTokens } from '../fields';
import type { CauRecord } from '../../model';
import { IPC_TOKENS, MAPPING_VERSION } from './mapping';

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

/**
 * Each piece of text under `en` when it is English, else `folded`, with the language the
 * embedded index gives it (../sqlite/columns.ts: detectLanguage of the raw text with its
 * metadata's claim). Text is NFC here: the analysis settings expect it (the TypeScript analyzers
 * normalise first), and a source in NFD must match a query in NFC.
 */
function byLanguage(texts: readonly { text: string; lang?: string }[]): {
  folded: string[];
  en: string[];
} {
  const out = { folded: [] as string[], en: [] as string[] };
  for (const t of texts) {
    if (!t.text) continue;
    const text = nfc(t.text);
    if (!text) continue;
    (detectLanguage(t.text, t.lang) === 'en' ? out.en : out.folded).push(text);
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
    // Meta values have no language of their own: it is guessed from the letters.
    meta: byLanguage(f.meta.map((text) => ({ text }))),
    record: r,
  };
}
