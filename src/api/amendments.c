/*
 * amendments.c - amendments of the region's agreement (agreement §4, §4.3).
 *
 * An amendment proposes a new text for one of the six sections. The partners
 * agree to it (§4.3: with the consent of both) or reject it, and it takes
 * effect only when signed in writing (§4: "bedürfen der Schriftform"), which
 * needs the reference of the signed document and its date. Only then does the
 * section get a new version; the earlier ones stay in the history.
 *
 *   proposed --agree--> agreed --sign_in_writing--> signed_in_writing
 *   proposed|agreed --reject--> rejected
 *
 * Any other decision is a 409 naming the amendment's current status. Decisions
 * carry If-Match on the amendment's version.
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

static const char *const sections[] = {"goals",       "region_profile",  "support_offers",
                                       "cooperation", "data_protection", "finances",
                                       NULL};
static const char *const decisions[] = {"agree", "reject", "sign_in_writing", NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field amendment_fields[] = {
    {"section", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, sections},
    {"proposed_text", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 50000, NULL},
    {"reason", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 5000, NULL},
};
static const lt_schema amendment = {"amendment", amendment_fields,
                                    sizeof amendment_fields / sizeof amendment_fields[0]};

static const lt_field decision_fields[] = {
    {"decision", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, decisions},
    {"document_ref", LT_F_TEXT, LT_FIELD_NULLABLE, 1, 200, NULL},
    {"signed_on", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
};
static const lt_schema decision = {"decision", decision_fields,
                                   sizeof decision_fields / sizeof decision_fields[0]};

static const lt_csv_column amendment_columns[] = {
    {"section", "section"},
    {"status", "status"},
    {"reason", "reason"},
    {"agreed_on", "agreed_on"},
    {"document_ref", "document_ref"},
    {"signed_on", "signed_on"},
    {"created_at", "created_at"},
};

#define AMENDMENT_JSON                                                                             \
    "json_build_object('id', m.id, 'section', m.section, 'proposed_text', m.proposed_text,"        \
    " 'reason', m.reason, 'status', m.status, 'agreed_on', m.agreed_on, 'document_ref',"           \
    " m.document_ref, 'signed_on', m.signed_on, 'version', m.version, 'created_at',"               \
    " m.created_at, 'updated_at', m.updated_at)"

static int answer_amendment(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " AMENDMENT_JSON "::text, m.version"
                            " FROM lotse.agreement_amendments m"
                            " WHERE m.region_id = $1 AND m.id = $2",
                            2, params, status);
}

static int conflict(lt_req *req, lt_resp *resp, const char *what, const char *status,
                    const char *refusal)
{
    return lt_problem_ext(resp, req, LT_E_CONFLICT,
                          lt_arena_printf(req->arena, "The %s is %s: %s", what, status, refusal),
                          NULL, json_pack("{s:s}", "current_status", status));
}

/* Oldest first; the id makes the order total. */
static const lt_list amendment_list = {
    "amendment",
    "amendments",
    "SELECT " AMENDMENT_JSON " AS item, to_char(m.created_at AT TIME ZONE 'UTC',"
    "  'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|' || m.id AS sort_key"
    " FROM lotse.agreement_amendments m WHERE m.region_id = $3"
    "  AND to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    "      || '|' || m.id > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    amendment_columns,
    sizeof amendment_columns / sizeof amendment_columns[0],
};

int lt_api_amendments_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &amendment_list, &page);
    if (status)
        return status;
    const char *filters[] = {lt_record_region(req)};
    return lt_page_list(req, resp, &amendment_list, &page, 1, filters);
}

int lt_api_amendments_propose(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &amendment, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *params[] = {lt_record_region(req), v.text[0], v.text[1], v.text[2],
                            req->who->user_id};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH a AS (SELECT region_id, id, status FROM lotse.agreements WHERE region_id = $1),"
        " m AS (INSERT INTO lotse.agreement_amendments (region_id, agreement_id, section,"
        "  proposed_text, reason, created_by) SELECT region_id, id, $2, $3, $4, $5 FROM a"
        "  WHERE status <> 'terminated' RETURNING id)"
        " SELECT a.status, m.id FROM a LEFT JOIN m ON true",
        5, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if (PQgetisnull(res, 0, 1))
        return conflict(req, resp, "agreement", PQgetvalue(res, 0, 0),
                        "a terminated agreement is not amended.");
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 1));
    if ((st = lt_audit(req, NULL, req->region_id, "amendment_proposed", "amendment", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location",
                   lt_arena_printf(req->arena, "/api/v1/regions/%s/agreement/amendments/%s",
                                   lt_req_param(req, "region"), id));
    return answer_amendment(req, resp, id, 201);
}

int lt_api_amendment_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_amendment(req, resp, id, 200) : lt_record_not_found(req, resp);
}

