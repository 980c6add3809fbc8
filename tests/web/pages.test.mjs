// Every page of the region's workspace and the administrator's accounts page,
// each checked by axe-core (WCAG 2.1 A and AA) as a coordinator uses it: the
// agreement with an amendment proposed and a signature form open, the profile,
// measures with progress, offers and contacts with consent, a joint event with
// its cost split and participant list, notices, companies and obstacles.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accounts,
  assertClean,
  checkA11y,
  heading,
  isoDay,
  launch,
  login,
  newContext,
  shot,
  unique,
} from './lib.mjs';

const REGION = 'mittleres-ruhrgebiet';
const base = `/regions/${REGION}`;
let run;
let ctx;
let page;

before(async () => {
  run = await launch();
  ctx = await newContext(run.browser);
  page = await ctx.newPage();
  await page.goto('/');
  await login(page, accounts().coordinator);
});

after(async () => {
  if (run) await run.close();
});

async function save(name = 'Speichern') {
  await page.getByRole('button', { name, exact: true }).click();
}

async function saved(scope = page) {
  await scope.locator('.form-status').getByText(/Gespeichert\.|Angelegt\./).first().waitFor();
}

test('the region overview and its navigation', async () => {
  await page.goto(base);
  await heading(page, 'Mittleres Ruhrgebiet');
  const nav = page.getByRole('navigation', { name: /Arbeitsbereich der Region/ });
  for (const name of ['Kooperationsvereinbarung', 'Maßnahmen', 'Anfragen', 'Unternehmen', 'Hürden', 'CSV-Import']) {
    assert.equal(await nav.getByRole('link', { name }).count(), 1, name);
  }
  await checkA11y(page, 'the region overview');
  // keyboard only: the skip link leads to the content
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'the first Tab reaches the skip link');
});

test('the agreement: sections, signatures, an amendment proposed and agreed', async () => {
  await page.goto(`${base}/agreement`);
  await heading(page, 'Kooperationsvereinbarung');
  await page.getByRole('heading', { name: 'Unterschriften' }).waitFor();
  await page.getByRole('button', { name: 'Unterschrift erfassen: Ministerium (MAGS)' }).click();
  await page.locator('#sign-mags-signatory_name').waitFor();
  await checkA11y(page, 'the agreement with a signature form');
  const reason = unique('Neue Ansprechpartnerin');
  await page.locator('#amendment-section').selectOption('cooperation');
  await page.locator('#amendment-proposed_text').fill('Die Region benennt zwei Ansprechpersonen.');
  await page.locator('#amendment-reason').fill(reason);
  await save('Änderung vorschlagen');
  const item = page.locator('.amendment').filter({ hasText: reason });
  await item.getByRole('heading', { name: 'Zusammenarbeit: vorgeschlagen' }).waitFor();
  await item.getByRole('button', { name: 'Zustimmen' }).click();
  await item.getByRole('heading', { name: 'Zusammenarbeit: vereinbart' }).waitFor();
  await item.getByRole('button', { name: 'Schriftlich unterzeichnet erfassen' }).click();
  await checkA11y(page, 'the agreement with an amendment to sign');
  await shot(page, 'agreement');
});

test('the profile is saved with its lists', async () => {
  await page.goto(`${base}/profile`);
  await heading(page, 'Profil und Bedarfe');
  await page.getByLabel('Stärken der Region').fill('Hochschulen\nStarker Mittelstand');
  await page.getByRole('checkbox', { name: 'Wohnungsmarkt' }).check();
  await save();
  await saved();
  await checkA11y(page, 'the profile');
});

test('a measure with a progress note', async () => {
  await page.goto(`${base}/measures/new`);
  await heading(page, 'Maßnahme: neu');
  await checkA11y(page, 'a new measure');
  await page.getByLabel('Titel').fill(unique('Netzwerktreffen Pflege'));
  await page.getByLabel('Kategorie').selectOption('exchange_formats');
  await page.getByLabel('Geplant ab').fill('2026-03-01');
  await page.getByLabel('Geplant bis').fill('2026-02-01');
  await page.locator('#new-measures-planned_to-error').waitFor();
  await page.getByLabel('Geplant bis').fill('2026-06-30');
  await save();
  await page.waitForURL(/\/measures\/[0-9a-f-]{36}$/);
  await page.locator('#progress-note').fill('Erstes Treffen mit 12 Betrieben.');
  await save('Fortschritt eintragen');
  await page.locator('.notes').getByText('Erstes Treffen mit 12 Betrieben.').waitFor();
  await checkA11y(page, 'a measure with progress');
  await page.goto(`${base}/measures`);
  await heading(page, 'Maßnahmen');
  await checkA11y(page, 'the measures');
});

