/*
 * agreement.c - the region's cooperation agreement with the FAI NRW: its
 * signatures by the three parties, the effective text of its six sections, the
 * history of every version, and its termination (agreement §4, §4.3).
 *
 * One agreement per region, seeded as a draft by the migration, so there is no
 * create or delete. Signing and terminating carry If-Match on the agreement's
 * version. When the state ministry, the region and the FAI NRW have all signed,
 * the agreement is signed. A termination needs the written form (§4): the
 * reference of the signed document and the date it was signed. The section texts
 * change only through amendments signed in writing (amendments.c).
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>
#include <string.h>

static const char *const parties[] = {"mags", "region", "fai", NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field signature_fields[] = {
    {"signatory_name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"signatory_function", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"signed_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
};
static const lt_schema signature = {"signature", signature_fields,
                                    sizeof signature_fields / sizeof signature_fields[0]};

/* §4: the termination in writing, both fields required. */
static const lt_field termination_fields[] = {
    {"document_ref", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"signed_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
};
static const lt_schema termination = {"termination", termination_fields,
                                      sizeof termination_fields / sizeof termination_fields[0]};

#define SIGNATURES_JSON                                                                            \
    "coalesce((SELECT json_agg(json_build_object('party', s.party, 'signatory_name',"              \
    " s.signatory_name, 'signatory_function', s.signatory_function, 'signed_on', s.signed_on)"     \
    " ORDER BY array_position(ARRAY['mags', 'region', 'fai'], s.party))"                           \
    " FROM lotse.agreement_signatures s WHERE s.region_id = a.region_id"                           \
    " AND s.agreement_id = a.id), '[]')"

/* The effective text of each section: its highest version. */
#define SECTIONS_JSON                                                                              \
    "(SELECT json_object_agg(c.section, json_build_object('text', c.text, 'version_no',"           \
    " c.version_no, 'effective_from', c.effective_from, 'amendment_id', c.amendment_id)"           \
    " ORDER BY c.n) FROM (SELECT DISTINCT ON (x.section) x.*, array_position(ARRAY['goals',"       \
    " 'region_profile', 'support_offers', 'cooperation', 'data_protection', 'finances'],"          \
    " x.section) AS n FROM lotse.agreement_sections x WHERE x.region_id = a.region_id"             \
    " AND x.agreement_id = a.id ORDER BY x.section, x.version_no DESC) c)"

#define AGREEMENT_JSON                                                                             \
    "json_build_object('id', a.id, 'status', a.status, 'term_end', a.term_end, "                   \
    "'signatures', " SIGNATURES_JSON ", 'sections', " SECTIONS_JSON                                \
    ", 'termination', CASE WHEN a.status ="                                                        \
    " 'terminated' THEN json_build_object('terminated_on', a.terminated_on, 'document_ref',"       \
    " a.termination_document_ref, 'signed_on', a.termination_signed_on) END, 'version',"           \
    " a.version, 'updated_at', a.updated_at)"

/* Answers the agreement and its ETag. */
static int answer_agreement(lt_req *req, lt_resp *resp)
{
    const char *params[] = {lt_record_region(req)};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT " AGREEMENT_JSON "::text, a.version"
                                 " FROM lotse.agreements a WHERE a.region_id = $1",
                                 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    lt_etag_set(resp, atoi(PQgetvalue(res, 0, 1)));
    resp->content_type = "application/json";
    return resp->status = 200;
}

/*
 * A change guarded by version and status matched no row: 404 without an
 * agreement, 412 when the version moved on, else 409 naming the current status.
 */
static int agreement_missed(lt_req *req, lt_resp *resp, int version, const char *refusal)
{
    const char *params[] = {lt_record_region(req)};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT version, status FROM lotse.agreements WHERE region_id = $1", 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    int current = atoi(PQgetvalue(res, 0, 0));
    if (current != version)
        return lt_version_conflict(req, resp, current);
    const char *status = PQgetvalue(res, 0, 1);
    return lt_problem_ext(resp, req, LT_E_CONFLICT,
                          lt_arena_printf(req->arena, "The agreement is %s: %s", status, refusal),
                          NULL, json_pack("{s:s}", "current_status", status));
}

int lt_api_agreement_get(lt_req *req, lt_resp *resp)
{
    return answer_agreement(req, resp);
}

int lt_api_agreement_sign(lt_req *req, lt_resp *resp)
{
    const char *party = lt_req_param(req, "party");
    if (!party || !lt_is_choice(parties, party))
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &signature, LT_VALIDATE_REPLACE, &v)))
        return status;
    const char *params[] = {lt_record_region(req),
                            lt_arena_printf(req->arena, "%d", version),
                            party,
                            v.text[0],
                            v.text[1],
                            v.text[2]};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH a AS (UPDATE lotse.agreements SET version = version + 1, updated_at = now()"
        "  WHERE region_id = $1 AND version = $2::int AND status <> 'terminated'"
        "  RETURNING region_id, id),"
        " s AS (INSERT INTO lotse.agreement_signatures (region_id, agreement_id, party,"
        "  signatory_name, signatory_function, signed_on)"
        "  SELECT region_id, id, $3, $4, $5, $6::date FROM a"
        "  ON CONFLICT (region_id, agreement_id, party) DO UPDATE SET"
        "  signatory_name = excluded.signatory_name,"
        "  signatory_function = excluded.signatory_function,"
        "  signed_on = excluded.signed_on, updated_at = now() RETURNING 1)"
        " SELECT id FROM a",
        6, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return agreement_missed(req, resp, version, "a terminated agreement is not signed again.");
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    /* The signature just written is visible to this second statement. */
    const char *key[] = {lt_record_region(req)};
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "UPDATE lotse.agreements a SET status = 'signed' WHERE a.region_id = $1"
                    " AND a.status = 'draft' AND (SELECT count(*) FROM"
                    " lotse.agreement_signatures s WHERE s.region_id = a.region_id"
                    " AND s.agreement_id = a.id) = 3 RETURNING a.id",
                    1, key);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, req->region_id, "agreement_signature_recorded", "agreement",
                       id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_agreement(req, resp);
}

