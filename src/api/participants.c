/*
 * participants.c - who took part in a joint event: the evidence the region gives
 * the FAI for its ESF+ funding (agreement §5: "Bei gemeinsamen Veranstaltungen
 * stellt die Region ... die erforderlichen Nachweise (Teilnehmendenlisten) zur
 * Verfügung").
 *
 * Personal data, kept to what that evidence needs (docs/data-protection.md):
 * name, email, organisation, the day and how attendance was confirmed, when and
 * how the person was informed, their ESF+ declaration, and the date until which
 * the record is kept (default from sql/0013; `lotse purge` deletes it then).
 * Only joint events have participants (409 otherwise). Coordinators write;
 * members and the FAI's ESF+ team (fai_esf) read, and every read - list or
 * record, by anyone - is audited in the same transaction.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/import.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdbool.h>
#include <string.h>

static const char *const confirmations[] = {"signature", "online_attendance",
                                            "organiser_confirmation", NULL};
static const char *const information_ways[] = {"attendance_list_notice", "registration_form",
                                               "email", "handout", NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field participant_fields[] = {
    {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"email", LT_F_EMAIL, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"organisation", LT_F_TEXT, 0, 0, 200, NULL},
    {"participated_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"attendance_confirmed_by", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, confirmations},
    {"information_given_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"information_how", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, information_ways},
    {"esf_reporting_consent", LT_F_BOOL, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"retain_until", LT_F_DATE, 0, 0, 0, NULL},
};
static const lt_schema participant = {"participant", participant_fields,
                                      sizeof participant_fields / sizeof participant_fields[0]};
enum {
    NAME,
    EMAIL,
    ORGANISATION,
    PARTICIPATED_ON,
    CONFIRMED_BY,
    INFORMED_ON,
    INFORMED_HOW,
    ESF_CONSENT,
    RETAIN_UNTIL
};

/* The CSV export (?format=csv): the list the FAI files as evidence. */
static const lt_csv_column participant_columns[] = {
    {"name", "name"},
    {"organisation", "organisation"},
    {"email", "email"},
    {"participated_on", "participated_on"},
    {"attendance_confirmed_by", "attendance_confirmed_by"},
    {"information_given_on", "information_given_on"},
    {"information_how", "information_how"},
    {"esf_reporting_consent", "esf_reporting_consent"},
    {"retain_until", "retain_until"},
};

#define PARTICIPANT_JSON                                                                           \
    "json_build_object('id', p.id, 'activity_id', p.activity_id, 'name', p.name, 'email',"         \
    " p.email, 'organisation', p.organisation, 'participated_on', p.participated_on,"              \
    " 'attendance_confirmed_by', p.attendance_confirmed_by, 'information_given_on',"               \
    " p.information_given_on, 'information_how', p.information_how, 'esf_reporting_consent',"      \
    " p.esf_reporting_consent, 'retain_until', p.retain_until, 'version', p.version,"              \
    " 'created_at', p.created_at, 'updated_at', p.updated_at)"

/* The {pid} of the path when it is a UUID, else NULL. */
static const char *participant_id(lt_req *req)
{
    const char *pid = lt_req_param(req, "pid");
    return pid && lt_is_uuid(pid) ? pid : NULL;
}

/* Answers one participant and its ETag (no audit: the caller audits what it did). */
static int answer_participant(lt_req *req, lt_resp *resp, const char *activity, const char *pid,
                              int status)
{
    const char *params[] = {lt_record_region(req), activity, pid};
    return lt_record_answer(req, resp,
                            "SELECT " PARTICIPANT_JSON "::text, p.version FROM lotse.participants p"
                            " WHERE p.region_id = $1 AND p.activity_id = $2 AND p.id = $3",
                            3, params, status);
}

static int not_joint_event(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_CONFLICT,
                      "This activity is not a joint event (joint, and an event, workshop or"
                      " network meeting): participant lists are kept only for joint events"
                      " (agreement §5).",
                      NULL);
}

static int invalid(lt_req *req, lt_resp *resp, json_t *errors)
{
    return lt_problem(resp, req, LT_E_VALIDATION, "The participant is not valid.", errors);
}

/* What a participant's dates are checked against: the activity's days and today. */
typedef struct event_days {
    const char *first, *last, *today;
} event_days;

