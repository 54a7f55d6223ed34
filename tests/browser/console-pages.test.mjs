// Every page type of the staff console, in both languages (switched with the header's link): axe-core's WCAG
// 2.0/2.1 A and AA rules find nothing, the browser reports no Content-Security-Policy violation or other console
// error, and at a phone's width (390 px) the queue and the case page do not scroll sideways. The case page with
// step forms is checked the same way in console-case.test.mjs, by the accounts that take those steps. Account:
// `admin`, the one account that sees every page.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { validReport } from './harness.mjs';
import {
  CONSOLE_TEST_TIMEOUT,
  PHONE,
  assertAccessible,
  assertNoHorizontalOverflow,
  assertNoPageProblems,
  csirt,
  fileReport,
  newConsoleContext,
  newPage,
  open,
  password,
  signIn,
  switchLanguage,
  useConsoleBrowser,
} from './console-harness.mjs';

/** The case the pages show, filed on the public form before the tests. */
let code;
/** `admin`'s session (the browser's cookies), signed in once for the file: sign-in is throttled. */
let admin;

const suite = useConsoleBrowser(async (browser) => {
  const context = await newConsoleContext(browser);
  const page = await newPage(context);
  code = await fileReport(page, validReport({ hall_of_fame_alias: 'pelapor_halaman' }));
  await signIn(page, 'admin');
  admin = await context.storageState();
  await context.close();
});

/** The signed-in pages, each as its type and path (the case's once it is filed). */
function signedInPages() {
  return [
    { type: 'queue', path: '/staff/' },
    { type: 'queue print sheet', path: '/staff/queue/print' },
    { type: 'case page', path: `/staff/cases/${code}` },
    { type: 'publish', path: '/staff/publish' },
    { type: 'reports', path: '/staff/reports' },
    { type: 'accounts', path: '/staff/accounts' },
    { type: 'passkeys', path: '/staff/passkeys' },
  ];
}

/** Opens `path`, checks it is in `lang`, has had no browser problem, and passes axe. */
async function checkPage(page, type, path, lang) {
  await open(page, path);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `${type} (${path}) is in ${lang}`);
  assertNoPageProblems(page, `${type} (${lang}, ${path})`);
  await assertAccessible(page, `${type} (${lang}, ${path})`);
}

test('the sign-in and enrolment pages, in both languages, pass axe without CSP violations', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser);
  const page = await newPage(context);
  const failures = [];
  for (const lang of ['id', 'en']) {
    for (const { type, path } of [
      { type: 'sign-in', path: '/staff/login' },
      { type: 'enrolment', path: '/staff/enrol' },
    ]) {
      await open(page, path);
      await switchLanguage(page, lang);
      try {
        await checkPage(page, type, path, lang);
      } catch (error) {
        failures.push(error.message);
      }
    }
  }
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  assert.equal(failures.length, 0, failures.join('\n\n'));
  await context.close();
});

test('enrolment with a code from csirt staff add, refused and done, in both languages, passes axe without CSP violations', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser);
  const page = await newPage(context);
  const failures = [];
  for (const lang of ['id', 'en']) {
    // A new account without a password or authenticator: its one-time enrolment code, made by the admin.
    const login = `baru-${lang}`;
    const name = `Pegawai Baru ${lang}`;
    const added = JSON.parse(await csirt('staff', 'add', login, '--name', name, '--role', 'viewer', '--json'));
    const enrolment = added.enrolment_code;
    assert.ok(enrolment, `csirt staff add ${login} gave an enrolment code`);

    await open(page, '/staff/enrol');
    await switchLanguage(page, lang);
    const form = page.locator('form.enrol');
    await form.locator('[name="code"]').fill(enrolment);
    await form.locator('[name="password"]').fill(password());
    await form.locator('[name="password_again"]').fill(`${password()}-lain`);
    await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
    const told = await page.locator('main .field-error, main .problem').count();
    assert.ok(told > 0, `two different passwords are refused, with the reason shown (${lang})`);
    try {
      assertNoPageProblems(page, `enrolment refused (${lang})`);
      await assertAccessible(page, `enrolment refused (${lang})`);
    } catch (error) {
      failures.push(error.message);
    }

    await form.locator('[name="password"]').fill(password());
    await form.locator('[name="password_again"]').fill(password());
    await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
    const secret = (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/, `the enrolment shows the new TOTP secret once (${lang})`);
    try {
      assertNoPageProblems(page, `enrolment done (${lang})`);
      await assertAccessible(page, `enrolment done (${lang})`);
    } catch (error) {
      failures.push(error.message);
    }
  }
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  assert.equal(failures.length, 0, failures.join('\n\n'));
  await context.close();
});

test('every signed-in page type, in both languages, passes axe without CSP violations', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser, { storageState: admin });
  const page = await newPage(context);
  const failures = [];
  for (const lang of ['id', 'en']) {
    await open(page, '/staff/');
    await switchLanguage(page, lang);
    for (const { type, path } of signedInPages()) {
      // Each page is checked on its own, so that one missing page does not hide the others' findings.
      try {
        await checkPage(page, type, path, lang);
      } catch (error) {
        failures.push(error.message);
      }
    }
  }
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  assert.equal(failures.length, 0, `${failures.length} page(s) failed:\n\n${failures.join('\n\n')}`);
  await context.close();
});

test('at 390 px the queue and the case page do not scroll sideways, in both languages', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser, { storageState: admin, viewport: PHONE });
  const page = await newPage(context);
  for (const lang of ['id', 'en']) {
    await open(page, '/staff/');
    await switchLanguage(page, lang);
    assert.equal(await page.locator(`tr[data-code="${code}"]`).count(), 1, 'the queue lists the case');
    await assertNoHorizontalOverflow(page, `the queue (${lang})`);
    await open(page, `/staff/cases/${code}`);
    await assertNoHorizontalOverflow(page, `the case page (${lang})`);
    assertNoPageProblems(page, `the queue and the case page at 390 px (${lang})`);
  }
  await context.close();
});
