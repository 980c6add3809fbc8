/*
 * measures.c - the region's two-year plan of FAI measures (agreement §3) and
 * their dated progress notes.
 *
 * The shape every region resource follows: a static schema drives validation;
 * PostgreSQL builds the JSON; a change carries If-Match and bumps the version;
 * every write is audited; the region comes from the route, never from the body.
 */
#include "lotse/api.h"
#include "lotse/codes.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The order of these fields is the order of the statement parameters below. */
static const lt_field measure_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"category", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, lt_measure_categories},
    {"description", LT_F_LONGTEXT, 0, 0, 20000, NULL},
    {"planned_from", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"planned_to", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"owner", LT_F_TEXT, LT_FIELD_NULLABLE, 0, 200, NULL},
    {"status", LT_F_ENUM, 0, 0, 0, lt_measure_statuses},
};
static const lt_schema measure = {"measure", measure_fields,
                                  sizeof measure_fields / sizeof measure_fields[0]};

static const lt_field progress_fields[] = {
    {"noted_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"note", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 5000, NULL},
};
static const lt_schema progress = {"progress note", progress_fields,
                                   sizeof progress_fields / sizeof progress_fields[0]};

/* The CSV export's columns (?format=csv), in the words of the plan. */
static const lt_csv_column measure_columns[] = {
    {"title", "title"},
    {"category", "category"},
    {"status", "status"},
    {"planned_from", "planned_from"},
    {"planned_to", "planned_to"},
    {"owner", "owner"},
    {"description", "description"},
    {"updated_at", "updated_at"},
};

#define MEASURE_JSON                                                                               \
    "json_build_object('id', m.id, 'title', m.title, 'category', m.category, 'description',"       \
    " m.description, 'planned_from', m.planned_from, 'planned_to', m.planned_to, 'owner',"         \
    " m.owner, 'status', m.status, 'version', m.version, 'created_at', m.created_at,"              \
    " 'updated_at', m.updated_at)"

#define PROGRESS_JSON                                                                              \
    "coalesce((SELECT json_agg(json_build_object('id', p.id, 'noted_on', p.noted_on, 'note',"      \
    " p.note) ORDER BY p.noted_on, p.created_at) FROM lotse.measure_progress p"                    \
    " WHERE p.region_id = m.region_id AND p.measure_id = m.id), '[]')"

/* Ordered by planned start, then title; the id makes the order total. */
static const lt_list measure_list = {
    "measure",
    "measures",
    "SELECT " MEASURE_JSON " AS item, coalesce(m.planned_from::text, '9999-12-31') || '|' ||"
    "  lower(m.title) || '|' || m.id AS sort_key"
    " FROM lotse.measures m WHERE m.region_id = $3"
    "  AND ($4::text IS NULL OR m.status = $4) AND ($5::text IS NULL OR m.category = $5)"
    "  AND coalesce(m.planned_from::text, '9999-12-31') || '|' || lower(m.title) || '|' || m.id > "
    "$1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    measure_columns,
    sizeof measure_columns / sizeof measure_columns[0],
};

/* Answers one measure (with its progress notes) and its ETag. */
static int answer_measure(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(
        req, resp,
        "SELECT (" MEASURE_JSON "::jsonb || jsonb_build_object('progress', " PROGRESS_JSON
        "))::text, m.version FROM lotse.measures m WHERE m.region_id = $1 AND m.id = $2",
        2, params, status);
}

/* The check constraint of the period (23514): planned_to before planned_from, named. */
static int period_refusal(lt_req *req, lt_resp *resp)
{
    if (strcmp(lt_db_sqlstate(req->app->db), "23514") != 0)
        return 0;
    json_t *errors = NULL;
    lt_field_error(&errors, "planned_to", "must not be before planned_from");
    return lt_problem(resp, req, LT_E_VALIDATION, "The measure is not valid.", errors);
}

int lt_api_measures_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &measure_list, &page);
    if (status)
        return status;
    const char *want_status = lt_req_query(req, "status");
    const char *want_category = lt_req_query(req, "category");
    json_t *errors = NULL;
    if (want_status && !lt_is_choice(lt_measure_statuses, want_status))
        lt_field_error(&errors, "status", "must be one of: planned, in_progress, done, dropped");
    if (want_category && !lt_is_choice(lt_measure_categories, want_category))
        lt_field_error(&errors, "category", "is not a measure category");
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    const char *filters[] = {lt_record_region(req), want_status, want_category};
    return lt_page_list(req, resp, &measure_list, &page, 3, filters);
}

int lt_api_measures_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &measure, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *id;
    lt_db_status st = lt_record_insert(
        req, resp, "measure",
        "INSERT INTO lotse.measures (region_id, title, category, description, planned_from,"
        " planned_to, owner, status) VALUES ($1, $2, $3, coalesce($4, ''), $5, $6, $7,"
        " coalesce($8, 'planned')) RETURNING id",
        &v, &id);
    if (st == LT_DB_ERROR && (status = period_refusal(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_measure(req, resp, id, 201);
}

int lt_api_measure_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_measure(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_measure_update(lt_req *req, lt_resp *resp)
{
    int status =
        lt_record_update(req, resp, "measure", "lotse.measures", &measure,
                         "UPDATE lotse.measures SET"
                         " title = CASE WHEN $4 THEN $5 ELSE title END,"
                         " category = CASE WHEN $6 THEN $7 ELSE category END,"
                         " description = CASE WHEN $8 THEN coalesce($9, '') ELSE description END,"
                         " planned_from = CASE WHEN $10 THEN $11::date ELSE planned_from END,"
                         " planned_to = CASE WHEN $12 THEN $13::date ELSE planned_to END,"
                         " owner = CASE WHEN $14 THEN $15 ELSE owner END,"
                         " status = CASE WHEN $16 THEN $17 ELSE status END,"
                         " version = version + 1, updated_at = now()"
                         " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
                         period_refusal);
    return status ? status : answer_measure(req, resp, lt_record_id(req), 200);
}

int lt_api_measure_delete(lt_req *req, lt_resp *resp)
{
    return lt_record_delete(req, resp,
                            "DELETE FROM lotse.measures WHERE region_id = $1 AND id = $2"
                            " RETURNING id",
                            "measure");
}

int lt_api_measure_progress_add(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    lt_values v;
    int status = lt_validate(req, resp, &progress, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *params[] = {lt_record_region(req), id, v.text[0], v.text[1], req->who->user_id};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "INSERT INTO lotse.measure_progress (region_id, measure_id,"
                                 " noted_on, note, created_by) VALUES ($1, $2, $3, $4, $5)"
                                 " RETURNING id",
                                 5, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23503") == 0)
        return lt_record_not_found(req, resp); /* no such measure in this region */
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, req->region_id, "measure_progress_added", "measure", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_measure(req, resp, id, 201);
}
