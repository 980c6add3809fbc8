// process_owner.js - who drafts a model process: a region (its coordinators,
// /api/v1/regions/{region}/library/...) or the FAI (its staff,
// /api/v1/library/...; docs/library.md). The editor (pages/process_edit.jsx)
// and the owner's list (pages/process_own.jsx) take one of these and differ in
// nothing else.
import { regionPath } from './api.js';
import { t } from './i18n.js';
import { useRegionName } from './regions.js';

const enc = encodeURIComponent;

function owner(id, region, home, apiBase, list) {
  return {
    id, // names the owner in the drafts kept in sessionStorage
    region, // the region's slug, null for the FAI
    home, // the web page of the owner's processes
    list, // the API list of the owner's processes, every version
    api: (...parts) => [apiBase, ...parts.map((p) => enc(String(p)))].join('/'),
    newPath: `${home}/new`,
    editPath: (key, n) => `${home}/${enc(key)}/versions/${n}/edit`,
  };
}

export function regionOwner(region) {
  const home = `/regions/${enc(region)}/library`;
  const base = regionPath(region, 'library', 'processes');
  return owner(region, region, home, base, base);
}

export const FAI_OWNER = owner('fai', null, '/fai/library', '/api/v1/library/processes', '/api/v1/library/fai-processes');

/* The owner of a record's owner member ({kind: "fai"} or {kind: "region", region}). */
export function ownerOf(recordOwner) {
  if (!recordOwner) return null;
  if (recordOwner.kind === 'fai') return FAI_OWNER;
  return recordOwner.region ? regionOwner(recordOwner.region) : null;
}

/* Whether a record's owner member names this owner. */
export function owns(o, recordOwner) {
  const other = ownerOf(recordOwner);
  return !!other && other.id === o.id;
}

/* May the caller (session.js abilities) draft and change this owner's processes? */
export function mayWrite(o, can) {
  return o.region ? can.coordinatorOf(o.region) : can.faiStaff;
}

/* The owner's name: the region's, or the FAI's. */
export function useOwnerName(o) {
  const name = useRegionName(o.region || '');
  return o.region ? name : t('proc.fai');
}
