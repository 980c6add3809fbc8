// main.jsx - starts the interface: reads the session, then draws the app.
import { render } from 'preact';
import { App } from './app.jsx';
import { loadSession, session } from './session.js';
import './style.css';

render(<App />, document.getElementById('app'));
loadSession().catch((e) => {
  console.error(e);
  session.set({ state: 'anonymous', caller: null });
});
