// The FAI's pages: FAI leadership publishes a bulletin (a title with <script>
// shows as text), a coordinator marks it read for the region, the FAI sees
// how many regions read it; the notices inbox; axe-core on each page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accounts, assertClean, checkA11y, heading, launch, login, newContext, shot, unique } from './lib.mjs';

let run;
let ctx;
let page;
const title = unique('Rechtsänderung <script>alert(1)</script>');

before(async () => {
  run = await launch();
  ctx = await newContext(run.browser);
  page = await ctx.newPage();
  await page.goto('/');
  await login(page, accounts().lead);
});

after(async () => {
  if (run) await run.close();
});

test('FAI leadership publishes a bulletin; its markup stays text', async () => {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Rundschreiben' }).click();
  await heading(page, 'Rundschreiben');
  // a bulletin without a title is refused, the field named
  await page.getByRole('button', { name: 'Veröffentlichen' }).click();
  await page.locator('.status-error').waitFor();
  await page.locator('#bulletin-title').fill(title);
  await page.locator('#bulletin-topic').selectOption('law_change');
  await page.locator('#bulletin-body').fill('Ab dem 1. März gilt:\nneue Regeln.');
  await page.getByRole('button', { name: 'Veröffentlichen' }).click();
  const item = page.locator('article.bulletin').filter({ has: page.getByRole('heading', { name: title }) });
  await item.waitFor();
  assert.equal(await item.locator('h3').innerText(), title, 'the title is shown as text');
  assert.equal(await page.locator('article.bulletin script').count(), 0, 'no script element was made');
  assert.match(await item.innerText(), /von 0 Regionen gelesen/);
  await checkA11y(page, 'the bulletins page for the FAI');
  assertClean(ctx);
});

test('a coordinator marks it read; the FAI sees the count', async () => {
  const c = await newContext(run.browser);
  const p = await c.newPage();
  await p.goto('/bulletins');
  await login(p, accounts().coordinator);
  await heading(p, 'Rundschreiben');
  const item = p.locator('article.bulletin').filter({ has: p.getByRole('heading', { name: title }) });
  await item.getByRole('button', { name: /^Als gelesen markieren/ }).click();
  await item.getByText(/Von Ihrer Region gelesen am/).waitFor();
  await checkA11y(p, 'the bulletins page for a region');
  assertClean(c);
  await c.close();
  await page.reload();
  const mine = page.locator('article.bulletin').filter({ has: page.getByRole('heading', { name: title }) });
  await mine.getByText(/von 1 Regionen gelesen/).waitFor();
});

test('the notices inbox', async () => {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Mitteilungen' }).click();
  await heading(page, 'Mitteilungen der Regionen');
  await page.locator('#inbox-caption').waitFor();
  await checkA11y(page, 'the notices inbox');
  await page.getByRole('link', { name: 'Nur verspätete Mitteilungen' }).click();
  await page.waitForURL(/late=true/);
  await page.locator('#inbox-caption').waitFor();
  await shot(page, 'notices-inbox');
  assertClean(ctx);
});
