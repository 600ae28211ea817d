/**
 * EPO DOCDB exchange format (bibliographic data only: no claims, no description).
 *
 * Roots: `exchange-documents` (a bulk file, thousands of `exchange-document`s) and a single
 * `exchange-document` cut out of one. Files cut out of bulk files use the `exch:` prefix
 * without declaring it; parseXml drops prefixes, so both read the same.
 *
 * DOCDB repeats most facts in several `data-format`s: "docdb" (EPO's standardised form,
 * upper case, names cut at 30 characters), "docdba" (amended: the name as published, cleaned),
 * "epodoc" (packed numbers) and "original" (as the office wrote it). For each fact this reader
 * takes one form, so nothing is counted twice:
 * - numbers, dates, priorities, cited documents: "docdb" (the form ids are made of);
 * - names: "original", else "docdba", else "docdb", per party `sequence`; the residence country
 *   comes from the "docdb" variant, the only one that carries it;
 * - titles and abstracts: one per language, "original" before "docdba" before "docdb".
 *
 * An `exchange-document` with status="D" is a deletion: its id goes to `deletions`.
 */
import type { LangText, Party, PatentRecord, Priority } from '../../model';
import { InvalidRecordError } from '../errors';
import type { SourceDocument, SourceParser } from './parser';
import { at, attr, element, elements, textOf, type XmlElement } from './xml';
import { ipcFromParts, normalizeDate, normalizeIpc, normalizeLang } from './normalize';
import {
  SOURCE_LAST,
  buildPatentRecord,
  citedPatentId,
  party,
  priorityClaim,
  requirePatentId,
  type MissingFieldMessages,
} from './patent-record';

export const DOCDB_FORMAT = 'docdb';

export const docdbParser: SourceParser = {
  format: DOCDB_FORMAT,
  roots: ['exchange-documents', 'exchange-document'],
  parse(root, doc) {
    const documents =
      root.name === 'exchange-documents' ? elements(root, 'exchange-document') : [root];
    const records: PatentRecord[] = [];
    const deletions: string[] = [];
    const errors: InvalidRecordError[] = [];
    documents.forEach((ed, index) => {
      try {
        const read = readExchangeDocument(ed, doc, index, documents.length, records.length);
        if (typeof read === 'string') deletions.push(read);
        else records.push(read);
      } catch (e) {
        // One unreadable document must not cost the thousands beside it in a bulk file.
        if (!(e instanceof InvalidRecordError) || documents.length === 1) throw e;
        errors.push(e);
      }
    });
    return { records, deletions, errors };
  },
};

/** Name forms, best first, for parties, titles and abstracts. */
const NAME_FORMATS = ['original', 'docdba', 'docdb'];

function formatRank(node: XmlElement): number {
  const i = NAME_FORMATS.indexOf(node.attrs['data-format'] ?? '');
  return i === -1 ? NAME_FORMATS.length : i;
}

