import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { estypes } from '@elastic/elasticsearch';
import { highlightRecord, matcherFor } from '../highlight';
import { isRelaxable, planQuery, RELAX_BELOW, type Translator } from '../plan';
import { parseQuery } from '../query';
import { combine } from '../ranking';
import type { CauRecord } from '../../model';
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  type ReindexOptions,
  type ReindexResult,
  type SearchRequest,
  type SearchResponse,
  type UpsertResult,
  type VersionedIndex,
} from '../search-index';
import { technologyFieldFilter } from '../technology-filter';
import { hitFromRecord } from '../hit';
import { checkExclude, wordPlan } from '../word-plan';
import { facetAggregations, readFacets } from './aggregations';
import { DEFAULT_BULK, bulkIndex, type BulkOptions, type Rejection } from './bulk';
import { call, connect, statusError, toIndexError } from './client';
import { SchemaVersionError } from '../errors';
import { ClusterError, type Cluster, type ClusterConfig } from './cluster';
import { MAPPING_VERSION } from './mapping';
import { toDocument, type EsDocument } from './document';
import { PIT_KEEP_ALIVE, decodePage, encodePage, type SortValue } from './paging';
import {
  compilePlan,
  compileRanked,
  filterClauses,
  ranked,
  SORTS,
  type Preferences,
} from './query';
import { putTemplate, reindex, versionedName } from './reindex';

type Query = estypes.QueryDslQueryContainer;

/** Records written since the last refresh beyond which citationCounts() refreshes first. */
const PENDING_LIMIT = 1000;

export interface ElasticsearchIndexOptions {
  /** The engine behind the index (./cluster.ts): Elasticsearch 8 or OpenSearch 2. */
  cluster: Cluster;
  /** What to read and write: the alias, or (while reindexing) a versioned index. */
  index: string;
  /** Where refused documents are appended, one JSON object per line. */
  deadLetterFile?: string;
  bulk?: Partial<BulkOptions>;
  /**
   * Whether this object creates the alias and its first index when they are missing (false
   * for the new index a reindex fills: it exists already).
   */
  manageAlias?: boolean;
  /** Whether close() closes the cluster's client (false when it is shared). */
  ownsClient?: boolean;
  /** How often `cau reindex` polls a running copy (ms, default 2000). */
  reindexPollMs?: number;
}

interface StoredSource {
  record: CauRecord;
}

/**
 * The SearchIndex on a cluster, Elasticsearch 8 or OpenSearch 2 (the differences are behind
 * ./cluster.ts): the same behaviour as the embedded index (one contract
 * suite, search-index/contract/), reached through the alias of ./reindex.ts. Analysis happens
 * in the cluster with the generated analyzers (./mapping.ts); queries, filters, facets,
 * ranking and paging are compiled in ./query.ts, ./aggregations.ts and ./paging.ts;
 * highlights are cut in TypeScript from the stored record, as the embedded index does.
 */
export class ElasticsearchSearchIndex implements VersionedIndex {
  translate?: Translator;
  queryFields?: (text: string) => number[];

  private readonly cluster: Cluster;
  private readonly index: string;
  private readonly bulk: BulkOptions;
  private ready?: Promise<void>;
  /** Set by prepare() when the index behind the alias is of another mapping version. */
  private stale?: SchemaVersionError;
  /**
   * Writes since the last refresh: searches made by this object refresh first, so they see
   * its own writes, and close() refreshes, so the next `cau` process sees them too. Waiting
   * for the refresh on every bulk instead (`refresh=wait_for`) held each file of an ingest for
   * up to the refresh interval (1 s): 2 records/s on the fixtures.
   */
  private written = 0;
  /** `written` as of the last refresh that succeeded. */
  private refreshedUpTo = 0;
  /**
   * What this object wrote (citations of each record written, deleted ids) since the refresh
   * that made it searchable, each with the `written` it was made at: citationCounts() counts
   * these from memory and the rest with a search, so ingest, which counts citations for every
   * file it writes, needs no refresh per file (one per file was a refresh per record of the
   * bench corpus: 12 records/s). Bounded by PENDING_LIMIT: beyond it, a refresh.
   */
  private pending = new Map<string, { citations: string[] | undefined; at: number }>();
  /** The ids get() was asked for in this turn, and the _mget that will read them. */
  private gets?: { ids: Set<string>; records: Promise<Map<string, CauRecord>> };

