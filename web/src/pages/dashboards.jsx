// pages/dashboards.jsx - every dashboard of the API as charts and, beside each
// chart, the same figures as a data table. The range and the regions are in
// the URL (a view can be shared); a suppressed count is marked "protected" in
// the table and left out of the chart, never drawn as zero.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api.js';
import { BarChart } from '../lazy.jsx';
import { problemText } from '../form.jsx';
import { countryName, currentLang, formatDate, label, t } from '../i18n.js';
import { announce } from '../live.js';
import { navigate, searchParams } from '../router.js';
import { Loading, Status } from '../ui.jsx';
import { usePageTitle } from './common.jsx';

export const DASHBOARDS = ['inquiries', 'activities', 'measures', 'obstacles', 'bulletins', 'agreements'];

const KINDS = [
  'activityTopic',
  'offerTopic',
  'measureStatus',
  'measureCategory',
  'sizeClass',
  'sector',
  'activityKind',
  'obstacleCategory',
  'amendmentStatus',
  'agreementStatus',
];

/* The printable report to the ministry, in the language the interface is shown in. */
function reportHref(range) {
  return `/api/v1/dashboards/policy-report${query({ ...range, format: 'html', lang: currentLang() })}`;
}

const isSuppressed = (v) => v !== null && typeof v === 'object' && v.suppressed === true;

/* Figures whose codes are of one kind, where a code means something else in another
 * kind (housing: "Wohnraum" as an obstacle, "Wohnen" as a topic). */
const FIGURE_KIND = { by_region: 'obstacleCategory', ranking: 'obstacleCategory' };

/* A figure's key in words: a month, a country, a code, or the key itself. */
function keyLabel(key, fig) {
  if (/^\d{4}-\d{2}$/.test(key)) {
    const [y, m] = key.split('-');
    return new Date(Number(y), Number(m) - 1, 1).toLocaleDateString(currentLang() === 'de' ? 'de-DE' : 'en-GB', {
      month: 'short',
      year: 'numeric',
    });
  }
  if (/^[A-Z]{2}$/.test(key) && fig !== 'by_sector') return countryName(key);
  if (key.includes('/')) return key.split('/').map((k) => keyLabel(k, fig)).join(' / ');
  if (key.includes(':')) return key.split(':').map((k) => keyLabel(k, fig)).join(': ');
  const word = t(`dash.key.${key}`);
  if (word !== `dash.key.${key}`) return word;
  if (FIGURE_KIND[fig] && label(FIGURE_KIND[fig], key) !== key) return label(FIGURE_KIND[fig], key);
  for (const kind of KINDS) {
    const l = label(kind, key);
    if (l !== key) return l;
  }
  return key;
}

function number(v, key) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  const lang = currentLang() === 'de' ? 'de-DE' : 'en-GB';
  if (/_(rate|share)$/.test(key || '')) return (v * 100).toLocaleString(lang, { maximumFractionDigits: 1 }) + ' %';
  return v.toLocaleString(lang, { maximumFractionDigits: 1 });
}

/* A cell of the table: a suppressed count says so (and why, in the note below the table). */
function Value({ v, name }) {
  if (isSuppressed(v)) {
    return (
      <span class="suppressed" data-suppressed="true">
        {t('dash.suppressed')}
        <sup aria-hidden="true">*</sup>
      </span>
    );
  }
  if (/_on$|_at$|^term_(start|end)$/.test(name || '') && typeof v === 'string') return formatDate(v);
  if (name === 'status' && typeof v === 'string') return label('agreementStatus', v);
  return number(v, name);
}

const HIDDEN = new Set(['region', 'name', 'label', 'values', 'total', 'title']);

/* The rows of a figure's table: each region (or labelled row), then the selection and the state. */
function tableRows(fig, name) {
  const rows = [];
  for (const r of fig.rows || []) {
    let head = r.name || r.label;
    if (r.title) head = r.title;
    else if (r.label && !r.name) head = keyLabel(r.label, name);
    rows.push({ head, row: r });
  }
  if (fig.selected) rows.push({ head: t('dash.selected'), row: fig.selected, sum: true });
  if (fig.state) rows.push({ head: t('dash.state'), row: fig.state, sum: true });
  return rows;
}

