// What the browser tests share: the site under test, Debian's Chromium driven by playwright-core, contexts that
// keep every request on the test server, and a small PNG to attach as evidence.
//
// The site is `csirt serve` started by tests/support/services.sh, which exports CSIRT_TEST_SITE_URL. Without it,
// or without Chromium, every test fails: this suite never skips.

import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

/** Debian's Chromium: browsers downloaded by npm tools do not run on these machines. */
export const CHROMIUM = '/usr/bin/chromium';

/** Every test's bound, and every single browser action's. */
export const TEST_TIMEOUT = 60_000;
export const ACTION_TIMEOUT = 15_000;

/** A tracking code as the intake shows it. */
export const TRACKING_CODE = /^[A-Z]{2,5}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** The page of each type, in both languages (the 404 page is what a missing page answers). */
export const PAGES = [
  { type: 'home', id: '/', en: '/en/' },
  { type: 'reporting guide', id: '/panduan-pelaporan/', en: '/en/reporting-guide/' },
  { type: 'report form', id: '/lapor/', en: '/en/report/' },
  { type: 'status', id: '/status/', en: '/en/status/' },
  { type: 'document verification', id: '/verifikasi/', en: '/en/verifikasi/' },
  { type: 'Hall of Fame', id: '/hall-of-fame/', en: '/en/hall-of-fame/' },
  { type: 'statistics', id: '/statistik/', en: '/en/statistics/' },
  { type: 'SOP', id: '/sop/', en: '/en/sop/' },
  { type: 'RFC 2350', id: '/rfc2350/', en: '/en/rfc2350/' },
  { type: 'disclosure policy', id: '/kebijakan-pengungkapan/', en: '/en/disclosure-policy/' },
  { type: 'advisories', id: '/peringatan/', en: '/en/advisories/' },
  { type: '404', id: '/halaman-yang-tidak-ada/', en: '/en/no-such-page/', status: 404 },
];

/** The base URL of the site under test, e.g. http://127.0.0.1:40123 (no trailing slash). */
export function siteUrl() {
  const url = process.env.CSIRT_TEST_SITE_URL;
  if (!url) {
    throw new Error(
      'CSIRT_TEST_SITE_URL is not set: run the browser suite through tests/run, or start the site with ' +
        'start_site from tests/support/services.sh',
    );
  }
  const parsed = new URL(url);
  if (parsed.hostname !== '127.0.0.1') {
    throw new Error(`CSIRT_TEST_SITE_URL must be on 127.0.0.1, not ${parsed.hostname}`);
  }
  return parsed.origin;
}

/** Fails unless the site answers its home page. */
export async function checkSiteAnswers() {
  const url = siteUrl();
  let response;
  try {
    response = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new Error(`the site under test does not answer on ${url}/: ${error.message}`);
  }
  if (response.status !== 200) {
    throw new Error(`the site under test answers ${response.status} on ${url}/`);
  }
}

