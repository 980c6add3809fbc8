/*
 * session.c - signing in and out, and the caller themselves (/api/v1/me).
 *
 * A login answers alike for an unknown address, a disabled account, an account
 * without a password and a wrong password: the same status and body, and about
 * the same time, because where there is no hash to check one is burnt at the
 * configured cost. Failures are counted per account and per client
 * (throttle.h); they and their audit rows outlive the error answer
 * (keep_writes). Every check runs under a hashing slot (password.h) and a
 * password longer than any the policy allows fails without being hashed, so a
 * megabyte of password costs no scrypt.
 *
 * A login always starts a new session and ends the one the request's cookie
 * named, so a token planted before the login (session fixation) is worth
 * nothing after it.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/log.h"
#include "lotse/parse.h"
#include "lotse/password.h"
#include "lotse/problem.h"
#include "lotse/session.h"
#include "lotse/throttle.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EMAIL_MAX = 254, PASSWORD_MAX_BYTES = 4 * LT_PASSWORD_MAX_CHARS, FIELD_ECHO_MAX = 64 };

static const char LOGIN_FAILED_DETAIL[] = "The email address or the password is wrong.";

/* What one password check found. */
typedef enum { PW_BUSY, PW_WRONG, PW_RIGHT } pw_check;

static void field_error(json_t *errors, const char *field, const char *message)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

/*
 * Checks that body is an object with exactly the two string members names[0]
 * and names[1], and points values and lens at them. Returns the field errors
 * (an empty array: the body is fine); unknown members are named, cut to
 * FIELD_ECHO_MAX bytes.
 */
static json_t *two_strings(lt_arena *a, json_t *body, const char *const names[2],
                           const char *values[2], size_t lens[2])
{
    json_t *errors = json_array();
    values[0] = values[1] = NULL;
    lens[0] = lens[1] = 0;
    if (!json_is_object(body)) {
        field_error(
            errors, "",
            lt_arena_printf(a, "must be an object with the members %s and %s", names[0], names[1]));
        return errors;
    }
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        if (strcmp(key, names[0]) != 0 && strcmp(key, names[1]) != 0)
            field_error(errors,
                        lt_arena_strndup(a, key, lt_utf8_prefix(key, strlen(key), FIELD_ECHO_MAX)),
                        "unknown field");
    }
    for (int i = 0; i < 2; i++) {
        value = json_object_get(body, names[i]);
        if (!json_is_string(value)) {
            field_error(errors, names[i], value ? "must be text" : "is required");
            continue;
        }
        values[i] = json_string_value(value);
        lens[i] = json_string_length(value);
    }
    return errors;
}

/* Longer than any acceptable password (code points, or bytes): never worth a hash. */
static bool too_long(const char *password, size_t len)
{
    if (len > PASSWORD_MAX_BYTES)
        return true;
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)password[i] & 0xc0) != 0x80;
    return chars > LT_PASSWORD_MAX_CHARS;
}

static lt_scrypt_params configured(const lt_req *req)
{
    const lt_config *cfg = req->app->cfg;
    return (lt_scrypt_params){(unsigned)cfg->scrypt_log2_n, (unsigned)cfg->scrypt_r,
                              (unsigned)cfg->scrypt_p};
}

/*
 * Under one hashing slot: checks password against stored (NULL: no account
 * that may log in; a hash at the configured cost is burnt instead) and, on a
 * match, hashes `next` into out (next NULL: the password itself, and only when
 * stored is weaker than configured). out is "" when nothing was hashed or
 * hashing failed. PW_BUSY: no slot was free and nothing ran.
 */
static pw_check check_password(lt_req *req, const char *password, size_t len, const char *stored,
                               const char *next, size_t next_len, char out[LT_PASSWORD_HASH_MAX])
{
    out[0] = '\0';
    if (!lt_password_slot_try())
        return PW_BUSY;
    lt_scrypt_params params = configured(req);
    bool rehash = false;
    lt_pw_result r = LT_PW_MALFORMED;
    if (stored)
        r = lt_password_verify(password, len, stored, params, &rehash);
    if (r == LT_PW_MALFORMED) {
        if (stored)
            lt_log_event("error", "password_hash_malformed",
                         "request %s: a stored password hash cannot be read", req->request_id);
        lt_password_burn(password, len, params);
    }
    if (r == LT_PW_MATCH && (next || rehash) &&
        lt_password_hash(next ? next : password, next ? next_len : len, params, out,
                         LT_PASSWORD_HASH_MAX) != 0)
        lt_log_event("error", "password_hash", "request %s: hashing a password failed",
                     req->request_id);
    lt_password_slot_release();
    return r == LT_PW_MATCH ? PW_RIGHT : PW_WRONG;
}

static int busy(lt_req *req, lt_resp *resp)
{
    lt_resp_header(resp, "Retry-After", "1");
    return lt_problem(resp, req, LT_E_BUSY,
                      "Too many passwords are being checked right now; try again shortly.", NULL);
}

