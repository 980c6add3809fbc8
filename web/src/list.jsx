// list.jsx - a region's list of records: filters kept in the URL (a view can
// be shared), pages loaded on demand, and the CSV export of the same filters.
import { useEffect, useState } from 'preact/hooks';
import { api, query, regionPath } from './api.js';
import { codes, countryName, currentLang, label, t } from './i18n.js';
import { useCountryCodes } from './countries.js';
import { announce } from './live.js';
import { navigate, searchParams } from './router.js';
import { problemText } from './form.jsx';
import { Loading, RecordTable, Status } from './ui.jsx';

function filterOptions(f, countryCodes) {
  if (f.codes === 'country') {
    return countryCodes.map((c) => ({ value: c, label: `${countryName(c)} (${c})` })).sort((a, b) =>
      a.label.localeCompare(b.label, currentLang()),
    );
  }
  return codes(f.codes).map((c) => ({ value: c, label: label(f.codes, c) }));
}

function Filters({ resource, current, onApply }) {
  const [values, setValues] = useState(current);
  useEffect(() => setValues(current), [JSON.stringify(current)]);
  const countryCodes = useCountryCodes(resource.filters.some((f) => f.codes === 'country'));
  const id = `filters-${resource.key}`;
  return (
    <form
      class="filters"
      role="search"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        onApply(values);
      }}
    >
      <h2 id={`${id}-title`} class="h3">
        {t('list.filters')}
      </h2>
      <div class="filter-fields">
        {resource.filters.map((f) => {
          const fid = `${id}-${f.name}`;
          const text = f.label ? t(f.label) : t(`field.${f.name}`);
          const set = (e) => setValues({ ...values, [f.name]: e.currentTarget.value });
          return (
            <div class="field" key={f.name}>
              <label for={fid}>{text}</label>
              {f.type === 'select' ? (
                <select id={fid} value={values[f.name] || ''} onChange={set}>
                  <option value="">{t('list.any')}</option>
                  {filterOptions(f, countryCodes).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={fid} type={f.type === 'date' ? 'date' : 'text'} value={values[f.name] || ''} onInput={set} />
              )}
            </div>
          );
        })}
      </div>
      <div class="buttons">
        <button type="submit">{t('list.apply')}</button>
        <button type="button" onClick={() => onApply({})}>
          {t('list.reset')}
        </button>
      </div>
    </form>
  );
}

/*
 * The list page's body. basePath is the page's own path (filters go into its
 * query), apiPath the API list. onNotFound is called when the API answers 404.
 */
export function ResourceList({ region, resource, basePath, canWrite, newLabel, onNotFound, extraActions }) {
  const params = searchParams();
  const filters = {};
  for (const f of resource.filters) {
    const v = params.get(f.name);
    if (v) filters[f.name] = v;
  }
  const filterKey = JSON.stringify(filters);
  const [items, setItems] = useState(null);
  const [next, setNext] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const apiPath = regionPath(region, resource.key);

  async function load(after) {
    setBusy(true);
    try {
      const { data } = await api.get(apiPath + query({ ...filters, limit: 50, after }));
      const all = after ? [...(items || []), ...data.items] : data.items;
      setItems(all);
      setNext(data.next);
      setError(null);
      announce(t('list.loaded', { n: all.length }));
    } catch (e) {
      if (e.status === 404 && onNotFound) onNotFound();
      else setError(problemText(e));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    setItems(null);
    load(undefined);
  }, [region, resource.key, filterKey]);

  const csvHref = (format) => apiPath + query({ ...filters, format });

  return (
    <div class="resource-list">
      <div class="toolbar">
        {canWrite && (
          <a class="button primary" href={`${basePath}/new`}>
            {newLabel || t('list.new')}
          </a>
        )}
        {resource.csv && (
          <>
            <a class="button" href={csvHref('csv')} download>
              {t('list.export')}
            </a>
            <a class="button" href={csvHref('csv-excel')} download>
              {t('list.exportExcel')}
            </a>
          </>
        )}
        {extraActions}
      </div>
      {resource.filters.length > 0 && (
        <Filters
          resource={resource}
          current={filters}
          onApply={(v) => navigate(basePath + query(v))}
        />
      )}
      {error && <Status kind="error">{error}</Status>}
      {items === null && !error && <Loading />}
      {items !== null &&
        (items.length === 0 ? (
          <p>{t('list.empty')}</p>
        ) : (
          <RecordTable
            caption={t('list.count', { n: items.length })}
            columns={resource.columns}
            items={items}
            link={(item) => `${basePath}/${encodeURIComponent(item.id)}`}
          />
        ))}
      {next && (
        <button type="button" onClick={() => load(next)} aria-disabled={busy ? 'true' : undefined}>
          {t('list.more')}
        </button>
      )}
    </div>
  );
}
