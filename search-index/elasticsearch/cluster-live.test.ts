import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLive } from '../../infra/test/live-cluster';
import { CORPUS, patent } from '../contract/records';
import { IndexUnavailableError } from '../errors';
import { combine } from '../ranking';
import { connect } from './client';
import type { ClusterConfig } from './cluster';
import { ElasticsearchSearchIndex } from './elasticsearch-index';

// What the cluster backend does beyond the behaviour suite (../contract), on a live cluster:
// the alias on first use, records the cluster refuses, the ranking formula as the engine
// computes it, paging across a reindex, and the errors a user sees.

describeLive('cluster backend', (live) => {
  const aliases: string[] = [];
  const dirs: string[] = [];
  const fresh = (options: Parameters<typeof ElasticsearchSearchIndex.open>[1] = {}) => {
    const alias = `cau-test-${randomUUID()}`;
    aliases.push(alias);
    return { alias, index: ElasticsearchSearchIndex.open(live.config(alias), options) };
  };
  const admin = connect(live.config('unused'));
  afterAll(async () => {
    for (const alias of aliases) {
      await admin.deleteIndex(`${alias}-v*`);
      await admin.deleteIndexTemplate(alias);
    }
    await admin.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }, 120_000);

  it('creates the template, the first versioned index and the alias on first use, once even when two processes start together', async () => {
    const { alias, index } = fresh();
    const other = ElasticsearchSearchIndex.open(live.config(alias));
    try {
      expect(await Promise.all([index.count(), other.count()])).toEqual([0, 0]);
      expect(await admin.aliasTargets(alias)).toEqual([`${alias}-v1`]);
      expect(await admin.listIndices(`${alias}-v*`)).toEqual([`${alias}-v1`]);
    } finally {
      await Promise.all([index.close(), other.close()]);
    }
  });

  it('indexes the records it accepts and keeps a refused one whole in the dead-letter file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cau-dead-'));
    dirs.push(dir);
    const deadLetterFile = join(dir, 'dead.jsonl');
    const { index } = fresh({ deadLetterFile });
    // A citation longer than the longest term Lucene can index (32,766 bytes): refused whole.
    const bad = patent('P-BAD', { title: 'Trích dẫn hỏng', citations: ['X'.repeat(40_000)] });
    const good = patent('P-GOOD', { title: 'Gạch không nung' });
    try {
      const r = await index.upsert([bad, good]);
      expect(r).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
      expect(r.rejected).toEqual([
        { id: 'P-BAD', reason: expect.stringMatching(/refused it \(400\).*citations/) },
      ]);
      expect(await index.count()).toBe(1);
      expect(await index.get('P-BAD')).toBeUndefined();
      const lines = readFileSync(deadLetterFile, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'P-BAD', status: 400, record: bad });
    } finally {
      await index.close();
    }
  });

  it('scores text × (1 + readiness and field boosts): explain parts multiply back to the score, and readiness order is the readiness', async () => {
    const { index } = fresh();
    index.queryFields = () => [16];
    try {
      await index.upsert(CORPUS);
      const res = await index.search({ query: 'vỏ trấu', explain: true, limit: 100 });
      expect(res.hits.length).toBeGreaterThan(1);
      for (const h of res.hits) {
        const e = h.explain!;
        const again = combine({ text: e.text, readiness: e.readiness, field: e.field });
        expect([h.id, again.score]).toEqual([h.id, expect.closeTo(h.score, 3)]);
        expect(e.boost).toBeLessThanOrEqual(1.25);
      }
      const scores = res.hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const byReadiness = await index.search({ sort: 'readiness', limit: 100 });
      const levels = byReadiness.hits.map((h) => h.readiness?.score ?? 0);
      expect(levels).toEqual([...levels].sort((a, b) => b - a));
    } finally {
      await index.close();
    }
  });

  it('pages on across a reindex that deleted the index the cursor read: every record once', async () => {
    const { index } = fresh();
    try {
      await index.upsert(CORPUS);
      const all = (await index.search({ limit: 100 })).hits.map((h) => h.id);
      const seen: string[] = [];
      let page = await index.search({ limit: 2 });
      seen.push(...page.hits.map((h) => h.id));
      page = await index.search({ limit: 2, cursor: page.nextCursor }); // opens a point in time
      seen.push(...page.hits.map((h) => h.id));
      const swapped = await index.reindex({});
      expect(swapped.deleted).toEqual(swapped.previous);
      while (page.nextCursor) {
        page = await index.search({ limit: 2, cursor: page.nextCursor });
        seen.push(...page.hits.map((h) => h.id));
      }
      expect(seen).toEqual(all);
    } finally {
      await index.close();
    }
  });

  it('says the index is unavailable, naming the cluster, when its alias was deleted by hand', async () => {
    const { alias, index } = fresh();
    try {
      await index.upsert(CORPUS.slice(0, 2));
      await admin.deleteIndex(`${alias}-v*`);
      const e = await index.search({ query: 'vỏ trấu' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(IndexUnavailableError);
      expect((e as Error).message).toContain(new URL(live.url).host);
      expect((e as Error).message).toMatch(/index_not_found/);
    } finally {
      await index.close();
    }
  });
});

// Without a live cluster: the OpenSearch adapter against a closed port and against servers
// that are not OpenSearch 2 (real HTTP on 127.0.0.1).
describe('OpenSearch adapter: what a user sees when the URL is wrong', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  async function serve(info: object): Promise<string> {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(info));
    });
    servers.push(server);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const open = (url: string, extra: Partial<ClusterConfig> = {}) =>
    ElasticsearchSearchIndex.open({
      engine: 'opensearch',
      url,
      index: 'cau-records',
      requestTimeout: 2000,
      ...extra,
    });

  it.each([
    [
      'Elasticsearch',
      { version: { number: '8.15.0', build_flavor: 'default' }, tagline: 'You Know, for Search' },
      /is Elasticsearch 8\.15\.0 \(for an Elasticsearch cluster set ELASTICSEARCH_URL/,
    ],
    [
      'OpenSearch 1.3',
      { version: { distribution: 'opensearch', number: '1.3.19' } },
      /OpenSearch 1\.3\.19; Cầu needs 2\.4 or later/,
    ],
    ['something else', { hello: 'world' }, /is not OpenSearch/],
  ])('refuses %s, saying what it is', async (_name, info, message) => {
    const index = open(await serve(info));
    try {
      const e = await index.count().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(IndexUnavailableError);
      expect((e as Error).message).toMatch(message);
    } finally {
      await index.close();
    }
  });

  it('cannot reach a closed port: unavailable, naming the cluster, never the password', async () => {
    const url = await serve({});
    servers.pop()!.close();
    const port = new URL(url).port;
    const index = open(`http://127.0.0.1:${port}`, { username: 'admin', password: 'hunter2' });
    try {
      const e = await index.search({ query: 'x' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(IndexUnavailableError);
      expect((e as Error).message).toMatch(
        new RegExp(`cannot reach OpenSearch at http://127\\.0\\.0\\.1:${port}`),
      );
      expect((e as Error).message).not.toContain('hunter2');
    } finally {
      await index.close();
    }
  });
});
