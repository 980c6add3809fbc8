// pages/agreement.jsx - the cooperation agreement: its status, the three
// signatures, the effective text of each section, amendments (propose, agree,
// reject, record the written signature), the versions, and the termination.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, regionPath } from '../api.js';
import { codes, formatDate, formatDateTime, label, t } from '../i18n.js';
import { announce } from '../live.js';
import { RecordForm, problemText } from '../form.jsx';
import { today } from '../fields.js';
import * as R from '../resources.js';
import { Loading, Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';

export function AgreementPage({ region, canWrite }) {
  const [agreement, setAgreement] = useState(null);
  const [amendments, setAmendments] = useState(null);
  const [error, setError] = useState(null);
  const title = t('region.agreement');
  usePageTitle(title);
  const path = regionPath(region, 'agreement');

  async function load() {
    try {
      const [a, m] = await Promise.all([api.get(path), api.get(`${path}/amendments?limit=100`)]);
      setAgreement(a.data);
      setAmendments(m.data.items);
      setError(null);
      return a.data;
    } catch (e) {
      setError(problemText(e));
      return null;
    }
  }
  useEffect(() => {
    load();
  }, [path]);

  /* A change of the agreement based on its version; an outdated version is read again once. */
  async function withAgreementVersion(send) {
    try {
      return await send(agreement.version);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        const fresh = await load();
        if (fresh) return await send(fresh.version);
      }
      throw e;
    }
  }

  return (
    <div>
      <h1>{title}</h1>
      {error && <Status kind="error">{error}</Status>}
      {!agreement && !error && <Loading />}
      {agreement && (
        <>
          <p class="lead">
            {t('agreement.status')}: <strong>{label('agreementStatus', agreement.status)}</strong> ·{' '}
            {t('agreement.termEnd', { date: formatDate(agreement.term_end) })}
          </p>
          {agreement.termination && (
            <Status kind="warning">
              {t('agreement.terminated', {
                date: formatDate(agreement.termination.terminated_on),
                ref: agreement.termination.document_ref,
              })}
            </Status>
          )}
          <Signatures
            region={region}
            agreement={agreement}
            canWrite={canWrite && agreement.status !== 'terminated'}
            send={withAgreementVersion}
            onSaved={(a) => setAgreement(a)}
          />
          <section class="panel" aria-labelledby="sections-title">
            <h2 id="sections-title">{t('agreement.sections')}</h2>
            {codes('section').map((s) => {
              const sec = agreement.sections[s];
              return (
                <article key={s} class="agreement-section">
                  <h3>{label('section', s)}</h3>
                  <p class="muted">
                    {sec && t('agreement.sectionVersion', { n: sec.version_no, when: formatDateTime(sec.effective_from) })}
                  </p>
                  <p class="pre">{sec && sec.text ? sec.text : t('agreement.empty')}</p>
                </article>
              );
            })}
          </section>
          <Amendments
            region={region}
            items={amendments || []}
            canWrite={canWrite && agreement.status !== 'terminated'}
            reload={load}
          />
          <History region={region} version={agreement.version} />
          {canWrite && agreement.status === 'signed' && (
            <section class="panel" aria-labelledby="termination-title">
              <h2 id="termination-title">{t('agreement.termination')}</h2>
              <p>{t('agreement.writtenOnly')}</p>
              <RecordForm
                formId="termination"
                fields={R.writtenForm.fields}
                mode="create"
                submitLabel={t('agreement.terminate')}
                submit={({ body }) => withAgreementVersion((v) => api.put(`${path}/termination`, body, { ifMatch: v }))}
                onSaved={(a) => a && setAgreement(a)}
              />
            </section>
          )}
        </>
      )}
    </div>
  );
}

