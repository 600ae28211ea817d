/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import {
  axeViolations,
  launchBrowser,
  openPage,
  serveFixtures,
  type Served,
} from '../../../infra/test/browser';

// Prior art, exports and the Atom feed, from the page, in Debian's chromium against a real
// `cau serve` on the fixtures. Every file is read back with a parser, as its user's tool would.
// A browser on a busy machine: generous per-test time (axe alone takes seconds per page).
jest.setTimeout(90_000);

let served: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  // The browser first: without it the file fails at once, before a server is started.
  browser = await launchBrowser();
  served = await serveFixtures();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await served?.stop();
});
beforeEach(async () => {
  ({ context, page, problems } = await openPage(browser, { acceptDownloads: true }));
});
afterEach(async () => {
  await context.close();
  expect(problems).toEqual([]);
});

const url = (path: string): string => `${served.base}${path}`;
const CLAIM =
  'Quy trình sản xuất phân bón hữu cơ vi sinh từ rơm rạ và vỏ trấu, ủ hiếu khí với nấm Trichoderma.';
const today = new Date().toISOString().slice(0, 10);

async function download(
  click: () => Promise<void>,
): Promise<{ file: Download; text: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const bytes = readFileSync((await file.path())!);
  return { file, text: bytes.toString('utf8'), bytes };
}

const yearOf = (meta: string): number => Number(/\d{2}\/\d{2}\/(\d{4})/.exec(meta)?.[1]);

describe('prior-art screen', () => {
  it('finds records published before the cutoff, with matched terms and passages', async () => {
    await page.goto(url('/prior-art'));
    await page.fill('#pa-text', CLAIM);
    await page.fill('#pa-cutoff', '01/01/2018');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form.prior-art button[type=submit]:not([name])'),
    ]);
    expect(await page.textContent('#pa-results-h')).toMatch(/tài liệu công bố trước 01\/01\/2018/);
    const hits = page.locator('#pa-results .hit');
    expect(await hits.count()).toBeGreaterThan(0);
    expect(
      await page.locator('#pa-results .hit h3 a[href="/records/VN-1-0020001-B"]').count(),
    ).toBe(1);
    for (const meta of await page.locator('#pa-results .hit .meta').allTextContents()) {
      expect(yearOf(meta)).toBeLessThan(2018);
    }
    expect(await hits.first().locator('.terms').textContent()).toMatch(/Thuật ngữ khớp: .*rơm rạ/);
    expect(await hits.first().locator('.frag mark').count()).toBeGreaterThan(0);
    // The form keeps what was asked, so the analyst can refine it.
    expect(await page.inputValue('#pa-text')).toBe(CLAIM);
    expect(await page.inputValue('#pa-cutoff')).toBe('01/01/2018');
  });

  it('takes the text from a .txt file', async () => {
    await page.goto(url('/prior-art'));
    await page.setInputFiles('#pa-file', {
      name: 'claim.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(CLAIM, 'utf8'),
    });
    await page.waitForFunction(
      () => (document.getElementById('pa-text') as HTMLTextAreaElement).value !== '',
    );
    expect(await page.inputValue('#pa-text')).toBe(CLAIM);
  });

  it('explains a missing cutoff instead of searching', async () => {
    await page.goto(url('/prior-art'));
    await page.fill('#pa-text', CLAIM);
    await page.evaluate(() => document.getElementById('pa-cutoff')!.removeAttribute('required'));
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('form.prior-art button[type=submit]:not([name])'),
    ]);
    expect(res.status()).toBe(400);
    expect(await page.textContent('.error')).toContain('Hãy nhập ngày giới hạn');
    expect(await page.inputValue('#pa-text')).toBe(CLAIM);
  });

  it('downloads its results', async () => {
    await page.goto(url('/prior-art'));
    await page.fill('#pa-text', CLAIM);
    await page.fill('#pa-cutoff', '2018-01-01');
    await Promise.all([
      page.waitForLoadState('load'),
      page.click('form.prior-art button[type=submit]:not([name])'),
    ]);
    const shown = await page.locator('#pa-results .hit').count();
    const { text, file } = await download(() => page.click('button[name=format][value=csv]'));
    expect(file.suggestedFilename()).toMatch(/^cau-prior-art-2018-01-01-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThanOrEqual(shown);
    expect(rows.map((r) => r.id)).toContain('VN-1-0020001-B');
    expect(rows[0]!.query).toMatch(/^prior art before 2018-01-01: Quy trình sản xuất phân bón/);
    for (const r of rows) expect(r.published! < '2018-01-01').toBe(true);
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const axe = await openPage(browser, { bypassCSP: true });
    try {
      await axe.page.goto(url('/prior-art'));
      expect(await axeViolations(axe.page)).toEqual([]);
      await axe.page.fill('#pa-text', CLAIM);
      await axe.page.fill('#pa-cutoff', '01/01/2018');
      await Promise.all([
        axe.page.waitForLoadState('load'),
        axe.page.click('form.prior-art button[type=submit]:not([name])'),
      ]);
      expect(await axe.page.locator('#pa-results .hit').count()).toBeGreaterThan(0);
      expect(await axeViolations(axe.page)).toEqual([]);
    } finally {
      await axe.context.close();
    }
  });
});