/*
 * Looks up the activity {id} of the route's region: 0 with *days filled, or the
 * status of the answer written (404 no such activity, 409 not a joint event).
 */
static int joint_event_days(lt_req *req, lt_resp *resp, const char *activity, event_days *days)
{
    const char *params[] = {lt_record_region(req), activity};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT lotse.joint_event(a.kind, a.joint), a.starts_on::text,"
                                 " coalesce(a.ends_on, a.starts_on)::text, current_date::text"
                                 " FROM lotse.activities a WHERE a.region_id = $1 AND a.id = $2",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        return not_joint_event(req, resp);
    days->first = PQgetvalue(res, 0, 1);
    days->last = PQgetvalue(res, 0, 2);
    days->today = PQgetvalue(res, 0, 3);
    return 0;
}

/*
 * The date rules (YYYY-MM-DD compares as text): attendance on a day of the event
 * and not in the future, the information not in the future, the record kept at
 * least until the day of participation and not past already. participated_on is
 * the value the record will have (sent or stored); NULL values are not checked.
 */
static json_t *date_errors(lt_req *req, const event_days *days, const char *participated_on,
                           const char *informed_on, const char *retain_until)
{
    json_t *errors = NULL;
    if (participated_on &&
        (strcmp(participated_on, days->first) < 0 || strcmp(participated_on, days->last) > 0))
        lt_field_error(&errors, "participated_on",
                       lt_arena_printf(req->arena, "must be a day of the event (%s to %s)",
                                       days->first, days->last));
    else if (participated_on && strcmp(participated_on, days->today) > 0)
        lt_field_error(&errors, "participated_on",
                       "must not be in the future: record who took part after the event");
    if (informed_on && strcmp(informed_on, days->today) > 0)
        lt_field_error(&errors, "information_given_on", "must not be in the future");
    if (retain_until && strcmp(retain_until, days->today) < 0)
        lt_field_error(&errors, "retain_until", "must not be in the past");
    else if (retain_until && participated_on && strcmp(retain_until, participated_on) < 0)
        lt_field_error(&errors, "retain_until", "must not be before participated_on");
    return errors;
}

/* A failed write: a rule of sql/0013, the same email twice, the activity gone.
 * 0 when the failure is none of them. */
static int write_problem(lt_req *req, lt_resp *resp)
{
    const char *state = lt_db_sqlstate(req->app->db);
    json_t *errors = NULL;
    if (strcmp(state, "23503") == 0)
        return lt_record_not_found(req, resp);
    if (strcmp(state, "LTJ01") == 0)
        return not_joint_event(req, resp);
    if (strcmp(state, "23505") == 0) {
        lt_field_error(&errors, "email", "is already on this event's participant list");
        return lt_problem(resp, req, LT_E_CONFLICT, "The participant is listed already.", errors);
    }
    if (strcmp(state, "23514") == 0) { /* a new day of participation after retain_until */
        lt_field_error(&errors, "retain_until", "must not be before participated_on");
        return invalid(req, resp, errors);
    }
    if (strcmp(state, "LTJ03") == 0) {
        lt_field_error(&errors, "participated_on", "must be a day of the event");
        return invalid(req, resp, errors);
    }
    return 0;
}

/* Ordered by name; the id makes the order total. */
static const lt_list participant_list = {
    "participant",
    "participants",
    "SELECT " PARTICIPANT_JSON " AS item, (lower(p.name) || '|' || p.id) COLLATE \"C\" AS sort_key"
    " FROM lotse.participants p WHERE p.region_id = $3 AND p.activity_id = $4"
    "  AND (lower(p.name) || '|' || p.id) COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    participant_columns,
    sizeof participant_columns / sizeof participant_columns[0],
};

int lt_api_participants_list(lt_req *req, lt_resp *resp)
{
    const char *activity = lt_record_id(req);
    if (!activity)
        return lt_record_not_found(req, resp);
    lt_page page;
    event_days days;
    int status = lt_page_parse(req, resp, &participant_list, &page);
    if (status || (status = joint_event_days(req, resp, activity, &days)))
        return status;
    lt_db_status st =
        lt_audit(req, NULL, req->region_id, "participants_listed", "participant_list", activity);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *filters[] = {lt_record_region(req), activity};
    return lt_page_list(req, resp, &participant_list, &page, 2, filters);
}

