// The report form and the status check in a browser without JavaScript: the browser posts the form itself and
// gets the intake's HTML pages.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  TEST_TIMEOUT,
  TRACKING_CODE,
  fillReport,
  newContext,
  siteUrl,
  useBrowser,
  validReport,
} from './harness.mjs';

const suite = useBrowser();

test('without JavaScript a report gets a receipt page and the status form finds it', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/lapor/`);
  await fillReport(page, validReport());
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.click('#report-form button[type="submit"]'),
  ]);
  await page.waitForLoadState();
  assert.equal(answer.status(), 201, 'the report is stored');
  assert.match(answer.headers()['content-type'], /^text\/html/);
  assert.equal(new URL(page.url()).pathname, '/api/reports');
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  const code = (await page.textContent('.tracking-code')).trim();
  assert.match(code, TRACKING_CODE);
  assert.match(await page.textContent('h1'), /laporan Anda telah diterima/);

  // The receipt's status link shows the status without JavaScript.
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/api/reports/${code}`),
    page.click('text=Periksa status laporan Anda'),
  ]);
  assert.match(await page.textContent('.status-current'), /Laporan diterima/);

  // The code typed as a person might: lower case, no hyphens.
  await page.goto(`${siteUrl()}/status/`);
  const typed = code.toLowerCase().replaceAll('-', '');
  await page.fill('#code', typed);
  await Promise.all([
    page.waitForURL((url) => url.pathname === `/api/reports/${code}`),
    page.click('#status-form button[type="submit"]'),
  ]);
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  assert.match(await page.textContent('h1'), new RegExp(code));
  assert.match(await page.textContent('.status-current'), /Laporan diterima/);
  assert.equal(await page.locator('.timeline li').count(), 1, 'one timeline entry');

  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('without JavaScript the English form answers problems in English', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { javaScriptEnabled: false, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/en/report/`);
  await fillReport(page, validReport({ description: '', reporter_email: 'budi.santoso@' }));
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.click('#report-form button[type="submit"]'),
  ]);
  await page.waitForLoadState();
  assert.equal(answer.status(), 422);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /Please check your report/);
  const problems = await page.locator('main li').allTextContents();
  assert.ok(problems.some((problem) => /Required\./.test(problem)), `a required field is named: ${problems}`);
  assert.ok(
    problems.some((problem) => /Not a valid e-mail address/.test(problem)),
    `the e-mail address is refused: ${problems}`,
  );

  // As the page says, Back returns to the form with what was typed.
  await page.goBack();
  assert.equal(new URL(page.url()).pathname, '/en/report/');
  assert.equal(await page.inputValue('#reporter_email'), 'budi.santoso@');
  assert.equal(await page.inputValue('#incident_type'), validReport().incident_type);
  assert.equal(await page.inputValue('#affected_url'), validReport().affected_url);

  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('without JavaScript the problems page names each field as the form labels it', { timeout: TEST_TIMEOUT }, async () => {
  const unnamed = [];
  for (const [lang, path] of [['id', '/lapor/'], ['en', '/en/report/']]) {
    const context = await newContext(suite.browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${siteUrl()}${path}`);
    const labels = {};
    for (const id of ['description', 'reporter_email']) {
      labels[id] = (await page.textContent(`label[for="${id}"]`)).replace(/\s*\(.*\)\s*$/, '').trim();
    }
    await fillReport(page, validReport({ description: '', reporter_email: 'budi.santoso@' }));
    await Promise.all([page.waitForURL('**/api/reports'), page.click('#report-form button[type="submit"]')]);
    const problems = (await page.locator('main li').allTextContents()).map((problem) => problem.trim());
    for (const [id, label] of Object.entries(labels)) {
      // "Label: problem", or "Label? Problem" after a label that is a question (no doubled punctuation).
      const introduced = /[?.!:]$/.test(label) ? `${label} ` : `${label}:`;
      if (!problems.some((problem) => problem.startsWith(introduced))) {
        unnamed.push(`${lang}: field ${id}, labelled "${label}" on ${path}; the page lists ${JSON.stringify(problems)}`);
      }
    }
    assert.deepEqual(context.offsite, []);
    await context.close();
  }
  assert.deepEqual(unnamed, [], 'problems not introduced by their field\'s label');
});
