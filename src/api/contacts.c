/*
 * contacts.c - the named people the FAI's website may point to for a region
 * (agreement §4.1, §4.2), and their consent to be linked.
 *
 * A contact is personal data: every read of one (item and list) is audited.
 * A contact "has consent" while consent is given and not withdrawn; withdrawing
 * it unpublishes, in the same transaction, every offer that names the contact,
 * so the public feed (public_offers.c) stops showing them at once.
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
#include <time.h>

static const char *const roles[] = {"fai_contact", "region_contact", "offer_contact", NULL};
static const char *const consent_ways[] = {"written", "email", "form", "verbal_documented", NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field contact_fields[] = {
    {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"organisation", LT_F_TEXT, 0, 0, 200, NULL},
    {"function", LT_F_TEXT, 0, 0, 200, NULL},
    {"email", LT_F_EMAIL, LT_FIELD_NULLABLE, 0, 0, NULL},
    {"phone", LT_F_TEXT, 0, 0, 50, NULL},
    {"role", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, roles},
};
static const lt_schema contact = {"contact", contact_fields,
                                  sizeof contact_fields / sizeof contact_fields[0]};

static const lt_field consent_fields[] = {
    {"given_by", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"how", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, consent_ways},
    {"given_at", LT_F_DATE, 0, 0, 0, NULL},
};
static const lt_schema consent = {"consent", consent_fields,
                                  sizeof consent_fields / sizeof consent_fields[0]};

static const lt_csv_column contact_columns[] = {
    {"name", "name"},
    {"organisation", "organisation"},
    {"function", "function"},
    {"email", "email"},
    {"phone", "phone"},
    {"role", "role"},
    {"has_consent", "has_consent"},
};

#define CONTACT_JSON                                                                               \
    "json_build_object('id', c.id, 'name', c.name, 'organisation', c.organisation, 'function',"    \
    " c.function, 'email', c.email, 'phone', c.phone, 'role', c.role, 'has_consent',"              \
    " c.consent_given_at IS NOT NULL AND c.consent_withdrawn_at IS NULL, 'consent',"               \
    " CASE WHEN c.consent_given_at IS NULL THEN NULL ELSE json_build_object('given_at',"           \
    " c.consent_given_at, 'given_by', c.consent_given_by, 'how', c.consent_how, 'withdrawn_at',"   \
    " c.consent_withdrawn_at) END, 'version', c.version, 'created_at', c.created_at,"              \
    " 'updated_at', c.updated_at)"

/* Answers one contact and its ETag. */
static int answer_contact(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " CONTACT_JSON "::text, c.version FROM lotse.contacts c"
                            " WHERE c.region_id = $1 AND c.id = $2",
                            2, params, status);
}

/* Ordered by name; the id makes the order total. */
static const lt_list contact_list = {
    "contact",
    "contacts",
    "SELECT " CONTACT_JSON " AS item, (lower(c.name) || '|' || c.id) COLLATE \"C\" AS sort_key"
    " FROM lotse.contacts c WHERE c.region_id = $3"
    "  AND (lower(c.name) || '|' || c.id) COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    contact_columns,
    sizeof contact_columns / sizeof contact_columns[0],
};

int lt_api_contacts_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &contact_list, &page);
    if (status)
        return status;
    lt_db_status st;
    if ((st = lt_audit(req, NULL, req->region_id, "contacts_listed", "contact", NULL)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *filters[] = {lt_record_region(req)};
    return lt_page_list(req, resp, &contact_list, &page, 1, filters);
}

int lt_api_contacts_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &contact, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *id;
    lt_db_status st = lt_record_insert(
        req, resp, "contact",
        "INSERT INTO lotse.contacts (region_id, name, organisation, function, email, phone, role)"
        " VALUES ($1, $2, coalesce($3, ''), coalesce($4, ''), $5, coalesce($6, ''), $7)"
        " RETURNING id",
        &v, &id);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_contact(req, resp, id, 201);
}

int lt_api_contact_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    int status = answer_contact(req, resp, id, 200);
    if (status != 200)
        return status;
    lt_db_status st = lt_audit(req, NULL, req->region_id, "contact_read", "contact", id);
    return st == LT_DB_OK ? status : lt_api_db_problem(req, resp, st);
}

