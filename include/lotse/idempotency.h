/*
 * idempotency.h - no duplicate creates: the Idempotency-Key header.
 *
 * A client that does not know whether its POST arrived (a timeout, a dropped
 * connection) sends it again with the same `Idempotency-Key` and gets the
 * first answer back instead of a second row. The pipeline (src/http/app.c)
 * does this for every route flagged LT_ROUTE_IDEMPOTENT (router.h), after
 * authorization and body parsing and around the handler; a handler does
 * nothing for it. Answers are stored in lotse.idempotency_keys
 * (sql/0004_idempotency.sql), per user, for 24 hours.
 *
 * The key: 1 to 200 printable ASCII characters (0x20-0x7E), compared
 * byte for byte (a UUID the client makes per operation is the usual choice).
 * Only signed-in callers take part: with no caller there is nothing to key the
 * answer by, so an anonymous request's header is ignored. A request without
 * the header is handled as if there were no flag.
 *
 * What the same key means, for the same caller within 24 hours:
 *   same method, request target (raw_uri) and body (SHA-256 of the exact
 *     bytes)       -> the stored answer: status, Content-Type, Location, ETag
 *                     and body, plus `Idempotent-Replayed: true`; the handler
 *                     does not run
 *   anything else  -> 422 LT_E_IDEMPOTENCY_MISMATCH (a key is one operation)
 *   the first request with the key still running
 *                  -> 409 LT_E_CONFLICT with Retry-After: 1; nothing is created
 * Only successes (status < 400) are stored: after a refusal the client fixes
 * its request and may reuse the key. The record is written in the request's
 * transaction, so it commits together with what the handler created, or not
 * at all.
 *
 * Concurrency: lt_idem_begin takes a transaction-level advisory lock on the
 * (caller, key) pair with pg_try_advisory_xact_lock, without waiting: a
 * duplicate that arrives while the first is in flight gets 409 at once
 * instead of holding a request thread and a connection until the first ends.
 * The lookup runs as a statement after the lock, so it sees whatever the
 * previous holder committed. The INSERT in lt_idem_finish is
 * ON CONFLICT DO NOTHING and checked, a second guard: should two requests ever
 * get past the lock with one key, the second fails with 409 and rolls back
 * rather than creating twice.
 *
 * Both functions run inside the request's transaction, after lt_authorize
 * (the caller's identity is what row-level security keys the table by), from
 * the request's thread; memory comes from the request's arena.
 */
#ifndef LOTSE_IDEMPOTENCY_H
#define LOTSE_IDEMPOTENCY_H

#include "lotse/http.h"

enum { LT_IDEM_KEY_MAX = 200 };

/* What lt_idem_begin found out, for lt_idem_finish. Zero it before begin. */
typedef struct lt_idem {
    const char *key;      /* NULL: this request takes no part (no header, anonymous) */
    char body_sha256[65]; /* hex */
} lt_idem;

/*
 * Reads the Idempotency-Key of req and looks the key up. Returns
 *   0          the handler should run (idem->key says whether finish must store)
 *   otherwise  the answer is in resp and the handler must not run: a replay
 *              (the stored status, < 400), or a problem (400 malformed header,
 *              409 in progress, 422 reused, 5xx database).
 */
int lt_idem_begin(lt_req *req, lt_resp *resp, lt_idem *idem);

/*
 * After the handler returned status: when idem->key is set and status < 400,
 * stores resp under the key. Returns status, or the status of a problem that
 * replaced resp (409 the key was taken meanwhile, 5xx database): a request
 * whose answer could not be recorded must not commit what it created.
 */
int lt_idem_finish(lt_req *req, lt_resp *resp, lt_idem *idem, int status);

#endif
