/**
 * OpenAlex work entities: one per line of a snapshot's `works` part, a single work as the API
 * returns it, or a saved API result page (`{ meta, results: [...] }`). Each work becomes a
 * research record: title, abstract rebuilt from `abstract_inverted_index`, publication date,
 * authors with ORCID and institutions with ROR, topics, keywords and concepts as subjects, DOI,
 * open-access links, the works it cites (`referenced_works`), `cited_by_count`, language, grants.
 *
 * Other OpenAlex entities (authors, institutions, sources…) are not records: each is refused
 * with an error naming it (the works' authorships carry the authors and institutions).
 */
import { normalizeLang as normLang } from './normalize';
import type { Author, Institution, Link, ResearchRecord } from '../../model';
import { InvalidRecordError, UnknownFormatError, type SourceError } from '../errors';
import type { JsonSourceParser, SourceDocument } from './parser';
import { normalizeDate } from './normalize';
import {
  buildResearchRecord,
  compact,
  doiOf,
  institutionsOfAuthors,
  type ResearchFields,
} from './research-record';

export const OPENALEX_FORMAT = 'openalex';

type Json = Record<string, unknown>;

const ENTITY = /^https?:\/\/openalex\.org\/([WAISCPFTK])\d+$/i;
const ENTITY_NAMES: Record<string, string> = {
  A: 'author',
  I: 'institution',
  S: 'source',
  C: 'concept',
  P: 'publisher',
  F: 'funder',
  T: 'topic',
  K: 'keyword',
};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEntity(v: unknown): boolean {
  return isObject(v) && typeof v.id === 'string' && ENTITY.test(v.id);
}

