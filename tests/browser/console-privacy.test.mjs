// The reporter's rights under UU 27/2022 in the staff console, as staff answer a reporter's request: two reports
// filed on the public form by one reporter; the front desk (`meja`, whose role the Bali SOP gives `find_reporter`,
// `access_export` and `correct_reporter`) finds both cases from the menu's "Data pelapor" page by the reporter's
// e-mail address (posted: the address never reaches a URL), downloads the access export of one (a JSON
// attachment) and corrects the reporter's e-mail address, a bad value first refused beside its field; the agent
// (`agen`: `redact_reporter` and `erase_case`) redacts that case after a confirmation page that names what will be
// lost, and erases the other after typing its code (a wrong code first refused), landing on a page that says the
// case is gone. Each account sees only its own controls. Every new page passes axe (the reporter data page and the
// case page's section in both languages), with no Content-Security-Policy violation or console error; the search
// and the export also work with JavaScript off. Accounts: `meja` and `agen`, each signed in once for the file.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { validReport } from './harness.mjs';
import {
  CONSOLE_TEST_TIMEOUT,
  assertAccessible,
  assertNoPageProblems,
  fileReport,
  newConsoleContext,
  newPage,
  open,
  signIn,
  switchLanguage,
  useConsoleBrowser,
} from './console-harness.mjs';

/** The reporter of both reports: an address no other test files with. */
const EMAIL = 'rina.privasi@contoh.go.id';
const NAME = 'Rina Privasi Lestari';
const CORRECTED = 'rina.lestari@contoh.go.id';

/** The case corrected, exported and redacted, and the case erased. */
let kept;
let erased;
/** The accounts' sessions (the browser's cookies). */
let frontDesk;
let agent;

const suite = useConsoleBrowser(async (browser) => {
  const context = await newConsoleContext(browser);
  const page = await newPage(context);
  const report = { reporter_name: NAME, reporter_email: EMAIL, hall_of_fame_alias: 'rina_privasi' };
  kept = await fileReport(page, validReport(report));
  erased = await fileReport(page, validReport({ ...report, title: 'Tautan judi kedua di situs kecamatan' }));
  await signIn(page, 'meja');
  frontDesk = await context.storageState();
  await context.clearCookies();
  await signIn(page, 'agen');
  agent = await context.storageState();
  await context.close();
});

/** The ids of the case page's privacy controls shown. */
async function privacyControls(page) {
  return page.locator('#privacy section.privacy-form').evaluateAll((sections) => sections.map((s) => s.id));
}

/** Submits `form` with its (only) submit button and waits for the page it lands on; the answer's status. */
async function submit(form) {
  const [response] = await Promise.all([page(form).waitForNavigation(), form.locator('button[type="submit"]').click()]);
  return response?.status();
}

/** The page a locator is on. */
function page(locator) {
  return locator.page();
}

/** Searches the reporter data page for `contact` by `by` (`E-mail`/`Telepon` radio label); the answer's status. */
async function search(p, by, contact) {
  const form = p.locator('form.reporter-search');
  await form.getByLabel(by, { exact: true }).check();
  await form.locator('#contact').fill(contact);
  return submit(form);
}

/** The codes of the cases the reporter data page lists. */
async function foundCodes(p) {
  return p.locator('table.found td.code a').allTextContents();
}