/* After an UPDATE matched no row: 404 when the contact is not there, else 412. */
static int missing_or_stale(lt_req *req, lt_resp *resp, const char *id)
{
    const char *key[] = {lt_record_region(req), id};
    return lt_record_update_missed(
        req, resp, "SELECT version FROM lotse.contacts WHERE region_id = $1 AND id = $2", 2, key);
}

int lt_api_contact_update(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &contact, LT_VALIDATE_PATCH, &v)))
        return status;
    const char *lead[] = {lt_record_region(req), id, lt_arena_printf(req->arena, "%d", version)};
    int nparams;
    const char **params = lt_values_patch_params(req->arena, &v, lead, 3, &nparams);
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "UPDATE lotse.contacts SET"
                   " name = CASE WHEN $4 THEN $5 ELSE name END,"
                   " organisation = CASE WHEN $6 THEN coalesce($7, '') ELSE organisation END,"
                   " function = CASE WHEN $8 THEN coalesce($9, '') ELSE function END,"
                   " email = CASE WHEN $10 THEN $11 ELSE email END,"
                   " phone = CASE WHEN $12 THEN coalesce($13, '') ELSE phone END,"
                   " role = CASE WHEN $14 THEN $15 ELSE role END,"
                   " version = version + 1, updated_at = now()"
                   " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
                   nparams, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return missing_or_stale(req, resp, id);
    if ((st = lt_audit(req, NULL, req->region_id, "contact_updated", "contact", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_contact(req, resp, id, 200);
}

int lt_api_contact_delete(lt_req *req, lt_resp *resp)
{
    /* The offers that named the contact keep their place but lose the name
     * (ON DELETE SET NULL): nothing of the person stays to be shown. */
    return lt_record_delete(req, resp,
                            "DELETE FROM lotse.contacts WHERE region_id = $1 AND id = $2"
                            " RETURNING id",
                            "contact");
}

/* True when the date (YYYY-MM-DD) lies after today (UTC). */
static bool after_today(const char *date)
{
    char today[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    return strcmp(date, today) > 0;
}

int lt_api_contact_consent_give(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    lt_values v;
    int status = lt_validate(req, resp, &consent, LT_VALIDATE_REPLACE, &v);
    if (status)
        return status;
    if (v.text[2] && after_today(v.text[2])) {
        json_t *errors = NULL;
        lt_field_error(&errors, "given_at", "must not be in the future");
        return lt_problem(resp, req, LT_E_VALIDATION, "The consent is not valid.", errors);
    }
    const char *params[] = {lt_record_region(req), id, v.text[0], v.text[1], v.text[2]};
    PGresult *res;
    /* Given again after a withdrawal, it is a new consent: the withdrawal is cleared. */
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "UPDATE lotse.contacts SET consent_given_by = $3, consent_how = $4,"
                   " consent_given_at = coalesce($5::date::timestamptz, now()),"
                   " consent_withdrawn_at = NULL, version = version + 1, updated_at = now()"
                   " WHERE region_id = $1 AND id = $2 RETURNING id",
                   5, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if ((st = lt_audit(req, NULL, req->region_id, "contact_consent_given", "contact", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_contact(req, resp, id, 200);
}

int lt_api_contact_consent_withdraw(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), id};
    PGresult *res;
    /* One statement: the contact's withdrawal and the unpublishing of every offer
     * naming them happen together or not at all. */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH withdrawn AS (UPDATE lotse.contacts SET"
        "   consent_withdrawn_at = CASE WHEN consent_given_at IS NOT NULL"
        "     THEN coalesce(consent_withdrawn_at, now()) END,"
        "   version = version + 1, updated_at = now()"
        "  WHERE region_id = $1 AND id = $2 RETURNING region_id, id),"
        " unpublished AS (UPDATE lotse.offers o SET published = false, published_at = NULL,"
        "   version = o.version + 1, updated_at = now() FROM withdrawn w"
        "  WHERE o.region_id = w.region_id AND o.contact_id = w.id AND o.published"
        "  RETURNING o.id)"
        " SELECT w.id, (SELECT count(*) FROM unpublished) FROM withdrawn w",
        2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if ((st = lt_audit(req, NULL, req->region_id, "contact_consent_withdrawn", "contact", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_contact(req, resp, id, 200);
}
