import { CauError, IndexRequestError, IndexUnavailableError, InvalidQueryError } from '../errors';
import { ClusterError, type Cluster, type ClusterConfig } from './cluster';
import { ElasticCluster } from './elastic-cluster';
import { OpenSearchCluster } from './opensearch-cluster';

/** Default ELASTICSEARCH_INDEX / OPENSEARCH_INDEX. */
export const DEFAULT_ALIAS = 'cau-records';
const DEFAULT_TIMEOUT_MS = 30_000;

/** The adapter for the configured engine (./cluster.ts). */
export function connect(config: ClusterConfig): Cluster {
  const withTimeout = { ...config, requestTimeout: config.requestTimeout ?? DEFAULT_TIMEOUT_MS };
  return config.engine === 'opensearch'
    ? OpenSearchCluster.connect(withTimeout)
    : ElasticCluster.connect(withTimeout);
}

/** What the cluster said went wrong, in one line. */
export function reason(body: unknown): string {
  const e = (body as { error?: unknown } | undefined)?.error;
  if (typeof e === 'string') return e;
  const err = e as
    { type?: string; reason?: string; root_cause?: { reason?: string }[] } | undefined;
  if (!err) return 'no reason given';
  const root = err.root_cause?.[0]?.reason;
  return [err.type, err.reason ?? root].filter(Boolean).join(': ');
}

/**
 * Turns what an adapter throws into Cầu's errors. A cluster that cannot be reached, times out,
 * is overloaded (429) or failing (5xx) is IndexUnavailableError (HTTP 503, exit 1): the request
 * may succeed later. Refused credentials and a server of the wrong product are the operator's
 * to fix, also unavailable. Anything else the cluster refuses is a bug on our side, an
 * IndexRequestError (HTTP 500).
 */
export function toIndexError(e: unknown, cluster: Cluster, what: string): unknown {
  if (e instanceof CauError || !(e instanceof ClusterError)) return e;
  const at = cluster.label;
  switch (e.kind) {
    case 'timeout':
      return new IndexUnavailableError(`${at} did not answer in time (${what})`, { cause: e });
    case 'unreachable':
      return new IndexUnavailableError(`cannot reach ${at} (${what}): ${e.message}`, { cause: e });
    case 'aborted':
      return new IndexUnavailableError(`${at}: request aborted (${what})`, { cause: e });
    case 'wrong_product':
      return new IndexUnavailableError(`${at}: ${e.message}`, { cause: e });
    case 'client':
      return new IndexUnavailableError(`${at}: ${e.message} (${what})`, { cause: e });
    case 'status': {
      const status = e.status ?? 0;
      if (status === 401 || status === 403) {
        return new IndexUnavailableError(
          `${at} refused the credentials (${status}; ${cluster.credentialsHint})`,
          { cause: e },
        );
      }
      return statusError(cluster, what, status, e.body, e);
    }
  }
}

/** A refusal with an HTTP status (of a whole request, or one item of a bulk or msearch). */
export function statusError(
  cluster: Cluster,
  what: string,
  status: number,
  body: unknown,
  cause?: unknown,
): CauError {
  const at = cluster.label;
  const text = JSON.stringify(body ?? '');
  // Every word is a clause per sub-field it is looked up in, so a long query can pass Cầu's own
  // limit and still exceed the cluster's: Elasticsearch 8 derives it from the heap (thousands),
  // OpenSearch 2 has indices.query.bool.max_clause_count, 1,024 unless raised, which the
  // 25-term queries of similar, licensees and prior-art exceed (infra/opensearch/README.md).
  if (/too_many_(nested_)?clauses|maxClauseCount/.test(text)) {
    return new InvalidQueryError(
      `the query has more terms than ${at} accepts (its clause limit, ` +
        `indices.query.bool.max_clause_count on OpenSearch): search with fewer words, or raise that limit`,
      { cause },
    );
  }
  // The alias (or an index) is gone, e.g. deleted by hand: an operator's problem, not a bug.
  const missing = /index_not_found_exception/.test(text);
  if (status === 429 || status >= 500 || missing) {
    return new IndexUnavailableError(`${at} is unavailable (${status}, ${what}): ${reason(body)}`, {
      cause,
    });
  }
  return new IndexRequestError(`${at} refused ${what} (${status}): ${reason(body)}`, { cause });
}

/** Runs one adapter call, mapping its failure (see toIndexError). */
export async function call<T>(cluster: Cluster, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toIndexError(e, cluster, what);
  }
}
