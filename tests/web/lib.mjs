// tests/web/lib.mjs - what every browser test uses: Debian's Chromium driven by
// playwright-core (headless, the flags this machine needs, a fresh profile in
// the test's temporary directory), the dev accounts of the fixture stack,
// axe-core, screenshots, and a check that the page broke no CSP rule.
//
// The tests run through ctest (tests/CMakeLists.txt), which sets LOTSE_URL,
// LOTSE_VAR and LOTSE_ROOT. playwright-core and axe-core come from web/'s
// lockfile (web/node_modules), installed by tools/up and tools/test.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

export const ROOT = process.env.LOTSE_ROOT;
export const URL_BASE = process.env.LOTSE_URL;
const VAR = process.env.LOTSE_VAR;
if (!ROOT || !URL_BASE || !VAR) throw new Error('run through ctest: LOTSE_ROOT, LOTSE_URL, LOTSE_VAR unset');

const webRequire = createRequire(path.join(ROOT, 'web', 'package.json'));
const { chromium } = webRequire('playwright-core');
const axeSource = readFileSync(webRequire.resolve('axe-core/axe.min.js'), 'utf8');

export const SHOTS = process.env.LOTSE_WEB_SHOTS || path.join(process.env.LOTSE_BIN || tmpdir(), 'web-screenshots');
mkdirSync(SHOTS, { recursive: true });

export function accounts() {
  const list = JSON.parse(readFileSync(path.join(VAR, 'dev-accounts.json'), 'utf8'));
  const find = (pred) => {
    const a = list.find(pred);
    if (!a) throw new Error('dev-accounts.json lacks an account');
    return a;
  };
  return {
    coordinator: find((a) => a.region === 'mittleres-ruhrgebiet'),
    other: find((a) => a.region === 'meo'),
    admin: find((a) => a.role === 'admin'),
    lead: find((a) => a.role === 'fai_lead'),
  };
}

/*
 * One browser per test file. Playwright gives Chromium a fresh --user-data-dir
 * in os.tmpdir(); TMPDIR points it into this test's own temporary directory,
 * which close() removes.
 */
