/*
 * obstacles.c - the bureaucratic and integration hurdles a region observes
 * (agreement §3, §4): the raw material the FAI brings into state and federal
 * policy, each with what policy should change.
 *
 * How many inquiries an obstacle touched, and when the first and the last of
 * them was received, are counted from the links inquiries carry (obstacle_ids,
 * inquiries.c), never typed in. first_seen and last_seen are what the region
 * states about sightings outside its logged inquiries; seen_from and seen_to
 * span both. The list is a ranking: most severe first, then most inquiries.
 * Members read, coordinators keep; FAI leadership never reaches them
 * (LT_ACT_EMPLOYER_*). docs/inquiries.md explains the model.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/codes.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <string.h>

static const char *const severities[] = {"low", "medium", "high", "critical", NULL};
static const char *const levels[] = {"state", "federal", NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field obstacle_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"category", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, lt_obstacle_categories},
    {"description", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 5000, NULL},
    {"first_seen", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"last_seen", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"severity", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, severities},
    {"policy_proposal", LT_F_LONGTEXT, 0, 0, 5000, NULL},
    {"policy_level", LT_F_ENUM, LT_FIELD_NULLABLE, 0, 0, levels},
};
static const lt_schema obstacle = {"obstacle", obstacle_fields,
                                   sizeof obstacle_fields / sizeof obstacle_fields[0]};

static const lt_csv_column obstacle_columns[] = {
    {"title", "title"},
    {"category", "category"},
    {"severity", "severity"},
    {"inquiries_touched", "inquiries_touched"},
    {"seen_from", "seen_from"},
    {"seen_to", "seen_to"},
    {"first_seen", "first_seen"},
    {"last_seen", "last_seen"},
    {"policy_level", "policy_level"},
    {"policy_proposal", "policy_proposal"},
    {"description", "description"},
    {"updated_at", "updated_at"},
};

/* The obstacle b with what its linked inquiries s say (OBSTACLE_STATS). */
#define OBSTACLE_JSON                                                                              \
    "json_build_object('id', b.id, 'title', b.title, 'category', b.category, 'description',"       \
    " b.description, 'first_seen', b.first_seen, 'last_seen', b.last_seen, 'severity',"            \
    " b.severity, 'policy_proposal', b.policy_proposal, 'policy_level', b.policy_level,"           \
    " 'inquiries_touched', s.touched, 'first_inquiry_on', s.first_on, 'last_inquiry_on',"          \
    " s.last_on, 'seen_from', least(b.first_seen, s.first_on), 'seen_to', greatest(b.last_seen,"   \
    " s.last_on), 'version', b.version, 'created_at', b.created_at, 'updated_at', b.updated_at)"
#define OBSTACLE_STATS                                                                             \
    " CROSS JOIN LATERAL (SELECT count(*) AS touched, min(i.received_on) AS first_on,"             \
    " max(i.received_on) AS last_on FROM lotse.inquiry_obstacles l JOIN lotse.inquiries i"         \
    " ON i.region_id = l.region_id AND i.id = l.inquiry_id"                                        \
    " WHERE l.region_id = b.region_id AND l.obstacle_id = b.id) s"

static int answer_obstacle(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " OBSTACLE_JSON "::text, b.version FROM lotse.obstacles b"
                            " " OBSTACLE_STATS " WHERE b.region_id = $1 AND b.id = $2",
                            2, params, status);
}

/* The check constraint of the sightings (23514): last_seen before first_seen, named. */
static int seen_refusal(lt_req *req, lt_resp *resp)
{
    if (strcmp(lt_db_sqlstate(req->app->db), "23514") != 0)
        return 0;
    json_t *errors = NULL;
    lt_field_error(&errors, "last_seen", "must not be before first_seen");
    return lt_problem(resp, req, LT_E_VALIDATION, "The obstacle is not valid.", errors);
}

/* The ranking: critical first, then the most inquiries touched; the id makes it total. */
#define SORT_KEY                                                                                   \
    "(array_position(ARRAY['critical', 'high', 'medium', 'low'], b.severity) || '|'"               \
    " || lpad((999999999 - s.touched)::text, 9, '0') || '|' || b.id) COLLATE \"C\""
static const lt_list obstacle_list = {
    "obstacle",
    "obstacles",
    "SELECT " OBSTACLE_JSON " AS item, " SORT_KEY " AS sort_key"
    " FROM lotse.obstacles b" OBSTACLE_STATS " WHERE b.region_id = $3"
    "  AND ($4::text IS NULL OR b.category = $4) AND ($5::text IS NULL OR b.severity = $5)"
    "  AND ($6::text IS NULL OR b.policy_level = $6) AND " SORT_KEY " > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    obstacle_columns,
    sizeof obstacle_columns / sizeof obstacle_columns[0],
};

int lt_api_obstacles_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &obstacle_list, &page);
    if (status)
        return status;
    const char *category = lt_req_query(req, "category"), *severity = lt_req_query(req, "severity"),
               *level = lt_req_query(req, "policy_level");
    json_t *errors = NULL;
    if (category && !lt_is_choice(lt_obstacle_categories, category))
        lt_field_error(&errors, "category", "is not an obstacle category");
    if (severity && !lt_is_choice(severities, severity))
        lt_field_error(&errors, "severity", "must be one of: low, medium, high, critical");
    if (level && !lt_is_choice(levels, level))
        lt_field_error(&errors, "policy_level", "must be state or federal");
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    const char *filters[] = {lt_record_region(req), category, severity, level};
    return lt_page_list(req, resp, &obstacle_list, &page, 4, filters);
}

int lt_api_obstacles_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &obstacle, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *id;
    lt_db_status st = lt_record_insert(
        req, resp, "obstacle",
        "INSERT INTO lotse.obstacles (region_id, title, category, description, first_seen,"
        " last_seen, severity, policy_proposal, policy_level) VALUES ($1, $2, $3, $4, $5::date,"
        " $6::date, $7, coalesce($8, ''), $9) RETURNING id",
        &v, &id);
    if (st == LT_DB_ERROR && (status = seen_refusal(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_obstacle(req, resp, id, 201);
}

int lt_api_obstacle_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_obstacle(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_obstacle_update(lt_req *req, lt_resp *resp)
{
    int status = lt_record_update(
        req, resp, "obstacle", "lotse.obstacles", &obstacle,
        "UPDATE lotse.obstacles SET"
        " title = CASE WHEN $4 THEN $5 ELSE title END,"
        " category = CASE WHEN $6 THEN $7 ELSE category END,"
        " description = CASE WHEN $8 THEN $9 ELSE description END,"
        " first_seen = CASE WHEN $10 THEN $11::date ELSE first_seen END,"
        " last_seen = CASE WHEN $12 THEN $13::date ELSE last_seen END,"
        " severity = CASE WHEN $14 THEN $15 ELSE severity END,"
        " policy_proposal = CASE WHEN $16 THEN coalesce($17, '') ELSE policy_proposal END,"
        " policy_level = CASE WHEN $18 THEN $19 ELSE policy_level END,"
        " version = version + 1, updated_at = now()"
        " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
        seen_refusal);
    return status ? status : answer_obstacle(req, resp, lt_record_id(req), 200);
}

/* The links to inquiries go with it (ON DELETE CASCADE); the inquiries stay. */
int lt_api_obstacle_delete(lt_req *req, lt_resp *resp)
{
    return lt_record_delete(req, resp,
                            "DELETE FROM lotse.obstacles WHERE region_id = $1 AND id = $2"
                            " RETURNING id",
                            "obstacle");
}
