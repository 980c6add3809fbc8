// The process library in the browser: search with filters in the URL, a
// process page whose BPMN diagram bpmn-js draws from the package's
// process.bpmn (no CSP violation), the package downloaded from the page and
// verified with `lotse package verify` and the server's key, a coordinator
// adopting a version and giving feedback; axe-core on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accounts, apiCall, assertClean, checkA11y, heading, launch, login, newContext, shot } from './lib.mjs';

let run;
let ctx;
let page;
let first; // {key, version, name} of a published process

before(async () => {
  run = await launch();
  ctx = await newContext(run.browser);
  page = await ctx.newPage();
  await page.goto('/');
  await login(page, accounts().lead);
  const list = await apiCall(page, 'GET', '/api/v1/library/processes?limit=100');
  assert.equal(list.status, 200);
  assert.ok(list.json.items.length > 0, 'the library holds published processes');
  first = list.json.items[0];
});

after(async () => {
  if (run) await run.close();
});

test('search: filters in the URL, results as links', async () => {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Prozessbibliothek' }).click();
  await heading(page, 'Prozessbibliothek');
  await page.getByRole('heading', { name: /^Ergebnisse/ }).waitFor();
  assert.ok(await page.getByRole('link', { name: first.name, exact: true }).count(), 'the process is listed');
  await checkA11y(page, 'the library search');
  const phase = first.phases[0];
  await page.locator('#lib-phase').selectOption(phase);
  await page.getByRole('button', { name: 'Suchen', exact: true }).click();
  await page.waitForURL(new RegExp(`phase=${phase}`));
  await page.getByRole('link', { name: first.name, exact: true }).waitFor();
  // a search that finds nothing says so
  await page.goto('/library?q=zzqxnichtsdergleichen');
  await page.getByText('Kein Prozess passt zu dieser Suche.').waitFor();
  await shot(page, 'library-search-empty');
  assertClean(ctx);
});

test('the process page: the BPMN diagram drawn, the package downloaded and verified', async () => {
  await page.goto(`/library/${first.key}/versions/${first.version}`);
  await heading(page, first.name);
  await page.locator('.bpmn[data-state="shown"]').waitFor({ timeout: 20000 });
  const shapes = await page.locator('.bpmn svg .djs-element').count();
  assert.ok(shapes > 2, `the diagram has shapes (${shapes})`);
  await checkA11y(page, 'the process page');
  await shot(page, 'library-process');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /^Paket herunterladen/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${first.key}-v${first.version}.zip`);
  const dir = mkdtempSync(path.join(tmpdir(), 'lotse-pkg-'));
  const zip = path.join(dir, 'package.zip');
  await download.saveAs(zip);
  const key = await apiCall(page, 'GET', '/api/v1/library/signing-key');
  assert.equal(key.status, 200);
  writeFileSync(path.join(dir, 'server.pem'), key.text);
  const bin = path.join(process.env.LOTSE_BIN, 'lotse');
  execFileSync(bin, ['package', 'verify', zip, '--key', path.join(dir, 'server.pem')], { stdio: 'pipe' });
  // a changed byte fails the check (the test can fail)
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(zip);
  bytes[bytes.length - 30] ^= 0xff;
  writeFileSync(path.join(dir, 'bad.zip'), bytes);
  assert.throws(() =>
    execFileSync(bin, ['package', 'verify', path.join(dir, 'bad.zip'), '--key', path.join(dir, 'server.pem')], {
      stdio: 'pipe',
    }),
  );
  // the FAI's review section is there for FAI leadership
  await page.getByRole('heading', { name: 'Prüfung' }).waitFor();
  assertClean(ctx);
});

test('a coordinator adopts a version and gives feedback', async () => {
  const c = await newContext(run.browser);
  const p = await c.newPage();
  await p.goto('/');
  await login(p, accounts().coordinator);
  const list = await apiCall(p, 'GET', '/api/v1/library/processes?limit=100');
  const other = list.json.items.find((x) => x.owner.region !== 'mittleres-ruhrgebiet');
  await p.goto(`/library/${other.key}/versions/${other.version}`);
  await heading(p, other.name);
  await p.getByRole('heading', { name: 'Übernehmen oder anpassen' }).waitFor();
  await p.locator('.bpmn[data-state="shown"]').waitFor({ timeout: 20000 });
  await checkA11y(p, 'the process page for a coordinator');
  await p.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await p.getByText(/^(Übernommen\.|.*bereits|.*already)/).first().waitFor();
  await p.locator('#fb-rating').selectOption('4');
  await p.locator('#fb-comment').fill('Hat uns geholfen <script>alert(1)</script>');
  await p.getByRole('button', { name: 'Rückmeldung speichern' }).click();
  await p.getByText('Hat uns geholfen <script>alert(1)</script>', { exact: false }).first().waitFor();
  const adoptions = await apiCall(p, 'GET', '/api/v1/regions/mittleres-ruhrgebiet/library/adoptions');
  assert.ok(adoptions.json.items.some((a) => a.process === other.key), 'the adoption is stored');
  assertClean(c);
  await c.close();
});
