// The W3C Nu HTML Checker (npm's vnu-jar, on Java) over the pages the intake renders for browsers without
// JavaScript, as `csirt serve` answers them, in the site's layout: receipt, problems, status with a thread,
// message sent, failed lookup, in both languages. (The site's own pages and the staff documents are checked by
// the Rust tests of the site and of the staff library.)

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { TEST_TIMEOUT, checkSiteAnswers, fileReportByApi, siteUrl, validReport } from './harness.mjs';

const VNU_JAR = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');

/** Fetches `path` as a browser without JavaScript would and returns the page, checking its status. */
async function page(path, status, init = {}) {
  const response = await fetch(`${siteUrl()}${path}`, {
    ...init,
    headers: { Accept: 'text/html,application/xhtml+xml', ...init.headers },
  });
  const html = await response.text();
  assert.equal(response.status, status, `${path}: ${html.slice(0, 300)}`);
  assert.match(response.headers.get('content-type'), /^text\/html/, path);
  return html;
}

/** A form post as a browser sends it. */
function formPost(fields) {
  const { evidence: _, hall_of_fame_consent: consent, ...text } = fields;
  const body = new URLSearchParams(text);
  if (consent) body.set('hall_of_fame_consent', 'on');
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body };
}

/** Runs the Nu HTML Checker on the pages and returns its errors, each with its page's file and line. */
function nuErrors(pages) {
  const dir = mkdtempSync(join(tmpdir(), 'nu-'));
  const files = pages.map(([name, html], i) => {
    const file = join(dir, `${String(i).padStart(2, '0')}-${name.replaceAll(/[^a-z0-9]+/gi, '-')}.html`);
    writeFileSync(file, html);
    return file;
  });
  const run = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '--exit-zero-always', ...files], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `the Nu HTML Checker did not run: ${run.error?.message ?? run.stderr}`);
  // The JSON report is on standard error.
  return JSON.parse(run.stderr).messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${m.url.split('/').pop()}:${m.lastLine}: ${m.message}`);
}

test('the intake\'s pages pass the Nu HTML Checker', { timeout: TEST_TIMEOUT * 2 }, async () => {
  await checkSiteAnswers();
  const pages = [];
  for (const lang of ['id', 'en']) {
    const receipt = await page(`/api/reports?lang=${lang}`, 201, formPost({ ...validReport(), lang }));
    pages.push([`receipt ${lang}`, receipt]);
    const problems = await page(
      '/api/reports',
      422,
      formPost({ ...validReport({ description: '', reporter_email: 'budi.santoso@' }), lang }),
    );
    pages.push([`problems ${lang}`, problems]);

    const code = await fileReportByApi();
    const replied = await page(`/api/reports/${code}/messages`, 201, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: 'Tangkapan layar <b>terbaru</b> & tautan: https://contoh.id/a?b=1', lang }),
    });
    pages.push([`message sent ${lang}`, replied]);
    pages.push([`status ${lang}`, await page(`/api/reports/${code}?lang=${lang}`, 200)]);
    pages.push([`mistyped code ${lang}`, await page(`/api/status?code=TGL-0000&lang=${lang}`, 422)]);
    // The example code the site shows: well formed, so looked up, and found in no store.
    pages.push([`unknown code ${lang}`, await page(`/api/status?code=TGL-7KQ3-M9XD-2FHR&lang=${lang}`, 404)]);
  }
  assert.ok(pages.every(([, html]) => html.includes('<footer class="site-footer">')), 'the pages are in the site layout');
  assert.deepEqual(nuErrors(pages), []);
});