/* Written form (§4): signing needs both the document and its date, each named when missing;
 * the other decisions take neither. */
static int decision_problem(lt_req *req, lt_resp *resp, const char *choice, const lt_values *v)
{
    json_t *errors = NULL;
    bool writing = strcmp(choice, "sign_in_writing") == 0;
    const char *names[] = {"document_ref", "signed_on"};
    for (size_t i = 0; i < 2; i++) {
        if (writing && !v->text[i + 1])
            lt_field_error(&errors, names[i], "is required to sign an amendment in writing");
        else if (!writing && v->given[i + 1])
            lt_field_error(&errors, names[i], "is only given when signing in writing");
    }
    if (!errors)
        return 0;
    return lt_problem(resp, req, LT_E_VALIDATION, "The decision is not valid.", errors);
}

int lt_api_amendment_decide(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &decision, LT_VALIDATE_CREATE, &v)))
        return status;
    const char *choice = v.text[0];
    if ((status = decision_problem(req, resp, choice, &v)))
        return status;
    const char *to = strcmp(choice, "agree") == 0    ? "agreed"
                     : strcmp(choice, "reject") == 0 ? "rejected"
                                                     : "signed_in_writing";
    const char *from = strcmp(choice, "agree") == 0    ? "{proposed}"
                       : strcmp(choice, "reject") == 0 ? "{proposed,agreed}"
                                                       : "{agreed}";
    const char *params[] = {lt_record_region(req),
                            id,
                            lt_arena_printf(req->arena, "%d", version),
                            to,
                            from,
                            v.text[1],
                            v.text[2]};
    PGresult *res;
    /* Signing in writing also writes the section's next version and moves the
     * agreement's version on, since its effective text changed. */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH m AS (UPDATE lotse.agreement_amendments m SET status = $4,"
        "  agreed_on = CASE WHEN $4 = 'agreed' THEN current_date ELSE m.agreed_on END,"
        "  document_ref = $6, signed_on = $7::date, version = m.version + 1, updated_at = now()"
        "  WHERE m.region_id = $1 AND m.id = $2 AND m.version = $3::int"
        "   AND m.status = ANY ($5::text[]) AND EXISTS (SELECT 1 FROM lotse.agreements a"
        "   WHERE a.region_id = m.region_id AND a.id = m.agreement_id"
        "   AND a.status <> 'terminated') RETURNING m.*),"
        " s AS (INSERT INTO lotse.agreement_sections (region_id, agreement_id, section,"
        "  version_no, text, amendment_id) SELECT m.region_id, m.agreement_id, m.section,"
        "  (SELECT max(x.version_no) + 1 FROM lotse.agreement_sections x"
        "   WHERE x.region_id = m.region_id AND x.agreement_id = m.agreement_id"
        "   AND x.section = m.section), m.proposed_text, m.id FROM m"
        "  WHERE m.status = 'signed_in_writing' RETURNING 1),"
        " g AS (UPDATE lotse.agreements a SET version = a.version + 1, updated_at = now()"
        "  FROM m WHERE m.status = 'signed_in_writing' AND a.region_id = m.region_id"
        "  AND a.id = m.agreement_id RETURNING 1)"
        " SELECT id FROM m",
        7, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23505") == 0)
        return lt_problem(resp, req, LT_E_CONFLICT,
                          "Another amendment of this section was signed at the same moment: read"
                          " the agreement again.",
                          NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        const char *key[] = {lt_record_region(req), id};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "SELECT m.version, m.status, a.status FROM lotse.agreement_amendments m"
                        " JOIN lotse.agreements a ON a.region_id = m.region_id"
                        " AND a.id = m.agreement_id WHERE m.region_id = $1 AND m.id = $2",
                        2, key);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        if (PQntuples(res) == 0)
            return lt_record_not_found(req, resp);
        int current = atoi(PQgetvalue(res, 0, 0));
        if (current != version)
            return lt_version_conflict(req, resp, current);
        if (strcmp(PQgetvalue(res, 0, 2), "terminated") == 0)
            return conflict(req, resp, "agreement", "terminated",
                            "its amendments are no longer decided.");
        return conflict(req, resp, "amendment", PQgetvalue(res, 0, 1),
                        lt_arena_printf(req->arena, "the decision %s does not apply.", choice));
    }
    if ((st = lt_audit(req, NULL, req->region_id, lt_arena_printf(req->arena, "amendment_%s", to),
                       "amendment", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_amendment(req, resp, id, 200);
}
