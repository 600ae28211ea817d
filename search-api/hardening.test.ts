import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import {
  SchemaVersionError,
  SqliteSearchIndex,
  type CauRecord,
  type SearchIndex,
} from '../search-index';
import { createApp, type AppOptions } from './app';

// What a public deployment needs from the app itself: headers, CORS, rate limits, request
// ids and logs, probes, metrics, and errors that leak nothing. Real HTTP, real embedded index.
const source = { file: 'test.xml', format: 'st36', position: 0 };
const RECORD: CauRecord = {
  id: 'VN-1-0020001-B',
  type: 'patent',
  title: 'Phân bón hữu cơ vi sinh từ vỏ trấu',
  abstract: 'Phân bón được ủ từ vỏ trấu với chế phẩm Trichoderma.',
  lang: 'vi',
  published: '2019-07-25',
  country: 'VN',
  docNumber: '1-0020001',
  kind: 'B',
  priority: [],
  ipc: ['C05F 11/08'],
  applicants: [{ name: 'Trường Đại học Cần Thơ', country: 'VN' }],
  inventors: [],
  claims: ['Phân bón hữu cơ vi sinh chứa vỏ trấu đã ủ.'],
  citations: [],
  source,
};

let dir: string;
let index: SqliteSearchIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-hardening-'));
  index = SqliteSearchIndex.open(dir);
  await index.upsert([RECORD]);
});
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An app whose log lines are kept as parsed objects. */
function appWithLog(options: Partial<AppOptions> = {}): {
  app: ReturnType<typeof createApp>;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  );
  return { app: createApp({ index, version: 't', logger, ...options }), lines };
}

describe('security headers', () => {
  it('sends nosniff, a frame ban and a CSP allowing only the page’s own scripts and styles', async () => {
    const { app } = appWithLog();
    for (const path of ['/', '/api/search?q=phân', '/assets/app.js']) {
      const res = await request(app).get(path).expect(200);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const csp = res.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('serves a page with no inline script or style, so the CSP lets it run', async () => {
    const { app } = appWithLog();
    const html = (await request(app).get('/').expect(200)).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\son[a-z]+=|\sstyle=/);
    await request(app).get('/assets/app.css').expect(200).expect('content-type', /css/);
    await request(app)
      .get('/assets/app.js')
      .expect(200)
      .expect('content-type', /javascript/);
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control-Allow-Origin for any origin', async () => {
    const { app } = appWithLog();
    const res = await request(app)
      .get('/api/health')
      .set('Origin', 'https://elsewhere.example')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows exactly the configured origins, preflight included', async () => {
    const { app } = appWithLog({
      protections: {
        corsOrigins: ['https://library.example.edu'],
        rateLimit: { windowMs: 60_000, limit: 300, expensiveLimit: 30 },
      },
    });
    const ok = await request(app)
      .get('/api/search?q=phân')
      .set('Origin', 'https://library.example.edu');
    expect(ok.headers['access-control-allow-origin']).toBe('https://library.example.edu');
    const other = await request(app)
      .get('/api/search?q=phân')
      .set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(app)
      .options('/api/prior-art')
      .set('Origin', 'https://library.example.edu')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
  });
});

describe('rate limits', () => {
  const limits = { windowMs: 60_000, limit: 5, expensiveLimit: 2 };
  const appLimited = (): ReturnType<typeof createApp> =>
    appWithLog({ protections: { corsOrigins: [], rateLimit: limits } }).app;

  it('answers 429 with Retry-After and the error shape once a client spends its budget', async () => {
    const app = appLimited();
    for (let i = 0; i < 5; i++) await request(app).get('/api/search?q=phân').expect(200);
    const res = await request(app).get('/api/search?q=phân').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.body.error.message).toMatch(
      /^too many requests: at most 5 per 60 s from one client; retry after \d+ s$/,
    );
  });

  it('gives prior art, similar, licensees and export their own, smaller budget', async () => {
    const app = appLimited();
    const priorArt = () =>
      request(app).post('/api/prior-art').send({ text: 'phân bón vỏ trấu', cutoff: '2030-01-01' });
    expect((await priorArt()).status).toBe(200);
    expect((await request(app).get(`/api/records/${RECORD.id}/similar`)).status).toBe(200);
    const third = await request(app).get(`/api/records/${RECORD.id}/licensees`);
    expect(third.status).toBe(429);
    expect(third.body.error.message).toMatch(
      /to prior art, similar, licensees and export: at most 2/,
    );
    // OAI ids carry unencoded slashes: the path still counts as similar.
    expect((await request(app).get('/api/records/oai:x.vn:1/2/similar')).status).toBe(429);
    expect((await request(app).get('/api/export?q=x')).status).toBe(429);
    // The default budget is untouched by them.
    await request(app).get('/api/search?q=phân').expect(200);
  });

  it('never limits health, readiness or metrics', async () => {
    const app = appLimited();
    for (let i = 0; i < 8; i++) {
      await request(app).get('/api/health').expect(200);
      await request(app).get('/api/ready').expect(200);
      await request(app).get('/metrics').expect(200);
    }
    await request(app).get('/api/search?q=phân').expect(200);
  });

  it('counts clients by the address trust proxy allows', async () => {
    const app = appWithLog({
      protections: { corsOrigins: [], rateLimit: { ...limits, limit: 1 } },
      trustProxy: 'loopback',
    }).app;
    const from = (ip: string) => request(app).get('/api/search?q=phân').set('X-Forwarded-For', ip);
    expect((await from('203.0.113.1')).status).toBe(200);
    expect((await from('203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(200);
  });
});

describe('request ids and the request log', () => {
  it('logs one JSON line per request with id, method, path, status and duration', async () => {
    const { app, lines } = appWithLog();
    const res = await request(app).get('/api/search?q=phân+bón').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    await request(app).get('/api/nothing');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      req: { id: 'abc-123', method: 'GET', path: '/api/search' },
      res: { status: 200 },
    });
    expect(typeof lines[0]!.ms).toBe('number');
    expect(lines[1]).toMatchObject({ req: { path: '/api/nothing' }, res: { status: 404 } });
    // What people search for stays out of the log.
    expect(JSON.stringify(lines)).not.toContain('phân');
  });

  it('makes an id when none (or an unusable one) is given, and echoes it', async () => {
    const { app, lines } = appWithLog();
    const made = await request(app).get('/api/health');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await request(app).get('/api/health').set('X-Request-Id', 'a b"<script>');
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((lines[1]!.req as { id: string }).id).toBe(hostile.headers['x-request-id']);
  });
});

describe('errors leak nothing', () => {
  const failing = (error: Error): SearchIndex =>
    new Proxy(index, {
      get: (t, p) =>
        p === 'search' || p === 'count' || p === 'get'
          ? () => Promise.reject(error)
          : (Reflect.get(t, p) as unknown),
    }) as SearchIndex;

  it('answers 500 with the request id and no stack or path; the log has both', async () => {
    const boom = new Error(`SQLITE_IOERR reading ${join(dir, 'cau.sqlite')}`);
    const { app, lines } = appWithLog({ index: failing(boom) });
    const res = await request(app).get('/api/search?q=x').set('X-Request-Id', 'req-500');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        code: 'internal',
        message: 'internal error; the server log has the details (request id req-500)',
      },
    });
    expect(JSON.stringify(lines)).toContain('cau.sqlite');
    expect(lines.some((l) => l.level === 50 && JSON.stringify(l).includes('req-500'))).toBe(true);
  });

  it('answers 503 for an index of another schema version without naming its file', async () => {
    const wrong = new SchemaVersionError(3, 4, join(dir, 'cau.sqlite'));
    const { app } = appWithLog({ index: failing(wrong) });
    const res = await request(app).get('/api/search?q=x').expect(503);
    expect(res.body.error.code).toBe('schema_version');
    expect(res.body.error.message).not.toContain(dir);
    expect(res.body.error.message).toMatch(/another version of Cầu/);
  });

  it('answers 415 to a body that is not JSON, instead of ignoring it', async () => {
    const { app } = appWithLog();
    const res = await request(app)
      .post('/api/prior-art')
      .set('Content-Type', 'text/plain')
      .send('{"text":"phân bón","cutoff":"2020-01-01"}')
      .expect(415);
    expect(res.body.error).toEqual({
      code: 'unsupported_media_type',
      message:
        'request body: Content-Type "text/plain" is not JSON; allowed: a JSON body with Content-Type: application/json',
    });
    const form = await request(app)
      .post('/api/prior-art')
      .type('form')
      .send({ text: 'phân bón', cutoff: '2020-01-01' });
    expect(form.status).toBe(415);
    // JSON with a charset parameter is JSON.
    await request(app)
      .post('/api/prior-art')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ text: 'phân bón', cutoff: '2030-01-01' }))
      .expect(200);
  });
});

