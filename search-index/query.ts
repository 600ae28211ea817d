import {
  baseTokens,
  detectLanguage,
  findNumberSpans,
  foldDiacritics,
  isEnglishStopWord,
  numberKey,
  porterStem,
} from '../analyzers';
import { InvalidQueryError } from './errors';
import { parseIpcFilter, type IpcFilter } from './ipc-filter';
import { MAX_QUERY_LENGTH } from './search-index';

/**
 * The query language users and analysts type, parsed by a small recursive-descent parser into
 * a tree both engines compile (never string concatenation into an engine's syntax):
 *
 *   words              all must match            phân bón vỏ trấu
 *   "a phrase"         words adjacent, in order  "năng lượng mặt trời"
 *   a OR b             either; binds tighter than the implicit AND: a b OR c d = a (b OR c) d
 *   -word, -"..."      must not match            vỏ trấu -phân
 *   (...)              grouping                  (pin OR "ắc quy") lithium
 *   ti: ab: cl:        title, abstract, claims   ti:"gạch không nung"
 *   pa: in:            applicant, inventor/creator   pa:"Đại học Cần Thơ" in:Thành
 *   ipc:               IPC prefix at any level   ipc:C05F, ipc:"C05F 11/08"
 *   word*              prefix (≥ 2 letters)      batter*
 *   a number or id     that record first         US 9,358,892 B1, 1-2018-03312, doi:10.1038/x
 *
 * Plain text stays plain text: a stray quote runs to the end, an unknown prefix ("title:")
 * or a lone "OR" is just a word. Only structure that cannot mean anything is an error, and
 * the error says where: an unmatched parenthesis, empty parentheses, an exclusion offered as
 * an alternative of OR, a query that only excludes.
 */
export type FieldPrefix = 'ti' | 'ab' | 'cl' | 'pa' | 'in';
export const FIELD_PREFIXES: readonly FieldPrefix[] = ['ti', 'ab', 'cl', 'pa', 'in'];

/** One word of the query in the forms it is looked up in. */
export interface QueryWord {
  exact: string;
  folded: string;
  stem: string;
  stop: boolean;
}

export type QueryNode =
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | {
      kind: 'text';
      field?: FieldPrefix;
      /** Several words: adjacent and in order. */
      words: QueryWord[];
      phrase: boolean;
      prefix: boolean;
      /** Added by the glossary: a translation of the words the user typed. */
      translated?: boolean;
      /** An IPC symbol typed as a word ("C05F", "C05F11/08"): also looked up as a code. */
      ipc?: IpcFilter;
    }
  | { kind: 'ipc'; filter: IpcFilter }
  | NumberNode;

/**
 * Publication numbers and research identifiers typed in the query (analyzers/numbers.ts): the
 * records they name, matched on the number keys indexFields() puts in `meta`, rank above every
 * record found by words. parseQuery puts it beside the rest of the query, as
 * OR(number, rest), and planQuery takes it out into QueryPlan.numbers.
 */
export interface NumberNode {
  kind: 'number';
  /** The spans as typed. */
  text: string[];
  /** Index keys (numberKey of each canonical form) any of which names a record. */
  keys: string[];
}

export type TextNode = Extract<QueryNode, { kind: 'text' }>;

/** A syntax error, with the 0-based character position it was found at. */
export class QuerySyntaxError extends InvalidQueryError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`query syntax: ${message} (at character ${position + 1})`);
  }
}

export const MAX_CLAUSES = 64;

type Lexeme =
  | { t: 'open' | 'close' | 'or' | 'not'; pos: number }
  | { t: 'field'; field: FieldPrefix | 'ipc'; pos: number }
  | { t: 'phrase' | 'word'; text: string; pos: number };

const FIELD_RE = /^(ti|ab|cl|pa|in|ipc):(?=[^\s)])/i;

