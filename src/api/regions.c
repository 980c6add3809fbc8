/*
 * regions.c - the 16 labour-market regions, public reference data.
 *
 * Regions are rows, not constants: an administrator keeps names and areas up
 * to date. PostgreSQL builds the JSON (json_build_object), so a region passes
 * from the table to the client without being parsed and re-serialized here.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/cursor.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REGION_JSON                                                                                \
    "json_build_object('slug', slug, 'name', name, 'areas', to_json(areas), 'confirmed', "         \
    "confirmed)"

enum { DEFAULT_LIMIT = 50, MAX_LIMIT = 100 };

/* Parses ?limit= (1..MAX_LIMIT); returns -1 when it is not a plain number in range. */
static int parse_limit(const char *s)
{
    if (!s)
        return DEFAULT_LIMIT;
    if (!*s || strlen(s) > 3 || strspn(s, "0123456789") != strlen(s))
        return -1;
    int n = atoi(s);
    return n >= 1 && n <= MAX_LIMIT ? n : -1;
}

int lt_api_regions_list(lt_req *req, lt_resp *resp)
{
    int limit = parse_limit(lt_req_query(req, "limit"));
    if (limit < 0)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "limit must be a whole number from 1 to 100",
                          NULL);
    const char *after = "";
    const char *cursor = lt_req_query(req, "after");
    if (cursor && !(after = lt_cursor_decode(req->arena, "region", cursor)))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "after is not a cursor of this list", NULL);

    char limit_text[16];
    snprintf(limit_text, sizeof limit_text, "%d", limit);
    const char *params[] = {after, limit_text};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH page AS (SELECT slug, name, areas, confirmed, row_number() OVER (ORDER BY slug) AS n"
        "  FROM lotse.regions WHERE slug > $1 ORDER BY slug LIMIT $2::int + 1)"
        " SELECT coalesce(json_agg(" REGION_JSON " ORDER BY slug) FILTER (WHERE n <= $2::int),"
        " '[]')::text, max(slug) FILTER (WHERE n = $2::int), count(*) > $2::int FROM page",
        2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);

    int more = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
    lt_buf *b = &resp->body;
    lt_buf_puts(b, "{\"items\":");
    lt_buf_puts(b, PQgetvalue(res, 0, 0));
    if (more)
        lt_buf_printf(b, ",\"next\":\"%s\"}",
                      lt_cursor_encode(req->arena, "region", PQgetvalue(res, 0, 1)));
    else
        lt_buf_puts(b, ",\"next\":null}");
    resp->content_type = "application/json";
    return resp->status = 200;
}

int lt_api_region_get(lt_req *req, lt_resp *resp)
{
    const char *params[] = {lt_req_param(req, "slug")};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT " REGION_JSON "::text FROM lotse.regions WHERE slug = $1", 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no region with this slug.", NULL);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}