describe('probes and metrics', () => {
  it('is ready when the index answers, and says which dependency is not', async () => {
    const { app } = appWithLog();
    const ok = await request(app).get('/api/ready').expect(200);
    expect(ok.body).toEqual({ status: 'ready', checks: { index: { ok: true, records: 1 } } });

    const queue = {
      name: 'cau-ingest',
      counts: () => Promise.reject(new Error('cannot reach Redis at redis://127.0.0.1:1')),
    };
    const down = await request(appWithLog({ queue }).app).get('/api/ready').expect(503);
    expect(down.body).toEqual({
      status: 'unavailable',
      checks: {
        index: { ok: true, records: 1 },
        redis: {
          ok: false,
          queue: 'cau-ingest',
          error: 'cannot reach Redis at redis://127.0.0.1:1',
        },
      },
    });
  });

  it('exposes request counts, latencies, searches and queue depths in Prometheus format', async () => {
    const queue = {
      name: 'cau-ingest',
      counts: async () => ({ waiting: 7, active: 1, completed: 40, failed: 2, delayed: 0 }),
    };
    const { app } = appWithLog({ queue });
    await request(app).get('/api/search?q=phân').expect(200);
    await request(app).get('/api/search?q=zzzzqqq').expect(200);
    await request(app)
      .get(`/api/records/${encodeURIComponent('oai:x:1/2')}`)
      .expect(404);
    const res = await request(app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = res.text;
    expect(m).toContain('cau_http_requests_total{method="GET",route="/api/search",status="200"} 2');
    expect(m).toContain(
      'cau_http_requests_total{method="GET",route="/api/records/:id",status="404"} 1',
    );
    expect(m).toMatch(
      /cau_http_request_duration_seconds_bucket\{le="0.15",method="GET",route="\/api\/search"\} \d/,
    );
    expect(m).toContain('cau_searches_total{outcome="hits"} 1');
    // The unknown OAI id is also looked up by its identifier key (docs/numbers.md): one more
    // search, which finds nothing.
    expect(m).toContain('cau_searches_total{outcome="empty"} 2');
    expect(m).toContain('cau_index_records 1');
    expect(m).toContain('cau_queue_jobs{queue="cau-ingest",state="waiting"} 7');
    expect(m).toContain('cau_queue_jobs{queue="cau-ingest",state="failed"} 2');
    expect(m).toContain('process_resident_memory_bytes');
  });
});
