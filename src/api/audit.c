/*
 * audit.c - reading the audit log: all of it (administrators), or one region's
 * (its coordinators, and administrators).
 *
 * Newest first, paged by id (the identity column only grows, so a page never
 * shifts while new entries arrive). The WHERE on the region is written here
 * even though row-level security (policy audit_read) already limits a
 * coordinator to their own regions: either alone keeps another region's log
 * out of the answer.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/page.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ID_DIGITS = 18 };

/* The columns of the CSV export (page.h). */
static const lt_csv_column audit_columns[] = {
    {"id", "id"},
    {"at", "at"},
    {"region", "region"},
    {"user_id", "user_id"},
    {"action", "action"},
    {"entity", "entity"},
    {"entity_id", "entity_id"},
    {"request_id", "request_id"},
};

/* Newest first by id, which only grows. */
static const lt_list audit_list = {
    "audit",
    "audit-log",
    "SELECT json_build_object('id', a.id, 'at', a.at, 'region', r.slug, 'user_id', a.user_id,"
    "  'action', a.action, 'entity', a.entity, 'entity_id', a.entity_id, 'request_id',"
    "  a.request_id) AS item, a.id AS sort_key"
    " FROM lotse.audit_log a LEFT JOIN lotse.regions r ON r.id = a.region_id"
    " WHERE a.id < coalesce(nullif($1, '')::bigint, 9223372036854775807)"
    "  AND ($3::smallint IS NULL OR a.region_id = $3::smallint)"
    " ORDER BY sort_key DESC LIMIT $2::int",
    true,
    audit_columns,
    sizeof audit_columns / sizeof audit_columns[0],
};

/* One page of entries, of one region (region_id > 0) or of all. */
static int answer_page(lt_req *req, lt_resp *resp, int region_id)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &audit_list, &page);
    if (status)
        return status;
    const char *before = page.after;
    /* the key goes to a bigint: digits only, short enough not to overflow */
    if (before &&
        (strlen(before) > MAX_ID_DIGITS || strspn(before, "0123456789") != strlen(before)))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "after is not a cursor of this list", NULL);

    char region_text[16];
    snprintf(region_text, sizeof region_text, "%d", region_id);
    const char *filters[] = {region_id > 0 ? region_text : NULL};
    return lt_page_list(req, resp, &audit_list, &page, 1, filters);
}

int lt_api_audit_list(lt_req *req, lt_resp *resp)
{
    const char *slug = lt_req_query(req, "region");
    if (!slug)
        return answer_page(req, resp, 0);
    const char *params[] = {slug};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT id FROM lotse.regions WHERE slug = $1", 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "region names no known region", NULL);
    return answer_page(req, resp, atoi(PQgetvalue(res, 0, 0)));
}

int lt_api_region_audit_list(lt_req *req, lt_resp *resp)
{
    if (req->region_id <= 0) /* the pipeline resolved {region}; this is a bug, not a request */
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    return answer_page(req, resp, req->region_id);
}
