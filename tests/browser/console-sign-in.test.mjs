// Signing in to the staff console: with password and TOTP code through the form, landing on the queue with a
// session cookie the page's scripts cannot read and other sites cannot send; with a passkey registered on
// /staff/passkeys through Chromium's virtual authenticator; and a session of an account disabled meanwhile is
// refused at its next request. Accounts: `lihat` (viewer) and `nonaktif` (agent, disabled here).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  CONSOLE_TEST_TIMEOUT,
  SESSION_COOKIE,
  assertAccessible,
  assertNoPageProblems,
  consoleUrl,
  csirt,
  newConsoleContext,
  newPage,
  open,
  signIn,
  signOut,
  useConsoleBrowser,
} from './console-harness.mjs';

const suite = useConsoleBrowser();

/** The header's text when someone is signed in (it names them: "name (login)"), or null when nobody is. */
async function signedInAs(page) {
  const signOut = page.locator('header form[action="/staff/logout"]');
  return (await signOut.count()) ? (await page.locator('header').textContent()).replace(/\s+/g, ' ') : null;
}

test('password and TOTP sign in to the queue with a host-only, HttpOnly, Secure, SameSite=Strict session cookie', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser);
  const page = await newPage(context);

  // Without a session the console sends the browser to sign in.
  await open(page, '/staff/');
  assert.equal(new URL(page.url()).pathname, '/staff/login', 'the queue needs a session');
  assert.equal(
    await page.locator('form.sign-in input[type="hidden"][name="csrf"]').count(),
    1,
    'the sign-in form carries its anti-forgery field',
  );
  assert.equal((await context.cookies()).filter((c) => c.name === SESSION_COOKIE).length, 0, 'no session yet');

  await signIn(page, 'lihat');
  assert.equal(new URL(page.url()).pathname, '/staff/');
  assert.match((await signedInAs(page)) ?? '', /\(lihat\)/, 'the header names the account signed in');
  assert.equal(await page.locator('h1').count(), 1, 'the queue has its heading');

  const sessions = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE);
  assert.equal(sessions.length, 1, `one ${SESSION_COOKIE} cookie`);
  const [cookie] = sessions;
  assert.equal(cookie.httpOnly, true, 'HttpOnly');
  assert.equal(cookie.secure, true, 'Secure');
  assert.equal(cookie.sameSite, 'Strict', 'SameSite=Strict');
  assert.equal(cookie.domain, new URL(consoleUrl()).hostname, 'host-only: no Domain attribute');
  assert.equal(cookie.path, '/', 'Path=/ (a __Host- cookie)');
  assert.ok(cookie.value.length >= 32, 'the session token is long');
  assert.equal(
    await page.evaluate((name) => document.cookie.includes(name), SESSION_COOKIE),
    false,
    'the page cannot read the session cookie',
  );
  assertNoPageProblems(page, 'signing in');
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  await context.close();
});

test('a session of an account disabled meanwhile is refused at its next request', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser);
  const page = await newPage(context);
  await signIn(page, 'nonaktif');
  assert.match((await signedInAs(page)) ?? '', /\(nonaktif\)/);

  // As the operating-system user bound to `admin`, as a team does it.
  await csirt('staff', 'disable', 'nonaktif');

  await page.goto(`${consoleUrl()}/staff/`);
  assert.equal(new URL(page.url()).pathname, '/staff/login', 'the next request lands on the sign-in page');
  assert.equal(await signedInAs(page), null, 'nobody is signed in');
  await page.goto(`${consoleUrl()}/staff/reports`);
  assert.equal(new URL(page.url()).pathname, '/staff/login', 'and so does every later one');
  assertNoPageProblems(page, 'a disabled session');
  await context.close();
});

test('a passkey registered on /staff/passkeys signs in from the sign-in page', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const context = await newConsoleContext(suite.browser);
  const page = await newPage(context);

  // A platform authenticator with user verification that answers at once, as a phone's or laptop's would.
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await signIn(page, 'lihat');
  await open(page, '/staff/passkeys');
  const register = page.locator('#passkey-register');
  await register.waitFor({ state: 'visible' });
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/staff/passkeys' && url.searchParams.get('registered') === '1', {
      timeout: 30_000,
    }),
    register.click(),
  ]);
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.equal(credentials.length, 1, 'the authenticator holds one passkey');
  const [credential] = credentials;
  assert.equal(credential.isResidentCredential, true, 'a discoverable credential (signs in without a login)');
  assert.equal(credential.rpId, new URL(consoleUrl()).hostname, 'for the console site');
  await assertAccessible(page, '/staff/passkeys with a passkey registered');

  await signOut(page);
  assert.equal(
    (await context.cookies()).filter((c) => c.name === SESSION_COOKIE).length,
    0,
    'signing out removes the session cookie',
  );
  await page.goto(`${consoleUrl()}/staff/`);
  assert.equal(new URL(page.url()).pathname, '/staff/login', 'signed out');

  const passkey = page.locator('#passkey-sign-in');
  await passkey.waitFor({ state: 'visible' });
  await Promise.all([page.waitForURL((url) => url.pathname === '/staff/', { timeout: 30_000 }), passkey.click()]);
  assert.match((await signedInAs(page)) ?? '', /\(lihat\)/, 'the passkey said whose it is');
  const { credentials: after } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  assert.ok(after[0].signCount > credential.signCount, 'the passkey was used');
  assert.equal((await context.cookies()).filter((c) => c.name === SESSION_COOKIE).length, 1, 'a new session');
  assertNoPageProblems(page, 'registering a passkey and signing in with it');
  assert.deepEqual(context.offsite, [], 'no request left the console site');
  await context.close();
});
