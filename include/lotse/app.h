/*
 * app.h - the per-thread application: configuration, database handles, routes.
 *
 * The worker (or a test) creates one lt_app per thread and hands every request
 * to lt_app_handle. lt_app_handle is the whole request pipeline: URI and query
 * parsing, routing, body limits and JSON parsing, one transaction around the
 * handler, commit before success, and the mapping of every failure to
 * problem+json. It never touches FastCGI.
 *
 * With read_database configured, the thread also holds a connection to the
 * read replica, on which the handlers of LT_ROUTE_REPLICA routes run (router.h);
 * when the replica cannot answer they run on the primary, and the answer says
 * which one it came from.
 */
#ifndef LOTSE_APP_H
#define LOTSE_APP_H

#include "lotse/config.h"
#include "lotse/db.h"
#include "lotse/http.h"

struct lt_signing_key;

typedef struct lt_app {
    const lt_config *cfg; /* borrowed; outlives the app */
    /* The handle the running step uses, and so every handler and helper
     * (req->app->db): the primary, except while the handler of a
     * LT_ROUTE_REPLICA route runs on the replica. */
    lt_db *db;
    lt_db *primary;       /* writes, sessions, authorization */
    lt_db *replica;       /* NULL without read_database */
    bool replica_failing; /* this thread's replica last could not answer (logged once) */
    /* The package signing key (cfg->signing_key), loaded on first use by
     * lt_api_signing_key and kept for the thread's life; NULL until then. */
    struct lt_signing_key *signing_key;
} lt_app;

/* Creates the thread's app; the database connects on first use. Never NULL. */
lt_app *lt_app_create(const lt_config *cfg);
void lt_app_destroy(lt_app *app);

/* Handles req (whose arena also holds resp) and fills resp. Never fails:
 * every error becomes a problem response. Records the request in the metrics. */
void lt_app_handle(lt_app *app, lt_req *req, lt_resp *resp);

#endif
