import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ingestPaths } from '../ingest';
import { openIndex, type SearchIndex } from '../search-index';
import { createApp } from './app';

// The discovery endpoints over real HTTP, on the bundled fixtures ingested for real.
const FIXTURES = resolve(__dirname, '..', 'fixtures');
const OAI_ID = 'oai:dspace.ctu.edu.vn:123456789/28114';

let dir: string;
let index: SearchIndex;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-discovery-api-'));
  index = openIndex({ dataDir: dir });
  await ingestPaths([join(FIXTURES, 'patents'), join(FIXTURES, 'research')], index);
  app = createApp({ index, version: 'test', log: () => undefined });
}, 60_000);
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

const error = (res: request.Response, status: number, message: RegExp): void => {
  expect(res.status).toBe(status);
  expect(res.body.error.message).toMatch(message);
};

describe('POST /api/prior-art', () => {
  it('returns records published before the cutoff, with matched terms and passages', async () => {
    const res = await request(app)
      .post('/api/prior-art')
      .send({
        text: 'Quy trình sản xuất phân bón hữu cơ vi sinh từ rơm rạ và vỏ trấu, ủ hiếu khí với nấm Trichoderma.',
        cutoff: '2018-01-01',
        limit: 5,
      })
      .expect(200);
    expect(res.body.dateField).toBe('published');
    expect(res.body.hits[0].id).toBe('VN-1-0020001-B');
    expect(res.body.hits.map((h: { id: string }) => h.id)).not.toContain('VN-2-0002007-U');
    for (const h of res.body.hits) {
      expect(h.published < '2018-01-01').toBe(true);
      expect(Array.isArray(h.matchedTerms)).toBe(true);
      expect(Array.isArray(h.passages)).toBe(true);
    }
  });

  it('answers 400 with a message for a missing or invalid cutoff, empty or oversized text', async () => {
    const post = (body: object): request.Test => request(app).post('/api/prior-art').send(body);
    error(await post({ text: 'phân bón' }), 400, /^cutoff: missing; allowed: a date YYYY-MM-DD$/);
    error(await post({ text: 'phân bón', cutoff: '01/02/2018' }), 400, /cutoff.*YYYY-MM-DD/);
    error(await post({ text: 'phân bón', cutoff: '2018-02-30' }), 400, /cutoff.*real date/);
    error(await post({ text: '  ', cutoff: '2018-01-01' }), 400, /^text: " {2}" is empty/);
    error(await post({ cutoff: '2018-01-01' }), 400, /^text: missing; allowed: a claim/);
    error(
      await post({ text: 'á'.repeat(50_001), cutoff: '2018-01-01' }),
      400,
      /^text: 50001 characters is too long; allowed: .*up to 50,000 characters$/,
    );
    error(await post({ text: 'phân bón', cutoff: '2018-01-01', ipc: ['xyz'] }), 400, /IPC/i);
    // The longest accepted text fits the body limit.
    await post({ text: 'phân bón hữu cơ '.repeat(3125), cutoff: '2018-01-01' }).expect(200);
  });
});

describe('GET /api/records/:id/similar and /licensees', () => {
  it('serves similar records for encoded and unencoded OAI ids alike', async () => {
    const encoded = await request(app)
      .get(`/api/records/${encodeURIComponent(OAI_ID)}/similar?type=patent&limit=3`)
      .expect(200);
    expect(encoded.body.hits.length).toBeGreaterThan(0);
    expect(encoded.body.hits.every((h: { type: string }) => h.type === 'patent')).toBe(true);
    const raw = await request(app)
      .get(`/api/records/${OAI_ID}/similar?type=patent&limit=3`)
      .expect(200);
    expect(raw.body).toEqual(encoded.body);
  });

  it('serves licensee candidates with their evidence', async () => {
    const res = await request(app).get(`/api/records/${OAI_ID}/licensees?limit=3`).expect(200);
    expect(res.body.candidates.length).toBeGreaterThan(0);
    const c = res.body.candidates[0];
    expect(c.kind).toBe('company');
    expect(c.evidence.records[0].href).toMatch(/^\/api\/records\//);
    await request(app).get(c.evidence.records[0].href).expect(200);
  });

  it('answers 404 for an unknown record and 400 for a bad parameter', async () => {
    error(await request(app).get('/api/records/nope/similar'), 404, /no record/);
    error(await request(app).get('/api/records/nope/licensees'), 404, /no record/);
    error(await request(app).get(`/api/records/${OAI_ID}/similar?type=thesis`), 400, /type/);
    error(await request(app).get(`/api/records/${OAI_ID}/licensees?limit=0`), 400, /limit/);
  });
});

describe('GET /api/records/:id', () => {
  it('includes related records with the reason for each link', async () => {
    const res = await request(app).get('/api/records/VN-1-0020001-B').expect(200);
    const related = res.body.related as { id: string; type: string; reasons: { kind: string }[] }[];
    expect(
      related.some((r) => r.type === 'research' && r.reasons.some((x) => x.kind === 'inventor')),
    ).toBe(true);
    expect(related.find((r) => r.id === 'VN-2-0002007-U')?.reasons.map((x) => x.kind)).toContain(
      'cited-by',
    );
  });

  it('publishes the new endpoints in the OpenAPI document', async () => {
    const doc = (await request(app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/prior-art',
        '/api/records/{id}/similar',
        '/api/records/{id}/licensees',
      ]),
    );
  });
});
