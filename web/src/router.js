// router.js - the URL is the state of the page: history navigation, links
// without reloads, and the page's heading focused after each navigation so a
// screen reader announces where the user arrived.
import { createStore } from './store.js';

export const location = createStore(current());
let navigated = false; // the first page of a visit keeps the browser's focus

function current() {
  return { path: window.location.pathname, search: window.location.search };
}

export function navigate(to, { replace = false } = {}) {
  const url = new URL(to, window.location.origin);
  const next = url.pathname + url.search;
  if (next === window.location.pathname + window.location.search && !replace) {
    focusHeading();
    return;
  }
  if (replace) history.replaceState(null, '', next);
  else history.pushState(null, '', next);
  navigated = true;
  location.set(current());
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  navigated = true;
  location.set(current());
});

// Same-origin links to pages of the interface navigate without reloading. API
// links (CSV downloads) and links with download/target/modifier keys do not.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

/* Matches "/regions/:region/measures/:id" against a path; null or the params. */
export function match(pattern, path) {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        params[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function searchParams() {
  return new URLSearchParams(location.get().search);
}

/* After a navigation: the new page's h1 takes the focus (WCAG 2.4.3). */
export function focusHeading() {
  if (!navigated) return;
  requestAnimationFrame(() => {
    const h = document.querySelector('main h1');
    if (h) {
      h.setAttribute('tabindex', '-1');
      h.focus();
    }
  });
}
