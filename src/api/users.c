/*
 * users.c - accounts, for administrators: list, create, read, change.
 *
 * Roles and memberships are granted in user_grants.c. Every change is audited
 * in the request's transaction; reading accounts is too, since they are
 * personal data (audit.h). Passwords are hashed outside any lock the request
 * would not hold anyway, under a hashing slot (password.h): when none is free
 * the answer is 503 with Retry-After instead of a queue.
 *
 * Disabling an account or resetting its password ends its sessions in the same
 * transaction, so neither a thief's cookie nor the old password outlives the
 * change.
 */
#include "users.h"

#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/log.h"
#include "lotse/parse.h"
#include "lotse/password.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/session.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_LIMIT = 50, MAX_LIMIT = 100 };
enum { EMAIL_MIN = 3, EMAIL_MAX = 254, NAME_MAX_CHARS = 200 };

static const char SQLSTATE_UNIQUE[] = "23505";
static const char SQLSTATE_CHECK[] = "23514";

const char *lt_users_id_param(lt_req *req)
{
    const char *id = lt_req_param(req, "id");
    if (!id || strlen(id) != 36)
        return NULL;
    char *out = lt_arena_strdup(req->arena, id);
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? id[i] != '-' : !isxdigit((unsigned char)id[i]))
            return NULL;
        out[i] = (char)tolower((unsigned char)id[i]);
    }
    return out;
}

int lt_users_answer(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {id};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT " LT_USER_JSON "::text FROM lotse.users u WHERE u.id = $1::uuid", 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = status;
}

void lt_users_field_error(json_t *errors, const char *field, const char *message)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

bool lt_users_members_known(lt_arena *a, json_t *body, const char *const *allowed, json_t *errors)
{
    if (!json_is_object(body)) {
        lt_users_field_error(errors, "", "must be a JSON object");
        return false;
    }
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        const char *const *name = allowed;
        while (*name && strcmp(*name, key) != 0)
            name++;
        if (!*name)
            lt_users_field_error(errors,
                                 lt_arena_strndup(a, key, lt_utf8_prefix(key, strlen(key), 64)),
                                 "unknown field");
    }
    return true;
}

/* A JSON string without an embedded NUL (jansson allows "\u0000" only when
 * asked to, but the check is cheap); NULL when v is anything else. */
static const char *text_of(json_t *v, size_t *len)
{
    if (!json_is_string(v))
        return NULL;
    const char *s = json_string_value(v);
    *len = json_string_length(v);
    return strlen(s) == *len ? s : NULL;
}

/* Why an email address is refused, or NULL. The table's CHECK says the same. */
static const char *email_unacceptable(const char *s, size_t len)
{
    if (len < EMAIL_MIN || len > EMAIL_MAX)
        return "must be 3 to 254 bytes long";
    const char *at = memchr(s, '@', len);
    if (!at || at == s || at == s + len - 1 || memchr(at + 1, '@', (size_t)(s + len - at - 1)))
        return "must contain exactly one @ with text on both sides";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* C0, space, DEL; C1 and the no-break space (U+0080..U+00A0) */
        if (c <= 0x20 || c == 0x7f || (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] <= 0xa0))
            return "must not contain spaces or control characters";
    }
    return NULL;
}

/* Why a display name is refused, or NULL: 1 to 200 characters, no C0/C1
 * control characters, not only spaces. s is valid UTF-8 (jansson). */
static const char *name_unacceptable(const char *s, size_t len)
{
    size_t chars = 0, spaces = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xc0) != 0x80)
            chars++;
        if (c < 0x20 || c == 0x7f || (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] < 0xa0))
            return "must not contain control characters";
        spaces += c == ' ';
    }
    if (chars < 1 || chars > NAME_MAX_CHARS)
        return "must be 1 to 200 characters long";
    if (spaces == chars)
        return "must not be blank";
    return NULL;
}

/* Checks a string member: absent is fine unless required. Appends the error. */
static const char *text_member(json_t *body, const char *field, bool required, size_t *len,
                               const char *(*unacceptable)(const char *, size_t), json_t *errors)
{
    json_t *v = json_object_get(body, field);
    if (!v) {
        if (required)
            lt_users_field_error(errors, field, "is required");
        return NULL;
    }
    const char *s = text_of(v, len);
    const char *why = s ? unacceptable(s, *len) : "must be text";
    if (why) {
        lt_users_field_error(errors, field, why);
        return NULL;
    }
    return s;
}

/* Hashes password with the configured cost under a slot; 0 or a problem status. */
static int hash_password(lt_req *req, lt_resp *resp, const char *password, size_t len,
                         char out[LT_PASSWORD_HASH_MAX])
{
    if (!lt_password_slot_try()) {
        lt_resp_header(resp, "Retry-After", "1");
        return lt_problem(resp, req, LT_E_BUSY,
                          "Too many passwords are being hashed right now; try again shortly.",
                          NULL);
    }
    const lt_config *cfg = req->app->cfg;
    lt_scrypt_params params = {(unsigned)cfg->scrypt_log2_n, (unsigned)cfg->scrypt_r,
                               (unsigned)cfg->scrypt_p};
    int rc = lt_password_hash(password, len, params, out, LT_PASSWORD_HASH_MAX);
    lt_password_slot_release();
    if (rc != 0) {
        lt_log_event("error", "password_hash", "request %s: hashing a password failed",
                     req->request_id);
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    }
    return 0;
}

/* The columns of the CSV export (page.h). */
static const lt_csv_column user_columns[] = {
    {"email", "email"},   {"display_name", "display_name"}, {"disabled", "disabled"},
    {"roles", "roles[]"}, {"created_at", "created_at"},
};

