// pages/library.jsx - the library of model processes: search with filters (in
// the URL), a process page with its BPMN diagram, versions, package download,
// adopt / adapt, feedback, and the FAI's review and publish flow.
import { useEffect, useState } from 'preact/hooks';
import { api, newIdempotencyKey, query, regionPath } from '../api.js';
import { ActionButton } from '../action.jsx';
import { BpmnDiagram } from '../lazy.jsx';
import { problemText } from '../form.jsx';
import { codes, formatDate, formatDateTime, label, t } from '../i18n.js';
import { announce } from '../live.js';
import { navigate, searchParams } from '../router.js';
import { Loading, Status } from '../ui.jsx';
import { NotFound, usePageTitle } from './common.jsx';
import { regionOwner } from '../process_owner.js';
import { OwnerActions, OwnLibraryLinks } from './process_own.jsx';

const FILTERS = [
  { name: 'phase', kind: 'processPhase' },
  { name: 'actor', kind: 'processActor' },
  { name: 'target_group', kind: 'processTargetGroup' },
];

function useLoad(path, deps) {
  const [state, setState] = useState({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api
      .get(path)
      .then(({ data }) => live && setState({ data }))
      .catch((e) => live && setState({ error: e }));
    return () => {
      live = false;
    };
  }, [path, tick, ...(deps || [])]);
  return [state, () => setTick((n) => n + 1)];
}

function ownerName(o) {
  return o ? o.name : '';
}

