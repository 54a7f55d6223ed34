// The document verification page (/verifikasi/) in Chromium: a document the team issued (a verification report,
// issued with `csirt` against the site's own store) is found by its code from the QR code's address, its file
// hashed in the browser matches and a changed file does not; without JavaScript the form goes to the intake,
// whose page answers the same (axe checks it with the script engine on: it cannot run without); an unknown code gets the one answer unknown codes get; nothing of the case shows.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { before, after, test } from 'node:test';
import { promisify } from 'node:util';

import { TEST_TIMEOUT, assertAccessible, newContext, siteUrl, useBrowser } from './harness.mjs';

const run = promisify(execFile);
const suite = useBrowser();
const issued = { dir: undefined, code: undefined, verification: undefined, sha256: undefined, html: undefined };

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: start the site with tests/support/services.sh's start_site`);
  return value;
}

/** `csirt ARGS… --json` against the site's store and team file, as the operating-system user; its JSON. */
async function csirt(...args) {
  const dataDir = required('CSIRT_TEST_SITE_DATA_DIR');
  const config = required('CSIRT_TEST_SITE_CONFIG');
  try {
    const { stdout } = await run(required('CSIRT_TEST_SITE_CSIRT'), [...args, '--json', '--data-dir', dataDir, '--config', config], {
      env: { ...process.env, CSIRT_STORE: 'sqlite' },
      timeout: 60_000,
    });
    return JSON.parse(stdout);
  } catch (error) {
    throw new Error(`csirt ${args.join(' ')} failed (${error.code}): ${error.stdout || ''}${error.stderr || error.message}`);
  }
}

before(async () => {
  // The site's store has no account: the first, an admin bound to whoever runs the tests, also holds the team's
  // role (Tegal's `tim`) to verify a report and issue its verification report.
  await csirt('staff', 'add', 'penguji', '--name', 'Penguji Verifikasi', '--role', 'admin', '--os-user', userInfo().username);
  await csirt('staff', 'grant', 'penguji', 'tim');
  const recorded = await csirt(
    'case', 'record', '--channel', 'email',
    '--field', 'reporter_kind=public',
    '--field', 'reporter_name=Pelapor Rahasia',
    '--field', 'reporter_email=pelapor.rahasia@example.org',
    '--field', 'incident_class=intrusions',
    '--field', 'incident_type=application-compromise',
    '--field', 'affected_url=https://dinas.tegalkab.go.id/',
    '--field', 'description=Tampilan situs dinas diubah oleh pihak tak dikenal sejak pagi ini.',
  );
  issued.code = recorded.tracking_code;
  await csirt('case', 'start-verification', issued.code);
  await csirt('case', 'verify', issued.code, '--valid');
  issued.dir = await mkdtemp(join(tmpdir(), 'csirt-verification-'));
  const answer = await csirt('case', 'issue', issued.code, 'verification-report', '--output', issued.dir);
  issued.verification = answer.document.verification;
  issued.sha256 = answer.document.sha256;
  issued.number = answer.document.number;
  issued.html = answer.html;
  assert.match(issued.verification, /^[0-9a-z]{20}$/, 'a verification code');
  assert.match(issued.sha256, /^[0-9a-f]{64}$/);
});

after(async () => {
  if (issued.dir) await rm(issued.dir, { recursive: true, force: true });
});

/** What a page holds that it must not: the reporter's data and the case's tracking code. */
async function assertNothingOfTheCase(page, what) {
  const text = await page.content();
  for (const secret of ['Pelapor Rahasia', 'pelapor.rahasia@example.org', issued.code, 'Tampilan situs dinas']) {
    assert.ok(!text.includes(secret), `${what} shows ${secret}`);
  }
}

test('the QR code address finds the document, and its file hashed in the browser matches', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/verifikasi/?kode=${issued.verification}`);
  await page.locator('#verify-document').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#kode'), issued.verification);
  assert.match(await page.textContent('#verify-outcome'), /Kode ini milik dokumen yang diterbitkan tim/);
  assert.equal((await page.textContent('#verify-number')).trim(), issued.number);
  assert.match(await page.textContent('#verify-title'), /Laporan Verifikasi Insiden Siber/);
  assert.match(await page.textContent('#verify-team'), /TegalKab-CSIRT/);
  assert.ok(await page.locator('#verify-hash').isHidden(), 'no hash given, no hash outcome');
  await assertNothingOfTheCase(page, '/verifikasi/ with a document found');
  await assertAccessible(page, '/verifikasi/ with a document found');

  // The issued file, chosen on the page: hashed here, the same SHA-256 the team recorded, a match.
  await page.setInputFiles('#verify-file', issued.html);
  await page.click('#verify-form button[type="submit"]');
  await page.locator('#verify-hash').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#sha256'), issued.sha256, 'the browser hashed the file as the team did');
  assert.match(await page.textContent('#verify-hash'), /cocok dengan dokumen yang diterbitkan/);

  // The same file with one word changed: a mismatch.
  const changed = (await readFile(issued.html, 'utf8')).replace('Laporan', 'Laporam');
  await page.setInputFiles('#verify-file', { name: 'ubah.html', mimeType: 'text/html', buffer: Buffer.from(changed) });
  await page.click('#verify-form button[type="submit"]');
  await page.waitForFunction(() => /TIDAK cocok/.test(document.getElementById('verify-hash').textContent));
  assert.notEqual(await page.inputValue('#sha256'), issued.sha256);
  await assertAccessible(page, '/verifikasi/ with a hash that does not match');
  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('an unknown code gets the answer every unknown code gets, in English too', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/en/verifikasi/`);
  await assertAccessible(page, '/en/verifikasi/');
  await page.fill('#kode', 'zzzzzzzzzzzzzzzzzzzz');
  await page.click('#verify-form button[type="submit"]');
  await page.locator('#verify-result').waitFor({ state: 'visible' });
  assert.match(await page.textContent('#verify-outcome'), /No document issued by the team has this verification code/);
  assert.ok(await page.locator('#verify-document').isHidden());
  assert.deepEqual(context.offsite, []);
  await context.close();
});

test('without JavaScript the form goes to the intake, whose page answers with the document and the hash', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${siteUrl()}/verifikasi/`);
  assert.ok(await page.locator('#verify-file-field').isHidden(), 'no file field without the script that hashes it');
  await page.fill('#kode', issued.verification);
  await page.fill('#sha256', issued.sha256);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/api/verifikasi'),
    page.click('#verify-form button[type="submit"]'),
  ]);
  assert.equal(await page.getAttribute('html', 'lang'), 'id');
  const body = await page.textContent('body');
  assert.ok(body.includes(issued.number), 'the document number');
  assert.match(body, /cocok/);
  await assertNothingOfTheCase(page, 'the intake\'s verification page');
  assert.deepEqual(context.offsite, []);
  await context.close();

  // The same page checked by axe (which needs the browser's script engine).
  const checking = await newContext(suite.browser);
  const checked = await checking.newPage();
  await checked.goto(`${siteUrl()}/api/verifikasi?kode=${issued.verification}&sha256=${issued.sha256}`);
  await assertAccessible(checked, 'the intake\'s verification page');
  await checking.close();
});
