// The thread with the reporter on the case page, as staff use it: a report filed on the public form; the agent
// (`agen`, whose role the Bali SOP gives `message_reporter` and `set_reply_channel`) writes to the reporter with a
// PDF attached, in a browser with JavaScript off (the form is plain HTML, multipart), and sees the message on the
// thread with its file as a download (an attachment, never shown inline); a text naming an e-mail address comes
// back unsent with the address named and a confirmation to tick, keeping what was typed, and is sent once it is
// ticked; the reply channel is switched to e-mail only and back. The case page with its thread, and the page that
// asks for the confirmation, pass axe in both languages, with no Content-Security-Policy violation or console
// error. Account: `agen`, signed in once for the file (sign-in is throttled).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { validReport } from './harness.mjs';
import {
  CONSOLE_TEST_TIMEOUT,
  assertAccessible,
  assertNoPageProblems,
  consoleUrl,
  fileReport,
  newConsoleContext,
  newPage,
  open,
  signIn,
  switchLanguage,
  useConsoleBrowser,
} from './console-harness.mjs';

/** The case written on, filed on the public form before the tests. */
let code;
/** `agen`'s session (the browser's cookies). */
let agent;

const suite = useConsoleBrowser(async (browser) => {
  const context = await newConsoleContext(browser);
  const page = await newPage(context);
  code = await fileReport(page, validReport({ hall_of_fame_alias: 'pelapor_percakapan' }));
  await signIn(page, 'agen');
  agent = await context.storageState();
  await context.close();
});

/** A small PDF, as the console's content check knows one. */
function pdfFile() {
  return {
    name: 'panduan pemulihan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1'),
  };
}

/** Fills the write form and sends it; the answer's status. */
async function write(page, text, { files = [], confirm = false } = {}) {
  const form = page.locator('form#thread-write');
  assert.equal(await form.count(), 1, 'the case page offers the form to write to the reporter');
  assert.equal(await form.getAttribute('enctype'), 'multipart/form-data');
  await form.getByLabel(/^(Pesan|Message)/).fill(text);
  if (files.length > 0) await form.locator('input[type="file"][name="files"]').setInputFiles(files);
  if (confirm) await form.locator('input[name="confirm_personal_data"]').check();
  const [response] = await Promise.all([
    page.waitForNavigation(),
    form.getByRole('button', { name: /^(Kirim ke pelapor|Send to the reporter)$/ }).click(),
  ]);
  return response?.status();
}

/** The thread's messages as shown: who wrote each and its text. */
async function messages(page) {
  return page.locator('#thread li.message').evaluateAll((items) =>
    items.map((item) => ({
      from: [...item.classList].find((c) => c.startsWith('from-')),
      text: item.querySelector('.message-text')?.textContent ?? '',
    })),
  );
}

test('the agent writes to the reporter without JavaScript, confirms an address, and switches the reply channel', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  // Without JavaScript: the form is plain HTML.
  const plain = await newConsoleContext(suite.browser, { storageState: agent, javaScriptEnabled: false });
  const page = await newPage(plain);
  await open(page, `/staff/cases/${code}`);
  assert.equal(await page.locator('#thread h2').textContent(), 'Percakapan dengan pelapor');
  assert.match(await page.locator('#thread-guidance').textContent(), /TLP:AMBER/);
  assert.deepEqual(await messages(page), [], 'no message yet');

  const text = 'Terima kasih atas laporannya.\nPanduan pemulihan kami lampirkan.';
  assert.equal(await write(page, text, { files: [pdfFile()] }), 200, 'sent, and back on the case page');
  const landed = new URL(page.url());
  assert.equal(landed.pathname, `/staff/cases/${code}`);
  assert.equal(landed.hash, '#thread');
  assert.match(await page.locator('#thread .notice').textContent(), /Pesan sudah dikirim/);
  const sent = await messages(page);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].from, 'from-team');
  assert.equal(sent[0].text, text, 'the text with its line break');
  assert.equal((await page.locator('#thread li.message .actor').textContent()).trim(), 'agen');

  const link = page.locator('#thread .message-files a');
  assert.equal(await link.textContent(), 'panduan pemulihan.pdf');
  assert.equal(await link.getAttribute('download'), '', 'a download link');
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`^/staff/cases/${code}/evidence/[0-9a-f]{64}$`));
  assert.equal(await page.locator('#thread img').count(), 0, 'no file shown inline');
  const file = await page.request.get(`${consoleUrl()}${href}`);
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-disposition'], /^attachment; filename="panduan pemulihan\.pdf"/);
  assert.equal(file.headers()['content-type'], 'application/octet-stream');
  assert.equal(file.headers()['x-content-type-options'], 'nosniff');

  // An e-mail address is asked about first; the text stays as typed.
  const naming = 'Bila perlu, hubungi admin@kecamatan-contoh.go.id untuk pemulihan.';
  assert.equal(await write(page, naming), 422, 'held for the confirmation');
  const warning = page.locator('#thread-write .alert');
  assert.match(await warning.textContent(), /admin@kecamatan-contoh\.go\.id/);
  assert.equal(await page.locator('#thread-text').inputValue(), naming, 'the text kept');
  assert.equal(
    (await page.getByLabel('Saya memastikan data ini boleh dibaca pemegang kode pelacakan').count()),
    1,
    'the confirmation, labelled',
  );
  assert.equal((await messages(page)).length, 1, 'nothing sent');
  assert.equal(await write(page, naming, { confirm: true }), 200, 'sent once confirmed');
  assert.deepEqual(
    (await messages(page)).map((m) => m.text),
    [text, naming],
  );

  // The reply channel: e-mail only, then back to the thread.
  const channel = page.locator('form.reply-channel-form button');
  assert.equal(await channel.textContent(), 'Ubah ke hanya lewat e-mail');
  await Promise.all([page.waitForNavigation(), channel.click()]);
  assert.equal(await page.locator('strong.reply-channel').textContent(), 'hanya lewat e-mail');
  await Promise.all([page.waitForNavigation(), page.locator('form.reply-channel-form button').click()]);
  assert.equal(await page.locator('strong.reply-channel').textContent(), 'percakapan di halaman status');
  assertNoPageProblems(page, 'the thread without JavaScript');
  assert.deepEqual(plain.offsite, [], 'no request left the console site');
  await plain.close();
});

test('the case page with its thread, and the confirmation it asks for, pass axe in both languages', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser, { storageState: agent });
  const page = await newPage(context);
  await open(page, `/staff/cases/${code}`);
  for (const lang of ['id', 'en']) {
    await switchLanguage(page, lang);
    await assertAccessible(page, `the case page with its thread (${lang})`);
  }
  // The page that asks for the confirmation, with its warning and checkbox.
  assert.equal(await write(page, 'Please call us back on +62 812 3456 7890.'), 422);
  assert.match(await page.locator('#thread-write .alert').textContent(), /\+62 812 3456 7890/);
  await assertAccessible(page, 'the case page asking to confirm personal data (en)');
  assertNoPageProblems(page, 'the case page with its thread');
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  await context.close();
});
