// form.jsx - the form every record is created and changed with.
//
// What it promises (issue 8, "never loses what someone typed"):
// - the API's rules that are known here are checked while the user types; the
//   API's own field errors (problem+json errors[]) appear next to their fields
//   and in the error summary, whose links move the focus to the field;
// - a create carries an Idempotency-Key kept until it succeeded, and a second
//   click while saving sends nothing, so a double click makes one record;
// - a change carries If-Match; on 412 the form shows which fields someone else
//   changed, keeps what the user typed, and lets them reapply it to the new
//   version;
// - a session that ended is renewed by the sign-in dialog (api.js) while the
//   form stays as it is; the typed values are also kept in sessionStorage, so a
//   reload or a wrong turn does not lose them either.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, NetworkError, newIdempotencyKey } from './api.js';
import { checkAll, initialValues, isEmpty, sameValue, toApi } from './fields.js';
import { t } from './i18n.js';
import { announce } from './live.js';
import { ConflictView, display, ErrorSummary, Field, FormStatus } from './ui.jsx';

/* What a form keeps of unsaved input in this tab (sessionStorage "draft:<key>"); no key, nothing. */
export function readDraft(key) {
  if (!key) return null;
  try {
    const raw = sessionStorage.getItem(`draft:${key}`);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function writeDraft(key, draft) {
  if (!key) return;
  try {
    if (draft) sessionStorage.setItem(`draft:${key}`, JSON.stringify(draft));
    else sessionStorage.removeItem(`draft:${key}`);
  } catch {
    /* storage full or off: the form still holds the values */
  }
}

/* The API's field name of an error ("target_countries[2]" -> "target_countries"). */
function baseField(name) {
  return String(name || '').replace(/\[\d+\].*$/, '').replace(/\..*$/, '');
}

/* What an error that is not about one field says, for the summary. */
export function problemText(e) {
  if (e instanceof NetworkError) return t('form.network');
  if (!(e instanceof ApiError)) return String(e && e.message);
  if (e.status === 403) return t('form.forbidden');
  if ((e.status === 429 || e.status === 503) && e.retryAfter) return t('form.busy', { n: e.retryAfter });
  return t('form.notSaved', { detail: e.problem.detail || e.problem.title || `HTTP ${e.status}` });
}

/*
 * What a failed save shows, a 412 aside: each of the problem's errors[] next
 * to the field placeOf(its API field) names (the first per field), the rest,
 * or the problem itself, in the summary, which takes the focus again. Without
 * placeOf every error is the summary's.
 */
export function showProblem(err, placeOf, { setServerErrors, setGeneral, setSummaryKey }) {
  if (placeOf && err instanceof ApiError && err.fieldErrors.length) {
    const placed = {};
    const rest = [];
    for (const fe of err.fieldErrors) {
      const place = placeOf(fe.field);
      if (!place) rest.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
      else if (!placed[place]) placed[place] = { server: fe.message };
    }
    setServerErrors(placed);
    setGeneral(rest);
  } else {
    setGeneral([problemText(err)]);
  }
  setSummaryKey((k) => k + 1);
}

export function RecordForm({
  formId,
  fields,
  record = null,
  defaults = {},
  rules,
  mode = 'create',
  submit,
  reload,
  onSaved,
  submitLabel,
  againLabel,
  draftKey,
  options = {},
  intro,
  children,
  readOnly = false,
}) {
  const visible = (values) => fields.filter((f) => !(mode !== 'create' && f.createOnly) && (!f.showIf || f.showIf(values)));
  const start = () => initialValues(fields, record, defaults);
  const draft = readDraft(draftKey);
  // A draft of a change keeps the version it was typed against: saving it
  // then meets the 412 flow if the record moved on meanwhile.
  const usableDraft = draft && (mode === 'create' || (record && draft.base && draft.version)) ? draft : null;

  const [values, setValues] = useState(() => (usableDraft ? usableDraft.values : start()));
  const [base, setBase] = useState(() => (usableDraft && usableDraft.base ? usableDraft.base : start()));
  const [version, setVersion] = useState(() =>
    usableDraft && usableDraft.version ? usableDraft.version : record ? record.version : null,
  );
  const [touched, setTouched] = useState({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState({});
  const [general, setGeneral] = useState([]);
  const [summaryKey, setSummaryKey] = useState(0);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState(usableDraft ? { kind: 'info', text: t('form.unsaved'), draft: true } : null);
  const [conflict, setConflict] = useState(null);
  const savingRef = useRef(false);
  const keyRef = useRef(newIdempotencyKey());
  const conflictRef = useRef(null);

  // A record that changed elsewhere on the page (published, say) becomes the
  // new base unless the user has typed something.
  useEffect(() => {
    if (!record || record.version === version) return;
    const fresh = start();
    const dirty = visible(values).some((f) => !sameValue(values[f.name], base[f.name]));
    if (!dirty) {
      setValues(fresh);
      setBase(fresh);
      setVersion(record.version);
    }
  }, [record && record.version]);

  useEffect(() => {
    if (conflict && conflictRef.current) conflictRef.current.focus();
  }, [conflict]);

  const shown = visible(values);
  const clientErrors = checkAll(shown, values, rules);
  const errors = {};
  for (const f of shown) {
    const e = serverErrors[f.name] || clientErrors[f.name];
    if (!e) continue;
    if (serverErrors[f.name] || submitted || touched[f.name] || (e.live && !sameValue(values[f.name], base[f.name])))
      errors[f.name] = e;
  }

  function change(name, value) {
    setValues((prev) => {
      const next = { ...prev, [name]: value };
      writeDraft(draftKey, { values: next, base, version });
      return next;
    });
    if (serverErrors[name]) {
      const { [name]: _, ...rest } = serverErrors;
      setServerErrors(rest);
    }
    if (message && !message.draft) setMessage(null);
  }

  function blur(name) {
    if (!touched[name]) setTouched((prev) => ({ ...prev, [name]: true }));
  }

  function body() {
    const out = {};
    for (const f of shown) {
      if (f.readOnly) continue;
      const v = values[f.name];
      if (mode === 'create') {
        if (!isEmpty(f, v) || f.required || (f.type === 'bool' && v)) out[f.name] = toApi(f, v);
      } else if (mode === 'put') {
        out[f.name] = toApi(f, v);
      } else if (!sameValue(v, base[f.name])) {
        out[f.name] = toApi(f, v);
      }
    }
    return out;
  }

  async function onSubmit(e, again = false) {
    e.preventDefault();
    if (savingRef.current || readOnly || conflict) return; // the second click of a double click
    setSubmitted(true);
    setGeneral([]);
    if (Object.keys(clientErrors).length > 0) {
      setSummaryKey((k) => k + 1);
      return;
    }
    const payload = body();
    if (mode === 'patch' && Object.keys(payload).length === 0) {
      setMessage({ kind: 'info', text: t('form.unchanged') });
      announce(t('form.unchanged'));
      return;
    }
    savingRef.current = true;
    setSaving(true);
    setMessage(null);
    try {
      const res = await submit({
        body: payload,
        ifMatch: mode === 'create' ? undefined : version,
        idempotencyKey: mode === 'create' ? keyRef.current : undefined,
      });
      keyRef.current = newIdempotencyKey();
      writeDraft(draftKey, null);
      setServerErrors({});
      setSubmitted(false);
      setTouched({});
      const text = mode === 'create' ? t('form.created') : t('form.saved');
      if (mode !== 'create' && res && res.data) {
        const fresh = initialValues(fields, res.data);
        setValues(fresh);
        setBase(fresh);
        setVersion(res.data.version ?? res.etag);
      } else if (again) {
        setValues(initialValues(fields, null, defaults));
      }
      setMessage({ kind: 'success', text: again ? t('inquiries.savedNext') : text });
      announce(again ? t('inquiries.savedNext') : text);
      if (onSaved) onSaved(res && res.data, { again });
      if (again) {
        const first = document.getElementById(`${formId}-${shown[0].name}`);
        if (first) first.focus();
      }
    } catch (err) {
      await failed(err);
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  }

  async function failed(err) {
    if (err instanceof ApiError && err.status === 412 && reload) {
      const current = await reload();
      const theirs = initialValues(fields, current);
      const changed = shown.filter((f) => !sameValue(theirs[f.name], base[f.name]));
      setConflict({ current, theirs, changed });
      announce(t('form.conflictTitle'));
      return;
    }
    const placeOf = (field) => {
      const name = baseField(field);
      return shown.some((f) => f.name === name) ? name : null;
    };
    showProblem(err, err instanceof ApiError && err.status === 400 ? placeOf : null, { setServerErrors, setGeneral, setSummaryKey });
  }

  function reapply() {
    const { current, theirs } = conflict;
    const next = { ...theirs };
    for (const f of shown) {
      if (!sameValue(values[f.name], base[f.name])) next[f.name] = values[f.name];
    }
    setValues(next);
    setBase(theirs);
    setVersion(current.version);
    setConflict(null);
    writeDraft(draftKey, { values: next, base: theirs, version: current.version });
    const text = t('form.conflictReapplied', { n: current.version });
    setMessage({ kind: 'info', text });
    announce(text);
  }

  function discard() {
    const { current, theirs } = conflict;
    setValues(theirs);
    setBase(theirs);
    setVersion(current.version);
    setConflict(null);
    writeDraft(draftKey, null);
  }

  function dropDraft() {
    writeDraft(draftKey, null);
    const fresh = start();
    setValues(fresh);
    setBase(fresh);
    setVersion(record ? record.version : null);
    setMessage(null);
  }

  const labelOf = (f) => (f.label ? t(f.label) : t(`field.${f.name}`));

  return (
    <form id={formId} class="record-form" noValidate onSubmit={(e) => onSubmit(e, false)} aria-busy={saving ? 'true' : 'false'}>
      {intro && <p class="intro">{intro}</p>}
      <ErrorSummary formId={formId} errors={submitted || Object.keys(serverErrors).length ? errors : {}} fields={shown} general={general} focusKey={summaryKey} />
      {conflict && (
        <ConflictView
          id={`${formId}-conflict`}
          title={t('form.conflictTitle')}
          intro={t('form.conflictIntro', { theirs: conflict.current.version, base: version })}
          rows={conflict.changed.map((f) => ({
            key: f.name,
            label: labelOf(f),
            mine: display(f, values[f.name]),
            theirs: display(f, conflict.theirs[f.name]),
          }))}
          titleRef={conflictRef}
          onReapply={reapply}
          onDiscard={discard}
        />
      )}
      {shown.map((f) => (
        <Field
          key={f.name}
          formId={formId}
          field={f}
          value={values[f.name]}
          error={errors[f.name]}
          onInput={change}
          onBlur={blur}
          options={options[f.name]}
          disabled={readOnly || f.readOnly}
        />
      ))}
      {children}
      {!readOnly && (
        <div class="buttons">
          <button type="submit" class="primary" aria-disabled={saving || conflict ? 'true' : undefined}>
            {saving ? t('form.saving') : submitLabel || t('form.save')}
          </button>
          {againLabel && (
            <button type="button" aria-disabled={saving ? 'true' : undefined} onClick={(e) => onSubmit(e, true)}>
              {againLabel}
            </button>
          )}
        </div>
      )}
      <FormStatus message={message} onDropDraft={dropDraft} />
    </form>
  );
}
