/*
 * user_grants.c - granting and revoking a user's roles, for administrators.
 *
 * One grant is a global role (fai_staff, fai_esf, fai_lead, admin: no region)
 * or a role within one region (coordinator, region_viewer: a region slug). The
 * same rules apply to the JSON body of a grant and to the query of a revoke.
 * Granting is idempotent; revoking what is not there is a 404. A membership's
 * audit entry carries its region, so the region's coordinators see who was
 * given access to it.
 *
 * Nothing else needs to happen when a role changes: the session lookup reads
 * roles and memberships afresh on every request.
 */
#include "users.h"

#include "lotse/access.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ROLE_NAMES[] =
    "must be one of fai_staff, fai_esf, fai_lead, admin, coordinator, region_viewer";

typedef struct grant {
    const char *role;
    bool regional;
    int region_id; /* regional only */
} grant;

/*
 * Checks role and region (NULL: absent) into *g, appending field errors.
 * Looks the region up; *st is the outcome of that lookup.
 */
static void check_grant(lt_req *req, const char *role, const char *region, grant *g, json_t *errors,
                        lt_db_status *st)
{
    *st = LT_DB_OK;
    g->role = role;
    g->region_id = 0;
    g->regional = role && lt_member_role_from_name(role) != 0;
    if (!role) {
        lt_users_field_error(errors, "role", "is required");
        return;
    }
    if (!g->regional && lt_role_from_name(role) == 0) {
        lt_users_field_error(errors, "role", ROLE_NAMES);
        return;
    }
    if (!g->regional) {
        if (region)
            lt_users_field_error(errors, "region", "must be absent for a global role");
        return;
    }
    if (!region) {
        lt_users_field_error(errors, "region", "is required for a role within a region");
        return;
    }
    const char *params[] = {region};
    PGresult *res;
    *st = lt_db_exec(req->app->db, req->arena, &res, "SELECT id FROM lotse.regions WHERE slug = $1",
                     1, params);
    if (*st != LT_DB_OK)
        return;
    if (PQntuples(res) == 0)
        lt_users_field_error(errors, "region", "there is no region with this slug");
    else
        g->region_id = atoi(PQgetvalue(res, 0, 0));
}

static const char *const grant_members[] = {"role", "region", NULL};

int lt_api_user_grant(lt_req *req, lt_resp *resp)
{
    const char *id = lt_users_id_param(req);
    if (!id)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);
    json_t *errors = json_array();
    grant g = {0};
    lt_db_status st = LT_DB_OK;
    if (lt_users_members_known(req->arena, req->json, grant_members, errors)) {
        json_t *role = json_object_get(req->json, "role");
        json_t *region = json_object_get(req->json, "region");
        bool typed = true;
        if (role && !json_is_string(role)) {
            lt_users_field_error(errors, "role", ROLE_NAMES);
            typed = false;
        }
        if (region && !json_is_string(region) && !json_is_null(region)) {
            lt_users_field_error(errors, "region", "must be a region slug or null");
            typed = false;
        }
        if (typed)
            check_grant(req, json_string_value(role), json_string_value(region), &g, errors, &st);
    }
    if (st != LT_DB_OK) {
        json_decref(errors);
        return lt_api_db_problem(req, resp, st);
    }
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The grant is not valid.", errors);
    json_decref(errors);

    const char *key[] = {id};
    PGresult *res;
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "SELECT 1 FROM lotse.users WHERE id = $1::uuid FOR UPDATE", 1, key);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);

    char region_text[16];
    snprintf(region_text, sizeof region_text, "%d", g.region_id);
    if (g.regional) {
        const char *params[] = {region_text, id, g.role};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "INSERT INTO lotse.memberships (region_id, user_id, role)"
                        " VALUES ($1::smallint, $2::uuid, $3) ON CONFLICT DO NOTHING",
                        3, params);
    } else {
        const char *params[] = {id, g.role};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "INSERT INTO lotse.user_roles (user_id, role)"
                        " VALUES ($1::uuid, $2) ON CONFLICT DO NOTHING",
                        2, params);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    /* A grant that was already there changed nothing, so there is nothing to audit. */
    if (strcmp(PQcmdTuples(res), "0") != 0 &&
        (st = lt_audit(req, NULL, g.region_id, "role_granted", "user", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_users_answer(req, resp, id, 200);
}

int lt_api_user_revoke(lt_req *req, lt_resp *resp)
{
    const char *id = lt_users_id_param(req);
    if (!id)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);
    json_t *errors = json_array();
    grant g = {0};
    lt_db_status st;
    check_grant(req, lt_req_query(req, "role"), lt_req_query(req, "region"), &g, errors, &st);
    if (st != LT_DB_OK) {
        json_decref(errors);
        return lt_api_db_problem(req, resp, st);
    }
    if (!json_array_size(errors) && !g.regional && strcmp(g.role, "admin") == 0 &&
        strcmp(id, req->who->user_id) == 0)
        lt_users_field_error(errors, "role", "you cannot revoke your own admin role");
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The revocation is not valid.", errors);
    json_decref(errors);

    char region_text[16];
    snprintf(region_text, sizeof region_text, "%d", g.region_id);
    PGresult *res;
    if (g.regional) {
        const char *params[] = {region_text, id, g.role};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "DELETE FROM lotse.memberships"
                        " WHERE region_id = $1::smallint AND user_id = $2::uuid AND role = $3",
                        3, params);
    } else {
        const char *params[] = {id, g.role};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "DELETE FROM lotse.user_roles WHERE user_id = $1::uuid AND role = $2", 2,
                        params);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (strcmp(PQcmdTuples(res), "0") == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "The user has no such role.", NULL);
    if ((st = lt_audit(req, NULL, g.region_id, "role_revoked", "user", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_users_answer(req, resp, id, 200);
}