function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  // A "-" or a field prefix only counts at the start of an item.
  let itemStart = true;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) {
      i++;
      itemStart = true;
      continue;
    }
    if (c === '(') {
      out.push({ t: 'open', pos: i++ });
      itemStart = true;
      continue;
    }
    if (c === ')') {
      out.push({ t: 'close', pos: i++ });
      itemStart = true;
      continue;
    }
    if (c === '"') {
      const end = q.indexOf('"', i + 1);
      const stop = end === -1 ? q.length : end;
      out.push({ t: 'phrase', text: q.slice(i + 1, stop), pos: i });
      i = stop + 1;
      itemStart = false;
      continue;
    }
    if (itemStart && c === '-' && i + 1 < q.length && /[^\s-]/.test(q[i + 1]!)) {
      out.push({ t: 'not', pos: i++ });
      continue;
    }
    if (itemStart) {
      const f = FIELD_RE.exec(q.slice(i, i + 5));
      if (f) {
        out.push({ t: 'field', field: f[1]!.toLowerCase() as FieldPrefix | 'ipc', pos: i });
        i += f[0].length;
        continue;
      }
    }
    let j = i;
    while (j < q.length && !/[\s()"]/.test(q[j]!)) j++;
    const text = q.slice(i, j);
    out.push(text === 'OR' ? { t: 'or', pos: i } : { t: 'word', text, pos: i });
    i = j;
    itemStart = false;
  }
  // "OR" with nothing to join on one side is just the word "or".
  return out.map((l, k) => {
    if (l.t !== 'or') return l;
    const prev = out[k - 1]?.t;
    const next = out[k + 1]?.t;
    const joins =
      (prev === 'word' || prev === 'phrase' || prev === 'close') &&
      (next === 'word' ||
        next === 'phrase' ||
        next === 'open' ||
        next === 'field' ||
        next === 'not');
    return joins ? l : { t: 'word', text: 'OR', pos: l.pos };
  });
}

class Parser {
  private i = 0;
  private clauses = 0;

  constructor(
    private readonly lx: Lexeme[],
    private readonly english: boolean,
  ) {}

  parse(): QueryNode | undefined {
    const node = this.sequence(undefined);
    const extra = this.lx[this.i];
    if (extra) throw new QuerySyntaxError("unmatched ')'", extra.pos);
    return node;
  }

  /** Items until ")" or the end, joined by AND. */
  private sequence(field: FieldPrefix | undefined): QueryNode | undefined {
    const items: QueryNode[] = [];
    while (this.i < this.lx.length && this.lx[this.i]!.t !== 'close') {
      const item = this.orGroup(field);
      if (item) items.push(item);
    }
    return items.length === 0
      ? undefined
      : items.length === 1
        ? items[0]
        : { kind: 'and', children: items };
  }

  private orGroup(field: FieldPrefix | undefined): QueryNode | undefined {
    const first = this.unary(field);
    const alternatives = first ? [first] : [];
    while (this.lx[this.i]?.t === 'or') {
      const next = this.lx[++this.i]!;
      if (next.t === 'not') {
        throw new QuerySyntaxError('an exclusion ("-") cannot be an alternative of OR', next.pos);
      }
      const alt = this.unary(field);
      if (alt) alternatives.push(alt);
    }
    if (alternatives.length <= 1) return alternatives[0];
    return { kind: 'or', children: alternatives };
  }

  private unary(field: FieldPrefix | undefined): QueryNode | undefined {
    const lx = this.lx[this.i];
    if (lx?.t === 'not') {
      this.i++;
      const child = this.primary(field);
      return child ? { kind: 'not', child } : undefined;
    }
    return this.primary(field);
  }

  private primary(field: FieldPrefix | undefined): QueryNode | undefined {
    const lx = this.lx[this.i++];
    if (!lx) return undefined;
    switch (lx.t) {
      case 'open': {
        const inner = this.sequence(field);
        const close = this.lx[this.i];
        if (!close) throw new QuerySyntaxError("missing ')' for this '('", lx.pos);
        this.i++;
        if (!inner) throw new QuerySyntaxError('empty parentheses', lx.pos);
        return inner;
      }
      case 'field': {
        if (lx.field === 'ipc') return this.ipc(lx.pos);
        return this.primary(lx.field);
      }
      case 'phrase':
        return this.text(lx.text, true, field, lx.pos);
      case 'word': {
        // "C05F 11/08": an IPC subclass followed by its group is one symbol, as people type it.
        const next = this.lx[this.i];
        if (
          /^[A-Ha-h]\d{2}[A-Za-z]$/.test(lx.text) &&
          next?.t === 'word' &&
          /^\d{1,4}(\/\d{1,6})?$/.test(next.text)
        ) {
          this.i++;
          return this.text(`${lx.text} ${next.text}`, false, field, lx.pos);
        }
        return this.text(lx.text, false, field, lx.pos);
      }
      case 'close':
        throw new QuerySyntaxError("unmatched ')'", lx.pos);
      default:
        // A dangling "-" or "OR" as a primary is plain text.
        return undefined;
    }
  }