test('the front desk finds the reporter by a posted search, downloads the export and corrects the address', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser, { storageState: frontDesk });
  const p = await newPage(context);
  const requests = [];
  p.on('request', (request) => requests.push(request.url()));

  // From the menu.
  await open(p, '/staff/');
  await Promise.all([p.waitForNavigation(), p.locator('nav.console-nav').getByRole('link', { name: 'Data pelapor' }).click()]);
  assert.equal(new URL(p.url()).pathname, '/staff/reporters');
  assert.equal(await p.locator('h1').textContent(), 'Data pelapor');
  await assertAccessible(p, 'the reporter data page (id)');

  // A bad number: refused beside the field.
  assert.equal(await search(p, 'Nomor telepon', '0812-rahasia'), 422);
  assert.match(await p.locator('#e-contact').textContent(), /Nomor telepon tidak valid/);
  assert.equal(await p.locator('#contact').getAttribute('aria-invalid'), 'true');
  await assertAccessible(p, 'the reporter data page with a refused value');

  // By e-mail, in any case: both cases, linked, and the address in no URL.
  assert.equal(await search(p, 'Alamat e-mail', EMAIL.toUpperCase()), 200);
  assert.equal(new URL(p.url()).search, '', 'no query string');
  assert.deepEqual((await foundCodes(p)).sort(), [kept, erased].sort());
  assert.match(await p.locator('#found [role="status"]').textContent(), /2 kasus ditemukan/);
  assert.match(await p.locator('table.found').textContent(), /Diterima/);
  await assertAccessible(p, 'the cases found (id)');
  await switchLanguage(p, 'en');
  assert.equal(await p.locator('h1').textContent(), 'Reporter data');
  await assertAccessible(p, 'the reporter data page (en)');
  await switchLanguage(p, 'id');
  assert.equal(await search(p, 'Alamat e-mail', EMAIL), 200);

  await Promise.all([p.waitForNavigation(), p.locator('table.found').getByRole('link', { name: kept }).click()]);
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${kept}`);
  assert.deepEqual(await privacyControls(p), ['privacy-export', 'privacy-correct'], 'only the front desk’s rights');

  // The access export: a JSON attachment no cache keeps.
  const [download, answer] = await Promise.all([
    p.waitForEvent('download'),
    p.waitForResponse((r) => r.url().endsWith(`/staff/cases/${kept}/privacy/export`)),
    p.locator('#privacy-export button').click(),
  ]);
  assert.equal(answer.status(), 200);
  const headers = answer.headers();
  assert.equal(headers['content-type'], 'application/json');
  assert.match(headers['content-disposition'], new RegExp(`^attachment; filename="data-pelapor-${kept}\\.json"`));
  assert.equal(headers['cache-control'], 'no-store');
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.equal(download.suggestedFilename(), `data-pelapor-${kept}.json`);
  const exported = JSON.parse(await streamText(await download.createReadStream()));
  assert.equal(exported.code, kept);
  assert.equal(exported.report.reporter.email, EMAIL);
  assert.equal(exported.report.reporter.name, NAME);
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${kept}`, 'still on the case page');

  // A correction: a bad address beside its field, nothing changed; then the right one.
  const form = p.locator('#privacy-correct form');
  await form.getByLabel('Isian').selectOption('email');
  await form.getByLabel('Nilai baru').fill('rina@contoh');
  assert.equal(await submit(form), 422);
  assert.match(await p.locator('#e-correct-value').textContent(), /Alamat e-mail tidak valid/);
  assert.equal(await p.locator('#correct-value').inputValue(), 'rina@contoh', 'what was typed, kept');
  assert.match(await p.locator('#reporter + dl').textContent(), new RegExp(EMAIL.replaceAll('.', '\\.')));
  await assertAccessible(p, 'the case page with a refused correction');
  await p.locator('#correct-value').fill(CORRECTED);
  assert.equal(await submit(p.locator('#privacy-correct form')), 200);
  assert.equal(new URL(p.url()).hash, '#privacy');
  assert.equal(await p.locator('#privacy .notice').first().textContent(), 'Data pelapor dikoreksi: E-mail.');
  assert.match(await p.locator('#reporter + dl').textContent(), new RegExp(CORRECTED.replaceAll('.', '\\.')));
  for (const lang of ['id', 'en']) {
    await switchLanguage(p, lang);
    await assertAccessible(p, `the case page with the reporter's rights (${lang})`);
  }
  await switchLanguage(p, 'id');

  assert.ok(requests.every((url) => !url.toLowerCase().includes('rina')), `the reporter in a URL: ${requests}`);
  assertNoPageProblems(p, 'the front desk’s pages');
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  await context.close();
});

