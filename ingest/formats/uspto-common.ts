/**
 * Helpers shared by the USPTO parsers (v1.5, v2.5, v4.x) and the ST.96 parser: text
 * flattening with the block elements of every one of these vocabularies, the ISO character
 * entities old USPTO DTDs declare, party names, citation ids, and the final record builder.
 */
import type { LangText, Party, PatentRecord, Priority } from '../../search-index';
import { decodeEntities } from './entities';
import { InvalidRecordError } from '../errors';
import { normalizeIpc, patentId } from './normalize';
import type { SourceDocument } from './parser';
import { cleanText, isElement, type XmlNode } from './xml';

/**
 * Elements that end a run of text in any of the vocabularies read here: ST.36-style
 * (`p`, `claim-text`), PAP v1.5 (`paragraph`), ST.32 PATDOC (`PARA`, `PTEXT`, `CLMSTEP`, `H`)
 * and ST.96 (`P`, `ClaimText`, `Heading`). Table cells too, so cells never fuse.
 */
const BLOCKS = new Set([
  'p',
  'heading',
  'li',
  'claim-text',
  'br',
  'row',
  'entry',
  'paragraph',
  'PARA',
  'PTEXT',
  'CLMSTEP',
  'H',
  'P',
  'Heading',
  'ClaimText',
  'Br',
  'Row',
  'Entry',
  'Li',
]);

/** Never text: MathML (its flattened tokens are noise) and images. */
const SKIPPED = new Set(['math', 'img', 'image', 'EMI']);

/**
 * The text of a node, flattened in document order like `textOf`, plus: block elements of the
 * USPTO/ST.96 vocabularies separate words, `skip` elements (and MathML) are left out, and ISO
 * character entities that the XML library leaves as `&name;` are decoded.
 */
export function flattenText(node: XmlNode | undefined, skip?: ReadonlySet<string>): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (n: XmlNode, parent: string): void => {
    if (!isElement(n)) {
      parts.push(n.text);
      return;
    }
    if (SKIPPED.has(n.name) || skip?.has(n.name)) return;
    // PAP v1.5 wraps "claim 2" in <dependent-claim-reference><claim-text>: inline there.
    const block = BLOCKS.has(n.name) && parent !== 'dependent-claim-reference';
    if (block) parts.push(' ');
    for (const c of n.children) walk(c, n.name);
    if (block) parts.push(' ');
  };
  walk(node, '');
  return cleanText(decodeEntities(parts.join('')));
}

/** Concatenated text with white space kept as is (for fixed-column codes). */
export function rawText(node: XmlNode | undefined): string {
  if (!node) return '';
  if (!isElement(node)) return node.text;
  return node.children.map(rawText).join('');
}

/** "Yeow Ng", "Jerome Jackson Jr.": parts in reading order, empty ones dropped. */
export function joinName(...parts: (string | undefined)[]): string {
  return cleanText(parts.filter((p) => p && p.trim() !== '').join(' '));
}

/** Only real ISO 3166 alpha-2 (or EP/WO) codes; "omitted", "unknown", "XX" give undefined. */
export function countryCode(raw: string | undefined): string | undefined {
  const s = raw?.trim().toUpperCase();
  return s && /^[A-Z]{2}$/.test(s) && s !== 'XX' ? s : undefined;
}

/** Appends parties whose name is not already listed (case-insensitive), keeping order. */
export function addParties(into: Party[], more: Party[]): Party[] {
  for (const p of more) {
    if (!p.name) continue;
    const key = p.name.toLowerCase();
    const same = into.find((q) => q.name.toLowerCase() === key);
    if (!same) into.push(p);
    else if (!same.country && p.country) same.country = p.country;
  }
  return into;
}

/**
 * Id of a cited patent document: CC-docNumber-kind, or CC-docNumber without a kind.
 * US pre-grant publications are cited as "2002/0162191" but published as "20020162191";
 * the slash (and thousands commas) are dropped so the id matches the cited record's.
 */
export function citationId(
  country: string | undefined,
  number: string | undefined,
  kind: string | undefined,
): string | undefined {
  const cc = countryCode(country);
  let num = number?.normalize('NFKC').replace(/\s+/g, '');
  if (!cc || !num) return undefined;
  if (cc === 'US') num = num.replace(/^(\d{4})\/(\d{7})$/, '$1$2').replace(/,/g, '');
  const k = kind?.normalize('NFKC').replace(/\s+/g, '');
  return k ? patentId(cc, num, k) : `${cc}-${num.toUpperCase()}`;
}

