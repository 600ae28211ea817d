import type { Explanation } from './ranking';
import type { CauRecord } from '../model';
import type { SearchHit } from './search-index';

/** A stored record as a search hit: what every engine returns for it, whatever scored it. */
export function hitFromRecord(
  r: CauRecord,
  score: number,
  highlights: Record<string, string[]>,
  explain?: Explanation,
): SearchHit {
  return {
    id: r.id,
    type: r.type,
    title: r.title,
    score: Math.round(score * 1e4) / 1e4,
    published: r.published,
    ipc: r.type === 'patent' ? r.ipc : [],
    ...(r.type === 'patent' ? { applicants: r.applicants } : { creators: r.creators }),
    lang: r.lang,
    technologyFields: r.technologyFields ?? [],
    ...(r.readiness ? { readiness: { level: r.readiness.level, score: r.readiness.score } } : {}),
    highlights,
    ...(explain ? { explain } : {}),
  };
}
