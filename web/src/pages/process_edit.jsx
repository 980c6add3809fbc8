// pages/process_edit.jsx - a model process of the library is drafted, changed
// and submitted for the FAI's review (docs/library.md) by its owner: a
// region's coordinator, or FAI staff for the FAI's own (process_owner.js; the
// one editor for both). The same promises as form.jsx, for a record with a
// list of steps inside:
// - the format's rules (docs/process-format.md) are checked while typing; the
//   API's errors (problem+json errors[], "steps[3].title") land next to the
//   field of the step they name, and in the error summary, whose links move
//   the focus to the field;
// - a create carries an Idempotency-Key, a second click while saving sends
//   nothing; a change carries If-Match (the version's revision), and on 412 the
//   page shows what someone else changed and lays the user's changes onto the
//   saved version (process_model.js, reapply);
// - what is typed is kept in sessionStorage until it is saved (a reload, a
//   wrong link), and a session that ended is renewed by the sign-in dialog
//   (api.js) while the page stays as it is.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, newIdempotencyKey } from '../api.js';
import { problemText, readDraft, showProblem, writeDraft } from '../form.jsx';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { navigate } from '../router.js';
import { owns, useOwnerName } from '../process_owner.js';
import * as P from '../process_model.js';
import { Field, FormStatus, Loading, Status } from '../ui.jsx';
import { NotFound, usePageTitle } from './common.jsx';
import { Authors, Conflict, FORM, Summary } from './process_parts.jsx';
import { StepsEditor } from './process_steps.jsx';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
let flash = null; // the message a create leaves for the editor page it opens

function storageKey(owner, key, version) {
  return `process:${owner.id}:${key || '-new'}:${version || 0}`;
}

/*
 * The editor. owner is a region's or the FAI's (process_owner.js); processKey
 * and version name a draft of the owner; without them it drafts a new process
 * (version 1).
 */
