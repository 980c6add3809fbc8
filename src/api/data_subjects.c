/*
 * data_subjects.c - a person's rights of access and erasure (Art. 15, 17 GDPR):
 * everything Lotse stores about the person with one email address, exported as
 * JSON or erased, across every region.
 *
 * Administrators only. The work is done by lotse.data_subject_export() and
 * lotse.data_subject_erase() (sql/0013), which the CLI calls too (`lotse
 * data-subject`), so both paths find, erase and audit the same things; the audit
 * log gets the address's SHA-256, never the address. A request about an address
 * under which nothing is stored is a 404 saying so, whose audit entry stays.
 * What is erased and how (accounts are anonymised, offers unlinked) is in
 * docs/data-protection.md.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/problem.h"
#include "lotse/schema.h"

#include <string.h>

static const char nothing_stored[] =
    "Lotse stores nothing under this email address: no participant, contact, user account"
    " or failed sign-in.";

/*
 * Runs one of the two functions on the email; answers its JSON (200) or, when it
 * returned NULL, the 404 that keeps its audit entry.
 */
static int run(lt_req *req, lt_resp *resp, const char *sql, const char *not_found)
{
    const char *email = lt_req_param(req, "email");
    if (!email || !lt_is_email(email)) {
        json_t *errors = NULL;
        lt_field_error(&errors, "email", "must be an email address");
        return lt_problem(resp, req, LT_E_VALIDATION, "The path must name an email address.",
                          errors);
    }
    const char *params[] = {email, req->request_id};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, sql, 2, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "LTD01") == 0)
        return lt_problem(resp, req, LT_E_CONFLICT,
                          "This is your own account: another administrator, or an operator with"
                          " `lotse data-subject erase`, erases it.",
                          NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQgetisnull(res, 0, 0)) {
        resp->keep_writes = true; /* the request stays in the audit log */
        return lt_problem(resp, req, LT_E_NOT_FOUND, not_found, NULL);
    }
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    lt_resp_header(resp, "Cache-Control", "no-store");
    resp->content_type = "application/json";
    return resp->status = 200;
}

int lt_api_data_subject_export(lt_req *req, lt_resp *resp)
{
    return run(req, resp, "SELECT lotse.data_subject_export($1, $2)::text", nothing_stored);
}

int lt_api_data_subject_erase(lt_req *req, lt_resp *resp)
{
    return run(req, resp, "SELECT lotse.data_subject_erase($1, $2)::text",
               "Lotse stores nothing under this email address: no participant, contact, user"
               " account or failed sign-in. Nothing was changed.");
}
