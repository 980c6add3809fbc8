/*
 * cost_split.c - how region and FAI share the cost of a joint event (agreement
 * §6: "Eventuelle Kostenaufteilungen für gemeinsame Veranstaltungen werden vorab
 * ... abgestimmt").
 *
 * One split per joint activity, at /activities/{id}/cost-split: PUT without
 * If-Match records the first one (201), PUT with If-Match replaces it (a PUT
 * without If-Match once one exists is a 428, a stale one a 412). Money is whole
 * euro cents and shares are basis points (10000 = 100 %), so nothing is rounded
 * on the way in and the shares add up exactly; the answer also gives each
 * partner's share in cents (the region's rounded half up, the FAI's the rest).
 * A split agreed after the event's first day is refused unless marked
 * late_agreement with a late_reason. sql/0013 enforces the same rules again.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { WHOLE = 10000 }; /* basis points */

/* The order of these fields is the order of the statement parameters below. */
static const lt_field split_fields[] = {
    {"estimated_cost_cents", LT_F_INT, LT_FIELD_REQUIRED, 0, 10000000000L, NULL},
    {"region_share_basis_points", LT_F_INT, LT_FIELD_REQUIRED, 0, WHOLE, NULL},
    {"fai_share_basis_points", LT_F_INT, LT_FIELD_REQUIRED, 0, WHOLE, NULL},
    {"agreed_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"late_agreement", LT_F_BOOL, 0, 0, 0, NULL},
    {"late_reason", LT_F_LONGTEXT, LT_FIELD_NULLABLE, 1, 2000, NULL},
};
static const lt_schema split = {"cost split", split_fields,
                                sizeof split_fields / sizeof split_fields[0]};

#define SPLIT_JSON                                                                                 \
    "json_build_object('activity_id', s.activity_id, 'currency', 'EUR', 'estimated_cost_cents',"   \
    " s.estimated_cost_cents, 'region_share_basis_points', s.region_share_basis_points,"           \
    " 'fai_share_basis_points', s.fai_share_basis_points, 'region_share_cents',"                   \
    " (s.estimated_cost_cents * s.region_share_basis_points + 5000) / 10000, 'fai_share_cents',"   \
    " s.estimated_cost_cents - (s.estimated_cost_cents * s.region_share_basis_points + 5000)"      \
    " / 10000, 'agreed_on', s.agreed_on, 'late', s.agreed_on > a.starts_on, 'late_agreement',"     \
    " s.late_agreement, 'late_reason', s.late_reason, 'version', s.version, 'created_at',"         \
    " s.created_at, 'updated_at', s.updated_at)"

/* Answers the activity's split and its ETag; 404 when it has none. */
static int answer_split(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " SPLIT_JSON "::text, s.version"
                            " FROM lotse.activity_cost_splits s JOIN lotse.activities a"
                            "  ON a.region_id = s.region_id AND a.id = s.activity_id"
                            " WHERE s.region_id = $1 AND s.activity_id = $2",
                            2, params, status);
}

static int not_joint_event(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_CONFLICT,
                      "This activity is not a joint event (joint, and an event, workshop or"
                      " network meeting): a cost split is agreed only for joint events"
                      " (agreement §6).",
                      NULL);
}

static int invalid(lt_req *req, lt_resp *resp, json_t *errors)
{
    return lt_problem(resp, req, LT_E_VALIDATION, "The cost split is not valid.", errors);
}

/* The rules within the body: shares of the whole, a reason exactly with a late agreement. */
static json_t *body_errors(lt_req *req, const lt_values *v, bool late_agreement)
{
    json_t *errors = NULL;
    long sum = atol(v->text[1]) + atol(v->text[2]);
    if (sum != WHOLE) {
        const char *message = lt_arena_printf(
            req->arena,
            "region_share_basis_points and fai_share_basis_points must add up to 10000"
            " (100 %%); they add up to %ld (%ld.%02ld %%)",
            sum, sum / 100, sum % 100);
        lt_field_error(&errors, "region_share_basis_points", message);
        lt_field_error(&errors, "fai_share_basis_points", message);
    }
    if (late_agreement && !v->text[5])
        lt_field_error(&errors, "late_reason", "is required with late_agreement: true");
    if (!late_agreement && v->text[5])
        lt_field_error(&errors, "late_reason", "goes only with late_agreement: true");
    return errors;
}

/* The rules against the activity: agreed_on not in the future, and late exactly when
 * marked so. NULL when the split fits. Dates compare as YYYY-MM-DD text. */
static json_t *date_errors(lt_req *req, const char *agreed_on, const char *starts_on,
                           const char *today, bool late_agreement)
{
    json_t *errors = NULL;
    if (strcmp(agreed_on, today) > 0)
        lt_field_error(&errors, "agreed_on", "must not be in the future");
    else if (strcmp(agreed_on, starts_on) > 0 && !late_agreement)
        lt_field_error(&errors, "late_agreement",
                       lt_arena_printf(req->arena,
                                       "the split was agreed on %s, after the event started on %s:"
                                       " send late_agreement: true with a late_reason",
                                       agreed_on, starts_on));
    else if (strcmp(agreed_on, starts_on) <= 0 && late_agreement)
        lt_field_error(&errors, "late_agreement",
                       "the split was agreed before the event started: it is not late");
    return errors;
}