export function ProcessEditPage({ owner, processKey = null, version = null }) {
  const create = !processKey;
  const ownerName = useOwnerName(owner);
  const apiPath = create ? owner.api() : owner.api(processKey, 'versions', version);
  const readPath = create ? null : `/api/v1/library/processes/${encodeURIComponent(processKey)}/versions/${version}`;
  const store = storageKey(owner, processKey, version);

  const [loaded, setLoaded] = useState(create ? { record: null } : null);
  const [values, setValues] = useState(null);
  const [base, setBase] = useState(null);
  const [etag, setEtag] = useState(null);
  const [touched, setTouched] = useState({});
  const [edited, setEdited] = useState({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState({});
  const [general, setGeneral] = useState([]);
  const [summaryKey, setSummaryKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState(null);
  const [conflict, setConflict] = useState(null);
  const busyRef = useRef(false);
  const keyRef = useRef(newIdempotencyKey());

  usePageTitle(create ? t('proc.newTitle') : t('proc.editTitle', { key: processKey, n: version }));

  function start(record, tag) {
    const fresh = record ? P.fromRecord(record) : P.emptyProcess();
    const draft = readDraft(store);
    const usable = draft && draft.values && (create || draft.etag);
    setValues(usable ? draft.values : fresh);
    setBase(usable ? draft.base : fresh);
    setEtag(usable ? draft.etag : tag);
    if (flash) {
      setMessage(flash);
      flash = null;
    } else if (usable) setMessage({ kind: 'info', text: t('form.unsaved'), draft: true });
  }

  useEffect(() => {
    if (create) {
      start(null, null);
      return;
    }
    let live = true;
    api
      .get(readPath)
      .then(({ data, etag: tag }) => {
        if (!live) return;
        setLoaded({ record: data });
        start(data, tag);
      })
      .catch((e) => live && setLoaded({ error: e }));
    return () => {
      live = false;
    };
  }, [apiPath]);

  // what is typed stays in this tab until it is saved
  useEffect(() => {
    if (!values || !base) return;
    if (same(values, base)) writeDraft(store, null);
    else writeDraft(store, { values, base, etag });
  }, [values, base, etag]);

  if (loaded && loaded.error) {
    if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFound />;
    return <Status kind="error">{problemText(loaded.error)}</Status>;
  }
  const record = loaded && loaded.record;
  if (record && !owns(owner, record.owner)) return <NotFound />;
  const heading = create ? t('proc.newTitle') : t('proc.editTitle', { key: processKey, n: version });
  const backLink = (
    <p class="breadcrumb">
      <a href={owner.home}>{t('proc.regionList', { region: ownerName })}</a>
    </p>
  );
  if (!values)
    return (
      <div>
        {backLink}
        <h1>{heading}</h1>
        <Loading />
      </div>
    );
  if (record && record.status !== 'draft')
    return (
      <div>
        {backLink}
        <h1>{heading}</h1>
        <Status kind="info">
          {t('proc.notDraft', { status: t(`lib.status_${record.published_at ? 'published' : record.status}`) })}{' '}
          <a href={`/library/${encodeURIComponent(processKey)}/versions/${version}`}>{t('proc.openPage')}</a>
        </Status>
      </div>
    );

  const clientErrors = P.validate(values, { create });
  const shownErrors = {};
  for (const path of new Set([...Object.keys(serverErrors), ...Object.keys(clientErrors)])) {
    const e = serverErrors[path] || clientErrors[path];
    if (serverErrors[path] || submitted || touched[path] || (e.live && edited[path])) shownErrors[path] = e;
  }
  const errorOf = (path) => shownErrors[path];
  const dirty = !same(values, base);

  function update(next, path) {
    setValues(next);
    if (message && !message.draft) setMessage(null);
    if (path) {
      setEdited((prev) => (prev[path] ? prev : { ...prev, [path]: true }));
      if (serverErrors[path]) {
        const { [path]: _, ...rest } = serverErrors;
        setServerErrors(rest);
      }
    }
  }
  const blur = (path) => !touched[path] && setTouched((prev) => ({ ...prev, [path]: true }));

  async function save() {
    setSubmitted(true);
    setGeneral([]);
    if (Object.keys(clientErrors).length > 0) {
      setSummaryKey((k) => k + 1);
      return false;
    }
    if (!create && !dirty) return true;
    const sent = values;
    const body = P.toRecord(sent);
    try {
      const res = create
        ? await api.post(apiPath, body, { idempotencyKey: keyRef.current })
        : await api.put(apiPath, body, { ifMatch: etag });
      writeDraft(store, null);
      setServerErrors({});
      setSubmitted(false);
      setTouched({});
      setEdited({});
      if (create) {
        keyRef.current = newIdempotencyKey();
        setBase(sent); // nothing left to keep in this tab
        flash = { kind: 'success', text: t('proc.created') };
        announce(t('proc.created'));
        navigate(owner.editPath(res.data.key, res.data.version));
        return false;
      }
      const fresh = P.fromRecord(res.data);
      setValues(fresh);
      setBase(fresh);
      setEtag(res.etag);
      setLoaded({ record: res.data });
      setMessage({ kind: 'success', text: t('form.saved') });
      announce(t('form.saved'));
      return true;
    } catch (err) {
      await failed(err, sent);
      return false;
    }
  }

  async function failed(err, sent) {
    if (err instanceof ApiError && err.status === 412 && !create) {
      const { data, etag: tag } = await api.get(readPath);
      const theirs = P.fromRecord(data);
      setConflict({ record: data, etag: tag, theirs, rows: P.theirChanges(base, theirs, values) });
      announce(t('proc.conflictTitle'));
      return;
    }
    showProblem(err, (field) => P.pathOfError(field, sent), { setServerErrors, setGeneral, setSummaryKey });
  }

  async function run(fn) {
    if (busyRef.current || conflict) return; // the second click of a double click
    busyRef.current = true;
    setBusy(true);
    setMessage(null);
    try {
      await fn();
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }

  const onSave = (e) => {
    e.preventDefault();
    run(save);
  };

  const onSubmitForReview = () =>
    run(async () => {
      if (!(await save())) return;
      try {
        await api.post(`${apiPath}/submit`, {});
        announce(t('proc.submitted'));
        navigate(`/library/${encodeURIComponent(processKey)}/versions/${version}`);
      } catch (err) {
        showProblem(err, null, { setServerErrors, setGeneral, setSummaryKey });
      }
    });

  function reapplyMine() {
    const next = P.reapply(base, conflict.theirs, values);
    setValues(next);
    setBase(conflict.theirs);
    setEtag(conflict.etag);
    setLoaded({ record: conflict.record });
    setConflict(null);
    const text = t('proc.reapplied');
    setMessage({ kind: 'info', text });
    announce(text);
  }

  function discardMine() {
    setValues(conflict.theirs);
    setBase(conflict.theirs);
    setEtag(conflict.etag);
    setLoaded({ record: conflict.record });
    setConflict(null);
    setServerErrors({});
  }

  function dropDraft() {
    const fresh = record ? P.fromRecord(record) : P.emptyProcess();
    writeDraft(store, null);
    setValues(fresh);
    setBase(fresh);
    setMessage(null);
  }

  const metaField = (f) =>
    !(f.createOnly && !create) && (
      <Field
        key={f.name}
        formId={FORM}
        field={f}
        value={values[f.name]}
        error={errorOf(f.name)}
        onInput={(name, v) => update({ ...values, [name]: v }, name)}
        onBlur={blur}
      />
    );

  return (
    <div class="process-editor">
      {backLink}
      <h1>{heading}</h1>
      <p class="intro">{create ? t(owner.region ? 'proc.newIntro' : 'proc.faiNewIntro', { region: ownerName }) : t('proc.editIntro')}</p>
      <form id={FORM} class="record-form" noValidate onSubmit={onSave} aria-busy={busy ? 'true' : 'false'}>
        <Summary errors={submitted || Object.keys(serverErrors).length ? shownErrors : {}} values={values} general={general} focusKey={summaryKey} />
        {conflict && <Conflict conflict={conflict} onReapply={reapplyMine} onDiscard={discardMine} />}
        <fieldset class="process-meta">
          <legend>{t('proc.about')}</legend>
          {!create && (
            <p>
              {t('proc.keyFixed')} <code>{processKey}</code>
            </p>
          )}
          {P.META_FIELDS.map(metaField)}
        </fieldset>
        <Authors
          authors={values.authors}
          errorOf={errorOf}
          listError={errorOf('authors')}
          onAuthors={(authors, path) => update({ ...values, authors }, path || 'authors')}
          onBlur={blur}
        />
        <StepsEditor
          steps={values.steps}
          errorOf={errorOf}
          listError={errorOf('steps')}
          onSteps={(steps, path) => update({ ...values, steps }, path)}
          onBlur={blur}
        />
        <div class="buttons">
          <button type="submit" class="primary" aria-disabled={busy || conflict ? 'true' : undefined}>
            {busy ? t('form.saving') : create ? t('proc.create') : t('proc.saveDraft')}
          </button>
          {!create && (
            <button type="button" aria-disabled={busy || conflict ? 'true' : undefined} onClick={onSubmitForReview}>
              {t('proc.submit')}
            </button>
          )}
        </div>
        <FormStatus message={message} onDropDraft={dropDraft} />
      </form>
    </div>
  );
}