/* What the chart shows: the selection (or the state), else each row's total. */
function chartData(fig, name) {
  const base = fig.selected || fig.state;
  if (base && Array.isArray(base.values)) {
    return {
      labels: fig.keys.map((k, i) => keyLabel(k, name) + (isSuppressed(base.values[i]) ? ` (${t('dash.suppressed')})` : '')),
      values: base.values.map((v) => (typeof v === 'number' ? v : null)),
      series: fig.selected ? t('dash.selected') : t('dash.state'),
    };
  }
  const rows = fig.rows || [];
  return {
    labels: rows.map((r) => (r.title || r.name || keyLabel(r.label, name)) + (isSuppressed(r.total) ? ` (${t('dash.suppressed')})` : '')),
    values: rows.map((r) => (typeof r.total === 'number' ? r.total : null)),
    series: t('dash.total'),
  };
}

function Figure({ name, fig, definition }) {
  const id = `fig-${name}`;
  const title = t(`dash.figure.${name}`) === `dash.figure.${name}` ? name : t(`dash.figure.${name}`);
  const rows = tableRows(fig, name);
  const extras = [];
  for (const { row } of rows) {
    for (const k of Object.keys(row)) if (!HIDDEN.has(k) && !extras.includes(k)) extras.push(k);
  }
  const hasSuppressed = JSON.stringify(fig).includes('"suppressed":true');
  const chart = chartData(fig, name);
  const left = chart.values.filter((v, i) => v === null).length;
  return (
    <section class="figure" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {definition && (
        <p class="muted definition" lang="en">
          {definition}
        </p>
      )}
      <div class="figure-body">
        <div class="figure-chart">
          <BarChart
            labels={chart.labels}
            series={[{ label: chart.series, values: chart.values }]}
            summary={t('dash.chartSummary', { title, unit: fig.unit })}
          />
          {left > 0 && <p class="muted">{t('dash.chartGaps', { n: left })}</p>}
        </div>
        <div class="table-wrap figure-table" tabindex="0" role="region" aria-labelledby={`${id}-caption`}>
          <table class="data">
            <caption id={`${id}-caption`}>
              {t('dash.tableCaption', { title, unit: fig.unit })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{fig.rows && fig.rows[0] && fig.rows[0].region ? t('dash.region') : t('dash.row')}</th>
                {(fig.keys || []).map((k) => (
                  <th scope="col" key={k}>
                    {keyLabel(k, name)}
                  </th>
                ))}
                <th scope="col">{t('dash.total')}</th>
                {extras.map((k) => (
                  <th scope="col" key={k}>
                    {t(`dash.key.${k}`) === `dash.key.${k}` ? k : t(`dash.key.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ head, row, sum }, i) => (
                <tr key={i} class={sum ? 'sum' : undefined}>
                  <th scope="row">{head}</th>
                  {(fig.keys || []).map((k, j) => (
                    <td key={k} class="num">
                      <Value v={row.values ? row.values[j] : null} />
                    </td>
                  ))}
                  <td class="num">
                    <Value v={row.total} />
                  </td>
                  {extras.map((k) => (
                    <td key={k} class="num">
                      <Value v={row[k]} name={k} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {hasSuppressed && (
        <p class="note">
          <span aria-hidden="true">* </span>
          {t('dash.suppressedNote')}
        </p>
      )}
    </section>
  );
}

function RangeForm({ name, params, regions }) {
  const [from, setFrom] = useState(params.from || '');
  const [to, setTo] = useState(params.to || '');
  const [chosen, setChosen] = useState(params.regions ? params.regions.split(',') : []);
  return (
    <form
      class="filters"
      role="search"
      aria-labelledby="dash-filters"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(`/dashboards/${name}${query({ from, to, regions: chosen.join(',') })}`);
      }}
    >
      <h2 id="dash-filters" class="h3">
        {t('dash.filters')}
      </h2>
      <div class="filter-fields">
        <div class="field">
          <label for="dash-from">{t('dash.from')}</label>
          <input id="dash-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="dash-to">{t('dash.to')}</label>
          <input id="dash-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="dash-regions">{t('dash.regions')}</label>
          <select
            id="dash-regions"
            multiple
            size={Math.min(6, regions.length || 1)}
            onChange={(e) => setChosen([...e.currentTarget.selectedOptions].map((o) => o.value))}
          >
            {regions.map((r) => (
              <option key={r.slug} value={r.slug} selected={chosen.includes(r.slug)}>
                {r.name}
              </option>
            ))}
          </select>
          <p class="hint">{t('dash.regionsHint')}</p>
        </div>
      </div>
      <div class="buttons">
        <button type="submit">{t('list.apply')}</button>
        <button type="button" onClick={() => navigate(`/dashboards/${name}`)}>
          {t('list.reset')}
        </button>
      </div>
    </form>
  );
}

let allRegions = null;
function useAllRegions() {
  const [list, setList] = useState(allRegions || []);
  useEffect(() => {
    if (allRegions) return;
    api
      .get('/api/v1/regions?limit=100')
      .then(({ data }) => {
        allRegions = (data.items || data).map((r) => ({ slug: r.slug, name: r.name }));
        setList(allRegions);
      })
      .catch(() => {});
  }, []);
  return list;
}

export function DashboardPage({ name, can }) {
  const sp = searchParams();
  const params = { from: sp.get('from') || '', to: sp.get('to') || '', regions: sp.get('regions') || '' };
  const qs = query(params);
  const [state, setState] = useState({ loading: true });
  const regions = useAllRegions();
  const title = t(`dash.name.${name}`);
  usePageTitle(title);
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    api
      .get(`/api/v1/dashboards/${name}${qs}`)
      .then(({ data }) => {
        if (!live) return;
        setState({ data });
        announce(t('dash.loaded', { title }));
      })
      .catch((e) => live && setState({ error: problemText(e) }));
    return () => {
      live = false;
    };
  }, [name, qs]);
  const csv = `/api/v1/dashboards/${name}${query({ ...params, format: 'csv' })}`;
  const shown = state.data;
  const choices = can.faiLead || can.faiStaff ? regions : regions.filter((r) => can.regions.includes(r.slug));
  return (
    <div class="dashboard">
      <p class="breadcrumb">
        <a href="/dashboards">{t('dash.title')}</a>
      </p>
      <h1>{title}</h1>
      <RangeForm key={qs} name={name} params={params} regions={choices} />
      <p class="actions">
        <a href={csv} download>
          {t('dash.csv')}
        </a>
        {(can.faiLead || can.faiStaff) && (
          <>
            {' · '}
            <a href={reportHref({ from: params.from, to: params.to })}>
              {t('dash.report')}
            </a>
          </>
        )}
      </p>
      {state.loading && <Loading />}
      {state.error && <Status kind="error">{state.error}</Status>}
      {shown && (
        <>
          <p>
            {t('dash.range', { from: formatDate(shown.range.from), to: formatDate(shown.range.to) })}{' '}
            {shown.scope === 'own_regions' ? t('dash.scopeOwn') : t('dash.scopeAll')}
          </p>
          {Object.entries(shown.figures).map(([fname, fig]) => (
            <Figure key={fname} name={fname} fig={fig} definition={shown.definitions && shown.definitions[fname]} />
          ))}
        </>
      )}
    </div>
  );
}

export function DashboardIndex({ can }) {
  usePageTitle(t('dash.title'));
  return (
    <div>
      <h1>{t('dash.title')}</h1>
      <p>{t('dash.intro')}</p>
      <ul class="cards">
        {DASHBOARDS.map((d) => (
          <li key={d} class="card">
            <a href={`/dashboards/${d}`}>{t(`dash.name.${d}`)}</a>
          </li>
        ))}
      </ul>
      {(can.faiLead || can.faiStaff) && (
        <p>
          <a href={reportHref({})}>{t('dash.report')}</a> – {t('dash.reportHint')}
        </p>
      )}
    </div>
  );
}
