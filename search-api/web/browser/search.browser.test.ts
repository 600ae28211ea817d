/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  launchBrowser,
  openPage,
  serveFixtures,
  type Served,
} from '../../../infra/test/browser';

// The search screen in Debian's chromium against a real `cau serve` on the fixtures.
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
  ({ context, page, problems } = await openPage(browser));
});
afterEach(async () => {
  await context.close();
  // No script error and nothing refused by the Content-Security-Policy, on any screen.
  expect(problems).toEqual([]);
});

const url = (path: string): string => `${served.base}${path}`;
const param = (name: string): string | null => new URL(page.url()).searchParams.get(name);
const hitTitles = (): Promise<string[]> => page.locator('.hit h3').allTextContents();
const statusCount = async (): Promise<number> =>
  Number(/([\d.,]+)/.exec((await page.textContent('#status')) ?? '')?.[1]?.replace(/[.,]/g, ''));

async function search(q: string): Promise<void> {
  await page.fill('#q', q);
  await Promise.all([page.waitForLoadState('load'), page.press('#q', 'Enter')]);
  await page.waitForSelector('#status, .error, .empty');
}

describe('searching', () => {
  it('finds Vietnamese research typed without tone marks, marks the matches, dates dd/mm/yyyy', async () => {
    await page.goto(url('/'));
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await search('than sinh hoc vo trau');
    expect(param('q')).toBe('than sinh hoc vo trau');
    expect(await statusCount()).toBeGreaterThan(0);
    expect((await hitTitles())[0]!.toLowerCase()).toMatch(/than sinh học|biochar/);
    expect(await page.locator('.hit mark').count()).toBeGreaterThan(0);
    const meta = (await page.locator('.hit .meta').first().textContent()) ?? '';
    expect(meta).toMatch(/\b\d{2}\/\d{2}\/\d{4}\b/);
    expect(meta).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('finds the same records with tone marks as without', async () => {
    await page.goto(url('/?q=than+sinh+hoc+vo+trau'));
    const toneless = await statusCount();
    await search('than sinh học vỏ trấu');
    expect(await statusCount()).toBe(toneless);
    expect((await hitTitles())[0]!.toLowerCase()).toMatch(/than sinh học|biochar/);
  });

  it('applies a facet as a visible chip, keeps it in the URL, and removes it', async () => {
    await page.goto(url('/?q=rice'));
    const all = await statusCount();
    await page.click('.facet a:has-text("Nghiên cứu")');
    await page.waitForSelector('.chip');
    expect(param('type')).toBe('research');
    expect(await page.textContent('.chip')).toContain('Loại tài liệu: Nghiên cứu');
    expect(await page.locator('.hit .badge.patent').count()).toBe(0);
    const filtered = await statusCount();
    expect(filtered).toBeLessThan(all);
    // A new query keeps the visible filter.
    await search('biochar');
    expect(param('type')).toBe('research');
    expect(await page.locator('.chip').count()).toBe(1);
    await page.click('.chip');
    await page.waitForLoadState('load');
    expect(param('type')).toBeNull();
    expect(await page.locator('.chip').count()).toBe(0);
  });

  it('filters by a publication year from the year facet', async () => {
    await page.goto(url('/?q=phan+bon'));
    const year = page.locator('.facet:has(h3:has-text("Năm công bố")) a').first();
    const y = (await year.locator('.facet-label').textContent())!.trim();
    await year.click();
    await page.waitForSelector('.chip');
    expect(param('from')).toBe(`${y}-01-01`);
    expect(param('to')).toBe(`${y}-12-31`);
    expect(await page.textContent('.chip')).toContain(`Năm ${y}`);
    for (const meta of await page.locator('.hit .meta').allTextContents()) {
      expect(meta).toContain(`/${y}`);
    }
  });

  it('restores the same screen on reload, back and forward', async () => {
    await page.goto(url('/?q=rice'));
    const before = await hitTitles();
    await page.click('.facet a:has-text("Nghiên cứu")');
    await page.waitForSelector('.chip');
    await page.selectOption('#f-sort', 'date');
    await page.waitForURL(/sort=date/);
    const filtered = await hitTitles();
    await page.reload();
    expect(await hitTitles()).toEqual(filtered);
    expect(await page.inputValue('#f-sort')).toBe('date');
    expect(await page.textContent('.chip')).toContain('Nghiên cứu');
    await page.goBack();
    await page.goBack();
    expect(param('type')).toBeNull();
    expect(await hitTitles()).toEqual(before);
    await page.goForward();
    expect(param('type')).toBe('research');
    expect(await page.locator('.chip').count()).toBe(1);
  });

  it('accepts dd/mm/yyyy dates and keeps ISO dates in the URL', async () => {
    await page.goto(url('/?q=phan+bon'));
    await page.fill('#f-from', '01/01/2019');
    await page.fill('#f-to', '31/12/2020');
    await Promise.all([page.waitForURL(/from=2019-01-01/), page.press('#f-to', 'Enter')]);
    expect(param('to')).toBe('2020-12-31');
    expect(await page.inputValue('#f-from')).toBe('01/01/2019');
    expect(await page.locator('.chip').allTextContents()).toEqual([
      expect.stringContaining('Từ 01/01/2019'),
      expect.stringContaining('Đến 31/12/2020'),
    ]);
  });

  it('pages with "more results" and keeps the count in the URL', async () => {
    await page.goto(url('/'));
    expect(await page.locator('.hit').count()).toBe(20);
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('.hit').length === 40);
    expect(param('shown')).toBe('40');
    const ids = await page.locator('.hit .meta').allTextContents();
    expect(new Set(ids).size).toBe(40);
    expect(await page.textContent('#showing')).toContain('40');
    await page.reload();
    expect(await page.locator('.hit').count()).toBe(40);
  });

  it('shows an error instead of the previous results', async () => {
    await page.goto(url('/?q=biochar'));
    expect(await page.locator('.hit').count()).toBeGreaterThan(0);
    await search('***');
    expect(await page.textContent('.error')).toMatch(/không hợp lệ.*no searchable terms/s);
    expect(await page.locator('.hit').count()).toBe(0);
    expect(await page.locator('#status').count()).toBe(0);
  });

  it('helps when nothing matches: a near spelling, and the query without filters', async () => {
    await page.goto(url('/?q=biochr'));
    const empty = page.locator('.empty');
    expect(await empty.textContent()).toContain('Không tìm thấy tài liệu nào cho “biochr”');
    const fix = empty.locator('a:has-text("biochar")');
    await Promise.all([page.waitForLoadState('load'), fix.click()]);
    expect(param('q')).toBe('biochar');
    expect(await statusCount()).toBeGreaterThan(0);

    await page.goto(url('/?q=biochar&type=patent&ipc=H01M'));
    const unfiltered = page.locator('.empty li:has-text("bỏ bộ lọc") a');
    await Promise.all([page.waitForLoadState('load'), unfiltered.click()]);
    expect(param('type')).toBeNull();
    expect(param('ipc')).toBeNull();
    expect(await statusCount()).toBeGreaterThan(0);
  });

  it('opens the evidence of a readiness badge on click', async () => {
    await page.goto(url('/?q=phan+bon+vo+trau'));
    const badge = page.locator('.hit summary.badge.trl').first();
    const evidence = page.locator('.hit details.pop:has(summary.trl) .pop-body').first();
    expect(await evidence.isVisible()).toBe(false);
    await badge.click();
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.textContent()).toMatch(/TRL \d: .+/);
    expect(await evidence.locator('li').count()).toBeGreaterThan(0);
    // Escape closes it and leaves the focus on the badge; Enter opens it again.
    await page.keyboard.press('Escape');
    expect(await evidence.isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('trl'))).toBe(true);
    await page.keyboard.press('Enter');
    expect(await evidence.isVisible()).toBe(true);
  });

  it('shows hostile record text as text, never as markup', async () => {
    await page.goto(url('/?q=hostile'));
    expect(await page.locator('.hit h3 img').count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
    expect(await page.textContent('.hit h3')).toContain('<img src=x');
    expect(await page.textContent('.hit .who')).toContain('<b>Mallory</b>');
  });
});

