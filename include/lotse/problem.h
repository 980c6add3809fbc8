/*
 * problem.h - every error answer, in one place (RFC 9457 problem+json).
 *
 * A handler never assembles an error body itself: it names the typed error
 * and, where useful, a detail sentence and the fields at fault. The table in
 * problem.c maps each error to its HTTP status, type URI and title. Bodies
 * carry the request id and never SQL text, stack traces or version banners.
 */
#ifndef LOTSE_PROBLEM_H
#define LOTSE_PROBLEM_H

#include "lotse/http.h"

typedef enum lt_error {
    LT_E_BAD_REQUEST,        /* 400 generic */
    LT_E_MALFORMED_URI,      /* 400 bad percent-encoding or path */
    LT_E_INVALID_UTF8,       /* 400 */
    LT_E_BAD_QUERY,          /* 400 malformed, unknown or duplicate query parameter */
    LT_E_INVALID_JSON,       /* 400 body is not JSON (or has duplicate keys) */
    LT_E_JSON_TOO_DEEP,      /* 400 */
    LT_E_VALIDATION,         /* 400 field errors in errors[] */
    LT_E_UNAUTHENTICATED,    /* 401 no valid session (none, expired, ended, user disabled) */
    LT_E_LOGIN_FAILED,       /* 401 wrong email or password: one answer for both */
    LT_E_FORBIDDEN,          /* 403 a signed-in caller without the right (e.g. CSRF token) */
    LT_E_NOT_FOUND,          /* 404 */
    LT_E_METHOD_NOT_ALLOWED, /* 405, with Allow */
    LT_E_BODY_TOO_LARGE,     /* 413 */
    LT_E_CONFLICT,           /* 409 e.g. an email address already taken */
    LT_E_UNSUPPORTED_MEDIA,  /* 415 */
    LT_E_TOO_MANY_REQUESTS,  /* 429; the caller sets Retry-After */
    LT_E_INTERNAL,           /* 500 (a bug; logged, never detailed to the client) */
    LT_E_DB_UNAVAILABLE,     /* 503 with Retry-After */
    LT_E_BUSY, /* 503 capacity exhausted (password hashing); caller sets Retry-After */
    LT_E_PRECONDITION_REQUIRED, /* 428 a change without If-Match (version.h) */
    LT_E_PRECONDITION_FAILED,   /* 412 If-Match names an old version; current_version member */
    LT_E_IDEMPOTENCY_MISMATCH,  /* 422 an Idempotency-Key reused for another request */
    LT_E_BAD_PACKAGE,           /* 422 a best-practice package refused (package.h); reason member */
    /* 500 data the server stored breaks a rule it keeps (a published process version the
     * package check refuses): unlike LT_E_INTERNAL it keeps detail, errors and extra
     * members, since they describe the stored data the caller may read, not the code. */
    LT_E_STORED_RECORD_INVALID,
    LT_E__COUNT
} lt_error;

/* Status code of an error. */
int lt_error_status(lt_error e);
/* Short slug used in the type URI, e.g. "not-found". */
const char *lt_error_slug(lt_error e);

/*
 * Fills resp with the problem (status, type, title, detail, instance = request
 * path, request_id) and returns its status. detail may be NULL. `errors` (may be
 * NULL) is an array of {"field","message"} objects, stolen (decref'd).
 *
 * The body replaces any earlier one; headers already set (Allow) are kept. The
 * instance is req->path, or the raw path of req->raw_uri before parsing, cut to
 * its first 200 bytes of valid UTF-8. LT_E_INTERNAL drops detail and errors.
 * LT_E_DB_UNAVAILABLE adds Retry-After (cfg->retry_after, else 5 seconds).
 */
int lt_problem(lt_resp *resp, const lt_req *req, lt_error e, const char *detail, json_t *errors);

/*
 * lt_problem with extension members (RFC 9457 section 3.2), e.g. the
 * "current_version" of a 412. `extra` (may be NULL) is an object whose members
 * are copied into the body, then stolen (decref'd). A member named like a
 * standard one (type, title, status, detail, instance, request_id, errors) is
 * ignored: the table stays the only source of those. LT_E_INTERNAL drops extra
 * along with detail and errors.
 */
int lt_problem_ext(lt_resp *resp, const lt_req *req, lt_error e, const char *detail, json_t *errors,
                   json_t *extra);

#endif
