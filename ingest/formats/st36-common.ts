/**
 * Pieces shared by the ST.36 family readers (generic WIPO, EP SDOBI, CNIPA business XML):
 * text flattening that respects CJK line wrapping, free-text patent citations, and the step
 * that turns what a reader found into a checked PatentRecord.
 */
import type { LangText, Party, PatentRecord, Priority } from '../../model';
import type { SourceDocument } from './parser';
import {
  BLOCKS,
  attr,
  descendants,
  element,
  elements,
  flatten,
  textOf,
  type TextRules,
  type XmlElement,
  type XmlNode,
} from './xml';
import { ipcFromParts, normalizeIpc, normalizeLang } from './normalize';
import {
  SOURCE_LAST,
  buildPatentRecord,
  citedPatentId,
  type MissingFieldMessages,
} from './patent-record';

export const ST36_FORMAT = 'st36';

/** What a reader collected from one document, before languages are chosen and checks run. */
export interface PatentDraft {
  /** Local name of the root element, for error messages. */
  root: string;
  country?: string;
  docNumber?: string;
  kind?: string;
  published?: string;
  /** The document's own language (root or bibliographic `lang`), normalised. */
  docLang?: string;
  titles: OptLangText[];
  abstracts: OptLangText[];
  descriptions: OptLangText[];
  claimSets: { lang?: string; claims: string[] }[];
  applicationNumber?: string;
  filed?: string;
  priority: Priority[];
  /** Raw normalised codes in source order, main first; undefined entries are dropped. */
  ipc: (string | undefined)[];
  applicants: Party[];
  inventors: string[];
  citations: string[];
}

export interface OptLangText {
  lang?: string;
  text: string;
}