/** Returns the record, or the id of a deleted document. */
function readExchangeDocument(
  ed: XmlElement,
  doc: SourceDocument,
  index: number,
  count: number,
  recordIndex: number,
): PatentRecord | string {
  const what = count > 1 ? `<exchange-document> #${index + 1}` : '<exchange-document>';
  const missing: MissingFieldMessages = {
    number: `${what} has no doc-number`,
    office: (docNumber) => `${what} ${docNumber} has no country`,
    kind: (docNumber, country) => `${what} ${country} ${docNumber} has no kind`,
    title: (p) => `${what} ${p.id} has no invention-title`,
  };
  const biblio = element(ed, 'bibliographic-data');
  const pubId = docdbId(biblio, 'publication-reference');
  const identity = {
    country: (attr(ed, 'country') || textOf(element(pubId, 'country'))).toUpperCase(),
    docNumber: (attr(ed, 'doc-number') || textOf(element(pubId, 'doc-number'))).replace(/\s+/g, ''),
    kind: (attr(ed, 'kind') || textOf(element(pubId, 'kind'))).toUpperCase(),
  };
  const { id } = requirePatentId(identity, doc, missing);
  if (attr(ed, 'status')?.toUpperCase() === 'D') return id;

  const docLang =
    normalizeLang(textOf(element(biblio, 'language-of-publication'))) ??
    normalizeLang(attr(pubId, 'lang'));

  const titles = byLanguage(elements(biblio, 'invention-title'), docLang);
  const lang = chooseLang(titles, docLang);
  const title = pick(titles, lang);
  const abstracts = byLanguage(elements(ed, 'abstract'), docLang ?? lang);
  const abstract = pick(abstracts, lang) ?? pick(abstracts, 'en') ?? abstracts[0];

  const appId = docdbId(biblio, 'application-reference');
  return buildPatentRecord(
    {
      ...identity,
      title: title?.text,
      lang,
      abstract: abstract?.text,
      published:
        normalizeDate(attr(ed, 'date-publ')) ?? normalizeDate(textOf(element(pubId, 'date'))),
      // The application number as the office writes it ("IL2022/050854"), else DOCDB's form.
      applicationNumber:
        textOf(
          at(formatVariant(biblio, 'application-reference', 'original'), 'document-id/doc-number'),
        ) || textOf(element(appId, 'doc-number')),
      filed: normalizeDate(textOf(element(appId, 'date'))),
      alternateTitles: titles.filter((t) => t !== title),
      alternateAbstracts: abstracts.filter((a) => a !== abstract),
      priority: priorities(biblio),
      ipc: ipcCodes(biblio),
      applicants: parties(at(biblio, 'parties/applicants'), 'applicant'),
      inventors: parties(at(biblio, 'parties/inventors'), 'inventor').map((p) => p.name),
      claims: [],
      citations: citations(element(biblio, 'references-cited')),
    },
    doc,
    { format: DOCDB_FORMAT, missing, keyOrder: SOURCE_LAST, index: recordIndex },
  );
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates

/** The `document-id` of the data-format="docdb" variant of a reference (else of the first). */
function docdbId(biblio: XmlElement | undefined, name: string): XmlElement | undefined {
  const ref = formatVariant(biblio, name, 'docdb') ?? element(biblio, name);
  return element(ref, 'document-id');
}

function formatVariant(
  parent: XmlElement | undefined,
  name: string,
  format: string,
): XmlElement | undefined {
  return elements(parent, name).find((e) => e.attrs['data-format'] === format);
}

function priorities(biblio: XmlElement | undefined): Priority[] {
  const claims = elements(element(biblio, 'priority-claims'), 'priority-claim');
  const docdb = claims.filter((c) => c.attrs['data-format'] === 'docdb');
  const out: Priority[] = [];
  const seen = new Set<string>();
  for (const claim of docdb.length ? docdb : claims) {
    const id = element(claim, 'document-id');
    const country = textOf(element(id, 'country')).toUpperCase();
    const number = textOf(element(id, 'doc-number')).replace(/\s+/g, '');
    // epodoc and original variants carry no country: they cannot make a priority on their own.
    if (!country || !number) continue;
    const key = `${country}-${number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...priorityClaim(country, number, normalizeDate(textOf(element(id, 'date')))));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Classification

/**
 * IPC codes, main first: ipcr codes marked "first" (F in the fixed-column text, or a
 * `symbol-position` of F), then the old `classification-ipc` main classification, then the
 * other ipcr codes in order, then the old further classifications.
 */
function ipcCodes(biblio: XmlElement | undefined): (string | undefined)[] {
  const first: (string | undefined)[] = [];
  const later: (string | undefined)[] = [];
  for (const c of elements(element(biblio, 'classifications-ipcr'), 'classification-ipcr')) {
    const raw = textOf(element(c, 'text'));
    let code: string | undefined;
    let isFirst = false;
    if (raw) {
      code = normalizeIpc(raw);
      // "C07K  16/28        20060101AFI20230209BHEP": version date, level, then F(irst)/L(ater).
      isFirst = /\d{8}[A-Z]F/.test(raw.replace(/\s+/g, ' '));
    } else {
      code = ipcFromParts({
        section: textOf(element(c, 'section')),
        class: textOf(element(c, 'class')),
        subclass: textOf(element(c, 'subclass')),
        mainGroup: textOf(element(c, 'main-group')),
        subgroup: textOf(element(c, 'subgroup')),
      });
      isFirst = textOf(element(c, 'symbol-position')).toUpperCase() === 'F';
    }
    (isFirst ? first : later).push(code);
  }
  const old = element(biblio, 'classification-ipc');
  const main = elements(old, 'main-classification').map((e) => normalizeIpc(textOf(e)));
  const further = elements(old, 'further-classification').map((e) => normalizeIpc(textOf(e)));
  return [...first, ...main, ...later, ...further];
}

// ---------------------------------------------------------------------------------------------
// Parties

/**
 * One entry per party `sequence`, in sequence order, with the best name form (original,
 * docdba, docdb) and the country of residence from whichever variant gives one. The same name
 * under two sequences is kept once.
 */
function parties(group: XmlElement | undefined, name: 'applicant' | 'inventor'): Party[] {
  const bySeq = new Map<string, XmlElement[]>();
  const variants = elements(group, name);
  variants.forEach((v, i) => {
    const seq = v.attrs.sequence?.trim() || `#${i}`;
    const list = bySeq.get(seq) ?? [];
    list.push(v);
    bySeq.set(seq, list);
  });
  const seqs = [...bySeq.keys()].sort((a, b) => seqOrder(a) - seqOrder(b));
  const out: Party[] = [];
  const seen = new Set<string>();
  for (const seq of seqs) {
    const forms = [...bySeq.get(seq)!].sort((a, b) => formatRank(a) - formatRank(b));
    const best = forms.map((f) => partyName(f, name)).find((n) => n !== '');
    if (!best) continue;
    const key = best.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    if (seen.has(key)) continue;
    seen.add(key);
    const country = forms
      .map((f) => textOf(at(f, 'residence/country')).toUpperCase())
      .find((c) => /^[A-Z]{2}$/.test(c));
    out.push(party(best, country));
  }
  return out;
}