export function LibrarySearch({ can }) {
  usePageTitle(t('lib.title'));
  const sp = searchParams();
  const current = { q: sp.get('q') || '', tag: sp.get('tag') || '' };
  for (const f of FILTERS) current[f.name] = sp.get(f.name) || '';
  const [values, setValues] = useState(current);
  const [state] = useLoad(`/api/v1/library/processes${query({ ...current, limit: 100 })}`);
  useEffect(() => {
    if (state.data) announce(t('lib.found', { n: state.data.items.length }));
  }, [state.data]);
  const set = (name) => (e) => setValues({ ...values, [name]: e.currentTarget.value });
  return (
    <div>
      <h1>{t('lib.title')}</h1>
      <p>{t('lib.intro')}</p>
      {(can.faiStaff || can.faiLead) && (
        <p>
          <a href="/library/reviews">{t('lib.reviews')}</a>
        </p>
      )}
      <OwnLibraryLinks can={can} />
      <form
        class="filters"
        role="search"
        aria-labelledby="lib-filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/library${query(values)}`);
        }}
      >
        <h2 id="lib-filters" class="h3">
          {t('lib.search')}
        </h2>
        <div class="filter-fields">
          <div class="field">
            <label for="lib-q">{t('lib.q')}</label>
            <input id="lib-q" type="search" value={values.q} onInput={set('q')} />
          </div>
          {FILTERS.map((f) => (
            <div class="field" key={f.name}>
              <label for={`lib-${f.name}`}>{t(`lib.${f.name}`)}</label>
              <select id={`lib-${f.name}`} value={values[f.name]} onChange={set(f.name)}>
                <option value="">{t('list.any')}</option>
                {codes(f.kind).map((c) => (
                  <option key={c} value={c}>
                    {label(f.kind, c)}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div class="field">
            <label for="lib-tag">{t('lib.tag')}</label>
            <input id="lib-tag" type="text" value={values.tag} onInput={set('tag')} />
          </div>
        </div>
        <div class="buttons">
          <button type="submit">{t('lib.searchButton')}</button>
          <button type="button" onClick={() => navigate('/library')}>
            {t('list.reset')}
          </button>
        </div>
      </form>
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{problemText(state.error)}</Status>}
      {state.data && (
        <section aria-labelledby="lib-results">
          <h2 id="lib-results">{t('lib.results', { n: state.data.items.length })}</h2>
          {state.data.items.length === 0 ? (
            <p>{t('lib.none')}</p>
          ) : (
            <ul class="results">
              {state.data.items.map((p) => (
                <li key={p.key} class="card">
                  <h3>
                    <a href={`/library/${encodeURIComponent(p.key)}/versions/${p.version}`}>{p.name}</a>
                  </h3>
                  <p class="muted">
                    {t('lib.summaryLine', {
                      owner: ownerName(p.owner),
                      version: p.version,
                      steps: p.step_count,
                      adoptions: p.adoptions || 0,
                    })}
                  </p>
                  {p.description && <p>{p.description.slice(0, 280)}</p>}
                  {p.tags && p.tags.length > 0 && (
                    <p>
                      {t('lib.tags')}:{' '}
                      {p.tags.map((tag, i) => (
                        <>
                          {i > 0 && ', '}
                          <a href={`/library${query({ tag })}`}>{tag}</a>
                        </>
                      ))}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function Steps({ steps }) {
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby="lib-steps-caption">
      <table>
        <caption id="lib-steps-caption">{t('lib.steps')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lib.step')}</th>
            <th scope="col">{t('lib.phase')}</th>
            <th scope="col">{t('lib.actor')}</th>
            <th scope="col">{t('lib.days')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.id}>
              <th scope="row">{s.title}</th>
              <td>{label('processPhase', s.phase)}</td>
              <td>{label('processActor', s.actor)}</td>
              <td>{s.duration_days ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/* A review action (action.jsx): a success is announced, then onDone. */
function Action({ label: text, run, onDone }) {
  const done = async () => {
    await run();
    announce(t('form.saved'));
    if (onDone) onDone();
  };
  return <ActionButton run={done}>{text}</ActionButton>;
}

function Adopt({ processKey, version, regions, onDone }) {
  const [region, setRegion] = useState(regions[0]);
  const [mode, setMode] = useState('as_is');
  const [newKey, setNewKey] = useState('');
  const [result, setResult] = useState(null);
  const [idem] = useState(newIdempotencyKey);
  return (
    <section aria-labelledby="lib-adopt">
      <h2 id="lib-adopt">{t('lib.adopt')}</h2>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const body = { process: processKey, version, mode };
          if (mode === 'adapt' && newKey) body.key = newKey;
          try {
            const { data } = await api.post(regionPath(region, 'library', 'adoptions'), body, { idempotencyKey: idem });
            setResult({ ok: data });
            announce(data.key ? t('lib.adaptedInto', { key: data.key }) : t('lib.adopted'));
            // an adapted copy is the region's draft: it opens in the editor
            if (data.key) navigate(regionOwner(region).editPath(data.key, 1));
            else if (onDone) onDone();
          } catch (err) {
            setResult({ error: problemText(err) });
          }
        }}
      >
        {regions.length > 1 && (
          <div class="field">
            <label for="adopt-region">{t('dash.region')}</label>
            <select id="adopt-region" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
              {regions.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </div>
        )}
        <fieldset>
          <legend>{t('lib.mode')}</legend>
          {['as_is', 'adapt'].map((m) => (
            <div key={m} class="choice">
              <input
                type="radio"
                id={`adopt-${m}`}
                name="adopt-mode"
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
              />
              <label for={`adopt-${m}`}>{t(`lib.mode_${m}`)}</label>
            </div>
          ))}
        </fieldset>
        {mode === 'adapt' && (
          <div class="field">
            <label for="adopt-key">{t('lib.newKey')}</label>
            <input id="adopt-key" type="text" value={newKey} onInput={(e) => setNewKey(e.currentTarget.value)} />
          </div>
        )}
        <div class="buttons">
          <button type="submit">{t('lib.adoptButton')}</button>
        </div>
        {result && result.ok && (
          <Status kind="success">
            {result.ok.key ? t('lib.adaptedInto', { key: result.ok.key }) : t('lib.adopted')}
          </Status>
        )}
        {result && result.error && <Status kind="error">{result.error}</Status>}
      </form>
    </section>
  );
}

function FeedbackList({ processKey, version, regions }) {
  const base = `/api/v1/library/processes/${encodeURIComponent(processKey)}/versions/${version}/feedback`;
  const [state, reload] = useLoad(base);
  const [rating, setRating] = useState('5');
  const [comment, setComment] = useState('');
  const [msg, setMsg] = useState(null);
  const region = regions[0];
  return (
    <section aria-labelledby="lib-feedback">
      <h2 id="lib-feedback">{t('lib.feedback')}</h2>
      {state.data && state.data.items.length === 0 && <p>{t('lib.noFeedback')}</p>}
      {state.data && state.data.items.length > 0 && (
        <ul>
          {state.data.items.map((f) => (
            <li key={f.region}>
              <strong>{f.region_name}</strong>: {t('lib.rating', { n: f.rating })}
              {f.comment && <> – {f.comment}</>}
            </li>
          ))}
        </ul>
      )}
      {region && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            const path = regionPath(region, 'library', 'feedback', processKey, 'versions', String(version));
            try {
              let etag = null;
              try {
                const cur = await api.get(path);
                etag = cur.etag;
              } catch {
                /* none given yet */
              }
              await api.put(path, { rating: Number(rating), comment }, etag ? { ifMatch: etag } : {});
              setMsg({ kind: 'success', text: t('form.saved') });
              reload();
            } catch (err) {
              setMsg({ kind: 'error', text: problemText(err) });
            }
          }}
        >
          <div class="field">
            <label for="fb-rating">{t('lib.ratingLabel')}</label>
            <select id="fb-rating" value={rating} onChange={(e) => setRating(e.currentTarget.value)}>
              {[5, 4, 3, 2, 1].map((n) => (
                <option key={n} value={String(n)}>
                  {n}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="fb-comment">{t('lib.comment')}</label>
            <textarea id="fb-comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
          <div class="buttons">
            <button type="submit">{t('lib.giveFeedback')}</button>
          </div>
          {msg && <Status kind={msg.kind}>{msg.text}</Status>}
        </form>
      )}
    </section>
  );
}

function Review({ processKey, record, can, onDone }) {
  const base = `/api/v1/library/processes/${encodeURIComponent(processKey)}/versions/${record.version}`;
  const [state, reload] = useLoad(`${base}/comments`);
  const [comment, setComment] = useState('');
  const done = () => {
    reload();
    onDone();
  };
  const published = record.status === 'approved' && record.published_at;
  return (
    <section aria-labelledby="lib-review">
      <h2 id="lib-review">{t('lib.review')}</h2>
      {state.data && state.data.items.length > 0 && (
        <ol>
          {state.data.items.map((c) => (
            <li key={c.id}>
              {formatDateTime(c.created_at)} – {c.author}: {t(`lib.kind_${c.kind}`)}
              {c.comment && <> – {c.comment}</>}
            </li>
          ))}
        </ol>
      )}
      <div class="field">
        <label for="review-comment">{t('lib.comment')}</label>
        <textarea id="review-comment" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
      </div>
      <div class="buttons">
        <Action label={t('lib.addComment')} run={() => api.post(`${base}/comments`, { comment })} onDone={done} />
        {can.faiStaff && record.status === 'in_progress' && (
          <>
            <Action label={t('lib.return')} run={() => api.post(`${base}/return`, { comment })} onDone={done} />
            <Action label={t('lib.approve')} run={() => api.post(`${base}/approve`, {})} onDone={done} />
          </>
        )}
        {can.faiLead && record.status === 'approved' && !published && (
          <Action label={t('lib.publish')} run={() => api.post(`${base}/publish`, {})} onDone={done} />
        )}
        {can.faiLead && published && (
          <Action label={t('lib.deactivate')} run={() => api.post(`${base}/deactivate`, {})} onDone={done} />
        )}
      </div>
    </section>
  );
}

export function ProcessPage({ processKey, version, can }) {
  const enc = encodeURIComponent(processKey);
  const [proc, reloadProc] = useLoad(`/api/v1/library/processes/${enc}`);
  const [rec, reloadRec] = useLoad(`/api/v1/library/processes/${enc}/versions/${version}`);
  const r = rec.data;
  usePageTitle(r ? r.name : t('lib.title'));
  if ((rec.error && rec.error.status === 404) || (proc.error && proc.error.status === 404)) return <NotFound />;
  if (rec.error) return <Status kind="error">{problemText(rec.error)}</Status>;
  if (!r) return <Loading />;
  const published = r.status === 'approved' && !!r.published_at;
  const coordRegions = can.regions.filter((x) => can.coordinatorOf(x));
  const reload = () => {
    reloadProc();
    reloadRec();
  };
  return (
    <div class="process">
      <p class="breadcrumb">
        <a href="/library">{t('lib.title')}</a>
      </p>
      <h1>{r.name}</h1>
      <p class="muted">
        {t('lib.versionLine', {
          version: r.version,
          status: published ? t('lib.status_published') : t(`lib.status_${r.status}`),
          owner: ownerName(r.owner),
        })}
        {r.published_at && <> · {t('lib.publishedAt', { when: formatDate(r.published_at) })}</>}
      </p>
      {r.description && <p>{r.description}</p>}
      <dl class="facts">
        <dt>{t('lib.target_group')}</dt>
        <dd>{(r.target_groups || []).map((g) => label('processTargetGroup', g)).join(', ') || '–'}</dd>
        <dt>{t('lib.tags')}</dt>
        <dd>{(r.tags || []).join(', ') || '–'}</dd>
        <dt>{t('lib.legal')}</dt>
        <dd>{(r.legal_basis || []).join('; ') || '–'}</dd>
        {r.adapted_from && (
          <>
            <dt>{t('lib.adaptedFrom')}</dt>
            <dd>
              <a href={`/library/${encodeURIComponent(r.adapted_from.key)}/versions/${r.adapted_from.version}`}>
                {r.adapted_from.key} v{r.adapted_from.version}
              </a>
            </dd>
          </>
        )}
      </dl>
      {published ? (
        <>
          <section aria-labelledby="lib-diagram">
            <h2 id="lib-diagram">{t('lib.diagram')}</h2>
            <BpmnDiagram processKey={processKey} version={r.version} name={r.name} />
          </section>
          <p>
            <a href={`/api/v1/library/processes/${enc}/versions/${r.version}/package`} download>
              {t('lib.download', { key: processKey, version: r.version })}
            </a>{' '}
            <span class="muted">{t('lib.downloadHint')}</span>
          </p>
        </>
      ) : (
        <p>{t('lib.notPublished')}</p>
      )}
      <Steps steps={r.steps || []} />
      {proc.data && (
        <section aria-labelledby="lib-versions">
          <h2 id="lib-versions">{t('lib.versions')}</h2>
          <ol>
            {proc.data.versions.map((v) => (
              <li key={v.version}>
                <a
                  href={`/library/${enc}/versions/${v.version}`}
                  aria-current={v.version === r.version ? 'page' : undefined}
                >
                  {t('lib.versionItem', { version: v.version, name: v.name })}
                </a>{' '}
                <span class="muted">
                  {v.published_at ? t('lib.publishedAt', { when: formatDate(v.published_at) }) : t(`lib.status_${v.status}`)}
                </span>
              </li>
            ))}
          </ol>
          <p>{t('lib.adoptions', { n: proc.data.adoptions || 0 })}</p>
        </section>
      )}
      <OwnerActions processKey={processKey} record={r} versions={proc.data && proc.data.versions} can={can} />
      {published && coordRegions.length > 0 && r.owner && !coordRegions.includes(r.owner.region) && (
        <Adopt processKey={processKey} version={r.version} regions={coordRegions} onDone={reload} />
      )}
      {published && <FeedbackList processKey={processKey} version={r.version} regions={coordRegions} />}
      {(can.faiStaff || can.faiLead) && <Review processKey={processKey} record={r} can={can} onDone={reload} />}
    </div>
  );
}

export function ReviewQueue() {
  usePageTitle(t('lib.reviews'));
  const [state] = useLoad('/api/v1/library/reviews?limit=100');
  return (
    <div>
      <p class="breadcrumb">
        <a href="/library">{t('lib.title')}</a>
      </p>
      <h1>{t('lib.reviews')}</h1>
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{problemText(state.error)}</Status>}
      {state.data && state.data.items.length === 0 && <p>{t('lib.queueEmpty')}</p>}
      {state.data && state.data.items.length > 0 && (
        <ul>
          {state.data.items.map((p) => (
            <li key={`${p.key}-${p.version}`}>
              <a href={`/library/${encodeURIComponent(p.key)}/versions/${p.version}`}>
                {t('lib.versionItem', { version: p.version, name: p.name })}
              </a>{' '}
              <span class="muted">
                {t(`lib.status_${p.status}`)} · {ownerName(p.owner)}
                {p.submitted_at && <> · {formatDateTime(p.submitted_at)}</>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
