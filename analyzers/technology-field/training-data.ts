/**
 * Labelled examples for the technology-field classifier, from records and the glossary. Pure
 * functions over record-shaped data: reading files (ingest) is left to train.ts and tests.
 */
import { porterStem } from '../english';
import { baseTokens } from '../analyze';
import { fieldsFromIpc, TECHNOLOGY_FIELDS } from './concordance';
import type { LabelledExample } from './types';

/** The parts of a Cầu record (search-index/record.ts) the examples are made from. */
export interface RecordLike {
  id: string;
  type: 'patent' | 'research';
  title: string;
  abstract?: string;
  lang: string;
  alternateTitles?: { lang: string; text: string }[];
  alternateAbstracts?: { lang: string; text: string }[];
  /** Patents: IPC codes, main first. */
  ipc?: string[];
  /** Research: subject keywords. */
  subjects?: string[];
  /** Patents: claims and description (not trained on; read to find what a patent mentions). */
  claims?: string[];
  description?: string;
}

/** Every text of a record, in every language it gives: what it mentions anywhere. */
export function wholeText(record: RecordLike): string {
  return [
    record.title,
    record.abstract,
    ...(record.alternateTitles ?? []).map((t) => t.text),
    ...(record.alternateAbstracts ?? []).map((t) => t.text),
    ...(record.claims ?? []),
    record.description,
    ...(record.subjects ?? []),
  ]
    .filter(Boolean)
    .join('.\n');
}

/** A glossary term pair and its WIPO fields (analyzers/glossary). */
export interface GlossaryTerm {
  vi: string;
  en: string;
  fields: number[];
}

/**
 * A patent's examples, labelled with the fields of its IPC codes (main first): one per language
 * it gives a title or abstract in, all in one group (held out together). None without a field.
 */
export function patentExamples(record: RecordLike): LabelledExample[] {
  const fields = fieldsFromIpc(record.ipc ?? []).map((f) => f.number);
  if (fields.length === 0) return [];
  const out: LabelledExample[] = [
    { text: { title: record.title, abstract: record.abstract, lang: record.lang }, fields },
  ];
  const langs = [
    ...new Set(
      [...(record.alternateTitles ?? []), ...(record.alternateAbstracts ?? [])].map((t) => t.lang),
    ),
  ].filter((l) => l !== record.lang);
  for (const lang of langs) {
    const title = record.alternateTitles?.find((t) => t.lang === lang)?.text ?? '';
    const abstract = record.alternateAbstracts?.find((t) => t.lang === lang)?.text;
    out.push({ text: { title, abstract, lang }, fields });
  }
  return out.map((ex) => ({ ...ex, group: record.id }));
}

/**
 * Each glossary entry as two short examples, its Vietnamese and its English term, grouped by
 * entry (`glossary:<n>`) so that an entry can be left out whole.
 */
export function glossaryExamples(terms: readonly GlossaryTerm[]): LabelledExample[] {
  return terms.flatMap((t, i) => [
    {
      text: { title: t.vi, lang: 'vi' },
      fields: t.fields,
      keepTerms: true,
      group: `glossary:${i}`,
    },
    {
      text: { title: t.en, lang: 'en' },
      fields: t.fields,
      keepTerms: true,
      group: `glossary:${i}`,
    },
  ]);
}

/** Lookup keys of a term: its words as written, and (for English) their Porter stems. */
function termKeys(text: string): string[] {
  const words = baseTokens(text).tokens.map((t) => t.term);
  if (words.length === 0) return [];
  return [...new Set([words.join(' '), words.map(porterStem).join(' ')])];
}

/**
 * Finds the WIPO fields a subject keyword names: a glossary term in either language
 * ("phân hữu cơ vi sinh", "lithium-ion battery", "probiotics") or a field's own name
 * ("Pharmaceuticals", "civil engineering").
 */
export class SubjectFieldIndex {
  private readonly byKey = new Map<string, number[]>();

  constructor(terms: readonly GlossaryTerm[]) {
    const add = (text: string, fields: readonly number[]): void => {
      for (const key of termKeys(text)) {
        const known = this.byKey.get(key) ?? [];
        this.byKey.set(key, [...known, ...fields.filter((f) => !known.includes(f))]);
      }
    };
    for (const f of TECHNOLOGY_FIELDS) add(f.field, [f.number]);
    for (const t of terms) {
      add(t.vi, t.fields);
      add(t.en, t.fields);
    }
  }

  /** The fields one subject names, or [] when it names none. */
  fieldsOf(subject: string): number[] {
    for (const key of termKeys(subject)) {
      const fields = this.byKey.get(key);
      if (fields) return fields;
    }
    return [];
  }

  /**
   * The fields a record's subjects name, most named first: every field named by the largest
   * number of subjects (ties in the order first named), at most 3.
   */
  fieldsOfSubjects(subjects: readonly string[]): number[] {
    const votes = new Map<number, number>();
    for (const s of subjects)
      for (const f of this.fieldsOf(s)) votes.set(f, (votes.get(f) ?? 0) + 1);
    const best = Math.max(0, ...votes.values());
    return [...votes]
      .filter(([, v]) => v === best)
      .map(([f]) => f)
      .slice(0, 3);
  }
}

/**
 * A research record as an example when its subjects name a field (see SubjectFieldIndex), its
 * title, abstract and subjects labelled with those fields; none otherwise.
 */
export function researchExamples(record: RecordLike, index: SubjectFieldIndex): LabelledExample[] {
  const fields = index.fieldsOfSubjects(record.subjects ?? []);
  if (fields.length === 0) return [];
  return [
    {
      text: {
        title: record.title,
        abstract: record.abstract,
        subjects: record.subjects,
        lang: record.lang,
      },
      fields,
      group: record.id,
    },
  ];
}
