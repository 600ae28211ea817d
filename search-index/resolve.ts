import {
  canonicalIdentifier,
  canonicalPatentId,
  parsePatentNumber,
  typedPatentForms,
} from '../analyzers';
import { InvalidQueryError } from './errors';
import { recordNumberForms } from './fields';
import type { CauRecord } from '../model';
import type { SearchIndex } from './search-index';

/** Hits looked at when an id is resolved through its number keys. */
const CANDIDATES = 10;

/**
 * The stored record an id names, in any common form: the id itself; else its canonical form
 * (`US-09358892-B1`, `US9358892B1` → `US-9358892-B1`; `https://doi.org/10.1/X` → `doi:10.1/x`);
 * else the record whose number keys match (a number without kind, `EP3404678`; the OAI
 * identifier or OpenAlex id of a record whose id is its DOI), confirmed on the record itself.
 * Several matches (the A1 and B1 of one EP number): the latest published. Undefined when none.
 */
export async function resolveRecord(
  index: SearchIndex,
  raw: string,
): Promise<CauRecord | undefined> {
  const direct = await index.get(raw);
  if (direct) return direct;
  const patent = parsePatentNumber(raw);
  const identifier = canonicalIdentifier(raw);
  const canonical = [
    patent?.country && patent.kind
      ? canonicalPatentId(patent.country, patent.number, patent.kind)
      : undefined,
    identifier?.startsWith('doi:') || identifier?.startsWith('openalex:') ? identifier : undefined,
  ].filter((id): id is string => id !== undefined && id !== raw);
  for (const id of canonical) {
    const r = await index.get(id);
    if (r) return r;
  }
  const forms = new Set([
    ...(patent ? typedPatentForms(patent) : []),
    ...(identifier ? [identifier] : []),
  ]);
  if (forms.size === 0) return undefined;
  let hits: string[];
  try {
    hits = (await index.search({ query: raw, limit: CANDIDATES })).hits.map((h) => h.id);
  } catch (e) {
    if (e instanceof InvalidQueryError) return undefined;
    throw e;
  }
  const confirmed: CauRecord[] = [];
  for (const id of hits) {
    const r = await index.get(id);
    if (r && recordNumberForms(r).some((f) => forms.has(f))) confirmed.push(r);
  }
  confirmed.sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
  return confirmed[0];
}
