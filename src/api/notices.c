/*
 * notices.c - the notices a region sent the FAI about its high-profile
 * activities (agreement §4: early, mutual information), with their lead time
 * and whether they came too late, and the partner's acknowledgement.
 *
 * activities.c sends them; here they are listed and acknowledged. A region
 * lists its own; the FAI, their partner, lists those of every region (its
 * inbox) and acknowledges them — the row-level policies of sql/0011 give FAI
 * staff and leadership that reach, since they are members of no region.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"

#include <string.h>

static const lt_field acknowledgement_fields[] = {
    {"acknowledged_by_name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
};
static const lt_schema acknowledgement = {"acknowledgement", acknowledgement_fields,
                                          sizeof acknowledgement_fields /
                                              sizeof acknowledgement_fields[0]};

static const lt_csv_column notice_columns[] = {
    {"region", "region"},
    {"activity_title", "activity.title"},
    {"activity_kind", "activity.kind"},
    {"starts_on", "activity.starts_on"},
    {"sent_at", "sent_at"},
    {"lead_time_days", "lead_time_days"},
    {"late", "late"},
    {"acknowledged_at", "acknowledged_at"},
    {"acknowledged_by_name", "acknowledged_by_name"},
};

#define NOTICE_JSON                                                                                \
    "json_build_object('id', n.id, 'region', (SELECT r.slug FROM lotse.regions r"                  \
    " WHERE r.id = n.region_id), 'activity', json_build_object('id', a.id, 'title', a.title,"      \
    " 'kind', a.kind, 'starts_on', a.starts_on, 'joint', a.joint), 'sent_at', n.sent_at,"          \
    " 'lead_time_days', n.lead_time_days, 'late', n.lead_time_days < "                             \
    "lotse.notice_min_lead_days(), 'acknowledged_at', n.acknowledged_at,"                          \
    " 'acknowledged_by_name', n.acknowledged_by_name)"

/* By the activity's start, then the notice's id. */
static const lt_list notice_list = {
    "notice",
    "notices",
    "SELECT " NOTICE_JSON " AS item, to_char(a.starts_on, 'YYYY-MM-DD') || '|' || n.id AS sort_key"
    " FROM lotse.activity_notices n JOIN lotse.activities a"
    "  ON a.region_id = n.region_id AND a.id = n.activity_id"
    " WHERE ($3::smallint IS NULL OR n.region_id = $3::smallint)"
    "  AND ($4::boolean IS NULL OR (n.lead_time_days < lotse.notice_min_lead_days()) = $4::boolean)"
    "  AND to_char(a.starts_on, 'YYYY-MM-DD') || '|' || n.id > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    notice_columns,
    sizeof notice_columns / sizeof notice_columns[0],
};

int lt_api_notices_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &notice_list, &page);
    if (status)
        return status;
    const char *late = lt_req_query(req, "late");
    if (late && strcmp(late, "true") != 0 && strcmp(late, "false") != 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "late", "must be true or false");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    }
    /* a region's route lists that region's notices; the FAI's inbox lists them all */
    const char *filters[] = {req->region_id ? lt_record_region(req) : NULL, late};
    return lt_page_list(req, resp, &notice_list, &page, 2, filters);
}

int lt_api_notice_acknowledge(lt_req *req, lt_resp *resp)
{
    const char *id = lt_req_param(req, "id");
    if (!id || !lt_is_uuid(id))
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    lt_values v;
    int status = lt_validate(req, resp, &acknowledgement, LT_VALIDATE_REPLACE, &v);
    if (status)
        return status;
    const char *params[] = {lt_record_region(req), id, v.text[0]};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "WITH n AS (UPDATE lotse.activity_notices SET acknowledged_by_name = $3,"
                   "  acknowledged_at = now() WHERE region_id = $1 AND id = $2 RETURNING *)"
                   " SELECT " NOTICE_JSON "::text FROM n JOIN lotse.activities a"
                   "  ON a.region_id = n.region_id AND a.id = n.activity_id",
                   3, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    if ((st = lt_audit(req, NULL, req->region_id, "notice_acknowledged", "activity_notice", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}
