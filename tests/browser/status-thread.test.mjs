// The reporter's conversation with the team on the status page: with JavaScript the thread is shown on the site's
// status page and a reply (with a file) is sent without leaving it; without JavaScript the intake's status page
// shows the thread and its form posts the reply. axe finds no WCAG A/AA violation on either.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  TEST_TIMEOUT,
  assertAccessible,
  evidenceFile,
  fileReportByApi,
  newContext,
  siteUrl,
  useBrowser,
} from './harness.mjs';

const suite = useBrowser();

test('with JavaScript the reporter replies on the status page and sees the thread', { timeout: TEST_TIMEOUT }, async () => {
  const code = await fileReportByApi();
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/status/?code=${code}`);
  await page.locator('#status-result').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#thread-empty').isVisible(), true, 'an empty thread says so');
  assert.match(await page.textContent('#thread-area .hint'), /Siapa pun yang memegang kode pelacakan/);
  await page.fill('#reply-text', 'Situs sudah normal lagi sejak pagi.\nApakah saya perlu melakukan hal lain?');
  await page.setInputFiles('#reply-evidence', evidenceFile());
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.click('#reply-form button[type="submit"]'),
  ]);
  assert.equal(answer.status(), 201);
  await page.locator('#reply-sent').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#reply-text'), '', 'the form is emptied once the reply is stored');
  const messages = page.locator('#thread li.message');
  assert.equal(await messages.count(), 1);
  assert.match(await messages.first().textContent(), /Situs sudah normal lagi sejak pagi\./);
  assert.match(await messages.first().locator('.message-meta').textContent(), /^Anda,/);
  assert.match(await messages.first().locator('.message-files').textContent(), /tangkapan-layar\.png/);
  assert.equal(await messages.first().locator('.message-files a').count(), 0, "the reporter's own file is no link");
  assert.equal(await page.locator('#thread-empty').isVisible(), false);
  await assertAccessible(page, '/status/ with the thread and the reply form');

  // A second reply without a file, seen after the first.
  await page.fill('#reply-text', 'Terima kasih.');
  await page.click('#reply-form button[type="submit"]');
  await page.locator('#thread li.message').nth(1).waitFor();
  assert.match(await page.locator('#thread li.message').nth(1).textContent(), /Terima kasih\./);
  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('without JavaScript the intake status page shows the thread and takes a reply', { timeout: TEST_TIMEOUT }, async () => {
  const code = await fileReportByApi();
  const context = await newContext(suite.browser, { javaScriptEnabled: false, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/api/reports/${code}?lang=en`);
  assert.match(await page.textContent('#percakapan'), /Conversation with the team/);
  assert.match(await page.textContent('main'), /No messages yet\./);
  await page.fill('#reply-text', 'The defaced page is still cached by search engines.');
  await page.setInputFiles('#reply-evidence', evidenceFile());
  const [answer] = await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.click('.reply-form button[type="submit"]'),
  ]);
  await page.waitForLoadState();
  assert.equal(answer.status(), 201);
  assert.match(await page.textContent('h1'), /Your message has been sent to the team/);
  await Promise.all([page.waitForLoadState(), page.click('main a')]);
  assert.equal(new URL(page.url()).pathname, `/api/reports/${code}`);
  const message = page.locator('.thread li.message');
  assert.equal(await message.count(), 1);
  assert.match(await message.textContent(), /still cached by search engines/);
  assert.match(await message.textContent(), /tangkapan-layar\.png/);
  assert.deepEqual(context.offsite, []);
  await context.close();

  // axe runs in a context with scripts, on the same page the browser without them got.
  const checking = await newContext(suite.browser, { locale: 'en-GB' });
  const checked = await checking.newPage();
  await checked.goto(`${siteUrl()}/api/reports/${code}?lang=en`);
  await assertAccessible(checked, 'the intake status page with its thread and reply form');
  await checking.close();
});
