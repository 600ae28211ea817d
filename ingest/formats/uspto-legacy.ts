/**
 * The USPTO forms before v4.0:
 *
 * - PAP v1.5/v1.6, root `patent-application-publication` (pre-grant publications 2001–2004):
 *   long element names (`subdoc-bibliographic-information`, `title-of-invention`, `paragraph`).
 * - ST.32 v2.5, root `PATDOC` (grants 2002–2004): WIPO ST.32 numeric tags (`SDOBI`, `B110`
 *   document number, `B540` title…) with every text in a `PDAT` leaf.
 *
 * Neither names the applicant as such before AIA: when no applicant or assignee is given, the
 * inventors are listed as applicants, as USPTO's own v4.0 data does ("applicant-inventor").
 */
import type { Party } from '../../model';
import { normalizeDate } from './normalize';
import { party, priorityClaim, type PatentFields } from './patent-record';
import {
  USPTO_TEXT,
  addParties,
  citationId,
  countryCode,
  flattenText,
  joinName,
  rawText,
  textAt as text,
  usIpc,
} from './uspto-common';
import { at, descendant, element, elements, flatten, type TextRules, type XmlElement } from './xml';

/** PAP abstract and description: paragraph numbers (`<number>1.</number>`) are layout, not text. */
const PAP_BODY_TEXT: TextRules = { ...USPTO_TEXT, skip: new Set([...USPTO_TEXT.skip, 'number']) };

export function readPap(root: XmlElement): PatentFields {
  const bib = element(root, 'subdoc-bibliographic-information');
  const id = element(bib, 'document-id');
  const filing = element(bib, 'domestic-filing-data');
  const tech = element(bib, 'technical-information');
  const ipc = element(tech, 'classification-ipc');

  const inventorEls = elements(element(bib, 'inventors'), 'first-named-inventor', 'inventor');
  const inventors = inventorEls.map(papParty);
  const applicants = addParties([], elements(bib, 'assignee').map(papParty));
  if (applicants.length === 0) addParties(applicants, inventors);

  return {
    country: text(id, 'country-code') || 'US',
    docNumber: text(id, 'doc-number'),
    kind: text(id, 'kind-code'),
    published: normalizeDate(text(id, 'document-date')),
    title: flattenText(element(tech, 'title-of-invention')),
    abstract: flatten(element(root, 'subdoc-abstract'), PAP_BODY_TEXT) || undefined,
    lang: 'en',
    applicationNumber: text(filing, 'application-number/doc-number') || undefined,
    filed: normalizeDate(text(filing, 'filing-date')),
    priority: elements(bib, 'foreign-priority-data').flatMap((p) =>
      priorityClaim(
        countryCode(text(p, 'country-code')),
        text(p, 'priority-application-number/doc-number'),
        normalizeDate(text(p, 'filing-date')),
      ),
    ),
    ipc: elements(ipc, 'classification-ipc-primary', 'classification-ipc-secondary')
      .flatMap((c) => elements(c, 'ipc'))
      .map((e) => usIpc(rawText(e))),
    applicants,
    inventors: inventors.map((p) => p.name),
    claims: elements(element(root, 'subdoc-claims'), 'claim').map((c) => flattenText(c)),
    description: flatten(element(root, 'subdoc-description'), PAP_BODY_TEXT) || undefined,
    citations: [],
  };
}

/** An inventor or assignee of PAP: organization-name, or name/given-name…family-name. */
function papParty(p: XmlElement): Party {
  const n = element(p, 'name');
  const name =
    flattenText(element(p, 'organization-name')) ||
    joinName(
      text(n, 'given-name'),
      text(n, 'middle-name'),
      text(n, 'family-name'),
      text(n, 'name-suffix'),
    ) ||
    flattenText(n);
  return party(
    name,
    countryCode(flattenText(descendant(p, 'country-code'))) ??
      (descendant(p, 'residence-us') ? 'US' : undefined),
  );
}

export function readPatdoc(root: XmlElement): PatentFields {
  const bib = element(root, 'SDOBI');
  const b100 = element(bib, 'B100');
  const b200 = element(bib, 'B200');
  const b500 = element(bib, 'B500');
  const b700 = element(bib, 'B700');

  const inventors = elements(element(b700, 'B720'), 'B721').map(stParty);
  const applicants = addParties([], elements(element(b700, 'B710'), 'B711').map(stParty));
  addParties(applicants, elements(element(b700, 'B730'), 'B731').map(stParty));
  if (applicants.length === 0) addParties(applicants, inventors);

  return {
    country: text(b100, 'B190') || 'US',
    docNumber: text(b100, 'B110/DNUM'),
    kind: text(b100, 'B130'),
    published: normalizeDate(text(b100, 'B140/DATE')),
    title: text(b500, 'B540/STEXT') || text(b500, 'B540'),
    abstract: flattenText(element(root, 'SDOAB')) || undefined,
    lang: 'en',
    applicationNumber: text(b200, 'B210/DNUM') || undefined,
    filed: normalizeDate(text(b200, 'B220/DATE')),
    priority: elements(bib, 'B300').flatMap((p) =>
      priorityClaim(
        countryCode(text(p, 'B330/CTRY') || text(p, 'B330')),
        text(p, 'B310/DNUM') || text(p, 'B310'),
        normalizeDate(text(p, 'B320/DATE') || text(p, 'B320')),
      ),
    ),
    ipc: elements(element(b500, 'B510'), 'B511', 'B512').map((e) => usIpc(rawText(e))),
    applicants,
    inventors: inventors.map((p) => p.name),
    claims: elements(at(root, 'SDOCL/CL'), 'CLM').map((c) => flattenText(c)),
    description: flattenText(element(root, 'SDODE')) || undefined,
    citations: elements(element(b500, 'B560'), 'B561').flatMap((c) => {
      const d = at(c, 'PCIT/DOC');
      const id = citationId(
        text(d, 'CTRY') || text(element(c, 'PCIT'), 'CTRY') || 'US',
        text(d, 'DNUM'),
        text(d, 'KIND'),
      );
      return id ? [id] : [];
    }),
  };
}

/** A B711/B721/B731 party: PARTY-US (or another PARTY-xx) with NAM (ONM or FNM + SNM) and ADR. */
function stParty(p: XmlElement): Party {
  const partyEl = p.children.find(
    (c): c is XmlElement => c.name.startsWith('PARTY') && 'children' in c,
  );
  const nam = element(partyEl, 'NAM');
  const name = text(nam, 'ONM') || joinName(text(nam, 'FNM'), text(nam, 'SNM'), text(nam, 'SFX'));
  const adr = element(partyEl, 'ADR');
  return party(name, countryCode(text(adr, 'CTRY')) ?? (element(adr, 'STATE') ? 'US' : undefined));
}
