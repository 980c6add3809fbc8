// process_model.js - a model process (docs/process-format.md) as the editor
// holds it: converting between the API's record and the form's values, the
// format's rules checked while typing, the API's error paths placed on the
// form's fields, and the three-way merge of the 412 flow.
//
// The form's values: the record's members, lists of texts as one line each
// ('lines'), and `steps` and `authors` as arrays of objects. A step is known by
// its `id` (the format's, kept across saves and versions; new steps get the
// next free "s<n>"), an author by a `uid` that lives only in the form. An error
// or a touched field is named by a path: "name", "authors.<uid>.name",
// "steps.<id>.title".
import { check, toApi } from './fields.js';

export const KEY_RE = /^[a-z][a-z0-9-]{2,63}$/;
const LICENCE_RE = /^[A-Za-z0-9.+-]{1,64}$/;
const URL_RE = /^https?:\/\/[^\s/]+\S*$/;

/* The process's own fields (ui.jsx Field definitions; labels under proc.*). */
export const META_FIELDS = [
  { name: 'key', type: 'text', required: true, max: 64, label: 'proc.key', hint: false, createOnly: true },
  { name: 'name', type: 'text', required: true, max: 200, label: 'proc.name', hint: false },
  { name: 'description', type: 'textarea', max: 20000, label: 'proc.description', hint: false, rows: 6 },
  { name: 'target_groups', type: 'checks', required: true, codes: 'processTargetGroup', label: 'proc.target_groups', hint: false },
  { name: 'level', type: 'radio', required: true, codes: 'processLevel', label: 'proc.level', hint: false },
  { name: 'legal_basis', type: 'lines', max: 200, maxItems: 50, label: 'proc.legal_basis', hint: false },
  { name: 'tags', type: 'lines', max: 200, maxItems: 50, label: 'proc.tags', hint: false },
  { name: 'valid_from', type: 'date', label: 'proc.valid_from', hint: false },
  { name: 'valid_to', type: 'date', label: 'proc.valid_to', hint: false },
  { name: 'licence', type: 'text', max: 64, label: 'proc.licence', hint: false },
];

export const AUTHOR_FIELDS = [
  { name: 'name', type: 'text', required: true, max: 200, label: 'proc.authorName', hint: false },
  { name: 'organisation', type: 'text', max: 200, label: 'proc.authorOrganisation', hint: false },
];

/* A step's fields; predecessors are drawn by process_steps.jsx. */
export const STEP_FIELDS = [
  { name: 'title', type: 'text', required: true, max: 200, label: 'proc.stepTitle', hint: false },
  { name: 'phase', type: 'select', required: true, codes: 'processPhase', label: 'proc.phase', hint: false },
  { name: 'actor', type: 'select', required: true, codes: 'processActor', label: 'proc.actor', hint: false },
  { name: 'duration_days', type: 'integer', min: 0, maxValue: 3650, label: 'proc.duration', hint: false },
  { name: 'description', type: 'textarea', max: 5000, label: 'proc.stepDescription', hint: false, rows: 3 },
  { name: 'documents', type: 'lines', max: 500, maxItems: 50, label: 'proc.documents', hint: false, rows: 2 },
  { name: 'checklist', type: 'lines', max: 500, maxItems: 50, label: 'proc.checklist', hint: false, rows: 2 },
  { name: 'links', type: 'lines', max: 2200, maxItems: 20, label: 'proc.links', rows: 2 },
];

const STEP_LIST = ['documents', 'checklist'];
let authorSeq = 0;
const authorUid = () => `a${Date.now().toString(36)}${(authorSeq++).toString(36)}`;

export function emptyStep(id, predecessors = []) {
  return {
    id,
    title: '',
    phase: '',
    actor: '',
    duration_days: '',
    description: '',
    documents: '',
    checklist: '',
    links: '',
    predecessors,
  };
}

export const emptyAuthor = () => ({ uid: authorUid(), name: '', organisation: '' });

/* The next free step id: s1, s2, … */
export function nextStepId(steps) {
  const taken = new Set(steps.map((s) => s.id));
  let n = steps.length + 1;
  while (taken.has(`s${n}`)) n++;
  return `s${n}`;
}

export function emptyProcess() {
  return {
    key: '',
    name: '',
    description: '',
    target_groups: [],
    level: 'local',
    legal_basis: '',
    tags: '',
    valid_from: '',
    valid_to: '',
    licence: 'CC-BY-4.0',
    authors: [emptyAuthor()],
    steps: [emptyStep('s1')],
  };
}

const lines = (v) => (Array.isArray(v) ? v.join('\n') : '');

/* A link as one line: "Title https://…". */
function linkLine(l) {
  return `${l.title} ${l.url}`;
}

