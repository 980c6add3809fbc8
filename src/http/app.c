/*
 * app.c - the request pipeline, from a plain lt_req to a finished lt_resp.
 *
 * Order of the checks, each answering its own problem:
 *   request id -> URI (400) -> route (404/405) -> body size (413) -> query (400)
 *   -> content type (415) -> JSON body (400) -> handler in a transaction.
 * (In the transaction: authorization, then the body, then the Idempotency-Key
 * of a LT_ROUTE_IDEMPOTENT route, then the handler.)
 * A handler's success is only sent once COMMIT has succeeded; a failed commit
 * turns the answer into 503 (database gone) or 500.
 *
 * A LT_ROUTE_REPLICA route takes two transactions: authorization on the
 * primary, committed at once (the session lookup refreshes the session's idle
 * clock, which a hot standby cannot write), then the handler alone in a READ
 * ONLY transaction under the same identity - on the replica when one is
 * configured and answers, else on the primary. The handler reads through
 * req->app->db and never knows which one it got; the answer does
 * (X-Lotse-Read-From, and the replica's lag in X-Lotse-Replica-Lag-Ms).
 */
#include "lotse/app.h"
#include "lotse/api.h"
#include "lotse/authorize.h"
#include "lotse/idempotency.h"
#include "lotse/log.h"
#include "lotse/metrics.h"
#include "lotse/parse.h"
#include "lotse/password.h"
#include "lotse/problem.h"
#include "lotse/signing.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A replica that could not answer is asked again after this long; until then
 * its routes read the primary without waiting for it. */
#define REPLICA_RETRY_PAUSE_MS 5000

static lt_db *database(const lt_config *cfg, const char *conninfo)
{
    lt_db *db = lt_db_create(conninfo);
    char days[16];
    snprintf(days, sizeof days, "%d", cfg->notice_min_lead_days);
    lt_db_set_session_option(db, "lotse.notice_min_lead_days", days);
    return db;
}

lt_app *lt_app_create(const lt_config *cfg)
{
    lt_app *app = calloc(1, sizeof *app);
    if (!app)
        abort();
    app->cfg = cfg;
    app->primary = app->db = database(cfg, cfg->database);
    if (cfg->read_database && *cfg->read_database) {
        app->replica = database(cfg, cfg->read_database);
        lt_db_set_retry_pause(app->replica, REPLICA_RETRY_PAUSE_MS);
    }
    lt_password_limit_set(cfg->max_password_hashes); /* the same value from every thread */
    return app;
}

void lt_app_destroy(lt_app *app)
{
    if (!app)
        return;
    lt_db_destroy(app->primary);
    lt_db_destroy(app->replica);
    lt_signing_key_free(app->signing_key);
    free(app);
}

/* nginx's $request_id is 32 hex digits; accept that shape, make one otherwise,
 * so a client cannot put arbitrary text into our logs. */
static const char *request_id(lt_arena *a, const char *given)
{
    if (given) {
        size_t n = strlen(given);
        if (n >= 8 && n <= 64 && strspn(given, "0123456789abcdefABCDEF-") == n)
            return given;
    }
    unsigned char raw[16];
    char *id = lt_arena_alloc(a, 33);
    if (RAND_bytes(raw, sizeof raw) != 1)
        abort();
    for (int i = 0; i < 16; i++)
        snprintf(id + 2 * i, 3, "%02x", raw[i]);
    return id;
}

