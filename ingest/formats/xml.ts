import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MalformedDocumentError } from '../errors';
import { decodeEntities } from './entities';

/**
 * A small, order-preserving DOM over fast-xml-parser. Patent XML is full of mixed content
 * (`<p>` with `<b>`, `<sub>`, `<claim-ref>` inside), and the parser's default object mode
 * loses the order of text and child elements; preserveOrder keeps it, and this wrapper
 * makes that output pleasant to walk.
 *
 * Namespace prefixes are dropped (`exch:exchange-document` → `exchange-document`), because
 * DOCDB files cut out of bulk files use the `exch:` prefix without declaring it, and no
 * format Cầu reads needs two elements that differ only by namespace.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export interface XmlText {
  readonly name: '#text';
  readonly text: string;
}
export type XmlNode = XmlElement | XmlText;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  processEntities: true,
  htmlEntities: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
});

/**
 * Removes the DOCTYPE declaration, internal subset included, keeping its newlines so that
 * line numbers in later errors still point at the right line. Old USPTO files (v1.5, v2.5)
 * declare NDATA image entities there; Cầu never needs them, and the XML library refuses them.
 */
export function stripDoctype(xml: string): string {
  return xml.replace(/<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/g, (m) => m.replace(/[^\n]/g, ''));
}

/**
 * Parses one XML document into its root element, or throws MalformedDocumentError with the
 * line and column the validator reports. Validation runs first because the parser itself is
 * lenient: a truncated file would otherwise yield a plausible but half-written record.
 */
export function parseXml(xml: string, file: string, lineOffset = 0): XmlElement {
  const text = stripDoctype(xml.replace(/^\uFEFF/, ''));
  const verdict = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (verdict !== true) {
    const { msg, line, col } = verdict.err;
    const open =
      unclosedElements(msg) ??
      (/^Unclosed tag '([^']+)'/.exec(msg)?.slice(1) as string[] | undefined);
    if (open) {
      // The validator reports unclosed elements at 1:1; the useful place is where the text stops.
      throw new MalformedDocumentError(
        `document ends before <${open[open.length - 1]}> is closed (truncated file?)`,
        { file, line: text.split('\n').length + lineOffset },
      );
    }
    throw new MalformedDocumentError(msg, { file, line: line + lineOffset, column: col });
  }
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (cause) {
    throw new MalformedDocumentError((cause as Error).message, { file, cause });
  }
  const nodes = convert(raw as RawNode[]);
  const root = nodes.find((n): n is XmlElement => n.name !== '#text');
  if (!root) throw new MalformedDocumentError('document has no root element', { file });
  return root;
}

/** fast-xml-parser says "Invalid '[ "a", "b" ]' found." when elements are left open at the end. */
function unclosedElements(msg: string): string[] | undefined {
  const m = /^Invalid '(\[[\s\S]*\])' found\.$/.exec(msg);
  if (!m) return undefined;
  try {
    const names = JSON.parse(m[1]!) as unknown;
    return Array.isArray(names) && names.length > 0 ? names.map(String) : undefined;
  } catch {
    return undefined;
  }
}

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(raw: RawNode[]): XmlNode[] {
  const out: XmlNode[] = [];
  for (const node of raw) {
    for (const key of Object.keys(node)) {
      if (key === ':@') continue;
      if (key === '#text') {
        out.push({ name: '#text', text: String(node[key]) });
      } else {
        out.push({ name: key, attrs: node[':@'] ?? {}, children: convert(node[key] as RawNode[]) });
      }
    }
  }
  return out;
}

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return node !== undefined && node.name !== '#text';
}

/** Direct child elements, optionally only those with one of the given names. */
export function elements(node: XmlElement | undefined, ...names: string[]): XmlElement[] {
  if (!node) return [];
  return node.children.filter(
    (c): c is XmlElement => isElement(c) && (names.length === 0 || names.includes(c.name)),
  );
}

export function element(node: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  return elements(node, ...names)[0];
}

/** Follows a path of child names, `a/b/c`, taking the first match at each step. */
export function at(node: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = node;
  for (const step of path.split('/')) {
    if (!cur) return undefined;
    cur = element(cur, step);
  }
  return cur;
}

/** Every element below `node` (depth first) with the given name. */
export function descendants(node: XmlElement | undefined, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (n: XmlElement): void => {
    for (const c of n.children) {
      if (!isElement(c)) continue;
      if (c.name === name) out.push(c);
      walk(c);
    }
  };
  if (node) walk(node);
  return out;
}

export function descendant(node: XmlElement | undefined, name: string): XmlElement | undefined {
  return descendants(node, name)[0];
}

