/*
 * inquiries.c - employer inquiries, "handled where they arrive" (agreement §4):
 * when and how one came in, who received it (the region or the FAI), the
 * employer (a company of the region, or only its size class and sector), what it
 * was about, the referral to a regional offer or the employer's choice to stay
 * with the FAI, the outcome, and the obstacles it met.
 *
 * Coordinators log and change the region's inquiries, members read them. FAI
 * staff, members of no region, log an inquiry that reached the FAI for a region
 * (received_by 'fai', forced) and read and change those and only those: the
 * handler keeps them to that, and row-level security does again
 * (sql/0012_inquiries.sql). An inquiry names its company by company_id or, when
 * it is logged, by company_name (and company_location), which adds the company
 * to the region in the same statement; that is how FAI staff name one without
 * ever seeing the region's list. Rules across fields sit in a trigger with one
 * SQLSTATE each, so every path keeps them and the answer names the field.
 * docs/inquiries.md explains the model.
 */
#include "lotse/access.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/import.h"
#include "lotse/audit.h"
#include "lotse/classification.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>
#include <string.h>

static const char *const channels[] = {"phone",   "email",    "meeting", "event",
                                       "website", "referral", NULL};
static const char *const receivers[] = {"region", "fai", NULL};
/* the topics of the offers (offers.c, sql/0010), so a referral matches its offer */
static const char *const topics[] = {
    "recognition", "visa_and_entry", "feg_pathways", "onboarding",           "family_reunification",
    "housing",     "language",       "funding",      "recruitment_agencies", "other",
    NULL};
static const char *const outcomes[] = {"open",    "advised", "referred", "recruiting",
                                       "no_need", "other",   NULL};

/*
 * The order of these fields is the order of the statement parameters below. The
 * last three are not columns of the inquiry: the links to obstacles, and the
 * company a new inquiry adds. A PATCH binds only the fields before them.
 */
static const lt_field inquiry_fields[] = {
    {"received_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"channel", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, channels},
    {"received_by", LT_F_ENUM, 0, 0, 0, receivers},
    {"company_id", LT_F_UUID, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"size_class", LT_F_ENUM, LT_FIELD_NULLABLE, 0, 0, lt_size_classes},
    {"sector", LT_F_ENUM, LT_FIELD_NULLABLE, 0, 0, lt_wz_sections},
    {"topics", LT_F_ENUM_SET, 0, 0, 10, topics},
    {"target_countries", LT_F_TEXT_LIST, 0, 0, 50, NULL},
    {"occupation", LT_F_TEXT, 0, 0, 200, NULL},
    {"offer_id", LT_F_UUID, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"stays_with_fai", LT_F_BOOL, 0, 0, 0, NULL},
    {"outcome", LT_F_ENUM, 0, 0, 0, outcomes},
    {"follow_up_on", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"notes", LT_F_LONGTEXT, 0, 0, 5000, NULL},
    {"obstacle_ids", LT_F_TEXT_LIST, 0, 0, 50, NULL},
    {"company_name", LT_F_TEXT, 0, 1, 200, NULL},
    {"company_location", LT_F_TEXT, 0, 0, 200, NULL},
};
static const lt_schema inquiry = {"inquiry", inquiry_fields,
                                  sizeof inquiry_fields / sizeof inquiry_fields[0]};
enum {
    F_RECEIVED_BY = 2,
    F_COMPANY_ID = 3,
    F_SIZE_CLASS = 4,
    F_SECTOR = 5,
    F_COUNTRIES = 7,
    F_OFFER_ID = 9,
    F_OBSTACLES = 14,
    F_COMPANY_NAME = 15,
    F_COMPANY_LOCATION = 16,
    N_COLUMNS = 14 /* the fields that are columns of lotse.inquiries */
};

/* The CSV export's columns (?format=csv): codes as stored, lists joined with "; ". */
static const lt_csv_column inquiry_columns[] = {
    {"id", "id"},
    {"received_on", "received_on"},
    {"channel", "channel"},
    {"received_by", "received_by"},
    {"company", "company.name"},
    {"company_location", "company.location"},
    {"size_class", "size_class"},
    {"sector", "sector"},
    {"topics", "topics[]"},
    {"target_countries", "target_countries[]"},
    {"occupation", "occupation"},
    {"offer_id", "offer_id"},
    {"stays_with_fai", "stays_with_fai"},
    {"outcome", "outcome"},
    {"follow_up_on", "follow_up_on"},
    {"obstacle_ids", "obstacle_ids[]"},
    {"notes", "notes"},
    {"updated_at", "updated_at"},
};

/*
 * An inquiry i with its company c (LEFT JOINed: null when it names none, or one
 * the caller may not see). size_class and sector are the company's when it names
 * one, else the inquiry's own.
 */
#define INQUIRY_JSON                                                                               \
    "json_build_object('id', i.id, 'received_on', i.received_on, 'channel', i.channel,"            \
    " 'received_by', i.received_by, 'company_id', i.company_id, 'company', CASE WHEN c.id IS"      \
    " NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'location', c.location)"   \
    " END, 'size_class', CASE WHEN i.company_id IS NULL THEN i.size_class ELSE c.size_class END,"  \
    " 'sector', CASE WHEN i.company_id IS NULL THEN i.sector ELSE c.sector END, 'topics',"         \
    " i.topics, 'target_countries', i.target_countries, 'occupation', i.occupation, 'offer_id',"   \
    " i.offer_id, 'stays_with_fai', i.stays_with_fai, 'outcome', i.outcome, 'follow_up_on',"       \
    " i.follow_up_on, 'obstacle_ids', coalesce((SELECT json_agg(l.obstacle_id ORDER BY"            \
    " l.obstacle_id) FROM lotse.inquiry_obstacles l WHERE l.region_id = i.region_id"               \
    " AND l.inquiry_id = i.id), '[]'), 'notes', i.notes, 'version', i.version, 'created_at',"      \
    " i.created_at, 'updated_at', i.updated_at)"
#define COMPANY_JOIN                                                                               \
    " LEFT JOIN lotse.companies c ON c.region_id = i.region_id AND c.id = i.company_id"

static int answer_inquiry(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " INQUIRY_JSON "::text, i.version FROM lotse.inquiries i"
                            " " COMPANY_JOIN " WHERE i.region_id = $1 AND i.id = $2",
                            2, params, status);
}

