import {
  citationsOf,
  InvalidQueryError,
  type CauRecord,
  type RecordType,
  type SearchIndex,
} from '../search-index';
import { getAll } from './get-all';
import {
  institutionEntries,
  normaliseOrganisation,
  organisationWords,
  sameInstitution,
} from './organisations';
import { nameWords, personKey } from './people';

export type LinkKind = 'inventor' | 'institution' | 'cites' | 'cited-by';

export interface RelatedRecord {
  id: string;
  type: RecordType;
  title: string;
  published?: string;
  /** Why it is linked, strongest first: the shared person or institution, or the citation. */
  reasons: { kind: LinkKind; value: string }[];
}

export const MAX_RELATED = 20;
/** Candidates fetched per person or institution before names are compared exactly. */
const CANDIDATES = 50;
const PEOPLE = 10;
const WEIGHT: Record<LinkKind, number> = { inventor: 3, cites: 2, 'cited-by': 2, institution: 1 };
/** A patent–research link is what users come for: it goes first among equals. */
const CROSS_TYPE_BONUS = 0.5;

/**
 * Patents and research results linked to a record: the same inventors or creators (names
 * compared across tone marks and word order), the same institution (applicant or publisher,
 * normalised as for licensees, or the same ROR id), or a citation either way. Candidates come from the index's
 * `in:` and `pa:` searches; each is confirmed by comparing normalised names, so a shared
 * family name alone is no link.
 */
export async function relatedRecords(
  index: SearchIndex,
  record: CauRecord,
  limit = MAX_RELATED,
): Promise<RelatedRecord[]> {
  const links = new Map<string, { record: CauRecord; reasons: RelatedRecord['reasons'] }>();
  const link = (other: CauRecord, kind: LinkKind, value: string): void => {
    if (other.id === record.id) return;
    let l = links.get(other.id);
    if (!l) links.set(other.id, (l = { record: other, reasons: [] }));
    if (!l.reasons.some((r) => r.kind === kind && r.value === value))
      l.reasons.push({ kind, value });
  };

  for (const person of peopleOf(record).slice(0, PEOPLE)) {
    const words = nameWords(person);
    if (words.length < 2) continue; // a single word is not a name to link by
    const key = personKey(person);
    for (const other of await candidates(index, words.map((w) => `in:"${w}"`).join(' '))) {
      if (peopleOf(other).some((p) => personKey(p) === key)) link(other, 'inventor', person);
    }
  }
  for (const org of institutionEntries(record)) {
    const { kind } = normaliseOrganisation(org.name);
    const words = organisationWords(org.name);
    if (kind === 'individual' || words.length === 0) continue;
    for (const other of await candidates(index, words.map((w) => `pa:"${w}"`).join(' '))) {
      if (institutionEntries(other).some((o) => sameInstitution(o, org))) {
        link(other, 'institution', org.name);
      }
    }
  }
  for (const cited of await getAll(index, citationsOf(record))) link(cited, 'cites', cited.id);
  for (const citing of await getAll(index, await index.citedBy(record.id, MAX_RELATED))) {
    link(citing, 'cited-by', citing.id);
  }

  const weight = (l: { record: CauRecord; reasons: RelatedRecord['reasons'] }): number =>
    l.reasons.reduce((s, r) => s + WEIGHT[r.kind], 0) +
    (l.record.type !== record.type ? CROSS_TYPE_BONUS : 0);
  return [...links.values()]
    .sort(
      (a, b) =>
        weight(b) - weight(a) || (b.record.published ?? '').localeCompare(a.record.published ?? ''),
    )
    .slice(0, limit)
    .map(({ record: r, reasons }) => ({
      id: r.id,
      type: r.type,
      title: r.title,
      ...(r.published ? { published: r.published } : {}),
      reasons: reasons.sort((a, b) => WEIGHT[b.kind] - WEIGHT[a.kind]),
    }));
}

async function candidates(index: SearchIndex, query: string): Promise<CauRecord[]> {
  let ids: string[];
  try {
    ids = (await index.search({ query, limit: CANDIDATES })).hits.map((h) => h.id);
  } catch (e) {
    // A name with nothing searchable in it (all punctuation) links nothing; an engine that
    // fails is the caller's error (503), not an empty list.
    if (e instanceof InvalidQueryError) return [];
    throw e;
  }
  return getAll(index, ids);
}

function peopleOf(r: CauRecord): string[] {
  const people = r.type === 'patent' ? [...r.inventors] : [...r.creators];
  // An individual applicant is a person too (Vietnamese inventors often file in their own name).
  if (r.type === 'patent') {
    for (const a of r.applicants) {
      if (normaliseOrganisation(a.name).kind === 'individual') people.push(a.name);
    }
  }
  return [...new Set(people)];
}
