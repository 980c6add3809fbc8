// main.jsx - starts the interface: reads the session, then draws the app.
import { render } from 'preact';
import { App } from './app.jsx';
import { ready } from './i18n.js';
import { loadSession, session } from './session.js';
// bpmn-js's stylesheets: bpmn.jsx is a lazily loaded chunk, whose own CSS
// nobody would link, so they are part of the app's one stylesheet.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './style.css';

ready().then(() => render(<App />, document.getElementById('app')));
loadSession().catch((e) => {
  console.error(e);
  session.set({ state: 'anonymous', caller: null });
});