test('a contact with consent, and an offer naming them, published', async () => {
  const name = unique('Aylin Demir');
  await page.goto(`${base}/contacts/new`);
  await heading(page, 'Kontakt: neu');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Rolle').selectOption('offer_contact');
  await page.getByLabel('E-Mail-Adresse').fill('keine-adresse');
  await page.getByLabel('Organisation').click();
  await page.locator('#new-contacts-email-error').waitFor();
  await page.getByLabel('E-Mail-Adresse').fill('a.demir@example.org');
  await save();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  await page.getByText('Keine Einwilligung erfasst').waitFor();
  await checkA11y(page, 'a contact without consent');
  await page.locator('#consent-how').selectOption('written');
  await save('Einwilligung erfassen');
  await page.getByRole('button', { name: 'Einwilligung widerrufen' }).waitFor();
  await page.goto(`${base}/contacts`);
  await heading(page, 'Kontakte');
  await checkA11y(page, 'the contacts');

  const title = unique('Anerkennungsberatung');
  await page.goto(`${base}/offers/new`);
  await heading(page, 'Angebot: neu');
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Anbieter', { exact: false }).first().selectOption('ihk');
  await page.getByLabel('Internetadresse').fill('https://www.example.org/anerkennung');
  await page.getByRole('checkbox', { name: 'Anerkennung' }).check();
  await page.getByLabel('Kontakt').selectOption({ label: name });
  await save();
  await page.waitForURL(/\/offers\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Veröffentlichen' }).click();
  await page.getByRole('button', { name: 'Zurückziehen' }).waitFor();
  await checkA11y(page, 'a published offer');
  await page.goto(`${base}/offers`);
  await heading(page, 'Angebote');
  await checkA11y(page, 'the offers');
});

test('a joint event with its cost split and a participant', async () => {
  const title = unique('Fachkräftetag Indien');
  await page.goto(`${base}/activities/new`);
  await heading(page, 'Aktivität: neu');
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Art').selectOption('event');
  await page.getByLabel('Beginn').fill(isoDay(-7));
  await page.getByLabel('Gemeinsam mit der FAI').check();
  await page.getByLabel('Öffentlichkeitswirksam').check();
  await checkA11y(page, 'a new activity');
  await save();
  await page.waitForURL(/\/activities\/[0-9a-f-]{36}$/);
  await page.getByText(/Hinweis gesendet am/).waitFor();
  await page.getByText('Zu kurzer Vorlauf (unter 14 Tagen).').waitFor();

  await page.locator('#split-estimated_cost_cents').fill('1.250,50');
  await page.locator('#split-region_share_basis_points').fill('60');
  await page.locator('#split-fai_share_basis_points').fill('30');
  await page.locator('#split-fai_share_basis_points-error').getByText(/zusammen 100 %/).waitFor();
  await page.locator('#split-fai_share_basis_points').fill('40');
  await page.locator('#split').getByRole('button', { name: 'Speichern', exact: true }).click();
  // agreed today, after the event began: the late agreement needs its reason
  await page.locator('#split-late_agreement-error').waitFor();
  await page.locator('#split-late_agreement').check();
  await page.locator('#split-late_reason').fill('Förderzusage kam erst nach der Veranstaltung.');
  await page.locator('#split').getByRole('button', { name: 'Speichern', exact: true }).click();
  await page.getByText(/Region 750,30\s€\s\(60\s%\), FAI 500,20\s€\s\(40\s%\) von 1\.250,50\s€/).waitFor();

  await page.locator('#participant-name').fill('Priya Sharma');
  await page.locator('#participant-attendance_confirmed_by').selectOption('signature');
  await page.locator('#participant-information_how').selectOption('attendance_list_notice');
  await save('Teilnehmende Person hinzufügen');
  await page.getByRole('row').filter({ hasText: 'Priya Sharma' }).waitFor();
  await checkA11y(page, 'a joint event with cost split and participants');
  await shot(page, 'joint-event');
  await page.goto(`${base}/activities`);
  await heading(page, 'Aktivitäten');
  await checkA11y(page, 'the activities');
  await page.goto(`${base}/notices`);
  await heading(page, 'Hinweise an die FAI');
  await page.getByRole('link', { name: title }).waitFor();
  await checkA11y(page, 'the notices');
});

test('companies and obstacles', async () => {
  const company = unique('Hafenlogistik GmbH');
  await page.goto(`${base}/companies/new`);
  await heading(page, 'Unternehmen: neu');
  await page.getByLabel('Name').fill(company);
  await page.getByLabel('Unternehmensgröße').selectOption('large');
  await page.getByLabel('Branche').selectOption('H');
  await save();
  await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
  await checkA11y(page, 'a company');
  await page.goto(`${base}/companies?q=${encodeURIComponent(company.split(' ').pop())}`);
  await heading(page, 'Unternehmen');
  await page.getByRole('link', { name: company }).waitFor();
  await checkA11y(page, 'the companies');

  await page.goto(`${base}/obstacles/new`);
  await heading(page, 'Hürde: neu');
  await checkA11y(page, 'a new obstacle');
  await page.goto(`${base}/obstacles`);
  await heading(page, 'Hürden');
  await checkA11y(page, 'the obstacles');
  await page.goto(`${base}/imports`);
  await heading(page, 'Anfragen aus einer CSV-Datei importieren');
  await checkA11y(page, 'the import');
  assertClean(ctx);
});

test('the administrator sees the accounts, a coordinator does not', async () => {
  const admin = await newContext(run.browser);
  const p = await admin.newPage();
  await p.goto('/users');
  await login(p, accounts().admin);
  await heading(p, 'Benutzerkonten');
  await p.getByRole('row').filter({ hasText: accounts().coordinator.email }).waitFor();
  await checkA11y(p, 'the accounts');
  assertClean(admin);
  await admin.close();
  await page.goto('/users');
  await heading(page, 'Seite nicht gefunden');
});
