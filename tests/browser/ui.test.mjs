// The markwatch web UI in headless Debian chromium (playwright-core, no bundled browser).
//
// Starts `markwatch serve` on a free loopback port over a temporary database holding 無印良品,
// creates a token with the CLI, then: logs in, searches 无印良品 and sees 無印良品 with its
// explanation, uploads a watch list, uploads a batch (with upload progress), and triages the
// alert it raised, opens its evidence report and downloads the alerts CSV. Any request
// leaving 127.0.0.1 fails the test.
//
// Run: `cargo build -p markwatch && cd tests/browser && npm ci && node --test ui.test.mjs`.
// MARKWATCH_BIN overrides the binary (default ../../target/debug/markwatch); CHROMIUM the
// browser (default /usr/bin/chromium). The screenshot goes to screenshots/ui.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.MARKWATCH_BIN || join(here, '..', '..', 'target', 'debug', 'markwatch');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const REGISTER = [
  { id: 'JP:2001-000001', office: 'JP', mark: '無印良品', classes: [24, 35], applicants: [{ name: '株式会社良品計画' }] },
  { id: 'JP:2001-000002', office: 'JP', mark: '晴空', classes: [30] },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

const WATCH = 'id,kind,names,owner,country,classes\n' +
  'W-muji,brand,無印良品|MUJI,Ryohin Keikaku,JP,24\n' +
  'W-kobe,gi,神戸ビーフ|Kobe Beef,Kobe Beef Marketing Association,JP,29\n';

// Published ten days ago by the wall clock the server runs on: its opposition period is open.
const PUBLISHED = new Date(Date.now() - 10 * 86400e3).toISOString().slice(0, 10);
const BATCH = [
  { id: 'CN:75719234', office: 'CN', mark: '无印良品', applicants: [{ name: '海南良品贸易有限公司', country: 'CN' }], classes: [{ class: 24, goods: '毛巾' }], status: 'published', dates: { filing: '2025-10-01', publication: PUBLISHED } },
  { id: 'CN:75719235', office: 'CN', mark: '晴空万里', classes: [30], status: 'filed' },
].map((r) => JSON.stringify(r)).join('\n') + '\n';

let dir;
let server;
let base;
let token;
let browser;
const offsite = [];

