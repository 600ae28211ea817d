/**
 * Helpers shared by the USPTO parsers (v1.5, v2.5, v4.x) and the ST.96 parser: text
 * flattening with the block elements of every one of these vocabularies, the ISO character
 * entities old USPTO DTDs declare, party names, citation ids, and the final record step.
 */
import type { Party, PatentRecord } from '../../model';
import { normalizeIpc } from './normalize';
import type { SourceDocument } from './parser';
import {
  SOURCE_AFTER_LANG,
  buildPatentRecord,
  citedPatentId,
  type MissingFieldMessages,
  type PatentFields,
} from './patent-record';
import {
  BLOCKS,
  at,
  cleanText,
  flatten,
  isElement,
  type TextRules,
  type XmlElement,
  type XmlNode,
} from './xml';

/**
 * Text rules of these vocabularies. Blocks end a run of text in any of them: ST.36-style
 * (`p`, `claim-text`), PAP v1.5 (`paragraph`), ST.32 PATDOC (`PARA`, `PTEXT`, `CLMSTEP`, `H`)
 * and ST.96 (`P`, `ClaimText`, `Heading`); table cells too, so cells never fuse. MathML (its
 * flattened tokens are noise) and images are never text. ISO character entities that the XML
 * library leaves as `&name;` are decoded.
 */
export const USPTO_TEXT = {
  blocks: new Set([
    ...BLOCKS,
    'entry',
    'paragraph',
    'CLMSTEP',
    'H',
    'Heading',
    'ClaimText',
    'Br',
    'Row',
    'Entry',
    'Li',
  ]),
  skip: new Set(['math', 'img', 'image', 'EMI']),
  // PAP v1.5 wraps "claim 2" in <dependent-claim-reference><claim-text>: inline there.
  inlineIn: new Set(['dependent-claim-reference']),
  entities: true,
} satisfies TextRules;

/** The text of a node, flattened in document order like `textOf`, by USPTO_TEXT's rules. */
export function flattenText(node: XmlNode | undefined): string {
  return flatten(node, USPTO_TEXT);
}

/** Text of the first element at `path` (a/b/c) below `node`, flattened. */
export function textAt(node: XmlElement | undefined, path: string): string {
  return flattenText(at(node, path));
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
 * Id of a cited patent document: CC-docNumber-kind, or CC-docNumber without a kind; the office
 * must be a real one (countryCode). US pre-grant publications are cited as "2002/0162191" but
 * published as "20020162191"; the slash (and thousands commas) are dropped so the id matches
 * the cited record's.
 */
export function citationId(
  country: string | undefined,
  number: string | undefined,
  kind: string | undefined,
): string | undefined {
  const cc = countryCode(country);
  let num = number?.normalize('NFKC').replace(/\s+/g, '');
  if (cc === 'US' && num) num = num.replace(/^(\d{4})\/(\d{7})$/, '$1$2').replace(/,/g, '');
  return citedPatentId(cc, num, kind?.normalize('NFKC').replace(/\s+/g, ''));
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

const MISSING: MissingFieldMessages = {
  number: 'patent document has no publication number',
  office: (docNumber) => `patent ${docNumber} has no publishing office`,
  kind: (docNumber) => `patent ${docNumber} has no kind code`,
  title: (p) => `patent ${p.docNumber} has no title`,
};

/**
 * Checks what every patent record needs (number, office, kind, title) and builds the record;
 * throws InvalidRecordError naming the file and the document's line otherwise. The office must
 * be a real one (countryCode), the number is folded (NFKC) and loses its spaces.
 */
export function usPatentRecord(f: PatentFields, doc: SourceDocument, format: string): PatentRecord {
  return buildPatentRecord(
    {
      ...f,
      country: countryCode(f.country),
      docNumber: f.docNumber?.normalize('NFKC').replace(/\s+/g, ''),
      kind: f.kind?.trim(),
    },
    doc,
    { format, missing: MISSING, keyOrder: SOURCE_AFTER_LANG },
  );
}

/** Sorts classification elements so that the one marked first ("F") leads; stable otherwise. */
export function firstPositionFirst<T>(items: T[], position: (item: T) => string | undefined): T[] {
  return items
    .map((item, i) => ({ item, i, f: position(item)?.trim().toUpperCase() === 'F' ? 0 : 1 }))
    .sort((a, b) => a.f - b.f || a.i - b.i)
    .map((x) => x.item);
}
