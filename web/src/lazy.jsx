// lazy.jsx - the two heavy views, loaded only where a page draws one.
//
// Chart.js (the dashboards) and bpmn-js (a published process's diagram) are
// most of the script's weight; every other page needs neither. The process
// editor (editor-<hash>.js) is for a region's coordinators only, so it waits
// for its page as well. build.mjs
// splits the bundle (esbuild, format esm), and these wrappers ask for the
// chunk with import() when they are first drawn: chart-<hash>.js and
// bpmn-<hash>.js come from /assets/ like the main script, so CSP
// `script-src 'self'` holds. The bpmn-js stylesheets stay in the app's one
// CSS file (main.jsx imports them), since a lazily loaded chunk's CSS would
// not be linked by anyone.
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n.js';
import { focusHeading } from './router.js';

function useModule(load) {
  const [mod, setMod] = useState(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    load()
      .then((m) => live && setMod(m))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  return [mod, failed];
}

const loadChart = () => import('./chart.jsx');
const loadBpmn = () => import('./bpmn.jsx');
const loadEditor = () => import('./pages/process_edit.jsx');

/* chart.jsx's BarChart once its chunk is there; the summary meanwhile. */
export function BarChart(props) {
  const [mod, failed] = useModule(loadChart);
  if (mod) return <mod.BarChart {...props} />;
  return (
    <div class="chart chart-pending">
      <p class="muted">{failed ? t('dash.chartFailed') : t('app.loading')}</p>
    </div>
  );
}

/* bpmn.jsx's BpmnDiagram once its chunk is there. */
export function BpmnDiagram(props) {
  const [mod, failed] = useModule(loadBpmn);
  if (mod) return <mod.BpmnDiagram {...props} />;
  return (
    <figure class="bpmn-figure" aria-label={t('lib.diagramLabel', { name: props.name })}>
      <div class="bpmn" data-state={failed ? 'failed' : 'loading'} />
      <figcaption class="muted">{failed ? t('lib.diagramFailed') : t('app.loading')}</figcaption>
    </figure>
  );
}

/* The process editor (pages/process_edit.jsx); its h1 takes the focus once drawn. */
export function ProcessEditPage(props) {
  const [mod, failed] = useModule(loadEditor);
  useEffect(() => {
    if (mod) focusHeading();
  }, [mod]);
  if (mod) return <mod.ProcessEditPage {...props} />;
  return <p class="loading" role="status">{failed ? t('form.network') : t('app.loading')}</p>;
}
