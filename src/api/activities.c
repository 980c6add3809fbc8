/*
 * activities.c - the region's activities in recruiting skilled workers abroad
 * (agreement §4.1): events, workshops, network meetings, press and social media,
 * joint with the FAI or not.
 *
 * A high-profile activity must be told to the partner early (§4): creating one,
 * or changing one to high-profile, sends its notice at once (notices.c lists
 * and acknowledges them). State-wide FAI public relations needs no notice.
 * Otherwise the shape of measures.c: schema-driven validation, JSON built by
 * PostgreSQL, If-Match on changes, every write audited, the region from the route.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[] = {"event",         "workshop",     "network_meeting",
                                    "press_release", "social_media", NULL};
static const char *const topics[] = {"diversity",   "feg",         "onboarding",
                                     "recruitment", "recognition", "family_reunification",
                                     "other",       NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field activity_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"kind", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, kinds},
    {"starts_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"ends_on", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"topics", LT_F_ENUM_SET, 0, 0, 7, topics},
    {"joint", LT_F_BOOL, 0, 0, 0, NULL},
    {"speaker_referred_by_fai", LT_F_BOOL, 0, 0, 0, NULL},
    {"high_profile", LT_F_BOOL, 0, 0, 0, NULL},
    {"statewide_fai", LT_F_BOOL, 0, 0, 0, NULL},
    {"description", LT_F_LONGTEXT, 0, 0, 20000, NULL},
};
static const lt_schema activity = {"activity", activity_fields,
                                   sizeof activity_fields / sizeof activity_fields[0]};

/* The CSV export's columns (?format=csv). */
static const lt_csv_column activity_columns[] = {
    {"title", "title"},
    {"kind", "kind"},
    {"starts_on", "starts_on"},
    {"ends_on", "ends_on"},
    {"topics", "topics[]"},
    {"joint", "joint"},
    {"speaker_referred_by_fai", "speaker_referred_by_fai"},
    {"high_profile", "high_profile"},
    {"statewide_fai", "statewide_fai"},
    {"notice_sent_at", "notice.sent_at"},
    {"notice_late", "notice.late"},
    {"description", "description"},
    {"updated_at", "updated_at"},
};

/* The activity with its notice (null when none was sent). */
#define ACTIVITY_JSON                                                                              \
    "json_build_object('id', a.id, 'title', a.title, 'kind', a.kind, 'starts_on', a.starts_on,"    \
    " 'ends_on', a.ends_on, 'topics', a.topics, 'joint', a.joint, 'speaker_referred_by_fai',"      \
    " a.speaker_referred_by_fai, 'high_profile', a.high_profile, 'statewide_fai',"                 \
    " a.statewide_fai, 'description', a.description, 'version', a.version, 'created_at',"          \
    " a.created_at, 'updated_at', a.updated_at, 'notice', (SELECT json_build_object('id', n.id,"   \
    " 'sent_at', n.sent_at, 'lead_time_days', n.lead_time_days, 'late', n.lead_time_days < "       \
    "lotse.notice_min_lead_days(),"                                                                \
    " 'acknowledged_at', n.acknowledged_at, 'acknowledged_by_name', n.acknowledged_by_name)"       \
    " FROM lotse.activity_notices n WHERE n.region_id = a.region_id AND n.activity_id = a.id))"

/* Answers one activity (with its notice) and its ETag. */
static int answer_activity(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " ACTIVITY_JSON "::text, a.version FROM lotse.activities a"
                            " WHERE a.region_id = $1 AND a.id = $2",
                            2, params, status);
}

/* The check constraint of the dates (23514): ends_on before starts_on, named. */
static int period_refusal(lt_req *req, lt_resp *resp)
{
    if (strcmp(lt_db_sqlstate(req->app->db), "23514") != 0)
        return 0;
    json_t *errors = NULL;
    lt_field_error(&errors, "ends_on", "must not be before starts_on");
    return lt_problem(resp, req, LT_E_VALIDATION, "The activity is not valid.", errors);
}

/* A joint event with a cost split or participants stays one (sql/0013, LTJ04);
 * an update may also break the dates' constraint. */
static int update_refusal(lt_req *req, lt_resp *resp)
{
    if (strcmp(lt_db_sqlstate(req->app->db), "LTJ04") != 0)
        return period_refusal(req, resp);
    json_t *errors = NULL;
    lt_field_error(&errors, "joint",
                   "the activity has a cost split or participants, so it stays a joint event"
                   " (joint, and an event, workshop or network meeting)");
    return lt_problem(resp, req, LT_E_CONFLICT, "The activity cannot stop being a joint event.",
                      errors);
}

/*
 * Sends the activity's notice when it is due (high-profile, not state-wide FAI
 * PR) and none was sent yet, and keeps the lead time of a sent one current
 * when the activity moved. LT_DB_OK or the failure.
 */
static lt_db_status send_notice_if_due(lt_req *req, const char *id)
{
    const char *params[] = {lt_record_region(req), id};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "UPDATE lotse.activity_notices n SET lead_time_days = a.starts_on - n.sent_at::date"
        " FROM lotse.activities a WHERE n.region_id = $1 AND n.activity_id = $2"
        " AND a.region_id = n.region_id AND a.id = n.activity_id"
        " AND n.lead_time_days <> a.starts_on - n.sent_at::date",
        2, params);
    if (st != LT_DB_OK)
        return st;
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "INSERT INTO lotse.activity_notices (region_id, activity_id, lead_time_days)"
                    " SELECT a.region_id, a.id, a.starts_on - now()::date FROM lotse.activities a"
                    " WHERE a.region_id = $1 AND a.id = $2 AND a.high_profile"
                    " AND NOT a.statewide_fai"
                    " ON CONFLICT (region_id, activity_id) DO NOTHING RETURNING id",
                    2, params);
    if (st != LT_DB_OK || PQntuples(res) == 0)
        return st;
    return lt_audit(req, NULL, req->region_id, "notice_sent", "activity_notice",
                    lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0)));
}

