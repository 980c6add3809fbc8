// regions.js - the regions' names by slug (public reference data), loaded once.
import { useEffect } from 'preact/hooks';
import { api } from './api.js';
import { createStore, useStore } from './store.js';

/* Region names by slug (public reference data), loaded once. */
const regionNames = createStore({});
let namesLoading = false;
export function useRegionName(slug) {
  const names = useStore(regionNames);
  useEffect(() => {
    if (namesLoading) return;
    namesLoading = true;
    api
      .get('/api/v1/regions?limit=100', { auth: false })
      .then(({ data }) => regionNames.set(Object.fromEntries(data.items.map((r) => [r.slug, r.name]))))
      .catch(() => {
        namesLoading = false;
      });
  }, []);
  return names[slug] || slug;
}

