import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import request from 'supertest';
import {
  ElasticCluster,
  ElasticsearchSearchIndex,
  IndexUnavailableError,
  SqliteSearchIndex,
  type CauRecord,
  type SearchIndex,
} from '../search-index';
import { createApp } from './app';

// Real HTTP against a real embedded index, filled with records shaped like the parsers' output.
const source = { file: 'test.xml', format: 'st36', position: 0 };
const RECORDS: CauRecord[] = [
  {
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
    inventors: ['Nguyễn Văn Thành'],
    claims: ['Phân bón hữu cơ vi sinh chứa vỏ trấu đã ủ.'],
    citations: [],
    source,
  },
  {
    id: 'oai:dspace.ctu.edu.vn:123456789/70211',
    type: 'research',
    title: 'Rice husk biochar improves saline soils',
    abstract: 'A field trial of rice husk biochar in Sóc Trăng.',
    lang: 'en',
    published: '2022-03-01',
    creators: ['Nguyễn Văn Thành'],
    subjects: ['biochar'],
    identifiers: ['https://dspace.ctu.edu.vn/jspui/handle/123456789/70211'],
    source: { ...source, format: 'oai-pmh' },
  },
  ...Array.from({ length: 25 }, (_, i): CauRecord => ({
    id: `VN-2-00030${String(i).padStart(2, '0')}-U`,
    type: 'patent',
    title: `Gạch không nung từ tro bay, mẫu ${i}`,
    lang: 'vi',
    published: `20${10 + (i % 10)}-01-01`,
    country: 'VN',
    docNumber: `2-00030${i}`,
    kind: 'U',
    priority: [],
    ipc: ['C04B 28/00'],
    applicants: [],
    inventors: [],
    claims: [],
    citations: [],
    source,
  })),
];

let dir: string;
let index: SqliteSearchIndex;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-api-'));
  index = SqliteSearchIndex.open(dir);
  await index.upsert(RECORDS);
  app = createApp({ index, version: '0.0.0-test', log: (m) => logged.push(m) });
});
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

function expectError(res: request.Response, status: number, code: string, message?: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe('string');
  if (message) expect(res.body.error.message).toMatch(message);
}

describe('GET /api/health', () => {
  it('says ok and how many records the index holds', async () => {
    const res = await request(app).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', records: RECORDS.length });
  });
});