/* A password check refused while a key is locked; the refusal stays in the audit log. */
static int throttled(lt_req *req, lt_resp *resp, int wait, const char *action, const char *entity,
                     const char *entity_id)
{
    resp->keep_writes = true;
    lt_db_status st = lt_audit(req, NULL, 0, action, entity, entity_id);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Retry-After", lt_arena_printf(req->arena, "%d", wait));
    return lt_problem(resp, req, LT_E_TOO_MANY_REQUESTS,
                      "Too many failed attempts; wait before trying again.", NULL);
}

/* The user, roles and memberships as the login and /me answer them; NULL when
 * there is no such user (*st says whether the statement failed). */
static const char *user_json(lt_req *req, const char *user_id, lt_db_status *st)
{
    const char *params[] = {user_id};
    PGresult *res;
    *st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT json_build_object("
        " 'user', json_build_object('id', u.id, 'email', u.email,"
        "   'display_name', u.display_name),"
        " 'roles', coalesce((SELECT json_agg(role ORDER BY role) FROM lotse.user_roles"
        "   WHERE user_id = u.id), '[]'),"
        " 'memberships', coalesce((SELECT json_agg(json_build_object('region', r.slug,"
        "   'role', m.role) ORDER BY r.slug, m.role) FROM lotse.memberships m"
        "   JOIN lotse.regions r ON r.id = m.region_id WHERE m.user_id = u.id), '[]'))::text"
        " FROM lotse.users u WHERE u.id = $1::uuid",
        1, params);
    return *st == LT_DB_OK && PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : NULL;
}

/* Answers status with the user's JSON (an object) and the session's CSRF token. */
static int answer_me(lt_req *req, lt_resp *resp, const char *json, const char *csrf, int status)
{
    size_t n = strlen(json);
    json_t *token = json_string(csrf);
    char *quoted = token ? json_dumps(token, JSON_ENCODE_ANY) : NULL;
    json_decref(token);
    if (n < 2 || json[n - 1] != '}' || !quoted) {
        free(quoted);
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    }
    lt_buf_append(&resp->body, json, n - 1);
    lt_buf_printf(&resp->body, ",\"csrf_token\":%s}", quoted);
    free(quoted);
    resp->content_type = "application/json";
    lt_resp_header(resp, "Cache-Control", "no-store");
    return resp->status = status;
}

/* Ends the session the request's cookie names, if it is still open. */
static lt_db_status end_previous_session(lt_req *req)
{
    lt_identity previous;
    lt_db_status st = lt_session_lookup(req, &previous);
    if (st != LT_DB_OK || !previous.session_hash)
        return st;
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", previous.session_hash[i]);
    const char *params[] = {hex};
    return lt_db_exec(req->app->db, req->arena, NULL,
                      "UPDATE lotse.sessions SET ended_at = now()"
                      " WHERE token_hash = decode($1, 'hex') AND ended_at IS NULL",
                      1, params);
}

