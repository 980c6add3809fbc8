// pages/region.jsx - a region's workspace: its navigation, the overview, and
// the list, create and record pages every region resource shares.
import { useEffect, useState } from 'preact/hooks';
import { api, regionPath } from '../api.js';
import { formatDate, formatDateTime, t } from '../i18n.js';
import { announce } from '../live.js';
import { location, match, navigate } from '../router.js';
import { abilities } from '../session.js';
import { useStore } from '../store.js';
import { useRegionName } from '../regions.js';
import { RecordForm, problemText } from '../form.jsx';
import { ResourceList } from '../list.jsx';
import * as R from '../resources.js';
import { Loading, Status } from '../ui.jsx';
import { NotFound, usePageTitle } from './common.jsx';
import { AgreementPage } from './agreement.jsx';
import { ActivityPanels } from './activity.jsx';
import { ContactPanels, MeasurePanels, OfferPanels } from './panels.jsx';
import { ImportPage, InquiryFastPage } from './inquiries.jsx';
import { ownLibraryRoute } from './process_own.jsx';
import { regionOwner } from '../process_owner.js';

const SECTIONS = [
  { path: '', key: 'region.overview' },
  { path: 'agreement', key: 'region.agreement' },
  { path: 'profile', key: 'region.profile' },
  { path: 'measures', key: 'region.measures' },
  { path: 'offers', key: 'region.offers' },
  { path: 'contacts', key: 'region.contacts' },
  { path: 'activities', key: 'region.activities' },
  { path: 'notices', key: 'region.notices' },
  { path: 'library', key: 'region.library' },
  { path: 'inquiries', key: 'region.inquiries', employer: true },
  { path: 'companies', key: 'region.companies', employer: true },
  { path: 'obstacles', key: 'region.obstacles', employer: true },
  { path: 'imports', key: 'region.imports', employer: true, write: true },
];

function sectionsFor(region, can) {
  return SECTIONS.filter((s) => (!s.employer || can.employerRecords(region)) && (!s.write || can.coordinatorOf(region)));
}