describe('GET /api/search', () => {
  it('returns hits with the contract fields, facets and highlights', async () => {
    const res = await request(app).get('/api/search').query({ q: 'vỏ trấu' }).expect(200);
    expect(res.body.total).toBe(1);
    const hit = res.body.hits[0];
    expect(hit).toMatchObject({
      id: 'VN-1-0020001-B',
      type: 'patent',
      title: 'Phân bón hữu cơ vi sinh từ vỏ trấu',
      published: '2019-07-25',
      ipc: ['C05F 11/08'],
      applicants: [{ name: 'Trường Đại học Cần Thơ', country: 'VN' }],
    });
    expect(hit.score).toBeGreaterThan(0);
    expect(hit.highlights.title[0]).toContain('<mark>vỏ</mark> <mark>trấu</mark>');
    expect(res.body.facets.type).toEqual([{ value: 'patent', count: 1 }]);
    expect(res.body).not.toHaveProperty('nextCursor');
  });

  it('finds toneless queries and filters by type, IPC and dates', async () => {
    const toneless = await request(app).get('/api/search').query({ q: 'phan bon' }).expect(200);
    expect(toneless.body.hits.map((h: { id: string }) => h.id)).toEqual(['VN-1-0020001-B']);
    const research = await request(app)
      .get('/api/search')
      .query({ q: 'biochar', type: 'research' });
    expect(research.body.hits[0].creators).toEqual(['Nguyễn Văn Thành']);
    const ipc = await request(app).get('/api/search').query({ ipc: 'C04B', limit: 100 });
    expect(ipc.body.total).toBe(25);
    const dated = await request(app)
      .get('/api/search')
      .query({ ipc: 'C04B', from: '2015-01-01', to: '2016-12-31' });
    expect(dated.body.total).toBe(4); // i = 5, 6, 15, 16
  });

  it('pages through every hit with nextCursor, no repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await request(app)
        .get('/api/search')
        .query({ q: 'gạch', limit: 10, ...(cursor ? { cursor } : {}) })
        .expect(200);
      for (const h of res.body.hits) seen.add(h.id);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.size).toBe(25);
  });

  it('treats limit above 100 as 100', async () => {
    const res = await request(app).get('/api/search').query({ limit: 1000 }).expect(200);
    expect(res.body.hits.length).toBeLessThanOrEqual(100);
    expect(res.body.total).toBe(RECORDS.length);
  });

  // Every 400 in one form: the parameter, what was wrong with it, what is allowed.
  it.each([
    [{ limit: '-1' }, /^limit: "-1" is too small; allowed: a whole number, 1 or more/],
    [{ limit: 'abc' }, /^limit: "abc" is not a number; allowed: a whole number/],
    [{ limit: '2.5' }, /^limit: "2.5" is not a whole number; allowed: /],
    [{ limit: '0' }, /^limit: "0" is too small; allowed: /],
    [{ from: '2020-13-01' }, /^from: "2020-13-01" is not a real date; allowed: a date YYYY-MM-DD/],
    [{ to: 'yesterday' }, /^to: "yesterday" is not in the right form; allowed: a date YYYY-MM-DD$/],
    [
      { from: '2020-01-02', to: '2020-01-01' },
      /^from: "2020-01-02" is after to; allowed: a date YYYY-MM-DD, not after to$/,
    ],
    [{ type: 'thesis' }, /^type: "thesis" is not one of the choices; allowed: patent or research$/],
    [{ sort: 'popularity' }, /^sort: "popularity" .*; allowed: relevance, readiness or date$/],
    [
      { q: 'a'.repeat(1001) },
      /^q: 1001 characters is too long; allowed: .*at most 1,000 characters$/,
    ],
    [
      { ipc: 'fertiliser' },
      /^ipc: "fertiliser" is not an IPC symbol or prefix; allowed: .*C05F 11\/08$/,
    ],
    [{ q: 'phân bón', cursor: 'garbage' }, /^cursor: not one Cầu issued; allowed: the nextCursor/],
    [{ q: '!!!' }, /^q: has no searchable terms \(letters or digits\); allowed: words/],
    [{ q: '-phân' }, /^q: needs at least one term that is not excluded with "-"; allowed: /],
    [{ q: 'phân)' }, /^q: unmatched '\)' at character 5; allowed: /],
    [
      { q: Array.from({ length: 65 }, (_, i) => `w${i}`).join(' OR ') },
      /^q: more than 64 terms at character \d+; allowed: /,
    ],
    [{ field: 'Gardening' }, /^field: "Gardening" is not a WIPO technology field; allowed: /],
  ])('answers 400 with a message for %j', async (query, message) => {
    const res = await request(app).get('/api/search').query(query);
    expectError(
      res,
      400,
      res.body.error?.code === 'invalid_query' ? 'invalid_query' : 'bad_request',
      message,
    );
  });

  it('ranks every match of a broad query: the whole total, never a partial answer', async () => {
    const res = await request(app).get('/api/search').query({ q: 'phân OR biochar' }).expect(200);
    expect(res.body.partial).toBeUndefined();
    expect(res.body.total).toBeGreaterThan(1);
    expect(res.body.hits).toHaveLength(Math.min(res.body.total, 20));
  });

  it('answers 400 for a parameter given twice', async () => {
    expectError(
      await request(app).get('/api/search?q=a&q=b'),
      400,
      'bad_request',
      /^q: given more than once; allowed: /,
    );
  });

  it('never answers 500 to hostile queries', async () => {
    for (const q of [
      '"',
      'NEAR(phân bón)',
      "' OR 1=1 --",
      'phân AND OR',
      '{t}:x',
      '*',
      'c*',
      '((',
      '\u0000',
    ]) {
      const res = await request(app).get('/api/search').query({ q });
      expect([200, 400]).toContain(res.status);
    }
    expect(logged).toEqual([]);
  });
});

describe('GET /api/records/:id', () => {
  it('returns the whole record for a percent-encoded OAI id', async () => {
    const id = 'oai:dspace.ctu.edu.vn:123456789/70211';
    const res = await request(app)
      .get(`/api/records/${encodeURIComponent(id)}`)
      .expect(200);
    const { related, ...record } = res.body as { related: unknown[] };
    expect(record).toEqual(RECORDS[1]);
    expect(Array.isArray(related)).toBe(true);
  });

  it('also accepts an id whose slashes were not encoded', async () => {
    const res = await request(app)
      .get('/api/records/oai:dspace.ctu.edu.vn:123456789/70211')
      .expect(200);
    expect(res.body.id).toBe('oai:dspace.ctu.edu.vn:123456789/70211');
  });

  it('answers 404 with the error shape for an unknown id', async () => {
    expectError(
      await request(app).get('/api/records/VN-9-9999999-Z'),
      404,
      'not_found',
      /VN-9-9999999-Z/,
    );
  });
});

