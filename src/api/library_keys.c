/*
 * library_keys.c - the keys of other Lotse instances whose best-practice
 * packages a region accepts (library_package.c). A region's trust is its own
 * (lotse.library_trusted_keys, a tenant table); this instance's own key is
 * always trusted and never listed here.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/signing.h"

#include <string.h>

static const lt_field key_fields[] = {
    {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"public_key", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 4096, NULL},
};
static const lt_schema trusted_key = {"trusted key", key_fields,
                                      sizeof key_fields / sizeof key_fields[0]};

static const lt_csv_column key_columns[] = {
    {"fingerprint", "fingerprint"},
    {"name", "name"},
    {"added_at", "added_at"},
};

#define KEY_JSON                                                                                   \
    "json_build_object('fingerprint', k.fingerprint, 'name', k.name, 'public_key',"                \
    " k.public_key, 'added_at', k.added_at)"

/* By name; the fingerprint makes the order total. */
static const lt_list key_list = {
    "trusted_key",
    "trusted-keys",
    "SELECT " KEY_JSON " AS item, (lower(k.name) || '|' || k.fingerprint) COLLATE \"C\""
    " AS sort_key FROM lotse.library_trusted_keys k WHERE k.region_id = $3"
    "  AND (lower(k.name) || '|' || k.fingerprint) COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    key_columns,
    sizeof key_columns / sizeof key_columns[0],
};

int lt_api_library_keys_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &key_list, &page);
    if (status)
        return status;
    const char *filters[] = {lt_record_region(req)};
    return lt_page_list(req, resp, &key_list, &page, 1, filters);
}

static void free_key(void *k)
{
    lt_public_key_free(k);
}

int lt_api_library_keys_add(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &trusted_key, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    char err[160];
    lt_public_key *k = lt_public_key_from_pem(v.text[1], strlen(v.text[1]), err, sizeof err);
    if (!k) {
        json_t *errors = NULL;
        lt_field_error(&errors, "public_key",
                       "must be an Ed25519 public key in PEM (-----BEGIN PUBLIC KEY-----)");
        return lt_problem(resp, req, LT_E_VALIDATION, "The trusted key is not valid.", errors);
    }
    lt_arena_on_reset(req->arena, free_key, k);
    lt_buf pem;
    lt_buf_init(&pem, req->arena);
    lt_public_key_pem(k, &pem); /* stored in its canonical form */
    const char *fingerprint = lt_public_key_fingerprint(k);
    const char *params[] = {lt_record_region(req), fingerprint, v.text[0], pem.data};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "INSERT INTO lotse.library_trusted_keys AS k (region_id,"
                                 " fingerprint, name, public_key) VALUES ($1, $2, $3, $4)"
                                 " RETURNING " KEY_JSON "::text",
                                 4, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23505") == 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "public_key", "is trusted already");
        return lt_problem(resp, req, LT_E_CONFLICT, "The region trusts this key already.", errors);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *answer = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, req->region_id, "trusted_key_added", "trusted_key",
                       fingerprint)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location", lt_arena_printf(req->arena, "%s/%s", req->path, fingerprint));
    lt_buf_puts(&resp->body, answer);
    resp->content_type = "application/json";
    return resp->status = 201;
}

int lt_api_library_keys_delete(lt_req *req, lt_resp *resp)
{
    const char *fingerprint = lt_req_param(req, "fingerprint");
    if (!fingerprint || strlen(fingerprint) != 64 || strspn(fingerprint, "0123456789abcdef") != 64)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), fingerprint};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "DELETE FROM lotse.library_trusted_keys WHERE region_id = $1"
                                 " AND fingerprint = $2 RETURNING 1",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if ((st = lt_audit(req, NULL, req->region_id, "trusted_key_removed", "trusted_key",
                       fingerprint)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return resp->status = 204;
}
