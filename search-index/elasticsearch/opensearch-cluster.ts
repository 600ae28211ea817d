import type { estypes } from '@elastic/elasticsearch';
import type * as OpenSearch from '@opensearch-project/opensearch';
import type { Client, ClientOptions } from '@opensearch-project/opensearch';
import {
  ClusterError,
  describeCluster,
  mappingVersionsOf,
  type BulkIndexParams,
  type Cluster,
  type ClusterConfig,
} from './cluster';

// The client package (over 500 modules) loads when a cluster is first connected, not when the
// search index is imported (see elastic-cluster.ts).
let lib: typeof OpenSearch | undefined;
function opensearch(): typeof OpenSearch {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require('@opensearch-project/opensearch') as typeof OpenSearch;
  return lib;
}

/**
 * OpenSearch 2 through the official @opensearch-project/opensearch client (see ./cluster.ts
 * for what differs from Elasticsearch). That client takes request bodies under `body` and
 * answers `{ body, statusCode, … }`; this class turns both into the shapes the shared code uses.
 */
export class OpenSearchCluster implements Cluster {
  readonly product = 'OpenSearch' as const;
  readonly label: string;
  readonly credentialsHint = 'check OPENSEARCH_USERNAME/PASSWORD';
  private verified?: Promise<void>;

  constructor(
    private readonly client: Client,
    url: string,
  ) {
    this.label = `OpenSearch at ${describeCluster(url)}`;
  }

  static connect(config: ClusterConfig, extra: Partial<ClientOptions> = {}): OpenSearchCluster {
    const client = new (opensearch().Client)({
      node: config.url,
      ...(config.username
        ? { auth: { username: config.username, password: config.password ?? '' } }
        : {}),
      ...(config.ca ? { ssl: { ca: config.ca } } : {}),
      requestTimeout: config.requestTimeout,
      ...extra,
    });
    return new OpenSearchCluster(client, config.url);
  }

  private async go<T>(fn: () => Promise<{ body: T }>): Promise<T> {
    try {
      return (await fn()).body;
    } catch (e) {
      throw normalise(e);
    }
  }

  /**
   * The product check, once per process (again after a failure: the cluster may have been
   * down). Point in time, which paging needs, came with OpenSearch 2.4.
   */
  verify(): Promise<void> {
    this.verified ??= this.checkProduct().catch((e: unknown) => {
      this.verified = undefined;
      throw e;
    });
    return this.verified;
  }

