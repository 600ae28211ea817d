/**
 * OAI-PMH 2.0 responses with Dublin Core (`oai_dc`) metadata: a ListRecords page or a
 * GetRecord answer becomes research records; `status="deleted"` headers become deletions.
 *
 * - `<error code="noRecordsMatch">` is an empty answer, not a failure; any other OAI error
 *   (badArgument, badResumptionToken, cannotDisseminateFormat…) is an OaiProtocolError.
 * - Identify, ListSets and ListMetadataFormats carry no records: an empty batch.
 *   ListIdentifiers carries headers only: its deleted headers are still deletions.
 * - OpenAIRE CERIF (`cerif_openaire`) payloads are read by ./cerif.ts: publications, products
 *   and patents become records, pages of linked entities (persons, organisation units,
 *   projects, fundings) give none.
 * - Records in another metadata format (MODS, DataCite…) are not read: a page holding any is
 *   refused with an UnknownFormatError naming the format, so no half record is made.
 *
 * `readResumptionToken` gives a harvester what it needs to ask for the next page.
 */
import type { CauRecord, LangText, ResearchRecord } from '../../model';
import { CERIF_ENTITIES, CERIF_RESULTS, readCerif } from './cerif';
import {
  InvalidRecordError,
  OaiProtocolError,
  UnknownFormatError,
  type SourceError,
} from '../errors';
import type { SourceDocument, SourceParser } from './parser';
import { attr, cleanText, element, elements, isElement, textOf, type XmlElement } from './xml';
import { normalizeDate, normalizeLang } from './normalize';
import { identifyLanguage } from '../../analyzers';
import { doiOf } from './research-record';

export const OAI_PMH_FORMAT = 'oai-pmh';

export const oaiPmhParser: SourceParser = {
  format: OAI_PMH_FORMAT,
  roots: ['OAI-PMH'],
  parse(root, doc) {
    const where = { file: doc.file, line: doc.line };
    const oaiErrors = elements(root, 'error').filter((e) => attr(e, 'code') !== 'noRecordsMatch');
    if (oaiErrors.length) {
      const [first] = oaiErrors;
      const message = oaiErrors
        .map((e, i) => (i === 0 ? textOf(e) : `${attr(e, 'code') ?? 'error'}: ${textOf(e)}`))
        .filter(Boolean)
        .join('; ');
      throw new OaiProtocolError(attr(first, 'code') ?? 'unknown', message, where);
    }

    const list = element(root, 'ListRecords', 'GetRecord');
    if (!list) {
      // ListIdentifiers: headers only, but a deleted one is still news for the index.
      const headers = elements(element(root, 'ListIdentifiers'), 'header');
      const deletions = headers
        .filter((h) => attr(h, 'status') === 'deleted')
        .map((h) => textOf(element(h, 'identifier')))
        .filter(Boolean);
      return { records: [], deletions };
    }

    const records: CauRecord[] = [];
    const deletions: string[] = [];
    const errors: SourceError[] = [];
    const foreign: { id: string; element: string }[] = [];
    const all = elements(list, 'record');
    all.forEach((rec, i) => {
      try {
        const header = element(rec, 'header');
        const id = textOf(element(header, 'identifier'));
        if (!id) throw new InvalidRecordError(`OAI-PMH record #${i + 1} has no identifier`, where);
        if (attr(header, 'status') === 'deleted') {
          deletions.push(id);
          return;
        }
        const payload = elements(element(rec, 'metadata'))[0];
        if (!payload) {
          throw new InvalidRecordError(
            `OAI-PMH record ${id} has no metadata and is not deleted`,
            where,
          );
        }
        if (CERIF_RESULTS.has(payload.name) || CERIF_ENTITIES.has(payload.name)) {
          const r = readCerif(payload, id, doc, records.length);
          if (r) records.push(r);
          return;
        }
        if (payload.name !== 'dc') {
          foreign.push({ id, element: payload.name });
          return;
        }
        records.push(readDc(payload, id, doc, records.length));
      } catch (e) {
        // One unreadable record must not cost the rest of its page.
        if (!(e instanceof InvalidRecordError) || all.length === 1) throw e;
        errors.push(e);
      }
    });

    if (foreign.length) {
      const mixed = records.length > 0 || deletions.length > 0;
      const prefix = attr(element(root, 'request'), 'metadataPrefix');
      const names = [...new Set(foreign.map((f) => `<${f.element}>`))].join(', ');
      const format = prefix && prefix !== 'oai_dc' ? `"${prefix}" (${names})` : names;
      const error = new UnknownFormatError(
        `OAI-PMH metadata format ${format} is not one Cầu reads yet (only oai_dc): ` +
          `${foreign.length} record(s) on this page, first ${foreign[0]!.id}`,
        where,
      );
      if (!mixed) throw error;
      errors.push(error);
    }
    return { records, deletions, errors };
  },
};

