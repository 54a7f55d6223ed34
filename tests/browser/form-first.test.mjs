// The report form comes first: on a 1366×768 desktop and a 390×844 phone, in both languages, the form's first
// field is within the first screen, with the privacy summary above it and the full notice one click away in a
// <details> that is still before the submit button.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { PAGES, TEST_TIMEOUT, newContext, siteUrl, useBrowser } from './harness.mjs';

const suite = useBrowser();

const SCREENS = [
  { name: 'desktop', viewport: { width: 1366, height: 768 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

for (const lang of ['id', 'en']) {
  for (const { name, ...screen } of SCREENS) {
    test(`the report form's first field is on the first screen (${lang}, ${name})`, { timeout: TEST_TIMEOUT }, async () => {
      const context = await newContext(suite.browser, screen);
      const page = await context.newPage();
      const path = PAGES.find((entry) => entry.type === 'report form')[lang];
      await page.goto(`${siteUrl()}${path}`);
      const first = await page.locator('#report-form input:not([type="hidden"]), #report-form select, #report-form textarea').first();
      const box = await first.boundingBox();
      assert.ok(box, 'the first field is laid out');
      assert.ok(
        box.y + box.height <= screen.viewport.height,
        `the first field ends ${Math.round(box.y + box.height)} px down, past the ${screen.viewport.height} px screen`,
      );
      // The privacy summary is above the form; the full notice is folded away, one click from it.
      const lead = await page.textContent('.report-lead');
      assert.match(lead, lang === 'id' ? /Data pribadi/ : /Personal data/);
      const details = page.locator('details.more');
      assert.equal(await details.getAttribute('open'), null, 'the full notice starts folded');
      assert.equal(await details.locator('h2').first().isVisible(), false);
      await details.locator('summary').click();
      assert.equal(await details.locator('h2').first().isVisible(), true, 'one click shows the full notice');
      const order = await page.evaluate(() => {
        const more = document.querySelector('details.more');
        const submit = document.querySelector('#report-form button[type="submit"]');
        return Boolean(more.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
      assert.ok(order, 'the full notice comes before the submit button');
      assert.deepEqual(context.offsite, []);
      await context.close();
    });
  }
}