/* True when the caller acts for the FAI here: FAI staff, not a coordinator of the region. */
static bool acts_for_fai(lt_req *req)
{
    return !lt_access_allows(req->who, LT_ACT_REGION_WRITE, req->region_id);
}

/* Checks each entry of a JSON list text (as lt_validate hands it over) with ok;
 * names the field once, with the first bad entry's position. */
static void check_list(lt_req *req, json_t **errors, const char *list, const char *field,
                       bool (*ok)(const char *), const char *what)
{
    if (!list)
        return;
    json_t *items = json_loads(list, 0, NULL);
    size_t i, j;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        const char *s = json_string_value(item);
        if (!ok(s)) {
            lt_field_error(errors, field,
                           lt_arena_printf(req->arena, "entry %zu is not %s", i + 1, what));
            break;
        }
        for (j = 0; j < i && strcmp(s, json_string_value(json_array_get(items, j))) != 0; j++)
            ;
        if (j < i) {
            lt_field_error(errors, field, "must not name a value twice");
            break;
        }
    }
    json_decref(items);
}

/* The rules that need only the body; errors collects what is wrong. */
static void check_body(lt_req *req, const lt_values *v, bool create, json_t **errors)
{
    check_list(req, errors, v->text[F_COUNTRIES], "target_countries", lt_country_is_code,
               "an ISO 3166-1 alpha-2 country code (such as DE, IN or GB)");
    check_list(req, errors, v->text[F_OBSTACLES], "obstacle_ids", lt_is_uuid, "an id (UUID)");
    if (!create) {
        if (v->given[F_COMPANY_NAME])
            lt_field_error(errors, "company_name",
                           "is given when the inquiry is logged; change the company itself");
        if (v->given[F_COMPANY_LOCATION])
            lt_field_error(errors, "company_location",
                           "is given when the inquiry is logged; change the company itself");
    } else if (v->given[F_COMPANY_NAME] && v->text[F_COMPANY_ID]) {
        lt_field_error(errors, "company_name", "give company_id or company_name, not both");
    } else if (v->given[F_COMPANY_LOCATION] && !v->given[F_COMPANY_NAME]) {
        lt_field_error(errors, "company_location", "needs company_name");
    }
    if (v->text[F_COMPANY_ID] && (v->text[F_SIZE_CLASS] || v->text[F_SECTOR]))
        lt_field_error(errors, v->text[F_SIZE_CLASS] ? "size_class" : "sector",
                       "comes from the company the inquiry names; change the company instead");
    if (acts_for_fai(req)) {
        if (v->text[F_RECEIVED_BY] && strcmp(v->text[F_RECEIVED_BY], "fai") != 0)
            lt_field_error(errors, "received_by", "FAI staff log inquiries received by the FAI");
        if (v->given[F_OBSTACLES])
            lt_field_error(errors, "obstacle_ids", "obstacles are linked by the region");
    }
}

