// The process editor's model (web/src/process_model.js) without a browser: the
// record and the form's values both ways, the format's rules, the API's error
// paths placed on the form, and the 412 merge, including the cases the browser
// test does not reach (both sides adding a step under the same id, a removal on
// either side, a reorder). esbuild bundles the module with i18n stubbed out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = process.env.LOTSE_ROOT;
if (!ROOT) throw new Error('run through ctest: LOTSE_ROOT unset');
const esbuild = createRequire(path.join(ROOT, 'web', 'package.json'))('esbuild');
const built = await esbuild.build({
  entryPoints: [path.join(ROOT, 'web', 'src', 'process_model.js')],
  bundle: true,
  format: 'esm',
  write: false,
  plugins: [
    {
      name: 'words',
      setup(b) {
        b.onResolve({ filter: /\/i18n\.js$/ }, () => ({ path: 'i18n', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: "export const t = (k) => k; export const currentLang = () => 'de';",
        }));
      },
    },
  ],
});
const P = await import('data:text/javascript;base64,' + Buffer.from(built.outputFiles[0].text).toString('base64'));

const record = {
  key: 'welcome',
  name: 'Ankommen',
  description: '',
  target_groups: ['nurses'],
  level: 'local',
  authors: [{ name: 'Koordination', organisation: '' }],
  steps: [
    { id: 's1', phase: 'orientation', title: 'Bedarf', actor: 'employer', predecessors: [] },
    { id: 's2', phase: 'arrival', title: 'Anmeldung', actor: 'municipality', duration_days: 7, predecessors: ['s1'] },
  ],
};
const titles = (v) => v.steps.map((s) => s.title);

test('a record becomes form values and comes back as the same record', () => {
  const r = {
    ...record,
    legal_basis: ['§ 81a AufenthG'],
    tags: ['Pflege', 'Anerkennung'],
    steps: [{ ...record.steps[0], documents: ['Pass'], links: [{ title: 'Make it in Germany', url: 'https://www.make-it-in-germany.com/' }] }],
  };
  const back = P.toRecord(P.fromRecord(r));
  assert.deepEqual(back.legal_basis, r.legal_basis);
  assert.deepEqual(back.tags, r.tags);
  assert.deepEqual(back.steps[0].links, r.steps[0].links);
  assert.deepEqual(back.steps[0].documents, ['Pass']);
  assert.equal(back.steps[0].duration_days, null, 'no duration is null, not 0');
  assert.equal(back.licence, 'CC-BY-4.0');
});

test("the format's rules: key, lengths, required fields, dates, links", () => {
  const v = {
    ...P.emptyProcess(),
    key: '1abc',
    valid_from: '2026-05-01',
    valid_to: '2026-04-01',
    steps: [{ ...P.emptyStep('s1'), title: 'x'.repeat(201), links: 'Nur ein Titel ftp://example.org' }],
  };
  const e = P.validate(v, { create: true });
  for (const path of ['key', 'name', 'target_groups', 'valid_to', 'steps.s1.title', 'steps.s1.phase', 'steps.s1.actor', 'steps.s1.links'])
    assert.ok(e[path], `an error at ${path}: ${JSON.stringify(e)}`);
  assert.ok(e[`authors.${v.authors[0].uid}.name`], 'an author needs a name');
  assert.equal(P.validate(v, { create: false }).key, undefined, 'the key is not checked once it is fixed');
  const ok = P.fromRecord(record);
  assert.deepEqual(P.validate(ok, { create: true }), {}, 'a valid record has no error');
});

test("the API's error paths land on the step that was sent at that index", () => {
  const v = P.fromRecord(record);
  assert.equal(P.pathOfError('steps[1].title', v), 'steps.s2.title');
  assert.equal(P.pathOfError('steps[0].links[1].url', v), 'steps.s1.links');
  assert.equal(P.pathOfError('/steps/1/predecessors', v), 'steps.s2.predecessors', 'a JSON pointer too');
  assert.equal(P.pathOfError('steps[1].id', v), 'steps.s2.title', 'an id is not shown: its step title is');
  assert.equal(P.pathOfError('steps[7].title', v), 'steps', 'a step that was not sent: the list');
  assert.equal(P.pathOfError('authors[0].name', v), `authors.${v.authors[0].uid}.name`);
  assert.equal(P.pathOfError('target_groups[2]', v), 'target_groups');
  assert.equal(P.pathOfError('owner', v), null, 'a member the form has not: no field');
});

test('412: their changes are listed, mine are laid onto theirs field by field and step by step', () => {
  const base = P.fromRecord(record);
  const mine = {
    ...base,
    description: 'meine Beschreibung',
    steps: [{ ...base.steps[0] }, { ...base.steps[1], title: 'Anmeldung (meine)' }, { ...P.emptyStep('s3', ['s2']), title: 'Neu (meiner)' }],
  };
  const theirs = P.fromRecord({ ...record, name: 'Ankommen (ihre)', steps: [{ ...record.steps[0], title: 'Bedarf (ihre)' }, record.steps[1]] });
  const rows = P.theirChanges(base, theirs, mine);
  assert.deepEqual(rows.map((r) => (r.step ? `${r.step.id}.${r.field.name}` : r.field.name)), ['name', 's1.title']);
  const out = P.reapply(base, theirs, mine);
  assert.equal(out.name, 'Ankommen (ihre)', 'theirs where I changed nothing');
  assert.equal(out.description, 'meine Beschreibung', 'mine where I changed it');
  assert.deepEqual(titles(out), ['Bedarf (ihre)', 'Anmeldung (meine)', 'Neu (meiner)']);
});

test('412: both add a step under the same new id; one side removes a step', () => {
  const base = P.fromRecord(record);
  const mine = { ...base, steps: [base.steps[0], { ...P.emptyStep('s3', ['s1']), title: 'meiner' }] }; // s2 removed, s3 added
  const theirs = P.fromRecord({
    ...record,
    steps: [...record.steps, { id: 's3', phase: 'retention', title: 'ihrer', actor: 'fai', predecessors: ['s2'] }],
  });
  const out = P.reapply(base, theirs, mine);
  assert.deepEqual(titles(out).sort(), ['Bedarf', 'ihrer', 'meiner'].sort(), 'my removal stays, both additions are kept');
  const ids = out.steps.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, `step ids stay unique: ${ids}`);
  for (const s of out.steps) for (const p of s.predecessors) assert.ok(ids.includes(p), `${s.id} names no removed step (${p})`);
  const rows = P.theirChanges(base, theirs, mine);
  assert.ok(rows.some((r) => r.added && r.step.id === 's3'), 'their new step is listed');
});

test('412: a reorder of mine is kept, a step they removed stays removed', () => {
  const three = { ...record, steps: [...record.steps, { id: 's3', phase: 'retention', title: 'Bleiben', actor: 'fai', predecessors: ['s2'] }] };
  const base = P.fromRecord(three);
  const mine = { ...base, steps: [base.steps[2], base.steps[0], base.steps[1]] };
  const theirs = P.fromRecord({ ...three, steps: [three.steps[0], { ...three.steps[2], predecessors: ['s1'] }] });
  const out = P.reapply(base, theirs, mine);
  assert.deepEqual(titles(out), ['Bleiben', 'Bedarf'], 'my order, without the step they removed');
  assert.ok(P.theirChanges(base, theirs, mine).some((r) => r.removed && r.step.id === 's2'));
});
