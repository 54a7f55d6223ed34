// Lighthouse (npm) on the pages a member of the public meets first — home, the report form, the status check —
// as a phone (Lighthouse's default: a mid-range phone on a slow 4G link, simulated) and as a desktop: every
// category (performance, accessibility, best practices, SEO) scores at least 95.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';

import { CHROMIUM, checkSiteAnswers, siteUrl } from './harness.mjs';

/** The lowest score (out of 100) each category may have. */
const MINIMUM = 95;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const PAGES = [
  ['home', '/'],
  ['report form', '/lapor/'],
  ['status check', '/status/'],
];

let chrome;

before(async () => {
  await checkSiteAnswers();
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    // Without the background-networking flags Chromium keeps calling hosts of its own.
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    logLevel: 'error',
  });
});

after(async () => {
  await chrome?.kill();
});

for (const [formFactor, config] of [['phone', undefined], ['desktop', desktopConfig]]) {
  for (const [what, path] of PAGES) {
    test(`Lighthouse scores the ${what} at least ${MINIMUM} in every category (${formFactor})`, { timeout: 120_000 }, async (t) => {
      const result = await lighthouse(
        `${siteUrl()}${path}`,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES },
        config,
      );
      const { categories, audits, runtimeError } = result.lhr;
      assert.equal(runtimeError, undefined, `Lighthouse failed: ${JSON.stringify(runtimeError)}`);
      const low = [];
      const scores = [];
      for (const id of CATEGORIES) {
        const score = Math.round((categories[id]?.score ?? 0) * 100);
        scores.push(`${id} ${score}`);
        if (score < MINIMUM) {
          // The audits that cost points, to say what to fix.
          const failing = categories[id].auditRefs
            .filter((ref) => ref.weight > 0 && (audits[ref.id].score ?? 1) < 1)
            .map((ref) => `${ref.id} (${audits[ref.id].displayValue ?? audits[ref.id].score})`);
          low.push(`${id} ${score}: ${failing.join(', ')}`);
        }
      }
      t.diagnostic(`${path} (${formFactor}): ${scores.join(', ')}`);
      assert.deepEqual(low, [], `${what} ${path} (${formFactor}) below ${MINIMUM}`);
    });
  }
}
