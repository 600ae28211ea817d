import { KEY_TERM_TEXT_LIMIT } from '../analyzers';
import {
  DEFAULT_LIMIT,
  InvalidQueryError,
  MAX_LIMIT,
  parseIpcFilter,
  type Priority,
  type RecordType,
  type SearchHit,
  type SearchIndex,
} from '../search-index';
import { mainGroup } from './family';
import { getAll } from './get-all';
import { bestPassages, type Passage } from './passages';
import { matchedTerms, textQuery, withIpc, type WeightedTerm } from './text-query';

/** The longest text accepted: all of it is read for key terms. */
export const MAX_PRIOR_ART_TEXT = KEY_TERM_TEXT_LIMIT;

export interface PriorArtRequest {
  /** A claim, an abstract or a whole description, Vietnamese, English or both. */
  text: string;
  /** "YYYY-MM-DD": only records published strictly before it. */
  cutoff: string;
  /** IPC codes of the application: records in them rank higher (not a filter). */
  ipc?: string[];
  type?: RecordType;
  limit?: number;
}

export interface PriorArtHit extends SearchHit {
  /** Priority claims (patents), shown so an analyst can weigh them; the cutoff ignores them. */
  priority: Priority[];
  filed?: string;
  /** Key terms of the text that this record contains (itself or through a translation). */
  matchedTerms: string[];
  /** The record's passages with the most matched words, marked. */
  passages: Passage[];
}

export interface PriorArtResponse {
  cutoff: string;
  /** The date compared with the cutoff. */
  dateField: 'published';
  total: number;
  /** The terms the text was searched by, rarest and most used first. */
  terms: WeightedTerm[];
  /** IPC groups that raised the score: the request's and those of the closest records. */
  ipcBoost: string[];
  hits: PriorArtHit[];
}

/** How many of the first pass's hits lend their IPC groups to the second pass. */
const IPC_FROM_TOP = 5;
const MAX_IPC_BOOST = 4;

/**
 * Prior art for a text: records published strictly before the cutoff (a filter inside the
 * query, so pages stay full), found by the text's key terms weighted by their rarity, in both
 * languages through the glossary. A first pass finds the closest records; their IPC groups
 * (and the request's codes) then join the query as alternatives, raising records in the same
 * groups without requiring them to be there.
 */
export async function priorArt(
  index: SearchIndex,
  req: PriorArtRequest,
): Promise<PriorArtResponse> {
  const text = req.text.trim();
  if (!text)
    throw new InvalidQueryError('text is empty: give a claim, an abstract or a description');
  if (req.text.length > MAX_PRIOR_ART_TEXT) {
    throw new InvalidQueryError(
      `text is ${req.text.length} characters; at most ${MAX_PRIOR_ART_TEXT} are accepted`,
    );
  }
  if (!isIsoDate(req.cutoff)) {
    throw new InvalidQueryError('cutoff must be a real date in YYYY-MM-DD form');
  }
  const given = (req.ipc ?? []).map((code) => {
    const f = parseIpcFilter(code);
    return f.level === 'symbol' ? f.symbol : f.level === 'group' ? f.group : f.prefix;
  });
  const limit = Math.min(req.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const base = { before: req.cutoff, type: req.type };

  const first = await textQuery(index, text);
  const empty = { cutoff: req.cutoff, dateField: 'published' as const, terms: first.terms };
  if (first.terms.length === 0) return { ...empty, total: 0, ipcBoost: given, hits: [] };
  const top = await index.search({ ...base, query: first.query, limit: IPC_FROM_TOP });
  const ipcBoost = [...new Set([...given, ...groupsOf(top.hits)])].slice(
    0,
    Math.max(MAX_IPC_BOOST, given.length),
  );
  const tq = withIpc(first, ipcBoost);
  const res = await index.search({ ...base, query: tq.query, limit });

  const hits: PriorArtHit[] = [];
  const records = new Map(
    (
      await getAll(
        index,
        res.hits.map((h) => h.id),
      )
    ).map((r) => [r.id, r]),
  );
  for (const hit of res.hits) {
    const record = records.get(hit.id);
    if (!record) continue; // deleted between the search and now
    hits.push({
      ...hit,
      priority: record.type === 'patent' ? record.priority : [],
      ...(record.type === 'patent' && record.filed ? { filed: record.filed } : {}),
      matchedTerms: matchedTerms(record, tq.terms),
      passages: bestPassages(hit),
    });
  }
  return {
    ...empty,
    terms: tq.terms,
    total: res.total,
    ipcBoost,
    hits,
  };
}

/**
 * IPC main groups the closest records agree on: the first hit's, and any that two of the
 * first hits share (one stray hit's groups would pull the search off topic).
 */
function groupsOf(hits: readonly SearchHit[]): string[] {
  const count = new Map<string, number>();
  const first = new Set((hits[0]?.ipc ?? []).map(mainGroup));
  for (const h of hits) {
    for (const g of new Set(h.ipc.map(mainGroup))) count.set(g, (count.get(g) ?? 0) + 1);
  }
  return [...count.entries()]
    .filter(([g, n]) => first.has(g) || n >= 2)
    .sort((a, b) => b[1] - a[1] || Number(first.has(b[0])) - Number(first.has(a[0])))
    .map(([g]) => g);
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}
