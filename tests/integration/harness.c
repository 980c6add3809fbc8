/* harness.c - see harness.h. */
#include "harness.h"
#include "lotse/password.h"
#include "lotse/session.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

static const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        fail_msg("%s is not set: run the integration tests through ctest", name);
    return v;
}

lt_app *th_app(const char *conninfo)
{
    lt_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    lt_config_defaults(cfg);
    free(cfg->database);
    cfg->database = strdup(conninfo ? conninfo : env_or_fail("LOTSE_TEST_DATABASE"));
    free(cfg->signing_key); /* the fixture's key (tools/up makes it) */
    cfg->signing_key = strdup(env_or_fail("LOTSE_SIGNING_KEY"));
    return lt_app_create(cfg);
}

void th_app_destroy(lt_app *app)
{
    lt_config *cfg = (lt_config *)app->cfg;
    lt_app_destroy(app);
    lt_config_free(cfg);
    free(cfg);
}

lt_app *th_group_app;
lt_arena *th_group_arena;

int th_setup(void **state)
{
    (void)state;
    th_group_app = th_app(NULL);
    th_group_arena = lt_arena_create(4096);
    return 0;
}

int th_teardown(void **state)
{
    (void)state;
    lt_arena_destroy(th_group_arena);
    th_app_destroy(th_group_app);
    return 0;
}

int th_request(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
               const char *content_type, const char *body)
{
    lt_req *req = lt_arena_calloc(a, 1, sizeof *req);
    req->arena = a;
    req->method = method;
    req->raw_uri = uri;
    req->content_type = content_type;
    req->body = body;
    req->body_len = body ? strlen(body) : 0;
    /* as the adapter: no body above the largest limit is read; routes hold their own */
    size_t largest = app->cfg->max_body > app->cfg->max_import_body ? app->cfg->max_body
                                                                    : app->cfg->max_import_body;
    req->body_too_large = req->body_len > largest;
    lt_app_handle(app, req, resp);
    return resp->status;
}

static void decref(void *v)
{
    json_decref(v);
}

json_t *th_json(lt_arena *a, const lt_resp *resp)
{
    json_error_t e;
    json_t *v = json_loadb(resp->body.data, resp->body.len, 0, &e);
    if (!v)
        fail_msg("response is not JSON (%s): %.200s", e.text, resp->body.data);
    lt_arena_on_reset(a, decref, v);
    return v;
}

