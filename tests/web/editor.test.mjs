// The process editor (issue 8, points 4 and 6) and the split bundle:
// - the sign-in page and a region's workspace fetch no chart, diagram or
//   editor chunk; a dashboard fetches the chart chunk, a published process the
//   diagram chunk;
// - a coordinator drafts a process with three steps in the browser: a title
//   too long is flagged while typing next to that step's field, the API's
//   cycle error lands next to the predecessors of the step it names (nothing
//   stored), fixed and created; steps are reordered and removed with the focus
//   where it belongs; a second tab saves first and the 412 view keeps the
//   edit, which is reapplied and saved; submitted for review; the step title
//   with <script> shows as text; axe-core on the editor and the 412 view;
// - FAI staff find it in the review queue, approve it, FAI leadership
//   publishes it, and the coordinator starts version 2 in the editor;
// - an adapted copy of an FAI process opens in the editor with its steps (the
//   test publishes the FAI process it adapts, so it passes on a stack any
//   number of times);
// - FAI staff draft an FAI process in the same editor (their own entry in the
//   navigation), change it and submit it; a coordinator cannot reach it;
// - the session ends while the editor holds unsaved text: after the sign-in
//   the text is there and saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accounts,
  apiCall,
  assertClean,
  checkA11y,
  deleteSessions,
  heading,
  launch,
  login,
  makeFaiStaff,
  newContext,
  noScriptElement,
  shot,
  signInAs,
} from './lib.mjs';

const REGION = 'mittleres-ruhrgebiet';
const MARKUP = '<script>alert(1)</script>';
const tag = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const KEY = `web-editor-${tag}`;
const NAME = `Welcome-Prozess ${tag}`;
const STEP1 = `Bedarf ${MARKUP} klären`;
const editUrl = (n) => `/regions/${REGION}/library/${KEY}/versions/${n}/edit`;
const FAI_KEY = `web-fai-${tag}`;
const FAI_NAME = `FAI-Musterprozess ${tag}`;
const SOURCE_KEY = `web-source-${tag}`;

let run;
let staff;
const sessions = {};

const as = (role, account) => signInAs(run.browser, sessions, role, account);

/* The page of a session made before, or a new one. */
const session = async (role, account) => (sessions[role] ? sessions[role].page : as(role, account));

/* A version of the FAI in review: approved by FAI staff, published by leadership. */
async function publish(key, n) {
  const fai = await session('staff', staff);
  const approved = await apiCall(fai, 'POST', `/api/v1/library/processes/${key}/versions/${n}/approve`, {});
  assert.equal(approved.status, 200, approved.text);
  const lead = await session('lead', accounts().lead);
  const published = await apiCall(lead, 'POST', `/api/v1/library/processes/${key}/versions/${n}/publish`, {});
  assert.equal(published.status, 200, published.text);
}

const step = (page, n) => page.locator('ol.steps-list > li').nth(n - 1).locator('fieldset.step');
const legendOf = (page, n) => step(page, n).locator('> legend');

const focusedId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

before(async () => {
  run = await launch();
  const admin = await as('admin', accounts().admin);
  staff = { email: `fai-editor-${tag}@example.org`, password: `Editor-im-Browser-${tag}` };
  await makeFaiStaff(admin, staff, `FAI Editor ${tag}`);
});

after(async () => {
  if (!run) return;
  try {
    // what this run published leaves the search; the FAI draft it submitted the review queue
    if (sessions.staff) {
      const r = await apiCall(sessions.staff.page, 'GET', `/api/v1/library/processes/${FAI_KEY}/versions/1`);
      if (r.status === 200 && r.json.status === 'in_progress') await publish(FAI_KEY, 1);
    }
    if (sessions.lead) {
      for (const key of [KEY, SOURCE_KEY, FAI_KEY]) {
        const r = await apiCall(sessions.lead.page, 'GET', `/api/v1/library/processes/${key}/versions/1`);
        if (r.status === 200 && r.json.published_at && r.json.status === 'approved')
          await apiCall(sessions.lead.page, 'POST', `/api/v1/library/processes/${key}/versions/1/deactivate`, {});
      }
    }
    if (sessions.admin && staff && staff.id)
      await apiCall(sessions.admin.page, 'PATCH', `/api/v1/users/${staff.id}`, { disabled: true });
  } finally {
    await run.close();
  }
});