describe('both languages', () => {
  it('switches to English with a visible link, remembers it, and switches back', async () => {
    await page.goto(url('/?q=phan+bon'));
    await Promise.all([page.waitForLoadState('load'), page.click('header a.lang')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(param('q')).toBe('phan bon');
    expect(await page.textContent('#status')).toMatch(/\d+ results/);
    expect(await page.locator('.facet a:has-text("Patent")').count()).toBe(1);
    expect(await page.locator('.facet h3').allTextContents()).toContain('Technology field (WIPO)');
    expect(await page.textContent('.hit .meta')).toMatch(/\b\d{1,2} [A-Z][a-z]{2} \d{4}\b/);
    // Remembered: a page opened later without ?lang= is English too.
    await page.goto(url('/prior-art'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Prior-art search');
    await Promise.all([page.waitForLoadState('load'), page.click('header a.lang')]);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.goto(url('/'));
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
  });

  it('names technology fields and sectors in Vietnamese on the Vietnamese page', async () => {
    await page.goto(url('/?q=pin'));
    const facets = await page.locator('.filters').textContent();
    expect(facets).toContain('Kỹ thuật điện');
    expect(facets).not.toMatch(/Electrical engineering|Chemistry|Patent\b/);
    expect(await page.textContent('.overview')).toContain('Sáng chế');
  });
});

describe('on a phone and from the keyboard', () => {
  it('shows the first result without scrolling on a 390 px screen, filters behind a button', async () => {
    const phone = await openPage(browser, {
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    try {
      await phone.page.goto(url('/?q=phan+bon&type=patent'));
      const first = await phone.page.locator('.hit h3').first().boundingBox();
      expect(first).not.toBeNull();
      expect(first!.y + first!.height).toBeLessThanOrEqual(844);
      expect(await phone.page.locator('.facet').first().isVisible()).toBe(false);
      const toggle = phone.page.locator('button.filters-toggle');
      expect(await toggle.textContent()).toContain('Bộ lọc (1)');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await phone.page.locator('.facet').first().isVisible()).toBe(true);
      expect(
        await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);
      expect(phone.problems).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });

  it('reaches the first result in three key presses through a visible skip link', async () => {
    await page.goto(url('/?q=biochar'));
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const box = a.getBoundingClientRect();
      return {
        cls: a.className,
        visible: box.top >= 0 && box.height > 0,
        outline: getComputedStyle(a).outlineStyle,
      };
    });
    expect(skip).toEqual({ cls: 'skip', visible: true, outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.closest('.hit')?.id);
    expect(focused).toBe('hit-1');
    const title = (await page.locator('#hit-1 h3').textContent())!.trim();
    await Promise.all([page.waitForURL(/\/records\//), page.keyboard.press('Enter')]);
    expect((await page.textContent('h1'))!.trim()).toBe(title);
  });

  it('searches from the keyboard alone, starting in the search box', async () => {
    await page.goto(url('/'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    await page.keyboard.type('nang luong mat troi');
    await Promise.all([page.waitForURL(/q=nang/), page.keyboard.press('Enter')]);
    expect(await statusCount()).toBeGreaterThan(0);
    // Every control has a name a screen reader reads.
    const unnamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
        .filter(
          (e) =>
            !(e as HTMLInputElement).labels?.length &&
            !e.getAttribute('aria-label') &&
            !e.textContent?.trim(),
        )
        .map((e) => e.outerHTML),
    );
    expect(unnamed).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const axe = await openPage(browser, { bypassCSP: true });
    try {
      await axe.page.goto(url('/?q=phan+bon&type=patent'));
      expect(await axeViolations(axe.page)).toEqual([]);
      await axe.page.goto(url('/?lang=en'));
      expect(await axeViolations(axe.page)).toEqual([]);
    } finally {
      await axe.context.close();
    }
  });
});
