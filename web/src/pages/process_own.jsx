// pages/process_own.jsx - an owner's own model processes (a region's, or the
// FAI's: process_owner.js): the list of them with the next step each allows
// (change the draft, start a new version), and the same actions on a process
// page for those who may write the owner's processes. Drafting and changing
// happen in the editor (process_edit.jsx).
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey } from '../api.js';
import { ActionButton } from '../action.jsx';
import { problemText } from '../form.jsx';
import { formatDate, t } from '../i18n.js';
import { announce } from '../live.js';
import { match, navigate } from '../router.js';
import { ProcessEditPage } from '../lazy.jsx';
import { FAI_OWNER, mayWrite, ownerOf, regionOwner, useOwnerName } from '../process_owner.js';
import { Loading, Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';

const isOpen = (v) => !(v.status === 'inactive' || (v.status === 'approved' && v.published_at));

/* "Start version n+1" (a draft copy of the latest), then the editor. */
export function NewVersionButton({ owner, processKey, name }) {
  const [idem] = useState(newIdempotencyKey);
  const start = async () => {
    const { data } = await api.post(owner.api(processKey, 'versions'), undefined, { idempotencyKey: idem });
    announce(t('proc.versionStarted', { n: data.version }));
    navigate(owner.editPath(processKey, data.version));
  };
  return (
    <ActionButton run={start} leaves>
      {t('proc.newVersion')}
      {name && <span class="visually-hidden">: {name}</span>}
    </ActionButton>
  );
}

function OwnLink({ owner }) {
  const name = useOwnerName(owner);
  return (
    <p>
      <a href={owner.home}>{t('proc.ownLink', { region: name })}</a>
    </p>
  );
}

/* On the library's search page: each owner the caller drafts for (regions, the FAI). */
export function OwnLibraryLinks({ can }) {
  const owners = can.regions.filter((r) => can.coordinatorOf(r)).map(regionOwner);
  if (can.faiStaff) owners.push(FAI_OWNER);
  return owners.map((o) => <OwnLink key={o.id} owner={o} />);
}

/* On a process page: what those who write the owner's processes can do next. */
export function OwnerActions({ processKey, record, versions, can }) {
  const owner = ownerOf(record.owner);
  if (!owner || !mayWrite(owner, can)) return null;
  const latest = versions && versions.length ? versions[versions.length - 1] : record;
  return (
    <section aria-labelledby="lib-own">
      <h2 id="lib-own">{t(owner.region ? 'proc.ownTitle' : 'proc.faiOwnTitle')}</h2>
      {record.status === 'draft' && (
        <p>
          <a href={owner.editPath(processKey, record.version)}>{t('proc.editDraft', { n: record.version })}</a>
        </p>
      )}
      {versions && !versions.some(isOpen) && <NewVersionButton owner={owner} processKey={processKey} />}
      {latest.version !== record.version && isOpen(latest) && (
        <p>{t('proc.openVersion', { n: latest.version, status: t(`lib.status_${latest.status}`) })}</p>
      )}
    </section>
  );
}

/*
 * /regions/{r}/library and /fai/library: the owner's processes, each with its
 * latest version.
 */
export function OwnLibrary({ owner, canWrite }) {
  const name = useOwnerName(owner);
  const fai = !owner.region;
  usePageTitle(t('proc.regionList', { region: name }));
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    api
      .get(`${owner.list}?limit=100`)
      .then(({ data }) => live && setState({ data }))
      .catch((e) => live && setState({ error: e }));
    return () => {
      live = false;
    };
  }, [owner.id]);
  const byKey = new Map();
  for (const v of state.data ? state.data.items : []) {
    if (!byKey.has(v.key)) byKey.set(v.key, []);
    byKey.get(v.key).push(v);
  }
  const processes = [...byKey.values()].map((vs) => vs.sort((a, b) => a.version - b.version));
  return (
    <div>
      <h1>{t('proc.regionList', { region: name })}</h1>
      <p>{t(fai ? 'proc.faiIntro' : 'proc.regionIntro')}</p>
      {canWrite && (
        <p>
          <a class="button primary" href={owner.newPath}>
            {t('proc.newTitle')}
          </a>
        </p>
      )}
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{problemText(state.error)}</Status>}
      {state.data && processes.length === 0 && <p>{t(fai ? 'proc.faiNoneYet' : 'proc.noneYet')}</p>}
      {processes.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>{t(fai ? 'proc.faiTable' : 'proc.regionTable')}</caption>
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
                        <a href={owner.editPath(v.key, v.version)}>
                          {t('proc.edit')}
                          <span class="visually-hidden">: {v.name}</span>
                        </a>
                      )}
                      {canWrite && !vs.some(isOpen) && (
                        <NewVersionButton owner={owner} processKey={v.key} name={v.name} />
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

/*
 * The owner's pages under base: its list, a new draft and a draft in the
 * editor (the last two for those who may write); null for any other path.
 */
export function ownLibraryRoute(path, base, owner, canWrite) {
  if (match(base, path)) return <OwnLibrary owner={owner} canWrite={canWrite} />;
  if (!canWrite) return null;
  if (match(`${base}/new`, path)) return <ProcessEditPage owner={owner} />;
  const m = match(`${base}/:key/versions/:n/edit`, path);
  if (m && /^[1-9]\d{0,5}$/.test(m.n)) return <ProcessEditPage owner={owner} processKey={m.key} version={Number(m.n)} />;
  return null;
}
