import { readFileSync } from 'node:fs';
import type { ClusterConfig, Engine } from '../../search-index';

/**
 * Test support: the live clusters this test run may use. `npm run engine:up` starts a local
 * OpenSearch node and prints its OPENSEARCH_URL (.ci/run does this for every CI run);
 * ELASTICSEARCH_URL names an Elasticsearch 8 cluster of your own (infra/README.md). With
 * neither set, live suites are skipped and say so, unless CAU_REQUIRE_CLUSTER=1 (set by
 * .ci/run): then they fail, so CI can never pass without having run them.
 */
export interface LiveCluster {
  engine: Engine;
  url: string;
  /** Connection settings for an alias of the test's own. */
  config(index: string): ClusterConfig;
}

export function liveClusters(env: NodeJS.ProcessEnv = liveEnv()): LiveCluster[] {
  const found: LiveCluster[] = [];
  for (const engine of ['opensearch', 'elasticsearch'] as const) {
    const prefix = engine.toUpperCase();
    const url = env[`${prefix}_URL`];
    if (!url) continue;
    const ca = env[`${prefix}_CA_FILE`];
    const shared = {
      engine,
      url,
      ...(env[`${prefix}_API_KEY`] ? { apiKey: env[`${prefix}_API_KEY`] } : {}),
      ...(env[`${prefix}_USERNAME`] ? { username: env[`${prefix}_USERNAME`] } : {}),
      ...(env[`${prefix}_PASSWORD`] ? { password: env[`${prefix}_PASSWORD`] } : {}),
      ...(ca ? { ca: readFileSync(ca, 'utf8') } : {}),
    };
    found.push({ engine, url, config: (index) => ({ ...shared, index }) });
  }
  return found;
}

/**
 * The cluster variables as the test run was started with them: infra/test/cluster-env.js moves
 * them to CAU_LIVE_* so that nothing else (no `cau` a test spawns) picks them up.
 */
export function liveEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (/^(ELASTICSEARCH|OPENSEARCH)_/.test(k)) out[k] = v;
    const live = /^CAU_LIVE_((?:ELASTICSEARCH|OPENSEARCH)_.*)$/.exec(k);
    if (live) out[live[1]!] = v;
  }
  return out;
}

export const clusterRequired = process.env.CAU_REQUIRE_CLUSTER === '1';

/**
 * Runs `suite` once per live cluster; with none, a skipped placeholder that names what to set,
 * or (CAU_REQUIRE_CLUSTER=1) a failing test.
 */
export function describeLive(title: string, suite: (live: LiveCluster) => void): void {
  const clusters = liveClusters();
  for (const live of clusters) describe(`${title}: ${live.engine} (live)`, () => suite(live));
  if (clusters.length) return;
  if (clusterRequired) {
    describe(title, () => {
      it('has a cluster to run against', () => {
        throw new Error(
          'CAU_REQUIRE_CLUSTER=1 but neither OPENSEARCH_URL nor ELASTICSEARCH_URL is set: start a node with `npm run engine:up`',
        );
      });
    });
  } else {
    describe.skip(`${title} (SKIPPED: run \`npm run engine:up\` and set the OPENSEARCH_URL it prints)`, () => {
      it('needs a cluster', () => undefined);
    });
  }
}