/** Elements that end a line of text when flattened: paragraphs, headings, list items, rows. */
export const BLOCKS: ReadonlySet<string> = new Set([
  'p',
  'heading',
  'li',
  'claim-text',
  'br',
  'row',
  'PARA',
  'PTEXT',
  'P',
]);

/** How an element tree is flattened to text: each vocabulary has its own set of rules. */
export interface TextRules {
  /** Elements set apart from their neighbours, so that words never fuse across them. */
  readonly blocks: ReadonlySet<string>;
  /** Elements that never carry text worth keeping (images, MathML): left out. */
  readonly skip?: ReadonlySet<string>;
  /** A left-out element still separates the words around it (leaves a space, not nothing). */
  readonly skipSeparates?: boolean;
  /** Parents under which block elements are inline (PAP v1.5 wraps "claim 2" in `claim-text`). */
  readonly inlineIn?: ReadonlySet<string>;
  /** Decode the externally-declared entities the XML library leaves as `&name;`. */
  readonly entities?: boolean;
  /**
   * Text wrapped mid-sentence, as CNIPA and JPO files wrap Chinese and Japanese: `br` is a line
   * break, and a line break between two CJK characters is dropped rather than turned into a
   * space. Block boundaries still separate.
   */
  readonly cjkLines?: boolean;
}

/** textOf's rules: the block elements of ST.36, DOCDB, OAI-PMH and ST.32; entities decoded. */
const XML_TEXT: TextRules = { blocks: BLOCKS, entities: true };

/**
 * The text of a node with all tags flattened, in document order, as clean NFC with runs of
 * white space collapsed and externally-declared entities decoded. Block elements are
 * separated by a space so words never fuse.
 */
export function textOf(node: XmlNode | undefined): string {
  return flatten(node, XML_TEXT);
}

/** Marks a block boundary in cjkLines mode, where a newline alone is only a soft line break. */
const HARD = '\u0001';
/** Han, kana, CJK punctuation and full-width forms (not the ideographic space): scripts written without spaces. */
const CJK =
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3001-\\u30FF\\uFF00-\\uFFEF]';
const CJK_WRAP = new RegExp(`(${CJK})[^\\S\\n${HARD}]*\\n\\s*?(?=${CJK})`, 'gu');
/**
 * Every character of CJK is at U+2E80 or above (checked over all of Unicode when this was
 * written): text with no code unit there (Vietnamese, English) has no CJK line to join, and
 * skips CJK_WRAP, a Unicode-property scan that was a visible part of parsing every description.
 */
const MAY_BE_CJK = /[\u2e80-\uffff]/;

/** The text of a node flattened by the given rules: in document order, NFC, white space collapsed. */
export function flatten(node: XmlNode | undefined, rules: TextRules): string {
  if (!node) return '';
  const separator = rules.cjkLines ? HARD : ' ';
  const walk = (n: XmlNode, parent: string): string => {
    if (!isElement(n)) return n.text;
    if (rules.skip?.has(n.name)) return rules.skipSeparates ? ' ' : '';
    if (rules.cjkLines && n.name === 'br') return '\n';
    const inner = n.children.map((c) => walk(c, n.name)).join('');
    const block = rules.blocks.has(n.name) && !rules.inlineIn?.has(parent);
    return block ? `${separator}${inner}${separator}` : inner;
  };
  const raw = rules.entities ? decodeEntities(walk(node, '')) : walk(node, '');
  if (!rules.cjkLines) return cleanText(raw);
  // NFC first, so that the CJK test sees composed characters.
  const nfc = raw.normalize('NFC');
  const joined = MAY_BE_CJK.test(nfc) ? nfc.replace(CJK_WRAP, '$1') : nfc;
  return collapseSpace(joined.split(HARD).join(' ').replace(CONTROLS, '')).trim();
}

/**
 * Control characters other than white space (C0 and C1): never text. XML 1.0 forbids most C0
 * ones, but C1 ones arrive in real files as the debris of a wrong decoding (UTF-8 read as
 * Latin-1: "â\u0080\u009cwetâ\u0080\u009d"), and they would reach every page and export.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** NFC, no control characters, collapsed white space, trimmed: the one normal form all stored text is in. */
export function cleanText(s: string): string {
  return collapseSpace(s.normalize('NFC').replace(CONTROLS, '')).trim();
}

/**
 * Every run of white space as one space, as `s.replace(/\s+/g, ' ')`, but a run that is already
 * one space is not matched: prose is mostly single spaces, and replacing each of them by itself
 * cost more than the rest of the clean-up.
 */
const SPACE_RUNS = /\s{2,}|[^\S ]/g;
function collapseSpace(s: string): string {
  return s.replace(SPACE_RUNS, ' ');
}

export function attr(node: XmlElement | undefined, name: string): string | undefined {
  const v = node?.attrs[name];
  return v === undefined ? undefined : cleanText(v);
}
