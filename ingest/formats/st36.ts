/**
 * The ST.36 family: WIPO ST.36 patent documents and the national variants built on them.
 *
 * - `patent-document`: generic ST.36, the Vietnamese office's form (docs/st36-profile.md);
 * - `cn-patent-document`: CNIPA's ST.36 variant (cn- prefixed bibliographic blocks, text in
 *   `application-body`);
 * - `jp-official-gazette`: JPO gazette (ST.36 names, kind given as `公開特許公報(A)`, the
 *   ST.16 code in the root attribute `kind-of-st16`);
 * - `ep-patent-document`: EPO SDOBI B-codes (st36-ep.ts);
 * - `PatentDocumentAndRelated`: CNIPA business XML (st36-cnipa.ts).
 *
 * One document is one publication, so each yields exactly one record (or a typed error).
 */
import type { Party, Priority } from '../../model';
import type { SourceParser } from './parser';
import { attr, descendants, element, elements, textOf, type XmlElement } from './xml';
import { normalizeDate, normalizeIpc, normalizeLang } from './normalize';
import {
  ST36_FORMAT,
  emptyDraft,
  finishPatent,
  ipcrCodes,
  officeLang,
  patcitCitations,
  readBody,
  type PatentDraft,
} from './st36-common';
import { party, priorityClaim } from './patent-record';
import { readEpDocument } from './st36-ep';
import { readCnipaDocument } from './st36-cnipa';

const READERS: Readonly<Record<string, (root: XmlElement) => PatentDraft>> = {
  'patent-document': readSt36Document,
  'cn-patent-document': readSt36Document,
  'jp-official-gazette': readSt36Document,
  'ep-patent-document': readEpDocument,
  PatentDocumentAndRelated: readCnipaDocument,
};

export const st36Parser: SourceParser = {
  format: ST36_FORMAT,
  roots: Object.keys(READERS),
  parse(root, doc) {
    const read = READERS[root.name] ?? readSt36Document;
    return { records: [finishPatent(read(root), doc)], deletions: [] };
  },
};

/** Languages that write the family name first, so last-name + first-name reads "Nguyễn Văn An". */
const FAMILY_NAME_FIRST = new Set(['vi', 'zh', 'ja', 'ko', 'hu']);

/**
 * Generic ST.36 reading, also used for the CN and JP variants, whose element names differ only
 * by prefixes (`cn-bibliographic-data`, `cn-applicant`) and by where the text parts sit.
 */
export function readSt36Document(root: XmlElement): PatentDraft {
  const draft = emptyDraft(root.name);
  const biblio = element(root, 'bibliographic-data', 'cn-bibliographic-data') ?? root;
  const pub = element(
    element(biblio, 'publication-reference', 'cn-publication-reference'),
    'document-id',
  );
  draft.docLang = normalizeLang(attr(root, 'lang')) ?? normalizeLang(attr(biblio, 'lang'));
  draft.country = textOf(element(pub, 'country')) || attr(root, 'country');
  draft.docNumber = textOf(element(pub, 'doc-number')) || attr(root, 'doc-number');
  draft.kind = readKind(root, textOf(element(pub, 'kind')));
  draft.published =
    normalizeDate(textOf(element(pub, 'date'))) ?? normalizeDate(attr(root, 'date-publ'));

  const app = element(element(biblio, 'application-reference'), 'document-id');
  draft.applicationNumber = textOf(element(app, 'doc-number')) || undefined;
  draft.filed = normalizeDate(textOf(element(app, 'date')));
  draft.priority = descendants(biblio, 'priority-claim').flatMap(readPriority);

  draft.ipc = [
    ...ipcrCodes(descendants(biblio, 'classification-ipcr')),
    ...descendants(biblio, 'classification-ipc').flatMap((c) =>
      elements(c, 'main-classification', 'main-clsf', 'further-classification', 'further-clsf')
        .sort((a, b) => Number(b.name.startsWith('main')) - Number(a.name.startsWith('main')))
        .map((e) => normalizeIpc(textOf(e))),
    ),
  ];
  draft.titles = elements(biblio, 'invention-title').map((t) => ({
    lang: attr(t, 'lang'),
    text: textOf(t),
  }));

  const parties = element(biblio, 'parties', 'cn-parties');
  const lang = draft.docLang ?? officeLang(draft.country);
  draft.applicants = [
    ...descendants(parties, 'applicant'),
    ...descendants(parties, 'cn-applicant'),
  ].map((a) => readParty(a, lang));
  draft.inventors = [
    ...descendants(parties, 'inventor'),
    ...descendants(parties, 'cn-inventor'),
  ].map((i) => readParty(i, lang).name);
  draft.citations = patcitCitations(root).filter((c): c is string => c !== undefined);

  // Text parts sit under the root (ST.36, JP), in the bibliographic block (CN abstract) or in
  // application-body (CN). Only direct children: JP amendments repeat a whole description.
  return Object.assign(
    draft,
    readBody([root, biblio === root ? undefined : biblio, element(root, 'application-body')]),
  );
}

/**
 * ST.16 kind code. JP gazettes name the publication ("公開特許公報(A)") and put the code in
 * `kind-of-st16`; elsewhere the document-id's kind, then the root's `kind` attribute.
 */
function readKind(root: XmlElement, given: string): string | undefined {
  const st16 = attr(root, 'kind-of-st16');
  if (st16) return st16;
  const k = given.normalize('NFKC');
  if (/^[A-Z]\d?$/i.test(k)) return k;
  return /\(([A-Z]\d?)\)/i.exec(k)?.[1] ?? (attr(root, 'kind') || undefined);
}

function readPriority(p: XmlElement): Priority[] {
  return priorityClaim(
    textOf(element(p, 'country')),
    textOf(element(p, 'doc-number')),
    normalizeDate(textOf(element(p, 'date'))),
  );
}

/**
 * An applicant or inventor: `addressbook` (or the element itself, as in cn-inventor) with
 * `name`, `orgname`, or `last-name`/`first-name`; country from the address, residence or
 * nationality.
 */
function readParty(e: XmlElement, docLang: string | undefined): Party {
  const book = element(e, 'addressbook') ?? e;
  const field = (name: string): string => textOf(element(book, name));
  let name = field('name') || field('orgname');
  if (!name) {
    const last = field('last-name');
    const given = [field('first-name'), field('middle-name')].filter((s) => s).join(' ');
    const lang = normalizeLang(attr(book, 'lang')) ?? docLang;
    const parts = lang && FAMILY_NAME_FIRST.has(lang) ? [last, given] : [given, last];
    name = parts.filter((s) => s).join(' ');
  }
  return party(
    name,
    textOf(element(element(book, 'address'), 'country')) ||
      textOf(element(element(e, 'residence'), 'country')) ||
      textOf(element(element(e, 'nationality'), 'country')),
  );
}
