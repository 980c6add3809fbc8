// pages/inquiries.jsx - the fast entry form for employer inquiries, and the CSV
// import (inquiries, or the participants of a joint event) with its
// row-by-row errors beside the file.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey, regionPath, request } from '../api.js';
import { serverMessage, t } from '../i18n.js';
import { announce } from '../live.js';
import { navigate, searchParams } from '../router.js';
import { RecordForm, problemText } from '../form.jsx';
import { today } from '../fields.js';
import * as R from '../resources.js';
import { Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';
import { useRefOptions } from './region.jsx';

export function InquiryFastPage({ region }) {
  const title = t('inquiries.fast');
  usePageTitle(title);
  const options = useRefOptions(region, R.inquiry);
  const listPath = `/regions/${encodeURIComponent(region)}/inquiries`;
  return (
    <div>
      <p class="breadcrumb">
        <a href={listPath}>{t('form.back')}</a>
      </p>
      <h1>{title}</h1>
      <RecordForm
        formId="inquiry"
        fields={R.inquiry.fields}
        rules={R.inquiry.rules}
        defaults={{ received_on: today(), outcome: 'open' }}
        mode="create"
        options={options}
        intro={t('inquiries.fastIntro')}
        againLabel={t('inquiries.saveAndNew')}
        draftKey={`${region}/inquiries/new`}
        submit={({ body, idempotencyKey }) => api.post(regionPath(region, 'inquiries'), body, { idempotencyKey })}
        onSaved={(saved, { again }) => {
          if (!again) navigate(listPath);
        }}
      />
    </div>
  );
}

export function ImportPage({ region }) {
  const activity = searchParams().get('activity');
  const title = activity ? t('imports.participantsTitle') : t('imports.title');
  usePageTitle(title);
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null); // {kind: ok|dry|refused|error, ...}
  const keyRef = useRef(newIdempotencyKey());
  const resultRef = useRef(null);
  useEffect(() => {
    if (result && resultRef.current) resultRef.current.focus();
  }, [result]);

  async function run(dryRun) {
    if (busy) return;
    if (!file) {
      setResult({ kind: 'error', text: t('imports.noFile') });
      return;
    }
    setBusy(true);
    setResult(null);
    announce(t('imports.running'));
    const kind = activity ? 'participants' : 'inquiries';
    const q = new URLSearchParams();
    if (activity) q.set('activity', activity);
    if (dryRun) q.set('dry_run', 'true');
    try {
      const { data } = await request('POST', `${regionPath(region, 'imports', kind)}?${q}`, {
        body: file,
        contentType: 'text/csv',
        idempotencyKey: dryRun ? undefined : keyRef.current,
      });
      if (!dryRun) keyRef.current = newIdempotencyKey();
      const text = dryRun ? t('imports.dryOk', { n: data.rows }) : t('imports.ok', { n: data.imported });
      setResult({ kind: dryRun ? 'dry' : 'ok', text });
      announce(text);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setResult({ kind: 'refused', detail: e.problem.detail, errors: e.fieldErrors });
        announce(t('imports.refused'));
      } else {
        setResult({ kind: 'error', text: problemText(e) });
      }
    } finally {
      setBusy(false);
    }
  }

  const back = activity
    ? `/regions/${encodeURIComponent(region)}/activities/${encodeURIComponent(activity)}`
    : `/regions/${encodeURIComponent(region)}/inquiries`;
  return (
    <div>
      <p class="breadcrumb">
        <a href={back}>{t('form.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{t('imports.intro')}</p>
      <div class="import-layout">
        <form
          class="import-file"
          aria-busy={busy ? 'true' : 'false'}
          onSubmit={(e) => {
            e.preventDefault();
            run(false);
          }}
        >
          <div class="field">
            <label for="import-file">{t('field.file')}</label>
            <p class="hint" id="import-file-hint">
              {t('imports.help')}
            </p>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby="import-file-hint"
              onChange={(e) => {
                setFile(e.currentTarget.files[0] || null);
                keyRef.current = newIdempotencyKey();
                setResult(null);
              }}
            />
          </div>
          <div class="buttons">
            <button type="button" aria-disabled={busy ? 'true' : undefined} onClick={() => run(true)}>
              {t('imports.check')}
            </button>
            <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
              {t('imports.run')}
            </button>
          </div>
          {busy && <p role="status">{t('imports.running')}</p>}
        </form>
        <section class="import-result" aria-labelledby="import-result-title" tabindex="-1" ref={resultRef}>
          <h2 id="import-result-title" class="h3">
            {result && result.kind === 'refused' ? t('imports.errorsTitle') : t('imports.result')}
          </h2>
          {result && result.kind === 'ok' && <Status kind="success">{result.text}</Status>}
          {result && result.kind === 'dry' && <Status kind="success">{result.text}</Status>}
          {result && result.kind === 'error' && <Status kind="error">{result.text}</Status>}
          {result && result.kind === 'refused' && (
            <>
              <Status kind="error">
                {t('imports.refused')}{' '}
                {t('imports.count', {
                  n: (/(\d+) errors/.exec(result.detail || '') || [])[1] || result.errors.length,
                  shown: result.errors.length,
                })}
              </Status>
              <div class="table-wrap errors-table">
                <table>
                  <caption>{t('imports.errorsTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('imports.line')}</th>
                      <th scope="col">{t('imports.column')}</th>
                      <th scope="col">{t('imports.message')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.errors.map((err, i) => (
                      <tr key={i}>
                        <th scope="row">{err.line ?? t('imports.whole')}</th>
                        <td>{err.column || err.field || '–'}</td>
                        <td>{serverMessage(err.message)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
