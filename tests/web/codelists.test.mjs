// The code lists have one source, the API's tables (GET /api/v1/code-lists,
// src/api/code_lists.c), without a browser:
// - the web keeps no copy of the country codes (it loads them), and the
//   browser's Intl.DisplayNames names every one in German and English;
// - the web's label tables (web/src/i18n-de.js, i18n-en.js: the forms' choices
//   for size classes, WZ sections and the process record's enums) hold exactly
//   the API's codes, in its order: a code added or dropped on one side fails
//   here;
// - the lanes of a package's diagram (src/library/process_model.c) name the
//   actors with the web's German words for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = process.env.LOTSE_ROOT;
const URL_BASE = process.env.LOTSE_URL;
const VAR = process.env.LOTSE_VAR;
if (!ROOT || !URL_BASE || !VAR) throw new Error('run through ctest: LOTSE_ROOT, LOTSE_URL, LOTSE_VAR unset');
const SRC = path.join(ROOT, 'web', 'src');
const { de } = await import(pathToFileURL(path.join(SRC, 'i18n-de.js')));
const { en } = await import(pathToFileURL(path.join(SRC, 'i18n-en.js')));

const res = await fetch(`${URL_BASE}/api/v1/code-lists`);
assert.equal(res.status, 200);
const lists = await res.json();

// the web's label table of a kind -> the API's list
const LABELLED = {
  sizeClass: 'size_classes',
  sector: 'wz_sections',
  processPhase: 'process_phases',
  processActor: 'process_actors',
  processTargetGroup: 'process_target_groups',
  processLevel: 'process_levels',
};

test("the web's label tables hold exactly the API's codes", () => {
  for (const [kind, list] of Object.entries(LABELLED)) {
    assert.ok(Array.isArray(lists[list]) && lists[list].length > 0, `the API answers ${list}`);
    assert.deepEqual(Object.keys(de.codes[kind]), lists[list], `i18n-de.js codes.${kind} is the API's ${list}`);
    // English may fall back to German for a label, but names no code the API lacks
    for (const code of Object.keys(en.codes[kind] || {}))
      assert.ok(lists[list].includes(code), `i18n-en.js codes.${kind}.${code} is one of the API's ${list}`);
  }
});

test('the web holds no copy of the country codes; the browser names every code the API lists', () => {
  assert.equal(lists.countries.length, 250, '249 ISO codes and XK');
  const copy = /["']AD["']\s*,\s*["']AE["']/;
  for (const file of readdirSync(SRC, { recursive: true }).filter((f) => /\.(js|jsx)$/.test(f)))
    assert.ok(!copy.test(readFileSync(path.join(SRC, file), 'utf8')), `web/src/${file} holds no list of country codes`);
  for (const lang of ['de', 'en']) {
    const names = new Intl.DisplayNames([lang], { type: 'region' });
    const unnamed = lists.countries.filter((c) => c !== 'XK' && names.of(c) === c);
    assert.deepEqual(unnamed, [], `Intl.DisplayNames (${lang}) names every code`);
  }
});

test('a second read revalidates: the same ETag answers 304', async () => {
  const first = await fetch(`${URL_BASE}/api/v1/code-lists`);
  const tag = first.headers.get('etag');
  assert.match(tag, /^"[0-9a-f]{64}"$/);
  assert.match(first.headers.get('cache-control'), /max-age=\d+/);
  const again = await fetch(`${URL_BASE}/api/v1/code-lists`, { headers: { 'If-None-Match': tag } });
  assert.equal(again.status, 304);
});

test("a package's lanes name the actors with the web's German words", async () => {
  const account = JSON.parse(readFileSync(path.join(VAR, 'dev-accounts.json'), 'utf8')).find((a) => a.role === 'fai_lead');
  const signedIn = await fetch(`${URL_BASE}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  const me = await signedIn.text();
  assert.equal(signedIn.status, 201, me);
  const { csrf_token: csrf } = JSON.parse(me);
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { unzipSync, strFromU8 } = createRequire(path.join(ROOT, 'web', 'package.json'))('fflate');
  const unescape = (x) => x.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<');
  const seen = new Set();
  // the three processes the seed publishes (docs/library.md)
  for (const key of ['pflegefachkraft-anerkennung', 'beschleunigtes-fachkraefteverfahren', 'ankommen-familiennachzug']) {
    const zip = await fetch(`${URL_BASE}/api/v1/library/processes/${key}/versions/1/package`, { headers: { Cookie: cookie } });
    assert.equal(zip.status, 200, key);
    const bpmn = strFromU8(unzipSync(new Uint8Array(await zip.arrayBuffer()))['process.bpmn']);
    const lanes = [...bpmn.matchAll(/<bpmn:lane id="Lane_([a-z_]+)" name="([^"]*)"/g)];
    assert.ok(lanes.length >= 3, `the diagram of ${key} has lanes`);
    for (const [, actor, name] of lanes) {
      assert.equal(unescape(name), de.codes.processActor[actor], `${key}: the lane of ${actor}`);
      seen.add(actor);
    }
  }
  assert.ok(seen.size >= 6, `lanes of several actors compared (${[...seen]})`);
  const out = await fetch(`${URL_BASE}/api/v1/session`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
  assert.ok(out.status < 300, `signed out (${out.status})`);
});
