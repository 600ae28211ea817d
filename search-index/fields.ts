import { canonicalIdentifier, numberKey, patentForms } from '../analyzers';
import type { CauRecord, LangText } from '../model';

/**
 * The searchable text of a record, grouped into the fields both engines index, each piece with
 * the language its metadata claims (analysis may overrule it, see analyzers/language.ts).
 * Other-language titles and abstracts go with their field, so the English title of a
 * Vietnamese patent is matched as a title.
 */
export interface IndexFields {
  title: LangText[];
  abstract: LangText[];
  claims: LangText[];
  description: LangText[];
  /** Applicants (patents); publisher and institutions (research): what `pa:` searches. */
  applicants: string[];
  /** Inventors (patents) and creators (research): what `in:` searches. */
  inventors: string[];
  /**
   * Subjects, numbers, kind, type: what users type to find a known record; and the record's
   * number keys (recordNumberKeys), which a number typed in a query is matched on.
   */
  meta: string[];
  /** Normalised IPC codes, main first. */
  ipc: string[];
}

export function indexFields(r: CauRecord): IndexFields {
  const own = (text: string | undefined): LangText[] => (text ? [{ lang: r.lang, text }] : []);
  const title = [...own(r.title), ...(r.alternateTitles ?? [])];
  const abstract = [...own(r.abstract), ...(r.alternateAbstracts ?? [])];
  if (r.type === 'patent') {
    return {
      title,
      abstract,
      claims: r.claims.map((text) => ({ lang: r.lang, text })),
      description: own(r.description),
      applicants: r.applicants.map((a) => a.name),
      inventors: r.inventors,
      meta: [r.docNumber, r.applicationNumber ?? '', r.kind, r.id, keysText(r)].filter(Boolean),
      ipc: r.ipc,
    };
  }
  return {
    title,
    abstract,
    claims: [],
    description: [],
    applicants: [
      ...(r.publisher ? [r.publisher] : []),
      ...(r.institutions ?? []).map((i) => i.name),
    ],
    inventors: r.creators,
    meta: [...r.subjects, r.resourceType ?? '', keysText(r)].filter(Boolean),
    ipc: [],
  };
}

/**
 * The canonical forms a record is found by when a query names it (analyzers/numbers.ts):
 * a patent's publication number (with and without kind, with and without office) and its
 * application number; a research record's id, identifiers, the ids its sources give it, its
 * authors' ORCIDs and its institutions' RORs.
 */
export function recordNumberForms(r: CauRecord): string[] {
  const forms: string[] = [];
  if (r.type === 'patent') {
    forms.push(...patentForms('pn', r.country, r.docNumber, r.kind));
    if (r.applicationNumber) forms.push(...patentForms('an', r.country, r.applicationNumber));
  } else {
    const ids = [
      r.id,
      ...r.identifiers,
      r.source.id,
      ...(r.sources ?? []).map((s) => s.id),
      ...(r.authors ?? []).map((a) => a.orcid),
      ...(r.institutions ?? []).map((i) => i.ror),
    ];
    for (const id of ids) {
      const form = id ? canonicalIdentifier(id) : undefined;
      if (form) forms.push(form);
    }
  }
  return [...new Set(forms)];
}

/** The keys as one meta value: one piece of text to analyse, not one per key. */
function keysText(r: CauRecord): string {
  return recordNumberKeys(r).join(' ');
}

/** The index keys of recordNumberForms: single tokens stored in the `meta` field. */
export function recordNumberKeys(r: CauRecord): string[] {
  return recordNumberForms(r).map(numberKey);
}

/** Ids of the records a record cites: a patent's citations, a research result's references. */
export function citationsOf(r: CauRecord): string[] {
  return r.type === 'patent' ? r.citations : (r.citations ?? []);
}

/**
 * The tokens an IPC code is indexed as, one per level of the hierarchy, so `ipc:C05F` and
 * `ipc:"C05F 11"` are exact token matches: "C05F 11/08" → ipc_c, ipc_c05, ipc_c05f,
 * ipc_c05f11, ipc_c05f11_08. The prefix keeps a section letter from matching the word "c".
 */
export function ipcTokens(code: string): string[] {
  const m = /^([A-H])(\d{2})([A-Z])(?: (\d{1,4})(?:\/(\d{1,6}))?)?$/.exec(code);
  if (!m) return [];
  const [, s, c, sc, g, sg] = m;
  const out = [`ipc_${s}`, `ipc_${s}${c}`, `ipc_${s}${c}${sc}`];
  if (g) out.push(`ipc_${s}${c}${sc}${g}`);
  if (g && sg) out.push(`ipc_${s}${c}${sc}${g}_${sg}`);
  return out.map((t) => t.toLowerCase());
}
