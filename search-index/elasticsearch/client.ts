import { Client, errors, type ClientOptions } from '@elastic/elasticsearch';
import { CauError, IndexRequestError, IndexUnavailableError, InvalidQueryError } from '../errors';

/** How to reach the cluster (bin/config.ts reads it from ELASTICSEARCH_* once). */
export interface ElasticsearchConfig {
  url: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** PEM text of the CA that signed the cluster's certificate. */
  ca?: string;
  /** The alias every command reads and writes through (versioned indices sit behind it). */
  index: string;
  /** Milliseconds before a request counts as timed out. */
  requestTimeout?: number;
}

/** Default ELASTICSEARCH_INDEX. */
export const DEFAULT_ALIAS = 'cau-records';
const DEFAULT_TIMEOUT_MS = 30_000;

export function createClient(
  config: ElasticsearchConfig,
  extra: Pick<ClientOptions, 'Connection' | 'maxRetries'> & {
    retryBackoff?: (min: number, max: number, attempt: number) => number;
  } = {},
): Client {
  const auth = config.apiKey
    ? { apiKey: config.apiKey }
    : config.username
      ? { username: config.username, password: config.password ?? '' }
      : undefined;
  return new Client({
    node: config.url,
    ...(auth ? { auth } : {}),
    ...(config.ca ? { tls: { ca: config.ca } } : {}),
    requestTimeout: config.requestTimeout ?? DEFAULT_TIMEOUT_MS,
    ...extra,
  } as ClientOptions);
}

/** The cluster URL as it may appear in messages and logs: never user, password or query. */
export function describeCluster(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

/** What Elasticsearch said went wrong, in one line. */
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
 * Turns what the client throws into Cầu's errors. A cluster that cannot be reached, times out,
 * is overloaded (429) or failing (5xx) is IndexUnavailableError (HTTP 503, exit 1): the request
 * may succeed later. Refused credentials are the operator's to fix, also unavailable. Anything
 * else Elasticsearch refuses is a bug on our side, an IndexRequestError (HTTP 500).
 */
export function toIndexError(e: unknown, cluster: string, what: string): unknown {
  if (e instanceof CauError) return e;
  const at = `Elasticsearch at ${cluster}`;
  if (e instanceof errors.TimeoutError) {
    return new IndexUnavailableError(`${at} did not answer in time (${what})`, { cause: e });
  }
  if (e instanceof errors.NoLivingConnectionsError || e instanceof errors.ConnectionError) {
    return new IndexUnavailableError(`cannot reach ${at} (${what}): ${e.message}`, { cause: e });
  }
  if (e instanceof errors.RequestAbortedError) {
    return new IndexUnavailableError(`${at}: request aborted (${what})`, { cause: e });
  }
  if (e instanceof errors.ResponseError) {
    const status = e.statusCode ?? 0;
    if (status === 401 || status === 403) {
      return new IndexUnavailableError(
        `${at} refused the credentials (${status}; check ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD)`,
        { cause: e },
      );
    }
    return statusError(cluster, what, status, e.body, e);
  }
  if (e instanceof errors.ElasticsearchClientError) {
    return new IndexUnavailableError(`${at}: ${e.message} (${what})`, { cause: e });
  }
  return e;
}

/** A refusal with an HTTP status (of a whole request, or one item of a bulk or msearch). */
export function statusError(
  cluster: string,
  what: string,
  status: number,
  body: unknown,
  cause?: unknown,
): CauError {
  const at = `Elasticsearch at ${cluster}`;
  const text = JSON.stringify(body ?? '');
  // Every word is a clause per sub-field it is looked up in, so a long query can pass Cầu's own
  // limit and still exceed the cluster's (derived from its heap): the user can shorten it.
  if (/too_many_(nested_)?clauses|maxClauseCount/.test(text)) {
    return new InvalidQueryError(
      `the query has more terms than ${at} accepts (its clause limit): search with fewer words`,
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

/** Runs one client call, mapping its failure (see toIndexError). */
export async function call<T>(cluster: string, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toIndexError(e, cluster, what);
  }
}
