/**
 * WIPO ST.96 patent publications, root `pat:PatentPublication` (namespace prefixes are removed
 * by parseXml, so `pat:`, `com:` and `mathml:` elements are read by local name).
 *
 * Reads: BibliographicData (PatentPublicationIdentification, ApplicationIdentification,
 * PriorityClaimBag, PatentClassificationBag, InventionTitleBag, ReferenceCitationBag, PartyBag)
 * and the root's Abstract, Description and Claims. Titles, abstracts and claims may come in
 * several languages (`languageCode`); the document's own language is the record's.
 */
import type { LangText, Party, Priority } from '../../model';
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
  textAt as text,
  usPatentRecord,
} from './uspto-common';
import { attr, descendant, descendants, element, elements, type XmlElement } from './xml';

export const st96Parser: SourceParser = {
  format: 'st96',
  roots: ['PatentPublication'],
  parse(root: XmlElement, doc: SourceDocument) {
    return { records: [usPatentRecord(readSt96(root), doc, 'st96')], deletions: [] };
  },
};

function readSt96(root: XmlElement): PatentFields {
  const bib = element(root, 'BibliographicData');
  const pub = element(bib, 'PatentPublicationIdentification');
  const app = element(bib, 'ApplicationIdentification');
  const docLang = normalizeLang(attr(root, 'languageCode'));

  const titleEls = [
    ...elements(element(bib, 'InventionTitleBag'), 'InventionTitle'),
    ...elements(bib, 'InventionTitle'),
  ];
  const titles = byLanguage(titleEls, docLang, (e) => flattenText(e));
  const lang = docLang ?? titles.main?.lang ?? 'en';
  const abstracts = byLanguage(elements(root, 'Abstract'), lang, (e) => flattenText(e));
  const claimSets = elements(root, 'Claims');
  const claims =
    claimSets.find((c) => normalizeLang(attr(c, 'languageCode')) === lang) ?? claimSets[0];
  const descriptions = elements(root, 'Description');
  const description =
    descriptions.find((d) => normalizeLang(attr(d, 'languageCode')) === lang) ?? descriptions[0];

  const parties = element(bib, 'PartyBag');
  const applicants = addParties(
    [],
    elements(element(parties, 'ApplicantBag'), 'Applicant').map(partyOf),
  );
  addParties(applicants, elements(element(parties, 'AssigneeBag'), 'Assignee').map(partyOf));

  return {
    country: text(pub, 'IPOfficeCode') || text(root, 'IPOfficeCode'),
    docNumber: text(pub, 'PublicationNumber'),
    kind: text(pub, 'PatentDocumentKindCode'),
    published:
      normalizeDate(text(pub, 'PublicationDate')) ??
      normalizeDate(attr(root, 'documentPublicationDate')),
    title: titles.main?.text,
    abstract: abstracts.main?.text,
    lang,
    alternateTitles: titles.others,
    alternateAbstracts: abstracts.others,
    applicationNumber: text(app, 'ApplicationNumber/ApplicationNumberText') || undefined,
    filed: normalizeDate(text(app, 'FilingDate')),
    priority: elements(element(bib, 'PriorityClaimBag'), 'PriorityClaim').flatMap(priorityOf),
    ipc: ipcOf(element(bib, 'PatentClassificationBag')),
    applicants,
    inventors: elements(element(parties, 'InventorBag'), 'Inventor').map((p) => partyOf(p).name),
    claims: elements(claims, 'Claim').map((c) =>
      // ClaimNumber and ClaimTypeCategory ("Independent") are metadata, not claim text.
      elements(c, 'ClaimText')
        .map((t) => flattenText(t))
        .join(' '),
    ),
    description: flattenText(description) || undefined,
    citations: elements(element(bib, 'ReferenceCitationBag'), 'ReferenceCitation')
      .flatMap((r) => descendants(r, 'CitedPatentDocumentIdentification'))
      .map((d) =>
        citationId(
          text(d, 'IPOfficeCode'),
          text(d, 'DocumentNumber'),
          text(d, 'PatentDocumentKindCode'),
        ),
      )
      .filter((c): c is string => !!c),
  };
}

/**
 * Splits language variants: the one in `lang` (or, failing that, one without a language, or
 * the first) is the main text; the others become alternates with their own language.
 */
