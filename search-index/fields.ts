import type { CauRecord } from './record';

/**
 * The searchable text of a record, grouped into the fields both engines index and weight
 * (title > claims = abstract > meta > description). Other-language titles and abstracts go
 * with their field, so the English title of a Vietnamese patent is matched as a title.
 */
export interface IndexFields {
  title: string;
  abstract: string;
  claims: string;
  description: string;
  /** People, organisations, subjects, numbers: what users type to find a known record. */
  meta: string;
}

export const FIELD_NAMES = ['title', 'abstract', 'claims', 'description', 'meta'] as const;

export function indexFields(r: CauRecord): IndexFields {
  const join = (parts: (string | undefined)[]): string => parts.filter(Boolean).join('\n');
  const title = join([r.title, ...(r.alternateTitles ?? []).map((t) => t.text)]);
  const abstract = join([r.abstract, ...(r.alternateAbstracts ?? []).map((t) => t.text)]);
  if (r.type === 'patent') {
    return {
      title,
      abstract,
      claims: join(r.claims),
      description: r.description ?? '',
      meta: join([
        ...r.applicants.map((a) => a.name),
        ...r.inventors,
        r.docNumber,
        r.applicationNumber,
        r.kind,
        // "C05F 11/08" → "C05F C05F11", so typing a subclass or group in the search box works.
        ...r.ipc.map((c) => `${c.slice(0, 4)} ${c.split('/')[0]!.replace(' ', '')}`),
      ]),
    };
  }
  return {
    title,
    abstract,
    claims: '',
    description: '',
    meta: join([...r.creators, ...r.subjects, r.publisher, r.resourceType]),
  };
}