export const openAlexParser: JsonSourceParser = {
  format: OPENALEX_FORMAT,
  accepts(value) {
    if (isEntity(value)) return true;
    // An API page: { meta: { count, … }, results: [entities] }.
    return (
      isObject(value) &&
      isObject(value.meta) &&
      Array.isArray(value.results) &&
      (value.results.length === 0 || isEntity(value.results[0]))
    );
  },
  parse(value, doc) {
    const v = value as Json;
    const page = Array.isArray(v.results) ? (v.results as unknown[]) : [v];
    const records: ResearchRecord[] = [];
    const errors: SourceError[] = [];
    page.forEach((entity) => {
      try {
        records.push(readWork(entity as Json, doc, records.length));
      } catch (e) {
        // One bad work must not cost the rest of a page; a lone one is the document's error.
        if (!(e instanceof InvalidRecordError || e instanceof UnknownFormatError)) throw e;
        if (page.length === 1) throw e;
        errors.push(e);
      }
    });
    return { records, deletions: [], errors };
  },
};

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function shortId(url: string): string {
  return url.replace(/^https?:\/\/openalex\.org\//i, '');
}

function readWork(w: Json, doc: SourceDocument, index: number): ResearchRecord {
  const where = { file: doc.file, line: doc.line };
  const id = str(w.id) ?? '';
  const kind = ENTITY.exec(id)?.[1]?.toUpperCase();
  if (kind !== 'W') {
    throw new UnknownFormatError(
      `OpenAlex ${ENTITY_NAMES[kind ?? ''] ?? 'entity'} ${shortId(id) || '(no id)'} is not a work; ` +
        'Cầu reads OpenAlex works (their authorships carry authors and institutions)',
      where,
    );
  }
  const name = `OpenAlex work ${shortId(id)}`;
  if (w.is_paratext === true && !str(w.title) && !str(w.display_name)) {
    throw new InvalidRecordError(`${name} is paratext with no title`, where);
  }
  const authorships = Array.isArray(w.authorships) ? (w.authorships as Json[]) : [];
  const authors = authorships.map(readAuthorship).filter((a): a is Author => a !== undefined);
  const ids = isObject(w.ids) ? w.ids : {};
  const primary = isObject(w.primary_location) ? w.primary_location : {};
  const venue = isObject(primary.source) ? primary.source : {};
  const fields: ResearchFields = {
    // Its DOI when it has one (buildResearchRecord), else its OpenAlex id in canonical form.
    id: doiOf([str(w.doi)]) ?? `openalex:${shortId(id).toUpperCase()}`,
    sourceId: id,
    title: str(w.title) ?? str(w.display_name),
    lang: normLang(str(w.language)),
    abstract: rebuildAbstract(w.abstract_inverted_index),
    published:
      normalizeDate(str(w.publication_date)) ?? normalizeDate(String(w.publication_year ?? '')),
    creators: authors.map((a) => a.name),
    authors,
    institutions: institutionsOfAuthors(authors),
    subjects: subjectsOf(w),
    identifiers: [str(w.doi), id, ...['pmid', 'pmcid'].map((k) => str(ids[k]))].filter(
      (x): x is string => x !== undefined,
    ),
    publisher: str(venue.host_organization_name) ?? str(venue.publisher),
    container: str(venue.display_name),
    resourceType: str(w.type_crossref) ?? str(w.type),
    citations: (Array.isArray(w.referenced_works) ? (w.referenced_works as unknown[]) : [])
      .map((r) => str(r))
      .filter((r): r is string => r !== undefined && ENTITY.test(r))
      .map((r) => `openalex:${shortId(r).toUpperCase()}`),
    citedByCount: typeof w.cited_by_count === 'number' ? w.cited_by_count : undefined,
    openAccessUrls: openAccessUrls(w),
    links: grantsOf(w),
  };
  return buildResearchRecord(fields, doc, { format: OPENALEX_FORMAT, name, index });
}

function readAuthorship(a: Json): Author | undefined {
  const author = isObject(a.author) ? a.author : {};
  const name = str(author.display_name) ?? str(a.raw_author_name);
  if (!name) return undefined;
  const institutions = (Array.isArray(a.institutions) ? (a.institutions as Json[]) : [])
    .map((i): Institution | undefined => {
      const n = str(i.display_name);
      return n ? compact({ name: n, ror: str(i.ror), country: str(i.country_code) }) : undefined;
    })
    .filter((i): i is Institution => i !== undefined);
  return compact({
    name,
    orcid: str(author.orcid),
    affiliations: institutions.length ? institutions : undefined,
  });
}

/**
 * OpenAlex ships abstracts as an inverted index (word → positions) for licensing reasons; the
 * words put back at their positions give the text.
 */
export function rebuildAbstract(index: unknown): string | undefined {
  if (!isObject(index)) return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) if (typeof p === 'number' && p >= 0 && p < 100_000) words[p] = word;
  }
  const text = words.filter((w) => w !== undefined).join(' ');
  return text || undefined;
}

/** Topics, keywords and concepts (those OpenAlex scored above zero), each name once. */
function subjectsOf(w: Json): string[] {
  const names = (list: unknown, scored: boolean): string[] =>
    (Array.isArray(list) ? (list as Json[]) : [])
      .filter((c) => !scored || typeof c.score !== 'number' || c.score > 0)
      .map((c) => str(c.display_name) ?? str(c.keyword))
      .filter((n): n is string => n !== undefined);
  return [...names(w.topics, false), ...names(w.keywords, false), ...names(w.concepts, true)];
}

function openAccessUrls(w: Json): string[] {
  const out: string[] = [];
  const oa = isObject(w.open_access) ? w.open_access : {};
  if (str(oa.oa_url)) out.push(str(oa.oa_url)!);
  const locations = Array.isArray(w.locations) ? (w.locations as Json[]) : [];
  for (const l of locations) {
    if (l.is_oa !== true) continue;
    const url = str(l.pdf_url) ?? str(l.landing_page_url);
    if (url) out.push(url);
  }
  return [...new Set(out)];
}

function grantsOf(w: Json): Link[] {
  return (Array.isArray(w.grants) ? (w.grants as Json[]) : [])
    .map((g) => {
      const name = str(g.funder_display_name) ?? str(g.funder);
      if (!name) return undefined;
      return compact<Link>({ kind: 'funding', name, id: str(g.award_id) });
    })
    .filter((l): l is Link => l !== undefined);
}