// ---------------------------------------------------------------------------------------------
// Paging

export interface ResumptionToken {
  token: string;
  completeListSize?: number;
  cursor?: number;
}

/**
 * The resumptionToken of a list response (ListRecords, ListIdentifiers, ListSets), or
 * undefined when there is no further page: no token, or the empty token that ends a list.
 * Accepts the `OAI-PMH` root or the list element itself.
 */
export function readResumptionToken(root: XmlElement): ResumptionToken | undefined {
  const holder =
    root.name === 'OAI-PMH' ? elements(root).find((e) => element(e, 'resumptionToken')) : root;
  const node = element(holder, 'resumptionToken');
  if (!node) return undefined;
  // The token is opaque: keep it byte for byte, only trimmed.
  const token = node.children
    .map((c) => (isElement(c) ? '' : c.text))
    .join('')
    .trim();
  if (!token) return undefined;
  const out: ResumptionToken = { token };
  const size = count(node.attrs.completeListSize);
  if (size !== undefined) out.completeListSize = size;
  const cursor = count(node.attrs.cursor);
  if (cursor !== undefined) out.cursor = cursor;
  return out;
}

function count(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

// ---------------------------------------------------------------------------------------------
// Dublin Core

interface OptLangText {
  lang?: string;
  text: string;
}

function readDc(
  dc: XmlElement,
  id: string,
  doc: SourceDocument,
  recordIndex: number,
): ResearchRecord {
  const values = (name: string): OptLangText[] =>
    elements(dc, name)
      .map((e) => ({ lang: langOf(attr(e, 'lang')), text: textOf(e) }))
      .filter((v) => v.text !== '');
  const strings = (name: string): string[] => unique(values(name).map((v) => v.text));

  const titles = values('title');
  if (titles.length === 0) {
    throw new InvalidRecordError(`OAI-PMH record ${id} has no dc:title`, {
      file: doc.file,
      line: doc.line,
    });
  }
  const lang =
    strings('language')
      .map(langOf)
      .find((l) => l !== undefined) ??
    titles[0]!.lang ??
    guessLang(titles[0]!.text);

  // Title in the record's language (or without a stated language), others are alternates.
  const main = titles.find((t) => t.lang === lang) ?? titles.find((t) => !t.lang) ?? titles[0]!;
  const alternateTitles: LangText[] = [];
  for (const t of titles) {
    if (t === main || t.text === main.text) continue;
    if (alternateTitles.some((a) => a.text === t.text)) continue;
    alternateTitles.push({ lang: t.lang ?? guessLang(t.text), text: t.text });
  }

  // Descriptions: those in another stated language are alternate abstracts; the rest, each
  // once (DSpace repeats them), joined into the abstract.
  const byLang = new Map<string, string[]>();
  for (const d of values('description')) {
    const l = d.lang ?? lang;
    const list = byLang.get(l) ?? [];
    if (!list.includes(d.text)) list.push(d.text);
    byLang.set(l, list);
  }
  const abstractLang = byLang.has(lang) ? lang : [...byLang.keys()][0];
  const alternateAbstracts: LangText[] = [...byLang]
    .filter(([l]) => l !== abstractLang)
    .map(([l, texts]) => ({ lang: l, text: texts.join(' ') }));

  const creators = strings('creator');
  const subjects = unique(
    values('subject').flatMap((s) => s.text.split(';').map((p) => cleanText(p))),
  ).filter(Boolean);

  const identifiers = strings('identifier').filter(looksLikeIdentifier);
  // A record with a DOI is that work's record whichever source gives it (OpenAlex, Crossref,
  // another repository): its DOI is its id, and the OAI identifier stays in source.id.
  const doi = doiOf(identifiers);
  const record: ResearchRecord = {
    id: doi ?? id,
    type: 'research',
    title: main.text,
    lang,
    creators: creators.length ? creators : strings('contributor'),
    subjects,
    identifiers,
    source: {
      file: doc.file,
      format: OAI_PMH_FORMAT,
      position: doc.position + recordIndex,
      line: doc.line,
      ...(doi ? { id } : {}),
    },
  };
  if (abstractLang !== undefined) record.abstract = byLang.get(abstractLang)!.join(' ');
  const published = earliestDate(strings('date'));
  if (published) record.published = published;
  const publisher = strings('publisher')[0];
  if (publisher) record.publisher = publisher;
  const resourceType = strings('type')[0];
  if (resourceType) record.resourceType = resourceType;
  if (alternateTitles.length) record.alternateTitles = alternateTitles;
  if (alternateAbstracts.length) record.alternateAbstracts = alternateAbstracts;
  return record;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** Language names some repositories write instead of codes. */
const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en',
  vietnamese: 'vi',
  'tiếng việt': 'vi',
  'tieng viet': 'vi',
  french: 'fr',
  german: 'de',
  dutch: 'nl',
  nederlands: 'nl',
};

function langOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  return normalizeLang(raw) ?? LANGUAGE_NAMES[cleanText(raw).toLowerCase()];
}

