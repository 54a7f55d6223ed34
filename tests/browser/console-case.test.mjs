// One case from received to closed in the staff console, through Bali's four stages: a report filed on the public
// form with Hall of Fame consent; the front desk (`meja`) opens it from the queue, sees only its own steps and
// starts verification, verifies it valid, classifies and assigns it; the agent (`agen`) sees only its own steps
// and starts handling, records analysis and recommendations, resolves and closes it for the Hall of Fame; the
// site is republished from /staff/publish and the reporter's alias is on the public Hall of Fame. On the way
// the case page with its step forms passes axe in both languages and does not scroll sideways at 390 px, and no
// page has a Content-Security-Policy violation or console error.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { TRACKING_CODE, validReport } from './harness.mjs';
import {
  CONSOLE_TEST_TIMEOUT,
  PHONE,
  assertAccessible,
  assertNoHorizontalOverflow,
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

/**
 * The steps the Bali procedure gives each role (its `[permissions]`), as the case page's form keys; removing an
 * assignee goes with the `assign` permission.
 */
const FRONT_DESK_STEPS = ['start_verification', 'verify', 'classify', 'assign', 'unassign', 'add_note'];
const AGENT_STEPS = [
  'plan_mitigation',
  'update_mitigation',
  'start_handling',
  'record_action',
  'escalate',
  'record_escalation_answer',
  'end_escalation',
  'mark_vital_infrastructure',
  'mark_personal_data',
  'record_data_subject_notice',
  'record_analysis',
  'write_summary',
  'start_follow_up',
  'resolve',
  'close',
  'add_note',
];

const suite = useConsoleBrowser();

/** The keys of the step forms the case page shows (`<section class="step-form" id="step-{key}">`). */
async function stepForms(page) {
  const ids = await page.locator('section.step-form').evaluateAll((sections) => sections.map((s) => s.id));
  return ids.map((id) => id.replace(/^step-/, ''));
}

/** Fails unless every step form on the page is one of `allowed` (and names which are not). */
async function assertOnlySteps(page, allowed, who) {
  const shown = await stepForms(page);
  const foreign = shown.filter((key) => !allowed.includes(key));
  assert.deepEqual(foreign, [], `${who} is offered steps of another role: ${foreign.join(', ')} (shown: ${shown})`);
}

/** Selects `value` in a select by its option's value, or by an option whose value ends with it. */
async function choose(select, value) {
  const values = await select.locator('option').evaluateAll((options) => options.map((o) => o.value));
  const match = values.find((v) => v === value) ?? values.find((v) => v.endsWith(value));
  assert.ok(match, `the choice ${value} is offered (offered: ${values.join(', ')})`);
  await select.selectOption(match);
}

/**
 * Fills the form of step `key` on the case page (`fields`: name → text, a choice's value, or true/false for a
 * checkbox), submits it, and checks the console went back to the case with the step taken: no refusal shown.
 * The classification's class and type may be offered as one `incident` choice (`class/type`).
 */
async function takeStep(page, code, key, fields = {}) {
  const section = page.locator(`section.step-form#step-${key}`);
  assert.equal(await section.count(), 1, `the case page offers the step ${key} (offered: ${await stepForms(page)})`);
  const form = section.locator(`form[action="/staff/cases/${code}/steps/${key}"]`);
  assert.equal(await form.count(), 1, `the ${key} form posts to /staff/cases/${code}/steps/${key}`);
  const entries = { ...fields };
  if ('class' in entries && (await form.locator('[name="class"]').count()) === 0) {
    entries.incident = `${entries.class}/${entries.type}`;
    delete entries.class;
    delete entries.type;
  }
  for (const [name, value] of Object.entries(entries)) {
    const field = form.locator(`[name="${name}"]`);
    assert.equal(await field.count(), 1, `the ${key} form has the field ${name}`);
    const kind = await field.evaluate((element) => `${element.tagName}:${element.type}`);
    if (kind.startsWith('SELECT')) await choose(field, value);
    else if (kind === 'INPUT:checkbox') await field.setChecked(value === true);
    else await field.fill(value);
  }
  const [response] = await Promise.all([page.waitForNavigation(), form.locator('button[type="submit"]').click()]);
  const landed = new URL(page.url());
  assert.equal(landed.pathname, `/staff/cases/${code}`, `after ${key} the console returns to the case`);
  const refused = await page.locator('.error-summary, main .problem, .alert').allTextContents();
  assert.equal(response?.status(), 200, `${key} was taken (${response?.status()}): ${refused.join(' ').trim()}`);
  assert.deepEqual(refused, [], `${key} was taken without a refusal`);
  assertNoPageProblems(page, `taking ${key}`);
}

/** The case's state as its badge says it (`state-{key}`). */
async function caseState(page) {
  const badge = await page.locator('.case-state .badge').getAttribute('class');
  return /state-([a-z_]+)/.exec(badge ?? '')?.[1];
}

/** Opens the case from the queue, by its row's link. */
async function openFromQueue(page, code) {
  await open(page, '/staff/');
  const link = page.locator(`tr[data-code="${code}"] a`).first();
  assert.equal(await link.count(), 1, `the queue lists ${code}`);
  await Promise.all([page.waitForURL((url) => url.pathname === `/staff/cases/${code}`), link.click()]);
  assertNoPageProblems(page, `the queue and case ${code}`);
}

/** axe in both languages and no sideways scroll at 390 px on the case page as it is now; back in Indonesian. */
async function checkCasePage(page, who) {
  for (const lang of ['id', 'en']) {
    await switchLanguage(page, lang);
    await assertAccessible(page, `the case page as ${who} (${lang})`);
    await page.setViewportSize(PHONE);
    await assertNoHorizontalOverflow(page, `the case page as ${who} (${lang})`);
    await page.setViewportSize({ width: 1280, height: 720 });
  }
  await switchLanguage(page, 'id');
  assertNoPageProblems(page, `the case page as ${who}`);
}

/** Whether the public Hall of Fame page at `path` names `alias`. */
async function onHallOfFame(page, path, alias) {
  const response = await page.goto(`${consoleUrl()}${path}`);
  return response?.status() === 200 && (await page.locator('main').textContent()).includes(alias);
}

/** Polls the public Hall of Fame for `alias` for `seconds` (the site is rebuilt in the background). */
async function waitForHallOfFame(page, alias, seconds) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    if (await onHallOfFame(page, '/hall-of-fame/', alias)) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test('the front desk and an agent take a case from received to closed, and the alias reaches the Hall of Fame', { timeout: CONSOLE_TEST_TIMEOUT }, async () => {
  const alias = `penjaga_${Date.now().toString(36)}`;
  const reporter = await newConsoleContext(suite.browser);
  const reporterPage = await newPage(reporter);
  const code = await fileReport(
    reporterPage,
    validReport({ hall_of_fame_consent: true, hall_of_fame_alias: alias }),
  );
  assert.match(code, TRACKING_CODE);
  assert.ok(code.startsWith('BALI-'), `a Bali tracking code: ${code}`);
  assert.equal(await onHallOfFame(reporterPage, '/hall-of-fame/', alias), false, 'not on the Hall of Fame yet');

  // Stage 2, verification, by the front desk.
  const desk = await newConsoleContext(suite.browser);
  const deskPage = await newPage(desk);
  await signIn(deskPage, 'meja');
  await openFromQueue(deskPage, code);
  assert.equal(await caseState(deskPage), 'received');
  await assertOnlySteps(deskPage, FRONT_DESK_STEPS, 'the front desk');
  for (const agentOnly of ['close', 'start_handling', 'record_analysis', 'resolve']) {
    assert.equal(await deskPage.locator(`#step-${agentOnly}`).count(), 0, `the front desk has no #step-${agentOnly}`);
  }
  await checkCasePage(deskPage, 'the front desk');

  await takeStep(deskPage, code, 'start_verification');
  assert.equal(await caseState(deskPage), 'verifying');
  await takeStep(deskPage, code, 'verify', {
    verdict: 'valid',
    reason: 'Halaman judi online terlihat di situs dan cocok dengan tangkapan layar pelapor.',
  });
  assert.equal(await caseState(deskPage), 'valid');
  // The classification form, with its choices, is checked as well.
  await checkCasePage(deskPage, 'the front desk, classifying');
  await takeStep(deskPage, code, 'classify', {
    class: 'intrusions',
    type: 'application-compromise',
    priority: 'high',
    tlp: 'TLP:AMBER',
  });
  assert.equal(await caseState(deskPage), 'triaged');
  await takeStep(deskPage, code, 'assign', { to: 'agen' });
  await assertOnlySteps(deskPage, FRONT_DESK_STEPS, 'the front desk');
  assert.deepEqual(desk.offsite, [], 'no request of the front desk left the console site');

  // Stages 3 and 4, response and close ticket, by the agent.
  const agent = await newConsoleContext(suite.browser);
  const agentPage = await newPage(agent);
  await signIn(agentPage, 'agen');
  await openFromQueue(agentPage, code);
  assert.equal(await caseState(agentPage), 'triaged');
  await assertOnlySteps(agentPage, AGENT_STEPS, 'the agent');
  for (const deskOnly of ['start_verification', 'verify', 'classify', 'assign', 'unassign']) {
    assert.equal(await agentPage.locator(`#step-${deskOnly}`).count(), 0, `the agent has no #step-${deskOnly}`);
  }
  await checkCasePage(agentPage, 'the agent');

  await takeStep(agentPage, code, 'start_handling', { note: 'Koordinasi dengan pelapor dan pengelola situs.' });
  assert.equal(await caseState(agentPage), 'handling');
  await takeStep(agentPage, code, 'record_analysis', {
    analysis: 'Akun admin CMS dibobol melalui kata sandi lemah; halaman judi disisipkan di direktori berita.',
    recommendations: 'Ganti semua kata sandi admin, aktifkan autentikasi dua faktor, dan hapus halaman sisipan.',
  });
  assert.equal(await caseState(agentPage), 'reported');
  await takeStep(agentPage, code, 'resolve', {
    summary: 'Halaman sisipan dihapus dan akses admin diamankan; tidak ada aktivitas mencurigakan lagi.',
  });
  assert.equal(await caseState(agentPage), 'resolved');
  await checkCasePage(agentPage, 'the agent, closing');
  await takeStep(agentPage, code, 'close', { hall_of_fame: true });
  assert.equal(await caseState(agentPage), 'closed');
  await assertOnlySteps(agentPage, AGENT_STEPS, 'the agent');
  assert.deepEqual(agent.offsite, [], 'no request of the agent left the console site');

  // The closed case reaches the public site: the publish page lists the alias among what it will publish, and
  // publishing exports the closed cases and rebuilds the site (again, should closing have done so already).
  await open(agentPage, '/staff/publish');
  const publish = agentPage.locator('main form[action="/staff/publish"]');
  assert.equal(await publish.count(), 1, '/staff/publish offers to publish to the agent');
  assert.ok((await agentPage.locator('main').textContent()).includes(alias), `/staff/publish lists ${alias}`);
  await assertAccessible(agentPage, 'the publish page with a name for the Hall of Fame');
  await Promise.all([agentPage.waitForNavigation(), publish.locator('button[type="submit"]').click()]);
  await agentPage.waitForLoadState('load');
  const refused = await agentPage.locator('main .problem, .error-summary').allTextContents();
  assert.deepEqual(refused, [], 'publishing is not refused');
  await assertAccessible(agentPage, 'the publish page after publishing');
  assertNoPageProblems(agentPage, 'publishing');
  const published = await waitForHallOfFame(reporterPage, alias, 30);
  assert.ok(published, `${alias} is on the public Hall of Fame (/hall-of-fame/)`);
  assert.ok(await onHallOfFame(reporterPage, '/en/hall-of-fame/', alias), `${alias} is on /en/hall-of-fame/`);
  assert.deepEqual(reporter.offsite, [], 'no request of the reporter left the site');
  await Promise.all([reporter.close(), desk.close(), agent.close()]);
});
