import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { ingestPaths } from '../../ingest';
import { IndexUnavailableError, SqliteSearchIndex, type SearchIndex } from '../../search-index';
import { createApp } from '../app';

// The pages over real HTTP on the fixtures (the browser suites in browser/ drive them in chromium).
const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');
const OAI = 'oai:dspace.ctu.edu.vn:123456789/28114';
const OAI_RECORD = 'doi:10.22144/ctu.jvn.2023.094';

let dir: string;
let index: SqliteSearchIndex;
let app: ReturnType<typeof createApp>;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cau-pages-'));
  index = SqliteSearchIndex.open(dir);
  await ingestPaths([join(FIXTURES, 'patents'), join(FIXTURES, 'research')], index);
  app = createApp({ index, version: 'test', log: (m) => logged.push(m) });
}, 60_000);
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * What a strict Content-Security-Policy (script-src 'self'; style-src 'self') would refuse:
 * inline scripts, inline event handlers, style attributes and style elements.
 */
function inlineCode(html: string): string[] {
  return [
    ...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/gi),
    ...html.matchAll(/<style\b/gi),
    ...html.matchAll(/\sstyle\s*=/gi),
    ...html.matchAll(/<[^>]+\son[a-z]+\s*=/gi),
    ...html.matchAll(
      /(?:href|src)\s*=\s*["']?\s*(?:javascript:|https?:\/\/(?!doi\.org|dspace|repository))/gi,
    ),
  ].map((m) => m[0]);
}

describe('pages', () => {
  it('serve no inline script, style or handler, and load nothing from elsewhere', async () => {
    const pages = [
      '/',
      '/?q=phan+bon&type=patent&sort=readiness',
      '/?q=biochr',
      '/?q=***',
      '/records/VN-1-0020001-B',
      `/records/${encodeURIComponent(OAI)}`,
      '/records/nope',
      '/prior-art',
      '/no-such-page',
    ];
    for (const path of pages) {
      const res = await request(app).get(path).set('accept', 'text/html');
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect({ path, inline: inlineCode(res.text) }).toEqual({ path, inline: [] });
    }
    const posted = await request(app)
      .post('/prior-art')
      .type('form')
      .send({ text: 'phân bón hữu cơ vi sinh từ rơm rạ', cutoff: '01/01/2018' });
    expect(posted.status).toBe(200);
    expect(inlineCode(posted.text)).toEqual([]);
  });

  it('choose Vietnamese by default, English with ?lang=en, and remember the choice', async () => {
    const vi = await request(app).get('/');
    expect(vi.text).toContain('<html lang="vi">');
    expect(vi.headers.vary).toMatch(/Cookie/);
    const en = await request(app).get('/?lang=en');
    expect(en.text).toContain('<html lang="en">');
    const cookie = en.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^cau_lang=en; Max-Age=31536000; Path=\/; Expires=.*; SameSite=Lax$/);
    const later = await request(app).get('/prior-art').set('cookie', 'cau_lang=en');
    expect(later.text).toContain('<html lang="en">');
    expect(later.text).toContain('Prior-art search');
  });

  it('put typed dates and empty fields into canonical URLs', async () => {
    const res = await request(app).get('/?q=tro+bay&type=&ipc=&from=1%2F2%2F2015&to=2020&shown=20');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/?q=tro+bay&from=2015-02-01&to=2020-12-31');
  });

  it('explain a date that is no date, without results', async () => {
    const res = await request(app).get('/?q=tro+bay&from=31%2F02%2F2020');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Ngày không hợp lệ: “31/02/2020”');
    expect(res.text).not.toContain('class="hit"');
  });

  it('answer 503 with an explanation when the index cannot be reached', async () => {
    const down: SearchIndex = Object.create(index, {
      search: { value: () => Promise.reject(new IndexUnavailableError('cluster down')) },
    });
    const res = await request(
      createApp({ index: down, version: 't', log: (m) => logged.push(m) }),
    ).get('/?q=tro+bay&lang=en');
    expect(res.status).toBe(503);
    expect(res.text).toContain('The search index cannot be reached right now');
    expect(logged.some((m) => m.includes('cluster down'))).toBe(true);
  });

  it('say how to fill an empty index', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'cau-empty-'));
    const empty = SqliteSearchIndex.open(emptyDir);
    try {
      const res = await request(createApp({ index: empty, version: 't' })).get('/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('Chỉ mục chưa có tài liệu nào');
      expect(res.text).toContain('npx cau ingest');
    } finally {
      await empty.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('give the next hits by cursor as list items, numbered on', async () => {
    const page = await request(app).get('/');
    const fragment = /data-fragment="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const more = await request(app).get(fragment);
    expect(more.status).toBe(200);
    const items = [...more.text.matchAll(/<li class="hit" id="hit-(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(items).toEqual(Array.from({ length: 20 }, (_, i) => 21 + i));
    expect(more.text).toContain('id="more"');
    const missing = await request(app).get('/search/more?q=tro');
    expect(missing.status).toBe(400);
  });

  it('show a record at its percent-encoded id, or with the slashes a proxy decoded', async () => {
    for (const path of [
      `/records/${encodeURIComponent(OAI)}`,
      `/records/${OAI}`,
      `/records/${OAI.replace(/:/g, '%3A')}`,
    ]) {
      const res = await request(app).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      // The record has a DOI, its id since issue 18: its OAI identifier resolves to it.
      expect(res.text).toContain(`<code>${OAI_RECORD}</code>`);
    }
    const missing = await request(app).get('/records/VN-0-0000000-X');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Không có tài liệu nào mang mã “VN-0-0000000-X”');
  });

  it('refuse an empty prior-art text and keep what was typed', async () => {
    const res = await request(app)
      .post('/prior-art')
      .type('form')
      .send({ text: '  ', cutoff: '2018' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Hãy dán nội dung cần tra cứu');
    const long = await request(app)
      .post('/prior-art')
      .type('form')
      .send({ text: 'a'.repeat(50_001), cutoff: 'ngày mai' });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Nội dung dài quá 50.000 ký tự');
    expect(long.text).toContain('Ngày không hợp lệ: “ngày mai”');
    expect(long.text).toContain('value="ngày mai"');
  });

  it('serve the favicon and the assets, and nothing else from the web folder', async () => {
    const ico = await request(app).get('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers['content-type']).toBe('image/vnd.microsoft.icon');
    expect((await request(app).get('/assets/app.js')).status).toBe(200);
    expect((await request(app).get('/assets/nope.js')).status).toBe(404);
    // Sources beside the assets were once served by a static handler on the whole folder.
    expect((await request(app).get('/router.ts')).status).toBe(404);
    expect((await request(app).get('/assets/../router.ts')).status).toBe(404);
  });
});