int lt_api_participants_add(lt_req *req, lt_resp *resp)
{
    const char *activity = lt_record_id(req);
    if (!activity)
        return lt_record_not_found(req, resp);
    lt_values v;
    event_days days;
    int status = lt_validate(req, resp, &participant, LT_VALIDATE_CREATE, &v);
    if (status || (status = joint_event_days(req, resp, activity, &days)))
        return status;
    json_t *errors =
        date_errors(req, &days, v.text[PARTICIPATED_ON], v.text[INFORMED_ON], v.text[RETAIN_UNTIL]);
    if (errors)
        return invalid(req, resp, errors);
    const char *params[] = {lt_record_region(req), activity,
                            v.text[NAME],          v.text[EMAIL],
                            v.text[ORGANISATION],  v.text[PARTICIPATED_ON],
                            v.text[CONFIRMED_BY],  v.text[INFORMED_ON],
                            v.text[INFORMED_HOW],  v.text[ESF_CONSENT],
                            v.text[RETAIN_UNTIL]};
    PGresult *res;
    /* retain_until NULL: the trigger of sql/0013 sets the default */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "INSERT INTO lotse.participants (region_id, activity_id, name, email, organisation,"
        " participated_on, attendance_confirmed_by, information_given_on, information_how,"
        " esf_reporting_consent, retain_until)"
        " VALUES ($1, $2, $3, $4, coalesce($5, ''), $6, $7, $8, $9, $10::boolean, $11::date)"
        " RETURNING id",
        11, params);
    if (st == LT_DB_ERROR && (status = write_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *pid = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, req->region_id, "participant_added", "participant", pid)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location",
                   lt_arena_printf(req->arena, "/api/v1/regions/%s/activities/%s/participants/%s",
                                   lt_req_param(req, "region"), activity, pid));
    return answer_participant(req, resp, activity, pid, 201);
}

int lt_api_participant_get(lt_req *req, lt_resp *resp)
{
    const char *activity = lt_record_id(req), *pid = participant_id(req);
    if (!activity || !pid)
        return lt_record_not_found(req, resp);
    int status = answer_participant(req, resp, activity, pid, 200);
    if (status != 200)
        return status;
    lt_db_status st = lt_audit(req, NULL, req->region_id, "participant_read", "participant", pid);
    return st == LT_DB_OK ? status : lt_api_db_problem(req, resp, st);
}

