// A coordinator's day (issue 8, point 7): signs in, records an employer inquiry
// with the fast entry form (coded fields, a country found by typing), sees it
// listed and exports it as CSV; a coordinator of another region cannot reach it
// and sees the same "not found" page as for a URL that does not exist; a
// title with <script> in it is shown as text; the language switch persists.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  accounts,
  apiCall,
  assertClean,
  checkA11y,
  launch,
  login,
  newContext,
  shot,
  unique,
} from './lib.mjs';

const REGION = 'mittleres-ruhrgebiet';
let run;
let ctx;
let page;
let inquiryId;
const marker = unique('Schweißer*in');
const company = unique('Muster Stahlbau GmbH');

before(async () => {
  run = await launch();
  ctx = await newContext(run.browser);
  page = await ctx.newPage();
});

after(async () => {
  if (run) await run.close();
});

test('the login page is German, accessible, and signs the coordinator in', async () => {
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  await checkA11y(page, 'the login page');
  await shot(page, 'login');
  await login(page, accounts().coordinator);
  await page.getByRole('heading', { level: 1, name: /Willkommen/ }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
  await nav.getByRole('link', { name: 'Mittleres Ruhrgebiet' }).waitFor(); // the own region, by its name
  assert.equal(await nav.getByRole('link', { name: 'Benutzerkonten' }).count(), 0, 'no admin entry for a coordinator');
  await checkA11y(page, 'the start page');
});

test('the fast form records an inquiry with coded fields and a country found by typing', async () => {
  await page.getByRole('link', { name: 'Mittleres Ruhrgebiet' }).first().click();
  await page.getByRole('navigation', { name: /Arbeitsbereich/ }).getByRole('link', { name: 'Anfragen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anfragen' }).waitFor();
  await page.getByRole('link', { name: 'Neu anlegen' }).click();
  const h1 = page.getByRole('heading', { level: 1, name: 'Anfrage schnell erfassen' });
  await h1.waitFor();
  assert.ok(await h1.evaluate((el) => el === document.activeElement), 'the new page’s heading has the focus');

  // saving without a channel: the error summary links to the field
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary takes the focus');
  assert.match(await summary.innerText(), /Kanal: Bitte ausfüllen/);
  await checkA11y(page, 'the fast form with errors');

  // a date in the future is refused while typing
  const received = page.getByLabel('Eingangsdatum');
  await received.fill('2099-01-01');
  const dateError = page.locator('#inquiry-received_on-error');
  await dateError.filter({ hasText: 'Das Datum darf nicht in der Zukunft liegen.' }).waitFor();
  assert.equal(await received.getAttribute('aria-invalid'), 'true');
  assert.match(await received.getAttribute('aria-describedby'), /inquiry-received_on-error/);
  await received.fill(new Date().toISOString().slice(0, 10));

  await page.getByRole('radio', { name: 'Telefon' }).check();
  await page.getByLabel('Neues Unternehmen').fill(company);
  await page.getByLabel('Ort des Unternehmens').fill('Bochum');
  await page.getByLabel('Unternehmensgröße').selectOption('medium');
  await page.getByLabel('Branche (WZ 2008)').selectOption('C');
  await page.getByRole('checkbox', { name: 'Anerkennung' }).check();
  const countries = page.getByRole('combobox', { name: /Zielländer/ });
  await countries.fill('Ind');
  await page.getByRole('option', { name: 'Indien (IN)' }).waitFor();
  await countries.press('ArrowDown');
  await countries.press('ArrowUp');
  await countries.press('Enter'); // takes the country, does not submit the form
  await page.getByRole('button', { name: 'Indien (IN) entfernen' }).waitFor();
  await countries.fill('Tür');
  await page.getByRole('option', { name: 'Türkei (TR)' }).click();
  await page.getByRole('button', { name: 'Türkei (TR) entfernen' }).waitFor();
  await page.getByLabel('Beruf').fill(marker);
  await page.getByLabel('Notizen').fill('Erstkontakt am Telefon');
  await checkA11y(page, 'the filled fast form');
  await shot(page, 'inquiry-fast-form');

  const created = page.waitForResponse((r) => r.url().endsWith(`/api/v1/regions/${REGION}/inquiries`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const res = await created;
  assert.equal(res.status(), 201);
  assert.ok(res.request().headers()['idempotency-key'], 'the create carries an Idempotency-Key');
  const body = await res.json();
  inquiryId = body.id;
  assert.deepEqual(body.target_countries, ['IN', 'TR']);
  assert.equal(body.sector, 'C');
  assert.equal(body.size_class, 'medium');
  assert.deepEqual(body.topics, ['recognition']);
  assert.equal(body.channel, 'phone');
});

test('the inquiry is listed, filtered by its country, and exported as CSV', async () => {
  await page.getByRole('heading', { level: 1, name: 'Anfragen' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: company }).first();
  await row.waitFor();
  assert.match(await row.innerText(), /Indien, Türkei/);
  await checkA11y(page, 'the list of inquiries');

  await page.getByLabel('Zielland').selectOption('IN');
  await page.getByRole('button', { name: 'Filter anwenden' }).click();
  await page.waitForURL(/country=IN/);
  await page.getByRole('row').filter({ hasText: company }).first().waitFor();
  await shot(page, 'inquiries-list');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Als CSV exportieren' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'inquiries.csv');
  const csv = readFileSync(await file.path(), 'utf8');
  assert.match(csv.split('\r\n')[0], /received_on/);
  assert.ok(csv.includes(marker), 'the export holds the new inquiry');
  assert.ok(csv.includes('IN; TR'), 'with its countries');
  for (const line of csv.split('\r\n').filter(Boolean).slice(1)) {
    assert.ok(line.includes('IN'), 'the export keeps the filter');
  }

  await page.getByRole('row').filter({ hasText: company }).getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`Anfrage .* ${company}`) }).waitFor();
  assert.equal(await page.getByLabel('Beruf').inputValue(), marker);
  await checkA11y(page, 'an inquiry');
});

