// The site loads nothing from another host and breaks none of its own Content-Security-Policy: every request
// of a normal browser (CSP enforced) visiting every page, sending a report and checking its status goes to the
// server's origin, and no CSP violation, script error or broken resource shows up. Also: every page answers in
// its own language.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  PAGES,
  TEST_TIMEOUT,
  TRACKING_CODE,
  fillReport,
  isLocal,
  newContext,
  siteUrl,
  useBrowser,
  validReport,
} from './harness.mjs';

const suite = useBrowser();

/** Everything a context's pages do that this test looks at. */
async function watchedContext() {
  const context = await newContext(suite.browser);
  const seen = { requests: [], csp: [], errors: [], broken: [] };
  context.on('request', (request) => seen.requests.push(request.url()));
  context.on('requestfailed', (request) => {
    // A request still under way when the test moves on to the next page is cancelled, not broken.
    const reason = request.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') seen.broken.push(`${request.url()}: ${reason}`);
  });
  context.on('response', (response) => {
    const type = response.request().resourceType();
    if (response.status() >= 400 && !['document', 'fetch'].includes(type)) {
      seen.broken.push(`${response.url()} (${type}): ${response.status()}`);
    }
  });
  context.on('console', (message) => {
    if (/content.security.policy/i.test(message.text())) seen.csp.push(`${message.page()?.url()}: ${message.text()}`);
  });
  context.on('weberror', (error) => seen.errors.push(`${error.page()?.url()}: ${error.error().message}`));
  // The browser reports violations to the page too; an init script is not bound by the page's CSP.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
    });
  });
  return { context, seen };
}

/** Opens a page and checks its status and that its CSP header is there. */
async function visit(page, path, status = 200) {
  const response = await page.goto(`${siteUrl()}${path}`);
  assert.equal(response.status(), status, `${path} answers ${status}`);
  assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/, `${path} has its CSP`);
  await page.waitForLoadState('load');
}

/** Adds the CSP violations the page itself saw. */
async function collectViolations(page, seen) {
  for (const violation of await page.evaluate(() => window.__cspViolations ?? [])) {
    seen.csp.push(`${page.url()}: ${violation}`);
  }
}

test('every request goes to the site itself and the CSP is never broken', { timeout: TEST_TIMEOUT * 2 }, async () => {
  const { context, seen } = await watchedContext();
  const page = await context.newPage();
  for (const lang of ['id', 'en']) {
    for (const { [lang]: path, status } of PAGES) {
      await visit(page, path, status);
      await collectViolations(page, seen);
    }
    const list = PAGES.find((entry) => entry.type === 'advisories')[lang];
    await visit(page, list);
    const advisory = await page.locator('main .cards a').first().getAttribute('href');
    assert.ok(advisory, `${list} lists an advisory`);
    await visit(page, advisory);
    await collectViolations(page, seen);
  }

  // The scripts' own requests: a report sent in the background, and its status looked up.
  await visit(page, '/lapor/');
  await fillReport(page, validReport());
  await page.click('#report-form button[type="submit"]');
  await page.locator('#receipt').waitFor({ state: 'visible' });
  const code = (await page.textContent('#receipt-code')).trim();
  assert.match(code, TRACKING_CODE);
  await collectViolations(page, seen);
  await visit(page, `/status/?code=${code}`);
  await page.locator('#status-result').waitFor({ state: 'visible' });
  await collectViolations(page, seen);

  assert.deepEqual(seen.requests.filter((url) => !isLocal(url)), [], 'requests to another origin');
  assert.deepEqual(context.offsite, [], 'requests that would have left the test server');
  assert.ok(seen.requests.some((url) => /\/assets\/site\.[0-9a-f]{8}\.css$/.test(url)), 'the stylesheet was requested (fingerprinted)');
  assert.ok(seen.requests.some((url) => new URL(url).pathname === '/api/reports'), 'the report was sent');
  assert.deepEqual(seen.csp, [], 'Content-Security-Policy violations');
  assert.deepEqual(seen.errors, [], 'script errors');
  assert.deepEqual(seen.broken, [], 'resources that failed to load');
  await context.close();
});

test('every page answers in its own language', { timeout: TEST_TIMEOUT }, async () => {
  const context = await newContext(suite.browser);
  const page = await context.newPage();
  const wrong = [];
  for (const lang of ['id', 'en']) {
    for (const { type, [lang]: path, status = 200 } of PAGES) {
      const response = await page.goto(`${siteUrl()}${path}`);
      const answered = await page.getAttribute('html', 'lang');
      if (response.status() !== status || answered !== lang) {
        wrong.push(`${type} ${path}: ${response.status()}, <html lang="${answered}"> (wanted ${status}, "${lang}")`);
      }
    }
  }
  assert.deepEqual(wrong, []);
  await context.close();
});