describe('errors and documents', () => {
  it('answers 413 for an oversized body', async () => {
    const res = await request(app)
      .post('/api/search')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ q: 'x'.repeat(600_000) }));
    expectError(res, 413, 'payload_too_large');
  });

  it('answers 400 for a malformed JSON body and 404 for an unknown endpoint', async () => {
    const bad = await request(app)
      .post('/api/search')
      .set('content-type', 'application/json')
      .send('{"q": ');
    expectError(bad, 400, 'bad_request', /JSON/);
    expectError(await request(app).get('/api/nothing-here'), 404, 'not_found');
  });

  it('answers 503 when the index is unavailable', async () => {
    const broken: SearchIndex = {
      ...index,
      count: () => Promise.reject(new IndexUnavailableError('cluster went away')),
      search: () => Promise.reject(new IndexUnavailableError('cluster went away')),
      get: () => Promise.reject(new IndexUnavailableError('cluster went away')),
      upsert: () => Promise.reject(new Error('unused')),
      delete: () => Promise.reject(new Error('unused')),
      citationCounts: () => Promise.reject(new Error('unused')),
      citedBy: () => Promise.reject(new IndexUnavailableError('cluster went away')),
      documentFrequencies: () => Promise.reject(new IndexUnavailableError('cluster went away')),
      close: () => Promise.resolve(),
    };
    const brokenApp = createApp({ index: broken, version: 'x', log: () => undefined });
    expectError(
      await request(brokenApp).get('/api/search?q=a'),
      503,
      'index_unavailable',
      /cluster went away/,
    );
    expectError(await request(brokenApp).get('/api/health'), 503, 'index_unavailable');
  });

  it('publishes an OpenAPI 3.1 document generated from the request schemas', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const params = res.body.paths['/api/search'].get.parameters;
    expect(params.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'type', 'ipc', 'from', 'to', 'sort', 'limit', 'cursor']),
    );
    const q = params.find((p: { name: string }) => p.name === 'q');
    expect(q.schema.maxLength).toBe(1000);
    const type = params.find((p: { name: string }) => p.name === 'type');
    expect(type.schema.enum).toEqual(['patent', 'research']);
    expect(res.body.paths['/api/records/{id}'].get.responses['404']).toBeDefined();
  });

  it('serves the search page at /', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).toContain('<form id="search"');
  });
});

describe('API over the Elasticsearch index when the cluster fails', () => {
  // The real client and transport; @elastic/elasticsearch-mock stands in for the sockets.
  function appOver(reply: () => unknown): { app: ReturnType<typeof createApp>; logged: string[] } {
    const mock = new Mock();
    mock.add({ method: 'HEAD', path: '/cau-records' }, () => '');
    mock.add({ method: ['GET', 'POST'], path: '/cau-records/_search' }, reply as never);
    mock.add({ method: ['GET', 'POST'], path: '/cau-records/_count' }, reply as never);
    mock.add({ method: 'POST', path: '/cau-records/_mget' }, reply as never);
    // Opening reads the mapping's version (a cluster that fails, fails there too).
    mock.add({ method: 'GET', path: '/cau-records/_mapping' }, reply as never);
    const url = 'https://elastic:hunter2@es.example:9200';
    const client = new Client({
      node: url,
      Connection: mock.getConnection(),
      maxRetries: 1,
      retryBackoff: () => 0,
    } as ConstructorParameters<typeof Client>[0]);
    const logged: string[] = [];
    const index = new ElasticsearchSearchIndex({
      cluster: new ElasticCluster(client, url),
      index: 'cau-records',
    });
    return { app: createApp({ index, version: 'x', log: (m) => logged.push(m) }), logged };
  }
  const body503 = (type: string) =>
    new errors.ResponseError({
      body: { error: { type, reason: 'no master' } },
      statusCode: 503,
      headers: {},
      warnings: null,
      meta: {} as never,
    });

  it.each([
    [
      'a cluster answering 503',
      () => body503('master_not_discovered_exception'),
      /unavailable \(503/,
    ],
    ['a timeout', () => new errors.TimeoutError('Request timed out'), /did not answer in time/],
    [
      'connection refused',
      () => new errors.ConnectionError('connect ECONNREFUSED 10.0.0.9:9200'),
      /cannot reach Elasticsearch/,
    ],
    [
      'a 429 (overloaded)',
      () =>
        new errors.ResponseError({
          body: { error: { type: 'es_rejected_execution_exception', reason: 'queue full' } },
          statusCode: 429,
          headers: {},
          warnings: null,
          meta: {} as never,
        }),
      /unavailable \(429/,
    ],
  ])(
    '%s is a 503 with a message naming the cluster, never its password',
    async (_n, reply, message) => {
      const { app: esApp, logged } = appOver(reply);
      for (const path of ['/api/search?q=phân+bón', '/api/health', '/api/records/P-1']) {
        const res = await request(esApp).get(path);
        expectError(res, 503, 'index_unavailable', message);
        expect(res.body.error.message).toContain('https://es.example:9200');
        expect(JSON.stringify(res.body)).not.toContain('hunter2');
      }
      expect(logged.join('\n')).not.toContain('hunter2');
    },
  );
});
