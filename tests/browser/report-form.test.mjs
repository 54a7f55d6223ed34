// The report form with JavaScript: the class filters the type list, a report with evidence is sent in the
// background and answered with a tracking code that can be copied and looked up; problems are shown beside
// their fields, in the page's language, and what was typed stays.

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

/** The visible inline error of a field, or null when it is hidden. */
async function inlineError(page, id) {
  const slot = page.locator(`#${id}-error`);
  return (await slot.isVisible()) ? (await slot.textContent()).trim() : null;
}

test('a report with evidence gets a tracking code that copies and shows its status', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: siteUrl() });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/lapor/`);

  // The type list offers only the chosen class's types.
  await page.selectOption('#incident_class', 'fraud');
  const offered = await page.$$eval('#incident_type option:not([value=""])', (options) =>
    options.filter((option) => !option.matches(':disabled')).map((option) => option.value),
  );
  assert.ok(offered.includes('phishing'), `fraud offers phishing: ${offered}`);
  assert.ok(!offered.includes('application-compromise'), `fraud offers no intrusion type: ${offered}`);
  await page.selectOption('#incident_type', 'phishing');
  await page.selectOption('#incident_class', 'intrusions');
  assert.equal(await page.inputValue('#incident_type'), '', 'a type of another class is cleared');

  await fillReport(page, validReport());
  await page.click('#report-form button[type="submit"]');

  const receipt = page.locator('#receipt');
  await receipt.waitFor({ state: 'visible' });
  assert.equal(await page.locator('#report-form').isVisible(), false, 'the form makes way for the receipt');
  const code = (await page.textContent('#receipt-code')).trim();
  assert.match(code, TRACKING_CODE);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'receipt', 'the receipt takes the focus');

  const button = await page.$eval('#copy-code', (b) => [getComputedStyle(b).fontFamily, getComputedStyle(b).fontSize]);
  assert.ok(!/mono/i.test(button[0]) && button[1] === '16px', `the copy button is in the text font: ${button}`);
  await page.click('#copy-code');
  await page.locator('#copy-done').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code, 'the clipboard holds the code');

  await page.click('#receipt-status');
  await page.waitForURL((url) => url.pathname === '/status/' && url.searchParams.get('code') === code);
  await page.locator('#status-result').waitFor({ state: 'visible' });
  const label = (await page.textContent('#status-label')).trim();
  assert.ok(label.includes(code), `the status names the code: ${label}`);
  assert.ok(label.includes('Laporan diterima'), `the status is "Laporan diterima": ${label}`);
  const timeline = await page.locator('#status-timeline li').allTextContents();
  assert.equal(timeline.length, 1, `one timeline entry: ${JSON.stringify(timeline)}`);
  assert.match(timeline[0], /Laporan diterima/);

  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('problems are shown beside their fields and what was typed stays', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/lapor/`);
  const typed = validReport({ description: '', reporter_email: 'budi.santoso@' });
  await fillReport(page, typed);
  await page.click('#report-form button[type="submit"]');

  const summary = page.locator('#form-summary');
  await summary.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'form-summary', 'the summary takes the focus');
  const summaryText = await summary.textContent();
  assert.match(summaryText, /perlu diperbaiki/);
  const links = await summary.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#reporter_email', '#description'], 'problems in the order of the form');
  assert.equal(
    (await summary.locator('a[href="#description"]').textContent()).trim(),
    'Apa yang terjadi? Wajib diisi.',
    'no doubled punctuation after a label that ends in a question mark',
  );

  assert.equal(await inlineError(page, 'description'), 'Wajib diisi.');
  assert.match((await inlineError(page, 'reporter_email')) ?? '', /^Alamat e-mail tidak valid/);
  for (const id of ['description', 'reporter_email']) {
    assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', `${id} is marked invalid`);
    const describedBy = (await page.getAttribute(`#${id}`, 'aria-describedby')) ?? '';
    assert.ok(describedBy.split(/\s+/).includes(`${id}-error`), `${id} is described by its error`);
    // The mark is seen too: the field's border turns the error colour, over the text inputs' own border rule.
    const border = await page.$eval(`#${id}`, (field) => [getComputedStyle(field).borderTopColor, getComputedStyle(field).borderTopWidth]);
    assert.deepEqual(border, ['rgb(179, 38, 30)', '2px'], `${id} shows its invalid mark`);
  }
  const gap = await page.$eval('main', (main) => getComputedStyle(main).paddingTop);
  assert.equal(gap, '24px', 'a gap under the header');
  const invalid = await page.$$eval('#report-form [aria-invalid]', (fields) => fields.map((field) => field.id));
  assert.deepEqual(invalid.sort(), ['description', 'reporter_email'], 'no other field is marked invalid');

  // What was typed is still there, the evidence file too.
  for (const id of ['reporter_name', 'reporter_email', 'incident_class', 'incident_type', 'title', 'affected_url', 'hall_of_fame_alias']) {
    assert.equal(await page.inputValue(`#${id}`), typed[id], `${id} keeps its value`);
  }
  assert.equal(await page.isChecked('#hall_of_fame_consent'), true, 'the consent stays ticked');
  assert.deepEqual(
    await page.$eval('#evidence', (input) => [...input.files].map((file) => file.name)),
    [typed.evidence.name],
    'the evidence stays attached',
  );

  // Corrected, the same form goes through and the errors go away.
  await fillReport(page, { description: validReport().description, reporter_email: validReport().reporter_email });
  await page.click('#report-form button[type="submit"]');
  await page.locator('#receipt').waitFor({ state: 'visible' });
  assert.match((await page.textContent('#receipt-code')).trim(), TRACKING_CODE);
  assert.equal(await page.locator('#form-summary').isVisible(), false);

  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('the English form gives English errors', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/en/report/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await fillReport(page, validReport({ description: '', reporter_email: 'budi.santoso@' }));
  await page.click('#report-form button[type="submit"]');

  const summary = page.locator('#form-summary');
  await summary.waitFor({ state: 'visible' });
  assert.match(await summary.textContent(), /Some fields need correcting/);
  assert.equal(await inlineError(page, 'description'), 'Required.');
  assert.match((await inlineError(page, 'reporter_email')) ?? '', /^Not a valid e-mail address/);
  assert.equal(await page.getAttribute('#description', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#reporter_email', 'aria-invalid'), 'true');

  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('the English receipt leads to the English status page', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/en/report/`);
  await fillReport(page, validReport());
  await page.click('#report-form button[type="submit"]');
  await page.locator('#receipt').waitFor({ state: 'visible' });
  const code = (await page.textContent('#receipt-code')).trim();
  assert.match(code, TRACKING_CODE);

  const href = await page.getAttribute('#receipt-status', 'href');
  assert.equal(
    new URL(href, siteUrl()).pathname,
    '/en/status/',
    `the English receipt's "${(await page.textContent('#receipt-status')).trim()}" link goes to ${href}`,
  );
  await page.click('#receipt-status');
  await page.locator('#status-result').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#status-label'), /Report received/i);

  assert.deepEqual(context.offsite, []);
  await context.close();
});