int lt_api_participant_update(lt_req *req, lt_resp *resp)
{
    const char *activity = lt_record_id(req), *pid = participant_id(req);
    if (!activity || !pid)
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    event_days days;
    if ((status = lt_validate(req, resp, &participant, LT_VALIDATE_PATCH, &v)) ||
        (status = joint_event_days(req, resp, activity, &days)))
        return status;
    /* retain_until is checked against the day of participation the record will have */
    const char *key[] = {lt_record_region(req), activity, pid};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT participated_on::text FROM lotse.participants"
                                 " WHERE region_id = $1 AND activity_id = $2 AND id = $3",
                                 3, key);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    const char *participated_on =
        v.given[PARTICIPATED_ON] ? v.text[PARTICIPATED_ON] : PQgetvalue(res, 0, 0);
    json_t *errors = date_errors(req, &days, v.given[PARTICIPATED_ON] ? participated_on : NULL,
                                 v.text[INFORMED_ON], v.text[RETAIN_UNTIL]);
    if (!errors && v.text[RETAIN_UNTIL] && strcmp(v.text[RETAIN_UNTIL], participated_on) < 0)
        lt_field_error(&errors, "retain_until", "must not be before participated_on");
    if (errors)
        return invalid(req, resp, errors);
    const char *lead[] = {lt_record_region(req), activity, pid,
                          lt_arena_printf(req->arena, "%d", version)};
    int nparams;
    const char **params = lt_values_patch_params(req->arena, &v, lead, 4, &nparams);
    st = lt_db_exec(
        req->app->db, req->arena, &res,
        "UPDATE lotse.participants SET"
        " name = CASE WHEN $5 THEN $6 ELSE name END,"
        " email = CASE WHEN $7 THEN $8 ELSE email END,"
        " organisation = CASE WHEN $9 THEN coalesce($10, '') ELSE organisation END,"
        " participated_on = CASE WHEN $11 THEN $12::date ELSE participated_on END,"
        " attendance_confirmed_by = CASE WHEN $13 THEN $14 ELSE attendance_confirmed_by END,"
        " information_given_on = CASE WHEN $15 THEN $16::date ELSE information_given_on END,"
        " information_how = CASE WHEN $17 THEN $18 ELSE information_how END,"
        " esf_reporting_consent = CASE WHEN $19 THEN $20::boolean ELSE esf_reporting_consent END,"
        " retain_until = CASE WHEN $21 THEN $22::date ELSE retain_until END,"
        " version = version + 1, updated_at = now()"
        " WHERE region_id = $1 AND activity_id = $2 AND id = $3 AND version = $4::int"
        " RETURNING id",
        nparams, params);
    if (st == LT_DB_ERROR && (status = write_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_update_missed(req, resp,
                                       "SELECT version FROM lotse.participants"
                                       " WHERE region_id = $1 AND activity_id = $2 AND id = $3",
                                       3, key);
    if ((st = lt_audit(req, NULL, req->region_id, "participant_updated", "participant", pid)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_participant(req, resp, activity, pid, 200);
}

int lt_api_participant_delete(lt_req *req, lt_resp *resp)
{
    const char *activity = lt_record_id(req), *pid = participant_id(req);
    if (!activity || !pid)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), activity, pid};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "DELETE FROM lotse.participants"
                                 " WHERE region_id = $1 AND activity_id = $2 AND id = $3"
                                 " RETURNING id",
                                 3, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if ((st = lt_audit(req, NULL, req->region_id, "participant_deleted", "participant", pid)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return resp->status = 204;
}

/* ---- CSV import (import.h): the columns, with the headers and words office users write ---- */

static const char *const name_names[] = {"Name", "Vor- und Nachname", "Teilnehmer", NULL};
static const char *const email_names[] = {"E-Mail-Adresse", "Mail", NULL};
static const char *const organisation_names[] = {"Organisation", "Unternehmen", "Arbeitgeber",
                                                 "Institution", NULL};
static const char *const participated_names[] = {"Teilnahmedatum", "Teilgenommen am", "Datum",
                                                 NULL};
static const char *const confirmed_names[] = {"Teilnahme bestätigt durch", "Bestätigung", NULL};
static const char *const informed_on_names[] = {"Informiert am", NULL};
static const char *const informed_how_names[] = {"Informiert durch", "Information", NULL};
static const char *const consent_names[] = {"ESF-Einwilligung", "Einwilligung ESF", "Einwilligung",
                                            NULL};
static const char *const retain_names[] = {"Aufbewahren bis", "Löschen nach", NULL};

static const lt_csv_label confirmation_labels[] = {{"Unterschrift", "signature"},
                                                   {"online", "online_attendance"},
                                                   {"Online-Teilnahme", "online_attendance"},
                                                   {"Veranstalter", "organiser_confirmation"},
                                                   {NULL, NULL}};
static const lt_csv_label information_labels[] = {
    {"Hinweis auf der Teilnehmerliste", "attendance_list_notice"},
    {"Teilnehmerliste", "attendance_list_notice"},
    {"Anmeldeformular", "registration_form"},
    {"E-Mail", "email"},
    {"Handzettel", "handout"},
    {"Merkblatt", "handout"},
    {NULL, NULL}};

static const lt_csv_import_column participant_import_columns[] = {
    {"name", name_names, NULL, false},
    {"email", email_names, NULL, false},
    {"organisation", organisation_names, NULL, false},
    {"participated_on", participated_names, NULL, false},
    {"attendance_confirmed_by", confirmed_names, confirmation_labels, false},
    {"information_given_on", informed_on_names, NULL, false},
    {"information_how", informed_how_names, information_labels, false},
    {"esf_reporting_consent", consent_names, NULL, false},
    {"retain_until", retain_names, NULL, false},
};

const lt_import_kind lt_import_participants = {
    "participants",
    &participant,
    participant_import_columns,
    sizeof participant_import_columns / sizeof participant_import_columns[0],
    lt_api_participants_add,
    "activity",
};