  constructor(private readonly options: ElasticsearchIndexOptions) {
    this.cluster = options.cluster;
    this.index = options.index;
    this.bulk = { ...DEFAULT_BULK, ...options.bulk };
  }

  static open(
    config: ClusterConfig,
    options: Omit<ElasticsearchIndexOptions, 'cluster' | 'index'> = {},
  ): ElasticsearchSearchIndex {
    return new ElasticsearchSearchIndex({
      cluster: connect(config),
      index: config.index,
      ownsClient: true,
      ...options,
    });
  }

  /**
   * Checks the product, then creates the template, the first versioned index and the alias on
   * first use.
   */
  private ensureReady(): Promise<void> {
    this.ready ??= this.prepare().catch((e: unknown) => {
      this.ready = undefined; // a cluster that was down may be up on the next call
      throw e;
    });
    return this.ready;
  }

  private async prepare(): Promise<void> {
    await call(this.cluster, 'checking the server', () => this.cluster.verify());
    if (this.options.manageAlias === false) return;
    await this.createAlias();
    await this.waitForShards();
    this.stale = await this.staleVersion();
  }

  /**
   * An index built with other documents (another MAPPING_VERSION) would take no writes (its
   * mapping is strict) and find nothing with this Cầu's queries: it is refused, with the fix,
   * until `cau reindex` rebuilds it from the stored records (which reindex() allows).
   */
  private async staleVersion(): Promise<SchemaVersionError | undefined> {
    const versions = await call(this.cluster, `reading the mapping of ${this.index}`, () =>
      this.cluster.mappingVersions(this.index),
    );
    const other = [...versions].find(([, v]) => v !== MAPPING_VERSION);
    if (!other) return undefined;
    return new SchemaVersionError(
      other[1] ?? 'unknown (2 or older)',
      MAPPING_VERSION,
      `${this.index} on ${this.cluster.label}`,
      'run `cau reindex` (it rebuilds the index from the stored records and moves the alias)',
    );
  }

  /** ensureReady, and the index is of this Cầu's mapping version. */
  private async ensureCurrent(): Promise<void> {
    await this.ensureReady();
    if (this.stale) throw this.stale;
  }

