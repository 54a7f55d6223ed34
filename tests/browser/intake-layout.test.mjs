// The pages the intake renders for browsers without JavaScript — receipt, status, problems, a failed lookup — are
// shown in the site's own layout (header, menu, language switch, stylesheet, footer), read from the built site,
// and on a phone none of them scrolls sideways.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  TEST_TIMEOUT,
  assertAccessible,
  assertNoOverflow,
  fillReport,
  newContext,
  siteUrl,
  useBrowser,
  validReport,
} from './harness.mjs';

const suite = useBrowser();

/** What the site's own pages have around their content; `home` is the site page to compare with. */
async function siteFrame(page) {
  return page.evaluate(() => ({
    menu: [...document.querySelectorAll('#main-menu a')].map((a) => a.getAttribute('href')),
    footer: document.querySelector('footer.site-footer h2')?.textContent ?? null,
    brand: document.querySelector('header .brand-name')?.textContent ?? null,
    menuButton: document.querySelector('label.menu-button[for="menu-toggle"]') !== null,
    stylesheet: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname),
    switchHref: document.querySelector('a.lang-switch')?.getAttribute('href') ?? null,
    robots: document.querySelector('meta[name="robots"]')?.content ?? null,
  }));
}

/**
 * Runs axe on a copy of `page`'s document in a context with JavaScript (axe needs timers, which a context
 * without JavaScript does not run), loaded at the site's origin so that its stylesheet applies.
 */
async function assertAccessibleCopy(page, what) {
  const html = await page.content();
  const context = await newContext(suite.browser, { viewport: { width: 320, height: 720 } });
  const copy = await context.newPage();
  await copy.goto(`${siteUrl()}/`);
  await copy.setContent(html, { waitUntil: 'load' });
  await assertAccessible(copy, what);
  await context.close();
}

/** Checks that the page at hand has the frame of the site's page `site` (menu, footer, brand, stylesheet). */
function assertSameFrame(frame, site, what) {
  assert.deepEqual(frame.menu, site.menu, `${what}: the site's menu`);
  assert.equal(frame.footer, site.footer, `${what}: the site's footer`);
  assert.equal(frame.brand, site.brand, `${what}: the site's brand`);
  assert.ok(frame.menuButton, `${what}: the phone menu button`);
  assert.deepEqual(frame.stylesheet, site.stylesheet, `${what}: the site's stylesheet`);
  assert.equal(frame.robots, 'noindex', `${what}: kept out of search engines`);
}

test('without JavaScript the intake\'s pages are in the site\'s layout and fit a phone', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const context = await newContext(suite.browser, {
    javaScriptEnabled: false,
    viewport: { width: 320, height: 720 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/lapor/`);
  const indonesian = await siteFrame(page);
  await page.goto(`${siteUrl()}/en/report/`);
  const english = await siteFrame(page);
  assert.ok(indonesian.menu.length >= 4 && indonesian.footer, 'the site has a menu and a footer to compare with');

  // The receipt.
  await page.goto(`${siteUrl()}/lapor/`);
  await fillReport(page, validReport());
  await Promise.all([page.waitForURL('**/api/reports'), page.click('#report-form button[type="submit"]')]);
  const code = (await page.textContent('.tracking-code')).trim();
  const receipt = await siteFrame(page);
  assertSameFrame(receipt, indonesian, 'the receipt');
  assert.equal(receipt.switchHref, `/api/reports/${code}?lang=en`, 'the receipt switches to the English status');
  assert.match(await page.title(), /^Laporan diterima — /);
  await assertNoOverflow(page, 'the receipt', 320);
  await assertAccessibleCopy(page, 'the receipt');

  // The status, in Indonesian, then through the language switch in English.
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/api/reports/${code}`),
    page.click('text=Periksa status laporan Anda'),
  ]);
  assertSameFrame(await siteFrame(page), indonesian, 'the status page');
  await assertNoOverflow(page, 'the status page', 320);
  await Promise.all([
    page.waitForURL((url) => url.search === '?lang=en'),
    page.click('a.lang-switch'),
  ]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const englishStatus = await siteFrame(page);
  assertSameFrame(englishStatus, english, 'the English status page');
  assert.equal(englishStatus.switchHref, `/api/reports/${code}?lang=id`);
  assert.match(await page.textContent('.status-current'), /Report received/);
  await assertNoOverflow(page, 'the English status page', 320);
  await assertAccessibleCopy(page, 'the English status page');

  // A failed lookup: the status form again, with the code as typed, in the layout.
  const typed = 'TGL-0000-0000-000';
  await page.goto(`${siteUrl()}/api/status?code=${typed}&lang=id`);
  assertSameFrame(await siteFrame(page), indonesian, 'the failed lookup');
  assert.equal(await page.inputValue('#code'), typed);
  assert.match(await page.textContent('h1'), /kode pelacakan/);
  await assertNoOverflow(page, 'the failed lookup', 320);
  await assertAccessibleCopy(page, 'the failed lookup');

  // The problems of a submission.
  await page.goto(`${siteUrl()}/en/report/`);
  await fillReport(page, validReport({ description: '', reporter_email: 'budi.santoso@' }));
  await Promise.all([page.waitForURL('**/api/reports'), page.click('#report-form button[type="submit"]')]);
  const problems = await siteFrame(page);
  assertSameFrame(problems, english, 'the problems page');
  assert.equal(problems.switchHref, '/', 'the problems page switches to the Indonesian home page');
  assert.ok((await page.locator('main li').count()) >= 2, 'the problems are listed in main');
  await assertNoOverflow(page, 'the problems page', 320);
  await assertAccessibleCopy(page, 'the problems page');

  assert.deepEqual(context.offsite, []);
  await context.close();
});
