import {
  assessFromEvidence,
  fieldsFromIpc,
  loadDefaultClassifier,
  readinessEvidence,
  TextAnalyses,
  type ReadinessEvidence,
  type ReadinessTexts,
} from '../analyzers';
import type { CauRecord, TechnologyField } from '../model';

/**
 * What Cầu knows about a record beyond what its source says: its technology fields and its
 * commercial readiness. Runs after parsing, before indexing, for every format, in two steps:
 * `analyseRecord` reads the text (the costly part: ingest runs it in worker threads, with the
 * record's texts analysed once for readiness, the classifier and the index's rows), and
 * `finishRecord` adds what depends on the index and the date (citations received, age).
 */
export interface EnrichContext {
  /** How many indexed records cite each id (citations received). */
  citationsReceived?: (id: string) => number;
  /**
   * "YYYY-MM-DD" that ages are measured against. Ingest passes the first day of the current
   * year, so re-ingesting the same files within a year leaves every record unchanged.
   */
  asOf: string;
}

export function technologyFieldsOf(r: CauRecord, analyses?: TextAnalyses): TechnologyField[] {
  if (r.type === 'patent' && r.ipc.length > 0) {
    const fromIpc = fieldsFromIpc(r.ipc);
    if (fromIpc.length > 0) return fromIpc.map(toField);
  }
  return loadDefaultClassifier()
    .classify(
      {
        title: r.title,
        abstract: r.abstract,
        subjects: r.type === 'research' ? r.subjects : undefined,
        lang: r.lang,
      },
      analyses,
    )
    .map(toField);
}

function toField(f: TechnologyField): TechnologyField {
  return {
    number: f.number,
    field: f.field,
    sector: f.sector,
    confidence: f.confidence,
    source: f.source,
  };
}

/** A record with what its text says, before the index and the date are known. Plain data. */
export interface AnalysedRecord {
  /** The record with its technology fields. */
  record: CauRecord;
  /** What its text says about its readiness (assessed in finishRecord). */
  evidence: ReadinessEvidence;
}

/**
 * The text-reading part of enrichment, pure. `analyses` holds the record's texts analysed once
 * for every consumer: pass the same object to whatever else reads this record's text (the
 * index's prepared rows), so no text is normalised and tokenised twice.
 */
export function analyseRecord(r: CauRecord, analyses = new TextAnalyses()): AnalysedRecord {
  return {
    record: { ...r, technologyFields: technologyFieldsOf(r, analyses) },
    evidence: readinessEvidence(r, readinessTexts(r, analyses)),
  };
}

/** The readiness of an analysed record, in the context of this run: the record as stored. */
export function finishRecord(a: AnalysedRecord, ctx: EnrichContext): CauRecord {
  const readiness = assessFromEvidence(a.evidence, a.record, {
    now: ctx.asOf,
    citationsReceived: ctx.citationsReceived?.(a.record.id),
  });
  return { ...a.record, readiness };
}

export function enrich(r: CauRecord, ctx: EnrichContext): CauRecord {
  return finishRecord(analyseRecord(r), ctx);
}

/** The texts readiness reads, from the record's shared analysis. */
export function readinessTexts(r: CauRecord, analyses: TextAnalyses): ReadinessTexts {
  return {
    title: analyses.of(r.title),
    alternateTitles: r.alternateTitles?.map((t) => analyses.of(t.text)),
    abstract: r.abstract ? analyses.of(r.abstract) : undefined,
    alternateAbstracts: r.alternateAbstracts?.map((t) => analyses.of(t.text)),
    description: r.type === 'patent' && r.description ? analyses.of(r.description) : undefined,
    subjects: r.type === 'research' ? r.subjects.map((s) => analyses.of(s)) : undefined,
  };
}

export function startOfYear(d = new Date()): string {
  return `${d.getUTCFullYear()}-01-01`;
}
