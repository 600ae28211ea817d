import {
  RESEARCH_KEY_ORDER,
  type CauRecord,
  type Institution,
  type LangText,
  type Link,
  type ResearchRecord,
  type SourceRef,
} from '../model';

/**
 * One research work from several sources (the same DOI from a repository, Crossref and OpenAlex)
 * is one record: its id is its DOI, and each source's reading is merged into what is stored.
 *
 * - Single values (title with its language, abstract, date, publisher, type, container, the
 *   citation count, the authors): the value of the highest-ranked source that gives one
 *   (SOURCE_RANK: the institution's own record first, then the publisher's deposit, then the
 *   aggregator); a title or abstract that loses, in another language or wording, is kept as an
 *   alternate.
 * - Lists (identifiers, subjects, institutions, citations, open-access links, links): the union.
 * - `sources` lists every source (one per format), best first, and `source` is the first of them;
 *   `provenance` says, per single-valued field, which format it came from.
 *
 * Merging is idempotent (merging a source's record into a record that already holds it changes
 * nothing), so re-ingesting the same files reports them unchanged. A record from one source only
 * is written as that source gives it, as before; patents are never merged (one office's number
 * names one publication, and its formats replace each other as before).
 */
export const SOURCE_RANK: readonly string[] = ['cerif', 'oai-pmh', 'crossref', 'openalex'];

function rank(format: string): number {
  const i = SOURCE_RANK.indexOf(format);
  return i === -1 ? SOURCE_RANK.length : i;
}

function sourcesOf(r: CauRecord): SourceRef[] {
  return r.sources ?? [r.source];
}

type Single = 'title' | 'abstract' | 'published' | 'publisher' | 'resourceType' | 'container';
const SINGLE: readonly Single[] = [
  'title',
  'abstract',
  'published',
  'publisher',
  'resourceType',
  'container',
];

/** `incoming` merged into `stored` (same id); technology fields and readiness are left to enrich. */
export function mergeRecords(stored: CauRecord, incoming: CauRecord): CauRecord {
  if (stored.type !== 'research' || incoming.type !== 'research') return incoming;
  const format = incoming.source.format;
  const before = sourcesOf(stored);
  if (before.every((s) => s.format === format)) return incoming;
  const sources = [...before.filter((s) => s.format !== format), incoming.source].sort(
    (a, b) => rank(a.format) - rank(b.format) || a.file.localeCompare(b.file),
  );
  const provenance: Record<string, string> = { ...(stored.provenance ?? {}) };
  const from = (field: string): string => provenance[field] ?? stored.source.format;
  const wins = (field: string, has: boolean, hasStored: boolean): boolean =>
    has && (!hasStored || from(field) === format || rank(format) < rank(from(field)));

  const out: Partial<ResearchRecord> = {
    id: stored.id,
    type: 'research',
  };
  const alternateTitles = [...(stored.alternateTitles ?? [])];
  const alternateAbstracts = [...(stored.alternateAbstracts ?? [])];

  // The title and its language go together.
  const titleWins = wins('title', true, true);
  const [keep, lose] = titleWins ? [incoming, stored] : [stored, incoming as ResearchRecord];
  out.title = keep.title;
  out.lang = keep.lang;
  provenance.title = titleWins ? format : from('title');
  addAlternate(alternateTitles, lose.title, lose.lang, out.title);

  for (const field of SINGLE) {
    if (field === 'title') continue;
    const mine = stored[field];
    const theirs = incoming[field];
    if (wins(field, theirs !== undefined, mine !== undefined)) {
      out[field] = theirs;
      provenance[field] = format;
      if (field === 'abstract' && mine)
        addAlternate(alternateAbstracts, mine, stored.lang, theirs!);
    } else if (mine !== undefined) {
      out[field] = mine;
      provenance[field] ??= from(field);
      if (field === 'abstract' && theirs) {
        addAlternate(alternateAbstracts, theirs, incoming.lang, mine);
      }
    }
  }
  // Authors: one source's list whole (names are spelt differently across sources).
  const authorsWin = wins('creators', incoming.creators.length > 0, stored.creators.length > 0);
  const people = authorsWin ? incoming : stored;
  out.creators = people.creators;
  if (people.authors) out.authors = people.authors;
  provenance.creators = authorsWin ? format : from('creators');
  if (
    wins('citedByCount', incoming.citedByCount !== undefined, stored.citedByCount !== undefined)
  ) {
    out.citedByCount = incoming.citedByCount;
    provenance.citedByCount = format;
  } else if (stored.citedByCount !== undefined) {
    out.citedByCount = stored.citedByCount;
    provenance.citedByCount ??= from('citedByCount');
  }

  out.subjects = union(stored.subjects, incoming.subjects, (s) => s.toLowerCase());
  out.identifiers = union(stored.identifiers, incoming.identifiers, (s) => s.toLowerCase());
  const institutions = union<Institution>(
    stored.institutions ?? [],
    incoming.institutions ?? [],
    (i) => i.ror ?? i.name.toLowerCase(),
  );
  if (institutions.length) out.institutions = institutions;
  const citations = union(stored.citations ?? [], incoming.citations ?? [], (c) => c);
  if (citations.length) out.citations = citations;
  const oa = union(stored.openAccessUrls ?? [], incoming.openAccessUrls ?? [], (u) => u);
  if (oa.length) out.openAccessUrls = oa;
  const links = union<Link>(
    stored.links ?? [],
    incoming.links ?? [],
    (l) => `${l.kind}\u0000${l.name}\u0000${l.id ?? ''}`,
  );
  if (links.length) out.links = links;
  for (const t of incoming.alternateTitles ?? []) {
    addAlternate(alternateTitles, t.text, t.lang, out.title!);
  }
  for (const a of incoming.alternateAbstracts ?? []) {
    addAlternate(alternateAbstracts, a.text, a.lang, out.abstract ?? '');
  }
  if (alternateTitles.length) out.alternateTitles = alternateTitles;
  if (alternateAbstracts.length) out.alternateAbstracts = alternateAbstracts;
  out.source = sources[0]!;
  out.sources = sources;
  out.provenance = Object.fromEntries(
    Object.entries(provenance).sort(([a], [b]) => (a < b ? -1 : 1)),
  );

  const record: Partial<Record<keyof ResearchRecord, unknown>> = {};
  for (const key of RESEARCH_KEY_ORDER) if (out[key] !== undefined) record[key] = out[key];
  return record as ResearchRecord;
}

function addAlternate(list: LangText[], text: string, lang: string, main: string): void {
  if (!text || text === main || list.some((t) => t.text === text)) return;
  list.push({ lang, text });
}

function union<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of [...a, ...b]) {
    const k = key(x);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}

/**
 * A record one of its sources deleted (`deletedId`: that source's own id for it): undefined when
 * it was the only source (delete the record), else the record without that source; the values it
 * gave stay until another source replaces them.
 */
export function withoutSource(stored: CauRecord, deletedId: string): CauRecord | undefined {
  const remaining = sourcesOf(stored).filter((s) => (s.id ?? stored.id) !== deletedId);
  if (remaining.length === 0) return undefined;
  if (remaining.length === sourcesOf(stored).length) return stored;
  const { sources: _sources, provenance: _provenance, ...rest } = stored;
  void _sources;
  void _provenance;
  const out = { ...rest, source: remaining[0]! } as CauRecord;
  if (remaining.length > 1) {
    out.sources = remaining;
    if (stored.provenance) out.provenance = stored.provenance;
  }
  return out;
}
