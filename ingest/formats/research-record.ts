/**
 * What every research format shares once its reader has done its part: the record's id (its DOI
 * when it has one, so the same work from OpenAlex, Crossref and a repository is one record), the
 * checks, and a fixed key order (the index compares stored JSON to tell "unchanged").
 */
import { canonicalIdentifier, identifyLanguage } from '../../analyzers';
import {
  RESEARCH_KEY_ORDER,
  type Author,
  type Institution,
  type ResearchRecord,
} from '../../model';
import { InvalidRecordError } from '../errors';
import type { SourceDocument } from './parser';
import { cleanText } from './xml';

/** The DOI of a list of identifiers, in its canonical `doi:` form, or undefined. */
export function doiOf(identifiers: readonly (string | undefined | null)[]): string | undefined {
  for (const raw of identifiers) {
    if (!raw) continue;
    const form = canonicalIdentifier(raw);
    if (form?.startsWith('doi:')) return form;
  }
  return undefined;
}

/** The fields a research reader found, before the checks. */
export type ResearchFields = Partial<Omit<ResearchRecord, 'type' | 'source'>> & {
  /** The record's identifier in the source (an OpenAlex id, an OAI identifier). */
  sourceId: string;
};

export interface ResearchOptions {
  format: string;
  /** How the reader names the record in an error ("OpenAlex work W123"). */
  name: string;
  /** Index of the record among those of its document (pages, JSON Lines), added to its position. */
  index?: number;
}

/**
 * Checks the title and builds the record: its id is its DOI (`doi:10.…`, lower case) when it has
 * one, else the source's own id; the source's id is kept in `source.id` when it is not the id.
 * Empty optional fields are left out; the language is identified from the title when the source
 * states none.
 */
export function buildResearchRecord(
  f: ResearchFields,
  doc: SourceDocument,
  options: ResearchOptions,
): ResearchRecord {
  const title = f.title ? cleanText(f.title) : '';
  if (!title) {
    throw new InvalidRecordError(`${options.name} has no title`, {
      file: doc.file,
      line: doc.line,
    });
  }
  const id = f.id ?? doiOf(f.identifiers ?? []) ?? f.sourceId;
  const all: ResearchRecord = {
    id,
    type: 'research',
    title,
    lang: f.lang || identifyLanguage(title) || 'en',
    source: {
      file: doc.file,
      format: options.format,
      position: doc.position + (options.index ?? 0),
      line: doc.line,
      ...(f.sourceId !== id ? { id: f.sourceId } : {}),
    },
    creators: unique(f.creators ?? []),
    subjects: unique(f.subjects ?? []),
    identifiers: unique(f.identifiers ?? []),
    abstract: f.abstract ? cleanText(f.abstract) || undefined : undefined,
    published: f.published || undefined,
    publisher: f.publisher || undefined,
    resourceType: f.resourceType || undefined,
    container: f.container || undefined,
    authors: f.authors?.length ? f.authors : undefined,
    institutions: f.institutions?.length ? uniqueInstitutions(f.institutions) : undefined,
    citations: f.citations?.length ? unique(f.citations) : undefined,
    citedByCount: f.citedByCount,
    openAccessUrls: f.openAccessUrls?.length ? unique(f.openAccessUrls) : undefined,
    links: f.links?.length ? f.links : undefined,
    alternateTitles: f.alternateTitles?.length ? f.alternateTitles : undefined,
    alternateAbstracts: f.alternateAbstracts?.length ? f.alternateAbstracts : undefined,
  };
  const record: Partial<Record<keyof ResearchRecord, unknown>> = {};
  for (const key of RESEARCH_KEY_ORDER) if (all[key] !== undefined) record[key] = all[key];
  return record as ResearchRecord;
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs.map((x) => cleanText(x)).filter(Boolean))];
}

/** Institutions once each: by ROR when they have one, else by name. */
export function uniqueInstitutions(xs: readonly Institution[]): Institution[] {
  const seen = new Set<string>();
  const out: Institution[] = [];
  for (const i of xs) {
    const key = i.ror ?? i.name.toLowerCase();
    if (!i.name || seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}

/** Every author's affiliations, once each. */
export function institutionsOfAuthors(authors: readonly Author[]): Institution[] {
  return uniqueInstitutions(authors.flatMap((a) => a.affiliations ?? []));
}

/** Drops undefined properties, so optional parts of an object are absent rather than undefined. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
