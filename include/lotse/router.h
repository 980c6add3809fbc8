/*
 * router.h - matching a method and a decoded path against a route table.
 *
 * A pattern is a path whose segments are literals or `{name}` parameters,
 * e.g. "/api/v1/regions/{slug}". A parameter matches one non-empty segment.
 * Matching is exact: no trailing-slash folding, no prefixes. Tables are
 * static const data, declared by the modules that own the handlers.
 */
#ifndef LOTSE_ROUTER_H
#define LOTSE_ROUTER_H

#include "lotse/access.h"
#include "lotse/http.h"

#include <stddef.h>

struct lt_resp;
/* A handler fills resp and returns its HTTP status (>= 400 rolls back). */
typedef int (*lt_handler)(lt_req *req, lt_resp *resp);

enum {
    LT_ROUTE_NO_DB = 1u << 0,     /* runs without a transaction (health, metrics) */
    LT_ROUTE_JSON_BODY = 1u << 1, /* the body must be application/json; parsed into req->json */
    /* The handler runs exactly one read-only statement, which is then its own
     * transaction: no BEGIN/COMMIT, one round trip (public reference reads). */
    LT_ROUTE_ONE_READ = 1u << 2,
    /* A creating POST that honours Idempotency-Key (idempotency.h): a retry with
     * the same key gets the first answer again. Needs a signed-in caller. */
    LT_ROUTE_IDEMPOTENT = 1u << 3,
    /* The body may be up to max_import_body (a CSV file to import) instead of
     * max_body; every other route still answers 413 above max_body. Such a
     * route is a long write: authorization commits in a transaction of its
     * own before the handler's begins, so the caller's session row is not
     * held locked (app.c run_long_write). */
    LT_ROUTE_LARGE_BODY = 1u << 4,
    /* The route only reads, and may be answered from the read replica
     * (read_database) and so be behind the last committed write by the
     * replication delay, which the answer states (X-Lotse-Read-From,
     * X-Lotse-Replica-Lag-Ms). Authorization still runs on the primary (the
     * session lookup refreshes the session); the handler then runs in a READ
     * ONLY transaction, on the replica or, when there is none or it cannot be
     * reached, on the primary. So the handler must write nothing, not even an
     * audit entry: a GET whose action does not guard personal data. */
    LT_ROUTE_REPLICA = 1u << 5,
};

typedef struct lt_route {
    const char *method;
    const char *pattern;
    lt_handler handler;
    lt_action action; /* what the caller needs (access.h); LT_ACT_NONE is refused at start */
    unsigned flags;
    const char *const *query; /* NULL-terminated allowed query parameter names, NULL: none */
} lt_route;

typedef enum lt_match {
    LT_MATCH_FOUND,
    LT_MATCH_NOT_FOUND,
    LT_MATCH_METHOD_NOT_ALLOWED,
} lt_match;

/*
 * Finds the route for method and path among n routes. On FOUND sets *route and
 * fills *params and *nparams (arena memory). On METHOD_NOT_ALLOWED sets *allow to
 * the comma-separated methods the path accepts, e.g. "GET, HEAD" (arena memory).
 * A HEAD request matches a GET route.
 */
/*
 * Checks a route table before anything is served: every route declares an
 * action; a regional action has a {region} segment and other actions have none;
 * a LT_ROUTE_ONE_READ or LT_ROUTE_NO_DB route is public; a LT_ROUTE_IDEMPOTENT
 * route is a POST that needs a signed-in caller; a LT_ROUTE_REPLICA route is a
 * GET with a transaction (neither ONE_READ nor NO_DB) whose action does not
 * guard personal data (reading those is audited). Returns 0, or -1 with
 * the first offending route named in err.
 */
int lt_router_check(const lt_route *routes, size_t n, char *err, size_t errlen);

lt_match lt_router_match(lt_arena *a, const lt_route *routes, size_t n, const char *method,
                         const char *path, const lt_route **route, lt_pair **params,
                         size_t *nparams, const char **allow);

#endif