/* A failed write: the rules of sql/0013 (a race with a change of the activity). 0 when
 * the failure is none of them. */
static int write_problem(lt_req *req, lt_resp *resp)
{
    const char *state = lt_db_sqlstate(req->app->db);
    if (strcmp(state, "23503") == 0)
        return lt_record_not_found(req, resp);
    if (strcmp(state, "LTJ01") == 0)
        return not_joint_event(req, resp);
    if (strcmp(state, "LTJ02") == 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "late_agreement",
                       "the split was agreed after the event started: send late_agreement: true"
                       " with a late_reason");
        return invalid(req, resp, errors);
    }
    return 0;
}

int lt_api_cost_split_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_split(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_cost_split_put(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    /* no If-Match: the first split; If-Match: a replacement of that version */
    int version = 0, status;
    if (lt_req_header(req, "if-match") && (status = lt_if_match(req, resp, &version)))
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &split, LT_VALIDATE_REPLACE, &v)))
        return status;
    bool late_agreement = v.text[4] && strcmp(v.text[4], "true") == 0;
    json_t *errors = body_errors(req, &v, late_agreement);
    if (errors)
        return invalid(req, resp, errors);

    const char *key[] = {lt_record_region(req), id};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT lotse.joint_event(a.kind, a.joint), a.starts_on::text, current_date::text,"
        " EXISTS (SELECT 1 FROM lotse.activity_cost_splits s"
        "          WHERE s.region_id = a.region_id AND s.activity_id = a.id)"
        " FROM lotse.activities a WHERE a.region_id = $1 AND a.id = $2",
        2, key);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        return not_joint_event(req, resp);
    if ((errors = date_errors(req, v.text[3], PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2),
                              late_agreement)))
        return invalid(req, resp, errors);
    bool exists = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    if (!version && exists)
        return lt_problem(resp, req, LT_E_PRECONDITION_REQUIRED,
                          "This activity has a cost split: send If-Match with its ETag to"
                          " replace it.",
                          NULL);

    const char *params[] = {lt_record_region(req),
                            id,
                            lt_arena_printf(req->arena, "%d", version),
                            v.text[0],
                            v.text[1],
                            v.text[2],
                            v.text[3],
                            late_agreement ? "true" : "false",
                            v.text[5]};
    st = lt_db_exec(req->app->db, req->arena, &res,
                    version ? "UPDATE lotse.activity_cost_splits SET estimated_cost_cents = $4,"
                              " region_share_basis_points = $5, fai_share_basis_points = $6,"
                              " agreed_on = $7, late_agreement = $8, late_reason = $9,"
                              " version = version + 1, updated_at = now()"
                              " WHERE region_id = $1 AND activity_id = $2 AND version = $3::int"
                              " RETURNING version"
                            /* a concurrent first split wins; this one then needed If-Match */
                            : "INSERT INTO lotse.activity_cost_splits (region_id, activity_id,"
                              " estimated_cost_cents, region_share_basis_points,"
                              " fai_share_basis_points, agreed_on, late_agreement, late_reason)"
                              " SELECT $1, $2, $4, $5, $6, $7, $8, $9 WHERE $3::int = 0"
                              " ON CONFLICT (region_id, activity_id) DO NOTHING RETURNING version",
                    9, params);
    if (st == LT_DB_ERROR && (status = write_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0 && !version)
        return lt_problem(resp, req, LT_E_PRECONDITION_REQUIRED,
                          "This activity has a cost split: send If-Match with its ETag to"
                          " replace it.",
                          NULL);
    if (PQntuples(res) == 0 && !exists)
        return lt_problem(resp, req, LT_E_PRECONDITION_FAILED,
                          "This activity has no cost split to replace: send the first one"
                          " without If-Match.",
                          NULL);
    if (PQntuples(res) == 0)
        return lt_record_update_missed(req, resp,
                                       "SELECT version FROM lotse.activity_cost_splits"
                                       " WHERE region_id = $1 AND activity_id = $2",
                                       2, key);
    if ((st = lt_audit(req, NULL, req->region_id,
                       version ? "cost_split_replaced" : "cost_split_agreed", "cost_split", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (!version)
        lt_resp_header(resp, "Location",
                       lt_arena_printf(req->arena, "/api/v1/regions/%s/activities/%s/cost-split",
                                       lt_req_param(req, "region"), id));
    return answer_split(req, resp, id, version ? 200 : 201);
}

int lt_api_cost_split_delete(lt_req *req, lt_resp *resp)
{
    return lt_record_delete(req, resp,
                            "DELETE FROM lotse.activity_cost_splits"
                            " WHERE region_id = $1 AND activity_id = $2 RETURNING activity_id",
                            "cost_split");
}