function startServer(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--bind', '127.0.0.1:0', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = '';
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + seen)), 60000);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const m = seen.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m && !base) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error('server exited with ' + code + ':\n' + seen)));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'markwatch-ui-'));
  const db = join(dir, 'mw.db');
  writeFileSync(join(dir, 'register.jsonl'), REGISTER);
  writeFileSync(join(dir, 'watch.csv'), WATCH);
  writeFileSync(join(dir, 'batch.jsonl'), BATCH);
  execFileSync(BIN, ['ingest', join(dir, 'register.jsonl'), '--db', db], { stdio: 'pipe' });
  token = execFileSync(BIN, ['token', 'create', '--db', db, '--name', 'browser'], { encoding: 'utf8' }).trim();
  assert.match(token, /^mw_[0-9a-f]{64}$/);
  const s = await startServer(db);
  server = s.child;
  base = s.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('log in, search across scripts, upload a watch list and a batch, triage an alert', async () => {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== '127.0.0.1') {
      offsite.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const cspErrors = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) cspErrors.push(m.text()); });

  await page.goto(base + '/');
  // A wrong token is refused.
  await page.fill('#token', 'mw_not_a_token');
  await page.click('#login');
  await page.locator('#status.error').waitFor();
  assert.match(await page.textContent('#status'), /unknown API token/);

  await page.fill('#token', token);
  await page.click('#login');
  await page.locator('#whoami').waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => sessionStorage.getItem('markwatch-token')), token);

  // Search in simplified hanzi, find the Japanese mark with its explanation.
  await page.fill('#q', '无印良品');
  await page.fill('#classes', '24');
  await page.click('#search-go');
  const first = page.locator('#hits .hit').first();
  await first.waitFor();
  assert.equal((await first.locator('.hit-name').textContent()).startsWith('無印良品'), true);
  assert.equal(await first.locator('.query').textContent(), '无印良品query');
  assert.ok(Number(await first.locator('.score').textContent()) > 0.9);
  assert.ok(await first.locator('.explanation li').count() > 1, 'the explanation tree is shown');
  assert.match(await first.locator('.goods').textContent(), /goods: /);

  // Upload a watch list from a CSV file.
  await page.click('#nav-watchlists');
  await page.setInputFiles('#wl-file', join(dir, 'watch.csv'));
  await page.waitForFunction(() => document.getElementById('wl-source').value.includes('W-muji'));
  assert.equal(await page.inputValue('#wl-name'), 'watch');
  await page.click('#wl-save');
  await page.locator('#watchlists li.watchlist').first().waitFor();
  assert.match(await page.textContent('#watchlists'), /watch \(2 entries: 無印良品, 神戸ビーフ\)/);

  // Upload a batch: progress reaches 100 and the finding is reported.
  await page.click('#nav-batch');
  await page.setInputFiles('#batch-file', join(dir, 'batch.jsonl'));
  await page.click('#batch-upload');
  await page.locator('#batch-result .summary').waitFor();
  assert.equal(await page.getAttribute('#batch-progress', 'value'), '100');
  assert.match(await page.textContent('#batch-result .summary'), /2 filings screened, 0 rejected, 1 findings, 1 new alerts/);

  // Triage the alert.
  await page.click('#nav-alerts');
  const row = page.locator('#alerts tr.alert').first();
  await row.waitFor();
  assert.match(await row.textContent(), /CN:75719234/);
  assert.equal(await row.locator('.state').textContent(), 'new');
  await row.locator('button[data-state="to_oppose"]').click();
  await page.locator('#alerts tr.alert .state-to_oppose').waitFor();
  assert.equal(await page.locator('#alerts tr.alert .state').first().textContent(), 'to_oppose (browser)');
  await page.locator('#alerts tr.alert a').first().click();
  await page.locator('#alert-detail h3').waitFor();
  assert.match(await page.textContent('#alert-detail'), /to_oppose by browser/);

  // The finding's evidence report, in a frame sandboxed without scripts: both marks, styled
  // by the report's own inline sheet (allowed by its hash in the page's policy).
  const frameEl = page.locator('iframe#alert-report');
  await frameEl.waitFor();
  assert.equal(await frameEl.getAttribute('sandbox'), '');
  const report = page.frameLocator('iframe#alert-report');
  await report.locator('#marks').waitFor();
  const marks = await report.locator('#marks').textContent();
  assert.match(marks, /无印良品/, "the filing's mark");
  assert.match(marks, /無印良品/, 'the watched mark');
  assert.match(await report.locator('h1').textContent(), /CN:75719234/);
  // The sheet sets `max-width: 64rem` on body; a blocked sheet leaves it at `none`.
  const maxWidth = await report.locator('body').evaluate((b) => getComputedStyle(b).maxWidth);
  assert.equal(maxWidth, '1024px', 'the report keeps its style sheet');
  assert.deepEqual(cspErrors, [], 'no Content-Security-Policy violation');

  // The docketing CSV of the alerts.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#alerts-csv')]);
  assert.equal(csvDownload.suggestedFilename(), 'markwatch-alerts.csv');
  const csvLines = readFileSync(await csvDownload.path(), 'utf8').trim().split('\n');
  assert.match(csvLines[0], /^filing_id,filing_mark,office,applicant,classes,target_id,/);
  assert.equal(csvLines.length, 2, 'one alert, one row');
  assert.match(csvLines[1], /^CN:75719234,无印良品,CN,/);
  assert.match(await page.textContent('#alerts tr.alert td'), /opposition/, 'the deadline column shows the open opposition');
  mkdirSync(join(here, 'screenshots'), { recursive: true });
  await page.screenshot({ path: join(here, 'screenshots', 'alerts.png'), fullPage: true });
  assert.equal(await page.isVisible('#login-form'), false, 'the login form hides once logged in');

  // The filing's applicant: profile with its timeline and class spread.
  await page.click('#alert-applicant');
  await page.locator('#applicant h3').waitFor();
  assert.match(await page.textContent('#applicant h3'), /海南良品贸易/);
  assert.match(await page.textContent('#applicant'), /CN:75719234 无印良品/);
  assert.equal(await page.locator('#applicant .timeline tr').count(), 1);
  assert.equal(await page.locator('#applicant .classes th').first().textContent(), 'class 24');
  await page.screenshot({ path: join(here, 'screenshots', 'applicant.png'), fullPage: true });

  await page.click('#nav-search');
  await page.click('#search-go');
  await page.locator('#hits .hit').first().waitFor();
  await page.screenshot({ path: join(here, 'screenshots', 'ui.png'), fullPage: true });

  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(offsite, [], 'the UI must not reach beyond 127.0.0.1');
  await context.close();
});
