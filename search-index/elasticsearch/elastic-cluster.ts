import type * as Elastic from '@elastic/elasticsearch';
import type { Client, ClientOptions, estypes } from '@elastic/elasticsearch';
import {
  ClusterError,
  describeCluster,
  mappingVersionsOf,
  type BulkIndexParams,
  type Cluster,
  type ClusterConfig,
} from './cluster';

// The client package (with undici, OpenTelemetry and apache-arrow: about 200 modules, tens of MB)
// loads when a cluster is first connected, not when the search index is imported: every ingest
// thread and every `cau` command on the embedded index imports it and never talks to a cluster.
let lib: typeof Elastic | undefined;
function elastic(): typeof Elastic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require('@elastic/elasticsearch') as typeof Elastic;
  return lib;
}

/** Elasticsearch 8 through @elastic/elasticsearch (see ./cluster.ts for what differs). */
export class ElasticCluster implements Cluster {
  readonly product = 'Elasticsearch' as const;
  readonly label: string;
  readonly credentialsHint = 'check ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD';

  constructor(
    private readonly client: Client,
    url: string,
  ) {
    this.label = `Elasticsearch at ${describeCluster(url)}`;
  }

  static connect(config: ClusterConfig, extra: Partial<ClientOptions> = {}): ElasticCluster {
    const auth = config.apiKey
      ? { apiKey: config.apiKey }
      : config.username
        ? { username: config.username, password: config.password ?? '' }
        : undefined;
    const client = new (elastic().Client)({
      node: config.url,
      ...(auth ? { auth } : {}),
      ...(config.ca ? { tls: { ca: config.ca } } : {}),
      requestTimeout: config.requestTimeout,
      ...extra,
    } as ClientOptions);
    return new ElasticCluster(client, config.url);
  }

  private async go<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw normalise(e);
    }
  }

  // The client checks the product on its first request (X-Elastic-Product header).
  verify(): Promise<void> {
    return Promise.resolve();
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
        ...(aliases.length ? { aliases: Object.fromEntries(aliases.map((a) => [a, {}])) } : {}),
      }),
    );
  }

  async putAlias(index: string, alias: string): Promise<void> {
    await this.go(() => this.client.indices.putAlias({ index, name: alias }));
  }

  async putIndexTemplate(name: string, template: object): Promise<void> {
    await this.go(() =>
      this.client.indices.putIndexTemplate({
        name,
        ...(template as Omit<estypes.IndicesPutIndexTemplateRequest, 'name'>),
      }),
    );
  }

  async deleteIndexTemplate(name: string): Promise<void> {
    await this.go(() => this.client.indices.deleteIndexTemplate({ name }, { ignore: [404] }));
  }

  async aliasTargets(alias: string): Promise<string[]> {
    const found = await this.go(() =>
      this.client.indices.getAlias({ name: alias }, { ignore: [404] }),
    );
    // With 404 ignored the body is an error object ({ error, status }), not index names.
    return Object.keys(found ?? {}).filter((k) => k !== 'error' && k !== 'status');
  }

  async mappingVersions(index: string): Promise<Map<string, number | undefined>> {
    const r = (await this.go(() => this.client.indices.getMapping({ index }))) as unknown;
    return mappingVersionsOf(r);
  }

  async listIndices(pattern: string): Promise<string[]> {
    const rows = await this.go(() =>
      this.client.cat.indices({ index: pattern, h: 'index', format: 'json' }),
    );
    return (rows as { index?: string }[]).map((r) => r.index ?? '');
  }

  async deleteIndex(index: string | string[]): Promise<void> {
    await this.go(() => this.client.indices.delete({ index }, { ignore: [404] }));
  }

  async refresh(index: string): Promise<void> {
    await this.go(() => this.client.indices.refresh({ index }));
  }

  async updateAliases(actions: estypes.IndicesUpdateAliasesAction[]): Promise<void> {
    await this.go(() => this.client.indices.updateAliases({ actions }));
  }

  async count(index: string | string[], query?: estypes.QueryDslQueryContainer): Promise<number> {
    const r = await this.go(() => this.client.count({ index, ...(query ? { query } : {}) }));
    return r.count;
  }

  async mget<T>(
    index: string,
    ids: string[],
    sourceIncludes: string[],
  ): Promise<estypes.MgetResponseItem<T>[]> {
    const r = await this.go(() =>
      this.client.mget<T>({ index, ids, _source_includes: sourceIncludes }),
    );
    return r.docs;
  }

  bulk(operations: object[]): Promise<estypes.BulkResponse> {
    return this.go(() =>
      this.client.bulk({
        operations: operations as estypes.BulkRequest['operations'],
      }),
    );
  }

  async bulkIndex<D>(p: BulkIndexParams<D>): Promise<{ successful: number }> {
    const byId = new Map(p.documents.map((d) => [p.id(d), d]));
    const stats = await this.go(() =>
      this.client.helpers.bulk<D>({
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
      }),
    );
    return { successful: stats.successful };
  }

  search<T>(body: estypes.SearchRequest): Promise<estypes.SearchResponse<T>> {
    return this.go(() => this.client.search<T>(body));
  }

  msearch(index: string, searches: estypes.MsearchRequestItem[]): Promise<estypes.MsearchResponse> {
    return this.go(() => this.client.msearch({ index, searches }));
  }

  async openPit(index: string, keepAlive: string): Promise<string> {
    const r = await this.go(() => this.client.openPointInTime({ index, keep_alive: keepAlive }));
    return r.id;
  }

  async closePit(id: string): Promise<void> {
    await this.go(() => this.client.closePointInTime({ id }, { ignore: [404] }));
  }

  async startReindex(source: string[], dest: string): Promise<string> {
    const r = await this.go(() =>
      this.client.reindex({
        source: { index: source },
        dest: { index: dest },
        wait_for_completion: false,
        refresh: true,
      }),
    );
    return String(r.task);
  }

  async task(id: string): Promise<{ completed: boolean; error?: unknown; response?: unknown }> {
    const t = await this.go(() => this.client.tasks.get({ task_id: id }));
    return { completed: t.completed, error: t.error, response: t.response };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function normalise(e: unknown): unknown {
  if (e instanceof ClusterError) return e;
  const { errors } = elastic();
  if (!(e instanceof errors.ElasticsearchClientError)) return e;
  const cause = { cause: e };
  if (e instanceof errors.TimeoutError)
    return new ClusterError('timeout', e.message, undefined, undefined, cause);
  if (e instanceof errors.NoLivingConnectionsError || e instanceof errors.ConnectionError) {
    return new ClusterError('unreachable', e.message, undefined, undefined, cause);
  }
  if (e instanceof errors.RequestAbortedError)
    return new ClusterError('aborted', e.message, undefined, undefined, cause);
  if (e instanceof errors.ProductNotSupportedError) {
    return new ClusterError(
      'wrong_product',
      'the server is not Elasticsearch (for an OpenSearch cluster set OPENSEARCH_URL instead of ELASTICSEARCH_URL)',
      undefined,
      undefined,
      cause,
    );
  }
  if (e instanceof errors.ResponseError) {
    return new ClusterError('status', e.message, e.statusCode ?? 0, e.body, cause);
  }
  return new ClusterError('client', e.message, undefined, undefined, cause);
}
