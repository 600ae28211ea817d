import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ingestPaths } from '../ingest';
import { MAX_BOOST, openIndex, type SearchHit, type SearchIndex } from '../search-index';
import { createApp } from './app';

// Technology fields and readiness as a user meets them: the bundled fixtures, ingested (and
// so enriched) for real, searched over real HTTP.
const FIXTURES = resolve(__dirname, '..', 'fixtures');

let dir: string;
let index: SearchIndex;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-ranking-'));
  index = openIndex({ dataDir: dir });
  await ingestPaths([FIXTURES], index);
  app = createApp({ index, version: 'test', log: () => undefined });
}, 60_000);
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = async (
  query: Record<string, string | number>,
): Promise<{ hits: SearchHit[] } & Record<string, unknown>> =>
  (await request(app).get('/api/search').query(query).expect(200)).body;

describe('technology fields', () => {
  it('are on every hit: from IPC for patents, predicted with a confidence for research', async () => {
    const { hits } = await search({ q: 'vỏ trấu', limit: 50 });
    const patent = hits.find((h) => h.id === 'VN-1-0020001-B')!;
    expect(patent.technologyFields[0]).toMatchObject({ source: 'ipc', confidence: 1 });
    const research = hits.filter((h) => h.type === 'research');
    expect(research.length).toBeGreaterThan(0);
    for (const r of research) {
      for (const f of r.technologyFields) {
        expect(f.source).toBe('classifier');
        expect(f.confidence).toBeGreaterThan(0);
        expect(f.confidence).toBeLessThanOrEqual(1);
      }
    }
    expect(research.some((r) => r.technologyFields.length > 0)).toBe(true);
  });

  it('filter by field number or name, and by sector; facets count them', async () => {
    const all = await search({ q: 'pin', limit: 100 });
    const facets = all.facets as {
      technologyField: { value: string; name: string; count: number }[];
      sector: { value: string; count: number }[];
    };
    const top = facets.technologyField[0]!;
    const byNumber = await search({ q: 'pin', field: top.value, limit: 100 });
    expect(byNumber.total).toBe(top.count);
    for (const h of byNumber.hits)
      expect(h.technologyFields.map((f) => String(f.number))).toContain(top.value);
    const byName = await search({ q: 'pin', field: top.name, limit: 100 });
    expect(byName.total).toBe(top.count);
    const sector = facets.sector[0]!;
    const bySector = await search({ q: 'pin', sector: sector.value, limit: 100 });
    expect(bySector.total).toBe(sector.count);
    for (const h of bySector.hits)
      expect(h.technologyFields.map((f) => f.sector)).toContain(sector.value);
  });

  it('refuse a cursor taken under another field filter', async () => {
    const all = await search({ q: 'pin', limit: 100 });
    const fields = (all.facets as { technologyField: { value: string }[] }).technologyField;
    const first = await search({ q: 'pin', field: fields[0]!.value, limit: 1 });
    expect(first.nextCursor).toBeDefined();
    const res = await request(app)
      .get('/api/search')
      .query({ q: 'pin', field: fields[1]!.value, limit: 1, cursor: first.nextCursor as string });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/cursor/);
  });

  it('refuse unknown fields and sectors with 400', async () => {
    for (const query of [{ field: '99' }, { field: 'Alchemy' }, { sector: 'Astrology' }]) {
      const res = await request(app).get('/api/search').query(query);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/field|sector/);
    }
  });
});

describe('readiness', () => {
  it('is on every hit as a TRL 1-9, and whole with its evidence on the record', async () => {
    const { hits } = await search({ limit: 100 });
    for (const h of hits) {
      expect(h.readiness!.level).toBeGreaterThanOrEqual(1);
      expect(h.readiness!.level).toBeLessThanOrEqual(9);
    }
    const id = 'VN-2-0002007-U'; // "đang được thương mại hóa", 5,000 t/year
    const record = (await request(app).get(`/api/records/${id}`).expect(200)).body;
    expect(record.readiness.level).toBe(9);
    const text = [record.title, record.abstract, record.description].join(' ');
    const evidence = record.readiness.signals.map((s: { evidence: string }) => s.evidence);
    expect(evidence.some((e: string) => /thương mại/i.test(e) && text.includes(e))).toBe(true);
  });

  it('does not count a negated stage as achieved', async () => {
    // "chưa được thử nghiệm thực địa": a field trial that has not happened.
    const record = (await request(app).get('/api/records/VN-1-2020-20566-A').expect(200)).body;
    expect(record.readiness.level).toBeLessThan(6);
    expect(
      record.readiness.signals.some(
        (s: { name: string; weight: number }) => s.name.startsWith('negated') && s.weight <= 0,
      ),
    ).toBe(true);
  });

  it('sort=readiness puts the most ready first, relevance breaking ties', async () => {
    const { hits } = await search({ q: 'phân bón', sort: 'readiness', limit: 50 });
    const scores = hits.map((h) => h.readiness!.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});

describe('relevance with bounded boosts', () => {
  it('explains every score, and never lets boosts outrank a much better text match', async () => {
    for (const q of [
      'pin natri',
      'phân bón hữu cơ',
      'shrimp probiotics',
      'gạch không nung tro bay',
    ]) {
      const { hits } = await search({ q, explain: 'true', limit: 50 });
      expect(hits.length).toBeGreaterThan(1);
      for (const h of hits) {
        const e = h.explain!;
        expect(e.boost).toBeGreaterThanOrEqual(1);
        expect(e.boost).toBeLessThanOrEqual(MAX_BOOST);
        expect(e.score).toBeCloseTo(e.text * e.boost, 6);
      }
      // A hit above another never has less than 1/MAX_BOOST of its text score.
      for (let i = 0; i < hits.length; i++) {
        for (let j = i + 1; j < hits.length; j++) {
          expect(hits[i]!.explain!.text * MAX_BOOST).toBeGreaterThanOrEqual(
            hits[j]!.explain!.text - 1e-9,
          );
        }
      }
    }
  });

  it('gives the query field boost to records in the field the query is about', async () => {
    const { hits } = await search({ q: 'pin natri', explain: 'true', limit: 10 });
    expect(hits.some((h) => h.explain!.field === 1)).toBe(true);
  });
});
