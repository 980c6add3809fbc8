// bpmn.jsx - the BPMN diagram of a published version, drawn by bpmn-js's
// NavigatedViewer from the process.bpmn inside the signed package the API
// serves (unzipped in the browser with fflate): the same file a region
// downloads. bpmn-js draws SVG text nodes, so a title with markup is text.
// Loaded on demand (lazy.jsx); its stylesheets are in the app's CSS (main.jsx).
import { useEffect, useRef, useState } from 'preact/hooks';
import { unzipSync, strFromU8 } from 'fflate';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { t } from './i18n.js';

/* The package's bytes (an ArrayBuffer) and process.bpmn from it. */
export async function fetchPackage(key, version) {
  const res = await fetch(
    `/api/v1/library/processes/${encodeURIComponent(key)}/versions/${encodeURIComponent(version)}/package`,
    { credentials: 'same-origin' },
  );
  if (!res.ok) throw new Error(`package: ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export function bpmnOf(bytes) {
  const files = unzipSync(bytes, { filter: (f) => f.name === 'process.bpmn' });
  if (!files['process.bpmn']) throw new Error('the package holds no process.bpmn');
  return strFromU8(files['process.bpmn']);
}

export function BpmnDiagram({ processKey, version, name }) {
  const ref = useRef(null);
  const [state, setState] = useState('loading');
  useEffect(() => {
    let viewer = null;
    let live = true;
    (async () => {
      try {
        const xml = bpmnOf(await fetchPackage(processKey, version));
        if (!live) return;
        viewer = new NavigatedViewer({ container: ref.current });
        await viewer.importXML(xml);
        viewer.get('canvas').zoom('fit-viewport');
        if (live) setState('shown');
      } catch (e) {
        if (live) setState('failed');
      }
    })();
    return () => {
      live = false;
      if (viewer) viewer.destroy();
    };
  }, [processKey, version]);
  return (
    <figure class="bpmn-figure" aria-label={t('lib.diagramLabel', { name })}>
      <div class="bpmn" ref={ref} data-state={state} />
      <figcaption class="muted">
        {state === 'loading' && t('app.loading')}
        {state === 'failed' && t('lib.diagramFailed')}
        {state === 'shown' && t('lib.diagramHint')}
      </figcaption>
    </figure>
  );
}
