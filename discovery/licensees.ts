import {
  MAX_LIMIT,
  RecordNotFoundError,
  resolveRecord,
  type CauRecord,
  type PatentRecord,
  type SearchIndex,
} from '../search-index';
import {
  institutionsOf,
  normaliseOrganisation,
  organisationWords,
  type OrganisationKind,
} from './organisations';
import { mainGroup } from './family';
import { similarTo } from './similar';

export interface LicenseeEvidenceRecord {
  id: string;
  title: string;
  published?: string;
  /** API path of the record. */
  href: string;
  /** Similarity to the record, 0–1 (1 = the most similar patent found). */
  similarity: number;
  /**
   * How much of what the record is about this patent contains: the share of the record's key-term
   * weight it matches in distinctive terms (itself or through a translation), 0–1. Never below
   * MIN_RELEVANCE.
   */
  relevance: number;
}

export interface LicenseeCandidate {
  /** The name the organisation uses most often on its patents. */
  organisation: string;
  /** Other spellings of the same organisation seen on them. */
  aliases: string[];
  kind: OrganisationKind;
  score: number;
  evidence: {
    /** Its patents closest to the record, most similar first. */
    records: LicenseeEvidenceRecord[];
    /** Those patents per publication year. */
    perYear: Record<string, number>;
    /**
     * WIPO technology fields it shares with the record: how many of its patents among the
     * similar ones are in each (`patents`), and how many it has in the field in the whole
     * index (`patentsInIndex`, counted up to 100).
     */
    sharedFields: { number: number; field: string; patents: number; patentsInIndex: number }[];
    /** IPC main groups it shares with the record. */
    sharedIpc: string[];
    /** Key terms of the record its patents contain (itself or through a translation), weightiest first. */
    sharedTerms: string[];
    /** Citation links between its patents and the record or the other similar work. */
    citations: { from: string; to: string }[];
  };
}

export interface LicenseesResponse {
  id: string;
  /** The record's own organisations, never proposed to themselves. */
  owners: string[];
  candidates: LicenseeCandidate[];
}

/** Patents looked at: the organisations that hold them are the candidates. */
const POOL = MAX_LIMIT;
/** Years after which an organisation's patent counts half as much (interest fades). */
const HALF_LIFE_YEARS = 5;
/** Companies license; universities and individuals rarely do. */
const KIND_FACTOR: Record<OrganisationKind, number> = {
  company: 1,
  other: 0.6,
  academic: 0.3,
  individual: 0.3,
};
const FIELD_OVERLAP_BONUS = 0.5;
const CITATION_BONUS = 0.25;
/**
 * The relevance floor: a patent is evidence for a candidate only if it contains at least this
 * share of the weight of the record's key terms, counting only distinctive terms it contains
 * (see DISTINCTIVE_SHARE). On the fixtures, patents about the record's subject contain 0.2–0.6
 * of it; those sharing a word or two in passing ("sản xuất", "product", "forecasting") 0.02–0.13.
 */
export const MIN_RELEVANCE = 0.15;
/**
 * A matched key term counts towards relevance if it is a phrase ("phân hữu cơ", "so sánh") or a
 * word found in at most this share of the index: a poetry thesis and a circuit-board patent that
 * share "tập", "lối" and "ảnh" (syllables of other words, each in an eighth of the corpus) are
 * not about the same thing.
 */
export const DISTINCTIVE_SHARE = 0.05;
/**
 * Topical overlap without a shared field or IPC group: a candidate whose patent contains at
 * least this share of the record's key-term weight, in at least MIN_SHARED_TERMS terms, is on
 * the record's topic however the two were classified (a fish-sauce patent, A23L, for a
 * fish-sauce study the classifier put under biotechnology). A cement patent sharing "vỏ trấu",
 * "phối trộn" and "sản xuất" with a fertiliser study (0.19) is not.
 */
export const TERM_OVERLAP = 0.35;
export const MIN_SHARED_TERMS = 3;

