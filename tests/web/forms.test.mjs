// Forms never lose what someone typed (issue 8, point 6 and "bad input"):
// a conflicting edit of a measure in two browser contexts shows the 412 flow
// and the second user's edit is reapplied, not lost; a session deleted on the
// server while a form is open asks for a new sign-in and then saves what was
// typed; a double-clicked save makes one record; a 5 MB CSV import with errors
// lists them row by row beside the file and stores nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  accounts,
  apiCall,
  assertClean,
  checkA11y,
  countInquiries,
  deleteSessions,
  heading,
  isoDay,
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
let files;

before(async () => {
  run = await launch();
  ctx = await newContext(run.browser);
  page = await ctx.newPage();
  await page.goto('/');
  await login(page, accounts().coordinator);
  files = mkdtempSync(path.join(tmpdir(), 'lotse-web-files-'));
});

after(async () => {
  if (run) await run.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

test('a conflicting edit shows what changed and the user reapplies their edit', async () => {
  const created = await apiCall(page, 'POST', `/api/v1/regions/${REGION}/measures`, {
    title: unique('Infoabend Anerkennung'),
    category: 'events',
  });
  assert.equal(created.status, 201);
  const id = created.json.id;
  const url = `/regions/${REGION}/measures/${id}`;

  // a second tab of the same team, opened before the first one saves
  const other = await newContext(run.browser);
  await other.addCookies(await ctx.cookies());
  const second = await other.newPage();
  await second.goto(url);
  await second.getByLabel('Verantwortlich').waitFor();
  await page.goto(url);
  await page.getByLabel('Titel').waitFor();

  const theirTitle = unique('Infoabend Anerkennung (verschoben)');
  await page.getByLabel('Titel').fill(theirTitle);
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await page.locator('.form-status').getByText('Gespeichert.').waitFor();

  await second.getByLabel('Verantwortlich').fill('Team Welcome Center');
  await second.getByLabel('Beschreibung').fill('Mit Dolmetscherin; Raum 3.');
  const refused = second.waitForResponse((r) => r.url().endsWith(`/measures/${id}`) && r.request().method() === 'PATCH');
  await second.getByRole('button', { name: 'Speichern', exact: true }).click();
  assert.equal((await refused).status(), 412);
  const conflict = second.locator('.conflict');
  await conflict.getByRole('heading', { name: 'Jemand anderes hat diesen Eintrag inzwischen gespeichert' }).waitFor();
  const row = conflict.getByRole('row', { name: /Titel/ });
  assert.match(await row.innerText(), new RegExp(theirTitle.replace(/[()]/g, '\\$&')), 'the other title is shown');
  assert.equal(await second.getByLabel('Verantwortlich').inputValue(), 'Team Welcome Center', 'the typed text is still there');
  assert.equal(await second.getByLabel('Beschreibung').inputValue(), 'Mit Dolmetscherin; Raum 3.');
  await checkA11y(second, 'the 412 view');
  await shot(second, 'conflict-412');

  await conflict.getByRole('button', { name: 'Meine Änderungen auf die neue Version anwenden' }).click();
  assert.equal(await second.getByLabel('Titel').inputValue(), theirTitle, 'the other change is taken over');
  assert.equal(await second.getByLabel('Verantwortlich').inputValue(), 'Team Welcome Center', 'the own change stays');
  const saved = second.waitForResponse((r) => r.url().endsWith(`/measures/${id}`) && r.request().method() === 'PATCH');
  await second.getByRole('button', { name: 'Speichern', exact: true }).click();
  assert.equal((await saved).status(), 200);
  await second.locator('.form-status').getByText('Gespeichert.').waitFor();

  const stored = (await apiCall(page, 'GET', `/api/v1/regions/${REGION}/measures/${id}`)).json;
  assert.equal(stored.title, theirTitle);
  assert.equal(stored.owner, 'Team Welcome Center');
  assert.equal(stored.description, 'Mit Dolmetscherin; Raum 3.');
  assert.equal(stored.version, 3);
  assertClean(other);
  await other.close();
});

test('a session that ends while a form is open: sign in again, the text is still there and is saved', async () => {
  const title = unique('Lange Wartezeiten auf Visatermine');
  await page.goto(`/regions/${REGION}/obstacles/new`);
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Kategorie').selectOption('visa_appointment_wait');
  await page.getByLabel('Schwere').selectOption('high');
  await page.getByLabel('Beschreibung').fill('Sechs Monate Wartezeit in Neu-Delhi.');

  assert.ok(deleteSessions(accounts().coordinator.email) >= 1, 'the session is gone on the server');
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Ihre Sitzung ist abgelaufen' });
  await dialog.waitFor();
  assert.equal(await page.getByLabel('Titel').inputValue(), title, 'the form keeps its text behind the dialog');
  await checkA11y(page, 'the sign-in dialog');
  await shot(page, 'session-expired');

  const create = page.waitForResponse((r) => r.url().endsWith(`/api/v1/regions/${REGION}/obstacles`) && r.status() === 201);
  await login(page, accounts().coordinator, { dialog: true });
  const body = await (await create).json();
  assert.equal(body.title, title, 'the form was saved after the sign-in');
  await page.waitForURL(new RegExp(`/obstacles/${body.id}$`));
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(await page.getByLabel('Beschreibung').inputValue(), 'Sechs Monate Wartezeit in Neu-Delhi.');
});

test('a double-clicked save makes one record', async () => {
  const marker = unique('Doppelklick');
  await page.goto(`/regions/${REGION}/inquiries/new`);
  await page.getByRole('radio', { name: 'E-Mail' }).check();
  await page.getByLabel('Beruf').fill(marker);
  const posts = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/api/v1/regions/${REGION}/inquiries`)) posts.push(r);
  });
  await page.getByRole('button', { name: 'Speichern', exact: true }).dblclick();
  await page.getByRole('heading', { level: 1, name: 'Anfragen' }).waitFor();
  assert.equal(await countInquiries(page, REGION, marker), 1, 'one inquiry');
  assert.ok(posts.length >= 1);
  // The server side of the promise: the same request with the same key again
  // (a retry after a lost answer) replays the first answer, creating nothing.
  const first = posts[0];
  const key = first.headers()['idempotency-key'];
  assert.ok(key, 'the create carries an Idempotency-Key');
  const replay = await page.evaluate(
    async ([url, key, body]) => {
      const me = await (await fetch('/api/v1/me')).json();
      const r = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, 'Idempotency-Key': key },
        body,
      });
      return { status: r.status, replayed: r.headers.get('Idempotent-Replayed') };
    },
    [first.url(), key, first.postData()],
  );
  assert.deepEqual(replay, { status: 201, replayed: 'true' });
  assert.equal(await countInquiries(page, REGION, marker), 1, 'still one inquiry');
});

test('a 5 MB CSV import with errors lists them row by row beside the file and stores nothing', async () => {
  const marker = unique('Import');
  const lines = ['Eingangsdatum;Kanal;Unternehmen;Ort;Größe;Branche;Themen;Zielländer;Beruf;Notizen'];
  const bad = new Map([
    [3, 'Fax'],
    [1000, 'date'],
    [4000, 'sector'],
    [5001, 'size'],
  ]);
  const day = isoDay(-10);
  // 5,000 rows (the most one file may hold, docs/import.md) with long notes: over 5 MB
  const filler = ' Gesprächsnotiz zur Anfrage.'.repeat(38);
  for (let line = 2; line <= 5001; line++) {
    let channel = 'Telefon';
    let date = day;
    let country = "\"IN; TR\"";
    let size = 'Klein';
    let sector = 'C';
    if (bad.get(line) === 'Fax') channel = 'Fax';
    if (bad.get(line) === 'date') date = '31.02.2026';
    if (bad.get(line) === 'sector') sector = 'Z';
    if (bad.get(line) === 'size') size = 'riesig';
    lines.push(
      `${date};${channel};Beispiel ${line} GmbH;Dortmund;${size};${sector};Anerkennung;${country};Pflegefachkraft;${marker} Zeile ${line}${filler}`,
    );
  }
  const csv = lines.join('\r\n') + '\r\n';
  assert.ok(csv.length > 5_000_000 && csv.length < 16_000_000, `a 5 MB file (${csv.length} bytes)`);
  const file = path.join(files, 'anfragen.csv');
  writeFileSync(file, csv);

  await page.goto(`/regions/${REGION}/imports`);
  await heading(page, 'Anfragen aus einer CSV-Datei importieren');
  await page.getByLabel('CSV-Datei').setInputFiles(file);
  const answer = page.waitForResponse((r) => r.url().includes(`/imports/inquiries`), { timeout: 120000 });
  await page.getByRole('button', { name: 'Importieren' }).click();
  assert.equal((await answer).status(), 400);
  const result = page.locator('.import-result');
  await result.getByRole('table', { name: 'Fehler in der Datei' }).waitFor();
  assert.match(await result.innerText(), /nichts wurde gespeichert/);
  for (const [line] of bad) {
    const row = result.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(line), exact: true }) });
    assert.equal(await row.count(), 1, `line ${line} is listed`);
  }
  const line3 = result.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '3', exact: true }) });
  assert.match(await line3.innerText(), /Kanal/, 'with its column');
  const fileBox = await page.getByLabel('CSV-Datei').boundingBox();
  const resultBox = await result.boundingBox();
  assert.ok(resultBox.x >= fileBox.x + fileBox.width, 'the list stands beside the file');
  assert.ok(resultBox.y < fileBox.y + fileBox.height, 'at the same height');
  await checkA11y(page, 'the import with its errors');
  await shot(page, 'import-errors');
  assert.equal(await countInquiries(page, REGION, marker), 0, 'nothing was stored');
  assertClean(ctx);
});
