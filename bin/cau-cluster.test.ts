import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeLive, type LiveCluster } from '../infra/test/live-cluster';
import { connectCluster, ElasticsearchSearchIndex, openIndex } from '../search-index';

// End to end on a live cluster (the OpenSearch node of `npm run engine:up` in CI): the real
// `cau` binary, as a user runs it with OPENSEARCH_URL (or ELASTICSEARCH_URL) set, over the
// bundled fixtures, next to the same commands on the embedded index. Matching is the same in
// both engines (the same analyzers, the same query plan), so the sets of records each query
// finds must be equal; the order of equally relevant records may differ (BM25 statistics are
// per shard on a cluster), so only the sets are compared.

const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const FIXTURES = join(ROOT, 'fixtures');

interface Run {
  code: number;
  out: string;
  err: string;
}

function cau(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CAU, ...args], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code: code ?? -1, out, err }));
  });
}

function clusterEnv(live: LiveCluster, alias: string, dataDir: string): Record<string, string> {
  const c = live.config(alias);
  const P = live.engine === 'opensearch' ? 'OPENSEARCH' : 'ELASTICSEARCH';
  return {
    CAU_DATA_DIR: dataDir,
    [`${P}_URL`]: c.url,
    [`${P}_INDEX`]: alias,
    ...(c.apiKey ? { ELASTICSEARCH_API_KEY: c.apiKey } : {}),
    ...(c.username ? { [`${P}_USERNAME`]: c.username } : {}),
    ...(c.password ? { [`${P}_PASSWORD`]: c.password } : {}),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  await new Promise((ok) => server.close(ok));
  return port;
}

const ids = (json: string): string[] =>
  (JSON.parse(json) as { hits: { id: string }[] }).hits.map((h) => h.id).sort();

describeLive('cau end to end', (live) => {
  const alias = `cau-test-cli-${randomUUID()}`;
  let work: string;
  let onCluster: Record<string, string>;
  let embedded: Record<string, string>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'cau-cluster-cli-'));
    onCluster = clusterEnv(live, alias, join(work, 'cluster-data'));
    embedded = { CAU_DATA_DIR: join(work, 'embedded-data') };
    const [a, b] = await Promise.all([
      cau(['ingest', FIXTURES, '--json'], onCluster),
      cau(['ingest', FIXTURES, '--json'], embedded),
    ]);
    expect([a.code, a.err.slice(-500)]).toEqual([0, expect.any(String)]);
    expect(b.code).toBe(0);
    // The same summary as the embedded index, apart from the time taken.
    const summary = (r: Run) => {
      const {
        seconds: _s,
        recordsPerSecond: _r,
        ...rest
      } = JSON.parse(r.out) as Record<string, unknown>;
      return rest;
    };
    expect(summary(a)).toEqual(summary(b));
  }, 240_000);

  afterAll(async () => {
    const admin = connectCluster(live.config(alias));
    await admin.deleteIndex(`${alias}-v*`);
    await admin.deleteIndexTemplate(alias);
    await admin.close();
    rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('a second ingest changes nothing (upsert by id), as on the embedded index', async () => {
    const again = await cau(['ingest', FIXTURES, '--json'], onCluster);
    expect(again.code).toBe(0);
    const s = JSON.parse(again.out) as { updated: number; unchanged: number };
    expect(s.updated).toBe(0);
    expect(s.unchanged).toBeGreaterThan(100);
  }, 120_000);

  it('cau search answers from the cluster', async () => {
    const args = ['search', 'phan bon vo trau', '--type', 'patent', '--limit', '100', '--json'];
    const [a, b] = await Promise.all([cau(args, onCluster), cau(args, embedded)]);
    expect([a.code, a.err]).toEqual([0, '']);
    expect(ids(a.out).length).toBeGreaterThan(0);
    expect(ids(a.out)).toEqual(ids(b.out));
  }, 60_000);

  // The same searches in this process (a `cau` process costs seconds to start).
  it.each([
    [{ query: 'phân bón' }],
    [{ query: 'phan bon huu co' }],
    [{ query: 'rice husk' }],
    [{ query: '"năng lượng mặt trời"' }],
    [{ query: '(pin OR "ắc quy") -chì' }],
    [{ query: 'lithi*' }],
    [{ query: 'ti:geopolymer' }],
    [{ query: 'phân bón', type: 'research' as const }],
    [{ query: 'vỏ trấu', ipc: 'C05F', from: '2015-01-01' }],
    [{ query: 'pin natri', sort: 'readiness' as const }],
    [{ sector: 'Chemistry' }],
  ])('%j finds the same records as on the embedded index', async (req) => {
    const cluster = openIndex({
      dataDir: onCluster.CAU_DATA_DIR!,
      elasticsearch: live.config(alias),
    });
    const local = openIndex({ dataDir: embedded.CAU_DATA_DIR! });
    try {
      const [a, b] = await Promise.all([
        cluster.search({ ...req, limit: 100, facets: true }),
        local.search({ ...req, limit: 100, facets: true }),
      ]);
      const found = a.hits.map((h) => h.id).sort();
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(b.hits.map((h) => h.id).sort());
      expect(a.total).toBe(b.total);
      expect(a.facets).toEqual(b.facets);
    } finally {
      await Promise.all([cluster.close(), local.close()]);
    }
  });

  it('cau prior-art, similar, licensees and related answer on the cluster', async () => {
    const runs = await Promise.all([
      cau(
        [
          'prior-art',
          '--cutoff',
          '2019-01-01',
          '--text',
          'Phân bón hữu cơ vi sinh từ rơm rạ ủ với nấm Trichoderma',
          '--json',
        ],
        onCluster,
      ),
      cau(['similar', 'VN-1-0020001-B', '--json'], onCluster),
      cau(['licensees', 'VN-1-0020001-B', '--json'], onCluster),
      cau(['related', 'VN-1-0020001-B', '--json'], onCluster),
      cau(['related', 'VN-1-0020001-B', '--json'], embedded),
    ]);
    for (const r of runs) expect([r.code, r.err]).toEqual([0, '']);
    const [prior, similar, licensees, related, relatedEmbedded] = runs.map(
      (r) => JSON.parse(r.out) as unknown,
    );
    type Hits = { hits: { id: string; published: string }[] };
    const priorHits = (prior as Hits).hits;
    expect(priorHits.length).toBeGreaterThan(0);
    for (const h of priorHits) expect([h.id, h.published < '2019-01-01']).toEqual([h.id, true]);
    const similarIds = (similar as Hits).hits.map((h) => h.id);
    expect(similarIds.length).toBeGreaterThan(0);
    expect(similarIds).not.toContain('VN-1-0020001-B');
    expect((licensees as { candidates: unknown[] }).candidates.length).toBeGreaterThan(0);
    // Related records come from shared people, institutions and citations: no ranking involved.
    expect(related).toEqual(relatedEmbedded);
  }, 120_000);

  it('cau reindex swaps the alias while searches run, and none of them fails', async () => {
    const index = ElasticsearchSearchIndex.open(live.config(alias));
    const before = await index.count();
    let done = false;
    let searches = 0;
    const failures: string[] = [];
    const searching = (async () => {
      while (!done) {
        try {
          const r = await index.search({ query: 'phân bón', limit: 5 });
          if (r.total === 0) failures.push('a search found nothing');
          searches++;
        } catch (e) {
          failures.push((e as Error).message);
        }
        await sleep(20);
      }
    })();
    const r = await cau(['reindex', '--json'], onCluster);
    done = true;
    await searching;
    await index.close();
    expect([r.code, r.err]).toEqual([0, '']);
    const result = JSON.parse(r.out) as { current: string; previous: string[]; records: number };
    expect(result.previous).toEqual([`${alias}-v1`]);
    expect(result.current).toBe(`${alias}-v2`);
    expect(result.records).toBe(before);
    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(0);
    const after = await cau(['search', 'phân bón', '--limit', '100', '--json'], onCluster);
    const embeddedAnswer = await cau(['search', 'phân bón', '--limit', '100', '--json'], embedded);
    expect(ids(after.out)).toEqual(ids(embeddedAnswer.out));
  }, 180_000);

  it('cau serve answers the API from the cluster', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CAU, 'serve', '--port', String(port)], {
      env: { ...process.env, ...onCluster },
    });
    try {
      const base = `http://127.0.0.1:${port}`;
      let health: Response | undefined;
      for (let i = 0; i < 100 && !health; i++) {
        health = await fetch(`${base}/api/health`).catch(() => undefined);
        if (!health) await sleep(100);
      }
      expect(health?.status).toBe(200);
      const body = (await health!.json()) as { status: string; records: number };
      expect(body.status).toBe('ok');
      expect(body.records).toBeGreaterThan(100);
      const search = await fetch(`${base}/api/search?q=phan+bon+vo+trau&type=patent&limit=2`);
      const page = (await search.json()) as {
        hits: unknown[];
        nextCursor?: string;
        facets: object;
      };
      expect(search.status).toBe(200);
      expect(page.hits).toHaveLength(2);
      const next = await fetch(
        `${base}/api/search?q=phan+bon+vo+trau&type=patent&limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`,
      );
      expect(next.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
    }
  }, 60_000);
});
