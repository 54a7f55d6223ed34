// What the staff console's browser tests (console-*.test.mjs) share: the console site, its test accounts and
// their TOTP codes, sign-in through the form, contexts that keep every request on the console site, and the
// checks every console page gets (axe, Content-Security-Policy violations, horizontal overflow).
//
// The console site is a second `csirt serve`, running the Bali procedure on http://localhost:PORT, started by
// tests/support/console_site.sh's start_console_site, which exports CSIRT_TEST_CONSOLE_URL, the store's directory,
// the team file, the shared password and each account's TOTP secret. Without it, or without Chromium, every test
// fails: this suite never skips.
//
// Sign-in is throttled: 5 attempts per account and 20 per client address in 15 minutes, successful ones
// included, and a TOTP code is good once per account per 30 s step. Each console test file therefore signs in
// with its own accounts, once or twice each, and `signIn` waits for a fresh step rather than replay a code.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { after, before } from 'node:test';
import { promisify } from 'node:util';

import { ACTION_TIMEOUT, fillReport, launchBrowser } from './harness.mjs';

/** A console test's bound: longer than the site's, since a sign-in may wait up to 30 s for a fresh TOTP step. */
export const CONSOLE_TEST_TIMEOUT = 180_000;

/** The console's session cookie. */
export const SESSION_COOKIE = '__Host-csirt-staff';

/** A width at which a phone shows the console. */
export const PHONE = { width: 390, height: 844 };

function required(name, why) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: ${why} — run the browser suite through tests/run, or start the console site with ` +
        'start_console_site from tests/support/console_site.sh',
    );
  }
  return value;
}

/** The console site's base URL, http://localhost:PORT (no trailing slash). */
export function consoleUrl() {
  const parsed = new URL(required('CSIRT_TEST_CONSOLE_URL', 'the console site is not running'));
  if (parsed.protocol !== 'http:' || parsed.hostname !== 'localhost') {
    throw new Error(`CSIRT_TEST_CONSOLE_URL must be http://localhost:PORT, not ${parsed.origin}`);
  }
  return parsed.origin;
}

/** The same server by its loopback address, for requests made from Node (where localhost may mean ::1). */
export function consoleLoopbackUrl() {
  const parsed = new URL(consoleUrl());
  parsed.hostname = '127.0.0.1';
  return parsed.origin;
}

/** Every test account's password. */
export function password() {
  return required('CSIRT_TEST_CONSOLE_PASSWORD', 'the accounts were not made');
}

/** An account's TOTP secret (base32), as `csirt staff add --totp` printed it. */
export function totpSecret(login) {
  return required(`CSIRT_TEST_CONSOLE_TOTP_${login.toUpperCase()}`, `account ${login} was not made`);
}

/** The TOTP step (RFC 6238: 30 s) that `ms` (Unix time in milliseconds) falls in. */
export function totpStep(ms = Date.now()) {
  return Math.floor(ms / 30_000);
}

/** Decodes RFC 4648 base32 (no padding needed). */
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const bytes = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The 6-digit TOTP code of `secret` (base32) for `step` (RFC 6238 with HMAC-SHA-1, RFC 4226's truncation). */
export function totpCode(secret, step = totpStep()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const number = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(number).padStart(6, '0');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fails unless the console site answers its sign-in page. Asked through the loopback address: the server listens
 * on 127.0.0.1.
 */
export async function checkConsoleAnswers() {
  const url = `${consoleLoopbackUrl()}/staff/login`;
  let response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new Error(`the console site does not answer on ${url}: ${error.message}`);
  }
  if (response.status !== 200) throw new Error(`the console site answers ${response.status} on ${url}`);
}

/** True for a URL of the console site, or one that stays in the browser (data:, blob:, about:). */
export function isConsoleLocal(url) {
  const parsed = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(parsed.protocol)) return true;
  return parsed.origin === consoleUrl();
}

