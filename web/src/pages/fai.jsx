// pages/fai.jsx - the FAI's bulletins (read by everyone, published by FAI
// staff and leadership, marked read by the regions) and the FAI's inbox of the
// regions' activity notices with their acknowledgement.
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey, query, regionPath } from '../api.js';
import { problemText } from '../form.jsx';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';
import { searchParams } from '../router.js';
import { Loading, Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';

const TOPICS = ['law_change', 'news', 'event_notice', 'other'];

function useList(path) {
  const [state, setState] = useState({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .get(path)
      .then(({ data }) => live && setState({ data }))
      .catch((e) => live && setState({ error: e }));
    return () => {
      live = false;
    };
  }, [path, tick]);
  return [state, () => setTick((n) => n + 1)];
}

function PublishForm({ onDone }) {
  const [values, setValues] = useState({ title: '', body: '', topic: 'news' });
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState(null);
  const set = (n) => (e) => setValues({ ...values, [n]: e.currentTarget.value });
  return (
    <section aria-labelledby="bulletin-new">
      <h2 id="bulletin-new">{t('fai.newBulletin')}</h2>
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          try {
            await api.post('/api/v1/bulletins', values, { idempotencyKey: key });
            setValues({ title: '', body: '', topic: 'news' });
            setKey(newIdempotencyKey());
            setMsg({ kind: 'success', text: t('fai.published') });
            announce(t('fai.published'));
            onDone();
          } catch (err) {
            setMsg({ kind: 'error', text: problemText(err) });
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="bulletin-title">{t('fai.bulletinTitle')}</label>
          <input id="bulletin-title" type="text" required maxLength={200} value={values.title} onInput={set('title')} />
        </div>
        <div class="field">
          <label for="bulletin-topic">{t('fai.topic')}</label>
          <select id="bulletin-topic" value={values.topic} onChange={set('topic')}>
            {TOPICS.map((x) => (
              <option key={x} value={x}>
                {t(`fai.topic_${x}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="bulletin-body">{t('fai.body')}</label>
          <textarea id="bulletin-body" required value={values.body} onInput={set('body')} />
        </div>
        <div class="buttons">
          <button type="submit" class="primary" aria-disabled={busy ? 'true' : undefined}>
            {t('fai.publish')}
          </button>
        </div>
        {msg && <Status kind={msg.kind}>{msg.text}</Status>}
      </form>
    </section>
  );
}

export function BulletinsPage({ can }) {
  usePageTitle(t('fai.bulletins'));
  const [state, reload] = useList('/api/v1/bulletins?limit=50');
  const fai = can.faiStaff || can.faiLead;
  const region = can.regions[0];
  const [error, setError] = useState(null);
  return (
    <div>
      <h1>{t('fai.bulletins')}</h1>
      {fai && <PublishForm onDone={reload} />}
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{problemText(state.error)}</Status>}
      {error && <Status kind="error">{error}</Status>}
      {state.data && (
        <section aria-labelledby="bulletin-list">
          <h2 id="bulletin-list">{t('fai.published')}</h2>
          {state.data.items.length === 0 && <p>{t('fai.noBulletins')}</p>}
          {state.data.items.map((b) => (
            <article key={b.id} class="card bulletin">
              <h3>{b.title}</h3>
              <p class="muted">
                {t(`fai.topic_${b.topic}`)} · {formatDateTime(b.published_at)}
                {b.effective_on && <> · {t('fai.effective', { when: formatDate(b.effective_on) })}</>}
                {fai && typeof b.read_by_regions === 'number' && <> · {t('fai.readBy', { n: b.read_by_regions })}</>}
              </p>
              <p class="pre">{b.body}</p>
              {region &&
                (b.read_at ? (
                  <p class="muted">{t('fai.readAt', { when: formatDateTime(b.read_at) })}</p>
                ) : (
                  <button
                    type="button"
                    onClick={async () => {
                      try {
                        await api.put(regionPath(region, 'bulletins', b.id, 'read'), {});
                        announce(t('fai.markedRead'));
                        reload();
                      } catch (e) {
                        setError(problemText(e));
                      }
                    }}
                  >
                    {t('fai.markRead', { title: b.title })}
                  </button>
                ))}
            </article>
          ))}
        </section>
      )}
    </div>
  );
}

export function NoticesInbox({ caller }) {
  usePageTitle(t('fai.inbox'));
  const late = searchParams().get('late') === 'true';
  const [state, reload] = useList(`/api/v1/notices${query({ limit: 100, late: late ? 'true' : '' })}`);
  const [error, setError] = useState(null);
  return (
    <div>
      <h1>{t('fai.inbox')}</h1>
      <p>
        {late ? <a href="/notices">{t('fai.allNotices')}</a> : <a href="/notices?late=true">{t('fai.lateOnly')}</a>}
      </p>
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{problemText(state.error)}</Status>}
      {error && <Status kind="error">{error}</Status>}
      {state.data && (
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="inbox-caption">
          <table>
            <caption id="inbox-caption">{t('fai.inboxCaption', { n: state.data.items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fai.activity')}</th>
                <th scope="col">{t('dash.region')}</th>
                <th scope="col">{t('fai.startsOn')}</th>
                <th scope="col">{t('fai.leadTime')}</th>
                <th scope="col">{t('fai.ack')}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.items.map((n) => (
                <tr key={n.id}>
                  <th scope="row">{n.activity && n.activity.title}</th>
                  <td>{n.region_name || n.region || ''}</td>
                  <td>{n.activity && formatDate(n.activity.starts_on)}</td>
                  <td>
                    {t('fai.days', { n: n.lead_time_days })}
                    {n.late && <strong class="late"> – {t('fai.late')}</strong>}
                  </td>
                  <td>
                    {n.acknowledged_at ? (
                      t('fai.acknowledged', { when: formatDateTime(n.acknowledged_at), name: n.acknowledged_by_name })
                    ) : (
                      <button
                        type="button"
                        onClick={async () => {
                          try {
                            await api.put(regionPath(n.region, 'notices', n.id, 'acknowledgement'), {
                              acknowledged_by_name: caller.user.display_name,
                            });
                            announce(t('fai.acknowledgedNow'));
                            reload();
                          } catch (e) {
                            setError(problemText(e));
                          }
                        }}
                      >
                        {t('fai.acknowledge', { title: n.activity ? n.activity.title : '' })}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
