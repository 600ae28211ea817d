import { assessReadiness, fieldsFromIpc, loadDefaultClassifier } from '../analyzers';
import type { CauRecord, TechnologyField } from '../model';

/**
 * What Cầu knows about a record beyond what its source says: its technology fields and its
 * commercial readiness. Runs after parsing, before indexing, for every format.
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

export function technologyFieldsOf(r: CauRecord): TechnologyField[] {
  if (r.type === 'patent' && r.ipc.length > 0) {
    const fromIpc = fieldsFromIpc(r.ipc);
    if (fromIpc.length > 0) return fromIpc.map(toField);
  }
  return loadDefaultClassifier()
    .classify({
      title: r.title,
      abstract: r.abstract,
      subjects: r.type === 'research' ? r.subjects : undefined,
      lang: r.lang,
    })
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

export function enrich(r: CauRecord, ctx: EnrichContext): CauRecord {
  const technologyFields = technologyFieldsOf(r);
  const readiness = assessReadiness(r, {
    now: ctx.asOf,
    citationsReceived: ctx.citationsReceived?.(r.id),
  });
  return { ...r, technologyFields, readiness };
}

export function startOfYear(d = new Date()): string {
  return `${d.getUTCFullYear()}-01-01`;
}
