// axe-core's WCAG 2.0 and 2.1 level A and AA rules on every page type in both languages, on the report form and
// status check in the states their scripts put them in, and on the intake's own pages for browsers without
// JavaScript. axe is evaluated through the browser's debugging protocol, which the site's Content-Security-Policy
// does not govern; the CSP itself is tested in same-origin.test.mjs.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  PAGES,
  TEST_TIMEOUT,
  TRACKING_CODE,
  assertAccessible,
  fillReport,
  siteUrl,
  useBrowser,
  validReport,
} from './harness.mjs';

const suite = useBrowser({});

/** Opens a page of the site and checks it answered as expected. */
async function open(page, path, status = 200) {
  const response = await page.goto(`${siteUrl()}${path}`);
  assert.equal(response.status(), status, `${path} answers ${status}`);
}

for (const lang of ['id', 'en']) {
  for (const { type, [lang]: path, status } of PAGES) {
    test(`${type} (${lang}, ${path}) has no WCAG A/AA violations`, { timeout: TEST_TIMEOUT }, async () => {
      const page = await suite.context.newPage();
      await open(page, path, status);
      await assertAccessible(page, `${type} page ${path}`);
      await page.close();
    });
  }

  test(`an advisory (${lang}) has no WCAG A/AA violations`, { timeout: TEST_TIMEOUT }, async () => {
    const page = await suite.context.newPage();
    const list = PAGES.find((entry) => entry.type === 'advisories')[lang];
    await open(page, list);
    const first = await page.locator('main .cards a').first().getAttribute('href');
    assert.ok(first, `${list} lists an advisory`);
    await open(page, first);
    await assertAccessible(page, `advisory ${first}`);
    await page.close();
  });
}

test('the report form showing its problems has no WCAG A/AA violations', { timeout: TEST_TIMEOUT }, async () => {
  const page = await suite.context.newPage();
  await open(page, '/lapor/');
  await fillReport(page, validReport({ description: '', reporter_email: 'budi.santoso@' }));
  await page.click('#report-form button[type="submit"]');
  await page.locator('#form-summary').waitFor({ state: 'visible' });
  await assertAccessible(page, '/lapor/ with errors shown');
  await page.close();
});

test('the receipt and the status found have no WCAG A/AA violations', { timeout: TEST_TIMEOUT }, async () => {
  const page = await suite.context.newPage();
  await open(page, '/lapor/');
  await fillReport(page, validReport());
  await page.click('#report-form button[type="submit"]');
  await page.locator('#receipt').waitFor({ state: 'visible' });
  await page.click('#copy-code');
  await page.locator('#copy-done').waitFor({ state: 'visible' });
  await assertAccessible(page, '/lapor/ with the receipt shown');
  const code = (await page.textContent('#receipt-code')).trim();
  assert.match(code, TRACKING_CODE);

  await open(page, `/status/?code=${code}`);
  await page.locator('#status-result').waitFor({ state: 'visible' });
  await assertAccessible(page, '/status/ with a status shown');
  await open(page, '/status/?code=TGL-0000-0000-0000');
  await page.locator('#code-error').waitFor({ state: 'visible' });
  await assertAccessible(page, '/status/ with a code refused');
  await page.close();
});

test('the intake pages for browsers without JavaScript have no WCAG A/AA violations', { timeout: TEST_TIMEOUT }, async () => {
  // The form's script is withheld, so the browser posts the form itself as it would without JavaScript; axe
  // still runs.
  const page = await suite.context.newPage();
  await page.route('**/assets/report-form.*js', (route) => route.abort());
  for (const lang of ['id', 'en']) {
    const form = PAGES.find((entry) => entry.type === 'report form')[lang];
    await open(page, form);
    await fillReport(page, validReport({ description: '' }));
    await Promise.all([page.waitForURL('**/api/reports'), page.click('#report-form button[type="submit"]')]);
    await assertAccessible(page, `the problems page (${lang})`);

    await open(page, form);
    await fillReport(page, validReport());
    await Promise.all([page.waitForURL('**/api/reports'), page.click('#report-form button[type="submit"]')]);
    await assertAccessible(page, `the receipt page (${lang})`);
    const code = (await page.textContent('.tracking-code')).trim();
    assert.match(code, TRACKING_CODE);

    await open(page, `/api/reports/${code}?lang=${lang}`);
    await assertAccessible(page, `the status page (${lang})`);

    await open(page, `/api/status?code=TGL-0000-0000-000X&lang=${lang}`, 422);
    await assertAccessible(page, `a failed lookup with the status form again (${lang})`);
  }
  await page.close();
});
