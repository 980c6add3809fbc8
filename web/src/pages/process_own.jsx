// pages/process_own.jsx - a region's own model processes: the list of them
// with the next step each allows (change the draft, start a new version), and
// the same actions on a process page for the owner region's coordinators.
// Drafting and changing happen in the editor (process_edit.jsx).
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey, regionPath } from '../api.js';
import { problemText } from '../form.jsx';
import { formatDate, t } from '../i18n.js';
import { announce } from '../live.js';
import { navigate } from '../router.js';
import { useRegionName } from '../regions.js';
import { Loading, Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';

export const editPath = (region, key, n) =>
  `/regions/${encodeURIComponent(region)}/library/${encodeURIComponent(key)}/versions/${n}/edit`;

const isOpen = (v) => !(v.status === 'inactive' || (v.status === 'approved' && v.published_at));

/* "Start version n+1" (a draft copy of the latest), then the editor. */
export function NewVersionButton({ region, processKey, name }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [idem] = useState(newIdempotencyKey);
  return (
    <span class="action">
      <button
        type="button"
        aria-disabled={busy ? 'true' : undefined}
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          setError(null);
          try {
            const { data } = await api.post(regionPath(region, 'library', 'processes', processKey, 'versions'), undefined, {
              idempotencyKey: idem,
            });
            announce(t('proc.versionStarted', { n: data.version }));
            navigate(editPath(region, processKey, data.version));
          } catch (e) {
            setError(problemText(e));
            setBusy(false);
          }
        }}
      >
        {t('proc.newVersion')}
        {name && <span class="visually-hidden">: {name}</span>}
      </button>
      {error && <Status kind="error">{error}</Status>}
    </span>
  );
}

function OwnLink({ region }) {
  const name = useRegionName(region);
  return (
    <p>
      <a href={`/regions/${encodeURIComponent(region)}/library`}>{t('proc.ownLink', { region: name })}</a>
    </p>
  );
}

/* On the library's search page: each region the caller coordinates drafts here. */
export function OwnLibraryLinks({ can }) {
  return can.regions.filter((r) => can.coordinatorOf(r)).map((r) => <OwnLink key={r} region={r} />);
}

/* On a process page: what the owner region's coordinator can do next. */
export function OwnerActions({ processKey, record, versions, can }) {
  const region = record.owner && record.owner.region;
  if (!region || !can.coordinatorOf(region)) return null;
  const latest = versions && versions.length ? versions[versions.length - 1] : record;
  return (
    <section aria-labelledby="lib-own">
      <h2 id="lib-own">{t('proc.ownTitle')}</h2>
      {record.status === 'draft' && (
        <p>
          <a href={editPath(region, processKey, record.version)}>{t('proc.editDraft', { n: record.version })}</a>
        </p>
      )}
      {versions && !versions.some(isOpen) && <NewVersionButton region={region} processKey={processKey} />}
      {latest.version !== record.version && isOpen(latest) && (
        <p>{t('proc.openVersion', { n: latest.version, status: t(`lib.status_${latest.status}`) })}</p>
      )}
    </section>
  );
}

/* /regions/{r}/library: the region's processes, each with its latest version. */
export function RegionLibrary({ region, canWrite }) {
  const name = useRegionName(region);
  usePageTitle(t('proc.regionList', { region: name }));
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    api
      .get(`${regionPath(region, 'library', 'processes')}?limit=100`)
      .then(({ data }) => live && setState({ data }))
      .catch((e) => live && setState({ error: e }));
    return () => {
      live = false;
    };
  }, [region]);
  const byKey = new Map();
  for (const v of state.data ? state.data.items : []) {
    if (!byKey.has(v.key)) byKey.set(v.key, []);
    byKey.get(v.key).push(v);
  }
  const processes = [...byKey.values()].map((vs) => vs.sort((a, b) => a.version - b.version));
  return (
    <div>
      <h1>{t('proc.regionList', { region: name })}</h1>
      <p>{t('proc.regionIntro')}</p>
      {canWrite && (
        <p>
          <a class="button primary" href={`/regions/${encodeURIComponent(region)}/library/new`}>
            {t('proc.newTitle')}
          </a>
        </p>
      )}
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{problemText(state.error)}</Status>}
      {state.data && processes.length === 0 && <p>{t('proc.noneYet')}</p>}
      {processes.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>{t('proc.regionTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('proc.name')}</th>
                <th scope="col">{t('proc.latest')}</th>
                <th scope="col">{t('proc.next')}</th>
              </tr>
            </thead>
            <tbody>
              {processes.map((vs) => {
                const v = vs[vs.length - 1];
                const status = v.published_at ? (v.status === 'inactive' ? 'inactive' : 'published') : v.status;
                return (
                  <tr key={v.key}>
                    <th scope="row">
                      <a href={`/library/${encodeURIComponent(v.key)}/versions/${v.version}`}>{v.name}</a>
                    </th>
                    <td>
                      {t('proc.versionStatus', { n: v.version, status: t(`lib.status_${status}`) })}
                      {v.updated_at && <span class="muted"> · {formatDate(v.updated_at)}</span>}
                    </td>
                    <td>
                      {canWrite && v.status === 'draft' && (
                        <a href={editPath(region, v.key, v.version)}>
                          {t('proc.edit')}
                          <span class="visually-hidden">: {v.name}</span>
                        </a>
                      )}
                      {canWrite && !vs.some(isOpen) && (
                        <NewVersionButton region={region} processKey={v.key} name={v.name} />
                      )}
                      {v.status === 'in_progress' && t('proc.waiting')}
                      {v.status === 'approved' && !v.published_at && t('proc.waitingPublish')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
