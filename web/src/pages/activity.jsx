// pages/activity.jsx - below an activity's form: its notice to the FAI with the
// lead time, and for a joint event the cost split and the participant list.
import { useEffect, useState } from 'preact/hooks';
import { api, regionPath } from '../api.js';
import { formatDateTime, formatEuro, formatPercent, t } from '../i18n.js';
import { announce } from '../live.js';
import { RecordForm, problemText } from '../form.jsx';
import { parseDecimal, today } from '../fields.js';
import * as R from '../resources.js';
import { RecordTable, Loading, Status } from '../ui.jsx';

export function ActivityPanels({ region, record, setRecord, canWrite }) {
  return (
    <>
      <NoticePanel region={region} record={record} setRecord={setRecord} canWrite={canWrite} />
      {R.isJointEvent(record) ? (
        <>
          <CostSplitPanel region={region} activity={record} canWrite={canWrite} />
          <ParticipantsPanel region={region} activity={record} canWrite={canWrite} />
        </>
      ) : (
        <p class="muted">{t('activities.notJoint')}</p>
      )}
    </>
  );
}

function NoticePanel({ region, record, setRecord, canWrite }) {
  const n = record.notice;
  return (
    <section class="panel" aria-labelledby="notice-title">
      <h2 id="notice-title">{t('field.notice')}</h2>
      {!n ? (
        <p>{t('activities.noticeNone')}</p>
      ) : (
        <>
          <p>{t('activities.noticeSent', { when: formatDateTime(n.sent_at), days: n.lead_time_days })}</p>
          {n.late && <Status kind="warning">{t('activities.noticeLate')}</Status>}
          {n.acknowledged_at && (
            <p>{t('activities.noticeAck', { by: n.acknowledged_by_name, when: formatDateTime(n.acknowledged_at) })}</p>
          )}
          {canWrite && !n.acknowledged_at && (
            <>
              <h3>{t('activities.noticeAckRecord')}</h3>
              <RecordForm
                formId="ack"
                fields={R.acknowledgement.fields}
                mode="create"
                submitLabel={t('activities.noticeAckRecord')}
                submit={({ body }) => api.put(regionPath(region, 'notices', n.id, 'acknowledgement'), body)}
                onSaved={(notice) => {
                  if (notice)
                    setRecord({
                      ...record,
                      notice: { ...n, acknowledged_at: notice.acknowledged_at, acknowledged_by_name: notice.acknowledged_by_name },
                    });
                  announce(t('activities.ackSaved'));
                }}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

function CostSplitPanel({ region, activity, canWrite }) {
  const [split, setSplit] = useState(undefined); // undefined loading, null none
  const [error, setError] = useState(null);
  const path = regionPath(region, 'activities', activity.id, 'cost-split');
  const load = async () => (await api.get(path)).data;
  useEffect(() => {
    load()
      .then(setSplit)
      .catch((e) => (e.status === 404 ? setSplit(null) : setError(problemText(e))));
  }, [path, activity.version]);

  const rules = (v) => {
    const out = {};
    const r = parseDecimal(v.region_share_basis_points);
    const f = parseDecimal(v.fai_share_basis_points);
    if (!Number.isNaN(r) && !Number.isNaN(f) && Math.round(r * 100) + Math.round(f * 100) !== 10000)
      out.fai_share_basis_points = { key: 'msg.sharesSum', live: true };
    if (v.agreed_on && activity.starts_on && v.agreed_on > activity.starts_on && !v.late_agreement)
      out.late_agreement = { key: 'msg.lateReason', live: true };
    if (v.late_agreement && !String(v.late_reason || '').trim()) out.late_reason = { key: 'msg.required', live: false };
    return out;
  };

  return (
    <section class="panel" aria-labelledby="split-title">
      <h2 id="split-title">{t('activities.costSplit')}</h2>
      {error && <Status kind="error">{error}</Status>}
      {split === undefined && !error && <Loading />}
      {split === null && <p>{t('activities.costSplitNone')}</p>}
      {split && (
        <p>
          {t('activities.costSplitShares', {
            region: formatEuro(split.region_share_cents),
            rp: formatPercent(split.region_share_basis_points),
            fai: formatEuro(split.fai_share_cents),
            fp: formatPercent(split.fai_share_basis_points),
            total: formatEuro(split.estimated_cost_cents),
          })}{' '}
          {split.late && t('activities.costSplitLate', { reason: split.late_reason })}
        </p>
      )}
      {split !== undefined && (canWrite || split) && (
        <RecordForm
          key={split ? `v${split.version}` : 'new'}
          formId="split"
          fields={R.costSplit.fields}
          rules={rules}
          record={split}
          defaults={{ agreed_on: today(), region_share_basis_points: '50', fai_share_basis_points: '50' }}
          mode={split ? 'put' : 'create'}
          readOnly={!canWrite}
          submit={({ body, ifMatch }) => api.put(path, body, { ifMatch })}
          reload={load}
          onSaved={(saved) => saved && setSplit(saved)}
        />
      )}
    </section>
  );
}

function ParticipantsPanel({ region, activity, canWrite }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [formKey, setFormKey] = useState(0);
  const path = regionPath(region, 'activities', activity.id, 'participants');
  async function load() {
    try {
      const { data } = await api.get(path + '?limit=100');
      setItems(data.items);
    } catch (e) {
      setError(problemText(e));
    }
  }
  useEffect(() => {
    load();
  }, [path]);
  async function remove(p) {
    if (!window.confirm(t('form.confirmDelete'))) return;
    try {
      await api.del(regionPath(region, 'activities', activity.id, 'participants', p.id));
      announce(t('form.deleted'));
      load();
    } catch (e) {
      setError(problemText(e));
    }
  }
  const columns = [
    ...R.participant.columns,
    ...(canWrite
      ? [
          {
            name: 'actions',
            label: 'list.actions',
            render: (p) => (
              <button type="button" class="link" onClick={() => remove(p)} aria-label={`${t('form.delete')}: ${p.name}`}>
                {t('form.delete')}
              </button>
            ),
          },
        ]
      : []),
  ];
  return (
    <section class="panel" aria-labelledby="participants-title">
      <h2 id="participants-title">{t('activities.participants')}</h2>
      <div class="toolbar">
        <a class="button" href={path + '?format=csv'} download>
          {t('list.export')}
        </a>
        {canWrite && (
          <a class="button" href={`/regions/${encodeURIComponent(region)}/imports?activity=${encodeURIComponent(activity.id)}`}>
            {t('imports.participantsTitle')}
          </a>
        )}
      </div>
      {error && <Status kind="error">{error}</Status>}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p>{t('activities.participantsNone')}</p>}
      {items && items.length > 0 && (
        <RecordTable caption={t('list.count', { n: items.length })} columns={columns} items={items} />
      )}
      {canWrite && (
        <>
          <h3>{t('activities.participantAdd')}</h3>
          <RecordForm
            key={formKey}
            formId="participant"
            fields={R.participant.fields}
            defaults={{ participated_on: activity.starts_on <= today() ? activity.starts_on : '', information_given_on: today() }}
            mode="create"
            submitLabel={t('activities.participantAdd')}
            draftKey={`${region}/activities/${activity.id}/participant`}
            submit={({ body, idempotencyKey }) => api.post(path, body, { idempotencyKey })}
            onSaved={() => {
              announce(t('activities.participantAdded'));
              setFormKey((k) => k + 1);
              load();
            }}
          />
        </>
      )}
    </section>
  );
}