async function notFoundPage(p, url) {
  await p.goto(url);
  await p.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
  return { title: await p.title(), main: await p.locator('main').innerText() };
}

test('a coordinator of another region sees the same "not found" page as for a URL that does not exist', async () => {
  const other = await newContext(run.browser);
  const p = await other.newPage();
  await p.goto('/');
  await login(p, accounts().other);
  const nav = p.getByRole('navigation', { name: 'Hauptnavigation' });
  await nav.getByRole('link', { name: 'MEO' }).waitFor();
  assert.equal(await nav.locator(`a[href="/regions/${REGION}"]`).count(), 0, 'no link to the other region');
  const nothing = await notFoundPage(p, '/gibt/es/nicht');
  const theirs = await notFoundPage(p, `/regions/${REGION}/inquiries/${inquiryId}`);
  const theirList = await notFoundPage(p, `/regions/${REGION}/inquiries`);
  const viaOwn = await notFoundPage(p, `/regions/meo/inquiries/${inquiryId}`);
  const unknownId = await notFoundPage(p, '/regions/meo/inquiries/00000000-0000-4000-8000-000000000000');
  assert.deepEqual(theirs, nothing, 'the other region’s inquiry');
  assert.deepEqual(theirList, nothing, 'the other region’s list');
  assert.deepEqual(viaOwn, nothing, 'the inquiry’s id under the own region');
  assert.deepEqual(unknownId, nothing, 'an id that does not exist');
  assert.ok(!(await p.locator('main').innerText()).includes(marker));
  await checkA11y(p, 'the not-found page');
  await shot(p, 'not-found');
  const api = await apiCall(p, 'GET', `/api/v1/regions/${REGION}/inquiries/${inquiryId}`);
  assert.equal(api.status, 404, 'the API answers 404 too');
  assertClean(other);
  await other.close();
});

test('a title with <script> in it is shown as text and never run', async () => {
  const title = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> ${unique('Maßnahme')}`;
  await page.goto(`/regions/${REGION}/measures/new`);
  await page.getByRole('heading', { level: 1, name: 'Maßnahme: neu' }).waitFor();
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Kategorie').selectOption('events');
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const h1 = page.getByRole('heading', { level: 1 });
  await page.waitForURL(/\/measures\/[0-9a-f-]{36}$/);
  await h1.filter({ hasText: '<script>' }).waitFor();
  assert.equal(await h1.innerText(), title, 'the heading shows the title as typed');
  assert.equal(await page.title(), `${title} – Lotse`);
  await page.goto(`/regions/${REGION}/measures`);
  await page.getByRole('link', { name: title }).waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'nothing of the title ran');
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no element was made from it');
});

test('the language switch shows English and persists', async () => {
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Measures' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Measures' }).waitFor();
  await checkA11y(page, 'the measures in English');
  await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Maßnahmen' }).waitFor();
  assertClean(ctx);
});