/**
 * A browser context for the console whose requests never leave the console site: any other is aborted before it
 * is sent and listed in `context.offsite`. Every page of it records its console errors and the
 * Content-Security-Policy violations the browser reports, in `page.problems` (see `assertNoPageProblems`).
 * Options are those of browser.newContext.
 */
export async function newConsoleContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Makassar', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  context.offsite = [];
  await context.route(
    (url) => !isConsoleLocal(url.href),
    (route) => {
      context.offsite.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  // The browser's own report of each violation, besides its console message. Init scripts and bindings are the
  // browser's, not the page's: the policy does not apply to them.
  await context.exposeBinding('reportPolicyViolation', ({ page }, violation) => {
    page.problems?.push(`CSP violation: ${violation}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const where = `${event.sourceFile || event.documentURI}${event.lineNumber ? `:${event.lineNumber}` : ''}`;
      window.reportPolicyViolation(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${where}`);
    });
  });
  context.on('page', watchPage);
  return context;
}

/** Starts recording a page's console errors, uncaught exceptions and failed resources in `page.problems`. */
function watchPage(page) {
  if (page.problems) return;
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium logs every answer of 400 or more so, the page's own too (a refused form answers 422 by design):
    // a page's status is checked where it is opened, a resource's by the listener below, which names it.
    if (/^Failed to load resource: the server responded with a status of \d+/.test(message.text())) return;
    page.problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
  page.on('response', (response) => {
    const request = response.request();
    if (response.status() >= 400 && !request.isNavigationRequest()) {
      page.problems.push(`${request.resourceType()} ${request.url()} answered ${response.status()} on ${page.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    // net::ERR_ABORTED: the page went on before the resource came (the favicon, often), not a failure.
    const failure = request.failure()?.errorText ?? '';
    if (!request.isNavigationRequest() && isConsoleLocal(request.url()) && failure !== 'net::ERR_ABORTED') {
      page.problems.push(`${request.resourceType()} ${request.url()} failed (${failure}) on ${page.url()}`);
    }
  });
}

/** A new page of a console context, already recording its problems. */
export async function newPage(context) {
  const page = await context.newPage();
  watchPage(page);
  return page;
}

/** Fails with every problem (CSP violation, console error, failed resource) the page has had; forgets them. */
export function assertNoPageProblems(page, what) {
  const problems = page.problems.splice(0);
  assert.equal(problems.length, 0, `${what}: ${problems.length} problem(s) in the browser\n  ${problems.join('\n  ')}`);
}

/**
 * Registers a test file's hooks: before its tests, check that the console site answers, launch Chromium and
 * run `setup(browser)` when given (in the same hook, so that it has the browser); after them, close the browser.
 * The returned object's `browser` is set once the hook has run.
 */
export function useConsoleBrowser(setup) {
  const suite = { browser: undefined };
  before(async () => {
    await checkConsoleAnswers();
    suite.browser = await launchBrowser();
    await setup?.(suite.browser);
  });
  after(async () => {
    await suite.browser?.close();
  });
  return suite;
}

/** Opens a path of the console site and checks the status it answered. */
export async function open(page, path, status = 200) {
  const response = await page.goto(`${consoleUrl()}${path}`);
  assert.ok(response, `${path} answered`);
  assert.equal(response.status(), status, `${path} answers ${status} (${response.url()})`);
  return response;
}

/** The last TOTP step this process used, by login: a code is good once. */
const usedSteps = new Map();

/** Waits until a TOTP step after the one `login` last used has begun; the step to use. */
async function freshStep(login) {
  const last = usedSteps.get(login);
  let step = totpStep();
  if (last !== undefined && step <= last) {
    await sleep((last + 1) * 30_000 - Date.now() + 250);
    step = totpStep();
  }
  return step;
}

/**
 * Signs `login` in through the sign-in form (login, password, TOTP code of a step it has not used, the "Masuk"
 * button: "Sign in" in English) and waits for the queue, or for `next` when given. Should the code have been used already (another process
 * signing the same account in within the same 30 s), it waits for the next step and tries once more.
 */
export async function signIn(page, login, { next } = {}) {
  for (let attempt = 1; ; attempt++) {
    const step = await freshStep(login);
    await open(page, next ? `/staff/login?next=${encodeURIComponent(next)}` : '/staff/login');
    const form = page.locator('form.sign-in');
    await form.locator('[name="login"]').fill(login);
    await form.locator('[name="password"]').fill(password());
    await form.locator('[name="totp"]').fill(totpCode(totpSecret(login), step));
    usedSteps.set(login, step);
    const [response] = await Promise.all([
      page.waitForNavigation(),
      form.getByRole('button', { name: /^(Masuk|Sign in)$/ }).click(),
    ]);
    const path = new URL(page.url()).pathname;
    if (path !== '/staff/login') {
      assert.equal(path, next ? new URL(next, consoleUrl()).pathname : '/staff/', `${login} signed in`);
      return;
    }
    const problem = (await page.locator('.problem').first().textContent().catch(() => '')) ?? '';
    if (attempt === 1 && /used already|sudah dipakai|sudah digunakan/i.test(problem)) continue;
    assert.fail(`${login} could not sign in (${response?.status()}): ${problem.trim()}`);
  }
}

/** Signs out with the header's "Keluar" ("Sign out") button and checks the sign-in page is back. */
export async function signOut(page) {
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/staff/login'),
    page.locator('form[action="/staff/logout"]').getByRole('button', { name: /^(Keluar|Sign out)$/ }).click(),
  ]);
}

/** Switches the console's language with the header's link (`/staff/language/{id|en}?back=…`) and waits for it. */
export async function switchLanguage(page, lang) {
  const current = await page.locator('html').getAttribute('lang');
  if (current === lang) return;
  const link = page.locator(`header a[href^="/staff/language/${lang}?back="]`);
  const before = new URL(page.url());
  await Promise.all([page.waitForNavigation(), link.click()]);
  const now = new URL(page.url());
  assert.equal(now.pathname, before.pathname, 'the language switch goes back to the page it was pressed on');
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `the page is in ${lang} after the switch`);
}

export { assertAccessible } from './harness.mjs';

/** Fails when the page is wider than the viewport's `width` (it scrolls sideways as a whole). */
export async function assertNoHorizontalOverflow(page, what, width = PHONE.width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `${what}: the page is ${scrollWidth} px wide in a ${width} px viewport`);
}

const run = promisify(execFile);

/**
 * Runs `csirt ARGS…` against the console site's store and team file, as the operating-system user running the
 * tests (bound to `admin`); its standard output.
 */
export async function csirt(...args) {
  const binary = required('CSIRT_TEST_CONSOLE_CSIRT', 'the console site is not running');
  const dataDir = required('CSIRT_TEST_CONSOLE_DATA_DIR', 'the console site is not running');
  const config = required('CSIRT_TEST_CONSOLE_CONFIG', 'the console site is not running');
  try {
    const { stdout } = await run(binary, [...args, '--data-dir', dataDir, '--config', config], {
      env: { ...process.env, CSIRT_STORE: 'sqlite' },
      timeout: 60_000,
    });
    return stdout;
  } catch (error) {
    throw new Error(`csirt ${args.join(' ')} failed (${error.code}): ${error.stderr || error.message}`);
  }
}

/**
 * Files a report on the console site's public form (`/lapor/`) in `page` and returns its tracking code.
 * `fields` are those of harness.mjs's `fillReport` (validReport gives a complete one, with Hall of Fame consent).
 */
export async function fileReport(page, fields) {
  await open(page, '/lapor/');
  await fillReport(page, fields);
  await page.click('#report-form button[type="submit"]');
  await page.locator('#receipt').waitFor({ state: 'visible' });
  return (await page.textContent('#receipt-code')).trim();
}