  /**
   * A process that finds the alias another one has just created must not search its shards
   * while they are still starting ("all shards failed"). Best effort: where health cannot be
   * read (a key without the monitor privilege), the request that follows says what is wrong.
   */
  private async waitForShards(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const h = await this.cluster.indexHealth(this.index, '30s').catch(() => undefined);
      if (!h || (h.status !== 'red' && h.activePrimaries > 0)) return;
      await sleep(100);
    }
  }

  private async createAlias(): Promise<void> {
    const exists = await call(this.cluster, `checking ${this.index}`, () =>
      this.cluster.indexExists(this.index),
    );
    if (exists) return;
    await putTemplate(this.cluster, this.index);
    const first = versionedName(this.index, 1);
    try {
      await this.cluster.createIndex(first, [this.index]);
    } catch (e) {
      const exists =
        e instanceof ClusterError &&
        e.status === 400 &&
        /already_exists/.test(JSON.stringify(e.body));
      if (!exists) throw this.mapped(e, `creating ${first}`);
      // Another process created it first, or an earlier attempt stopped before the alias:
      // pointing the alias at it again changes nothing in the first case.
      await call(this.cluster, `pointing ${this.index} at ${first}`, () =>
        this.cluster.putAlias(first, this.index),
      );
    }
  }

  private mapped(e: unknown, what: string): unknown {
    return toIndexError(e, this.cluster, what);
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    await this.ensureCurrent();
    return call(this.cluster, what, fn);
  }

  async upsert(records: readonly CauRecord[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
    // The last occurrence of an id wins, as in the embedded index's transaction.
    const byId = new Map(records.map((r) => [r.id, r]));
    if (byId.size === 0) return result;
    const documents = [...byId.values()].map(toDocument);
    const stored = await this.run('reading content hashes', () =>
      this.cluster.mget<{ hash?: string }>(this.index, [...byId.keys()], ['hash']),
    );
    const hashes = new Map<string, string | undefined>();
    for (const d of found(stored, this.cluster)) hashes.set(d._id, d._source?.hash);
    const changed: EsDocument[] = [];
    for (const d of documents) {
      if (hashes.get(d.id) === d.hash) result.unchanged++;
      else changed.push(d);
    }
    if (changed.length === 0) return result;
    this.written++;
    const { rejected } = await bulkIndex(this.cluster, this.index, changed, this.bulk);
    const refused = new Set(rejected.map((r) => r.document.id));
    const at = this.written;
    for (const d of changed) {
      // Refused documents may still be stored in their earlier version: counted by the search.
      if (!refused.has(d.id)) this.pending.set(d.id, { citations: d.citations as string[], at });
    }
    for (const d of changed) {
      if (refused.has(d.id)) continue;
      if (hashes.has(d.id)) result.updated++;
      else result.inserted++;
    }
    if (rejected.length) {
      await this.writeDeadLetters(rejected);
      result.rejected = rejected.map((r) => ({
        id: r.document.id,
        reason: `${this.cluster.product} refused it (${r.status}): ${r.reason}`,
      }));
    }
    return result;
  }

  /** Appends refused records, whole, so they can be fixed and ingested again. */
  private async writeDeadLetters(rejected: Rejection[]): Promise<void> {
    const file = this.options.deadLetterFile;
    if (!file) return;
    const at = new Date().toISOString();
    const lines = rejected.map((r) =>
      JSON.stringify({
        at,
        index: this.index,
        id: r.document.id,
        status: r.status,
        reason: r.reason,
        record: r.document.record,
      }),
    );
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${lines.join('\n')}\n`);
  }

  async delete(ids: readonly string[]): Promise<number> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return 0;
    this.written++;
    for (const id of unique) this.pending.set(id, { citations: undefined, at: this.written });
    const r = await this.run('deleting records', () =>
      this.cluster.bulk(unique.map((id) => ({ delete: { _index: this.index, _id: id } }))),
    );
    // A delete refused (not just "not found") must not pass for one that was never needed.
    const refused = r.items.find((i) => (i.delete?.status ?? 0) >= 400 && i.delete?.status !== 404);
    if (refused?.delete) {
      throw statusError(this.cluster, 'deleting records', refused.delete.status, refused.delete);
    }
    return r.items.filter((i) => i.delete?.result === 'deleted').length;
  }

  /**
   * Gets made in the same turn of the event loop go out as one _mget: ingest re-reads every
   * record a batch cites at once (hundreds of gets), which would otherwise be as many requests.
   */
  async get(id: string): Promise<CauRecord | undefined> {
    if (!this.gets) {
      const ids = new Set<string>();
      const records = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.gets = undefined;
        return this.getMany([...ids]);
      });
      this.gets = { ids, records };
    }
    this.gets.ids.add(id);
    return (await this.gets.records).get(id);
  }

  private async getMany(ids: string[]): Promise<Map<string, CauRecord>> {
    const docs = await this.run(
      `reading ${ids.length === 1 ? ids[0] : `${ids.length} records`}`,
      () => this.cluster.mget<StoredSource>(this.index, ids, ['record']),
    );
    const out = new Map<string, CauRecord>();
    for (const d of found(docs, this.cluster)) {
      if (d._source) out.set(d._id, d._source.record);
    }
    return out;
  }

  /** Makes this object's writes searchable before it searches (see `written`). */
  private async refreshed(): Promise<void> {
    const upTo = this.written;
    if (upTo === this.refreshedUpTo) return;
    // Counted before the refresh: a write made while it runs may not be in it.
    await this.run(`refreshing ${this.index}`, () => this.cluster.refresh(this.index));
    this.refreshedUpTo = Math.max(this.refreshedUpTo, upTo);
    for (const [id, p] of this.pending) if (p.at <= upTo) this.pending.delete(id);
  }

  /**
   * Counted without a refresh: records this object wrote or deleted since its last refresh
   * (`pending`) are counted from memory and left out of the search, which may or may not see them
   * yet; every other record is counted by the search.
   */
  async citationCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(ids)];
    const out = new Map<string, number>();
    if (unique.length === 0) return out;
    if (this.pending.size > PENDING_LIMIT) await this.refreshed();
    const pending = [...this.pending];
    const wanted = new Set(unique);
    for (const [, p] of pending) {
      for (const c of new Set(p.citations ?? [])) {
        if (wanted.has(c)) out.set(c, (out.get(c) ?? 0) + 1);
      }
    }
    const cited: Query = { terms: { citations: unique } };
    const r = await this.run('counting citations', () =>
      this.cluster.search({
        index: this.index,
        size: 0,
        query: pending.length
          ? {
              bool: { filter: [cited], must_not: [{ ids: { values: pending.map(([id]) => id) } }] },
            }
          : cited,
        aggs: { cited: { terms: { field: 'citations', include: unique, size: unique.length } } },
      }),
    );
    const buckets =
      (r.aggregations?.cited as { buckets?: { key: string; doc_count: number }[] } | undefined)
        ?.buckets ?? [];
    for (const b of buckets) out.set(String(b.key), (out.get(String(b.key)) ?? 0) + b.doc_count);
    return out;
  }

  async citedBy(id: string, limit: number): Promise<string[]> {
    await this.refreshed();
    const r = await this.run(`finding records citing ${id}`, () =>
      this.cluster.search({
        index: this.index,
        size: limit,
        _source: false,
        query: { term: { citations: id } },
        sort: SORTS.date,
      }),
    );
    return r.hits.hits.map((h) => h._id!);
  }

  async documentFrequencies(words: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const queries: [string, Query][] = [];
    for (const word of new Set(words)) {
      const plan = wordPlan(word);
      if (plan) queries.push([word, compilePlan(plan)]);
      else out.set(word, 0);
    }
    if (queries.length === 0) return out;
    await this.refreshed();
    const r = await this.run('counting documents per word', () =>
      this.cluster.msearch(
        this.index,
        queries.flatMap(([, query]) => [{}, { size: 0, track_total_hits: true, query }]),
      ),
    );
    r.responses.forEach((res, i) => {
      if ('error' in res) throw statusError(this.cluster, 'counting documents', res.status, res);
      out.set(queries[i]![0], totalOf(res.hits.total));
    });
    return out;
  }

  async count(): Promise<number> {
    await this.refreshed();
    return this.run('counting records', () => this.cluster.count(this.index));
  }

  async close(): Promise<void> {
    // Best effort: unrefreshed writes become searchable within the refresh interval anyway,
    // and a cluster that went away must not turn a finished command into a failed one.
    await this.refreshed().catch(() => undefined);
    if (this.options.ownsClient) await this.cluster.close();
  }

  async reindex(options: ReindexOptions): Promise<ReindexResult> {
    await this.ensureReady();
    const fill = options.fill;
    const result = await reindex(this.cluster, this.index, {
      keepOld: options.keepOld,
      pollMs: this.options.reindexPollMs,
      fill:
        fill &&
        ((target) =>
          fill(
            new ElasticsearchSearchIndex({
              ...this.options,
              index: target,
              manageAlias: false,
              ownsClient: false,
            }),
          )),
    });
    // The alias now names an index of this version.
    this.stale = undefined;
    return result;
  }

  async search(req: SearchRequest): Promise<SearchResponse> {
    const limit = Math.min(req.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const parsed = req.query === undefined ? undefined : parseQuery(req.query);
    const sortMode = req.sort ?? (parsed ? 'relevance' : 'date');
    const sort = SORTS[sortMode];
    checkExclude(req);
    const fieldFilter = technologyFieldFilter(req);
    const { filter, must_not } = filterClauses(req, fieldFilter);
    const page = req.cursor ? decodePage(req, req.cursor, sort.length) : undefined;
    const plan = parsed && planQuery(parsed, this.translate);
    await this.refreshed();

    let text: Query | undefined;
    let prefs: Preferences = {};
    let relaxed = false;
    if (plan) {
      ({ query: text, ...prefs } = compileRanked(plan));
      if (isRelaxable(plan)) {
        // Few records have every word: let records missing one word follow, ranked below.
        const strict = await this.run('counting strict matches', () =>
          this.cluster.count(this.index, boolOf([text!], filter, must_not)),
        );
        if (strict < RELAX_BELOW) {
          ({ query: text, ...prefs } = compileRanked(plan, { relaxed: true }));
          relaxed = true;
        }
      }
    }
    // The query's own technology field (the filter's, or the classifier's guess) is a boost.
    const queryFields = fieldFilter.length
      ? fieldFilter
      : req.query && this.queryFields
        ? this.queryFields(req.query)
        : [];
    const body: estypes.SearchRequest = {
      query: boolOf(text ? [ranked(text, queryFields, prefs)] : [], filter, must_not),
      sort,
      size: limit + 1,
      track_total_hits: true,
      ...(plan ? { track_scores: true } : {}),
      _source: ['record'],
      ...(req.facets ? { aggs: facetAggregations() } : {}),
      ...(page ? { search_after: page.after as estypes.SortResults } : {}),
    };

    await this.ensureCurrent();
    let pit = page ? (page.pit ?? (await this.openPit())) : undefined;
    let res: estypes.SearchResponse<StoredSource>;
    try {
      res = await this.searchIn(body, pit);
    } catch (e) {
      if (!pit || !pitGone(e)) throw this.mapped(e, 'searching');
      // Expired, or its index was replaced by a reindex: the sort keys still say where we were.
      pit = await this.openPit();
      res = await call(this.cluster, 'searching', () => this.searchIn(body, pit));
    }
    pit = res.pit_id ?? pit;

    const hits = res.hits.hits;
    const shown = hits.slice(0, limit);
    const last = shown[shown.length - 1];
    const more = hits.length > limit && last !== undefined;
    // Under a point in time Elasticsearch may append its own tiebreaker (_shard_doc) to the
    // sort values; ours end with the id already, and a search_after without it keeps it off.
    const nextCursor = more
      ? encodePage(req, { pit, after: (last.sort ?? []).slice(0, sort.length) as SortValue[] })
      : undefined;
    if (!more && pit) await this.closePit(pit);

    const match = plan ? matcherFor(plan.root) : undefined;
    const fields = new Set(queryFields);
    return {
      total: totalOf(res.hits.total),
      hits: shown.map((h) => {
        const record = h._source!.record;
        const parts = {
          readiness: record.readiness?.score ?? 0,
          field: (record.technologyFields ?? []).some((f) => fields.has(f.number)) ? 1 : 0,
        };
        const boost = combine({ text: 1, ...parts }).boost;
        // _score is text × boost (./query.ts#ranked), so the text part is recovered exactly.
        const score = plan ? (h._score ?? 0) : 0;
        return hitFromRecord(
          record,
          score,
          match ? highlightRecord(record, match) : {},
          req.explain ? combine({ text: score / boost, ...parts }) : undefined,
        );
      }),
      ...(req.facets ? { facets: readFacets(res.aggregations) } : {}),
      nextCursor,
      ...(relaxed ? { relaxed } : {}),
    };
  }

  private searchIn(
    body: estypes.SearchRequest,
    pit: string | undefined,
  ): Promise<estypes.SearchResponse<StoredSource>> {
    return this.cluster.search<StoredSource>(
      pit
        ? { ...body, pit: { id: pit, keep_alive: PIT_KEEP_ALIVE } }
        : { ...body, index: this.index },
    );
  }

  private async openPit(): Promise<string> {
    return call(this.cluster, 'opening a point in time', () =>
      this.cluster.openPit(this.index, PIT_KEEP_ALIVE),
    );
  }

  /** The last page was read: free the snapshot now rather than at keep-alive's end. */
  private async closePit(id: string): Promise<void> {
    await this.cluster.closePit(id).catch(() => undefined);
  }
}

/**
 * The documents an _mget found. A document the cluster could not read (a shard failing) is an
 * error, never taken for a missing one: upsert would count it as new, get would say "no record".
 */
function found<T>(
  docs: estypes.MgetResponseItem<T>[],
  cluster: Cluster,
): estypes.GetGetResult<T>[] {
  return docs.flatMap((d) => {
    if ('error' in d) throw statusError(cluster, `reading ${d._id}`, 503, d);
    return d.found ? [d] : [];
  });
}

function boolOf(must: Query[], filter: Query[], must_not: Query[]): Query {
  if (must.length === 0 && filter.length === 0 && must_not.length === 0) return { match_all: {} };
  return {
    bool: {
      ...(must.length ? { must } : {}),
      ...(filter.length ? { filter } : {}),
      ...(must_not.length ? { must_not } : {}),
    },
  };
}

function totalOf(total: number | estypes.SearchTotalHits | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** A point in time the cluster no longer knows. */
function pitGone(e: unknown): boolean {
  return (
    e instanceof ClusterError &&
    e.kind === 'status' &&
    (e.status === 404 || /search_context_missing|No search context/.test(JSON.stringify(e.body)))
  );
}