function seqOrder(seq: string): number {
  const n = Number(seq.replace(/^#/, ''));
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

function partyName(variant: XmlElement, kind: 'applicant' | 'inventor'): string {
  const nameBox = element(variant, `${kind}-name`) ?? variant;
  const name = element(nameBox, 'name');
  if (name) return textOf(name);
  const last = textOf(element(nameBox, 'last-name'));
  const first = textOf(element(nameBox, 'first-name'));
  return [last, first].filter(Boolean).join(', ') || textOf(element(nameBox, 'orgname'));
}

// ---------------------------------------------------------------------------------------------
// Citations

/** Cited patent documents (`patcit`), as CC-docNumber-kind ids, each once. */
function citations(refs: XmlElement | undefined): string[] {
  const out = new Set<string>();
  for (const citation of elements(refs, 'citation')) {
    for (const patcit of elements(citation, 'patcit')) {
      const id = patcitId(patcit);
      if (id) out.add(id);
    }
  }
  return [...out];
}

function patcitId(patcit: XmlElement): string | undefined {
  const ids = elements(patcit, 'document-id');
  const chosen =
    ids.find((d) => d.attrs['data-format'] === 'docdb') ??
    ids.find((d) => textOf(element(d, 'country')) && textOf(element(d, 'doc-number')));
  if (chosen) {
    return citedPatentId(
      textOf(element(chosen, 'country')),
      textOf(element(chosen, 'doc-number')),
      textOf(element(chosen, 'kind')),
    );
  }
  // No usable document-id: fall back on the packed `dnum` ("US2020223945A1").
  const m = /^([A-Z]{2})(\d[\dA-Z]*?\d)([A-Z]\d?)?$/.exec(
    (attr(patcit, 'dnum') ?? '').replace(/\s+/g, '').toUpperCase(),
  );
  return m ? citedPatentId(m[1], m[2], m[3]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Languages, titles, abstracts

/**
 * One text per language, the best data-format first; an element without `lang` ("original"
 * abstracts) is in the document's language. Order: first appearance of each language.
 */
function byLanguage(nodes: XmlElement[], fallbackLang: string | undefined): LangText[] {
  const best = new Map<string, { rank: number; text: string }>();
  for (const node of nodes) {
    const content = textOf(node);
    if (!content) continue;
    const lang = normalizeLang(attr(node, 'lang')) ?? fallbackLang ?? 'en';
    const rank = formatRank(node);
    const prev = best.get(lang);
    if (!prev || rank < prev.rank) best.set(lang, { rank, text: content });
  }
  return [...best].map(([lang, v]) => ({ lang, text: v.text }));
}

/**
 * The document's own language when a title is in it, else English, else the first title's.
 * (Without a title there is no record, and buildPatentRecord says so.)
 */
function chooseLang(titles: LangText[], docLang: string | undefined): string {
  if (docLang && titles.some((t) => t.lang === docLang)) return docLang;
  if (titles.some((t) => t.lang === 'en')) return 'en';
  return titles[0]?.lang ?? 'en';
}

function pick(texts: LangText[], lang: string): LangText | undefined {
  return texts.find((t) => t.lang === lang);
}