  private ipc(pos: number): QueryNode {
    const lx = this.lx[this.i++];
    const raw = lx && (lx.t === 'word' || lx.t === 'phrase') ? lx.text : '';
    try {
      return { kind: 'ipc', filter: parseIpcFilter(raw) };
    } catch {
      throw new QuerySyntaxError(
        `ipc: needs an IPC symbol or prefix such as C05F or "C05F 11/08", got ${JSON.stringify(raw)}`,
        pos,
      );
    }
  }

  private text(
    raw: string,
    phrase: boolean,
    field: FieldPrefix | undefined,
    pos: number,
  ): QueryNode | undefined {
    let text = raw;
    let prefix = false;
    if (!phrase && /[\p{L}\p{N}]{2}\*$/u.test(text)) {
      prefix = true;
      text = text.slice(0, -1);
    }
    const words = queryWords(text);
    if (words.length === 0) return undefined;
    // An English query's stop words are not required to match (Lucene drops them too);
    // inside quotes they keep their place in the phrase.
    if (!phrase && this.english && words.length === 1 && words[0]!.stop) return undefined;
    if (++this.clauses > MAX_CLAUSES) {
      throw new QuerySyntaxError(`more than ${MAX_CLAUSES} terms`, pos);
    }
    let ipc: IpcFilter | undefined;
    if (!phrase && words.length <= 3 && /^[A-Ha-h]\d{2}[A-Za-z]/.test(raw)) {
      try {
        ipc = parseIpcFilter(raw);
      } catch {
        ipc = undefined;
      }
    }
    return {
      kind: 'text',
      field,
      words,
      phrase: phrase || words.length > 1,
      prefix,
      ...(ipc ? { ipc } : {}),
    };
  }
}

/** The words of a piece of query text, each in every form it is looked up in. */
export function queryWords(text: string): QueryWord[] {
  return baseTokens(text).tokens.map((t) => ({
    exact: t.term,
    folded: foldDiacritics(t.term),
    stem: porterStem(t.term),
    stop: isEnglishStopWord(t.term),
  }));
}

/** Parses a query; throws InvalidQueryError (or its QuerySyntaxError) with a message for users. */
export function parseQuery(raw: string): QueryNode {
  if (raw.length > MAX_QUERY_LENGTH) {
    throw new InvalidQueryError(
      `query is ${raw.length} characters long; the limit is ${MAX_QUERY_LENGTH}`,
    );
  }
  const q = raw.normalize('NFC');
  const english = detectLanguage(q) === 'en';
  let root = new Parser(lex(q), english).parse();
  if (!root && english) root = new Parser(lex(q), false).parse(); // only stop words: keep them
  if (!root) throw new InvalidQueryError('query has no searchable terms (letters or digits)');
  if (!hasPositive(root)) {
    throw new InvalidQueryError('a query needs at least one term that is not excluded with "-"');
  }
  const numbers = typedNumbers(q);
  return numbers ? { kind: 'or', children: [numbers, root] } : root;
}

/**
 * The numbers and identifiers of a query that name records: not inside quotes, not excluded
 * ("-US9358892"), not after a field prefix. Their words stay in the query too, so a number that
 * is also text (a report number in an abstract) is still found as text, below.
 */
function typedNumbers(q: string): NumberNode | undefined {
  const spans = findNumberSpans(q).filter((s) => {
    const quotes = q.slice(0, s.start).split('"').length - 1;
    const before = q[s.start - 1];
    return quotes % 2 === 0 && before !== '-' && before !== ':';
  });
  if (spans.length === 0) return undefined;
  return {
    kind: 'number',
    text: spans.map((s) => s.text),
    keys: [...new Set(spans.flatMap((s) => s.forms.map(numberKey)))],
  };
}

/** The number node parseQuery put beside the rest of a query, and that rest. */
export function splitNumbers(root: QueryNode): { numbers?: NumberNode; rest: QueryNode } {
  if (root.kind === 'or' && root.children.length === 2 && root.children[0]!.kind === 'number') {
    return { numbers: root.children[0], rest: root.children[1]! };
  }
  return { rest: root };
}

function hasPositive(n: QueryNode): boolean {
  switch (n.kind) {
    case 'not':
      return false;
    case 'and':
      return n.children.some(hasPositive);
    case 'or':
      return n.children.every(hasPositive);
    default:
      return true;
  }
}

/** Every positive text node of the tree (what highlighting marks), translations included. */
export function positiveTexts(n: QueryNode): TextNode[] {
  switch (n.kind) {
    case 'text':
      return [n];
    case 'and':
    case 'or':
      return n.children.flatMap(positiveTexts);
    default:
      return [];
  }
}
