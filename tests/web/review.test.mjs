// The library's review and publish flow in the browser, for a process whose
// name and one step title carry markup: a coordinator drafts and submits it
// (the API; tests/web/editor.test.mjs drafts in the browser), FAI staff return it with a
// comment on its page and approve it after the resubmission, FAI leadership
// publishes it there. The published page draws the BPMN diagram with the
// title as SVG text, and the heading, the steps table, the version list and
// the review queue show it as text: no <script> element comes of it. axe-core
// on the process page and the review queue; the process is deactivated and
// the staff account disabled at the end (the fixture is shared).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accounts, apiCall, assertClean, checkA11y, heading, launch, makeFaiStaff, noScriptElement, shot, signInAs } from './lib.mjs';

const REGION = 'mittleres-ruhrgebiet';
const MARKUP = '<script>alert(1)</script>';
const tag = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
const KEY = `web-review-${tag}`;
const NAME = `Prüfung ${MARKUP} ${tag}`;
const STEP = `Bedarf ${MARKUP} klären`;
const RETURN_NOTE = `Bitte die Dauer begründen ${MARKUP}`;

let run;
const sessions = {}; // role -> {ctx, page}
let staff; // {id, email, password}

function record() {
  return {
    key: KEY,
    name: NAME,
    description: 'Ein Testprozess der Prüfung im Browser',
    target_groups: ['skilled_workers'],
    level: 'local',
    legal_basis: ['§ 81a AufenthG'],
    valid_from: '2026-01-01',
    valid_to: null,
    authors: [{ name: 'Koordination', organisation: 'IHK' }],
    licence: 'CC-BY-4.0',
    tags: ['Test'],
    steps: [
      {
        id: 'bedarf',
        phase: 'orientation',
        title: STEP,
        description: 'Stellenprofil schreiben',
        actor: 'employer',
        duration_days: 7,
        documents: ['Stellenbeschreibung'],
        checklist: [],
        links: [{ title: 'Make it in Germany', url: 'https://www.make-it-in-germany.com/' }],
        predecessors: [],
      },
      { id: 'anerkennung', phase: 'recognition', title: 'Anerkennung', actor: 'recognition_body', duration_days: 60, predecessors: ['bedarf'] },
      { id: 'visum', phase: 'visa_and_entry', title: 'Visum', actor: 'foreign_mission', predecessors: ['anerkennung'] },
    ],
  };
}

const as = (role, account) => signInAs(run.browser, sessions, role, account);

const processPath = (n = 1) => `/library/${KEY}/versions/${n}`;
const submitPath = `/api/v1/regions/${REGION}/library/processes/${KEY}/versions/1/submit`;

async function status(page) {
  const res = await apiCall(page, 'GET', `/api/v1/library/processes/${KEY}/versions/1`);
  assert.equal(res.status, 200);
  return res.json;
}

before(async () => {
  run = await launch();
  // an FAI staff account: created and granted by the administrator
  const admin = await as('admin', accounts().admin);
  staff = { email: `fai-staff-${tag}@example.org`, password: `Pruefung-im-Browser-${tag}` };
  await makeFaiStaff(admin, staff, `FAI Prüfung ${tag}`);
});

after(async () => {
  if (!run) return;
  try {
    if (sessions.lead) {
      const r = await status(sessions.lead.page).catch(() => null);
      if (r && r.status === 'approved' && r.published_at)
        await apiCall(sessions.lead.page, 'POST', `/api/v1/library/processes/${KEY}/versions/1/deactivate`, {});
    }
    if (sessions.admin && staff && staff.id)
      await apiCall(sessions.admin.page, 'PATCH', `/api/v1/users/${staff.id}`, { disabled: true });
  } finally {
    await run.close();
  }
});

test('a coordinator drafts a process with markup in its name and a step, and submits it', async () => {
  const page = await as('coordinator', accounts().coordinator);
  const made = await apiCall(page, 'POST', `/api/v1/regions/${REGION}/library/processes`, record());
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.name, NAME, 'the name is stored as given');
  // the draft's page offers the coordinator no review actions
  await page.goto(processPath());
  await heading(page, NAME);
  assert.equal(await page.getByRole('heading', { name: 'Prüfung', exact: true }).count(), 0);
  const sub = await apiCall(page, 'POST', submitPath);
  assert.equal(sub.status, 200, sub.text);
  assert.equal(sub.json.status, 'in_progress');
  assertClean(sessions.coordinator.ctx);
});

