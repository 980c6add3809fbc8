// pages/panels.jsx - what a measure, an offer and a contact show below their
// form: progress notes, publication, consent.
import { useState } from 'preact/hooks';
import { api, regionPath } from '../api.js';
import { formatDate, formatDateTime, label, t } from '../i18n.js';
import { announce } from '../live.js';
import { RecordForm, problemText } from '../form.jsx';
import { today } from '../fields.js';
import * as R from '../resources.js';
import { Status } from '../ui.jsx';

export function MeasurePanels({ region, record, setRecord, canWrite }) {
  const notes = record.progress || [];
  return (
    <section class="panel" aria-labelledby="progress-title">
      <h2 id="progress-title">{t('measures.progress')}</h2>
      {notes.length === 0 ? (
        <p>{t('measures.progressNone')}</p>
      ) : (
        <ol class="notes">
          {notes.map((n) => (
            <li key={n.id}>
              <strong>{formatDate(n.noted_on)}</strong>: <span class="pre">{n.note}</span>
            </li>
          ))}
        </ol>
      )}
      {canWrite && (
        <>
          <h3>{t('measures.progressAdd')}</h3>
          <RecordForm
            formId="progress"
            fields={R.progressNote.fields}
            defaults={{ noted_on: today() }}
            mode="create"
            submitLabel={t('measures.progressAdd')}
            draftKey={`${region}/measures/${record.id}/progress`}
            submit={({ body, idempotencyKey }) =>
              api.post(regionPath(region, 'measures', record.id, 'progress'), body, { idempotencyKey })
            }
            onSaved={(saved) => {
              if (saved) setRecord(saved);
              announce(t('measures.progressSaved'));
            }}
          />
        </>
      )}
    </section>
  );
}

export function OfferPanels({ region, record, setRecord, canWrite }) {
  const [error, setError] = useState(null);
  async function toggle(publish) {
    setError(null);
    try {
      const path = regionPath(region, 'offers', record.id, 'publication');
      const { data } = publish ? await api.put(path) : await api.del(path);
      setRecord(data);
      announce(publish ? t('offers.publishedDone') : t('offers.unpublishedDone'));
    } catch (e) {
      const fe = e.fieldErrors && e.fieldErrors[0];
      setError(fe ? `${t('field.contact_id')}: ${fe.message}` : problemText(e));
    }
  }
  return (
    <section class="panel" aria-labelledby="publication-title">
      <h2 id="publication-title">{t('field.published')}</h2>
      <p>
        {record.published ? t('offers.isPublished', { when: formatDateTime(record.published_at) }) : t('offers.notPublished')}
      </p>
      {error && (
        <Status kind="error">
          <span role="alert">{error}</span>
        </Status>
      )}
      {canWrite && (
        <button type="button" onClick={() => toggle(!record.published)}>
          {record.published ? t('offers.unpublish') : t('offers.publish')}
        </button>
      )}
    </section>
  );
}

export function ContactPanels({ region, record, setRecord, canWrite }) {
  const [error, setError] = useState(null);
  const c = record.consent;
  async function withdraw() {
    setError(null);
    try {
      const { data } = await api.del(regionPath(region, 'contacts', record.id, 'consent'));
      setRecord(data);
      announce(t('contacts.consentWithdrawnDone'));
    } catch (e) {
      setError(problemText(e));
    }
  }
  return (
    <section class="panel" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('field.consent')}</h2>
      <p>
        {record.has_consent
          ? t('contacts.consentGiven', {
              when: formatDate(c.given_at),
              how: label('consentHow', c.how),
              by: c.given_by,
            })
          : c && c.withdrawn_at
            ? t('contacts.consentWithdrawn', { when: formatDate(c.withdrawn_at) })
            : t('contacts.consentNone')}
      </p>
      {error && <Status kind="error">{error}</Status>}
      {canWrite && record.has_consent && (
        <button type="button" onClick={withdraw}>
          {t('contacts.consentWithdraw')}
        </button>
      )}
      {canWrite && !record.has_consent && (
        <>
          <h3>{t('contacts.consentRecord')}</h3>
          <RecordForm
            formId="consent"
            fields={R.consent.fields}
            defaults={{ given_at: today(), given_by: record.name }}
            mode="create"
            submitLabel={t('contacts.consentRecord')}
            submit={({ body }) => api.put(regionPath(region, 'contacts', record.id, 'consent'), body)}
            onSaved={(saved) => {
              if (saved) setRecord(saved);
              announce(t('contacts.consentSaved'));
            }}
          />
        </>
      )}
    </section>
  );
}
