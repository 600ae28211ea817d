/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ingestPaths } from '../../ingest';
import { SqliteSearchIndex } from '../../search-index';
import { createApp } from '../app';

// The search page in a real browser: Debian's chromium driven by playwright-core
// (never a downloaded browser). `bash .ci/run` installs it.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIXTURES = resolve(__dirname, '..', '..', 'fixtures');

let dir: string;
let index: SqliteSearchIndex;
let server: Server;
let base: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's chromium (bash .ci/run does) or set CHROMIUM_PATH`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'cau-page-'));
  index = SqliteSearchIndex.open(dir);
  await ingestPaths([join(FIXTURES, 'research'), join(FIXTURES, 'real-samples')], index);
  await index.upsert([
    {
      id: 'XSS-1',
      type: 'research',
      title: 'Biochar <img src=x onerror="window.pwned=1"> test',
      lang: 'en',
      creators: ['<b>Mallory</b>'],
      subjects: [],
      identifiers: [],
      source: { file: 'x', format: 'test', position: 0 },
    },
  ]);
  server = createApp({ index, version: 'test' }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}, 60_000);

beforeEach(async () => {
  page = await browser.newPage();
});
afterEach(async () => {
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await index?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function search(q: string): Promise<void> {
  await page.fill('input[name=q]', q);
  await page.click('button[type=submit]');
  await page.waitForFunction(() => !document.getElementById('status')!.textContent!.includes('…'));
}

describe('search page', () => {
  it('finds Vietnamese research typed without tone marks and marks the matches', async () => {
    await page.goto(base);
    await search('than sinh hoc vo trau');
    const status = await page.textContent('#status');
    expect(Number(/(\d+) kết quả/.exec(status ?? '')?.[1])).toBeGreaterThan(0);
    const firstTitle = await page.textContent('.hit h3');
    expect(firstTitle?.toLowerCase()).toMatch(/biochar|than sinh học/);
    expect(await page.locator('.hit mark').count()).toBeGreaterThan(0);
  });

  it('filters by clicking a facet and pages with "Xem thêm"', async () => {
    await page.goto(base);
    await search('rice');
    const before = await page.locator('.hit').count();
    await page.click('aside button:has-text("research")');
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('type') === 'research',
    );
    expect(await page.inputValue('input[name=ipc]')).toBe('');
    expect(await page.locator('.badge.patent').count()).toBe(0);
    expect(before).toBeGreaterThan(0);

    await page.selectOption('select[name=type]', '');
    await search('');
    const first = await page.locator('.hit').count();
    expect(first).toBe(20);
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('.hit').length > 20);
  });

  it('shows related records with the reason for each link when a hit is opened', async () => {
    await page.goto(base);
    await search('rice husk biochar phosphorus');
    const first = page.locator('.hit').first();
    await first.locator('summary').click();
    const items = first.locator('ul.related li');
    await items.first().waitFor();
    const texts = await items.allTextContents();
    // Nguyễn Văn Thành wrote several of the Cần Thơ records.
    expect(texts.some((t) => /cùng tác giả: Nguyễn Văn Thành/.test(t))).toBe(true);
    const href = await items.first().locator('a').getAttribute('href');
    expect(href).toMatch(/^\/api\/records\//);
  });

  it('shows the API error message for a query with nothing to search', async () => {
    await page.goto(base);
    await search('***');
    expect(await page.textContent('#error')).toMatch(/no searchable terms/);
  });

  it('shows hostile record text as text, never as markup', async () => {
    await page.goto(base);
    // Words only the hostile record has, so it is the first hit whatever the ranking weights.
    await search('biochar onerror pwned');
    expect(await page.locator('.hit h3 img').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
    expect(await page.textContent('.hit h3')).toContain('<img src=x');
  });
});
