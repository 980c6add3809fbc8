// session.js - who is signed in, signing in and out, and signing in again when
// the session ended while a page was open.
import { api, ApiError, setCsrfToken, setReauthenticate } from './api.js';
import { createStore } from './store.js';

/* {state: 'loading' | 'anonymous' | 'signed-in', caller} */
export const session = createStore({ state: 'loading', caller: null });
/* The sign-in dialog over an open page: null, or {resolve, reject}. */
export const reauth = createStore(null);

function signedIn(caller) {
  setCsrfToken(caller.csrf_token);
  session.set({ state: 'signed-in', caller });
}

export async function loadSession() {
  try {
    const { data } = await api.get('/api/v1/me', { auth: false });
    signedIn(data);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      session.set({ state: 'anonymous', caller: null });
    } else {
      throw e;
    }
  }
}

/* Throws ApiError (401 wrong password, 429 throttled with retryAfter). */
export async function signIn(email, password) {
  const { data } = await api.post('/api/v1/session', { email, password }, { auth: false });
  signedIn(data);
  return data;
}

export async function signOut() {
  try {
    await api.del('/api/v1/session', { auth: false });
  } catch {
    /* a session that is gone already is signed out too */
  }
  setCsrfToken(null);
  try {
    sessionStorage.clear(); // drafts of forms belong to the session
  } catch {
    /* nothing kept */
  }
  session.set({ state: 'anonymous', caller: null });
}

// A 401 on an open page: show the sign-in dialog and wait for it. Several
// requests that fail at once share one dialog.
let pending = null;
setReauthenticate(() => {
  if (!pending) {
    pending = new Promise((resolve, reject) => {
      reauth.set({
        resolve: () => {
          pending = null;
          reauth.set(null);
          resolve();
        },
        reject: () => {
          pending = null;
          reauth.set(null);
          reject(new ApiError(401, { title: 'Not Signed In', detail: 'signed out' }, null));
        },
      });
    });
  }
  return pending;
});

/* What the caller may do, for the navigation. */
export function abilities(caller) {
  const roles = new Set(caller ? caller.roles : []);
  const memberships = caller ? caller.memberships : [];
  return {
    admin: roles.has('admin'),
    faiLead: roles.has('fai_lead'),
    faiStaff: roles.has('fai_staff'),
    regions: memberships.map((m) => m.region),
    coordinatorOf: (region) =>
      memberships.some((m) => m.region === region && m.role === 'coordinator'),
    // the dashboards: FAI staff and leadership (every region), members (their own)
    dashboards: roles.has('fai_lead') || roles.has('fai_staff') || memberships.length > 0,
    memberOf: (region) => memberships.some((m) => m.region === region),
    // agreement §5: FAI leadership never sees a company or an inquiry
    employerRecords: (region) => !roles.has('fai_lead') && memberships.some((m) => m.region === region),
  };
}