describe('downloads and the feed of a search', () => {
  const SEARCH = '/?q=phân+bón&type=patent';
  let ids: string[];
  let total: number;

  beforeEach(async () => {
    await page.goto(url(`${SEARCH}&shown=100`));
    ids = (await page.locator('.hit .meta').allTextContents()).map((m) =>
      m.split(' · ')[0]!.trim(),
    );
    total = Number(/(\d+)/.exec((await page.textContent('#status'))!)![1]);
    expect(ids.length).toBe(total);
  });
  const exportLink = (format: string) => page.locator(`.tools a[href*="format=${format}"]`);

  it('CSV: UTF-8 with BOM, every hit in order, the query and date in it', async () => {
    const { text, bytes, file } = await download(() => exportLink('csv').click());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.suggestedFilename()).toBe(`cau-phan-bon-${today}.csv`);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows[0]!.query).toBe('q=phân bón; type=patent');
    expect(rows[0]!.exported!.slice(0, 10)).toBe(today);
    expect(rows.every((r) => r.type === 'patent')).toBe(true);
    const first = rows[0]!;
    expect(first.title).toBe((await page.locator('.hit h3').first().textContent())!.trim());
    expect(first.url).toBe(url(`/records/${encodeURIComponent(first.id!)}`));
  });

  it('RIS: one reference per hit, by its tags', async () => {
    const { text } = await download(() => exportLink('ris').click());
    const refs = text
      .split(/^ER {2}- *\r?$/m)
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => {
        const tags: Record<string, string[]> = {};
        for (const line of r.split(/\r?\n/)) {
          const m = /^([A-Z][A-Z0-9]) {2}- (.*)$/.exec(line);
          expect(m).not.toBeNull();
          (tags[m![1]!] ??= []).push(m![2]!);
        }
        return tags;
      });
    expect(refs.map((r) => r.ID![0])).toEqual(ids);
    for (const r of refs) {
      expect(r.TY).toEqual(['PAT']);
      expect(r.TI![0]).toBeTruthy();
      expect(r.DB![0]).toBe('Cầu (q=phân bón; type=patent)');
      expect(r.Y2![0]).toBe(today.replace(/-/g, '/'));
    }
  });

  it('BibTeX: one entry per hit, with the query and date in a comment', async () => {
    const { text } = await download(() => exportLink('bibtex').click());
    expect(text).toMatch(
      new RegExp(`^@comment\\{Cầu export\\. Query: q=phân bón; type=patent\\. Exported: ${today}`),
    );
    const entries = [...text.matchAll(/^@(\w+)\{([^,\n]+),\n([\s\S]*?)\n\}$/gm)];
    expect(entries.length).toBe(total);
    expect(new Set(entries.map((e) => e[2])).size).toBe(total);
    for (const [, type, , body] of entries) {
      expect(type).toBe('patent');
      const fields = Object.fromEntries(
        [...body!.matchAll(/^ {2}(\w+) = \{(.*)\},?$/gm)].map((m) => [m[1], m[2]]),
      );
      expect(fields.title).toBeTruthy();
      expect(fields.number).toMatch(/^[A-Z]{2} \S+ [A-Z]\d?$/);
      expect(fields.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/records\/[A-Z]{2}-/);
    }
  });

  it('JSON: whole records, with the query and date', async () => {
    const { text } = await download(() => exportLink('json').click());
    const body = JSON.parse(text);
    expect(body.query).toBe('q=phân bón; type=patent');
    expect(body.exported.slice(0, 10)).toBe(today);
    expect(body.total).toBe(total);
    expect(body.records.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(body.records[0].claims.length).toBeGreaterThan(0);
  });

  it('Atom: a valid feed of the newest matches, linked and discoverable', async () => {
    const href = await page.getAttribute('a.feed', 'href');
    expect(
      await page.getAttribute('link[rel=alternate][type="application/atom+xml"]', 'href'),
    ).toBe(href);
    const res = await page.request.get(url(href!));
    expect(res.headers()['content-type']).toMatch(/^application\/atom\+xml/);
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) => ['entry', 'link', 'author', 'category'].includes(n),
    }).parse(xml);
    const feed = doc.feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.title).toContain('phân bón');
    expect(feed.id).toBe(url(href!));
    expect(feed.updated).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    const entries = feed.entry as Record<string, unknown>[];
    expect(entries.length).toBe(Math.min(20, total));
    const updated = entries.map((e) => e.updated as string);
    expect([...updated].sort().reverse()).toEqual(updated);
    expect(feed.updated).toBe(updated[0]);
    for (const e of entries) {
      expect(e.id).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/records\/[A-Z]{2}-/);
      expect(e.title).toBeTruthy();
      expect((e.link as { '@_href': string }[])[0]!['@_href']).toBe(e.id);
    }
  });
});
