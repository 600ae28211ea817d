/**
 * CNIPA business XML (`business:PatentDocumentAndRelated`, namespaces base:/business:, dropped
 * by the XML reader). Element paths read:
 *   BibliographicData/PublicationReference/DocumentID/{WIPOST3Code,DocNumber,Kind,Date}
 *   BibliographicData/ApplicationReference/DocumentID/{DocNumber,Date}
 *   BibliographicData/PriorityDetails/Priority/{WIPOST3Code,DocNumber,Date}
 *   BibliographicData/ClassificationIPCRDetails/ClassificationIPCR/{Section,MainClass,Subclass,
 *     MainGroup,Subgroup} (or Text "G09G    3/36    (2006.01)")
 *   BibliographicData/InventionTitle, Parties/ApplicantDetails/Applicant/AddressBook/
 *     {Name|OrganizationName, Address/WIPOST3Code}, Parties/InventorDetails/Inventor/AddressBook/Name
 *   Abstract/Paragraphs, Description, Claims/Claim/ClaimText.
 * Most blocks come twice, `dataFormat="original"` (as filed: "202111286633.X") and
 * `dataFormat="standard"` (CNIPA's normalised "102021001286633"); the original is kept.
 */
import { attr, descendant, descendants, element, elements, textOf, type XmlElement } from './xml';
import { ipcFromParts, normalizeDate, normalizeIpc, normalizeLang } from './normalize';
import { party, priorityClaim } from './patent-record';
import { citationId, emptyDraft, readBody, type PatentDraft } from './st36-common';

export function readCnipaDocument(root: XmlElement): PatentDraft {
  const draft = emptyDraft(root.name);
  const biblio = element(root, 'BibliographicData');
  const field = (e: XmlElement | undefined, name: string): string => textOf(element(e, name));

  const pub = element(original(elements(biblio, 'PublicationReference'))[0], 'DocumentID');
  draft.country = field(pub, 'WIPOST3Code') || attr(root, 'country');
  draft.docNumber = field(pub, 'DocNumber') || attr(root, 'docNumber');
  draft.kind = field(pub, 'Kind') || attr(root, 'kind');
  draft.published =
    normalizeDate(field(pub, 'Date')) ?? normalizeDate(attr(root, 'datePublication'));
  draft.docLang = normalizeLang(attr(root, 'lang'));

  const app = element(original(elements(biblio, 'ApplicationReference'))[0], 'DocumentID');
  draft.applicationNumber = field(app, 'DocNumber') || undefined;
  draft.filed = normalizeDate(field(app, 'Date'));

  draft.priority = original(descendants(element(biblio, 'PriorityDetails'), 'Priority')).flatMap(
    (p) =>
      priorityClaim(
        field(p, 'WIPOST3Code'),
        field(p, 'DocNumber'),
        normalizeDate(field(p, 'Date')),
      ),
  );

  draft.ipc = descendants(biblio, 'ClassificationIPCR').map(
    (c) =>
      ipcFromParts({
        section: field(c, 'Section') || undefined,
        class: field(c, 'MainClass') || undefined,
        subclass: field(c, 'Subclass') || undefined,
        mainGroup: field(c, 'MainGroup') || undefined,
        subgroup: field(c, 'Subgroup') || undefined,
      }) ?? normalizeIpc(field(c, 'Text')),
  );

  draft.titles = original(elements(biblio, 'InventionTitle')).map((t) => ({
    lang: attr(t, 'lang'),
    text: textOf(t),
  }));

  const parties = element(biblio, 'Parties');
  draft.applicants = original(descendants(element(parties, 'ApplicantDetails'), 'Applicant')).map(
    (a) => {
      const book = element(a, 'AddressBook');
      const name = field(book, 'Name') || field(book, 'OrganizationName');
      return party(name, field(element(book, 'Address'), 'WIPOST3Code'));
    },
  );
  draft.inventors = original(descendants(element(parties, 'InventorDetails'), 'Inventor')).map(
    (i) => field(element(i, 'AddressBook'), 'Name'),
  );

  // Cited documents, when a file carries them (none in the sample): any DocumentID under a
  // PatentCitation.
  draft.citations = descendants(root, 'PatentCitation').flatMap((c) => {
    const id = descendant(c, 'DocumentID');
    const cit = citationId(
      field(id, 'WIPOST3Code'),
      field(id, 'DocNumber'),
      field(id, 'Kind') || undefined,
    );
    return cit ? [cit] : [];
  });

  return Object.assign(
    draft,
    readBody([root], {
      abstract: 'Abstract',
      description: 'Description',
      claims: 'Claims',
      claim: 'Claim',
    }),
  );
}

/** Drops `dataFormat="standard"` copies when the list also holds non-standard (original) ones. */
function original(xs: XmlElement[]): XmlElement[] {
  const kept = xs.filter((x) => attr(x, 'dataFormat') !== 'standard');
  return kept.length > 0 ? kept : xs;
}
