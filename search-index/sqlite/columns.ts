import {
  dropPossessives,
  englishTerm,
  foldDiacritics,
  TextAnalyses,
  type TextAnalysis,
} from '../../analyzers';
import { indexFields, ipcTokens } from '../fields';
import type { CauRecord } from '../../model';
import type { FieldCode } from '../streams';

/**
 * The FTS5 columns of the embedded index: each word of a record is indexed once (twice in titles
 * and abstracts), and SQLite's own tokenizer splits the text.
 *
 * - One folded column per field (title, abstract, claims, description, applicants,
 *   inventors/creators, meta, IPC): text in the canonical spelling (modern tone placement,
 *   look-alike letters), diacritics removed and đ→d, so a toneless query and one with marks both
 *   find it. Folding happens here, in TypeScript (foldDiacritics is table-driven); the table
 *   keeps diacritics (`remove_diacritics 0`) so the exact column below can.
 * - English text goes to an English column of its field instead (`te`, `ae`, `ce`, `de`): every
 *   word folded and Porter-stemmed (stop words kept as they are, so phrases keep their
 *   positions). A query word is looked up as its folded form in the other columns and as its stem
 *   here: "batteries" finds "battery" in English text, and a toneless Vietnamese word such as
 *   "may" is never stemmed into another ("mai") where Vietnamese is indexed.
 * - `xt`, `xa`, the exact columns: titles and abstracts that are not English, with diacritics. A
 *   word typed with marks is looked up as (folded OR exact): every record with the exact form
 *   also has the folded one, so the candidates are the same and bm25 adds the exact match's
 *   score ("bàn" ranks tables above "bán", selling).
 *
 * Adjacency needs no indexed bigrams: phrases over the folded positions (./match.ts).
 */
export type ColumnKind = 'folded' | 'english' | 'exact' | 'ipc';

export interface Column {
  name: string;
  /** The query field (streams.ts) whose text the column holds. */
  field: FieldCode;
  kind: ColumnKind;
}

export const COLUMNS: readonly Column[] = [
  { name: 't', field: 't', kind: 'folded' },
  { name: 'te', field: 't', kind: 'english' },
  { name: 'a', field: 'a', kind: 'folded' },
  { name: 'ae', field: 'a', kind: 'english' },
  { name: 'c', field: 'c', kind: 'folded' },
  { name: 'ce', field: 'c', kind: 'english' },
  { name: 'd', field: 'd', kind: 'folded' },
  { name: 'de', field: 'd', kind: 'english' },
  { name: 'p', field: 'p', kind: 'folded' },
  { name: 'i', field: 'i', kind: 'folded' },
  { name: 'm', field: 'm', kind: 'folded' },
  { name: 'me', field: 'm', kind: 'english' },
  { name: 'k', field: 'k', kind: 'ipc' },
  { name: 'xt', field: 't', kind: 'exact' },
  { name: 'xa', field: 'a', kind: 'exact' },
];

/**
 * The FTS5 tokenizer: unicode61 splitting where Cầu's own tokenizer does (analyzers/tokenize.ts:
 * letters, marks and digits; the spacing modifier letters separate), diacritics kept. `_` is a
 * token character for the IPC tokens (`ipc_c05f11_08`), so text has its `_` replaced by spaces
 * before it is written.
 */
export function tokenizerSpec(): string {
  const modifiers: string[] = [];
  for (let cp = 0x02b0; cp <= 0x02ff; cp++) {
    const c = String.fromCodePoint(cp);
    // unicode61 takes letters (L*) as token characters; the other modifiers already separate.
    if (/\p{L}/u.test(c)) modifiers.push(c);
  }
  return `unicode61 remove_diacritics 0 categories 'L* N* M*' tokenchars '_' separators '${modifiers.join('')}'`;
}

/** The canonical spelling of a text, lower-cased: what the exact column holds. */
function exactText(a: TextAnalysis): string {
  return a.lower.replace(/_/g, ' ');
}

function englishText(a: TextAnalysis): string {
  const kept = dropPossessives(a.text, a.tokens);
  if (kept.length === a.tokens.length) return a.folded.map(englishTerm).join(' ');
  return kept.map((t) => englishTerm(foldDiacritics(t.term))).join(' ');
}

interface Analysed {
  folded: string[];
  english: string[];
  exact: string[];
}

/** Texts with the language their metadata claims; none (meta values): guessed from the letters. */
function analyseTexts(
  texts: readonly { text: string; lang?: string }[],
  exact: boolean,
  analyses: TextAnalyses,
): Analysed {
  const out: Analysed = { folded: [], english: [], exact: [] };
  for (const t of texts) {
    if (!t.text) continue;
    const a = analyses.of(t.text);
    if (a.language(t.lang) === 'en') {
      out.english.push(englishText(a));
      continue;
    }
    // The folded text is the exact text folded (`_` is not folded, and folding keeps it).
    out.folded.push(a.foldedLower.replace(/_/g, ' '));
    if (exact) out.exact.push(exactText(a));
  }
  return out;
}

/** Names, numbers and subjects: folded, never stemmed. */
function foldedText(values: readonly string[], analyses: TextAnalyses): string {
  return values.map((v) => analyses.of(v).foldedLower.replace(/_/g, ' ')).join('\n');
}

/**
 * The value of every FTS5 column for one record, in COLUMNS order. Pieces of one field are
 * joined by a line break: FTS5 phrases may span it, as they could span the old joins.
 * `analyses`: the record's texts as ingest analysed them once for every consumer (readiness,
 * the classifier); the values are the same with or without it.
 */
export function columnValues(r: CauRecord, analyses = new TextAnalyses()): string[] {
  const f = indexFields(r);
  const title = analyseTexts(f.title, true, analyses);
  const abstract = analyseTexts(f.abstract, true, analyses);
  const claims = analyseTexts(f.claims, false, analyses);
  const description = analyseTexts(f.description, false, analyses);
  // Subjects and the like are often English words in a Vietnamese record ("probiotic").
  const meta = analyseTexts(
    f.meta.map((text) => ({ text })),
    false,
    analyses,
  );
  const join = (xs: string[]): string => xs.join('\n');
  const ipc = [...new Set(f.ipc.flatMap(ipcTokens))].join(' ');
  return [
    join(title.folded),
    join(title.english),
    join(abstract.folded),
    join(abstract.english),
    join(claims.folded),
    join(claims.english),
    join(description.folded),
    join(description.english),
    foldedText(f.applicants, analyses),
    foldedText(f.inventors, analyses),
    join(meta.folded),
    join(meta.english),
    ipc,
    join(title.exact),
    join(abstract.exact),
  ];
}