/**
 * The language of a title or abstract whose record states none: analyzers' identifyLanguage
 * (Vietnamese by its letters, CJK by script, European languages by function words and an n-gram
 * model); English when nothing tells.
 */
export function guessLang(text: string): string {
  return identifyLanguage(text) ?? 'en';
}

// ---------------------------------------------------------------------------------------------
// Dates and identifiers

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** One dc:date to "YYYY-MM-DD": the usual ISO forms, "January 2004", "15 Jan 2004", "[2003]". */
export function dcDate(raw: string): string | undefined {
  const iso = normalizeDate(raw);
  if (iso) return iso;
  const s = raw.trim().toLowerCase();
  const named = /^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})$/.exec(s);
  if (named) {
    const month = MONTHS.indexOf(named[2]!);
    if (month >= 0) {
      const day = named[1] ?? named[3];
      return normalizeDate(
        `${named[4]}-${String(month + 1).padStart(2, '0')}-${(day ?? '1').padStart(2, '0')}`,
      );
    }
  }
  // A lone year in decoration: "[2003]", "c2003", "2003?".
  const years = s.match(/(?<!\d)(1[7-9]\d\d|20\d\d)(?!\d)/g);
  if (years?.length === 1 && s.replace(years[0]!, '').replace(/[\s[\]().?c©]/g, '') === '') {
    return normalizeDate(years[0]);
  }
  return undefined;
}

/**
 * The earliest readable dc:date that is not in the future. DSpace gives the issue date next
 * to its own accession timestamps, which are later; the earliest is the publication date.
 */
function earliestDate(raw: string[]): string | undefined {
  const today = new Date().toISOString().slice(0, 10);
  return raw
    .map(dcDate)
    .filter((d): d is string => d !== undefined && d <= today)
    .sort()[0];
}

/**
 * dc:identifier holds URLs, handles, DOIs, ISBNs… but some repositories also put the full
 * bibliographic citation there; that is prose, not an identifier, and is left out.
 */
function looksLikeIdentifier(value: string): boolean {
  if (!/\s/.test(value)) return true;
  if (/^(?:https?|ftp):\/\//i.test(value)) return true;
  if (/^(?:urn|info|doi|hdl|handle|isbn|issn|arxiv|pmid|pmcid)[:\s]/i.test(value)) return true;
  // ISBN or ISSN written with spaced hyphens: "90 - 5892 - 032 - 1".
  const packed = value.replace(/[\s-]+/g, '');
  return /^(?:97[89])?\d{9}[\dX]$/i.test(packed) || /^\d{7}[\dX]$/i.test(packed);
}
