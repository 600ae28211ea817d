/**
 * OpenAIRE CERIF-XML (`cerif_openaire`, OpenAIRE Guidelines for CRIS Managers 1.x) inside an
 * OAI-PMH record, as university research information systems publish it.
 *
 * - `Publication` and `Product` (datasets, software) become research records; `Patent` becomes a
 *   patent record. Each keeps the people (`Person`: name, ORCID) and organisation units
 *   (`OrgUnit`: name, acronym) it embeds: authors with their affiliations, a patent's holders as
 *   applicants, a publication's publisher. Projects, fundings, funders and events it links to are
 *   kept as `links`.
 * - Pages of `Person`, `OrgUnit`, `Project`, `Funding`, `Equipment` or `Event` entities hold no
 *   research result: they give no record (what records need of them is embedded in the records).
 */
import { canonicalPatentId } from '../../analyzers';
import type { Author, CauRecord, Institution, LangText, Link, PatentRecord } from '../../model';
import { InvalidRecordError } from '../errors';
import { normalizeDate, normalizeIpc, normalizeLang } from './normalize';
import type { SourceDocument } from './parser';
import { buildResearchRecord, compact, institutionsOfAuthors } from './research-record';
import { attr, element, elements, textOf, type XmlElement } from './xml';

export const CERIF_FORMAT = 'cerif';

/** Payload elements that are research results (records). */
export const CERIF_RESULTS: ReadonlySet<string> = new Set(['Publication', 'Product', 'Patent']);
/** Payload elements that are linked entities (no record of their own). */
export const CERIF_ENTITIES: ReadonlySet<string> = new Set([
  'Person',
  'OrgUnit',
  'Project',
  'Funding',
  'Equipment',
  'Event',
  'Service',
]);

/** COAR resource types the samples and the guidelines use most (rules as data). */
const COAR_TYPES: Record<string, string> = {
  c_6501: 'journal article',
  c_2df8fbb1: 'research article',
  c_5794: 'conference paper',
  c_c94f: 'conference object',
  c_f744: 'conference proceedings',
  c_0640: 'journal',
  c_b239: 'editorial',
  c_2f33: 'book',
  c_3248: 'book part',
  c_db06: 'doctoral thesis',
  c_bdcc: 'master thesis',
  c_46ec: 'thesis',
  c_93fc: 'report',
  c_ddb1: 'dataset',
  c_5ce6: 'software',
  c_15cd: 'patent',
  c_8042: 'working paper',
  c_816b: 'preprint',
};

function coarType(e: XmlElement | undefined): string | undefined {
  const uri = textOf(e);
  if (!uri) return undefined;
  const code = /(c_[0-9a-f]+)\s*$/.exec(uri)?.[1];
  return (code && COAR_TYPES[code]) ?? uri;
}

function langTexts(parent: XmlElement, name: string): { lang?: string; text: string }[] {
  return elements(parent, name)
    .map((e) => ({ lang: normalizeLang(attr(e, 'lang')), text: textOf(e) }))
    .filter((t) => t.text !== '');
}

/** A CERIF Person's name: DisplayName of its Author/Creator, else "FirstNames FamilyNames". */
function personName(holder: XmlElement): string | undefined {
  const display = textOf(element(holder, 'DisplayName'));
  if (display) return display;
  const name = element(element(holder, 'Person'), 'PersonName');
  const joined = [textOf(element(name, 'FirstNames')), textOf(element(name, 'FamilyNames'))]
    .filter(Boolean)
    .join(' ');
  return joined || undefined;
}

