// The trust signals of the shipped team file on a phone: the team's logo beside its name in the header (its space
// reserved before it loads, nothing scrolling sideways), the hotlines linked by telephone and WhatsApp in the
// footer and beside the report form, and the printable RFC 2350 profile readable at 320 px and without WCAG
// violations.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TEST_TIMEOUT, assertAccessible, assertNoOverflow, newContext, siteUrl, useBrowser } from './harness.mjs';

const suite = useBrowser();

for (const width of [320, 390]) {
  test(`the logo and hotlines fit a ${width} px phone`, { timeout: TEST_TIMEOUT }, async () => {
    const context = await newContext(suite.browser, { viewport: { width, height: 800 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ['/', '/en/', '/lapor/', '/en/report/']) {
      await page.goto(`${siteUrl()}${path}`);
      const logo = page.locator('header .brand-logo');
      assert.equal(await logo.count(), 1, `${path}: the header has the logo`);
      assert.equal(await logo.getAttribute('alt'), '', `${path}: the logo's text is the team's name beside it`);
      assert.ok(Number(await logo.getAttribute('width')) > 0 && Number(await logo.getAttribute('height')) > 0, `${path}: its size is reserved`);
      const loaded = await logo.evaluate((img) => img.complete && img.naturalWidth > 0);
      assert.ok(loaded, `${path}: the logo loads from the site`);
      const box = await logo.boundingBox();
      assert.ok(box.height >= 30 && box.height <= 48 && box.x >= 0 && box.x + box.width <= width, `${path}: the logo is ${JSON.stringify(box)}`);
      const name = await page.locator('header .brand-name').boundingBox();
      assert.ok(name.x >= box.x + box.width, `${path}: the team's name is beside the logo`);
      const footer = page.locator('footer');
      assert.ok((await footer.locator('a[href^="https://wa.me/62"]').count()) >= 1, `${path}: a WhatsApp link in the footer`);
      assert.ok((await footer.locator('a[href^="tel:+62"]').count()) >= 1, `${path}: a telephone link in the footer`);
      await assertNoOverflow(page, `${path} with the logo and hotlines`, width);
    }
    await page.goto(`${siteUrl()}/lapor/`);
    const help = page.locator('.hotline-help');
    assert.equal(await help.count(), 1, 'the report page has the hotline line');
    assert.ok((await help.locator('a[href^="https://wa.me/62"]').count()) >= 1);
    await context.close();
  });
}

test('the printable RFC 2350 profile is linked, fits a phone and has no WCAG violations', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { viewport: { width: 320, height: 800 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  for (const [profile, printable] of [['/rfc2350/', '/rfc2350/cetak/'], ['/en/rfc2350/', '/en/rfc2350/print/']]) {
    await page.goto(`${siteUrl()}${profile}`);
    await page.locator(`a[href="${printable}"]`).first().click();
    await page.waitForURL(`**${printable}`, { waitUntil: 'load' });
    assert.equal(await page.locator('.print-kop .print-logo').count(), 1, `${printable}: the letterhead has the logo`);
    await assertNoOverflow(page, `the printable profile ${printable}`, 320);
    await assertAccessible(page, `the printable profile ${printable}`);
  }
  await context.close();
});