export function emptyDraft(root: string): PatentDraft {
  return {
    root,
    titles: [],
    abstracts: [],
    descriptions: [],
    claimSets: [],
    priority: [],
    ipc: [],
    applicants: [],
    inventors: [],
    citations: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Text

/**
 * Body text rules: paragraphs, claim parts and table cells end a line (`br` is a line break
 * under cjkLines, which drops it between CJK characters); images, figures, deposit numbers and
 * embedded titles are left out, leaving a space. Unlike textOf, ISO entities are not decoded.
 */
const BODY_TEXT: TextRules = {
  blocks: new Set([...BLOCKS, 'entry', 'Paragraphs', 'ClaimText', 'Heading']),
  skip: new Set([
    'img',
    'figure',
    'bio-deposit',
    'invention-title',
    'InventionTitle',
    'AbstractFigure',
    'Figure',
    'Image',
  ]),
  skipSeparates: true,
  cjkLines: true,
};

/**
 * Flattened text of a body part (abstract, claim, description), clean NFC like `textOf`, with
 * two differences the samples need: images, figures and embedded titles are left out, and a
 * line break (a newline or `<br/>`) between two CJK characters is dropped rather than turned
 * into a space, because CNIPA and JPO files wrap Chinese and Japanese text mid-sentence.
 */
function bodyText(node: XmlNode | undefined): string {
  return flatten(node, BODY_TEXT);
}

/** One string per claim, empty claims dropped. */
function claimTexts(claims: XmlElement[]): string[] {
  return claims.map(bodyText).filter((t) => t !== '');
}

/** Person names sometimes carry a care-of address after a line break (EP: "Yoshida, Naoki c/o Wedg Co., Ltd."). */
export function stripCareOf(name: string): string {
  return name.replace(/\s+c\/o\s.*$/i, '').trim();
}

/** Element names of the body parts: ST.36's, or those of another vocabulary. */
export interface BodyNames {
  abstract: string;
  description: string;
  claims: string;
  claim: string;
}

const ST36_BODY: BodyNames = {
  abstract: 'abstract',
  description: 'description',
  claims: 'claims',
  claim: 'claim',
};

/**
 * Abstracts, descriptions and claim sets directly under the given containers, as text with the
 * language each part states.
 */
export function readBody(
  containers: (XmlElement | undefined)[],
  names: BodyNames = ST36_BODY,
): Pick<PatentDraft, 'abstracts' | 'descriptions' | 'claimSets'> {
  const parts = (name: string): XmlElement[] => containers.flatMap((c) => elements(c, name));
  return {
    abstracts: parts(names.abstract).map((a) => ({ lang: attr(a, 'lang'), text: bodyText(a) })),
    descriptions: parts(names.description).map((d) => ({
      lang: attr(d, 'lang'),
      text: bodyText(d),
    })),
    claimSets: parts(names.claims).map((c) => ({
      lang: attr(c, 'lang'),
      claims: claimTexts(elements(c, names.claim)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Classification

/**
 * IPC codes of `classification-ipcr` elements, structured (section/class/subclass/main-group/
 * subgroup) or fixed-column text ("H04N   1/40        20060101AFI20051109BHEP"). The code in
 * first position (symbol-position F, or the F after the version date) comes first.
 */
export function ipcrCodes(ipcrs: XmlElement[]): (string | undefined)[] {
  const read = ipcrs.map((e) => {
    const part = (name: string): string | undefined => textOf(element(e, name)) || undefined;
    const text = textOf(element(e, 'text'));
    const code =
      ipcFromParts({
        section: part('section'),
        class: part('class'),
        subclass: part('subclass'),
        mainGroup: part('main-group'),
        subgroup: part('subgroup'),
      }) ?? normalizeIpc(text);
    const position = part('symbol-position') ?? /(?:^|\s)\d{8}[A-Z]([FL])/.exec(text)?.[1];
    return { code, first: position === 'F' };
  });
  return [...read.filter((r) => r.first), ...read.filter((r) => !r.first)].map((r) => r.code);
}

// ---------------------------------------------------------------------------------------------
// Citations

/**
 * Patent citations of every `patcit` below `scope`: its document-id when it has one, else its
 * text ("EP 3 109 871 A1", "特許第６１５１５５７号公報"), else its packed `dnum` attribute.
 */
export function patcitCitations(scope: XmlElement): (string | undefined)[] {
  return descendants(scope, 'patcit').map((p) => {
    const id = element(p, 'document-id');
    const fromId = citationId(
      textOf(element(id, 'country')),
      textOf(element(id, 'doc-number')),
      textOf(element(id, 'kind')) || undefined,
    );
    return (
      fromId ?? citationFromText(textOf(element(p, 'text'))) ?? citationFromText(attr(p, 'dnum'))
    );
  });
}

/**
 * Citation id ("CC-docNumber-kind", or "CC-docNumber" without a kind) of a cited document as
 * ST.36 files and their running text write it: compatibility forms folded (NFKC), thousands
 * commas and slashes dropped from the number ("GB 693,448", "US 2008/197955"), which must hold
 * a digit.
 */
export function citationId(
  country: string | undefined,
  number: string | undefined,
  kind?: string,
): string | undefined {
  const num = number?.normalize('NFKC').replace(/[\s,/]+/g, '');
  return citedPatentId(
    country?.normalize('NFKC'),
    num && /\d/.test(num) ? num : undefined,
    kind?.normalize('NFKC').trim().toUpperCase(),
  );
}

const SEARCH_REPORT = /^([A-Z]{2})\s*-\s*([A-Z]\d?)\s*-\s*([^(;]+)/;
const PLAIN = /^([A-Z]{2})[\s-]*(\d[\d\s/,.-]*?)\s*-?\s*([A-Z]\d?)?$/;
const PACKED = /^([A-Z]{2})(\d+)([A-Z]\d?)?$/;

/**
 * Reads a patent citation written as text: EPO search-report notation ("EP-A- 0 529 854",
 * "US-A1- 2008 197 955"), a plain reference ("EP 3 109 871 A1", "GB 693,448 A"), a packed
 * `dnum` ("EP3109871A1") or a Japanese one ("特許第６１５１５５７号公報" = JP patent 6151557,
 * "特開2002-86786" = JP-2002086786-A). Returns undefined for anything else.
 */
export function citationFromText(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  let m = SEARCH_REPORT.exec(s);
  if (m) return citationId(m[1], m[3]!.trim(), m[2]);
  m = PLAIN.exec(s) ?? PACKED.exec(s.replace(/\s+/g, ''));
  if (m) return citationId(m[1], m[2], m[3]);
  m = /特許第(\d+)号/.exec(s);
  if (m) return citationId('JP', m[1]);
  m = /(?:特開|特表)(\d{4})[-‐−](\d+)/.exec(s);
  if (m) return citationId('JP', `${m[1]}${m[2]!.padStart(6, '0')}`, 'A');
  m = /(?:実用新案登録|登録実用新案)第(\d+)号/.exec(s);
  if (m) return citationId('JP', m[1], 'U');
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Records

/** Office of publication → language, for documents that do not say which language they are in. */
const OFFICE_LANG: Record<string, string> = {
  VN: 'vi',
  CN: 'zh',
  TW: 'zh',
  JP: 'ja',
  KR: 'ko',
  US: 'en',
  GB: 'en',
  AU: 'en',
  CA: 'en',
  DE: 'de',
  AT: 'de',
  FR: 'fr',
  RU: 'ru',
};

/** Language of a publishing office's documents, for documents that do not give theirs. */
export function officeLang(country: string | undefined): string | undefined {
  return country ? OFFICE_LANG[country.trim().toUpperCase()] : undefined;
}

/** Wording of a missing required field, naming the root element (`what`). */
function missingIn(what: string): MissingFieldMessages {
  return {
    number: `${what} has no publication number`,
    office: (docNumber) => `${what} ${docNumber} has no publishing office`,
    kind: (docNumber, country) => `${what} ${country} ${docNumber} has no kind code`,
    title: (p) => `${what} ${p.country} ${p.docNumber} ${p.kind} has no title`,
  };
}

/**
 * Checks a draft and turns it into the record: the id needs office, number and kind, and a
 * record needs a title; anything missing is an InvalidRecordError naming the file and line.
 * The record's language is the document's own when it gives a title or abstract in it,
 * otherwise that of the first title; other languages go to alternateTitles/alternateAbstracts.
 */
export function finishPatent(draft: PatentDraft, doc: SourceDocument): PatentRecord {
  const country = draft.country?.trim().toUpperCase();
  const docLang = draft.docLang ?? officeLang(country);
  const withLang = <T extends { lang?: string }>(xs: T[]): (T & { lang: string })[] =>
    xs.map((x) => ({ ...x, lang: normalizeLang(x.lang) ?? docLang ?? 'en' }));
  const titles = dedupeLangText(withLang(draft.titles.filter((t) => t.text)));
  const abstracts = dedupeLangText(withLang(draft.abstracts.filter((t) => t.text)));
  // Without a title there is no record (buildPatentRecord says so): any language will do here.
  const lang =
    docLang && [...titles, ...abstracts].some((t) => t.lang === docLang)
      ? docLang
      : (titles[0]?.lang ?? 'en');
  const title = titles.find((t) => t.lang === lang) ?? titles[0];
  const abstract = abstracts.find((t) => t.lang === lang) ?? abstracts[0];
  const description = pickLang(withLang(draft.descriptions.filter((d) => d.text)), lang);
  const claims = pickLang(
    withLang(draft.claimSets.filter((c) => c.claims.length > 0)),
    lang,
  )?.claims;

  return buildPatentRecord(
    {
      country,
      docNumber: draft.docNumber?.replace(/\s+/g, ''),
      kind: draft.kind?.trim().toUpperCase(),
      title: title?.text,
      lang,
      abstract: abstract?.text,
      published: draft.published,
      alternateTitles: titles.filter((t) => t !== title).map(toLangText),
      alternateAbstracts: abstracts.filter((a) => a !== abstract).map(toLangText),
      applicationNumber: draft.applicationNumber,
      filed: draft.filed,
      priority: dedupeBy(draft.priority, (p) => `${p.country}|${p.number}`),
      ipc: draft.ipc,
      applicants: dedupeBy(
        draft.applicants.filter((a) => a.name),
        (a) => a.name,
      ),
      inventors: draft.inventors,
      claims: claims ?? [],
      description: description?.text,
      citations: draft.citations,
    },
    doc,
    { format: ST36_FORMAT, missing: missingIn(`<${draft.root}>`), keyOrder: SOURCE_LAST },
  );
}

function toLangText(t: { lang: string; text: string }): LangText {
  return { lang: t.lang, text: t.text };
}

function pickLang<T extends { lang: string }>(xs: T[], lang: string): T | undefined {
  return xs.find((x) => x.lang === lang) ?? xs[0];
}

/** One text per language (the first given), so a repeated title does not become its own alternate. */
function dedupeLangText<T extends { lang: string; text: string }>(xs: T[]): T[] {
  return dedupeBy(xs, (x) => x.lang);
}

function dedupeBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
