/*
 * library_package.c - a published process version as a signed best-practice
 * package (package.h, docs/packages.md), and a package imported into a
 * region's drafts.
 *
 * Why the import trusts so little: a package may come from anywhere, so it is
 * read by lt_package_read (the archive's shape, its sizes, the signature by
 * this instance's key or one the region trusts, every checksum, the record)
 * before anything is stored, and is refused whole otherwise. The new draft
 * keeps its provenance twice: as adapted_from in the record, and in
 * lotse.library_imports with the signer and the package's SHA-256.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/digest.h"
#include "lotse/library.h"
#include "lotse/log.h"
#include "lotse/package.h"
#include "lotse/parse.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/signing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 64 hex digits of the SHA-256 of len bytes (arena memory). */
static const char *sha256_hex(lt_arena *a, const void *data, size_t len)
{
    char *hex = lt_arena_alloc(a, LT_SHA256_HEX_LEN + 1);
    lt_sha256_hex(data, len, hex);
    return hex;
}

static int not_published(lt_req *req, lt_resp *resp, json_t *record)
{
    return lt_problem_ext(
        resp, req, LT_E_CONFLICT,
        "Only a published version becomes a best-practice package; this one is not.", NULL,
        json_pack("{s:O}", "current_status", json_object_get(record, "status")));
}

/*
 * A published version that the package check refuses: the API checks every
 * record with that check before storing it and sql/0019 before publishing, so
 * this is stored data that broke the rule by another way (an older release, a
 * hand-made change). Not the caller's fault and not theirs to fix: a 500,
 * logged with what is wrong, that says which version and why.
 */
static int broken_version(lt_req *req, lt_resp *resp, const char *key, int version, json_t *errors)
{
    char *what = json_dumps(errors, JSON_COMPACT);
    lt_log_event("error", "package_record_invalid",
                 "request %s: published process version %s/%d fails the package check: %s",
                 req->request_id, key, version, what ? what : "?");
    free(what);
    return lt_problem_ext(
        resp, req, LT_E_STORED_RECORD_INVALID,
        lt_arena_printf(req->arena,
                        "Version %d of process %s is published but its stored record fails the "
                        "package check (docs/process-format.md), so no package can be made of it. "
                        "This is a fault of the stored data, not of the request; the errors name "
                        "what is wrong, and the fault is in the server's log.",
                        version, key),
        errors, json_pack("{s:s, s:i}", "process", key, "version", version));
}

int lt_api_library_package(lt_req *req, lt_resp *resp)
{
    const char *key;
    int version, revision;
    json_t *record;
    int status = lt_process_path(req, resp, &key, &version, NULL);
    if (status || (status = lt_process_load(req, resp, key, version, &record, &revision)))
        return status;
    /* asked first, so that a draft is a 409 whatever its content */
    if (json_is_null(json_object_get(record, "published_at")))
        return not_published(req, resp, record);
    const lt_signing_key *signer = lt_api_signing_key(req);
    if (!signer)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    lt_package_failure fail = {0};
    lt_buf_reset(&resp->body);
    switch (lt_package_build(req->arena, record, signer, &resp->body, &fail)) {
    case LT_PKG_OK:
        break;
    case LT_PKG_NOT_PUBLISHED:
        json_decref(fail.errors);
        return not_published(req, resp, record);
    case LT_PKG_INVALID_RECORD:
        return broken_version(req, resp, key, version, fail.errors);
    default:
        json_decref(fail.errors);
        lt_log_event("error", "package_build", "request %s: process version %s/%d: %s",
                     req->request_id, key, version, fail.message ? fail.message : "failed");
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    }
    resp->content_type = LT_PACKAGE_MEDIA_TYPE;
    lt_resp_header(
        resp, "Content-Disposition",
        lt_arena_printf(req->arena, "attachment; filename=\"%s-v%d.zip\"", key, version));
    /* the same version always gives the same bytes */
    lt_resp_header(resp, "ETag",
                   lt_arena_printf(req->arena, "\"%s\"",
                                   sha256_hex(req->arena, resp->body.data, resp->body.len)));
    return resp->status = 200;
}

/* ---- import ---- */

/* One key an import trusts, and the name the region gave it. */
struct trusted {
    const lt_public_key **keys;
    const char **names;
    size_t n;
};

static void free_key(void *k)
{
    lt_public_key_free(k);
}

static void decref(void *v)
{
    json_decref(v);
}