static int login_failed(lt_req *req, lt_resp *resp, const char *email, const char *user_id)
{
    resp->keep_writes = true;
    lt_db_status st = lt_throttle_fail(req, email);
    if (st == LT_DB_OK)
        st = lt_audit(req, user_id, 0, "login_failed", "session", NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_problem(resp, req, LT_E_LOGIN_FAILED, LOGIN_FAILED_DETAIL, NULL);
}

static int login_succeeded(lt_req *req, lt_resp *resp, const char *email, const char *user_id,
                           const char *old_hash, const char *new_hash)
{
    lt_db_status st = lt_throttle_clear(req, email);
    if (st == LT_DB_OK && new_hash[0]) {
        /* Only if unchanged meanwhile: a password set concurrently wins. */
        const char *params[] = {user_id, new_hash, old_hash};
        st = lt_db_exec(req->app->db, req->arena, NULL,
                        "UPDATE lotse.users SET password_hash = $2"
                        " WHERE id = $1::uuid AND password_hash = $3",
                        3, params);
    }
    const char *json = NULL;
    if (st == LT_DB_OK)
        json = user_json(req, user_id, &st);
    if (st == LT_DB_OK)
        st = end_previous_session(req);
    if (st == LT_DB_OK)
        st = lt_audit(req, user_id, 0, "login", "session", NULL);
    /* Last, so that no failure after it can leave a Set-Cookie on an error. */
    const char *csrf = NULL;
    if (st == LT_DB_OK && json)
        st = lt_session_start(req, resp, user_id, &csrf);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (!json)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    return answer_me(req, resp, json, csrf, 201);
}

int lt_api_session_create(lt_req *req, lt_resp *resp)
{
    static const char *const names[2] = {"email", "password"};
    const char *v[2];
    size_t len[2];
    json_t *errors = two_strings(req->arena, req->json, names, v, len);
    if (v[0] && len[0] > EMAIL_MAX)
        field_error(errors, "email", "must be at most 254 bytes");
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The sign-in request is not valid.", errors);
    json_decref(errors);
    const char *email = v[0], *password = v[1];

    int wait;
    lt_db_status st = lt_throttle_wait(req, email, &wait);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (wait > 0)
        return throttled(req, resp, wait, "login_throttled", "session", NULL);

    const char *params[] = {email};
    PGresult *res;
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "SELECT id, password_hash, disabled FROM lotse.users"
                    " WHERE lower(email) = lower($1)",
                    1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *user_id = NULL, *stored = NULL;
    if (PQntuples(res) == 1) {
        user_id = PQgetvalue(res, 0, 0);
        if (!PQgetisnull(res, 0, 1) && strcmp(PQgetvalue(res, 0, 2), "f") == 0)
            stored = PQgetvalue(res, 0, 1);
    }
    if (too_long(password, len[1]))
        return login_failed(req, resp, email, user_id);

    char new_hash[LT_PASSWORD_HASH_MAX];
    switch (check_password(req, password, len[1], stored, NULL, 0, new_hash)) {
    case PW_BUSY:
        return busy(req, resp);
    case PW_WRONG:
        return login_failed(req, resp, email, user_id);
    case PW_RIGHT:
        break;
    }
    int status = login_succeeded(req, resp, email, user_id, stored, new_hash);
    OPENSSL_cleanse(new_hash, sizeof new_hash);
    return status;
}

int lt_api_session_delete(lt_req *req, lt_resp *resp)
{
    /* The audit row first: a failure after the cookie is cleared would still clear it. */
    lt_db_status st = lt_audit(req, NULL, 0, "logout", "session", NULL);
    if (st == LT_DB_OK)
        st = lt_session_end(req, resp, req->who);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    resp->content_type = NULL;
    return resp->status = 204;
}

int lt_api_me(lt_req *req, lt_resp *resp)
{
    lt_db_status st;
    const char *json = user_json(req, req->who->user_id, &st);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (!json) /* the session lookup found the user in this very transaction */
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    return answer_me(req, resp, json, req->who->csrf_token, 200);
}

/* A wrong current password: counted like a failed login, kept in the audit log. */
static int wrong_current_password(lt_req *req, lt_resp *resp)
{
    resp->keep_writes = true;
    lt_db_status st = lt_throttle_fail(req, req->who->email);
    if (st == LT_DB_OK)
        st = lt_audit(req, NULL, 0, "password_change_failed", "user", req->who->user_id);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    json_t *errors = json_array();
    field_error(errors, "current_password", "is not your current password");
    return lt_problem(resp, req, LT_E_VALIDATION, "The password was not changed.", errors);
}

static int change_password(lt_req *req, lt_resp *resp, const char *new_hash)
{
    const lt_identity *who = req->who;
    const char *params[] = {who->user_id, new_hash};
    lt_db_status st = lt_db_exec(req->app->db, req->arena, NULL,
                                 "UPDATE lotse.users SET password_hash = $2, updated_at = now(),"
                                 " version = version + 1 WHERE id = $1::uuid",
                                 2, params);
    if (st == LT_DB_OK)
        st = lt_session_end_others(req, who->user_id, who->session_hash);
    if (st == LT_DB_OK)
        st = lt_audit(req, NULL, 0, "password_changed", "user", who->user_id);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    resp->content_type = NULL;
    return resp->status = 204;
}

int lt_api_me_password(lt_req *req, lt_resp *resp)
{
    static const char *const names[2] = {"current_password", "new_password"};
    const char *v[2];
    size_t len[2];
    json_t *errors = two_strings(req->arena, req->json, names, v, len);
    const char *why = v[1] ? lt_password_unacceptable(v[1], len[1]) : NULL;
    if (why)
        field_error(errors, "new_password", why);
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The password was not changed.", errors);
    json_decref(errors);
    const lt_identity *who = req->who;

    int wait;
    lt_db_status st = lt_throttle_wait(req, who->email, &wait);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (wait > 0)
        return throttled(req, resp, wait, "password_change_throttled", "user", who->user_id);

    const char *params[] = {who->user_id};
    PGresult *res;
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "SELECT password_hash FROM lotse.users WHERE id = $1::uuid", 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *stored =
        PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ? PQgetvalue(res, 0, 0) : NULL;
    if (too_long(v[0], len[0]))
        return wrong_current_password(req, resp);

    char new_hash[LT_PASSWORD_HASH_MAX];
    switch (check_password(req, v[0], len[0], stored, v[1], len[1], new_hash)) {
    case PW_BUSY:
        return busy(req, resp);
    case PW_WRONG:
        return wrong_current_password(req, resp);
    case PW_RIGHT:
        break;
    }
    if (!new_hash[0])
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    int status = change_password(req, resp, new_hash);
    OPENSSL_cleanse(new_hash, sizeof new_hash);
    return status;
}
