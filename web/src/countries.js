// countries.js - the codes the API takes for target countries. The one list is
// the API's (src/core/classification.c: the 249 codes ISO 3166-1 assigns, then
// XK for Kosovo), answered by GET /api/v1/code-lists and loaded once per page
// load; the browser caches it by its ETag. Their names come from the browser
// (Intl.DisplayNames), in the page's language.
import { useEffect } from 'preact/hooks';
import { api } from './api.js';
import { createStore, useStore } from './store.js';

const codeLists = createStore(null);
let loading = false;

function load() {
  if (loading) return;
  loading = true;
  api
    .get('/api/v1/code-lists', { auth: false })
    .then(({ data }) => codeLists.set(data))
    .catch(() => {
      loading = false; // the next form that needs it asks again
    });
}

/* The country codes, in the API's order; empty until the list has come (and
 * while needed is false: nothing is fetched then). */
export function useCountryCodes(needed = true) {
  const lists = useStore(codeLists);
  useEffect(() => {
    if (needed) load();
  }, [needed]);
  return lists ? lists.countries : [];
}
