import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import request from 'supertest';
import { SqliteSearchIndex, type CauRecord } from '../search-index';
import { createApp } from './app';
import { bibtexEscape } from './export-formats';

// /api/export and /api/feed over real HTTP against a real embedded index.
const source = { file: 'test.xml', format: 'st36', position: 0 };
const patent = (i: number, extra: Partial<CauRecord> = {}): CauRecord =>
  ({
    id: `VN-1-00${String(40000 + i)}-B`,
    type: 'patent',
    title: `Gạch không nung từ tro bay, mẫu ${i}`,
    abstract: 'Gạch không nung dùng tro bay của nhà máy nhiệt điện.',
    lang: 'vi',
    published: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-15`,
    country: 'VN',
    docNumber: `1-00${40000 + i}`,
    kind: 'B',
    priority: [],
    ipc: ['C04B 28/00'],
    applicants: [{ name: 'Công ty Cổ phần Xi măng Hà Tiên 1', country: 'VN' }],
    inventors: ['Lê Hoàng Phúc'],
    claims: ['Gạch không nung gồm tro bay và xi măng.'],
    citations: [],
    source,
    ...extra,
  }) as CauRecord;

const HOSTILE: CauRecord = {
  id: 'oai:example.org:123/9',
  type: 'research',
  title: 'Tro bay, "gạch" & {xi măng} 100% <b>\u0007</b>\nmới',
  abstract: 'Dòng một,\r\ndòng hai; "trích" #1 và \\ ~ ^ _ $',
  lang: 'vi',
  published: '2025-06-01',
  creators: ['Nguyễn Văn A', 'Trần B'],
  subjects: ['tro bay'],
  publisher: 'Trường Đại học Bách khoa Hà Nội',
  resourceType: 'Technical report',
  identifiers: ['https://doi.org/10.1234/abc.5'],
  source: { ...source, format: 'oai-pmh' },
};
const UNDATED: CauRecord = {
  ...HOSTILE,
  id: 'oai:example.org:123/10',
  title: 'Tro bay không ngày',
  abstract: 'Không ghi ngày.',
  published: undefined,
};

let dir: string;
let index: SqliteSearchIndex;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-export-'));
  index = SqliteSearchIndex.open(dir);
  await index.upsert([...Array.from({ length: 1050 }, (_, i) => patent(i)), HOSTILE, UNDATED]);
  app = createApp({ index, version: '9.9.9', log: () => undefined });
}, 120_000);
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

const today = new Date().toISOString().slice(0, 10);
const text = (res: request.Response): string => res.text ?? (res.body as Buffer).toString('utf8');
const binary = (r: request.Test) =>
  r.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('GET /api/export', () => {
  it('refuses an unknown format or a bad parameter with a 400 and no file', async () => {
    for (const qs of [
      'q=tro',
      'q=tro&format=xlsx',
      'format=csv&from=2020-13-01',
      'format=csv&limit=0',
    ]) {
      const res = await request(app).get(`/api/export?${qs}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body.error.code).toBe('bad_request');
    }
    const bad = await request(app).get('/api/export?format=csv&q=***');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_query');
  });

  it('streams at most 1,000 records as CSV with a BOM, named after the query and the day', async () => {
    const res = await binary(request(app).get('/api/export?q=tro+bay&format=csv'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="cau-tro-bay-${today}.csv"`,
    );
    // Streamed, not buffered: no length known in advance.
    expect(res.headers['content-length']).toBeUndefined();
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(body.toString('utf8'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(1000);
    expect(rows[0]!.query).toBe('q=tro bay');
    expect(rows[0]!.exported!.slice(0, 10)).toBe(today);
  });

  it('keeps quotes, commas, line breaks and Vietnamese intact through a CSV parser', async () => {
    const res = await binary(request(app).get('/api/export?q=hai&type=research&format=csv'));
    const [row] = parse((res.body as Buffer).toString('utf8'), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(row!.id).toBe(HOSTILE.id);
    expect(row!.title).toBe(HOSTILE.title);
    expect(row!.abstract).toBe(HOSTILE.abstract);
    expect(row!.inventors_or_authors).toBe('Nguyễn Văn A; Trần B');
    expect(row!.applicants_or_institution).toBe('Trường Đại học Bách khoa Hà Nội');
  });

  it('honours limit and the search order', async () => {
    const api = await request(app).get('/api/search?q=tro+bay&sort=date&limit=7');
    const res = await request(app).get('/api/export?q=tro+bay&sort=date&limit=7&format=json');
    const body = JSON.parse(text(res));
    expect(body.records.map((r: CauRecord) => r.id)).toEqual(
      api.body.hits.map((h: { id: string }) => h.id),
    );
    expect(body.total).toBe(api.body.total);
    expect(body.parameters).toEqual({ q: 'tro bay', sort: 'date', limit: '7' });
    expect(body.exported.slice(0, 10)).toBe(today);
  });

  it('writes RIS values on one line each, and the type from the resource type', async () => {
    const res = await request(app).get('/api/export?q=hai&type=research&format=ris');
    expect(res.headers['content-disposition']).toMatch(/filename="cau-hai-\d{4}-\d{2}-\d{2}\.ris"/);
    const lines = text(res).split('\r\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}- /);
    const tag = (t: string) => lines.filter((l) => l.startsWith(`${t}  - `)).map((l) => l.slice(6));
    expect(tag('TY')).toEqual(['RPRT']);
    expect(tag('TI')).toEqual(['Tro bay, "gạch" & {xi măng} 100% <b>\u0007</b> mới']);
    expect(tag('AU')).toEqual(['Nguyễn Văn A', 'Trần B']);
    expect(tag('DO')).toEqual(['10.1234/abc.5']);
    expect(tag('DB')).toEqual(['Cầu (q=hai; type=research)']);
  });

  it('escapes BibTeX specials but leaves URLs verbatim', async () => {
    expect(bibtexEscape('50% {a} & b_c #1 $ ~ ^ \\')).toBe(
      '50\\% \\{a\\} \\& b\\_c \\#1 \\$ \\textasciitilde{} \\textasciicircum{} \\textbackslash{}',
    );
    const res = await request(app).get('/api/export?q=hai&type=research&format=bibtex');
    const bib = text(res);
    expect(bib).toMatch(/^@comment\{Cầu export\. Query: q=hai; type=research\. Exported: /);
    expect(bib).toContain('@techreport{oai_example_org_123_9,');
    expect(bib).toContain('title = {Tro bay, "gạch" \\& \\{xi măng\\} 100\\% <b>\u0007</b> mới}');
    expect(bib).toContain('institution = {Trường Đại học Bách khoa Hà Nội}');
    expect(bib).toMatch(
      /url = \{http:\/\/127\.0\.0\.1:\d+\/records\/oai%3Aexample\.org%3A123%2F9\}/,
    );
    // Braces balance in every entry, so BibTeX reads to the end.
    const depth = [...bib.replace(/\\[{}]/g, '')].reduce(
      (d, c) => d + (c === '{' ? 1 : c === '}' ? -1 : 0),
      0,
    );
    expect(depth).toBe(0);
  });
});

describe('GET /api/feed', () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (n) => n === 'entry' || n === 'author',
  });

  it('is valid Atom 1.0 with the newest matches first, records escaped', async () => {
    const res = await request(app).get('/api/feed?q=tro&limit=30');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const xml = text(res);
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parser.parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/feed\?q=tro&limit=30$/);
    expect(feed.generator['#text']).toBe('Cầu');
    const entries = feed.entry as { id: string; title: string; updated: string }[];
    expect(entries).toHaveLength(30);
    const updated = entries.map((e) => e.updated);
    expect([...updated].sort().reverse()).toEqual(updated);
    // The 2025 research record is the newest; its control character is dropped, its markup escaped.
    expect(entries[0]!.title).toBe('Tro bay, "gạch" & {xi măng} 100% <b></b>\nmới');
    expect(entries.some((e) => e.title === UNDATED.title)).toBe(false);
  });

  it('speaks the language asked, and refuses a bad parameter', async () => {
    const en = parser.parse(text(await request(app).get('/api/feed?q=tro&lang=en'))).feed;
    expect(en['@_xml:lang']).toBe('en');
    expect(en.title).toBe('Cầu — new records: q=tro');
    const bad = await request(app).get('/api/feed?q=tro&lang=fr');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/lang/);
  });

  it('is in the OpenAPI document with export', async () => {
    const doc = (await request(app).get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/export', '/api/feed']));
    const names = doc.paths['/api/export'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['q', 'type', 'format', 'limit']));
  });
});
