/**
 * USPTO full-text XML ("Red Book"): grants and pre-grant publications.
 *
 * - v4.0–v4.5 (2005 on): `us-patent-grant`, `us-patent-application`, read here.
 * - PAP v1.5/v1.6 (`patent-application-publication`, 2001–2004) and ST.32 v2.5 (`PATDOC`,
 *   grants 2002–2004): read in uspto-legacy.ts. Their DTD internal subsets (NDATA image
 *   entities) are removed by parseXml before parsing.
 *
 * Weekly bulk files concatenate documents, each with its own `<?xml` declaration; the registry
 * splits them, so this parser always sees one document and returns one record.
 */
import type { Party, Priority } from '../../model';
import { ipcFromParts, normalizeDate, normalizeIpc, normalizeLang } from './normalize';
import type { SourceDocument, SourceParser } from './parser';
import { party, priorityClaim, type PatentFields } from './patent-record';
import {
  addParties,
  citationId,
  countryCode,
  firstPositionFirst,
  flattenText,
  joinName,
  rawText,
  textAt as text,
  usIpc,
  usPatentRecord,
} from './uspto-common';
import { readPap, readPatdoc } from './uspto-legacy';
import { at, attr, descendants, element, elements, type XmlElement } from './xml';

export const usptoParser: SourceParser = {
  format: 'uspto',
  roots: ['us-patent-grant', 'us-patent-application', 'patent-application-publication', 'PATDOC'],
  parse(root: XmlElement, doc: SourceDocument) {
    let fields: PatentFields;
    if (root.name === 'PATDOC') fields = readPatdoc(root);
    else if (root.name === 'patent-application-publication') fields = readPap(root);
    else fields = readV4(root);
    return { records: [usPatentRecord(fields, doc, 'uspto')], deletions: [] };
  },
};

function readV4(root: XmlElement): PatentFields {
  const bib = element(root, 'us-bibliographic-data-grant', 'us-bibliographic-data-application');
  const pub = at(bib, 'publication-reference/document-id');
  const app = at(bib, 'application-reference/document-id');
  const lang = normalizeLang(attr(root, 'lang')) ?? normalizeLang(attr(bib, 'lang')) ?? 'en';

  const parties = element(bib, 'us-parties', 'parties');
  const applicantEls = elements(
    element(parties, 'us-applicants', 'applicants'),
    'us-applicant',
    'applicant',
  );
  const inventorEls = elements(element(parties, 'inventors'), 'inventor');
  // v4.0 has no <inventors>: inventors are the applicants with app-type="applicant-inventor".
  const inventors = (
    inventorEls.length > 0
      ? inventorEls
      : applicantEls.filter((a) => attr(a, 'app-type') === 'applicant-inventor')
  ).map((p) => partyOf(p).name);
  const applicants = addParties([], applicantEls.map(partyOf));
  addParties(applicants, elements(element(bib, 'assignees'), 'assignee').map(partyOf));

  return {
    country: text(pub, 'country') || attr(root, 'country') || 'US',
    docNumber: text(pub, 'doc-number'),
    kind: text(pub, 'kind'),
    published: normalizeDate(text(pub, 'date')) ?? normalizeDate(attr(root, 'date-publ')),
    title: flattenText(element(bib, 'invention-title')),
    abstract: flattenText(element(root, 'abstract')) || undefined,
    lang,
    applicationNumber: text(app, 'doc-number') || undefined,
    filed: normalizeDate(text(app, 'date')),
    priority: elements(element(bib, 'priority-claims'), 'priority-claim').flatMap(priorityOf),
    ipc: ipcOf(bib),
    applicants,
    inventors,
    claims: elements(element(root, 'claims'), 'claim').map((c) => flattenText(c)),
    description: flattenText(element(root, 'description')) || undefined,
    citations: citationsOf(bib),
  };
}

/** A us-applicant / applicant / inventor / assignee: addressbook with orgname or person names. */
function partyOf(p: XmlElement): Party {
  const book = element(p, 'addressbook') ?? p;
  const name =
    flattenText(element(book, 'orgname')) ||
    joinName(
      text(book, 'first-name'),
      text(book, 'middle-name'),
      text(book, 'last-name'),
      text(book, 'suffix'),
    ) ||
    flattenText(element(book, 'name'));
  return party(
    name,
    countryCode(text(p, 'residence/country')) ?? countryCode(text(book, 'address/country')),
  );
}

function priorityOf(pc: XmlElement): Priority[] {
  return priorityClaim(
    countryCode(text(pc, 'country')),
    text(pc, 'doc-number'),
    normalizeDate(text(pc, 'date')),
  );
}

/**
 * Structured classification-ipcr (v4.1 on; the "F" symbol first), then the v4.0
 * classification-ipc with main and further classification ("A41D013/00").
 */
function ipcOf(bib: XmlElement | undefined): (string | undefined)[] {
  const ipcr = firstPositionFirst(
    elements(element(bib, 'classifications-ipcr'), 'classification-ipcr'),
    (c) => text(c, 'symbol-position'),
  ).map(
    (c) =>
      ipcFromParts({
        section: text(c, 'section'),
        class: text(c, 'class'),
        subclass: text(c, 'subclass'),
        mainGroup: text(c, 'main-group'),
        subgroup: text(c, 'subgroup'),
      }) ?? normalizeIpc(text(c, 'text')),
  );
  const old = elements(bib, 'classification-ipc').flatMap((c) =>
    elements(c, 'main-classification', 'further-classification').map((e) => usIpc(rawText(e))),
  );
  return [...ipcr, ...old];
}

/** Patent citations (patcit) of us-references-cited (v4.1 on) or references-cited (v4.0). */
function citationsOf(bib: XmlElement | undefined): string[] {
  const refs = elements(bib, 'us-references-cited', 'references-cited');
  return refs
    .flatMap((r) => descendants(r, 'patcit'))
    .map((pc) => {
      const id = element(pc, 'document-id');
      return citationId(text(id, 'country'), text(id, 'doc-number'), text(id, 'kind'));
    })
    .filter((c): c is string => !!c);
}
