/*
 * offers.c - the region's offers the FAI's website links to (agreement §3,
 * §4.1), and their publication.
 *
 * An offer may name a contact of its region. It can be published only while
 * that contact has consented to be linked; the database holds the rule
 * (trigger lotse.offer_contact_consented, sql/0010_offers.sql, SQLSTATE
 * LTC01), so neither a publication nor a later change of contact slips past
 * it. Withdrawing consent unpublishes the offer (contacts.c).
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>
#include <string.h>

static const char *const providers[] = {
    "welcome_office", "ihk", "hwk", "employment_agency", "municipal_integration_centre",
    "other",          NULL};
static const char *const topics[] = {
    "recognition", "visa_and_entry", "feg_pathways", "onboarding",           "family_reunification",
    "housing",     "language",       "funding",      "recruitment_agencies", "other",
    NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field offer_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"provider", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, providers},
    {"provider_name", LT_F_TEXT, 0, 0, 200, NULL},
    {"topics", LT_F_ENUM_SET, 0, 0, 10, topics},
    {"url", LT_F_URL, LT_FIELD_REQUIRED, 0, 2000, NULL},
    {"contact_id", LT_F_UUID, LT_FIELD_NULLABLE, 0, 0, NULL},
};
static const lt_schema offer = {"offer", offer_fields,
                                sizeof offer_fields / sizeof offer_fields[0]};

static const lt_csv_column offer_columns[] = {
    {"title", "title"},           {"provider", "provider"}, {"provider_name", "provider_name"},
    {"topics", "topics[]"},       {"url", "url"},           {"published", "published"},
    {"updated_at", "updated_at"},
};

#define OFFER_JSON                                                                                 \
    "json_build_object('id', o.id, 'title', o.title, 'provider', o.provider, 'provider_name',"     \
    " o.provider_name, 'topics', o.topics, 'url', o.url, 'contact_id', o.contact_id,"              \
    " 'published', o.published, 'published_at', o.published_at, 'version', o.version,"             \
    " 'created_at', o.created_at, 'updated_at', o.updated_at)"

/* A database refusal about the contact: none in this region (23503), or one
 * who has not consented to a published offer (LTC01). 0 for anything else. */
static int contact_problem(lt_req *req, lt_resp *resp)
{
    const char *state = lt_db_sqlstate(req->app->db);
    const char *message = strcmp(state, "23503") == 0 ? "is not a contact of this region"
                          : strcmp(state, "LTC01") == 0
                              ? "the contact has not consented to be linked"
                              : NULL;
    if (!message)
        return 0;
    json_t *errors = NULL;
    lt_field_error(&errors, "contact_id", message);
    return lt_problem(resp, req, LT_E_VALIDATION, "The offer is not valid.", errors);
}

/* Answers one offer and its ETag. */
static int answer_offer(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " OFFER_JSON "::text, o.version FROM lotse.offers o"
                            " WHERE o.region_id = $1 AND o.id = $2",
                            2, params, status);
}

/* Ordered by title; the id makes the order total. */
static const lt_list offer_list = {
    "offer",
    "offers",
    "SELECT " OFFER_JSON " AS item, (lower(o.title) || '|' || o.id) COLLATE \"C\" AS sort_key"
    " FROM lotse.offers o WHERE o.region_id = $3"
    "  AND ($4::boolean IS NULL OR o.published = $4::boolean)"
    "  AND (lower(o.title) || '|' || o.id) COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    offer_columns,
    sizeof offer_columns / sizeof offer_columns[0],
};

int lt_api_offers_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &offer_list, &page);
    if (status)
        return status;
    const char *published = lt_req_query(req, "published");
    if (published && strcmp(published, "true") != 0 && strcmp(published, "false") != 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "published", "must be true or false");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    }
    const char *filters[] = {lt_record_region(req), published};
    return lt_page_list(req, resp, &offer_list, &page, 2, filters);
}

int lt_api_offers_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &offer, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *id;
    lt_db_status st = lt_record_insert(
        req, resp, "offer",
        "INSERT INTO lotse.offers (region_id, title, provider, provider_name, topics, url,"
        " contact_id) VALUES ($1, $2, $3, coalesce($4, ''),"
        " coalesce(ARRAY(SELECT json_array_elements_text($5::json)), '{}'), $6, $7::uuid)"
        " RETURNING id",
        &v, &id);
    if (st == LT_DB_ERROR && (status = contact_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_offer(req, resp, id, 201);
}

int lt_api_offer_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_offer(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_offer_update(lt_req *req, lt_resp *resp)
{
    int status = lt_record_update(
        req, resp, "offer", "lotse.offers", &offer,
        "UPDATE lotse.offers SET"
        " title = CASE WHEN $4 THEN $5 ELSE title END,"
        " provider = CASE WHEN $6 THEN $7 ELSE provider END,"
        " provider_name = CASE WHEN $8 THEN coalesce($9, '') ELSE provider_name END,"
        " topics = CASE WHEN $10 THEN coalesce(ARRAY(SELECT json_array_elements_text($11::json)),"
        "   '{}') ELSE topics END,"
        " url = CASE WHEN $12 THEN $13 ELSE url END,"
        " contact_id = CASE WHEN $14 THEN $15::uuid ELSE contact_id END,"
        " version = version + 1, updated_at = now()"
        " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
        contact_problem);
    return status ? status : answer_offer(req, resp, lt_record_id(req), 200);
}

int lt_api_offer_delete(lt_req *req, lt_resp *resp)
{
    return lt_record_delete(req, resp,
                            "DELETE FROM lotse.offers WHERE region_id = $1 AND id = $2"
                            " RETURNING id",
                            "offer");
}

/* Publishes (true) or unpublishes the offer; answers it. */
static int set_published(lt_req *req, lt_resp *resp, bool published)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), id, published ? "t" : "f"};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "UPDATE lotse.offers SET published = $3::boolean,"
                                 " published_at = CASE WHEN NOT $3::boolean THEN NULL"
                                 "   WHEN published THEN published_at ELSE now() END,"
                                 " version = version + 1, updated_at = now()"
                                 " WHERE region_id = $1 AND id = $2 RETURNING id",
                                 3, params);
    int status;
    if (st == LT_DB_ERROR && (status = contact_problem(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if ((st = lt_audit(req, NULL, req->region_id,
                       published ? "offer_published" : "offer_unpublished", "offer", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_offer(req, resp, id, 200);
}

int lt_api_offer_publish(lt_req *req, lt_resp *resp)
{
    return set_published(req, resp, true);
}

int lt_api_offer_unpublish(lt_req *req, lt_resp *resp)
{
    return set_published(req, resp, false);
}