/* lower(email) is unique (users_email_key), so it alone orders and pages. */
static const lt_list user_list = {
    "user",
    "users",
    "SELECT " LT_USER_JSON " AS item, lower(u.email) AS sort_key FROM lotse.users u"
    " WHERE lower(u.email) > $1 ORDER BY sort_key LIMIT $2::int",
    false,
    user_columns,
    sizeof user_columns / sizeof user_columns[0],
};

int lt_api_users_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &user_list, &page);
    if (status)
        return status;
    lt_db_status st;
    if ((st = lt_audit(req, NULL, 0, "users_listed", "user", NULL)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_page_list(req, resp, &user_list, &page, 0, NULL);
}

static const char *const create_members[] = {"email", "display_name", "password", NULL};

int lt_api_users_create(lt_req *req, lt_resp *resp)
{
    json_t *errors = json_array();
    size_t email_len = 0, name_len = 0, pw_len = 0;
    const char *email = NULL, *name = NULL, *password = NULL;
    if (lt_users_members_known(req->arena, req->json, create_members, errors)) {
        email = text_member(req->json, "email", true, &email_len, email_unacceptable, errors);
        name = text_member(req->json, "display_name", true, &name_len, name_unacceptable, errors);
        password =
            text_member(req->json, "password", true, &pw_len, lt_password_unacceptable, errors);
    }
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The new user is not valid.", errors);
    json_decref(errors);

    const char *check[] = {email};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT 1 FROM lotse.users WHERE lower(email) = lower($1)", 1, check);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) > 0) /* before hashing: a taken address costs no scrypt */
        return lt_problem(resp, req, LT_E_CONFLICT, "an account with this email exists", NULL);

    char hash[LT_PASSWORD_HASH_MAX];
    int status = hash_password(req, resp, password, pw_len, hash);
    if (status)
        return status;
    const char *params[] = {email, name, hash};
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "INSERT INTO lotse.users (email, display_name, password_hash)"
                    " VALUES ($1, $2, $3) RETURNING id",
                    3, params);
    OPENSSL_cleanse(hash, sizeof hash);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), SQLSTATE_UNIQUE) == 0)
        return lt_problem(resp, req, LT_E_CONFLICT, "an account with this email exists", NULL);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), SQLSTATE_CHECK) == 0) {
        /* PostgreSQL's [:space:] also knows Unicode spaces that pass the byte check. */
        errors = json_array();
        lt_users_field_error(errors, "email", "must not contain spaces or control characters");
        return lt_problem(resp, req, LT_E_VALIDATION, "The new user is not valid.", errors);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, 0, "user_created", "user", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location", lt_arena_printf(req->arena, "/api/v1/users/%s", id));
    return lt_users_answer(req, resp, id, 201);
}

int lt_api_user_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_users_id_param(req);
    if (!id)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);
    int status = lt_users_answer(req, resp, id, 200);
    if (status != 200)
        return status;
    lt_db_status st = lt_audit(req, NULL, 0, "user_read", "user", id);
    return st == LT_DB_OK ? status : lt_api_db_problem(req, resp, st);
}

static const char *const update_members[] = {"display_name", "disabled", "password", NULL};

int lt_api_user_update(lt_req *req, lt_resp *resp)
{
    const char *id = lt_users_id_param(req);
    if (!id)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);
    bool self = strcmp(id, req->who->user_id) == 0;

    json_t *errors = json_array();
    size_t name_len = 0, pw_len = 0;
    const char *name = NULL, *password = NULL, *disabled = NULL;
    if (lt_users_members_known(req->arena, req->json, update_members, errors)) {
        name = text_member(req->json, "display_name", false, &name_len, name_unacceptable, errors);
        password =
            text_member(req->json, "password", false, &pw_len, lt_password_unacceptable, errors);
        json_t *d = json_object_get(req->json, "disabled");
        if (d && !json_is_boolean(d))
            lt_users_field_error(errors, "disabled", "must be true or false");
        else if (d)
            disabled = json_is_true(d) ? "true" : "false";
        if (disabled && self && json_is_true(d))
            lt_users_field_error(errors, "disabled", "you cannot disable your own account");
        if (!json_object_get(req->json, "display_name") && !d &&
            !json_object_get(req->json, "password"))
            lt_users_field_error(errors, "",
                                 "must contain at least one of display_name, disabled, password");
    }
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The change is not valid.", errors);
    json_decref(errors);

    const char *key[] = {id};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT disabled FROM lotse.users WHERE id = $1::uuid FOR UPDATE", 1, key);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no user with this id.", NULL);
    bool was_disabled = strcmp(PQgetvalue(res, 0, 0), "t") == 0;

    char hash[LT_PASSWORD_HASH_MAX] = "";
    if (password) {
        int status = hash_password(req, resp, password, pw_len, hash);
        if (status)
            return status;
    }
    const char *params[] = {id, name, disabled, password ? hash : NULL};
    st = lt_db_exec(req->app->db, req->arena, NULL,
                    "UPDATE lotse.users SET display_name = coalesce($2, display_name),"
                    " disabled = coalesce($3::boolean, disabled),"
                    " password_hash = coalesce($4, password_hash),"
                    " version = version + 1, updated_at = now() WHERE id = $1::uuid",
                    4, params);
    OPENSSL_cleanse(hash, sizeof hash);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);

    bool disabling = disabled && strcmp(disabled, "true") == 0;
    /* An administrator resetting their own password here stays signed in. */
    if ((disabling || password) &&
        (st = lt_session_end_others(req, id, self ? req->who->session_hash : NULL)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, 0, "user_updated", "user", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (disabling && !was_disabled &&
        (st = lt_audit(req, NULL, 0, "user_disabled", "user", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_users_answer(req, resp, id, 200);
}