test('the sign-in page and the workspace fetch no chart or diagram code; a dashboard and a process page do', async () => {
  const ctx = await newContext(run.browser);
  const page = await ctx.newPage();
  const fetched = [];
  page.on('request', (r) => {
    const m = /\/assets\/([a-z-]+)-[A-Z0-9]+\.js$/.exec(new URL(r.url()).pathname);
    if (m) fetched.push(m[1]);
  });
  await page.goto('/');
  await heading(page, 'Anmelden');
  assert.ok(fetched.includes('app'), `the app script is fetched (${fetched})`);
  await login(page, accounts().coordinator);
  await page.goto(`/regions/${REGION}`);
  await page.locator('main h1').waitFor();
  await page.goto(`/regions/${REGION}/measures`);
  await page.locator('main h1').waitFor();
  await page.waitForLoadState('networkidle');
  for (const lazy of ['chart', 'bpmn', 'editor', 'words-en'])
    assert.ok(!fetched.includes(lazy), `no ${lazy} chunk on the sign-in page or the workspace (${fetched})`);

  const chart = page.waitForRequest((r) => /\/assets\/chart-[A-Z0-9]+\.js$/.test(r.url()));
  await page.goto('/dashboards/inquiries');
  await chart;
  await page.locator('.chart canvas').first().waitFor();
  assert.ok(!fetched.includes('bpmn'), 'a dashboard fetches no diagram code');

  const bpmn = page.waitForRequest((r) => /\/assets\/bpmn-[A-Z0-9]+\.js$/.test(r.url()));
  await page.goto('/library/pflegefachkraft-anerkennung/versions/1');
  await bpmn;
  await page.locator('.bpmn[data-state="shown"]').waitFor({ timeout: 20000 });
  assertClean(ctx);
  await ctx.close();
});

