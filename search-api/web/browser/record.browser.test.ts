/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  launchBrowser,
  openPage,
  serveFixtures,
  type Served,
} from '../../../infra/test/browser';

// Record pages in Debian's chromium against a real `cau serve` on the fixtures.
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
  expect(problems).toEqual([]);
});

const url = (path: string): string => `${served.base}${path}`;
const OAI = 'oai:dspace.ctu.edu.vn:123456789/28114';
const OAI_RECORD = 'doi:10.22144/ctu.jvn.2023.094';
const section = (id: string) => page.locator(`section#${id}`);

describe('record page', () => {
  it('opens from a search hit and shows every part of a patent', async () => {
    await page.goto(url('/?q=phan+bon+huu+co+vi+sinh+rom+ra'));
    const link = page.locator('.hit h3 a[href="/records/VN-2-0002007-U"]');
    await Promise.all([page.waitForURL(/\/records\/VN-2-0002007-U$/), link.click()]);
    expect(await page.textContent('h1')).toMatch(/rơm rạ/);
    const biblio = (await section('biblio').textContent())!;
    for (const label of [
      'Mã tài liệu',
      'Số công bố',
      'Loại văn bằng',
      'Ngày công bố',
      'Người nộp đơn',
    ]) {
      expect(biblio).toContain(label);
    }
    expect(biblio).toContain('Giải pháp hữu ích (U)');
    expect(biblio).toMatch(/\d{2}\/\d{2}\/\d{4}/);
    // IPC codes with their WIPO field and IPC section names.
    const ipc = (await section('ipc').textContent())!;
    expect(ipc).toContain('C05F 11/08');
    expect(ipc).toContain('Hóa học vật liệu cơ bản');
    expect(ipc).toContain('Hóa học; luyện kim');
    expect(await section('abstract').locator('p').count()).toBeGreaterThan(0);
    expect(await section('claims').locator('li').count()).toBeGreaterThan(0);
    // It cites the 2014 patent, which is in the index: a link with its title.
    const cited = section('citations').locator('a[href="/records/VN-1-0020001-B"]');
    expect(await cited.count()).toBe(1);
    // Readiness: every signal with its evidence.
    const rows = section('readiness').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    expect(await section('readiness').textContent()).toMatch(/TRL \d/);
    expect(await section('related').locator('li').count()).toBeGreaterThan(0);
    expect(await section('similar').locator('li').count()).toBeGreaterThan(0);
    expect(await section('similar').textContent()).toContain('Thuật ngữ khớp');
    // Links to the record as JSON.
    const api = await page.getAttribute('a[type="application/json"]', 'href');
    const res = await page.request.get(url(api!));
    expect((await res.json()).id).toBe('VN-2-0002007-U');
  });

  it('shows who cites a patent and why records are related', async () => {
    await page.goto(url('/records/VN-1-0020001-B'));
    expect(await section('cited-by').locator('a[href="/records/VN-2-0002007-U"]').count()).toBe(1);
    const related = (await section('related').textContent())!;
    expect(related).toContain('cùng tác giả: Nguyễn Văn Thành');
    expect(related).toContain('được trích dẫn bởi');
  });

  it('serves OAI ids percent-encoded and with the slash a proxy decoded', async () => {
    for (const path of [`/records/${encodeURIComponent(OAI)}`, `/records/${OAI}`]) {
      const res = await page.goto(url(path));
      expect(res!.status()).toBe(200);
      // The record has a DOI, its id since issue 18: its OAI identifier resolves to it.
      expect(await page.textContent('section#biblio code')).toBe(OAI_RECORD);
    }
  });

  it('lists licensee candidates with their evidence for a research result', async () => {
    await page.goto(url(`/records/${encodeURIComponent(OAI)}`));
    const candidates = section('licensees').locator('ol.licensees > li');
    expect(await candidates.count()).toBeGreaterThan(0);
    const first = candidates.first();
    expect(await first.locator('h3').textContent()).toMatch(
      /Doanh nghiệp|Trường, viện|Khác|Cá nhân/,
    );
    await first.locator('summary').click();
    const evidence = first.locator('details a[href^="/records/"]');
    expect(await evidence.count()).toBeGreaterThan(0);
    expect(await evidence.first().isVisible()).toBe(true);
  });

  it('reads without JavaScript', async () => {
    const bare = await openPage(browser, { javaScriptEnabled: false });
    try {
      await bare.page.goto(url('/records/VN-1-0020001-B'));
      expect(await bare.page.locator('section#claims li').count()).toBeGreaterThan(0);
      expect(await bare.page.locator('section#readiness tbody tr').count()).toBeGreaterThan(0);
      // The print button needs the script: without it, it is not offered.
      expect(await bare.page.locator('button.print').isVisible()).toBe(false);
    } finally {
      await bare.context.close();
    }
  });

  it('says so, in the reader’s language, when there is no such record', async () => {
    const res = await page.goto(url('/records/VN-9-9999999-B?lang=en'));
    expect(res!.status()).toBe(404);
    expect(await page.textContent('.error')).toContain(
      'There is no record with id “VN-9-9999999-B”',
    );
  });

  it('is in English with ?lang=en, field names and labels included', async () => {
    await page.goto(url('/records/VN-1-0020001-B?lang=en'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const biblio = (await section('biblio').textContent())!;
    expect(biblio).toContain('Publication number');
    expect(biblio).toContain('Granted patent (B)');
    expect(await section('ipc').textContent()).toContain('Basic materials chemistry');
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const axe = await openPage(browser, { bypassCSP: true });
    try {
      await axe.page.goto(url('/records/VN-1-0020001-B'));
      expect(await axeViolations(axe.page)).toEqual([]);
      await axe.page.goto(url(`/records/${encodeURIComponent(OAI)}?lang=en`));
      expect(await axeViolations(axe.page)).toEqual([]);
    } finally {
      await axe.context.close();
    }
  });
});
