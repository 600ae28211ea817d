'use strict';
// Jest setup (every test file): a cluster named by ELASTICSEARCH_* or OPENSEARCH_* (as .ci/run
// exports OPENSEARCH_URL from `npm run engine:up`) is for the live suites only. They read it as
// CAU_LIVE_<name> (search-index/elasticsearch/live-cluster.ts); removing the original from the
// environment keeps every other test, and every `cau` process a test starts, on the embedded
// index it was written for.
for (const key of Object.keys(process.env)) {
  if (/^(ELASTICSEARCH|OPENSEARCH)_/.test(key)) {
    process.env[`CAU_LIVE_${key}`] ??= process.env[key];
    delete process.env[key];
  }
}