test('a coordinator drafts a process with steps, meets a field error per step, fixes it, and creates it', async () => {
  const page = await as('coordinator', accounts().coordinator);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Prozessbibliothek' }).click();
  await heading(page, 'Prozessbibliothek');
  await page.getByRole('link', { name: /^Eigene Musterprozesse: Mittleres Ruhrgebiet/ }).click();
  await heading(page, /^Musterprozesse: Mittleres Ruhrgebiet/);
  await page.getByRole('link', { name: 'Neuen Musterprozess entwerfen' }).click();
  await heading(page, 'Neuen Musterprozess entwerfen');
  await checkA11y(page, 'the empty editor');

  await page.getByLabel(/^Schlüssel/).fill(KEY);
  await page.getByLabel(/^Name( \(Pflichtfeld\))?$/).first().fill(NAME);
  await page.getByLabel('Beschreibung', { exact: true }).fill('Vom ersten Gespräch bis zum Ankommen.');
  await page.getByRole('group', { name: /^Zielgruppen/ }).getByLabel('Fachkräfte', { exact: true }).check();
  await page.getByRole('group', { name: 'Autor/in 1' }).getByLabel(/^Name( \(Pflichtfeld\))?$/).fill('Koordination Mittleres Ruhrgebiet');

  const s1 = step(page, 1);
  await s1.getByLabel(/^Titel des Schritts/).fill(STEP1);
  await s1.getByLabel(/^Phase/).selectOption('orientation');
  await s1.getByLabel(/^Zuständig/).selectOption('employer');
  await s1.getByLabel(/^Links/).fill('Make it in Germany https://www.make-it-in-germany.com/');

  await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'pe-s-s2-title');
  const s2 = step(page, 2);
  assert.ok(await s2.getByRole('checkbox', { name: /^Schritt 1:/ }).isChecked(), 'a new step follows the last one');
  // a title too long: flagged while typing, next to this step's field
  await s2.getByLabel(/^Titel des Schritts/).fill('A'.repeat(201));
  const tooLong = s2.locator('#pe-s-s2-title-error');
  await tooLong.getByText(/Höchstens 200 Zeichen/).waitFor();
  assert.equal(await s2.getByLabel(/^Titel des Schritts/).getAttribute('aria-invalid'), 'true');
  assert.match(await s2.getByLabel(/^Titel des Schritts/).getAttribute('aria-describedby'), /pe-s-s2-title-error/);
  assert.equal(await s1.locator('.field-error').count(), 0, 'the other step shows no error');
  await s2.getByLabel(/^Titel des Schritts/).fill('Anerkennung beantragen');
  await tooLong.waitFor({ state: 'detached' });
  await s2.getByLabel(/^Phase/).selectOption('recognition');
  await s2.getByLabel(/^Zuständig/).selectOption('recognition_body');
  await s2.getByLabel(/^Typische Dauer/).fill('60');

  await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  const s3 = step(page, 3);
  await s3.getByLabel(/^Titel des Schritts/).fill('Visum beantragen');
  await s3.getByLabel(/^Phase/).selectOption('visa_and_entry');
  await s3.getByLabel(/^Zuständig/).selectOption('foreign_mission');
  // step 1 after step 3 closes a cycle: the API's rule, named at a step's predecessors
  await s1.getByRole('checkbox', { name: /^Schritt 3:/ }).check();

  const refused = page.waitForResponse((r) => r.url().endsWith(`/regions/${REGION}/library/processes`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
  const answer = await refused;
  assert.equal(answer.status(), 400);
  const problem = await answer.json();
  const named = problem.errors.find((e) => /^steps\[\d\]\.predecessors$/.test(e.field));
  assert.ok(named, `the API names a step's predecessors: ${JSON.stringify(problem.errors)}`);
  const n = Number(/\[(\d)\]/.exec(named.field)[1]) + 1;
  const at = step(page, n).locator(`fieldset[id$="-predecessors"] .field-error`);
  await at.getByText(/cycle/).waitFor();
  const summary = page.locator('.error-summary');
  await summary.getByRole('link', { name: new RegExp(`^Schritt ${n}: .*Kommt nach`) }).waitFor();
  assert.equal((await apiCall(page, 'GET', `/api/v1/library/processes/${KEY}`)).status, 404, 'nothing stored');
  await checkA11y(page, 'the editor with an error');
  await shot(page, 'process-editor-error');

  await s1.getByRole('checkbox', { name: /^Schritt 3:/ }).uncheck();
  await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
  await heading(page, `Entwurf bearbeiten: ${KEY}, Version 1`);
  await page.locator('.form-status').getByText(/Entwurf angelegt/).waitFor();
  const stored = (await apiCall(page, 'GET', `/api/v1/library/processes/${KEY}/versions/1`)).json;
  assert.equal(stored.status, 'draft');
  assert.deepEqual(stored.steps.map((s) => s.title), [STEP1, 'Anerkennung beantragen', 'Visum beantragen']);
  assert.deepEqual(stored.steps[2].predecessors, ['s2']);
  assert.deepEqual(stored.steps[0].links, [{ title: 'Make it in Germany', url: 'https://www.make-it-in-germany.com/' }]);
  assert.equal(stored.steps[1].duration_days, 60);
  // the markup is a title, shown as text (the legend of step 1)
  await legendOf(page, 1).getByText(STEP1, { exact: false }).waitFor();
  await noScriptElement(page);
  assertClean(sessions.coordinator.ctx);
});

test('steps move and go with the focus kept; a second tab saves first and the 412 view keeps the edit', async () => {
  const page = sessions.coordinator.page;
  await page.goto(editUrl(1));
  await heading(page, `Entwurf bearbeiten: ${KEY}, Version 1`);
  // a fourth step, moved up, then removed
  await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  await step(page, 4).getByLabel(/^Titel des Schritts/).fill('Wohnung finden');
  await step(page, 4).getByRole('button', { name: /^Nach oben/ }).click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'pe-s-s4-up');
  assert.match(await legendOf(page, 3).innerText(), /^Schritt 3: Wohnung finden/);
  await step(page, 3).getByRole('button', { name: /^Schritt entfernen/ }).click();
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'pe-s-s3-title');
  assert.equal(await page.locator('ol.steps-list > li').count(), 3);

  // the second tab (same team) opens the draft and saves a new name first
  const other = await newContext(run.browser);
  await other.addCookies(await sessions.coordinator.ctx.cookies());
  const second = await other.newPage();
  await second.goto(editUrl(1));
  await heading(second, `Entwurf bearbeiten: ${KEY}, Version 1`);
  const theirName = `${NAME} (überarbeitet)`;
  await second.getByLabel(/^Name( \(Pflichtfeld\))?$/).first().fill(theirName);
  await second.getByRole('button', { name: 'Entwurf speichern' }).click();
  await second.locator('.form-status').getByText('Gespeichert.').waitFor();

  const mine = 'Anerkennung beim Landesamt beantragen';
  await step(page, 2).getByLabel(/^Titel des Schritts/).fill(mine);
  const refused = page.waitForResponse((r) => r.url().endsWith(`/library/processes/${KEY}/versions/1`) && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  assert.equal((await refused).status(), 412);
  const conflict = page.locator('.conflict');
  await conflict.getByRole('heading', { name: 'Jemand anderes hat diesen Entwurf inzwischen gespeichert' }).waitFor();
  assert.match(await conflict.getByRole('row', { name: /^Name/ }).innerText(), /überarbeitet/);
  assert.equal(await step(page, 2).getByLabel(/^Titel des Schritts/).inputValue(), mine, 'the typed title is still there');
  await checkA11y(page, 'the editor 412 view');
  await shot(page, 'process-editor-412');
  await conflict.getByRole('button', { name: 'Meine Änderungen auf die neue Version anwenden' }).click();
  assert.equal(await page.getByLabel(/^Name( \(Pflichtfeld\))?$/).first().inputValue(), theirName, 'their name is taken over');
  assert.equal(await step(page, 2).getByLabel(/^Titel des Schritts/).inputValue(), mine, 'my title stays');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/library/processes/${KEY}/versions/1`) && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  assert.equal((await saved).status(), 200);
  await page.locator('.form-status').getByText('Gespeichert.').waitFor();
  const stored = (await apiCall(page, 'GET', `/api/v1/library/processes/${KEY}/versions/1`)).json;
  assert.equal(stored.name, theirName);
  assert.equal(stored.steps[1].title, mine);
  assert.equal(stored.steps.length, 3, 'the removed step is gone');
  assertClean(other);
  await other.close();
});

test('the session ends while the editor holds unsaved text: signed in again, it is there and saved', async () => {
  const page = sessions.coordinator.page;
  await page.goto(editUrl(1));
  await heading(page, `Entwurf bearbeiten: ${KEY}, Version 1`);
  const text = 'Termin bei der Auslandsvertretung früh buchen.';
  await step(page, 3).getByLabel(/^Beschreibung des Schritts/).fill(text);
  assert.ok(deleteSessions(accounts().coordinator.email) >= 1, 'the session is gone on the server');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  await page.locator('dialog[open]').waitFor();
  assert.equal(await step(page, 3).getByLabel(/^Beschreibung des Schritts/).inputValue(), text);
  await login(page, accounts().coordinator, { dialog: true });
  await page.locator('.form-status').getByText('Gespeichert.').waitFor();
  const stored = (await apiCall(page, 'GET', `/api/v1/library/processes/${KEY}/versions/1`)).json;
  assert.equal(stored.steps[2].description, text);
});

test('the coordinator submits it; FAI staff see it in review and approve it; after publication, version 2 opens in the editor', async () => {
  const page = sessions.coordinator.page;
  await page.goto(editUrl(1));
  await heading(page, `Entwurf bearbeiten: ${KEY}, Version 1`);
  await page.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();
  const name = `${NAME} (überarbeitet)`;
  await heading(page, name);
  await page.getByText('in Prüfung').first().waitFor();
  await page.getByRole('table').getByRole('rowheader', { name: STEP1, exact: true }).waitFor();
  await noScriptElement(page);

  const fai = await as('staff', staff);
  await fai.goto('/library/reviews');
  await heading(fai, 'Zur Prüfung und Veröffentlichung');
  await fai.getByRole('link', { name: `Version 1: ${name}`, exact: true }).click();
  await heading(fai, name);
  await fai.getByRole('button', { name: 'Freigeben', exact: true }).click();
  await fai.getByRole('listitem').filter({ hasText: 'freigegeben' }).first().waitFor();

  const lead = await as('lead', accounts().lead);
  const published = await apiCall(lead, 'POST', `/api/v1/library/processes/${KEY}/versions/1/publish`, {});
  assert.equal(published.status, 200, published.text);

  await page.goto(`/regions/${REGION}/library`);
  await heading(page, /^Musterprozesse: Mittleres Ruhrgebiet/);
  await checkA11y(page, "the region's processes");
  // the button names its process (visually hidden text after the visible one)
  const newVersion = page.getByRole('button', { name: /^Neue Version anlegen/ }).filter({ hasText: name });
  assert.equal(await newVersion.count(), 1, 'one "new version" button for the process');
  await newVersion.click();
  await heading(page, `Entwurf bearbeiten: ${KEY}, Version 2`);
  assert.equal(await step(page, 1).getByLabel(/^Titel des Schritts/).inputValue(), STEP1, 'version 2 starts as a copy');
  assertClean(sessions.coordinator.ctx);
  assertClean(sessions.staff.ctx);
});

test('an adapted copy of an FAI process opens in the editor with its steps', async () => {
  // the FAI process this run adapts: drafted, submitted and published through the API
  const fai = await session('staff', staff);
  const steps = ['Erstgespräch führen', 'Unterlagen prüfen', 'Anerkennung beantragen', 'Visum beantragen'].map((title, i) => ({
    id: `s${i + 1}`,
    phase: ['orientation', 'recognition', 'recognition', 'visa_and_entry'][i],
    title,
    actor: ['employer', 'skilled_worker', 'recognition_body', 'foreign_mission'][i],
    predecessors: i ? [`s${i}`] : [],
  }));
  const made = await apiCall(fai, 'POST', '/api/v1/library/processes', {
    key: SOURCE_KEY,
    name: `Vorlage zum Anpassen ${tag}`,
    target_groups: ['skilled_workers'],
    level: 'reference',
    authors: [{ name: 'NRW Fachkräfteagentur International' }],
    steps,
  });
  assert.equal(made.status, 201, made.text);
  const submitted = await apiCall(fai, 'POST', `/api/v1/library/processes/${SOURCE_KEY}/versions/1/submit`, {});
  assert.equal(submitted.status, 200, submitted.text);
  await publish(SOURCE_KEY, 1);
  const source = { key: SOURCE_KEY, version: 1, step_count: steps.length };

  const page = await session('coordinator', accounts().coordinator);
  const copyKey = `web-adapt-${tag}`;
  await page.goto(`/library/${source.key}/versions/${source.version}`);
  await page.getByRole('heading', { name: 'Übernehmen oder anpassen' }).waitFor();
  await page.getByLabel('als eigenen Entwurf anpassen').check();
  await page.getByLabel(/^Schlüssel des neuen Prozesses/).fill(copyKey);
  await page.getByRole('button', { name: 'Übernehmen', exact: true }).click();
  await heading(page, `Entwurf bearbeiten: ${copyKey}, Version 1`);
  await page.locator('ol.steps-list > li').first().waitFor();
  assert.equal(await page.locator('ol.steps-list > li').count(), source.step_count, 'every step of the source is in the editor');
  await checkA11y(page, 'the editor with an adapted copy');
  await shot(page, 'process-editor-adapted');
  assertClean(sessions.coordinator.ctx);
});

test('FAI staff draft an FAI process in the same editor, change it and submit it; a coordinator cannot reach it', async () => {
  const page = await as('faiStaff', staff);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'FAI-Musterprozesse' }).click();
  await heading(page, 'Musterprozesse: FAI');
  await checkA11y(page, "the FAI's processes");
  await page.getByRole('link', { name: 'Neuen Musterprozess entwerfen' }).click();
  await heading(page, 'Neuen Musterprozess entwerfen');
  await page.getByText('Nur die FAI sieht den Entwurf.', { exact: false }).waitFor();

  await page.getByLabel(/^Schlüssel/).fill(FAI_KEY);
  await page.getByLabel(/^Name( \(Pflichtfeld\))?$/).first().fill(FAI_NAME);
  await page.getByRole('group', { name: /^Zielgruppen/ }).getByLabel('Fachkräfte', { exact: true }).check();
  await page.getByRole('group', { name: 'Autor/in 1' }).getByLabel(/^Name( \(Pflichtfeld\))?$/).fill('NRW Fachkräfteagentur International');
  await step(page, 1).getByLabel(/^Titel des Schritts/).fill(`Beratung ${MARKUP} anbieten`);
  await step(page, 1).getByLabel(/^Phase/).selectOption('orientation');
  await step(page, 1).getByLabel(/^Zuständig/).selectOption('employer');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/library/processes') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
  assert.equal((await created).status(), 201, 'the FAI route drafts it');
  await heading(page, `Entwurf bearbeiten: ${FAI_KEY}, Version 1`);
  await page.locator('.form-status').getByText(/Entwurf angelegt/).waitFor();
  let stored = (await apiCall(page, 'GET', `/api/v1/library/processes/${FAI_KEY}/versions/1`)).json;
  assert.equal(stored.owner.kind, 'fai');
  assert.equal(stored.status, 'draft');
  assert.equal(page.url(), new URL(`/fai/library/${FAI_KEY}/versions/1/edit`, page.url()).href);

  // changed: a second step, saved with If-Match on the FAI's route
  await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
  await step(page, 2).getByLabel(/^Titel des Schritts/).fill('Arbeitsvertrag schließen');
  await step(page, 2).getByLabel(/^Phase/).selectOption('recruitment');
  await step(page, 2).getByLabel(/^Zuständig/).selectOption('employer');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/library/processes/${FAI_KEY}/versions/1`) && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Entwurf speichern' }).click();
  assert.equal((await saved).status(), 200);
  await page.locator('.form-status').getByText('Gespeichert.').waitFor();
  await checkA11y(page, 'the editor of an FAI process');
  stored = (await apiCall(page, 'GET', `/api/v1/library/processes/${FAI_KEY}/versions/1`)).json;
  assert.deepEqual(stored.steps.map((s) => s.title), [`Beratung ${MARKUP} anbieten`, 'Arbeitsvertrag schließen']);
  await noScriptElement(page);

  // the FAI's list holds the draft; from there back into the editor, then submitted
  await page.goto('/fai/library');
  await heading(page, 'Musterprozesse: FAI');
  const row = page.getByRole('row').filter({ hasText: FAI_NAME });
  await row.getByText('Version 1, Entwurf').waitFor();
  await checkA11y(page, "the FAI's processes with a draft");
  await row.getByRole('link', { name: /^Bearbeiten/ }).click();
  await heading(page, `Entwurf bearbeiten: ${FAI_KEY}, Version 1`);
  await page.getByRole('button', { name: 'Zur Prüfung einreichen' }).click();
  await heading(page, FAI_NAME);
  await page.getByText('in Prüfung').first().waitFor();
  assert.equal((await apiCall(page, 'GET', `/api/v1/library/processes/${FAI_KEY}/versions/1`)).json.status, 'in_progress');
  await page.goto('/library/reviews');
  await page.getByRole('link', { name: `Version 1: ${FAI_NAME}`, exact: true }).waitFor();
  assertClean(sessions.faiStaff.ctx);

  // a coordinator has neither the entry nor the page
  const coordinator = await session('coordinator', accounts().coordinator);
  await coordinator.goto('/fai/library');
  await heading(coordinator, 'Seite nicht gefunden');
  assert.equal(await coordinator.getByRole('link', { name: 'FAI-Musterprozesse' }).count(), 0);
  await coordinator.goto(`/fai/library/${FAI_KEY}/versions/1/edit`);
  await heading(coordinator, 'Seite nicht gefunden');
});
