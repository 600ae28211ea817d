import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { ElasticCluster } from './elastic-cluster';
import { MAPPING_VERSION } from './mapping';
import { ElasticsearchSearchIndex, type ElasticsearchIndexOptions } from './elasticsearch-index';

/**
 * Test support: an ElasticsearchSearchIndex whose client talks to @elastic/elasticsearch-mock
 * (the client's own transport, retries and error classes; only the socket is replaced). Every
 * request is recorded, so tests can see what was sent.
 */
export interface Recorded {
  method: string;
  path: string;
  querystring: Record<string, string>;
  body: unknown;
}

/** With credentials, so tests can check that no message ever shows them. */
export const CLUSTER_URL = 'http://elastic:s3cret@es.example:9200';

export function mockCluster(
  options: Partial<ElasticsearchIndexOptions> = {},
  /** The mapping version the alias's index says it has (default: this Cầu's; null: none). */
  mappingVersion: number | null = MAPPING_VERSION,
) {
  const mock = new Mock();
  const requests: Recorded[] = [];
  const client = new Client({
    node: CLUSTER_URL,
    Connection: mock.getConnection(),
    maxRetries: 2,
    // No waiting between the transport's retries in tests.
    retryBackoff: () => 0,
  } as ConstructorParameters<typeof Client>[0]);
  const on = (method: string, path: string, reply: (r: Recorded) => unknown): void => {
    mock.add({ method, path }, (p) => {
      const r = p as unknown as Recorded;
      requests.push(r);
      return reply(r) as Record<string, unknown>;
    });
  };
  // The alias exists: tests of other requests do not see the first-use creation.
  on('HEAD', '/cau-records', () => '');
  // ... of this Cầu's mapping version.
  on('GET', '/cau-records/_mapping', () => ({
    'cau-records-v1': {
      mappings: mappingVersion === null ? {} : { _meta: { cau_mapping_version: mappingVersion } },
    },
  }));
  const index = new ElasticsearchSearchIndex({
    cluster: new ElasticCluster(client, CLUSTER_URL),
    index: 'cau-records',
    bulk: { backoffMs: 1, retries: 2 },
    reindexPollMs: 1,
    ...options,
  });
  const sent = (method: string, path: string): Recorded[] =>
    requests.filter((r) => r.method === method && r.path === path);
  return { index, client, mock, on, requests, sent };
}

export function responseError(statusCode: number, body: unknown): errors.ResponseError {
  return new errors.ResponseError({
    body,
    statusCode,
    headers: {},
    warnings: null,
    meta: {} as never,
  });
}