/*
 * Whether the company, the offer and the obstacles named belong to the region,
 * as the caller sees it: one statement under row-level security. FAI staff see
 * only the companies of the inquiries received by the FAI, and may refer to an
 * offer the region has published. Another region's record is answered like one
 * that does not exist. 0, or the status of the problem written.
 */
static int check_references(lt_req *req, lt_resp *resp, const lt_values *v, json_t **errors)
{
    if (!v->text[F_COMPANY_ID] && !v->text[F_OFFER_ID] && !v->text[F_OBSTACLES])
        return 0;
    const char *params[] = {lt_record_region(req), v->text[F_COMPANY_ID], v->text[F_OFFER_ID],
                            v->text[F_OBSTACLES]};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT $2::uuid IS NULL OR EXISTS (SELECT 1 FROM lotse.companies c"
        "   WHERE c.region_id = $1 AND c.id = $2::uuid),"
        " CASE WHEN $3::uuid IS NULL THEN true"
        "  WHEN EXISTS (SELECT 1 FROM lotse.offers o WHERE o.region_id = $1 AND o.id = $3::uuid)"
        "   THEN true"
        "  ELSE EXISTS (SELECT 1 FROM lotse.public_offers() p JOIN lotse.regions g"
        "   ON g.slug = p.region_slug WHERE g.id = $1 AND p.id = $3::uuid) END,"
        " NOT EXISTS (SELECT 1 FROM json_array_elements_text(coalesce($4, '[]')::json) x"
        "  WHERE NOT EXISTS (SELECT 1 FROM lotse.obstacles b"
        "   WHERE b.region_id = $1 AND b.id = x::uuid))",
        4, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        lt_field_error(errors, "company_id", "is not a company of this region");
    if (strcmp(PQgetvalue(res, 0, 1), "t") != 0)
        lt_field_error(errors, "offer_id", "is not an offer of this region");
    if (strcmp(PQgetvalue(res, 0, 2), "t") != 0)
        lt_field_error(errors, "obstacle_ids", "names an obstacle that is not of this region");
    return 0;
}

/* A refusal of the trigger lotse.inquiry_consistent (or of a foreign key whose
 * record went away meanwhile) as the problem naming its field; 0 for anything else. */
static int rule_problem(lt_req *req, lt_resp *resp)
{
    static const struct {
        const char *state, *field, *message;
    } rules[] = {
        {"LTQ01", "stays_with_fai",
         "the employer is either referred to an offer or stays with the FAI, not both"},
        {"LTQ02", "stays_with_fai", "only an inquiry received by the FAI can stay with the FAI"},
        {"LTQ03", "outcome", "referred needs the offer_id the employer was referred to"},
        {"LTQ04", "size_class",
         "comes from the company the inquiry names; change the company instead"},
        {"LTQ07", "sector", "comes from the company the inquiry names; change the company instead"},
        {"LTQ05", "follow_up_on", "must not be before received_on"},
        {"LTQ06", "received_on", "must not be in the future"},
    };
    const char *state = lt_db_sqlstate(req->app->db);
    if (strcmp(state, "23503") == 0)
        return lt_problem(resp, req, LT_E_CONFLICT,
                          "A record the inquiry names was removed meanwhile; read it again.", NULL);
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (strcmp(state, rules[i].state) == 0) {
            json_t *errors = NULL;
            lt_field_error(&errors, rules[i].field, rules[i].message);
            return lt_problem(resp, req, LT_E_VALIDATION, "The inquiry is not valid.", errors);
        }
    return 0;
}

/* Validation shared by create and change: the schema, the body's rules, the references. */
static int validate(lt_req *req, lt_resp *resp, lt_validate_mode mode, lt_values *v)
{
    int status = lt_validate(req, resp, &inquiry, mode, v);
    if (status)
        return status;
    json_t *errors = NULL;
    check_body(req, v, mode == LT_VALIDATE_CREATE, &errors);
    if (!errors && (status = check_references(req, resp, v, &errors)))
        return status;
    if (errors)
        return lt_problem(resp, req, LT_E_VALIDATION, "The inquiry is not valid.", errors);
    return 0;
}

/* Makes the inquiry's links to obstacles exactly those of the JSON list text ids. */
static lt_db_status link_obstacles(lt_req *req, const char *id, const char *ids)
{
    const char *params[] = {lt_record_region(req), id, ids};
    return lt_db_exec(
        req->app->db, req->arena, NULL,
        "WITH wanted AS (SELECT DISTINCT x::uuid AS obstacle_id"
        "  FROM json_array_elements_text($3::json) x),"
        " gone AS (DELETE FROM lotse.inquiry_obstacles l WHERE l.region_id = $1"
        "  AND l.inquiry_id = $2 AND l.obstacle_id NOT IN (SELECT obstacle_id FROM wanted))"
        " INSERT INTO lotse.inquiry_obstacles (region_id, inquiry_id, obstacle_id)"
        " SELECT $1, $2, obstacle_id FROM wanted ON CONFLICT DO NOTHING",
        3, params);
}

int lt_api_inquiries_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = validate(req, resp, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *received_by = v.text[F_RECEIVED_BY] ? v.text[F_RECEIVED_BY]
                              : acts_for_fai(req)   ? "fai"
                                                    : "region";
    const char *params[] = {lt_record_region(req),
                            v.text[0],
                            v.text[1],
                            received_by,
                            v.text[3],
                            v.text[4],
                            v.text[5],
                            v.text[6],
                            v.text[7],
                            v.text[8],
                            v.text[9],
                            v.text[10],
                            v.text[11],
                            v.text[12],
                            v.text[13],
                            v.text[F_COMPANY_NAME],
                            v.text[F_COMPANY_LOCATION]};
    PGresult *res;
    /* The new company's id is chosen here, not read back: FAI staff may add a company
     * but not read it until the inquiry naming it exists. */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH new_company AS (SELECT CASE WHEN $16::text IS NOT NULL THEN gen_random_uuid()"
        "  END AS id),"
        " added AS (INSERT INTO lotse.companies (region_id, id, name, location, size_class,"
        "  sector) SELECT $1, n.id, $16, coalesce($17, ''), $6, $7 FROM new_company n"
        "  WHERE n.id IS NOT NULL)"
        " INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by, company_id,"
        "  size_class, sector, topics, target_countries, occupation, offer_id, stays_with_fai,"
        "  outcome, follow_up_on, notes)"
        " SELECT $1, $2::date, $3, $4, coalesce($5::uuid, n.id),"
        "  CASE WHEN n.id IS NULL THEN $6 END, CASE WHEN n.id IS NULL THEN $7 END,"
        "  ARRAY(SELECT json_array_elements_text(coalesce($8, '[]')::json)),"
        "  ARRAY(SELECT json_array_elements_text(coalesce($9, '[]')::json)),"
        "  coalesce($10, ''), $11::uuid, coalesce($12::boolean, false), coalesce($13, 'open'),"
        "  $14::date, coalesce($15, '') FROM new_company n RETURNING id, company_id",
        17, params);
    if (st == LT_DB_ERROR && (status = rule_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    const char *company_id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 1));
    if (v.text[F_OBSTACLES] && (st = link_obstacles(req, id, v.text[F_OBSTACLES])) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (v.text[F_COMPANY_NAME] && (st = lt_audit(req, NULL, req->region_id, "company_created",
                                                 "company", company_id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, req->region_id, "inquiry_created", "inquiry", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location",
                   lt_arena_printf(req->arena, "/api/v1/regions/%s/inquiries/%s",
                                   lt_req_param(req, "region"), id));
    return answer_inquiry(req, resp, id, 201);
}

int lt_api_inquiry_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_inquiry(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_inquiry_update(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = validate(req, resp, LT_VALIDATE_PATCH, &v)))
        return status;
    const char *lead[] = {lt_record_region(req), id, lt_arena_printf(req->arena, "%d", version)};
    int nparams;
    const char **params = lt_values_patch_params(req->arena, &v, lead, 3, &nparams);
    nparams = 3 + 2 * N_COLUMNS;
    PGresult *res;
    /* Linking a company drops the inquiry's own size class and sector (the company's
     * apply); unlinking one keeps the company's on the inquiry. */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "UPDATE lotse.inquiries i SET"
        " received_on = CASE WHEN $4 THEN $5::date ELSE received_on END,"
        " channel = CASE WHEN $6 THEN $7 ELSE channel END,"
        " received_by = CASE WHEN $8 THEN $9 ELSE received_by END,"
        " company_id = CASE WHEN $10 THEN $11::uuid ELSE company_id END,"
        " size_class = CASE WHEN $12 THEN $13 WHEN $10 AND $11::uuid IS NOT NULL THEN NULL"
        "  WHEN $10 AND i.company_id IS NOT NULL THEN (SELECT c.size_class FROM lotse.companies c"
        "   WHERE c.region_id = i.region_id AND c.id = i.company_id) ELSE size_class END,"
        " sector = CASE WHEN $14 THEN $15 WHEN $10 AND $11::uuid IS NOT NULL THEN NULL"
        "  WHEN $10 AND i.company_id IS NOT NULL THEN (SELECT c.sector FROM lotse.companies c"
        "   WHERE c.region_id = i.region_id AND c.id = i.company_id) ELSE sector END,"
        " topics = CASE WHEN $16 THEN ARRAY(SELECT json_array_elements_text($17::json))"
        "  ELSE topics END,"
        " target_countries = CASE WHEN $18 THEN ARRAY(SELECT json_array_elements_text($19::json))"
        "  ELSE target_countries END,"
        " occupation = CASE WHEN $20 THEN coalesce($21, '') ELSE occupation END,"
        " offer_id = CASE WHEN $22 THEN $23::uuid ELSE offer_id END,"
        " stays_with_fai = CASE WHEN $24 THEN $25::boolean ELSE stays_with_fai END,"
        " outcome = CASE WHEN $26 THEN $27 ELSE outcome END,"
        " follow_up_on = CASE WHEN $28 THEN $29::date ELSE follow_up_on END,"
        " notes = CASE WHEN $30 THEN coalesce($31, '') ELSE notes END,"
        " version = version + 1, updated_at = now()"
        " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
        nparams, params);
    if (st == LT_DB_ERROR && (status = rule_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        const char *key[] = {lt_record_region(req), id};
        return lt_record_update_missed(
            req, resp, "SELECT version FROM lotse.inquiries WHERE region_id = $1 AND id = $2", 2,
            key);
    }
    if (v.given[F_OBSTACLES] && (st = link_obstacles(req, id, v.text[F_OBSTACLES])) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, req->region_id, "inquiry_updated", "inquiry", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_inquiry(req, resp, id, 200);
}

int lt_api_inquiry_delete(lt_req *req, lt_resp *resp)
{
    return lt_record_delete(req, resp,
                            "DELETE FROM lotse.inquiries WHERE region_id = $1 AND id = $2"
                            " RETURNING id",
                            "inquiry");
}

/* The filters of the list, checked; errors names each bad one. */
static void check_filters(lt_req *req, json_t **errors)
{
    static const struct {
        const char *name;
        const char *const *choices;
        const char *message;
    } enums[] = {
        {"topic", topics, "is not an inquiry topic"},
        {"channel", channels, "must be one of: phone, email, meeting, event, website, referral"},
        {"received_by", receivers, "must be region or fai"},
        {"sector", lt_wz_sections, "must be a WZ 2008 section, A to U"},
        {"size_class", lt_size_classes, "must be one of: micro, small, medium, large"},
        {"outcome", outcomes, "is not an inquiry outcome"},
    };
    for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
        const char *value = lt_req_query(req, enums[i].name);
        if (value && !lt_is_choice(enums[i].choices, value))
            lt_field_error(errors, enums[i].name, enums[i].message);
    }
    const char *dates[] = {"from", "to"}, *ids[] = {"company_id", "obstacle_id"};
    for (size_t i = 0; i < 2; i++) {
        const char *date = lt_req_query(req, dates[i]), *id = lt_req_query(req, ids[i]);
        if (date && !lt_is_date(date))
            lt_field_error(errors, dates[i], "must be a date as YYYY-MM-DD");
        if (id && !lt_is_uuid(id))
            lt_field_error(errors, ids[i], "must be an id (UUID)");
    }
    const char *country = lt_req_query(req, "country");
    if (country && !lt_country_is_code(country))
        lt_field_error(errors, "country", "is not an ISO 3166-1 alpha-2 country code");
}

/* Newest first: the key counts days back from 2999-12-31; the id makes it total. */
static const lt_list inquiry_list = {
    "inquiry",
    "inquiries",
    "SELECT " INQUIRY_JSON " AS item, (lpad((DATE '2999-12-31' - i.received_on)::text, 7, '0')"
    "  || '|' || i.id) COLLATE \"C\" AS sort_key"
    " FROM lotse.inquiries i" COMPANY_JOIN " WHERE i.region_id = $3"
    "  AND ($4::date IS NULL OR i.received_on >= $4::date)"
    "  AND ($5::date IS NULL OR i.received_on <= $5::date)"
    "  AND ($6::text IS NULL OR $6 = ANY (i.topics))"
    "  AND ($7::text IS NULL OR i.channel = $7) AND ($8::text IS NULL OR i.received_by = $8)"
    "  AND ($9::text IS NULL OR coalesce(c.sector, i.sector) = $9)"
    "  AND ($10::text IS NULL OR coalesce(c.size_class, i.size_class) = $10)"
    "  AND ($11::text IS NULL OR $11 = ANY (i.target_countries))"
    "  AND ($12::text IS NULL OR i.outcome = $12)"
    "  AND ($13::uuid IS NULL OR i.company_id = $13::uuid)"
    "  AND ($14::uuid IS NULL OR EXISTS (SELECT 1 FROM lotse.inquiry_obstacles l"
    "   WHERE l.region_id = i.region_id AND l.inquiry_id = i.id AND l.obstacle_id = $14::uuid))"
    "  AND (lpad((DATE '2999-12-31' - i.received_on)::text, 7, '0') || '|' || i.id)"
    "   COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    inquiry_columns,
    sizeof inquiry_columns / sizeof inquiry_columns[0],
};

int lt_api_inquiries_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &inquiry_list, &page);
    if (status)
        return status;
    json_t *errors = NULL;
    check_filters(req, &errors);
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    const char *filters[] = {lt_record_region(req),           lt_req_query(req, "from"),
                             lt_req_query(req, "to"),         lt_req_query(req, "topic"),
                             lt_req_query(req, "channel"),    lt_req_query(req, "received_by"),
                             lt_req_query(req, "sector"),     lt_req_query(req, "size_class"),
                             lt_req_query(req, "country"),    lt_req_query(req, "outcome"),
                             lt_req_query(req, "company_id"), lt_req_query(req, "obstacle_id")};
    return lt_page_list(req, resp, &inquiry_list, &page, 12, filters);
}

/* ---- CSV import (import.h): the columns, with the headers and words office users write ---- */

static const char *const received_on_names[] = {"Eingangsdatum", "Eingang am", "Datum", NULL};
static const char *const channel_names[] = {"Kanal", "Eingangskanal", NULL};
static const char *const received_by_names[] = {"Eingang bei", "Eingegangen bei", NULL};
static const char *const company_id_names[] = {"Unternehmens-ID", NULL};
static const char *const size_class_names[] = {"Größe", "Unternehmensgröße", "Größenklasse", NULL};
static const char *const sector_names[] = {"Branche", "WZ", "WZ-Abschnitt", NULL};
static const char *const topics_names[] = {"Themen", "Thema", NULL};
static const char *const countries_names[] = {"Zielländer", "Länder", "Herkunftsländer", NULL};
static const char *const occupation_names[] = {"Beruf", "Berufe", NULL};
static const char *const offer_names[] = {"Angebots-ID", NULL};
static const char *const stays_names[] = {"Bleibt bei FAI", "Bleibt bei der FAI", NULL};
static const char *const outcome_names[] = {"Ergebnis", "Stand", NULL};
static const char *const follow_up_names[] = {"Wiedervorlage", "Nachfassen am", NULL};
static const char *const notes_names[] = {"Notizen", "Bemerkungen", "Anmerkungen", NULL};
static const char *const obstacles_names[] = {"Hürden-IDs", NULL};
/* "company" is the export's header for the company's name, so an export reads back */
static const char *const company_names[] = {"company", "Unternehmen", "Firma", "Arbeitgeber", NULL};
static const char *const location_names[] = {"Ort", "Standort", "Unternehmensort", NULL};

static const lt_csv_label channel_labels[] = {
    {"Telefon", "phone"},          {"E-Mail", "email"},        {"Mail", "email"},
    {"Termin", "meeting"},         {"Treffen", "meeting"},     {"Gespräch", "meeting"},
    {"Veranstaltung", "event"},    {"Webseite", "website"},    {"Internet", "website"},
    {"Weiterleitung", "referral"}, {"Empfehlung", "referral"}, {NULL, NULL}};
static const lt_csv_label receiver_labels[] = {
    {"FAI", "fai"}, {"Fachkräfteagentur", "fai"}, {"Region", "region"}, {NULL, NULL}};
static const lt_csv_label size_labels[] = {
    {"Kleinst", "micro"}, {"Kleinstunternehmen", "micro"},
    {"Klein", "small"},   {"Kleinunternehmen", "small"},
    {"Mittel", "medium"}, {"Mittleres Unternehmen", "medium"},
    {"Groß", "large"},    {"Großunternehmen", "large"},
    {NULL, NULL}};
static const lt_csv_label topic_labels[] = {{"Anerkennung", "recognition"},
                                            {"Visum", "visa_and_entry"},
                                            {"Einreise", "visa_and_entry"},
                                            {"FEG", "feg_pathways"},
                                            {"Fachkräfteeinwanderungsgesetz", "feg_pathways"},
                                            {"Einarbeitung", "onboarding"},
                                            {"Familiennachzug", "family_reunification"},
                                            {"Wohnen", "housing"},
                                            {"Wohnraum", "housing"},
                                            {"Sprache", "language"},
                                            {"Förderung", "funding"},
                                            {"Personalvermittlung", "recruitment_agencies"},
                                            {"Sonstiges", "other"},
                                            {NULL, NULL}};
static const lt_csv_label outcome_labels[] = {{"offen", "open"},
                                              {"beraten", "advised"},
                                              {"weitergeleitet", "referred"},
                                              {"verwiesen", "referred"},
                                              {"Rekrutierung", "recruiting"},
                                              {"kein Bedarf", "no_need"},
                                              {"Sonstiges", "other"},
                                              {NULL, NULL}};

static const lt_csv_import_column inquiry_import_columns[] = {
    {"received_on", received_on_names, NULL, false},
    {"channel", channel_names, channel_labels, false},
    {"received_by", received_by_names, receiver_labels, false},
    {"company_id", company_id_names, NULL, false},
    {"size_class", size_class_names, size_labels, false},
    {"sector", sector_names, NULL, false},
    {"topics", topics_names, topic_labels, false},
    {"target_countries", countries_names, NULL, false},
    {"occupation", occupation_names, NULL, false},
    {"offer_id", offer_names, NULL, false},
    {"stays_with_fai", stays_names, NULL, false},
    {"outcome", outcome_names, outcome_labels, false},
    {"follow_up_on", follow_up_names, NULL, false},
    {"notes", notes_names, NULL, false},
    {"obstacle_ids", obstacles_names, NULL, false},
    {"company_name", company_names, NULL, false},
    {"company_location", location_names, NULL, false},
};

const lt_import_kind lt_import_inquiries = {
    "inquiries",
    &inquiry,
    inquiry_import_columns,
    sizeof inquiry_import_columns / sizeof inquiry_import_columns[0],
    lt_api_inquiries_create,
    NULL,
};
