/*
 * routes.c - every route lotsed answers, in one table.
 *
 * The table is the place to read what the API offers; docs/openapi.yaml
 * describes the same routes for clients.
 */
#include "lotse/api.h"

static const char *const paging[] = {"limit", "after", NULL};

const lt_route lt_api_routes[] = {
    {"GET", "/healthz", lt_api_healthz, LT_ACT_PUBLIC, LT_ROUTE_NO_DB, NULL},
    {"GET", "/readyz", lt_api_readyz, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ, NULL},
    {"GET", "/metrics", lt_api_metrics, LT_ACT_PUBLIC, LT_ROUTE_NO_DB, NULL},
    {"GET", "/api/v1/regions", lt_api_regions_list, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ, paging},
    {"GET", "/api/v1/regions/{slug}", lt_api_region_get, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ, NULL},
    {"POST", "/api/v1/regions/lookup", lt_api_regions_lookup, LT_ACT_PUBLIC,
     LT_ROUTE_JSON_BODY | LT_ROUTE_ONE_READ, NULL},
};

const size_t lt_api_nroutes = sizeof lt_api_routes / sizeof lt_api_routes[0];