function parseLink(line) {
  const m = /^(.*?)\s*(\S+)$/.exec(line.trim());
  if (!m) return { title: '', url: '' };
  return { title: m[1] || m[2], url: m[2] };
}

/* The form's values from a record of the API. */
export function fromRecord(r) {
  return {
    key: r.key || '',
    name: r.name || '',
    description: r.description || '',
    target_groups: [...(r.target_groups || [])],
    level: r.level || 'local',
    legal_basis: lines(r.legal_basis),
    tags: lines(r.tags),
    valid_from: r.valid_from || '',
    valid_to: r.valid_to || '',
    licence: r.licence || 'CC-BY-4.0',
    authors: (r.authors || []).map((a) => ({ uid: authorUid(), name: a.name || '', organisation: a.organisation || '' })),
    steps: (r.steps || []).map((s) => ({
      id: s.id,
      title: s.title || '',
      phase: s.phase || '',
      actor: s.actor || '',
      duration_days: s.duration_days === null || s.duration_days === undefined ? '' : String(s.duration_days),
      description: s.description || '',
      documents: lines(s.documents),
      checklist: lines(s.checklist),
      links: (s.links || []).map(linkLine).join('\n'),
      predecessors: [...(s.predecessors || [])],
    })),
  };
}

const listOf = (text) => toApi({ type: 'lines' }, text || '');

/* The body of a create or change (ProcessInput) from the form's values. */
export function toRecord(v) {
  const body = {
    format: 'lotse-process/1',
    key: v.key.trim(),
    name: v.name,
    description: v.description,
    target_groups: [...v.target_groups],
    level: v.level,
    legal_basis: listOf(v.legal_basis),
    valid_from: v.valid_from || null,
    valid_to: v.valid_to || null,
    authors: v.authors.map((a) => ({ name: a.name, organisation: a.organisation })),
    licence: v.licence.trim() || 'CC-BY-4.0',
    tags: listOf(v.tags),
    steps: v.steps.map((s) => {
      const step = {
        id: s.id,
        phase: s.phase,
        title: s.title,
        description: s.description,
        actor: s.actor,
        duration_days: s.duration_days === '' ? null : Number(s.duration_days),
        predecessors: [...s.predecessors],
      };
      for (const name of STEP_LIST) step[name] = listOf(s[name]);
      step.links = listOf(s.links).map(parseLink);
      return step;
    }),
  };
  return body;
}

/*
 * Every error the format's rules find in the values: {path: {key, vars, live}}.
 * The step graph's cycles are the API's to find (it names the step whose
 * predecessor closes one); a predecessor that is no step any more cannot
 * happen here, since removing a step removes it from the others.
 */
export function validate(v, { create }) {
  const errors = {};
  const put = (path, e) => {
    if (e && !errors[path]) errors[path] = e;
  };
  for (const f of META_FIELDS) {
    if (f.createOnly && !create) continue;
    put(f.name, check(f, v[f.name], v));
  }
  if (create && v.key && !KEY_RE.test(v.key.trim())) put('key', { key: 'proc.keyRule', live: true });
  if (v.licence.trim() && !LICENCE_RE.test(v.licence.trim())) put('licence', { key: 'proc.licenceRule', live: true });
  if (v.valid_from && v.valid_to && v.valid_to < v.valid_from) put('valid_to', { key: 'proc.validToRule', live: true });
  if (v.authors.length === 0) put('authors', { key: 'proc.authorsRequired', live: true });
  for (const a of v.authors) for (const f of AUTHOR_FIELDS) put(`authors.${a.uid}.${f.name}`, check(f, a[f.name], a));
  if (v.steps.length === 0) put('steps', { key: 'proc.stepsRequired', live: true });
  if (v.steps.length > 200) put('steps', { key: 'msg.maxItems', vars: { n: 200 }, live: true });
  for (const s of v.steps) {
    for (const f of STEP_FIELDS) put(`steps.${s.id}.${f.name}`, check(f, s[f.name], s));
    const bad = listOf(s.links)
      .map(parseLink)
      .find((l) => !URL_RE.test(l.url) || l.title.length > 200 || l.url.length > 2000);
    if (bad) put(`steps.${s.id}.links`, { key: 'proc.linkRule', live: false });
  }
  return errors;
}

/*
 * The form's path of an error the API named ("steps[3].title",
 * "steps[0].links[1].url", "authors[0].name", "target_groups[2]", or a JSON
 * pointer such as "/steps/3/title"), given the values that were sent. null
 * when no field of the form holds it.
 */