/** Launches Debian's Chromium, headless; fails loudly when it is not installed. */
export async function launchBrowser() {
  try {
    accessSync(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(`${CHROMIUM} is missing: tests/support/services.sh's ensure_chromium installs it`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    // Without the background-networking flags Chromium keeps calling hosts of its own.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Registers a test file's hooks: before its tests, check that the site answers and launch Chromium (and, given
 * `contextOptions`, open one context for the whole file); after them, close the browser. The returned object's
 * `browser` (and `context`) are set once the hook has run.
 */
export function useBrowser(contextOptions) {
  const suite = { browser: undefined, context: undefined };
  before(async () => {
    await checkSiteAnswers();
    suite.browser = await launchBrowser();
    if (contextOptions) suite.context = await newContext(suite.browser, contextOptions);
  });
  after(async () => {
    await suite.browser?.close();
  });
  return suite;
}

/** True for a URL of the site under test, or one that stays in the browser (data:, blob:, about:). */
export function isLocal(url) {
  const parsed = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(parsed.protocol)) return true;
  return parsed.origin === siteUrl();
}

/**
 * A browser context whose requests never leave the test server: any other is aborted before it is sent, and
 * listed in `context.offsite` so that a test can tell. Options are those of browser.newContext.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'id-ID', timezoneId: 'Asia/Jakarta', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  context.offsite = [];
  await context.route(
    (url) => !isLocal(url.href),
    (route) => {
      context.offsite.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return context;
}

/** A small valid PNG (RGB, a gradient), made here rather than shipped. */
export function pngImage(width = 16, height = 16) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then the pixels
    for (let x = 0; x < width; x++) {
      row[1 + x * 3] = (x * 255) / Math.max(1, width - 1);
      row[2 + x * 3] = (y * 255) / Math.max(1, height - 1);
      row[3 + x * 3] = 128;
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The evidence file the report tests attach. */
export function evidenceFile() {
  return { name: 'tangkapan-layar.png', mimeType: 'image/png', buffer: pngImage() };
}

/**
 * Fills the report form's fields that the tests use; `fields` maps a field's id to its value (a string for
 * inputs, textareas and selects, true for a checkbox). The incident class is chosen before its type, since the
 * type list follows the class.
 */
export async function fillReport(page, fields) {
  const ordered = Object.entries(fields).sort(([a], [b]) => rank(a) - rank(b));
  for (const [id, value] of ordered) {
    const field = page.locator(`#report-form #${id}`);
    const tag = await field.evaluate((element) => element.tagName + ':' + element.type);
    if (tag.startsWith('SELECT')) {
      await field.selectOption(value);
    } else if (tag === 'INPUT:checkbox') {
      await field.setChecked(value === true);
    } else if (tag === 'INPUT:file') {
      await field.setInputFiles(value);
    } else {
      await field.fill(value);
    }
  }
}

function rank(id) {
  return id === 'incident_class' ? 0 : id === 'incident_type' ? 1 : 2;
}

/** A complete, valid report: every required field, evidence, and Hall of Fame consent with an alias. */
export function validReport(overrides = {}) {
  return {
    reporter_name: 'Budi Santoso',
    reporter_email: 'budi.santoso@contoh.go.id',
    reporter_kind: 'public',
    incident_class: 'intrusions',
    incident_type: 'application-compromise',
    title: 'Halaman judi online di situs kecamatan',
    description:
      'Saat membuka situs kecamatan, muncul halaman promosi judi online yang tidak ada hubungannya dengan ' +
      'layanan kecamatan.',
    affected_url: 'https://kecamatan-contoh.tegalkab.go.id/berita/slot-gacor',
    evidence: evidenceFile(),
    hall_of_fame_consent: true,
    hall_of_fame_alias: 'budi_sec',
    ...overrides,
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } };

/**
 * Runs axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is and fails with every violation's rule, help
 * and elements. axe is evaluated through the browser's debugging protocol, which the page's
 * Content-Security-Policy does not govern, so the context need not bypass it.
 */
export async function assertAccessible(page, what) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate((options) => window.axe.run(document, options), AXE_OPTIONS);
  assert.ok(results.passes.length > 0, `${what}: axe ran no rule`);
  const violations = results.violations.map(
    (violation) =>
      `  ${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replaceAll('\n', '\n      ')}`)
        .join('\n'),
  );
  assert.equal(violations.length, 0, `${what}: ${violations.length} axe violation(s)\n${violations.join('\n')}`);
}

/** Files a report through the API, as a script would, and returns its tracking code. */
export async function fileReportByApi() {
  const response = await fetch(`${siteUrl()}/api/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      reporter_email: 'dewi.lestari@contoh.go.id',
      incident_class: 'intrusions',
      incident_type: 'application-compromise',
      description: 'Tampilan situs kelurahan diganti dengan pesan peretas.',
      affected_url: 'https://kelurahan-contoh.tegalkab.go.id/',
    }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const { tracking_code: code } = await response.json();
  assert.match(code, TRACKING_CODE);
  return code;
}

/** Fails when the page is wider than `width` (it scrolls sideways as a whole), naming the widest elements. */
export async function assertNoOverflow(page, what, width) {
  const { scrollWidth, culprits } = await page.evaluate((limit) => {
    const wide = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.right > limit + 1 && getComputedStyle(element).position !== 'absolute') {
        wide.push(`${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}${element.className ? '.' + String(element.className).replaceAll(' ', '.') : ''} (${Math.round(box.right)} px)`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, culprits: wide.slice(0, 5) };
  }, width);
  assert.ok(scrollWidth <= width, `${what} is ${scrollWidth} px wide at ${width} px: ${culprits.join(', ')}`);
}