test('FAI staff: the review queue lists it as text, return with a comment, approve after resubmission', async () => {
  const page = await as('staff', staff);
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Prozessbibliothek' }).click();
  await heading(page, 'Prozessbibliothek');
  await page.getByRole('link', { name: 'Zur Prüfung und Veröffentlichung' }).click();
  await heading(page, 'Zur Prüfung und Veröffentlichung');
  const item = page.getByRole('link', { name: `Version 1: ${NAME}`, exact: true });
  await item.waitFor();
  await noScriptElement(page);
  await checkA11y(page, 'the review queue');
  await shot(page, 'library-review-queue');

  await item.click();
  await heading(page, NAME);
  await page.getByText('in Prüfung').first().waitFor();
  // not published yet: no diagram, no publish button for staff
  assert.equal(await page.locator('.bpmn').count(), 0);
  assert.equal(await page.getByRole('button', { name: 'Veröffentlichen' }).count(), 0);
  // a return without a comment is refused and says so; nothing moves
  await page.getByRole('button', { name: 'Zurückgeben', exact: true }).click();
  await page.locator('.action .status-error').first().waitFor();
  assert.equal((await status(page)).status, 'in_progress', 'a return without a comment moves nothing');

  await page.getByLabel('Kommentar', { exact: true }).fill(RETURN_NOTE);
  await page.getByRole('button', { name: 'Zurückgeben', exact: true }).click();
  await page.getByRole('listitem').filter({ hasText: RETURN_NOTE }).waitFor();
  await page.getByText('Entwurf').first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Freigeben' }).count(), 0, 'a draft cannot be approved');
  assert.equal((await status(page)).status, 'draft');
  await noScriptElement(page);

  // the author submits again (the API)
  const again = await apiCall(sessions.coordinator.page, 'POST', submitPath);
  assert.equal(again.status, 200, again.text);

  await page.reload();
  await heading(page, NAME);
  await page.getByRole('button', { name: 'Freigeben', exact: true }).click();
  await page.getByRole('listitem').filter({ hasText: 'freigegeben' }).first().waitFor();
  const r = await status(page);
  assert.equal(r.status, 'approved');
  assert.equal(r.published_at ?? null, null, 'approved, not published');
  assert.equal(await page.getByRole('button', { name: 'Veröffentlichen' }).count(), 0, 'staff do not publish');
  await checkA11y(page, 'the process page in review');
  assertClean(sessions.staff.ctx);
});

test('FAI leadership publishes it; the page shows the markup as text everywhere, the diagram too', async () => {
  const page = await as('lead', accounts().lead);
  await page.goto('/library/reviews');
  await heading(page, 'Zur Prüfung und Veröffentlichung');
  await page.getByRole('link', { name: `Version 1: ${NAME}`, exact: true }).click();
  await heading(page, NAME);
  assert.equal(await page.getByRole('button', { name: 'Freigeben' }).count(), 0, 'leadership does not approve');
  await page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
  await page.locator('.bpmn[data-state="shown"]').waitFor({ timeout: 20000 });
  const r = await status(page);
  assert.equal(r.status, 'approved');
  assert.ok(r.published_at, 'published');

  // the published page, fresh
  await page.goto(processPath());
  await heading(page, NAME);
  assert.equal(await page.title().then((x) => x.includes(NAME)), true, 'the document title holds the name as text');
  await page.locator('.bpmn[data-state="shown"]').waitFor({ timeout: 20000 });
  const shapes = await page.locator('.bpmn svg .djs-element').count();
  assert.ok(shapes > 2, `the diagram has shapes (${shapes})`);
  const svgTexts = await page.locator('.bpmn svg text').evaluateAll((ns) => ns.map((n) => n.textContent));
  assert.ok(
    svgTexts.some((x) => x.includes('<script>')),
    `an SVG text node of the diagram holds "<script>" as text: ${JSON.stringify(svgTexts.slice(0, 12))}`,
  );
  assert.equal(await page.locator('.bpmn svg script, .bpmn script').count(), 0, 'no script element in the diagram');
  // the steps table, the version list, the review entries
  await page.getByRole('table').getByRole('rowheader', { name: STEP, exact: true }).waitFor();
  await page
    .getByRole('region', { name: 'Versionen' })
    .or(page.locator('section[aria-labelledby="lib-versions"]'))
    .getByRole('link', { name: `Version 1: ${NAME}`, exact: true })
    .waitFor();
  await page.getByRole('listitem').filter({ hasText: RETURN_NOTE }).waitFor();
  await page.getByRole('button', { name: 'Deaktivieren' }).or(page.getByRole('button', { name: /^Deaktiv/ })).first().waitFor();
  await noScriptElement(page);
  await checkA11y(page, 'the published process page');
  await shot(page, 'library-review-published');

  // the queue no longer lists it
  await page.goto('/library/reviews');
  await heading(page, 'Zur Prüfung und Veröffentlichung');
  await page.locator('main').getByText(/Version|Nichts|Keine/).first().waitFor();
  assert.equal(await page.getByRole('link', { name: `Version 1: ${NAME}`, exact: true }).count(), 0);
  await checkA11y(page, 'the review queue for leadership');
  assertClean(sessions.lead.ctx);
});