/** An OrgUnit as an institution: its English (or first) name, else its acronym; its parent's too. */
function orgUnit(o: XmlElement | undefined): Institution | undefined {
  if (!o) return undefined;
  const names = langTexts(o, 'Name');
  const own =
    (names.find((n) => n.lang === 'en') ?? names[0])?.text ?? textOf(element(o, 'Acronym'));
  if (!own) return undefined;
  const parent = orgUnit(element(element(o, 'PartOf'), 'OrgUnit'));
  const ror = elements(o, 'Identifier')
    .map(textOf)
    .find((v) => /ror\.org\//i.test(v));
  return compact({ name: parent ? `${own}, ${parent.name}` : own, ror });
}

function people(parent: XmlElement | undefined, list: string, item: string): Author[] {
  return elements(element(parent, list), item)
    .map((holder): Author | undefined => {
      const name = personName(holder);
      if (!name) return undefined;
      const orcid = textOf(element(element(holder, 'Person'), 'ORCID')) || undefined;
      const affiliations = elements(holder, 'Affiliation')
        .map((a) => orgUnit(element(a, 'OrgUnit')))
        .filter((i): i is Institution => i !== undefined);
      return compact({ name, orcid, affiliations: affiliations.length ? affiliations : undefined });
    })
    .filter((a): a is Author => a !== undefined);
}

/** Projects (and their fundings and funders) a result originates from, events it was presented at. */
function linksOf(e: XmlElement): Link[] {
  const out: Link[] = [];
  for (const p of elements(element(e, 'OriginatesFrom'), 'Project')) {
    const name = textOf(element(p, 'Acronym')) || langTexts(p, 'Title')[0]?.text;
    const id = textOf(element(p, 'Identifier')) || attr(p, 'id');
    if (name || id) out.push(compact<Link>({ kind: 'project', name: name ?? id!, id }));
    for (const f of elements(p, 'Funded')) {
      const funder = orgUnit(element(element(f, 'By'), 'OrgUnit'));
      if (funder) out.push({ kind: 'funder', name: funder.name });
      const funding = element(element(f, 'As'), 'Funding');
      const fid = attr(funding, 'id');
      if (fid) out.push({ kind: 'funding', name: textOf(funding) || fid, id: fid });
    }
  }
  for (const ev of elements(element(e, 'PresentedAt'), 'Event')) {
    const name = langTexts(ev, 'Name')[0]?.text ?? textOf(element(ev, 'Acronym'));
    if (name) out.push(compact<Link>({ kind: 'event', name, id: attr(ev, 'id') }));
  }
  return out;
}

/**
 * A CERIF research result as a record, or undefined for a linked entity. `oaiId` is the OAI
 * identifier of the record around it.
 */
export function readCerif(
  payload: XmlElement,
  oaiId: string,
  doc: SourceDocument,
  index: number,
): CauRecord | undefined {
  if (CERIF_ENTITIES.has(payload.name)) return undefined;
  if (payload.name === 'Patent') return readPatent(payload, oaiId, doc, index);
  const product = payload.name === 'Product';
  const titles = langTexts(payload, product ? 'Name' : 'Title');
  const lang = normalizeLang(textOf(element(payload, 'Language'))) ?? titles[0]?.lang;
  const main = titles.find((t) => t.lang === lang) ?? titles[0];
  const subtitle = langTexts(payload, 'Subtitle')[0]?.text;
  const abstracts = langTexts(payload, product ? 'Description' : 'Abstract');
  const mainAbstract = abstracts.find((a) => a.lang === (main?.lang ?? lang)) ?? abstracts[0];
  const authors = people(payload, product ? 'Creators' : 'Authors', product ? 'Creator' : 'Author');
  const publishedIn = element(element(payload, 'PublishedIn'), 'Publication');
  const publisher =
    orgUnit(element(element(element(payload, 'Publishers'), 'Publisher'), 'OrgUnit')) ??
    orgUnit(element(element(element(publishedIn, 'Publishers'), 'Publisher'), 'OrgUnit'));
  const ids = ['DOI', 'Handle', 'PMCID', 'URL', 'URN', 'ISBN', 'ISSN', 'ISI-Number', 'SCP-Number']
    .flatMap((n) => elements(payload, n).map(textOf))
    .filter(Boolean);
  const other = (list: { lang?: string; text: string }[], keep?: { text: string }): LangText[] =>
    list
      .filter((t) => t !== keep && t.text !== keep?.text)
      .map((t) => ({ lang: t.lang ?? lang ?? 'und', text: t.text }));
  return buildResearchRecord(
    {
      sourceId: oaiId,
      title: main && subtitle ? `${main.text}: ${subtitle}` : main?.text,
      lang: main?.lang ?? lang,
      abstract: mainAbstract?.text,
      published: normalizeDate(textOf(element(payload, 'PublicationDate'))),
      creators: authors.map((a) => a.name),
      authors,
      institutions: institutionsOfAuthors(authors),
      subjects: elements(payload, 'Keyword').map(textOf).filter(Boolean),
      identifiers: ids,
      publisher: publisher?.name,
      container: publishedIn ? langTexts(publishedIn, 'Title')[0]?.text : undefined,
      resourceType: coarType(element(payload, 'Type')),
      links: linksOf(payload),
      alternateTitles: other(titles, main),
      alternateAbstracts: other(abstracts, mainAbstract),
    },
    doc,
    { format: CERIF_FORMAT, name: `CERIF ${payload.name} ${oaiId}`, index },
  );
}

/**
 * A CERIF Patent. CERIF has no kind code: the id is `CC-number`, and the kind is the one the
 * number carries (`EP1234567A1`) if any, else empty. The number is the `PatentNumber` as given
 * (its office prefix dropped when it repeats `CountryCode`).
 */
function readPatent(
  p: XmlElement,
  oaiId: string,
  doc: SourceDocument,
  index: number,
): PatentRecord {
  const where = { file: doc.file, line: doc.line };
  const country = textOf(element(p, 'CountryCode')).toUpperCase();
  let number = textOf(element(p, 'PatentNumber')).replace(/\s+/g, '');
  if (!number) throw new InvalidRecordError(`CERIF Patent ${oaiId} has no PatentNumber`, where);
  if (!/^[A-Z]{2}$/.test(country)) {
    throw new InvalidRecordError(`CERIF Patent ${oaiId} has no CountryCode`, where);
  }
  if (number.toUpperCase().startsWith(country)) number = number.slice(2);
  const kindMatch = /^(\d+)([A-Z]\d?)$/i.exec(number);
  const kind = kindMatch ? kindMatch[2]!.toUpperCase() : '';
  if (kindMatch) number = kindMatch[1]!;
  const titles = langTexts(p, 'Title');
  const title = (titles.find((t) => t.lang === 'en') ?? titles[0])?.text;
  if (!title) throw new InvalidRecordError(`CERIF Patent ${oaiId} has no Title`, where);
  const abstract = langTexts(p, 'Abstract')[0]?.text;
  const inventors = people(p, 'Inventors', 'Inventor').map((a) => a.name);
  const applicants = elements(element(p, 'Holders'), 'Holder')
    .map((h) => orgUnit(element(h, 'OrgUnit'))?.name ?? personName(h))
    .filter((n): n is string => !!n)
    .map((name) => ({ name }));
  const ipc = elements(p, 'Subject')
    .map(textOf)
    .filter((s) => /\/ipc\//i.test(s))
    .map((s) => {
      const m = /([A-H]\d{2}[A-Z])(\d+)-(\d+)\s*$/.exec(s);
      return m ? normalizeIpc(`${m[1]} ${m[2]}/${m[3]}`) : undefined;
    })
    .filter((c): c is string => c !== undefined);
  const record: PatentRecord = {
    id: canonicalPatentId(country, number, kind || undefined),
    type: 'patent',
    title,
    lang: titles.find((t) => t.text === title)?.lang ?? 'en',
    source: {
      file: doc.file,
      format: CERIF_FORMAT,
      position: doc.position + index,
      line: doc.line,
      id: oaiId,
    },
    country,
    docNumber: number,
    kind,
    priority: [],
    ipc: [...new Set(ipc)],
    applicants,
    inventors: [...new Set(inventors)],
    claims: [],
    citations: [],
  };
  if (abstract) record.abstract = abstract;
  const published =
    normalizeDate(textOf(element(p, 'PublicationDate'))) ??
    normalizeDate(textOf(element(p, 'ApprovalDate')));
  if (published) record.published = published;
  const filed = normalizeDate(textOf(element(p, 'RegistrationDate')));
  if (filed) record.filed = filed;
  return record;
}
