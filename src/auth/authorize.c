/* authorize.c - authentication and authorization of one request; see authorize.h. */
#include "lotse/authorize.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/schema.h"
#include "lotse/session.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

static bool is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

static bool csrf_matches(const lt_req *req, const lt_identity *who)
{
    const char *given = lt_req_header(req, "x-csrf-token");
    size_t n = strlen(who->csrf_token);
    return given && strlen(given) == n && CRYPTO_memcmp(given, who->csrf_token, n) == 0;
}

/* The id of the region named by {region}: from the caller's memberships, else
 * from the table (an administrator reaching a region they are no member of).
 * 0 when there is no such region. */
static int region_of(lt_req *req, lt_db_status *st)
{
    const char *slug = lt_req_param(req, "region");
    *st = LT_DB_OK;
    for (size_t i = 0; i < req->who->nmemberships; i++)
        if (strcmp(req->who->memberships[i].slug, slug) == 0)
            return req->who->memberships[i].region_id;
    const char *params[] = {slug};
    PGresult *res;
    *st = lt_db_exec(req->app->db, req->arena, &res, "SELECT id FROM lotse.regions WHERE slug = $1",
                     1, params);
    return *st == LT_DB_OK && PQntuples(res) == 1 ? atoi(PQgetvalue(res, 0, 0)) : 0;
}

/*
 * Refuses the request with e. A refused attempt at personal data (a participant
 * list, a data-subject request) leaves its audit entry, committed with the refusal:
 * who tried, in which region, and the activity's id when the path names one.
 */
static int refuse(lt_req *req, lt_resp *resp, const lt_route *route, lt_error e, const char *detail)
{
    if (lt_action_guards_personal_data(route->action)) {
        const char *id = lt_req_param(req, "id");
        resp->keep_writes = true;
        lt_db_status st =
            lt_audit(req, NULL, req->region_id, "access_refused",
                     route->action == LT_ACT_DATA_SUBJECTS ? "data_subject" : "participant_list",
                     id && lt_is_uuid(id) ? id : NULL);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
    }
    return lt_problem(resp, req, e, detail, NULL);
}

int lt_authorize(lt_req *req, lt_resp *resp, const lt_route *route)
{
    lt_identity *who = lt_arena_calloc(req->arena, 1, sizeof *who);
    req->who = who;
    req->region_id = 0;
    if (!lt_action_needs_session(route->action))
        return 0;

    lt_db_status st = lt_session_lookup(req, who);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (!who->user_id)
        return lt_problem(resp, req, LT_E_UNAUTHENTICATED,
                          "Sign in first: there is no session, or it expired or ended.", NULL);
    if (!is_safe_method(req->method) && !csrf_matches(req, who)) {
        resp->keep_writes = true; /* the refusal stays in the audit log */
        st = lt_audit(req, NULL, 0, "csrf_refused", "request", NULL);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        return lt_problem(resp, req, LT_E_FORBIDDEN,
                          "The X-CSRF-Token header is missing or does not match the session.",
                          NULL);
    }
    if (lt_action_is_regional(route->action)) {
        req->region_id = region_of(req, &st);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        if (!lt_access_allows(who, route->action, req->region_id)) {
            /* A member may learn that their own region has the resource, and so may
             * whoever reads a participant list that they cannot change; anyone else
             * gets exactly what a region that does not exist gets. */
            if (lt_access_allows(who, LT_ACT_REGION_READ, req->region_id) ||
                (route->action == LT_ACT_PARTICIPANTS_WRITE &&
                 lt_access_allows(who, LT_ACT_PARTICIPANTS_READ, req->region_id)))
                return refuse(req, resp, route, LT_E_FORBIDDEN,
                              "Your role in this region does not allow this.");
            return refuse(req, resp, route, LT_E_NOT_FOUND, NULL);
        }
    } else if (!lt_access_allows(who, route->action, 0)) {
        return refuse(req, resp, route, LT_E_FORBIDDEN, "Your roles do not allow this.");
    }
    lt_authorize_identity(req, route, req->app->db);
    return 0;
}

void lt_authorize_identity(lt_req *req, const lt_route *route, lt_db *db)
{
    if (!lt_action_needs_session(route->action) || !req->who || !req->who->user_id)
        return;
    const char *roles, *read_regions, *write_regions;
    lt_identity_settings(req->arena, req->who, &roles, &read_regions, &write_regions);
    lt_db_set_identity(db, req->who->user_id, roles, read_regions, write_regions);
}
