import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// End to end: the real `cau` binary, as a user runs it, on real files.
const ROOT = resolve(__dirname, '..');
const CAU = join(ROOT, 'bin', 'cau.js');
const SAMPLES = resolve(ROOT, 'test-samples');

let work: string;
let dataDir: string;

function cau(
  args: string[],
  env: Record<string, string> = {},
): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CAU, ...args], {
    cwd: work,
    env: { ...process.env, CAU_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** For tests that serve HTTP in this process while cau runs (spawnSync would block it). */
function cauAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CAU, ...args], {
      cwd: work,
      env: { ...process.env, CAU_DATA_DIR: dataDir, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code: code ?? -1, out, err }));
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'cau-cli-'));
  dataDir = join(work, 'data');
  const inbox = join(work, 'inbox');
  mkdirSync(join(inbox, 'nested'), { recursive: true });
  copyFileSync(join(SAMPLES, 'st36', 'EP1667425A1_ep-patent-document.xml'), join(inbox, 'ep.xml'));
  copyFileSync(
    join(SAMPLES, 'uspto', 'concatenated_2grants_v4-5.xml'),
    join(inbox, 'nested', 'weekly.xml'),
  );
  copyFileSync(
    join(SAMPLES, 'oai-pmh', 'eur_dspace_ListRecords_oai_dc_2003_16recs.xml'),
    join(inbox, 'nested', 'oai.xml'),
  );
  const whole = readFileSync(join(SAMPLES, 'st36', 'EP1599469B1_ep-patent-document.xml'), 'utf8');
  writeFileSync(join(inbox, 'half-written.xml'), whole.slice(0, Math.floor(whole.length / 2)));
  writeFileSync(
    join(inbox, 'junk.xml'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 0xff, 0xfe]),
  );
  writeFileSync(
    join(inbox, 'unknown.xml'),
    '<?xml version="1.0"?>\n<invoice><total>3</total></invoice>\n',
  );
  writeFileSync(join(inbox, 'README.txt'), 'not data: skipped when walking a folder');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cau', () => {
  it('prints help after a plain npm ci (no build step)', () => {
    const r = cau(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['ingest', 'serve', 'search']) expect(r.out).toContain(command);
  });

  it('ingests a folder: indexes every good file, names each bad one, exits 1', () => {
    const r = cau(['ingest', 'inbox', 'no-such-file.xml']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/half-written\.xml:\d+: malformed XML/);
    expect(r.err).toMatch(/junk\.xml: unknown format/);
    expect(r.err).toMatch(/unknown\.xml:\d+: unknown format: root element <invoice>/);
    expect(r.err).toMatch(/no-such-file\.xml: cannot read: ENOENT/);
    expect(r.err).not.toContain('README.txt');
    // 1 EP + 2 concatenated US grants + 16 OAI records
    expect(r.out).toMatch(/records: 19 read/);
    expect(r.out).toMatch(/files: +7 \(4 failed\)/);
    expect(r.out).toMatch(/19 new, 0 updated, 0 unchanged/);
  });

  it('re-ingesting the same files changes nothing', () => {
    const r = cau(['ingest', '--json', 'inbox']);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ inserted: 0, updated: 0, unchanged: 19, filesFailed: 3 });
    const found = JSON.parse(cau(['search', 'image forming', '--json']).out);
    expect(found.hits.map((h: { id: string }) => h.id)).toContain('EP-1667425-A1');
  });

  it('exits 0 when every file was read', () => {
    const r = cau(['ingest', join('inbox', 'ep.xml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 unchanged/);
  });

  it('searches from the command line, and exits 2 on a bad query or option', () => {
    const r = cau(['search', 'image forming apparatus', '--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/EP-1667425-A1/);
    expect(cau(['search', 'x', '--limit', '-1']).code).toBe(2);
    const bad = cau(['search', '***']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no searchable terms/);
    expect(cau(['search', 'x', '--type', 'thesis']).code).toBe(2);
    expect(cau(['frobnicate']).code).toBe(2);
  });

  it('finds prior art, similar records, licensees and related records from the command line', () => {
    // The real samples indexed above: an EP application and two US grants, all in English.
    writeFileSync(
      join(work, 'claim.txt'),
      'An image forming apparatus with a photoconductor drum.',
    );
    const r = cau(['prior-art', '--cutoff', '2030-01-01', '--file', 'claim.txt', '--json']);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.hits[0].id).toBe('EP-1667425-A1');
    expect(res.hits[0].matchedTerms.length).toBeGreaterThan(0);
    const none = JSON.parse(
      cau(['prior-art', '--cutoff', '1990-01-01', '--file', 'claim.txt', '--json']).out,
    );
    expect(none.total).toBe(0);
    expect(cau(['prior-art', '--cutoff', '2018-02-30', '--text', 'x']).code).toBe(2);
    expect(cau(['prior-art', '--text', 'x']).code).toBe(2);
    expect(cau(['prior-art', '--cutoff', '2018-01-01']).code).toBe(2);
    expect(cau(['prior-art', '--cutoff', '2018-01-01', '--file', 'no-such.txt']).code).toBe(2);
    const similar = cau(['similar', 'EP-1667425-A1', '--json']);
    expect(similar.code).toBe(0);
    expect(JSON.parse(similar.out).hits.map((h: { id: string }) => h.id)).not.toContain(
      'EP-1667425-A1',
    );
    expect(cau(['licensees', 'EP-1667425-A1', '--json']).code).toBe(0);
    expect(cau(['related', 'EP-1667425-A1']).code).toBe(0);
    const missing = cau(['similar', 'VN-0-0000000-X']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no record with id/);
  });

  it('refuses invalid configuration with exit 2', () => {
    const r = cau(['search', 'x'], { PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/PORT/);
    const threads = cau(['ingest', 'inbox'], { CAU_INGEST_WORKERS: 'many' });
    expect(threads.code).toBe(2);
    expect(threads.err).toMatch(/CAU_INGEST_WORKERS/);
  });

  it('refuses invalid Elasticsearch and OpenSearch settings with exit 2, never echoing a secret', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ ELASTICSEARCH_URL: 'ftp://es.example' }, /ELASTICSEARCH_URL: must be an http\(s\) URL/],
      [{ ELASTICSEARCH_URL: 'not a url' }, /ELASTICSEARCH_URL/],
      [
        { ELASTICSEARCH_URL: 'http://es.example:9200', ELASTICSEARCH_PASSWORD: 'hunter2' },
        /ELASTICSEARCH_PASSWORD needs ELASTICSEARCH_USERNAME/,
      ],
      [
        {
          ELASTICSEARCH_URL: 'http://es.example:9200',
          ELASTICSEARCH_API_KEY: 'hunter2',
          ELASTICSEARCH_USERNAME: 'elastic',
        },
        /not both/,
      ],
      [
        { ELASTICSEARCH_URL: 'https://es.example:9200', ELASTICSEARCH_CA_FILE: 'no/such/ca.pem' },
        /ELASTICSEARCH_CA_FILE cannot be read/,
      ],
      [{ ELASTICSEARCH_API_KEY: 'hunter2' }, /ELASTICSEARCH_API_KEY set without ELASTICSEARCH_URL/],
      [
        { ELASTICSEARCH_URL: 'http://es.example:9200', ELASTICSEARCH_INDEX: 'Cau Records' },
        /ELASTICSEARCH_INDEX/,
      ],
      [
        { ELASTICSEARCH_URL: 'http://es.example:9200', OPENSEARCH_URL: 'http://os.example:9200' },
        /ELASTICSEARCH_URL and OPENSEARCH_URL are both set/,
      ],
      [{ OPENSEARCH_URL: 'ftp://os.example' }, /OPENSEARCH_URL: must be an http\(s\) URL/],
      [
        { OPENSEARCH_URL: 'http://os.example:9200', OPENSEARCH_PASSWORD: 'hunter2' },
        /OPENSEARCH_PASSWORD needs OPENSEARCH_USERNAME/,
      ],
      [{ OPENSEARCH_PASSWORD: 'hunter2' }, /OPENSEARCH_PASSWORD set without OPENSEARCH_URL/],
      [
        { OPENSEARCH_URL: 'https://os.example:9200', OPENSEARCH_CA_FILE: 'no/such/ca.pem' },
        /OPENSEARCH_CA_FILE cannot be read/,
      ],
    ];
    for (const [env, message] of cases) {
      const r = cau(['search', 'x'], env);
      expect([env, r.code]).toEqual([env, 2]);
      expect(r.err).toMatch(message);
      expect(r.err).not.toContain('hunter2');
    }
  });

  it('exits 2 on cau reindex with the embedded index, and says what to do instead', () => {
    const r = cau(['reindex']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /cau reindex works on a cluster \(set OPENSEARCH_URL or ELASTICSEARCH_URL\)/,
    );
  });

  it('with ELASTICSEARCH_URL set, reaches the cluster, and a failing one is exit 1 with a clear message', async () => {
    // A "cluster" that answers searches 503, as one shutting down does.
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      const headers = { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' };
      // The alias exists (HEAD); the search itself meets the failing cluster.
      if (req.method === 'HEAD') return res.writeHead(200, headers).end();
      res.writeHead(503, headers);
      res.end(
        JSON.stringify({ error: { type: 'cluster_block_exception', reason: 'shutting down' } }),
      );
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const r = await cauAsync(['search', 'phân bón'], {
        ELASTICSEARCH_URL: `http://127.0.0.1:${port}`,
        ELASTICSEARCH_USERNAME: 'elastic',
        ELASTICSEARCH_PASSWORD: 'hunter2',
      });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(`Elasticsearch at http://127\\.0\\.0\\.1:${port} is unavailable \\(503`),
      );
      expect(r.err).toContain('cluster_block_exception');
      expect(r.err).not.toContain('hunter2');
      expect(r.err).not.toMatch(/^\s+at /m); // a message, not a stack trace
      expect(requests).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it('serves the API on the port asked for', async () => {
    const child = spawn(process.execPath, [CAU, 'serve', '--port', '0'], {
      cwd: work,
      env: { ...process.env, CAU_DATA_DIR: dataDir },
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          const m = /serving (http:\/\/\S+?)\//.exec(buf);
          if (m) resolveUrl(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const health = (await (await fetch(`${url}/api/health`)).json()) as { records: number };
      expect(health).toEqual({ status: 'ok', records: 19 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
