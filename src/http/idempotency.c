/*
 * idempotency.c - the Idempotency-Key of creating requests; see idempotency.h.
 *
 * Why a try-lock and not a waiting one: a waiting duplicate would hold one of
 * the worker's few request threads and its connection for as long as the
 * first request runs, and a client hammering retries could tie up every
 * thread. 409 with Retry-After costs nothing, and the client's next retry
 * finds the stored answer.
 *
 * Why the request's raw target and the body's exact bytes: that is what the
 * client sent and can send again byte for byte; judging "the same request"
 * after parsing would tie the stored answers to the parser of the day.
 */
#include "lotse/idempotency.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/problem.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FRESH "interval '24 hours'"

static bool key_is_valid(const char *key)
{
    size_t n = strlen(key);
    if (n < 1 || n > LT_IDEM_KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (key[i] < 0x20 || key[i] > 0x7e)
            return false;
    return true;
}

static void body_sha256(const lt_req *req, char hex[65])
{
    unsigned char digest[32];
    unsigned int len = 0;
    if (!EVP_Digest(req->body ? req->body : "", req->body ? req->body_len : 0, digest, &len,
                    EVP_sha256(), NULL) ||
        len != sizeof digest)
        abort(); /* SHA-256 of a buffer cannot fail short of a broken library */
    for (size_t i = 0; i < sizeof digest; i++) {
        hex[2 * i] = "0123456789abcdef"[digest[i] >> 4];
        hex[2 * i + 1] = "0123456789abcdef"[digest[i] & 15];
    }
    hex[64] = '\0';
}

static const char *resp_header(const lt_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcasecmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

/* The stored answer of row 0 of res (columns 1..5) into resp. */
static int replay(lt_resp *resp, PGresult *res)
{
    lt_resp_init(resp, resp->body.arena);
    resp->status = atoi(PQgetvalue(res, 0, 1));
    if (!PQgetisnull(res, 0, 2)) {
        resp->content_type = lt_arena_strdup(resp->body.arena, PQgetvalue(res, 0, 2));
        lt_buf_append(&resp->body, PQgetvalue(res, 0, 5), (size_t)PQgetlength(res, 0, 5));
    }
    if (!PQgetisnull(res, 0, 3))
        lt_resp_header(resp, "Location", PQgetvalue(res, 0, 3));
    if (!PQgetisnull(res, 0, 4))
        lt_resp_header(resp, "ETag", PQgetvalue(res, 0, 4));
    lt_resp_header(resp, "Idempotent-Replayed", "true");
    return resp->status;
}

static int in_progress(lt_req *req, lt_resp *resp)
{
    lt_resp_header(resp, "Retry-After", "1");
    return lt_problem(resp, req, LT_E_CONFLICT,
                      "A request with this Idempotency-Key is in progress; retry shortly to get "
                      "its answer.",
                      NULL);
}

int lt_idem_begin(lt_req *req, lt_resp *resp, lt_idem *idem)
{
    idem->key = NULL;
    const char *key = lt_req_header(req, "idempotency-key");
    if (!key || !req->who || !req->who->user_id)
        return 0;
    if (!key_is_valid(key))
        return lt_problem(resp, req, LT_E_BAD_REQUEST,
                          "The Idempotency-Key header must be 1 to 200 printable ASCII "
                          "characters.",
                          NULL);
    body_sha256(req, idem->body_sha256);

    lt_db *db = req->app->db;
    const char *lock_params[] = {req->who->user_id, key};
    PGresult *res;
    lt_db_status st = lt_db_exec(db, req->arena, &res,
                                 "SELECT pg_try_advisory_xact_lock(hashtextextended("
                                 "'lotse.idempotency ' || $1 || ' ' || $2, 0))",
                                 2, lock_params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        return in_progress(req, resp);

    /* A separate statement: its snapshot is taken after the lock, so it sees
     * what the lock's previous holder committed. */
    const char *params[] = {req->who->user_id, key, req->method, req->raw_uri, idem->body_sha256};
    st = lt_db_exec(db, req->arena, &res,
                    "WITH expired AS (DELETE FROM lotse.idempotency_keys"
                    " WHERE user_id = $1 AND key = $2 AND created_at < now() - " FRESH ")"
                    " SELECT method = $3 AND path = $4 AND body_sha256 = decode($5, 'hex'),"
                    " status, content_type, location, etag, response"
                    " FROM lotse.idempotency_keys"
                    " WHERE user_id = $1 AND key = $2 AND created_at >= now() - " FRESH,
                    5, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        idem->key = key;
        return 0;
    }
    if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
        return lt_problem(resp, req, LT_E_IDEMPOTENCY_MISMATCH,
                          "This Idempotency-Key was used for a different request (method, "
                          "path or body); use a new key for a new operation.",
                          NULL);
    return replay(resp, res);
}

int lt_idem_finish(lt_req *req, lt_resp *resp, lt_idem *idem, int status)
{
    if (!idem->key || status >= 400)
        return status;
    char status_text[12];
    snprintf(status_text, sizeof status_text, "%d", status);
    const char *params[] = {req->who->user_id,
                            idem->key,
                            req->method,
                            req->raw_uri,
                            idem->body_sha256,
                            status_text,
                            resp->content_type,
                            resp_header(resp, "Location"),
                            resp_header(resp, "ETag"),
                            resp->content_type && resp->body.data ? resp->body.data : ""};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "INSERT INTO lotse.idempotency_keys (user_id, key, method, path, body_sha256,"
                   " status, content_type, location, etag, response)"
                   " VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6::int, $7, $8, $9, $10)"
                   " ON CONFLICT (user_id, key) DO NOTHING RETURNING true",
                   10, params);
    if (st == LT_DB_OK && PQntuples(res) == 1)
        return status;
    lt_resp_init(resp, req->arena); /* the handler's success must not leak out */
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return in_progress(req, resp);
}