const char *th_header(const lt_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcasecmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

PGconn *th_owner(void)
{
    PGconn *c = PQconnectdb(env_or_fail("LOTSE_TEST_OWNER_DATABASE"));
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect as owner: %s", PQerrorMessage(c));
    return c;
}

const char *th_scalar(PGconn *conn, const char *sql)
{
    static char value[1024];
    PGresult *r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
        snprintf(value, sizeof value, "ERROR: %s", PQresultErrorMessage(r));
    } else {
        snprintf(value, sizeof value, "%s", PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    return value;
}

const char *th_last_request_id;

int th_request_h(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                 const char *content_type, const char *body, const lt_pair *headers,
                 size_t nheaders)
{
    return th_request_bytes(app, a, resp, method, uri, content_type, body, body ? strlen(body) : 0,
                            headers, nheaders);
}

int th_request_bytes(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                     const char *content_type, const char *body, size_t len, const lt_pair *headers,
                     size_t nheaders)
{
    lt_req *req = lt_arena_calloc(a, 1, sizeof *req);
    req->arena = a;
    req->method = method;
    req->raw_uri = uri;
    req->content_type = content_type;
    req->body = body;
    req->body_len = len;
    /* as the adapter: no body above the largest limit is read; routes hold their own */
    size_t largest = app->cfg->max_body > app->cfg->max_import_body ? app->cfg->max_body
                                                                    : app->cfg->max_import_body;
    req->body_too_large = req->body_len > largest;
    req->headers = headers;
    req->nheaders = nheaders;
    lt_app_handle(app, req, resp);
    th_last_request_id = req->request_id;
    return resp->status;
}

int th_request_as(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                  const char *body, const char *token, const char *csrf)
{
    lt_pair *h = lt_arena_calloc(a, 2, sizeof *h);
    size_t n = 0;
    if (token) {
        h[n].name = "cookie";
        h[n++].value = lt_arena_printf(a, "%s=%s", lt_session_cookie_name(app->cfg), token);
    }
    if (csrf) {
        h[n].name = "x-csrf-token";
        h[n++].value = csrf;
    }
    return th_request_h(app, a, resp, method, uri, body ? "application/json" : NULL, body, h, n);
}

/* 32 random bytes as base64url without padding: 43 characters. */
static void random_token(char *out)
{
    unsigned char raw[32];
    if (RAND_bytes(raw, sizeof raw) != 1)
        fail_msg("no randomness");
    int len = EVP_EncodeBlock((unsigned char *)out, raw, sizeof raw);
    while (len > 0 && out[len - 1] == '=')
        len--;
    out[len] = '\0';
    for (char *p = out; *p; p++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
}

/* Runs sql with params as conn; fails the test on an error. The result is the caller's. */
static PGresult *exec_or_fail(PGconn *conn, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("th_sign_in: %s", PQresultErrorMessage(r));
    return r;
}

void th_sign_in(PGconn *owner, const char *email_prefix, const char *global_role,
                const char *region_slug, const char *member_role, char *token, char *csrf,
                char *user_id)
{
    static int counter;
    char email[200];
    snprintf(email, sizeof email, "%s-%d-%d@test.example", email_prefix, (int)getpid(), ++counter);
    const char *user_params[] = {email};
    PGresult *r = exec_or_fail(owner,
                               "INSERT INTO lotse.users (email, display_name) VALUES ($1, $1)"
                               " RETURNING id",
                               1, user_params);
    char id[TH_UUID_SIZE];
    snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    if (global_role) {
        const char *params[] = {id, global_role};
        PQclear(exec_or_fail(owner, "INSERT INTO lotse.user_roles (user_id, role) VALUES ($1, $2)",
                             2, params));
    }
    if (region_slug && member_role) {
        const char *params[] = {id, region_slug, member_role};
        r = exec_or_fail(owner,
                         "INSERT INTO lotse.memberships (region_id, user_id, role)"
                         " SELECT id, $1::uuid, $3::text FROM lotse.regions WHERE slug = $2",
                         3, params);
        if (strcmp(PQcmdTuples(r), "1") != 0)
            fail_msg("th_sign_in: there is no region %s", region_slug);
        PQclear(r);
    }
    random_token(token);
    random_token(csrf);
    const char *session_params[] = {token, id, csrf};
    PQclear(exec_or_fail(owner,
                         "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token, expires_at)"
                         " VALUES (sha256(convert_to($1, 'UTF8')), $2, $3,"
                         " now() + interval '1 hour')",
                         3, session_params));
    if (user_id)
        snprintf(user_id, TH_UUID_SIZE, "%s", id);
}

int th_request_from(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                    const char *body, const char *addr, const char *token, const char *csrf)
{
    lt_pair *h = lt_arena_calloc(a, 2, sizeof *h);
    size_t n = 0;
    if (token) {
        h[n].name = "cookie";
        h[n++].value = lt_arena_printf(a, "%s=%s", lt_session_cookie_name(app->cfg), token);
    }
    if (csrf) {
        h[n].name = "x-csrf-token";
        h[n++].value = csrf;
    }
    lt_req *req = lt_arena_calloc(a, 1, sizeof *req);
    req->arena = a;
    req->method = method;
    req->raw_uri = uri;
    req->content_type = body ? "application/json" : NULL;
    req->body = body;
    req->body_len = body ? strlen(body) : 0;
    /* as the adapter: no body above the largest limit is read; routes hold their own */
    size_t largest = app->cfg->max_body > app->cfg->max_import_body ? app->cfg->max_body
                                                                    : app->cfg->max_import_body;
    req->body_too_large = req->body_len > largest;
    req->remote_addr = addr;
    req->headers = h;
    req->nheaders = n;
    lt_app_handle(app, req, resp);
    th_last_request_id = req->request_id;
    return resp->status;
}

int th_login(lt_app *app, lt_arena *a, lt_resp *resp, const char *email, const char *password,
             const char *addr, const char *token)
{
    json_t *body = json_pack("{s:s, s:s}", "email", email, "password", password);
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text)
        fail_msg("th_login: cannot encode the body");
    const char *copy = lt_arena_strdup(a, text);
    free(text);
    return th_request_from(app, a, resp, "POST", "/api/v1/session", copy, addr, token, NULL);
}

const char *th_cookie_token(lt_app *app, lt_arena *a, const lt_resp *resp)
{
    const char *c = th_header(resp, "Set-Cookie");
    const char *name = lt_session_cookie_name(app->cfg);
    size_t len = strlen(name);
    if (!c || strncmp(c, name, len) != 0 || c[len] != '=')
        return NULL;
    size_t n = strcspn(c + len + 1, ";");
    return n ? lt_arena_strndup(a, c + len + 1, n) : NULL;
}

const char *th_add_user(PGconn *owner, lt_arena *a, const char *email, const char *password,
                        unsigned log2_n)
{
    char hash[LT_PASSWORD_HASH_MAX];
    if (lt_password_hash(password, strlen(password), (lt_scrypt_params){log2_n, 8, 1}, hash,
                         sizeof hash) != 0)
        fail_msg("th_add_user: hashing failed");
    const char *params[] = {email, hash};
    return th_value(owner, a,
                    "INSERT INTO lotse.users (email, display_name, password_hash)"
                    " VALUES ($1, 'Test ' || $1, $2) RETURNING id",
                    2, params);
}

const char *th_value(PGconn *conn, lt_arena *a, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType s = PQresultStatus(r);
    if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
        const char *why = lt_arena_strdup(a, PQresultErrorMessage(r));
        PQclear(r);
        fail_msg("%s: %s", sql, why);
    }
    const char *v =
        lt_arena_strdup(a, s == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return v;
}

int th_request_signed(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                      const char *body, const char *token, const char *csrf, const char *if_match,
                      const char *idempotency_key)
{
    lt_pair headers[4];
    size_t n = 0;
    headers[n++] = (lt_pair){"cookie", lt_arena_printf(a, "__Host-lotse=%s", token)};
    headers[n++] = (lt_pair){"x-csrf-token", csrf};
    if (if_match)
        headers[n++] = (lt_pair){"if-match", if_match};
    if (idempotency_key)
        headers[n++] = (lt_pair){"idempotency-key", idempotency_key};
    return th_request_h(app, a, resp, method, uri, body ? "application/json" : NULL, body, headers,
                        n);
}
