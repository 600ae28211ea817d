/**
 * Cầu's record model. Field names here are an external contract (API responses, CLI --json,
 * the Elasticsearch mapping): rename nothing without a version bump.
 *
 * All text is NFC with white space collapsed; dates are "YYYY-MM-DD" (a source that gives only
 * a year or a month is completed with -01, see docs/record-model.md).
 */
export type RecordType = 'patent' | 'research';

/** Where a record came from, so every hit can be traced back to its bytes. */
export interface SourceRef {
  /** Path of the source file as given to `cau ingest` (or the harvested URL). */
  file: string;
  /** Parser that read it, e.g. "st36", "uspto", "oai-pmh". */
  format: string;
  /** 0-based index of the record within the file (documents of a bulk file, records of a page). */
  position: number;
  /** 1-based line of the document's start within the file, when known. */
  line?: number;
  /**
   * The record's own identifier in that source, as the source writes it, when it differs from
   * the record's `id` (an OAI identifier or OpenAlex id of a record whose id is its DOI).
   */
  id?: string;
}

/** An institution as a research source names it; a ROR id names it exactly. */
export interface Institution {
  name: string;
  /** "https://ror.org/05ppvf150" form, as the source gives it. */
  ror?: string;
  country?: string;
}

/** An author of a research result, with the identifiers and affiliations the source gives. */
export interface Author {
  name: string;
  /** "https://orcid.org/0000-0001-6187-6610" form. */
  orcid?: string;
  affiliations?: Institution[];
}

/** Something a research result links to that is not a record: a project, a funding, a funder. */
export interface Link {
  kind: 'project' | 'funding' | 'funder' | 'event' | 'equipment';
  name: string;
  /** The source's identifier of it (a grant number, a CERIF id, a Funder Registry DOI). */
  id?: string;
}

export interface Party {
  name: string;
  country?: string;
}

export interface Priority {
  country: string;
  number: string;
  date?: string;
}

export interface LangText {
  lang: string;
  text: string;
}

/** A technology field of WIPO's IPC–technology concordance (35 fields in 5 sectors). */
export interface TechnologyField {
  /** WIPO field number, 1–35. */
  number: number;
  /** Field name as WIPO writes it, e.g. "Electrical machinery, apparatus, energy". */
  field: string;
  sector: string;
  /** 1 for fields read from IPC codes; the classifier's probability share otherwise. */
  confidence: number;
  /** "ipc": from the record's IPC codes; "classifier": predicted from its text. */
  source: 'ipc' | 'classifier';
}

/** Commercial readiness, aligned with Technology Readiness Levels (docs/readiness.md). */
export interface Readiness {
  /** TRL 1 (basic principles) … 9 (in commercial use). */
  level: number;
  /** 0..1, monotone with the level; what ranking uses. */
  score: number;
  /** Every piece of evidence that moved the level, with the text or metadata that triggered it. */
  signals: { name: string; weight: number; evidence: string }[];
}

interface BaseRecord {
  id: string;
  type: RecordType;
  title: string;
  abstract?: string;
  /** ISO 639-1 language of title and abstract, e.g. "vi", "en". */
  lang: string;
  published?: string;
  /** Titles and abstracts in other languages, as the source gives them. */
  alternateTitles?: LangText[];
  alternateAbstracts?: LangText[];
  technologyFields?: TechnologyField[];
  readiness?: Readiness;
  /** Where it was read; for a record merged from several sources, the one ranked first. */
  source: SourceRef;
  /** Every source of a record merged from several (the same DOI from OpenAlex and Crossref). */
  sources?: SourceRef[];
  /** For a merged record: the `format` of the source each field's value came from. */
  provenance?: Record<string, string>;
}

export interface PatentRecord extends BaseRecord {
  type: 'patent';
  /** Publishing office, ISO 3166 alpha-2 (or EP, WO). */
  country: string;
  docNumber: string;
  kind: string;
  applicationNumber?: string;
  filed?: string;
  priority: Priority[];
  /** Normalised "C05F 11/08" form, main classification first. */
  ipc: string[];
  applicants: Party[];
  inventors: string[];
  claims: string[];
  description?: string;
  /** Ids (CC-docNumber-kind where known) of the documents this one cites. */
  citations: string[];
}

export interface ResearchRecord extends BaseRecord {
  type: 'research';
  creators: string[];
  subjects: string[];
  publisher?: string;
  resourceType?: string;
  /** DOI, URL, handle, ISBN… as the source gives them. */
  identifiers: string[];
  /** The creators with their ORCIDs and affiliations, when the source gives them. */
  authors?: Author[];
  /** Institutions the work comes from (authors' affiliations, a CRIS's organisation units). */
  institutions?: Institution[];
  /** The journal, proceedings or book it appeared in. */
  container?: string;
  /** Ids of the works it cites, in the canonical forms `doi:…` and `openalex:W…`. */
  citations?: string[];
  /** How many works cite it, as the source counted (OpenAlex, Crossref). */
  citedByCount?: number;
  /** Free full text: open-access PDF or landing pages. */
  openAccessUrls?: string[];
  /** Projects, fundings and funders it came from. */
  links?: Link[];
}

export type CauRecord = PatentRecord | ResearchRecord;

/** What one source document yields: records to upsert, and ids the source says are deleted. */
export interface ParsedBatch {
  records: CauRecord[];
  deletions: string[];
}

/**
 * The key order of a stored research record. The index tells "unchanged" by comparing stored JSON,
 * so a parsed record and a merged one must write their keys in the same order.
 */
export const RESEARCH_KEY_ORDER: readonly (keyof ResearchRecord)[] = [
  'id',
  'type',
  'title',
  'lang',
  'source',
  'creators',
  'subjects',
  'identifiers',
  'abstract',
  'published',
  'publisher',
  'resourceType',
  'container',
  'authors',
  'institutions',
  'citations',
  'citedByCount',
  'openAccessUrls',
  'links',
  'alternateTitles',
  'alternateAbstracts',
  'sources',
  'provenance',
];