int lt_api_db_problem(lt_req *req, lt_resp *resp, lt_db_status st)
{
    if (st == LT_DB_UNAVAILABLE)
        return lt_problem(resp, req, LT_E_DB_UNAVAILABLE,
                          "The database is not reachable; try again shortly.", NULL);
    lt_log_event("error", "db_error", "request %s: statement failed with SQLSTATE %s",
                 req->request_id, lt_db_sqlstate(req->app->db));
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

/* Content type and JSON of a route that takes a body; 0 or a problem status. */
static int parse_body(lt_app *app, const lt_route *route, lt_req *req, lt_resp *resp)
{
    if (!(route->flags & LT_ROUTE_JSON_BODY))
        return 0;
    lt_error err;
    const char *detail = NULL;
    if (!lt_content_type_is_json(req->content_type))
        return lt_problem(resp, req, LT_E_UNSUPPORTED_MEDIA,
                          "The request body must be application/json.", NULL);
    if (lt_json_parse(req->arena, req->body ? req->body : "", req->body_len,
                      app->cfg->max_json_depth, &req->json, &err, &detail) != 0)
        return lt_problem(resp, req, err, detail, NULL);
    return 0;
}

/* Who may call, then the body, then the handler: a caller without a session
 * learns nothing from how their body would have been judged. */
/* The body, then the handler, for a caller already authorized. */
static int body_and_handler(lt_app *app, const lt_route *route, lt_req *req, lt_resp *resp)
{
    int status = parse_body(app, route, req, resp);
    /* Idempotency-Key (idempotency.h): a replayed answer or a refusal takes the
     * handler's place; a first success is recorded in the same transaction. */
    lt_idem idem = {0};
    if (status == 0 && (route->flags & LT_ROUTE_IDEMPOTENT))
        status = lt_idem_begin(req, resp, &idem);
    if (status)
        return status;
    status = route->handler(req, resp);
    return idem.key ? lt_idem_finish(req, resp, &idem, status) : status;
}

static int authorized_handler(lt_app *app, const lt_route *route, lt_req *req, lt_resp *resp)
{
    int status = lt_authorize(req, resp, route);
    return status ? status : body_and_handler(app, route, req, resp);
}

/*
 * A streamed answer (http.h): its status and first part went out while the
 * handler ran. The rest follows only once the transaction committed (an
 * export's audit entry is part of it); otherwise the answer is broken off.
 */
static int finish_stream(lt_db *db, lt_req *req, lt_resp *resp, int status)
{
    if (status >= 400 || resp->broken || lt_db_commit(db) != LT_DB_OK) {
        lt_db_rollback(db);
        resp->broken = true;
        return status;
    }
    lt_resp_flush(req, resp);
    return status;
}

/* Ends the transaction on db that the handler (or a refusal) answered status in. */
static int finish(lt_db *db, lt_req *req, lt_resp *resp, int status)
{
    if (resp->streamed)
        return finish_stream(db, req, resp, status);
    if (status >= 400 && !resp->keep_writes) {
        lt_db_rollback(db);
        return status;
    }
    lt_db_status st = lt_db_commit(db);
    if (st == LT_DB_OK)
        return status;
    if (status >= 400) { /* a refusal whose traces could not be kept is still a refusal */
        lt_db_rollback(db);
        return status;
    }
    lt_db_rollback(db);
    lt_resp_init(resp, req->arena); /* the handler's success must not leak out */
    return lt_api_db_problem(req, resp, st);
}

/* ---- routes that may read from the replica (LT_ROUTE_REPLICA) ---- */

/*
 * How far the replica may be behind, in whole milliseconds, as text: 0 on a
 * server that is not in recovery, and on a standby that streams and has
 * replayed all it received; otherwise the time since the last transaction it
 * replayed was committed (an upper bound: everything committed before then is
 * there). NULL when the replica cannot be asked, or cannot tell (it has
 * replayed nothing since it started).
 */
static const char *replica_lag(lt_app *app, lt_req *req)
{
    PGresult *res;
    lt_db_status st =
        lt_db_exec(app->replica, req->arena, &res,
                   "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
                   " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()"
                   "  AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN 0"
                   " ELSE greatest(0, ceil(1000 * extract(epoch FROM"
                   "  clock_timestamp() - pg_last_xact_replay_timestamp())))::bigint END",
                   0, NULL);
    if (st != LT_DB_OK || PQntuples(res) != 1 || PQgetisnull(res, 0, 0))
        return NULL;
    return lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
}

/* The handler failed because of the replica, not of the request: it could not be
 * reached, or cancelled the read for a conflict with the WAL it replays (class 40). */
static bool replica_failed(lt_db *replica)
{
    return lt_db_was_unavailable(replica) || strncmp(lt_db_sqlstate(replica), "40", 2) == 0;
}

/*
 * Runs the handler in a read-only transaction on db, under the caller's
 * identity. On the replica, returns -1 with nothing sent and resp as it was
 * when the replica cannot answer, and sets *why; the caller then asks the
 * primary. A read-only transaction has nothing to commit: it ends with ROLLBACK,
 * which cannot fail, so a replica lost after the last read costs no answer.
 */
static int read_on(lt_app *app, lt_db *db, const lt_route *route, lt_req *req, lt_resp *resp,
                   const char **why)
{
    bool replica = db == app->replica;
    lt_db_begin_read_only(db);
    lt_authorize_identity(req, route, db);
    if (replica) {
        const char *lag = replica_lag(app, req);
        if (!lag) {
            *why = lt_db_was_unavailable(db) ? "is unreachable" : "cannot tell its replication lag";
            lt_db_rollback(db);
            return -1;
        }
        lt_resp_header(resp, "X-Lotse-Read-From", "replica");
        lt_resp_header(resp, "X-Lotse-Replica-Lag-Ms", lag);
    } else {
        lt_resp_header(resp, "X-Lotse-Read-From", "primary");
    }
    app->db = db;
    int status = route->handler(req, resp);
    app->db = app->primary;
    if (replica && !resp->streamed && replica_failed(db)) {
        *why = lt_db_was_unavailable(db) ? "lost the connection"
                                         : "cancelled the read (a conflict with recovery)";
        lt_db_rollback(db);
        lt_resp_init(resp, req->arena); /* its problem answer is not the request's */
        return -1;
    }
    lt_db_rollback(db);
    if (resp->streamed) {
        if (status >= 400 || resp->broken)
            resp->broken = true;
        else
            lt_resp_flush(req, resp);
    }
    return status;
}

/* Counts where a replica route read, and logs when this thread's replica stops
 * or starts answering (once per change, not per request). */
static void note_replica(lt_app *app, bool answered, const char *why)
{
    lt_metrics_replica_event(answered ? "replica_read" : "replica_fallback");
    if (answered == !app->replica_failing)
        return;
    app->replica_failing = !answered;
    if (answered)
        lt_log_event("info", "replica_back", "the read replica answers again");
    else
        lt_log_event("warn", "replica_fallback",
                     "the read replica %s: its routes read the primary, and it is asked again"
                     " after %d ms",
                     why, REPLICA_RETRY_PAUSE_MS);
}

static int run_read_route(lt_app *app, const lt_route *route, lt_req *req, lt_resp *resp)
{
    lt_db_begin(app->primary);
    int status = lt_authorize(req, resp, route);
    if (status == 0)
        status = parse_body(app, route, req, resp);
    if (status)
        return finish(app->primary, req, resp, status);
    lt_db_status st = lt_db_commit(app->primary);
    if (st != LT_DB_OK) {
        lt_db_rollback(app->primary);
        return lt_api_db_problem(req, resp, st);
    }
    const char *why = NULL;
    if (app->replica) {
        status = read_on(app, app->replica, route, req, resp, &why);
        note_replica(app, status >= 0, why);
        if (status >= 0)
            return status;
    }
    return read_on(app, app->primary, route, req, resp, &why);
}

/*
 * A long write (LT_ROUTE_LARGE_BODY: a file stored row by row): authorization
 * commits on its own first, so the session's row, whose idle clock it moves,
 * is not held locked while the file is stored, and the caller's other
 * requests are not kept waiting. The rest runs in a second transaction under
 * the same identity.
 */
static int run_long_write(lt_app *app, const lt_route *route, lt_req *req, lt_resp *resp)
{
    lt_db_begin(app->db);
    int status = lt_authorize(req, resp, route);
    if (status)
        return finish(app->db, req, resp, status);
    lt_db_status st = lt_db_commit(app->db);
    if (st != LT_DB_OK) {
        lt_db_rollback(app->db);
        return lt_api_db_problem(req, resp, st);
    }
    lt_db_begin(app->db);
    lt_authorize_identity(req, route, app->db);
    return finish(app->db, req, resp, body_and_handler(app, route, req, resp));
}

static int run_in_transaction(lt_app *app, const lt_route *route, lt_req *req, lt_resp *resp)
{
    if (route->flags & LT_ROUTE_NO_DB)
        return authorized_handler(app, route, req, resp);
    if (route->flags & LT_ROUTE_REPLICA)
        return run_read_route(app, route, req, resp);
    if (route->flags & LT_ROUTE_LARGE_BODY)
        return run_long_write(app, route, req, resp);
    if (route->flags & LT_ROUTE_ONE_READ)
        lt_db_begin_single(app->db);
    else
        lt_db_begin(app->db);
    int status = authorized_handler(app, route, req, resp);
    return finish(app->db, req, resp, status);
}

static int dispatch(lt_app *app, lt_req *req, lt_resp *resp)
{
    lt_error err;
    const char *detail = NULL;
    char *path;
    lt_pair *query;
    size_t nquery;

    /* The path alone first: which query parameters are allowed depends on the route. */
    const char *q = strchr(req->raw_uri ? req->raw_uri : "", '?');
    const char *raw_path =
        q ? lt_arena_strndup(req->arena, req->raw_uri, (size_t)(q - req->raw_uri)) : req->raw_uri;
    if (!raw_path ||
        lt_uri_parse(req->arena, raw_path, NULL, &path, &query, &nquery, &err, &detail) != 0)
        return lt_problem(resp, req, raw_path ? err : LT_E_MALFORMED_URI, detail, NULL);
    req->path = path;

    const lt_route *route;
    const char *allow;
    switch (lt_router_match(req->arena, lt_api_routes, lt_api_nroutes, req->method, path, &route,
                            &req->params, &req->nparams, &allow)) {
    case LT_MATCH_NOT_FOUND:
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    case LT_MATCH_METHOD_NOT_ALLOWED:
        lt_resp_header(resp, "Allow", allow);
        return lt_problem(resp, req, LT_E_METHOD_NOT_ALLOWED, NULL, NULL);
    case LT_MATCH_FOUND:
        break;
    }

    size_t limit =
        route->flags & LT_ROUTE_LARGE_BODY ? app->cfg->max_import_body : app->cfg->max_body;
    if (req->body_too_large || req->body_len > limit)
        return lt_problem(resp, req, LT_E_BODY_TOO_LARGE,
                          lt_arena_printf(req->arena, "The request body exceeds %zu bytes.", limit),
                          NULL);

    if (q && lt_uri_parse(req->arena, req->raw_uri, route->query, &path, &req->query, &req->nquery,
                          &err, &detail) != 0)
        return lt_problem(resp, req, err, detail, NULL);
    return run_in_transaction(app, route, req, resp);
}

void lt_app_handle(lt_app *app, lt_req *req, lt_resp *resp)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    req->app = app;
    req->request_id = request_id(req->arena, req->request_id);
    lt_resp_init(resp, req->arena);
    resp->status = dispatch(app, req, resp);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    lt_metrics_observe(resp->status, (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                                         (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
}