export function RegionNav({ region, caller }) {
  const { path } = useStore(location);
  const name = useRegionName(region);
  const can = abilities(caller);
  const base = `/regions/${encodeURIComponent(region)}`;
  return (
    <nav class="region-nav" aria-label={`${t('app.regionNav')}: ${name}`}>
      <p class="region-name">{name}</p>
      <ul>
        {sectionsFor(region, can).map((s) => {
          const href = s.path ? `${base}/${s.path}` : base;
          const active = s.path ? path === href || path.startsWith(href + '/') : path === base;
          return (
            <li key={s.path}>
              <a href={href} aria-current={active ? 'page' : undefined}>
                {t(s.key)}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

const RESOURCES = {
  measures: R.measure,
  offers: R.offer,
  contacts: R.contact,
  activities: R.activity,
  inquiries: R.inquiry,
  companies: R.company,
  obstacles: R.obstacle,
};

/* The page for a path below /regions/:region, or null (not found). */
export function regionRoutes(path, region, can) {
  const base = `/regions/:region`;
  const write = can.coordinatorOf(region);
  const employer = can.employerRecords(region);
  let m;
  if (match(base, path)) return <RegionOverview region={region} can={can} />;
  if (match(`${base}/agreement`, path)) return <AgreementPage region={region} canWrite={write} />;
  if (match(`${base}/profile`, path)) return <ProfilePage region={region} canWrite={write} />;
  if (match(`${base}/notices`, path)) return <NoticesPage region={region} />;
  if (match(`${base}/imports`, path) && employer && write) return <ImportPage region={region} />;
  const library = ownLibraryRoute(path, `${base}/library`, regionOwner(region), write);
  if (library) return library;
  if ((m = match(`${base}/:kind`, path)) && RESOURCES[m.kind]) {
    const res = RESOURCES[m.kind];
    if (['inquiries', 'companies', 'obstacles'].includes(m.kind) && !employer) return null;
    return <ListPage region={region} resource={res} canWrite={write} />;
  }
  if ((m = match(`${base}/:kind/new`, path)) && RESOURCES[m.kind] && write) {
    if (['inquiries', 'companies', 'obstacles'].includes(m.kind) && !employer) return null;
    if (m.kind === 'inquiries') return <InquiryFastPage region={region} />;
    return <NewPage region={region} resource={RESOURCES[m.kind]} />;
  }
  if ((m = match(`${base}/:kind/:id`, path)) && RESOURCES[m.kind]) {
    if (['inquiries', 'companies', 'obstacles'].includes(m.kind) && !employer) return null;
    return <RecordPage region={region} resource={RESOURCES[m.kind]} id={m.id} canWrite={write} />;
  }
  return null;
}

function RegionOverview({ region, can }) {
  const name = useRegionName(region);
  usePageTitle(name);
  const base = `/regions/${encodeURIComponent(region)}`;
  return (
    <div>
      <h1>{name}</h1>
      <p>{t('region.intro')}</p>
      <ul class="cards">
        {sectionsFor(region, can)
          .filter((s) => s.path)
          .map((s) => (
            <li class="card" key={s.path}>
              <a href={`${base}/${s.path}`}>{t(s.key)}</a>
            </li>
          ))}
      </ul>
    </div>
  );
}

function ListPage({ region, resource, canWrite }) {
  const [missing, setMissing] = useState(false);
  const title = t(`region.${resource.key}`);
  usePageTitle(missing ? t('notFound.title') : title);
  if (missing) return <NotFound />;
  const basePath = `/regions/${encodeURIComponent(region)}/${resource.key}`;
  return (
    <div>
      <h1>{title}</h1>
      <ResourceList
        region={region}
        resource={resource}
        basePath={basePath}
        canWrite={canWrite}
        onNotFound={() => setMissing(true)}
        extraActions={
          resource.key === 'inquiries' && canWrite ? (
            <a class="button" href={`/regions/${encodeURIComponent(region)}/imports`}>
              {t('inquiries.import')}
            </a>
          ) : null
        }
      />
    </div>
  );
}

/* Options of the fields that name another record (a company, an offer ...). */
export function useRefOptions(region, resource) {
  const [options, setOptions] = useState({});
  useEffect(() => {
    const wanted = {
      company_id: ['companies', (c) => (c.location ? `${c.name} (${c.location})` : c.name)],
      offer_id: ['offers', (o) => o.title],
      obstacle_ids: ['obstacles', (o) => o.title],
      contact_id: ['contacts', (c) => (c.organisation ? `${c.name} (${c.organisation})` : c.name)],
    };
    for (const f of resource.fields) {
      const w = wanted[f.name];
      if (!w) continue;
      api
        .get(regionPath(region, w[0]) + '?limit=100')
        .then(({ data }) =>
          setOptions((prev) => ({ ...prev, [f.name]: data.items.map((x) => ({ value: x.id, label: w[1](x) })) })),
        )
        .catch(() => {});
    }
  }, [region, resource.key]);
  return options;
}

function NewPage({ region, resource }) {
  const what = t(resource.one);
  const title = t('form.newTitle', { what });
  usePageTitle(title);
  const options = useRefOptions(region, resource);
  const listPath = `/regions/${encodeURIComponent(region)}/${resource.key}`;
  return (
    <div>
      <p class="breadcrumb">
        <a href={listPath}>{t('form.back')}</a>
      </p>
      <h1>{title}</h1>
      <RecordForm
        formId={`new-${resource.key}`}
        fields={resource.fields}
        rules={resource.rules}
        mode="create"
        options={options}
        draftKey={`${region}/${resource.key}/new`}
        submit={({ body, idempotencyKey }) => api.post(regionPath(region, resource.key), body, { idempotencyKey })}
        onSaved={(saved) => navigate(`${listPath}/${encodeURIComponent(saved.id)}`)}
      />
    </div>
  );
}

function recordTitle(resource, record) {
  if (!record) return t(resource.one);
  if (record.title) return record.title;
  if (record.name) return record.name;
  if (resource.key === 'inquiries')
    return `${t('inquiries.one')} ${formatDate(record.received_on)}${record.company ? ' – ' + record.company.name : ''}`;
  return t(resource.one);
}

function RecordPage({ region, resource, id, canWrite }) {
  const [record, setRecord] = useState(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState(null);
  const path = regionPath(region, resource.key, id);
  const listPath = `/regions/${encodeURIComponent(region)}/${resource.key}`;
  const options = useRefOptions(region, resource);
  const title = missing ? t('notFound.title') : recordTitle(resource, record);
  usePageTitle(title);

  async function load() {
    const { data } = await api.get(path);
    return data;
  }
  useEffect(() => {
    load()
      .then(setRecord)
      .catch((e) => (e.status === 404 || e.status === 400 ? setMissing(true) : setError(problemText(e))));
  }, [path]);

  if (missing) return <NotFound />;
  async function remove() {
    if (!window.confirm(t('form.confirmDelete'))) return;
    try {
      await api.del(path);
      announce(t('form.deleted'));
      navigate(listPath);
    } catch (e) {
      setError(problemText(e));
    }
  }
  const Panels = { measures: MeasurePanels, offers: OfferPanels, contacts: ContactPanels, activities: ActivityPanels }[
    resource.key
  ];
  return (
    <div>
      <p class="breadcrumb">
        <a href={listPath}>{t('form.back')}</a>
      </p>
      <h1>{title}</h1>
      {error && <Status kind="error">{error}</Status>}
      {!record && !error && <Loading />}
      {record && (
        <>
          <p class="muted">
            {t('form.version', { n: record.version })} · {t('field.updated_at')} {formatDateTime(record.updated_at)}
          </p>
          <RecordForm
            formId={`edit-${resource.key}`}
            fields={resource.fields}
            rules={resource.rules}
            mode="patch"
            record={record}
            options={options}
            readOnly={!canWrite}
            draftKey={`${region}/${resource.key}/${id}`}
            submit={({ body, ifMatch }) => api.patch(path, body, { ifMatch })}
            reload={load}
            onSaved={(saved) => saved && setRecord(saved)}
          />
          {Panels && <Panels region={region} record={record} setRecord={setRecord} canWrite={canWrite} />}
          {canWrite && (
            <div class="danger-zone">
              <button type="button" class="danger" onClick={remove}>
                {t('form.delete')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function ProfilePage({ region, canWrite }) {
  const [record, setRecord] = useState(null);
  const [error, setError] = useState(null);
  const title = t('profile.title');
  usePageTitle(title);
  const path = regionPath(region, 'profile');
  const load = async () => (await api.get(path)).data;
  useEffect(() => {
    load()
      .then(setRecord)
      .catch((e) => setError(problemText(e)));
  }, [path]);
  return (
    <div>
      <h1>{title}</h1>
      {error && <Status kind="error">{error}</Status>}
      {!record && !error && <Loading />}
      {record && (
        <RecordForm
          formId="profile"
          fields={R.profile.fields}
          mode="put"
          record={record}
          readOnly={!canWrite}
          draftKey={`${region}/profile`}
          submit={({ body, ifMatch }) => api.put(path, body, { ifMatch })}
          reload={load}
          onSaved={(saved) => saved && setRecord(saved)}
        />
      )}
    </div>
  );
}

function NoticesPage({ region }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const title = t('notices.title');
  usePageTitle(title);
  useEffect(() => {
    api
      .get(regionPath(region, 'notices') + '?limit=100')
      .then(({ data }) => setItems(data.items))
      .catch((e) => setError(problemText(e)));
  }, [region]);
  const base = `/regions/${encodeURIComponent(region)}`;
  return (
    <div>
      <h1>{title}</h1>
      <p>{t('notices.intro')}</p>
      <div class="toolbar">
        <a class="button" href={regionPath(region, 'notices') + '?format=csv'} download>
          {t('list.export')}
        </a>
      </div>
      {error && <Status kind="error">{error}</Status>}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p>{t('list.empty')}</p>}
      {items && items.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>{t('list.count', { n: items.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('field.title')}</th>
                <th scope="col">{t('field.starts_on')}</th>
                <th scope="col">{t('field.sent_at')}</th>
                <th scope="col">{t('field.lead_time_days')}</th>
                <th scope="col">{t('field.late')}</th>
                <th scope="col">{t('field.acknowledged_by_name')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => (
                <tr key={n.id}>
                  <th scope="row">
                    <a href={`${base}/activities/${encodeURIComponent(n.activity.id)}`}>{n.activity.title}</a>
                  </th>
                  <td>{formatDate(n.activity.starts_on)}</td>
                  <td>{formatDateTime(n.sent_at)}</td>
                  <td>{n.lead_time_days}</td>
                  <td>{n.late ? t('list.yes') : t('list.no')}</td>
                  <td>{n.acknowledged_by_name || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
