/*
 * profile.c - the region's profile (agreement §2.1: strengths, challenges,
 * existing structures) and the areas where it needs support (§3).
 *
 * A singleton per region: the migration gives every region its row (version 1,
 * empty lists), so there is no create or delete; members read it, coordinators
 * replace it whole with PUT and If-Match. Lists are text[] in PostgreSQL, which
 * also builds the JSON.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>

static const char *const challenges[] = {"housing_market",   "unemployment",    "municipal_budget",
                                         "childcare",        "welcome_culture", "language_courses",
                                         "public_transport", "other",           NULL};
static const char *const support_needs[] = {"recruitment_and_immigration_framework",
                                            "accompanying_integration", "in_company_onboarding",
                                            "family_reunification", NULL};

/*
 * The order of these fields is the order of the statement parameters below.
 * PUT replaces the whole profile, so every field must be sent (an empty list
 * or "" clears it): a client never empties a list it did not mean to touch.
 */
static const lt_field profile_fields[] = {
    {"strengths", LT_F_TEXT_LIST, LT_FIELD_REQUIRED, 0, 30, NULL},
    {"challenges", LT_F_ENUM_SET, LT_FIELD_REQUIRED, 0, 8, challenges},
    {"challenges_note", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 0, 5000, NULL},
    {"existing_structures", LT_F_TEXT_LIST, LT_FIELD_REQUIRED, 0, 30, NULL},
    {"support_needs", LT_F_ENUM_SET, LT_FIELD_REQUIRED, 0, 4, support_needs},
};
static const lt_schema profile = {"region profile", profile_fields,
                                  sizeof profile_fields / sizeof profile_fields[0]};

#define PROFILE_JSON                                                                               \
    "json_build_object('strengths', p.strengths, 'challenges', p.challenges,"                      \
    " 'challenges_note', p.challenges_note, 'existing_structures', p.existing_structures,"         \
    " 'support_needs', p.support_needs, 'version', p.version, 'updated_at', p.updated_at)"

/* A JSON array of texts (validated) as text[], in the order sent. */
#define TEXT_ARRAY(n)                                                                              \
    "ARRAY(SELECT e FROM json_array_elements_text($" #n "::json) WITH ORDINALITY AS t(e, i)"       \
    " ORDER BY i)"

/* Answers the profile and its ETag; 404 when the region has no row visible. */
static int answer_profile(lt_req *req, lt_resp *resp)
{
    const char *params[] = {lt_record_region(req)};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT " PROFILE_JSON "::text, p.version FROM lotse.region_profiles p"
                   " WHERE p.region_id = $1",
                   1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    lt_etag_set(resp, atoi(PQgetvalue(res, 0, 1)));
    resp->content_type = "application/json";
    return resp->status = 200;
}

int lt_api_profile_get(lt_req *req, lt_resp *resp)
{
    return answer_profile(req, resp);
}

int lt_api_profile_replace(lt_req *req, lt_resp *resp)
{
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &profile, LT_VALIDATE_REPLACE, &v)))
        return status;
    const char *params[] = {lt_record_region(req),
                            lt_arena_printf(req->arena, "%d", version),
                            v.text[0],
                            v.text[1],
                            v.text[2],
                            v.text[3],
                            v.text[4]};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "UPDATE lotse.region_profiles SET"
        " strengths = " TEXT_ARRAY(
            3) ","
               " challenges = " TEXT_ARRAY(
                   4) ","
                      " challenges_note = $5,"
                      " existing_structures = " TEXT_ARRAY(
                          6) ","
                             " support_needs = " TEXT_ARRAY(
                                 7) ","
                                    " version = version + 1, updated_at = now()"
                                    " WHERE region_id = $1 AND version = $2::int RETURNING version",
        7, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        const char *key[] = {lt_record_region(req)};
        return lt_record_update_missed(
            req, resp, "SELECT version FROM lotse.region_profiles WHERE region_id = $1", 1, key);
    }
    if ((st = lt_audit(req, NULL, req->region_id, "profile_updated", "region_profile", NULL)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_profile(req, resp);
}
