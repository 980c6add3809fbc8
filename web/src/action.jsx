// action.jsx - a button that sends one request (run) and says below it why it
// failed. A second click while it runs sends nothing (aria-disabled, not
// disabled: the button keeps the focus). With leaves, the request ends in
// another page on success: the button stays busy until that page is drawn.
import { useState } from 'preact/hooks';
import { problemText } from './form.jsx';
import { Status } from './ui.jsx';

export function ActionButton({ run, leaves = false, children }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
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
            await run();
            if (!leaves) setBusy(false);
          } catch (e) {
            setError(problemText(e));
            setBusy(false);
          }
        }}
      >
        {children}
      </button>
      {error && <Status kind="error">{error}</Status>}
    </span>
  );
}