/* By start, then id; from/to keep the activities taking place in that span. */
static const lt_list activity_list = {
    "activity",
    "activities",
    "SELECT " ACTIVITY_JSON
    " AS item, to_char(a.starts_on, 'YYYY-MM-DD') || '|' || a.id AS sort_key"
    " FROM lotse.activities a WHERE a.region_id = $3"
    "  AND ($4::text IS NULL OR a.kind = $4)"
    "  AND ($5::date IS NULL OR coalesce(a.ends_on, a.starts_on) >= $5::date)"
    "  AND ($6::date IS NULL OR a.starts_on <= $6::date)"
    "  AND ($7::boolean IS NULL OR a.joint = $7::boolean)"
    "  AND to_char(a.starts_on, 'YYYY-MM-DD') || '|' || a.id > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    activity_columns,
    sizeof activity_columns / sizeof activity_columns[0],
};

int lt_api_activities_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &activity_list, &page);
    if (status)
        return status;
    const char *kind = lt_req_query(req, "kind"), *from = lt_req_query(req, "from"),
               *to = lt_req_query(req, "to"), *joint = lt_req_query(req, "joint");
    json_t *errors = NULL;
    if (kind && !lt_is_choice(kinds, kind))
        lt_field_error(&errors, "kind", "is not a kind of activity");
    if (from && !lt_is_date(from))
        lt_field_error(&errors, "from", "must be a date as YYYY-MM-DD");
    if (to && !lt_is_date(to))
        lt_field_error(&errors, "to", "must be a date as YYYY-MM-DD");
    if (joint && strcmp(joint, "true") != 0 && strcmp(joint, "false") != 0)
        lt_field_error(&errors, "joint", "must be true or false");
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    const char *filters[] = {lt_record_region(req), kind, from, to, joint};
    return lt_page_list(req, resp, &activity_list, &page, 5, filters);
}

int lt_api_activities_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &activity, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *id;
    lt_db_status st = lt_record_insert(
        req, resp, "activity",
        "INSERT INTO lotse.activities (region_id, title, kind, starts_on, ends_on, topics, joint,"
        " speaker_referred_by_fai, high_profile, statewide_fai, description)"
        " VALUES ($1, $2, $3, $4, $5,"
        " coalesce(ARRAY(SELECT json_array_elements_text($6::json)), '{}'),"
        " coalesce($7::boolean, false), coalesce($8::boolean, false),"
        " coalesce($9::boolean, false), coalesce($10::boolean, false), coalesce($11, ''))"
        " RETURNING id",
        &v, &id);
    if (st == LT_DB_ERROR && (status = period_refusal(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = send_notice_if_due(req, id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_activity(req, resp, id, 201);
}

int lt_api_activity_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_activity(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_activity_update(lt_req *req, lt_resp *resp)
{
    int status = lt_record_update(
        req, resp, "activity", "lotse.activities", &activity,
        "UPDATE lotse.activities SET"
        " title = CASE WHEN $4 THEN $5 ELSE title END,"
        " kind = CASE WHEN $6 THEN $7 ELSE kind END,"
        " starts_on = CASE WHEN $8 THEN $9::date ELSE starts_on END,"
        " ends_on = CASE WHEN $10 THEN $11::date ELSE ends_on END,"
        " topics = CASE WHEN $12 THEN coalesce(ARRAY(SELECT json_array_elements_text($13::json)),"
        "   '{}') ELSE topics END,"
        " joint = CASE WHEN $14 THEN coalesce($15::boolean, false) ELSE joint END,"
        " speaker_referred_by_fai = CASE WHEN $16 THEN coalesce($17::boolean, false)"
        "   ELSE speaker_referred_by_fai END,"
        " high_profile = CASE WHEN $18 THEN coalesce($19::boolean, false) ELSE high_profile END,"
        " statewide_fai = CASE WHEN $20 THEN coalesce($21::boolean, false) ELSE statewide_fai END,"
        " description = CASE WHEN $22 THEN coalesce($23, '') ELSE description END,"
        " version = version + 1, updated_at = now()"
        " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
        update_refusal);
    lt_db_status st;
    if (status == 0 && (st = send_notice_if_due(req, lt_record_id(req))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return status ? status : answer_activity(req, resp, lt_record_id(req), 200);
}

int lt_api_activity_delete(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), id};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "DELETE FROM lotse.activities WHERE region_id = $1 AND id = $2"
                                 " RETURNING id",
                                 2, params);
    /* Participants are ESF+ evidence (participants.c): their activity is not deleted
     * with them (sql/0013); they go one by one, audited, or with the retention purge. */
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23503") == 0)
        return lt_problem(resp, req, LT_E_CONFLICT,
                          "The activity has participants, kept as ESF+ evidence until their"
                          " retention date: delete them first.",
                          NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if ((st = lt_audit(req, NULL, req->region_id, "activity_deleted", "activity", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return resp->status = 204;
}