  private async checkProduct(): Promise<void> {
    const info = (await this.go(() => this.client.info())) as {
      version?: { distribution?: string; number?: string };
      tagline?: string;
    };
    const version = info.version?.number ?? '';
    if (info.version?.distribution !== 'opensearch') {
      const what =
        info.tagline === 'You Know, for Search' ? `Elasticsearch ${version}` : 'not OpenSearch';
      throw new ClusterError(
        'wrong_product',
        `the server is ${what} (for an Elasticsearch cluster set ELASTICSEARCH_URL instead of OPENSEARCH_URL)`,
      );
    }
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < 2 || (major === 2 && minor < 4)) {
      throw new ClusterError(
        'wrong_product',
        `the server is OpenSearch ${version}; Cầu needs 2.4 or later (point in time)`,
      );
    }
  }

  indexExists(index: string): Promise<boolean> {
    return this.go(() => this.client.indices.exists({ index }));
  }

  async indexHealth(
    index: string,
    timeout: string,
  ): Promise<{ status: string; activePrimaries: number }> {
    const h = (await this.go(() =>
      this.client.cluster.health({ index, wait_for_status: 'yellow', timeout }),
    )) as { status: string; active_primary_shards: number };
    return { status: h.status, activePrimaries: h.active_primary_shards };
  }

  async createIndex(index: string, aliases: string[] = []): Promise<void> {
    await this.go(() =>
      this.client.indices.create({
        index,
        ...(aliases.length
          ? { body: { aliases: Object.fromEntries(aliases.map((a) => [a, {}])) } }
          : {}),
      }),
    );
  }

  async putAlias(index: string, alias: string): Promise<void> {
    await this.go(() => this.client.indices.putAlias({ index, name: alias }));
  }

  async putIndexTemplate(name: string, template: object): Promise<void> {
    await this.go(() => this.client.indices.putIndexTemplate({ name, body: template as never }));
  }

  async deleteIndexTemplate(name: string): Promise<void> {
    await this.go(() => this.client.indices.deleteIndexTemplate({ name }, { ignore: [404] }));
  }

  async aliasTargets(alias: string): Promise<string[]> {
    const found = await this.go(() =>
      this.client.indices.getAlias({ name: alias }, { ignore: [404] }),
    );
    return Object.keys(found ?? {}).filter((k) => k !== 'error' && k !== 'status');
  }

  async mappingVersions(index: string): Promise<Map<string, number | undefined>> {
    const r = (await this.go(() => this.client.indices.getMapping({ index }))) as unknown;
    return mappingVersionsOf(r);
  }

  async listIndices(pattern: string): Promise<string[]> {
    const rows = await this.go(() =>
      this.client.cat.indices({ index: [pattern], h: ['index'], format: 'json' }),
    );
    return (rows as { index?: string }[]).map((r) => r.index ?? '');
  }

  async deleteIndex(index: string | string[]): Promise<void> {
    await this.go(() =>
      this.client.indices.delete({ index: ([] as string[]).concat(index) }, { ignore: [404] }),
    );
  }

  async refresh(index: string): Promise<void> {
    await this.go(() => this.client.indices.refresh({ index }));
  }

  async updateAliases(actions: estypes.IndicesUpdateAliasesAction[]): Promise<void> {
    await this.go(() => this.client.indices.updateAliases({ body: { actions: actions as never } }));
  }

  async count(index: string | string[], query?: estypes.QueryDslQueryContainer): Promise<number> {
    const r = await this.go(() =>
      this.client.count({
        index: ([] as string[]).concat(index),
        ...(query ? { body: { query } as never } : {}),
      }),
    );
    return r.count;
  }

  async mget<T>(
    index: string,
    ids: string[],
    sourceIncludes: string[],
  ): Promise<estypes.MgetResponseItem<T>[]> {
    const r = await this.go(() =>
      this.client.mget({ index, body: { ids }, _source_includes: sourceIncludes }),
    );
    return r.docs as unknown as estypes.MgetResponseItem<T>[];
  }

  async bulk(operations: object[]): Promise<estypes.BulkResponse> {
    const r = await this.go(() => this.client.bulk({ body: operations as never }));
    return r as unknown as estypes.BulkResponse;
  }

  async bulkIndex<D>(p: BulkIndexParams<D>): Promise<{ successful: number }> {
    const byId = new Map(p.documents.map((d) => [p.id(d), d]));
    try {
      const stats = await this.client.helpers.bulk<D>({
        datasource: p.documents,
        onDocument: (d) => ({ index: { _index: p.index, _id: p.id(d) } }),
        flushBytes: p.flushBytes,
        concurrency: p.concurrency,
        retries: 0,
        onDrop: (drop) => {
          const id = (drop.operation as { index?: { _id?: string } }).index?._id ?? '';
          p.onDrop({
            id,
            document: byId.get(id) ?? drop.document,
            status: drop.status,
            error: drop.error,
          });
        },
      });
      return { successful: stats.successful };
    } catch (e) {
      throw normalise(e);
    }
  }

  async search<T>(request: estypes.SearchRequest): Promise<estypes.SearchResponse<T>> {
    const { index, ...body } = request;
    const r = await this.go(() =>
      this.client.search({ ...(index ? { index: index as string } : {}), body: body as never }),
    );
    return r as unknown as estypes.SearchResponse<T>;
  }

  async msearch(
    index: string,
    searches: estypes.MsearchRequestItem[],
  ): Promise<estypes.MsearchResponse> {
    const r = await this.go(() => this.client.msearch({ index, body: searches as never }));
    return r as unknown as estypes.MsearchResponse;
  }

  async openPit(index: string, keepAlive: string): Promise<string> {
    const r = await this.go(() => this.client.createPit({ index: [index], keep_alive: keepAlive }));
    return r.pit_id;
  }

  async closePit(id: string): Promise<void> {
    await this.go(() => this.client.deletePit({ body: { pit_id: [id] } }, { ignore: [404] }));
  }

  async startReindex(source: string[], dest: string): Promise<string> {
    const r = await this.go(() =>
      this.client.reindex({
        body: { source: { index: source as never }, dest: { index: dest } },
        wait_for_completion: false,
        refresh: true,
      }),
    );
    return String((r as { task?: unknown }).task);
  }

  async task(id: string): Promise<{ completed: boolean; error?: unknown; response?: unknown }> {
    const t = (await this.go(() => this.client.tasks.get({ task_id: id }))) as {
      completed: boolean;
      error?: unknown;
      response?: unknown;
    };
    return { completed: t.completed, error: t.error, response: t.response };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function normalise(e: unknown): unknown {
  if (e instanceof ClusterError) return e;
  const { errors } = opensearch();
  if (!(e instanceof errors.OpenSearchClientError)) return e;
  const cause = { cause: e };
  if (e instanceof errors.TimeoutError) {
    return new ClusterError('timeout', e.message, undefined, undefined, cause);
  }
  if (e instanceof errors.NoLivingConnectionsError || e instanceof errors.ConnectionError) {
    return new ClusterError('unreachable', e.message, undefined, undefined, cause);
  }
  if (e instanceof errors.RequestAbortedError) {
    return new ClusterError('aborted', e.message, undefined, undefined, cause);
  }
  if (e instanceof errors.ResponseError) {
    return new ClusterError('status', e.message, e.statusCode ?? 0, e.body, cause);
  }
  return new ClusterError('client', e.message, undefined, undefined, cause);
}