/**
 * IPC as USPTO files write it: "A41D013/00" and "C05F 11/08" (normalizeIpc reads those),
 * packed "A47L0005140000", and the ST.32 fixed-column form of PATDOC `B511`: subclass in four
 * columns, main group right-aligned in three, subgroup after ("A47L  514" is A47L 5/14).
 */
export function usIpc(raw: string | undefined): string | undefined {
  if (!raw || raw.trim() === '') return undefined;
  const s = raw.replace(/^\s*\d+(?=[A-H]\d{2}[A-Z])/, '');
  if (s.includes('/') || /^\s*[A-H]\d{2}[A-Z]\d{10}/.test(s)) return normalizeIpc(s);
  const fixed = /^\s*([A-H]\d{2}[A-Z])([ \d]{3})(\d{2,6})\s*$/.exec(s);
  if (fixed && /\d/.test(fixed[2]!) && Number(fixed[2]) > 0) {
    return normalizeIpc(`${fixed[1]} ${fixed[2]!.trim()}/${fixed[3]}`);
  }
  return normalizeIpc(s) ?? normalizeIpc(/^\s*([A-H]\d{2}[A-Z])/.exec(s)?.[1]);
}

/** Everything a patent parser found, before validation. */
export interface PatentFields {
  country?: string;
  docNumber?: string;
  kind?: string;
  published?: string;
  title?: string;
  abstract?: string;
  lang: string;
  alternateTitles?: LangText[];
  alternateAbstracts?: LangText[];
  applicationNumber?: string;
  filed?: string;
  priority: Priority[];
  ipc: string[];
  applicants: Party[];
  inventors: string[];
  claims: string[];
  description?: string;
  citations: string[];
}

/**
 * Checks what every patent record needs (number, kind, title) and builds the record; throws
 * InvalidRecordError naming the file and the document's line otherwise. Optional fields that
 * the document did not give are left out rather than set to empty strings.
 */
export function buildPatentRecord(
  f: PatentFields,
  doc: SourceDocument,
  format: string,
  index = 0,
): PatentRecord {
  const where = { file: doc.file, line: doc.line };
  const docNumber = f.docNumber?.normalize('NFKC').replace(/\s+/g, '');
  if (!docNumber) throw new InvalidRecordError('patent document has no publication number', where);
  const country = countryCode(f.country);
  if (!country) throw new InvalidRecordError(`patent ${docNumber} has no publishing office`, where);
  const kind = f.kind?.trim();
  if (!kind) throw new InvalidRecordError(`patent ${docNumber} has no kind code`, where);
  if (!f.title) throw new InvalidRecordError(`patent ${docNumber} has no title`, where);

  const record: PatentRecord = {
    id: patentId(country, docNumber, kind),
    type: 'patent',
    title: f.title,
    lang: f.lang,
    source: { file: doc.file, format, position: doc.position + index, line: doc.line },
    country,
    docNumber,
    kind: kind.toUpperCase(),
    priority: f.priority,
    ipc: f.ipc,
    applicants: f.applicants,
    inventors: [...new Set(f.inventors.filter((n) => n !== ''))],
    claims: f.claims.filter((c) => c !== ''),
    citations: [...new Set(f.citations)],
  };
  if (f.abstract) record.abstract = f.abstract;
  if (f.published) record.published = f.published;
  if (f.alternateTitles?.length) record.alternateTitles = f.alternateTitles;
  if (f.alternateAbstracts?.length) record.alternateAbstracts = f.alternateAbstracts;
  if (f.applicationNumber) record.applicationNumber = f.applicationNumber;
  if (f.filed) record.filed = f.filed;
  if (f.description) record.description = f.description;
  return record;
}

/** Sorts classification elements so that the one marked first ("F") leads; stable otherwise. */
export function firstPositionFirst<T>(items: T[], position: (item: T) => string | undefined): T[] {
  return items
    .map((item, i) => ({ item, i, f: position(item)?.trim().toUpperCase() === 'F' ? 0 : 1 }))
    .sort((a, b) => a.f - b.f || a.i - b.i)
    .map((x) => x.item);
}