function byLanguage(
  els: XmlElement[],
  lang: string | undefined,
  read: (e: XmlElement) => string,
): { main?: LangText; others: LangText[] } {
  const items = els
    .map((e) => ({ lang: normalizeLang(attr(e, 'languageCode')), text: read(e) }))
    .filter((i) => i.text !== '');
  if (items.length === 0) return { others: [] };
  const mainIdx = Math.max(
    0,
    items.findIndex((i) => i.lang === lang),
  );
  const fallback = lang ?? 'en';
  const main = { lang: items[mainIdx]!.lang ?? fallback, text: items[mainIdx]!.text };
  const others = items
    .filter((_, i) => i !== mainIdx)
    .filter((i) => i.lang && i.lang !== main.lang)
    .map((i) => ({ lang: i.lang!, text: i.text }));
  return { main, others };
}

/**
 * An Applicant, Inventor or Assignee: (Publication)Contact/Name with a PersonName (structured
 * or full), an OrganizationName or an EntityName; country from the address or residence.
 */
function partyOf(p: XmlElement): Party {
  const contact = element(p, 'PublicationContact', 'Contact') ?? p;
  const nameEl = element(contact, 'Name') ?? contact;
  const structured = descendant(nameEl, 'PersonStructuredName');
  const name =
    (structured &&
      joinName(
        text(structured, 'NamePrefix'),
        text(structured, 'FirstName'),
        text(structured, 'MiddleName'),
        text(structured, 'LastName'),
        text(structured, 'SecondLastName'),
        text(structured, 'NameSuffix'),
      )) ||
    flattenText(descendant(nameEl, 'PersonFullName')) ||
    flattenText(descendant(nameEl, 'OrganizationStandardName')) ||
    flattenText(descendant(nameEl, 'OrganizationName')) ||
    flattenText(descendant(nameEl, 'EntityName')) ||
    flattenText(nameEl);
  return party(
    name,
    countryCode(flattenText(descendant(p, 'CountryCode'))) ??
      countryCode(flattenText(descendant(p, 'ResidenceCountryCode'))) ??
      countryCode(flattenText(descendant(p, 'NationalityCode'))),
  );
}

function priorityOf(pc: XmlElement): Priority[] {
  return priorityClaim(
    countryCode(text(pc, 'IPOfficeCode')),
    text(pc, 'ApplicationNumber/ApplicationNumberText') || text(pc, 'ApplicationNumber'),
    normalizeDate(text(pc, 'FilingDate')),
  );
}

/**
 * IPC of the publication (not the CPC, national or search-field classifications):
 * IPCRClassification as structured parts (Section, Class, Subclass, MainGroup, Subgroup; some
 * offices spell SubClass/SubGroup) or as a symbol text (spaced, fixed-column or packed), the
 * symbol marked "F" first; then the older IPCClassification with Main/FurtherClassification.
 */
function ipcOf(bag: XmlElement | undefined): (string | undefined)[] {
  const ipcr = firstPositionFirst(
    [
      ...elements(element(bag, 'IPCRClassificationBag'), 'IPCRClassification'),
      ...elements(bag, 'IPCRClassification'),
    ],
    (c) => text(c, 'SymbolPositionCode'),
  ).map(ipcrCode);
  const old = elements(bag, 'IPCClassification').flatMap((c) =>
    elements(c, 'MainClassification', 'FurtherClassification').map((e) =>
      element(e, 'Section') ? ipcrCode(e) : normalizeIpc(flattenText(e)),
    ),
  );
  return [...ipcr, ...old];
}

function ipcrCode(c: XmlElement): string | undefined {
  const part = (...names: string[]): string =>
    names.map((n) => text(c, n)).find((v) => v !== '') ?? '';
  if (part('Section', 'CPCSection')) {
    const code = ipcFromParts({
      section: part('Section', 'CPCSection'),
      class: part('Class'),
      subclass: part('Subclass', 'SubClass'),
      mainGroup: part('MainGroup'),
      subgroup: part('Subgroup', 'SubGroup'),
    });
    if (code) return code;
  }
  return normalizeIpc(
    part('PatentClassificationText', 'IPCRClassificationText', 'ClassificationSymbol') ||
      (elements(c).length === 0 ? flattenText(c) : ''),
  );
}