/* This instance's own key, then the keys the region trusts. Returns 0 or a problem's status. */
static int trusted_keys(lt_req *req, lt_resp *resp, struct trusted *t)
{
    const lt_signing_key *own = lt_api_signing_key(req);
    if (!own)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    const char *params[] = {lt_record_region(req)};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT public_key, name FROM lotse.library_trusted_keys"
                                 " WHERE region_id = $1 ORDER BY added_at, fingerprint",
                                 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    size_t rows = (size_t)PQntuples(res);
    t->keys = lt_arena_calloc(req->arena, rows + 1, sizeof *t->keys);
    t->names = lt_arena_calloc(req->arena, rows + 1, sizeof *t->names);
    t->keys[0] = lt_signing_key_public(own);
    t->names[0] = "this Lotse instance";
    t->n = 1;
    for (size_t i = 0; i < rows; i++) {
        char err[128];
        const char *pem = PQgetvalue(res, (int)i, 0);
        lt_public_key *k = lt_public_key_from_pem(pem, strlen(pem), err, sizeof err);
        if (!k) /* stored only after the same check; skip rather than fail the import */
            continue;
        lt_arena_on_reset(req->arena, free_key, k);
        t->keys[t->n] = k;
        t->names[t->n++] = lt_arena_strdup(req->arena, PQgetvalue(res, (int)i, 1));
    }
    return 0;
}

/* A refused package as a problem: invalid record 400 with its fields, too large 413, else 422. */
static int refusal(lt_req *req, lt_resp *resp, lt_package_status status,
                   const lt_package_failure *fail)
{
    if (status == LT_PKG_INVALID_RECORD)
        return lt_problem(resp, req, LT_E_VALIDATION, fail->message, fail->errors);
    json_decref(fail->errors);
    if (status == LT_PKG_INTERNAL || status == LT_PKG_NO_TRUSTED_KEY)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    json_t *extra = json_pack("{s:s}", "reason", lt_package_status_slug(status));
    if (fail->file)
        json_object_set_new(extra, "file", json_string(fail->file));
    return lt_problem_ext(resp, req,
                          status == LT_PKG_TOO_LARGE ? LT_E_BODY_TOO_LARGE : LT_E_BAD_PACKAGE,
                          fail->message, NULL, extra);
}

int lt_api_library_import(lt_req *req, lt_resp *resp)
{
    if (!lt_media_type_is(req->content_type, LT_PACKAGE_MEDIA_TYPE) &&
        !lt_media_type_is(req->content_type, "application/octet-stream"))
        return lt_problem(resp, req, LT_E_UNSUPPORTED_MEDIA,
                          "The request body must be a best-practice package (application/zip).",
                          NULL);
    const char *key = lt_req_query(req, "key");
    if (key && !lt_process_key_ok(key))
        return lt_problem(resp, req, LT_E_BAD_QUERY,
                          "key must be 3 to 64 of a-z, 0-9 and '-', starting with a letter", NULL);
    struct trusted t = {0};
    int status = trusted_keys(req, resp, &t);
    if (status)
        return status;
    lt_package pkg;
    lt_package_failure fail = {0};
    lt_package_status ps = lt_package_read(req->arena, req->body ? req->body : "", req->body_len,
                                           t.keys, t.n, NULL, &pkg, &fail);
    if (ps != LT_PKG_OK)
        return refusal(req, resp, ps, &fail);

    json_t *record = pkg.record;
    json_t *source =
        json_pack("{s:O, s:O, s:O}", "key", json_object_get(record, "key"), "version",
                  json_object_get(record, "version"), "owner", json_object_get(record, "owner"));
    lt_arena_on_reset(req->arena, decref, source);
    if (!key)
        key = json_string_value(json_object_get(record, "key"));
    if ((status = lt_process_create(req, resp, req->region_id, key, record, source)))
        return status;

    const char *signer = "";
    for (size_t i = 0; i < t.n; i++)
        if (t.keys[i] == pkg.signer)
            signer = t.names[i];
    char version[16];
    snprintf(version, sizeof version, "%d",
             (int)json_integer_value(json_object_get(record, "version")));
    char *owner = json_dumps(json_object_get(record, "owner"), JSON_COMPACT);
    const char *params[] = {lt_record_region(req),
                            key,
                            json_string_value(json_object_get(record, "key")),
                            version,
                            owner ? lt_arena_strdup(req->arena, owner) : "{}",
                            lt_public_key_fingerprint(pkg.signer),
                            signer,
                            sha256_hex(req->arena, req->body, req->body_len)};
    free(owner);
    lt_db_status st = lt_db_exec(req->app->db, req->arena, NULL,
                                 "INSERT INTO lotse.library_imports (region_id, process_key,"
                                 " source_key, source_version, source_owner, signer_fingerprint,"
                                 " signer_name, package_sha256)"
                                 " VALUES ($1, $2, $3, $4::int, $5::jsonb, $6, $7, $8)",
                                 8, params);
    if (st == LT_DB_OK)
        st = lt_audit(req, NULL, req->region_id, "process_imported", "process", key);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location",
                   lt_arena_printf(req->arena, "/api/v1/library/processes/%s/versions/1", key));
    return lt_process_answer(req, resp, key, 1, 201);
}