export async function launch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lotse-web-'));
  process.env.TMPDIR = dir;
  const browser = await chromium.launch({
    executablePath: process.env.LOTSE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/*
 * A new browser context (its own cookies: one user) whose pages record every
 * console error and CSP violation; assertClean() fails the test on any.
 */
export async function newContext(browser, { lang = 'de' } = {}) {
  const context = await browser.newContext({
    baseURL: URL_BASE,
    viewport: { width: 1280, height: 900 },
    locale: lang === 'de' ? 'de-DE' : 'en-GB',
    acceptDownloads: true,
  });
  const problems = [];
  context.on('page', (page) => watch(page, problems));
  context.problems = problems;
  return context;
}

function watch(page, problems) {
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' && !/status of (400|401|404|409|412|428|429)/.test(text)) problems.push(text);
    if (/Content Security Policy|Refused to/.test(text)) problems.push(text);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

export function assertClean(context) {
  assert.deepEqual(context.problems, [], 'no console error, page error or CSP violation');
}

/*
 * Signs in through the login page. nginx lets 10 sign-ins a minute through per
 * address (burst 5) and other tests of the run sign in too: a 429 is waited
 * out as the page says, then the form is sent again.
 */
export async function login(page, account, { dialog = false } = {}) {
  const scope = dialog ? page.locator('dialog[open]') : page.locator('main');
  for (let attempt = 0; attempt < 12; attempt++) {
    await scope.getByLabel(/E-Mail-Adresse|Email address/).fill(account.email);
    await scope.getByLabel(/^(Passwort|Password)$/).fill(account.password);
    await scope.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
    const outcome = await Promise.race([
      scope.getByRole('alert').waitFor({ timeout: 15000 }).then(() => 'alert'),
      (dialog
        ? page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 15000 })
        : page.locator('header .who').waitFor({ timeout: 15000 })
      ).then(() => 'in'),
    ]);
    if (outcome === 'in') return;
    const text = await scope.getByRole('alert').innerText();
    const m = /(\d+) (Sekunden|seconds)/.exec(text);
    if (!m) throw new Error(`sign-in refused: ${text}`);
    await page.waitForTimeout((Number(m[1]) + 1) * 1000);
  }
  throw new Error('sign-in kept being throttled');
}

/*
 * Signs account in, in a new context of its own (its cookies: one user), kept
 * as sessions[role] = {ctx, page}; returns the page.
 */
export async function signInAs(browser, sessions, role, account) {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto('/');
  await login(page, account);
  sessions[role] = { ctx, page };
  return page;
}

/*
 * An FAI staff account, made and granted by the administrator's page:
 * account = {email, password} gets its id as soon as the user exists, so an
 * after() can disable it even when the grant fails.
 */
export async function makeFaiStaff(admin, account, displayName) {
  const made = await apiCall(admin, 'POST', '/api/v1/users', {
    email: account.email,
    display_name: displayName,
    password: account.password,
  });
  assert.equal(made.status, 201, made.text);
  account.id = made.json.id;
  const granted = await apiCall(admin, 'POST', `/api/v1/users/${account.id}/grants`, { role: 'fai_staff' });
  assert.equal(granted.status, 200, granted.text);
  return account;
}

/* Markup in the page only as text: no <script> element holds "alert(1)". */
export async function noScriptElement(page) {
  const scripts = await page.evaluate(() => [...document.querySelectorAll('script')].map((s) => s.textContent));
  assert.ok(!scripts.some((s) => s.includes('alert(1)')), 'no <script> element holds the markup');
}

/* Ends a user's sessions on the server (as if they expired); how many there were. */
export function deleteSessions(email) {
  const out = execFileSync(
    'psql',
    [process.env.LOTSE_TEST_OWNER_DATABASE, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-v', `email=${email}`],
    {
      encoding: 'utf8',
      // psql puts :'email' in as a quoted literal in what it reads (not with -c)
      input:
        "WITH gone AS (DELETE FROM lotse.sessions WHERE user_id = (SELECT id FROM lotse.users WHERE lower(email) = lower(:'email')) RETURNING 1) SELECT count(*) FROM gone;\n",
    },
  );
  return Number(out.trim());
}

/* axe-core over the page as it is: no WCAG 2.0/2.1 A or AA violation. */
export async function checkA11y(page, what) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const violations = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} -- ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`,
  );
  assert.deepEqual(violations, [], `axe-core on ${what}`);
  return result.passes.length;
}

/* Waits for the page's h1; a timeout names the URL and what the page showed. */
export async function heading(page, name) {
  try {
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15000 });
  } catch (e) {
    const shown = await page.locator('body').innerText().catch(() => '(no page)');
    throw new Error(`no heading "${name}" on ${page.url()}; the page shows:\n${shown.slice(0, 1500)}`);
  }
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/* A unique text for this run, so tests do not see each other's records. */
export function unique(prefix) {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/* A call of the API from inside the page (its session cookie, its CSRF token). */
export async function apiCall(page, method, apiPath, body) {
  return page.evaluate(
    async ([method, apiPath, body]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const res = await fetch(apiPath, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* CSV or empty */
      }
      return { status: res.status, text, json };
    },
    [method, apiPath, body],
  );
}

/* How often a text occurs in the region's inquiries (their CSV export). */
export async function countInquiries(page, region, marker) {
  const res = await apiCall(page, 'GET', `/api/v1/regions/${region}/inquiries?format=csv`);
  assert.equal(res.status, 200, 'the inquiries export answers');
  return res.text.split(marker).length - 1;
}

export function isoDay(offsetDays = 0) {
  const d = new Date(Date.now() + offsetDays * 86400000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
