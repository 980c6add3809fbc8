// api.js - every call to the Lotse API goes through request().
//
// It sends the session's CSRF token on every change, If-Match and
// Idempotency-Key when asked, and turns answers into {status, data, etag} or
// an ApiError carrying the problem+json body. A 401 on a signed-in page does
// not throw at once: it asks the session (session.js) to sign in again and then
// sends the same request once more, so a form whose session expired keeps what
// was typed and is saved after the new sign-in. A create that is still running
// on the server (409 with Retry-After, the same Idempotency-Key) is asked again.

let csrfToken = null;
let reauthenticate = null; // () => Promise<void>, set by session.js

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function setReauthenticate(fn) {
  reauthenticate = fn;
}

export class ApiError extends Error {
  constructor(status, problem, headers) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.headers = headers;
    this.etag = headers ? headers.get('ETag') : null;
    const retry = headers ? Number(headers.get('Retry-After')) : NaN;
    this.retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  }

  /* The field errors of a 400: [{field, message}]. */
  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/* Thrown when the server cannot be reached at all. */
export class NetworkError extends Error {}

/* A fresh key for one create: kept by the form until the create succeeded. */
export function newIdempotencyKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * request(method, path, options):
 *   body          a value sent as JSON, or a Blob/File sent as it is
 *   contentType   for a Blob body (text/csv)
 *   ifMatch       the version the change is based on (a number)
 *   idempotencyKey
 *   auth          false: a 401 throws instead of asking to sign in again
 */
export async function request(method, path, options = {}) {
  const { body, contentType, ifMatch, idempotencyKey, auth = true } = options;
  let reauthed = false;
  let inFlightRetries = 0;
  for (;;) {
    const headers = { Accept: 'application/json' };
    let payload;
    if (body instanceof Blob) {
      payload = body;
      headers['Content-Type'] = contentType || body.type || 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
    if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

    let res;
    try {
      res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    } catch (e) {
      throw new NetworkError(e.message);
    }
    const data = await readBody(res);
    if (res.ok) return { status: res.status, data, etag: versionOf(res.headers.get('ETag')) };

    if (res.status === 401 && auth && reauthenticate && !reauthed) {
      reauthed = true;
      await reauthenticate(); // rejects when the user gives up
      continue;
    }
    if (
      res.status === 409 &&
      idempotencyKey &&
      res.headers.get('Retry-After') &&
      inFlightRetries < 10
    ) {
      // The same create is still running (a double click): its answer comes next.
      inFlightRetries++;
      await sleep(300 * inFlightRetries);
      continue;
    }
    throw new ApiError(res.status, data, res.headers);
  }
}

async function readBody(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      return await res.json();
    } catch {
      return null;
    }
  }
  return await res.text();
}

/* "3" -> 3; the strong ETag the API sends is the record's version. */
export function versionOf(etag) {
  if (!etag) return null;
  const m = /^"(\d+)"$/.exec(etag);
  return m ? Number(m[1]) : null;
}

export const api = {
  get: (path, o) => request('GET', path, o),
  post: (path, body, o) => request('POST', path, { ...o, body }),
  put: (path, body, o) => request('PUT', path, { ...o, body }),
  patch: (path, body, o) => request('PATCH', path, { ...o, body }),
  del: (path, o) => request('DELETE', path, o),
};

/* The API path of a region's resource, each segment encoded. */
export function regionPath(region, ...parts) {
  return (
    '/api/v1/regions/' +
    [region, ...parts.filter((p) => p !== undefined && p !== null && p !== '')]
      .map((p) => encodeURIComponent(p))
      .join('/')
  );
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
