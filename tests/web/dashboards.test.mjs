// FAI leadership opens every dashboard: a chart and a data table per figure,
// the range and regions in the URL, a suppressed count marked in the table
// and left out of the chart (never drawn as zero), the CSV download, the
// printable policy report with its stylesheet, in the interface's language;
// axe-core on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accounts, apiCall, assertClean, checkA11y, heading, isoDay, launch, login, newContext, shot } from './lib.mjs';

const NAMES = {
  inquiries: 'Anfragen von Arbeitgebern',
  activities: 'Aktivitäten',
  measures: 'Maßnahmen',
  obstacles: 'Hürden',
  bulletins: 'Rundschreiben',
  agreements: 'Kooperationsvereinbarungen',
};
let run;
let ctx;
let page;

before(async () => {
  run = await launch();
  // two inquiries of one region this month: a count from 1 to 4, which FAI leadership sees suppressed
  const other = await newContext(run.browser);
  const p = await other.newPage();
  await p.goto('/');
  await login(p, accounts().other);
  for (let i = 0; i < 2; i++) {
    const r = await apiCall(p, 'POST', '/api/v1/regions/meo/inquiries', { received_on: isoDay(0), channel: 'phone' });
    assert.equal(r.status, 201, r.text);
  }
  await other.close();
  ctx = await newContext(run.browser);
  page = await ctx.newPage();
  await page.goto('/');
  await login(page, accounts().lead);
});

after(async () => {
  if (run) await run.close();
});

test('the navigation leads FAI leadership to the dashboards', async () => {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Dashboards' }).click();
  await heading(page, 'Dashboards');
  for (const name of Object.values(NAMES)) assert.equal(await page.locator('main').getByRole('link', { name }).count(), 1, name);
  await checkA11y(page, 'the dashboards index');
  assertClean(ctx);
});

/* Chart.js comes as its own chunk (web/src/lazy.jsx): wait until every chart is drawn. */
async function chartsDrawn(page) {
  await page.locator('section.figure canvas').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.chart-pending'));
}

test('every dashboard: charts, tables, axe-core', async () => {
  for (const [key, name] of Object.entries(NAMES)) {
    await page.goto(`/dashboards/${key}`);
    await heading(page, name);
    await page.locator('section.figure').first().waitFor();
    const figures = await page.locator('section.figure').count();
    assert.ok(figures > 0, `${key}: figures`);
    await chartsDrawn(page);
    assert.equal(await page.locator('section.figure canvas').count(), figures, `${key}: a chart per figure`);
    assert.equal(await page.locator('section.figure table').count(), figures, `${key}: a table per figure`);
    await checkA11y(page, `the ${key} dashboard`);
    if (key === 'inquiries') await shot(page, 'dashboard-inquiries');
    if (key === 'obstacles') {
      // the obstacle category's word, not the inquiry topic's that shares its code
      const main = page.locator('main');
      assert.ok((await main.getByRole('columnheader', { name: 'Wohnraum', exact: true }).count()) > 0, 'Wohnraum');
      assert.ok((await main.getByRole('rowheader', { name: 'Wohnraum', exact: true }).count()) > 0, 'a ranking row');
      assert.equal(await main.getByText('Wohnen', { exact: true }).count(), 0, 'not Wohnen');
    }
  }
  assertClean(ctx);
});

test('a suppressed count is marked in the table and left out of the chart', async () => {
  const month = isoDay(0).slice(0, 7);
  const qs = `from=${month}-01&to=${isoDay(0)}&regions=meo`;
  const api = await apiCall(page, 'GET', `/api/v1/dashboards/inquiries?${qs}`);
  assert.equal(api.status, 200);
  const fig = api.json.figures.by_month;
  assert.deepEqual(fig.rows[0].values[0], { suppressed: true }, 'the API suppresses a count of two for FAI leadership');
  await page.goto(`/dashboards/inquiries?${qs}`);
  await heading(page, NAMES.inquiries);
  await page.getByText(/^Zeitraum: 01\./).waitFor();
  const section = page.locator('section.figure').filter({ has: page.getByRole('heading', { name: 'Nach Monat', exact: true }) });
  const rows = section.locator('tbody tr');
  // the table: the region's row, then the selection and the state
  assert.match(await rows.nth(0).locator('th').innerText(), /MEO/);
  assert.match(await rows.nth(0).locator('td').first().innerText(), /^geschützt/, 'the cell says protected');
  assert.equal(await rows.nth(0).locator('td [data-suppressed]').count(), 2, 'the month and the total are protected');
  assert.ok(await section.getByText(/Geschützt: eine Zahl von 1 bis 4/).isVisible(), 'the note explains it');
  // the chart: the selection's suppressed month is null (left out), never 0
  await chartsDrawn(page);
  const data = JSON.parse(await section.locator('canvas').getAttribute('data-values'));
  assert.deepEqual(fig.selected.values[0], { suppressed: true });
  assert.deepEqual(data, [null], 'the chart leaves the bar out');
  assert.ok(await section.getByText(/Im Diagramm ausgelassene Balken: 1 /).isVisible(), 'and says so');
  // the URL holds the view: the form shows it
  assert.equal(await page.locator('#dash-from').inputValue(), `${month}-01`);
  assert.deepEqual(
    await page.locator('#dash-regions').evaluate((s) => [...s.selectedOptions].map((o) => o.value)),
    ['meo'],
  );
  await shot(page, 'dashboard-suppressed');
  assertClean(ctx);
});

test('CSV download and the printable policy report', async () => {
  await page.goto('/dashboards/measures');
  await heading(page, NAMES.measures);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Als CSV herunterladen' }).click(),
  ]);
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(file, 'utf8');
  assert.match(csv.split('\n')[0], /figure/);
  assert.match(download.suggestedFilename(), /^dashboard-measures-.*\.csv$/);
  const link = page.getByRole('link', { name: /Bericht an das Ministerium/ });
  assert.match(await link.getAttribute('href'), /[?&]lang=de(&|$)/);
  await link.click();
  await page.waitForURL(/policy-report/);
  await page.locator('h1').first().waitFor();
  const styled = await page.evaluate(() => [...document.styleSheets].some((s) => /report\.css$/.test(s.href || '') && s.cssRules.length > 0));
  assert.ok(styled, 'the report has its stylesheet');
  // the interface is German, so is the report
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.match(await page.locator('h1').first().textContent(), /^Anfragen von Arbeitgebern und Hürden in den Regionen, \d{2}\.\d{2}\.\d{4} bis /);
  await page.getByRole('heading', { name: 'Die größten Hürden' }).waitFor();
  await shot(page, 'policy-report');
  assertClean(ctx);
});

test('with the interface in English, both links ask for the report in English', async () => {
  await page.goto('/dashboards');
  await page.evaluate(() => localStorage.setItem('lotse.lang', 'en'));
  try {
    for (const path of ['/dashboards', '/dashboards/obstacles']) {
      await page.goto(path);
      const link = page.locator('a[href*="/api/v1/dashboards/policy-report"]');
      await link.waitFor();
      assert.match(await link.getAttribute('href'), /[?&]lang=en(&|$)/, path);
    }
    const link = page.locator('a[href*="/api/v1/dashboards/policy-report"]');
    await link.click();
    await page.waitForURL(/policy-report/);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByRole('heading', { name: 'Top obstacles' }).waitFor();
  } finally {
    await page.goto('/dashboards');
    await page.evaluate(() => localStorage.setItem('lotse.lang', 'de'));
  }
  assertClean(ctx);
});