/**
 * Organisations most likely to license a research result or a patent: those that patent most,
 * and most recently, in what the record is about (the patents most similar to it), in its
 * technology fields and IPC groups, that cite or are cited by that work, and that are
 * companies. Each comes with its evidence.
 *
 * Fewer, right candidates beat a full list: only patents above the relevance floor count, and an
 * organisation is a candidate only when its patents overlap the record's topic: a shared WIPO
 * technology field or IPC main group, or one patent sharing much of the record's key terms
 * (TERM_OVERLAP). A record nothing in the index is about gets no candidates.
 */
export async function licensees(
  index: SearchIndex,
  id: string,
  options: { limit?: number; asOf?: Date } = {},
): Promise<LicenseesResponse> {
  const record = await resolveRecord(index, id);
  if (!record) throw new RecordNotFoundError(id);
  const limit = Math.min(options.limit ?? 10, MAX_LIMIT);
  const now = (options.asOf ?? new Date()).getTime();
  const owners = institutionsOf(record);
  const ownerKeys = new Set(owners.map((o) => normaliseOrganisation(o).key));
  const { hits, records, terms } = await similarTo(index, record, { limit: POOL, type: 'patent' });
  const best = hits[0]?.score ?? 1;
  const fields = new Map((record.technologyFields ?? []).map((f) => [f.number, f.field]));
  const groups = new Set(ipcGroups(record));
  const similarIds = new Set([record.id, ...hits.map((h) => h.id)]);
  const corpus = await index.count();
  const distinctive = new Map(
    terms
      .filter((t) => t.words > 1 || t.df <= DISTINCTIVE_SHARE * corpus)
      .map((t) => [t.term, t.weight]),
  );
  const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
  const termOrder = new Map(terms.map((t, i) => [t.term, i]));

  interface Acc {
    names: Map<string, number>;
    kinds: Set<OrganisationKind>;
    score: number;
    records: LicenseeEvidenceRecord[];
    perYear: Record<string, number>;
    fields: Map<number, number>;
    ipc: Set<string>;
    terms: Set<string>;
    /** Its patent sharing the most of the record's key terms: relevance and number of terms. */
    closest: { relevance: number; terms: number };
    citations: { from: string; to: string }[];
  }
  const byOrg = new Map<string, Acc>();
  for (const hit of hits) {
    const p = records.get(hit.id) as PatentRecord | undefined;
    if (!p) continue;
    const matched = hit.matchedTerms.reduce((sum, t) => sum + (distinctive.get(t) ?? 0), 0);
    const relevance = totalWeight > 0 ? Math.round((matched / totalWeight) * 1000) / 1000 : 0;
    if (relevance < MIN_RELEVANCE) continue;
    const similarity = Math.round((hit.score / best) * 1000) / 1000;
    const age = p.published
      ? (now - Date.parse(p.published)) / (365.25 * 86400000)
      : HALF_LIFE_YEARS;
    const recency = Math.pow(0.5, Math.max(0, age) / HALF_LIFE_YEARS);
    const shared = (p.technologyFields ?? []).filter((f) => fields.has(f.number));
    const citations = [
      ...p.citations.filter((c) => similarIds.has(c)).map((to) => ({ from: p.id, to })),
      ...(record.type === 'patent' && record.citations.includes(p.id)
        ? [{ from: record.id, to: p.id }]
        : []),
    ];
    const seen = new Set<string>();
    for (const applicant of p.applicants) {
      const org = normaliseOrganisation(applicant.name);
      if (ownerKeys.has(org.key) || seen.has(org.key)) continue;
      seen.add(org.key);
      let acc = byOrg.get(org.key);
      if (!acc) {
        acc = {
          names: new Map(),
          kinds: new Set(),
          score: 0,
          records: [],
          perYear: {},
          fields: new Map(),
          ipc: new Set(),
          terms: new Set(),
          closest: { relevance: 0, terms: 0 },
          citations: [],
        };
        byOrg.set(org.key, acc);
      }
      acc.names.set(applicant.name, (acc.names.get(applicant.name) ?? 0) + 1);
      acc.kinds.add(org.kind);
      acc.score += similarity * recency * (1 + (shared.length ? FIELD_OVERLAP_BONUS : 0));
      acc.records.push({
        id: p.id,
        title: p.title,
        published: p.published,
        href: `/api/records/${encodeURIComponent(p.id)}`,
        similarity,
        relevance,
      });
      const year = p.published?.slice(0, 4);
      if (year) acc.perYear[year] = (acc.perYear[year] ?? 0) + 1;
      for (const f of shared) acc.fields.set(f.number, (acc.fields.get(f.number) ?? 0) + 1);
      for (const g of ipcGroups(p)) if (groups.has(g)) acc.ipc.add(g);
      for (const t of hit.matchedTerms) acc.terms.add(t);
      if (relevance > acc.closest.relevance)
        acc.closest = { relevance, terms: hit.matchedTerms.length };
      acc.citations.push(...citations);
    }
  }

  // Topical overlap, shown as evidence: a shared field, a shared IPC group, or a patent that
  // shares much of what the record is about.
  const onTopic = (acc: Acc): boolean =>
    acc.fields.size > 0 ||
    acc.ipc.size > 0 ||
    (acc.closest.relevance >= TERM_OVERLAP && acc.closest.terms >= MIN_SHARED_TERMS);

  const candidates: LicenseeCandidate[] = [...byOrg.values()].filter(onTopic).map((acc) => {
    const names = [...acc.names.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const kind = mostOrganisational(acc.kinds);
    const cites = acc.citations.length ? 1 + CITATION_BONUS : 1;
    return {
      organisation: names[0]![0],
      aliases: names.slice(1).map(([n]) => n),
      kind,
      score: Math.round(acc.score * KIND_FACTOR[kind] * cites * 1000) / 1000,
      evidence: {
        records: acc.records,
        perYear: acc.perYear,
        sharedFields: [...acc.fields.entries()]
          .sort((a, b) => b[1] - a[1] || a[0] - b[0])
          .map(([number, patents]) => ({
            number,
            field: fields.get(number)!,
            patents,
            patentsInIndex: patents,
          })),
        sharedIpc: [...acc.ipc].sort(),
        sharedTerms: [...acc.terms].sort((a, b) => termOrder.get(a)! - termOrder.get(b)!),
        citations: acc.citations,
      },
    };
  });
  candidates.sort((a, b) => b.score - a.score || a.organisation.localeCompare(b.organisation));
  const top = candidates.slice(0, limit);
  for (const c of top) {
    for (const f of c.evidence.sharedFields) {
      f.patentsInIndex = await patentsInField(index, c.organisation, f.number);
    }
  }
  return { id: record.id, owners, candidates: top };
}

/**
 * How many patents an organisation has in a technology field, in the whole index: candidates
 * by a `pa:` search within the field, each confirmed by its normalised applicant names.
 */
async function patentsInField(
  index: SearchIndex,
  organisation: string,
  field: number,
): Promise<number> {
  const words = organisationWords(organisation);
  if (words.length === 0) return 0;
  const key = normaliseOrganisation(organisation).key;
  const res = await index.search({
    query: words.map((w) => `pa:"${w}"`).join(' '),
    type: 'patent',
    field,
    limit: MAX_LIMIT,
  });
  let n = 0;
  for (const hit of res.hits) {
    if ((hit.applicants ?? []).some((a) => normaliseOrganisation(a.name).key === key)) n++;
  }
  return n;
}

function ipcGroups(r: CauRecord): string[] {
  return r.type === 'patent' ? [...new Set(r.ipc.map(mainGroup))] : [];
}

/** One organisation's names may read differently; the most organisation-like reading wins. */
function mostOrganisational(kinds: Set<OrganisationKind>): OrganisationKind {
  for (const k of ['company', 'academic', 'other', 'individual'] as const)
    if (kinds.has(k)) return k;
  return 'other';
}