int lt_api_agreement_history(lt_req *req, lt_resp *resp)
{
    const char *params[] = {lt_record_region(req)};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT json_build_object('items', coalesce(json_agg(json_build_object('section',"
        " c.section, 'version_no', c.version_no, 'text', c.text, 'effective_from',"
        " c.effective_from, 'amendment', CASE WHEN m.id IS NOT NULL THEN json_build_object("
        " 'id', m.id, 'reason', m.reason, 'agreed_on', m.agreed_on, 'document_ref',"
        " m.document_ref, 'signed_on', m.signed_on) END) ORDER BY "
        "array_position(ARRAY['goals', 'region_profile', 'support_offers', 'cooperation',"
        " 'data_protection', 'finances'], c.section), c.version_no), '[]'))::text,"
        " (SELECT count(*) FROM lotse.agreements WHERE region_id = $1)"
        " FROM lotse.agreement_sections c LEFT JOIN lotse.agreement_amendments m"
        " ON m.region_id = c.region_id AND m.id = c.amendment_id WHERE c.region_id = $1",
        1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (strcmp(PQgetvalue(res, 0, 1), "0") == 0)
        return lt_record_not_found(req, resp);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}

int lt_api_agreement_terminate(lt_req *req, lt_resp *resp)
{
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &termination, LT_VALIDATE_REPLACE, &v)))
        return status;
    const char *params[] = {lt_record_region(req), lt_arena_printf(req->arena, "%d", version),
                            v.text[0], v.text[1]};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "UPDATE lotse.agreements SET status = 'terminated', terminated_on = current_date,"
        " termination_document_ref = $3, termination_signed_on = $4::date,"
        " version = version + 1, updated_at = now()"
        " WHERE region_id = $1 AND version = $2::int AND status = 'signed' RETURNING id",
        4, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return agreement_missed(req, resp, version, "only a signed agreement can be terminated.");
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, req->region_id, "agreement_terminated", "agreement", id)) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_agreement(req, resp);
}