test('without JavaScript the search and the export work as plain forms', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const plain = await newConsoleContext(suite.browser, { storageState: frontDesk, javaScriptEnabled: false });
  const p = await newPage(plain);
  await open(p, '/staff/reporters');
  assert.equal(await search(p, 'Alamat e-mail', CORRECTED), 200);
  assert.deepEqual(await foundCodes(p), [kept], 'the corrected address finds its case only');
  await Promise.all([p.waitForNavigation(), p.locator('table.found').getByRole('link', { name: kept }).click()]);
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#privacy-export button').click()]);
  const exported = JSON.parse(await streamText(await download.createReadStream()));
  assert.equal(exported.report.reporter.email, CORRECTED);
  assertNoPageProblems(p, 'the reporter data without JavaScript');
  await plain.close();
});

test('the agent redacts one case after its confirmation and erases the other after typing its code', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser, { storageState: agent });
  const p = await newPage(context);

  // The redaction: what will be lost, named, before anything is done.
  await open(p, `/staff/cases/${kept}`);
  assert.deepEqual(await privacyControls(p), ['privacy-redact', 'privacy-erase'], 'only the agent’s rights');
  await Promise.all([p.waitForNavigation(), p.locator('#privacy-redact button').click()]);
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${kept}/privacy/redact`);
  assert.equal(new URL(p.url()).search, '', 'the files are not kept: nothing ticked');
  const lost = await p.locator('ul.lost').first().textContent();
  assert.match(lost, /Data pelapor: Nama, E-mail/);
  assert.match(lost, /Alias Hall of Fame pelapor/);
  assert.match(lost, /1 berkas pelapor, dihapus dari penyimpanan bukti/);
  assert.match(await p.locator('.alert').textContent(), /Redaksi tidak dapat dibatalkan/);
  await assertAccessible(p, 'the redaction’s confirmation (id)');
  await switchLanguage(p, 'en');
  assert.match(await p.locator('h1').textContent(), /^Redact the reporter's data of case/);
  await assertAccessible(p, 'the redaction’s confirmation (en)');
  await switchLanguage(p, 'id');
  assert.equal(await submit(p.locator('form#confirm')), 200);
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${kept}`);
  assert.equal(new URL(p.url()).hash, '#privacy');
  assert.match(await p.locator('#privacy').textContent(), /Data pribadi dan teks bebas pelapor sudah diredaksi\./);
  const body = await p.locator('main').textContent();
  for (const personal of [NAME, CORRECTED, EMAIL]) assert.ok(!body.includes(personal), `${personal} still shown`);

  // The erasure: a wrong code refused beside its field, then the case's own.
  await open(p, `/staff/cases/${erased}`);
  await Promise.all([p.waitForNavigation(), p.locator('#privacy-erase button').click()]);
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${erased}/privacy/erase`);
  assert.match(await p.locator('ul.lost').textContent(), /Riwayatnya: \d+ peristiwa/);
  await assertAccessible(p, 'the erasure’s confirmation');
  const confirm = p.locator('form#confirm');
  await confirm.getByLabel(`Ketik kode kasus (${erased}) untuk memastikan`).fill(kept);
  assert.equal(await submit(confirm), 422);
  assert.match(await p.locator('#e-confirm-code').textContent(), /Tidak ada yang dihapus\./);
  await assertAccessible(p, 'the erasure’s confirmation with a wrong code');
  await p.locator('#confirm-code').fill(erased.toLowerCase());
  assert.equal(await submit(p.locator('form#confirm')), 200);
  assert.equal(new URL(p.url()).pathname, `/staff/cases/${erased}/erased`);
  assert.equal(await p.locator('h1').textContent(), `Kasus ${erased} sudah dihapus`);
  await assertAccessible(p, 'the page after an erasure');
  await open(p, `/staff/cases/${erased}`, 404);

  assertNoPageProblems(p, 'the agent’s pages');
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  await context.close();
});

/** A readable stream's content as UTF-8 text. */
async function streamText(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
