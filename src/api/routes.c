/*
 * routes.c - every route lotsed answers, in one table.
 *
 * The table is the place to read what the API offers; docs/openapi.yaml
 * describes the same routes for clients.
 */
#include "lotse/api.h"

static const char *const paging[] = {"limit", "after", "format", NULL};
static const char *const audit_query[] = {"limit", "after", "region", "format", NULL};
static const char *const grant_query[] = {"role", "region", NULL};
static const char *const measure_query[] = {"limit", "after", "format", "status", "category", NULL};
static const char *const activity_query[] = {"limit", "after", "format", "kind",
                                             "from",  "to",    "joint",  NULL};
static const char *const notice_query[] = {"limit", "after", "format", "late", NULL};
static const char *const bulletin_query[] = {"limit", "after", "format", "topic", NULL};

const lt_route lt_api_routes[] = {
    {"GET", "/healthz", lt_api_healthz, LT_ACT_PUBLIC, LT_ROUTE_NO_DB, NULL},
    {"GET", "/readyz", lt_api_readyz, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ, NULL},
    {"GET", "/metrics", lt_api_metrics, LT_ACT_PUBLIC, LT_ROUTE_NO_DB, NULL},
    {"GET", "/api/v1/regions", lt_api_regions_list, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ, paging},
    {"GET", "/api/v1/regions/{slug}", lt_api_region_get, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ, NULL},
    {"POST", "/api/v1/regions/lookup", lt_api_regions_lookup, LT_ACT_PUBLIC,
     LT_ROUTE_JSON_BODY | LT_ROUTE_ONE_READ, NULL},
    {"POST", "/api/v1/session", lt_api_session_create, LT_ACT_PUBLIC, LT_ROUTE_JSON_BODY, NULL},
    {"DELETE", "/api/v1/session", lt_api_session_delete, LT_ACT_SIGNED_IN, 0, NULL},
    {"GET", "/api/v1/me", lt_api_me, LT_ACT_SIGNED_IN, 0, NULL},
    {"PUT", "/api/v1/me/password", lt_api_me_password, LT_ACT_SIGNED_IN, LT_ROUTE_JSON_BODY, NULL},
    {"GET", "/api/v1/users", lt_api_users_list, LT_ACT_USERS_MANAGE, 0, paging},
    {"POST", "/api/v1/users", lt_api_users_create, LT_ACT_USERS_MANAGE, LT_ROUTE_JSON_BODY, NULL},
    {"GET", "/api/v1/users/{id}", lt_api_user_get, LT_ACT_USERS_MANAGE, 0, NULL},
    {"PATCH", "/api/v1/users/{id}", lt_api_user_update, LT_ACT_USERS_MANAGE, LT_ROUTE_JSON_BODY,
     NULL},
    {"POST", "/api/v1/users/{id}/grants", lt_api_user_grant, LT_ACT_USERS_MANAGE,
     LT_ROUTE_JSON_BODY, NULL},
    {"DELETE", "/api/v1/users/{id}/grants", lt_api_user_revoke, LT_ACT_USERS_MANAGE, 0,
     grant_query},
    {"GET", "/api/v1/audit", lt_api_audit_list, LT_ACT_AUDIT_READ_ALL, 0, audit_query},
    {"GET", "/api/v1/regions/{region}/measures", lt_api_measures_list, LT_ACT_REGION_READ, 0,
     measure_query},
    {"POST", "/api/v1/regions/{region}/measures", lt_api_measures_create, LT_ACT_REGION_WRITE,
     LT_ROUTE_JSON_BODY | LT_ROUTE_IDEMPOTENT, NULL},
    {"GET", "/api/v1/regions/{region}/measures/{id}", lt_api_measure_get, LT_ACT_REGION_READ, 0,
     NULL},
    {"PATCH", "/api/v1/regions/{region}/measures/{id}", lt_api_measure_update, LT_ACT_REGION_WRITE,
     LT_ROUTE_JSON_BODY, NULL},
    {"DELETE", "/api/v1/regions/{region}/measures/{id}", lt_api_measure_delete, LT_ACT_REGION_WRITE,
     0, NULL},
    {"POST", "/api/v1/regions/{region}/measures/{id}/progress", lt_api_measure_progress_add,
     LT_ACT_REGION_WRITE, LT_ROUTE_JSON_BODY | LT_ROUTE_IDEMPOTENT, NULL},
    {"GET", "/api/v1/regions/{region}/profile", lt_api_profile_get, LT_ACT_REGION_READ, 0, NULL},
    {"PUT", "/api/v1/regions/{region}/profile", lt_api_profile_replace, LT_ACT_REGION_WRITE,
     LT_ROUTE_JSON_BODY, NULL},
    {"GET", "/api/v1/regions/{region}/audit", lt_api_region_audit_list, LT_ACT_REGION_AUDIT, 0,
     paging},
    {"GET", "/api/v1/bulletins", lt_api_bulletins_list, LT_ACT_BULLETINS_READ, 0, bulletin_query},
    {"POST", "/api/v1/bulletins", lt_api_bulletins_publish, LT_ACT_BULLETINS_PUBLISH,
     LT_ROUTE_JSON_BODY | LT_ROUTE_IDEMPOTENT, NULL},
    {"GET", "/api/v1/bulletins/{id}", lt_api_bulletin_get, LT_ACT_BULLETINS_READ, 0, NULL},
    {"PATCH", "/api/v1/bulletins/{id}", lt_api_bulletin_update, LT_ACT_BULLETINS_PUBLISH,
     LT_ROUTE_JSON_BODY, NULL},
    {"PUT", "/api/v1/regions/{region}/bulletins/{id}/read", lt_api_bulletin_mark_read,
     LT_ACT_REGION_READ, 0, NULL},
    {"GET", "/api/v1/regions/{region}/activities", lt_api_activities_list, LT_ACT_REGION_READ, 0,
     activity_query},
    {"POST", "/api/v1/regions/{region}/activities", lt_api_activities_create, LT_ACT_REGION_WRITE,
     LT_ROUTE_JSON_BODY | LT_ROUTE_IDEMPOTENT, NULL},
    {"GET", "/api/v1/regions/{region}/activities/{id}", lt_api_activity_get, LT_ACT_REGION_READ, 0,
     NULL},
    {"PATCH", "/api/v1/regions/{region}/activities/{id}", lt_api_activity_update,
     LT_ACT_REGION_WRITE, LT_ROUTE_JSON_BODY, NULL},
    {"DELETE", "/api/v1/regions/{region}/activities/{id}", lt_api_activity_delete,
     LT_ACT_REGION_WRITE, 0, NULL},
    {"GET", "/api/v1/regions/{region}/notices", lt_api_notices_list, LT_ACT_REGION_READ, 0,
     notice_query},
    {"PUT", "/api/v1/regions/{region}/notices/{id}/acknowledgement", lt_api_notice_acknowledge,
     LT_ACT_REGION_WRITE, LT_ROUTE_JSON_BODY, NULL},
};

const size_t lt_api_nroutes = sizeof lt_api_routes / sizeof lt_api_routes[0];
