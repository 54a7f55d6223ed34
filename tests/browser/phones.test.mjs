// Phones: no page scrolls sideways at 320 px or 390 px in either language (every page type, and the intake's
// status page); the menu sits behind a button that works without JavaScript, and its links are at least 44 px tall.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGES, TEST_TIMEOUT, assertNoOverflow, fileReportByApi, newContext, siteUrl, useBrowser } from './harness.mjs';

const suite = useBrowser();

for (const width of [320, 390]) {
  for (const lang of ['id', 'en']) {
    test(`no page scrolls sideways at ${width} px (${lang})`, { timeout: TEST_TIMEOUT * 2 }, async () => {
      const context = await newContext(suite.browser, { viewport: { width, height: 800 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
      const page = await context.newPage();
      for (const { type, [lang]: path, status } of PAGES) {
        const response = await page.goto(`${siteUrl()}${path}`);
        assert.equal(response.status(), status ?? 200, path);
        await assertNoOverflow(page, `the ${type} page ${path}`, width);
      }
      // The intake's status page for browsers without JavaScript, with a long reply on its thread.
      const code = await fileReportByApi();
      await fetch(`${siteUrl()}/api/reports/${code}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'https://kelurahan-contoh.tegalkab.go.id/wp-content/uploads/2026/11/halaman-yang-sangat-panjang.php' }),
      });
      await page.goto(`${siteUrl()}/api/reports/${code}?lang=${lang}`);
      await assertNoOverflow(page, 'the intake status page', width);
      await context.close();
    });
  }
}

test('on a phone the menu opens from its button without JavaScript, with links of 44 px', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/`);
  const nav = page.locator('#main-menu');
  assert.equal(await nav.isVisible(), false, 'the menu starts closed');
  const button = page.locator('label.menu-button');
  assert.ok((await button.boundingBox()).height >= 44, 'the menu button is a 44 px target');
  await button.click();
  assert.equal(await nav.isVisible(), true, 'the button opens the menu');
  const heights = await nav.locator('a').evaluateAll((links) => links.map((link) => link.getBoundingClientRect().height));
  assert.ok(heights.length >= 5 && heights.every((h) => h >= 44), `menu links of at least 44 px: ${heights}`);
  await button.click();
  assert.equal(await nav.isVisible(), false, 'and closes it');
  await context.close();

  const desktop = await newContext(suite.browser, { viewport: { width: 1366, height: 768 } });
  const wide = await desktop.newPage();
  await wide.goto(`${siteUrl()}/`);
  assert.equal(await wide.locator('#main-menu').isVisible(), true, 'on a desktop the menu is always shown');
  assert.equal(await wide.locator('label.menu-button').isVisible(), false, 'and has no button');
  await desktop.close();
});