function Signatures({ region, agreement, canWrite, send, onSaved }) {
  const [open, setOpen] = useState(null);
  const byParty = Object.fromEntries((agreement.signatures || []).map((s) => [s.party, s]));
  return (
    <section class="panel" aria-labelledby="signatures-title">
      <h2 id="signatures-title">{t('agreement.signatures')}</h2>
      <ul class="signatures">
        {codes('party').map((p) => {
          const s = byParty[p];
          return (
            <li key={p}>
              <strong>{label('party', p)}</strong>:{' '}
              {s
                ? t('agreement.signatureBy', {
                    name: s.signatory_name,
                    function: s.signatory_function,
                    date: formatDate(s.signed_on),
                  })
                : t('agreement.signatureMissing')}{' '}
              {canWrite && !s && open !== p && (
                <button type="button" class="link" onClick={() => setOpen(p)} aria-label={`${t('agreement.sign')}: ${label('party', p)}`}>
                  {t('agreement.sign')}
                </button>
              )}
              {open === p && (
                <RecordForm
                  formId={`sign-${p}`}
                  fields={R.signature.fields}
                  defaults={{ signed_on: today() }}
                  mode="create"
                  submitLabel={t('agreement.sign')}
                  submit={({ body }) =>
                    send((v) => api.put(regionPath(region, 'agreement', 'signatures', p), body, { ifMatch: v }))
                  }
                  onSaved={(a) => {
                    setOpen(null);
                    if (a) onSaved(a);
                    announce(t('agreement.signSaved'));
                  }}
                />
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Amendments({ region, items, canWrite, reload }) {
  const [signing, setSigning] = useState(null);
  const [error, setError] = useState(null);
  const [formKey, setFormKey] = useState(0);
  const base = regionPath(region, 'agreement', 'amendments');

  async function decide(a, decision) {
    setError(null);
    try {
      await api.post(`${base}/${encodeURIComponent(a.id)}/decision`, { decision }, { ifMatch: a.version });
      announce(t('agreement.decided'));
      await reload();
    } catch (e) {
      setError(problemText(e));
      if (e.status === 412 || e.status === 409) reload();
    }
  }

  return (
    <section class="panel" aria-labelledby="amendments-title">
      <h2 id="amendments-title">{t('agreement.amendments')}</h2>
      {error && <Status kind="error">{error}</Status>}
      {items.length === 0 ? (
        <p>{t('agreement.amendmentsNone')}</p>
      ) : (
        <ul class="amendments">
          {items.map((a) => (
            <li key={a.id} class="amendment">
              <h3>
                {label('section', a.section)}: {label('amendmentStatus', a.status)}
              </h3>
              <p>
                <strong>{t('field.reason')}:</strong> <span class="pre">{a.reason}</span>
              </p>
              <details>
                <summary>{t('field.proposed_text')}</summary>
                <p class="pre">{a.proposed_text}</p>
              </details>
              {a.agreed_on && (
                <p>
                  {t('field.agreed_on')}: {formatDate(a.agreed_on)}
                </p>
              )}
              {a.document_ref && (
                <p>
                  {t('field.document_ref')}: {a.document_ref}, {t('field.signed_on')} {formatDate(a.signed_on)}
                </p>
              )}
              {canWrite && (a.status === 'proposed' || a.status === 'agreed') && (
                <div class="buttons">
                  {a.status === 'proposed' && (
                    <button type="button" onClick={() => decide(a, 'agree')}>
                      {t('agreement.agree')}
                    </button>
                  )}
                  {a.status === 'agreed' && signing !== a.id && (
                    <button type="button" onClick={() => setSigning(a.id)}>
                      {t('agreement.signInWriting')}
                    </button>
                  )}
                  <button type="button" onClick={() => decide(a, 'reject')}>
                    {t('agreement.reject')}
                  </button>
                </div>
              )}
              {signing === a.id && (
                <RecordForm
                  formId={`written-${a.id}`}
                  fields={R.writtenForm.fields}
                  defaults={{ signed_on: today() }}
                  mode="create"
                  submitLabel={t('agreement.signInWriting')}
                  submit={({ body }) =>
                    api.post(
                      `${base}/${encodeURIComponent(a.id)}/decision`,
                      { decision: 'sign_in_writing', ...body },
                      { ifMatch: a.version },
                    )
                  }
                  onSaved={async () => {
                    setSigning(null);
                    announce(t('agreement.decided'));
                    await reload();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <>
          <h3>{t('agreement.propose')}</h3>
          <RecordForm
            key={formKey}
            formId="amendment"
            fields={R.amendment.fields}
            mode="create"
            submitLabel={t('agreement.propose')}
            draftKey={`${region}/amendment/new`}
            submit={({ body, idempotencyKey }) => api.post(base, body, { idempotencyKey })}
            onSaved={async () => {
              announce(t('agreement.proposed'));
              setFormKey((k) => k + 1);
              await reload();
            }}
          />
        </>
      )}
    </section>
  );
}

function History({ region, version }) {
  const [items, setItems] = useState(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    api
      .get(regionPath(region, 'agreement', 'history'))
      .then(({ data }) => setItems(data.items))
      .catch(() => setItems([]));
  }, [open, version]);
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">{t('agreement.history')}</h2>
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('agreement.history')}</summary>
        {open && !items && <Loading />}
        {items && (
          <ul>
            {items.map((v) => (
              <li key={`${v.section}-${v.version_no}`}>
                <strong>
                  {label('section', v.section)} {v.version_no}
                </strong>{' '}
                ({formatDateTime(v.effective_from)}
                {v.amendment ? `, ${v.amendment.document_ref || ''} ${formatDate(v.amendment.signed_on)}` : `, ${t('agreement.historyOriginal')}`}
                ): <span class="pre">{v.text || t('agreement.empty')}</span>
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
