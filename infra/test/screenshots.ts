/**
 * Screenshots of the main screens for the README and docs/web.md, taken the way the browser
 * suites run: a real `cau serve` on the fixtures and Debian's chromium.
 *
 *   npx tsx infra/test/screenshots.ts               # writes docs/screenshots/*.png
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, serveFixtures } from './browser';

const OUT = resolve(__dirname, '..', '..', 'docs', 'screenshots');
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const CLAIM =
  'Quy trình sản xuất phân bón hữu cơ vi sinh từ rơm rạ và vỏ trấu, ủ hiếu khí với nấm Trichoderma; sản phẩm dùng cho lúa.';

interface Shot {
  name: string;
  path: string;
  viewport: { width: number; height: number };
  /** What to do on the page before the picture. */
  then?: (page: Page) => Promise<void>;
}

const priorArt = (cutoff: string) => async (page: Page) => {
  await page.fill('#pa-text', CLAIM);
  await page.fill('#pa-cutoff', cutoff);
  await Promise.all([
    page.waitForLoadState('load'),
    page.click('form.prior-art button:not([name])'),
  ]);
  await page.locator('#pa-results').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -8));
};

const SHOTS: Shot[] = [
  { name: 'search-vi-desktop', path: '/?q=phân+bón+hữu+cơ&lang=vi', viewport: DESKTOP },
  { name: 'search-en-desktop', path: '/?q=rice+husk+fertilizer&lang=en', viewport: DESKTOP },
  { name: 'search-vi-phone', path: '/?q=phan+bon+vo+trau&lang=vi', viewport: PHONE },
  { name: 'search-en-phone', path: '/?q=solar+dryer&lang=en', viewport: PHONE },
  {
    name: 'readiness-evidence-vi',
    path: '/?q=than+sinh+hoc+vo+trau&type=research&lang=vi',
    viewport: DESKTOP,
    then: async (page) => {
      await page.locator('.hit summary.trl').first().click();
    },
  },
  { name: 'home-vi-desktop', path: '/?lang=vi', viewport: DESKTOP },
  { name: 'record-vi-desktop', path: '/records/VN-1-0020001-B?lang=vi', viewport: DESKTOP },
  {
    name: 'record-licensees-en-desktop',
    path: `/records/${encodeURIComponent('oai:dspace.ctu.edu.vn:123456789/28114')}?lang=en`,
    viewport: DESKTOP,
    then: async (page) => {
      await page.locator('ol.licensees summary').first().click();
      await page.locator('#licensees').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollBy(0, -8));
    },
  },
  { name: 'record-en-phone', path: '/records/VN-2-0002007-U?lang=en', viewport: PHONE },
  {
    name: 'prior-art-vi-desktop',
    path: '/prior-art?lang=vi',
    viewport: DESKTOP,
    then: priorArt('01/01/2018'),
  },
  { name: 'prior-art-en-phone', path: '/prior-art?lang=en', viewport: PHONE },
];

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const browser = await launchBrowser();
  const served = await serveFixtures();
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({
        viewport: shot.viewport,
        isMobile: shot.viewport === PHONE,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      await page.goto(`${served.base}${shot.path}`);
      await shot.then?.(page);
      await page.screenshot({ path: join(OUT, `${shot.name}.png`) });
      await context.close();
      process.stdout.write(`docs/screenshots/${shot.name}.png\n`);
    }
  } finally {
    await browser.close();
    await served.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