export function pathOfError(field, sent) {
  let f = String(field || '');
  if (f.startsWith('/')) {
    f = f
      .slice(1)
      .split('/')
      .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p))
      .join('');
  }
  let m = /^steps\[(\d+)\](?:\.(\w+))?/.exec(f);
  if (m) {
    const step = sent.steps[Number(m[1])];
    if (!step) return 'steps';
    const name = m[2] === 'id' || !m[2] ? 'title' : m[2];
    return `steps.${step.id}.${name}`;
  }
  m = /^authors\[(\d+)\](?:\.(\w+))?/.exec(f);
  if (m) {
    const a = sent.authors[Number(m[1])];
    return a ? `authors.${a.uid}.${m[2] || 'name'}` : 'authors';
  }
  const base = f.replace(/\[\d+\].*$/, '').replace(/\..*$/, '');
  if (META_FIELDS.some((x) => x.name === base) || base === 'steps' || base === 'authors') return base;
  return null;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const stepMap = (steps) => new Map(steps.map((s) => [s.id, s]));
const authorsOf = (v) => v.authors.map((a) => ({ name: a.name, organisation: a.organisation }));

/*
 * What someone else changed between the version the user edited (base) and
 * the one now saved (theirs), as rows for the 412 view:
 * {what: {field} | {step, field} | {step, added|removed} | {authors}, mine, theirs}.
 */
export function theirChanges(base, theirs, mine) {
  const rows = [];
  for (const f of META_FIELDS) {
    if (!same(base[f.name], theirs[f.name])) rows.push({ field: f, mine: mine[f.name], theirs: theirs[f.name] });
  }
  if (!same(authorsOf(base), authorsOf(theirs)))
    rows.push({ authors: true, mine: authorsOf(mine), theirs: authorsOf(theirs) });
  const b = stepMap(base.steps);
  const m = stepMap(mine.steps);
  for (const s of theirs.steps) {
    const old = b.get(s.id);
    if (!old) {
      rows.push({ step: s, added: true });
      continue;
    }
    for (const f of [...STEP_FIELDS, { name: 'predecessors', label: 'proc.predecessors' }]) {
      if (!same(old[f.name], s[f.name]))
        rows.push({ step: s, field: f, mine: m.get(s.id) ? m.get(s.id)[f.name] : undefined, theirs: s[f.name] });
    }
  }
  for (const s of base.steps) if (!theirs.steps.some((x) => x.id === s.id)) rows.push({ step: s, removed: true });
  if (!same(base.steps.map((s) => s.id), theirs.steps.map((s) => s.id)) && !rows.some((r) => r.step))
    rows.push({ order: true });
  return rows;
}

/*
 * The user's changes (mine against base) laid onto the saved version (theirs):
 * each field the user changed keeps the user's value, every other takes
 * theirs; steps are merged by id, field by field; steps the user added are
 * kept, steps the user removed stay removed, steps the others added are kept.
 */
export function reapply(base, theirs, mineIn) {
  const b = stepMap(base.steps);
  const t = stepMap(theirs.steps);
  // a step both added under the same new id: the user's gets another id
  let mine = mineIn;
  for (const s of mineIn.steps) {
    if (!b.has(s.id) && t.has(s.id)) {
      const id = nextStepId([...mine.steps, ...theirs.steps]);
      mine = {
        ...mine,
        steps: mine.steps.map((x) =>
          x === s ? { ...x, id } : { ...x, predecessors: x.predecessors.map((p) => (p === s.id ? id : p)) },
        ),
      };
    }
  }
  const out = { ...theirs };
  for (const f of META_FIELDS) if (!same(mine[f.name], base[f.name])) out[f.name] = mine[f.name];
  out.authors = same(authorsOf(mine), authorsOf(base)) ? theirs.authors : mine.authors;
  const own = stepMap(mine.steps);
  const merged = [];
  const seen = new Set();
  const take = (s) => {
    if (seen.has(s.id)) return;
    seen.add(s.id);
    const old = b.get(s.id);
    const mineStep = own.get(s.id);
    const saved = t.get(s.id);
    if (old && (!mineStep || !saved)) return; // removed by the user or by the others
    if (!old) {
      merged.push(mineStep || saved); // added by one side
      return;
    }
    const step = { ...saved };
    for (const k of Object.keys(mineStep)) if (!same(mineStep[k], old[k])) step[k] = mineStep[k];
    merged.push(step);
  };
  const reordered = !same(mine.steps.map((s) => s.id), base.steps.map((s) => s.id).filter((id) => own.has(id)));
  for (const s of reordered ? mine.steps : theirs.steps) take(s);
  for (const s of mine.steps) take(s);
  for (const s of theirs.steps) take(s);
  const ids = new Set(merged.map((s) => s.id));
  out.steps = merged.map((s) => ({ ...s, predecessors: s.predecessors.filter((p) => ids.has(p) && p !== s.id) }));
  return out;
}
