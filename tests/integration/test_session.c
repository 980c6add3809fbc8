/*
 * test_session.c - signing in and out, /me and the password change against the
 * real database: the cookie, the answer's shape, what ends a session, CSRF,
 * re-hashing and the audit trail. The throttle has test_login_throttle.c.
 *
 * Accounts are made directly as the owner with cheap hashes ({10,8,1}; the app
 * is configured to match). Every email and client address carries the process
 * id, so reruns against the same database never meet old throttle rows, and
 * this run's throttle rows are removed at the end.
 */
#include "harness.h"

#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "login_fixture.h"

/* The shared sign-in fixture's names, short. */
#define PASSWORD LF_PASSWORD
#define FAST_LN  LF_FAST_LN
#define app      th_group_app
#define arena    th_group_arena
#define owner    lf_owner

static int setup(void **state)
{
    return lf_setup(state, "sess");
}

static int teardown(void **state)
{
    return lf_teardown(state);
}

typedef struct account {
    const char *email, *id;
} account;

/* A login: the cookie token and CSRF token it handed out. */
typedef struct signed_in {
    const char *token, *csrf;
} signed_in;

/* An account with PASSWORD, the global role (NULL: none) and a coordinator
 * membership of region (NULL: none). */
static account make_account(const char *what, const char *role, const char *region)
{
    account a = {.email = lf_fresh_email(what)};
    a.id = th_add_user(owner, arena, a.email, PASSWORD, FAST_LN);
    if (role) {
        const char *p[] = {a.id, role};
        th_value(owner, arena, "INSERT INTO lotse.user_roles (user_id, role) VALUES ($1, $2)", 2,
                 p);
    }
    if (region) {
        const char *p[] = {a.id, region};
        th_value(owner, arena,
                 "INSERT INTO lotse.memberships (region_id, user_id, role)"
                 " SELECT id, $1, 'coordinator' FROM lotse.regions WHERE slug = $2",
                 2, p);
    }
    return a;
}

static const char *owner_value(const char *sql, int n, const char *const *params)
{
    return th_value(owner, arena, sql, n, params);
}

/* A request from a fresh address with the session s (NULL: none). */
static int call(lt_resp *resp, const char *method, const char *uri, const char *body,
                const signed_in *s)
{
    return th_request_from(app, arena, resp, method, uri, body, lf_fresh_address(),
                           s ? s->token : NULL, s ? s->csrf : NULL);
}

static signed_in session_of(const lt_resp *resp)
{
    signed_in s = {th_cookie_token(app, arena, resp),
                   json_string_value(json_object_get(th_json(arena, resp), "csrf_token"))};
    assert_non_null(s.token);
    assert_non_null(s.csrf);
    return s;
}

static signed_in sign_in(const account *a)
{
    lt_resp resp;
    int status = lf_login(&resp, a->email, PASSWORD, NULL);
    if (status != 201)
        fail_msg("login of %s: %d %.300s", a->email, status, resp.body.data);
    return session_of(&resp);
}

static int me(const signed_in *s)
{
    lt_resp resp;
    return call(&resp, "GET", "/api/v1/me", NULL, s);
}

static const char *email_key(const char *email)
{
    const char *p[] = {email};
    return owner_value("SELECT 'email:' || lower($1)", 1, p);
}

static const char *failures(const char *key)
{
    const char *p[] = {key};
    return owner_value("SELECT failures FROM lotse.login_throttle WHERE key = $1", 1, p);
}

static void login_sets_a_host_cookie_and_answers_user_roles_memberships(void **state)
{
    (void)state;
    account a = make_account("shape", "admin", "meo");
    lt_resp resp;
    assert_int_equal(lf_login(&resp, a.email, PASSWORD, NULL), 201);
    const char *c = th_header(&resp, "Set-Cookie");
    assert_non_null(c);
    assert_true(strncmp(c, "__Host-lotse=", 13) == 0);
    assert_int_equal(strcspn(c + 13, ";"), 43);
    assert_non_null(strstr(c, "; Path=/;"));
    assert_non_null(strstr(c, "; HttpOnly"));
    assert_non_null(strstr(c, "; Secure"));
    assert_non_null(strstr(c, "; SameSite=Strict"));
    assert_null(strstr(c, "Domain"));
    assert_string_equal(th_header(&resp, "Cache-Control"), "no-store");
    assert_string_equal(resp.content_type, "application/json");

    json_t *body = th_json(arena, &resp);
    json_t *user = json_object_get(body, "user");
    assert_string_equal(json_string_value(json_object_get(user, "id")), a.id);
    assert_string_equal(json_string_value(json_object_get(user, "email")), a.email);
    assert_non_null(json_string_value(json_object_get(user, "display_name")));
    json_t *roles = json_object_get(body, "roles");
    assert_int_equal(json_array_size(roles), 1);
    assert_string_equal(json_string_value(json_array_get(roles, 0)), "admin");
    json_t *m = json_object_get(body, "memberships");
    assert_int_equal(json_array_size(m), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "region")), "meo");
    assert_string_equal(json_string_value(json_object_get(json_array_get(m, 0), "role")),
                        "coordinator");
    const char *csrf = json_string_value(json_object_get(body, "csrf_token"));
    assert_int_equal(strlen(csrf), 43);
    assert_int_equal(json_object_size(body), 4);

    /* the cookie works, and /me answers the same shape with the same token */
    lt_resp me_resp;
    assert_int_equal(call(&me_resp, "GET", "/api/v1/me", NULL,
                          &(signed_in){th_cookie_token(app, arena, &resp), NULL}),
                     200);
    json_t *again = th_json(arena, &me_resp);
    assert_true(json_equal(again, body));
    assert_string_equal(th_header(&me_resp, "Cache-Control"), "no-store");
    /* any case of the address logs in */
    account lower = make_account("case", NULL, NULL);
    char *shouting = lt_arena_strdup(arena, lower.email);
    for (char *p = shouting; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    assert_int_equal(lf_login(&resp, shouting, PASSWORD, NULL), 201);
    assert_int_equal(json_array_size(json_object_get(th_json(arena, &resp), "memberships")), 0);
}

static void wrong_password_unknown_email_and_disabled_account_answer_alike(void **state)
{
    (void)state;
    account a = make_account("alike", NULL, NULL);
    account off = make_account("disabled", NULL, NULL);
    account none = make_account("nohash", NULL, NULL);
    const char *p1[] = {off.id};
    owner_value("UPDATE lotse.users SET disabled = true WHERE id = $1", 1, p1);
    const char *p2[] = {none.id};
    owner_value("UPDATE lotse.users SET password_hash = NULL WHERE id = $1", 1, p2);

    lt_resp wrong, unknown, disabled, nohash;
    assert_int_equal(lf_login(&wrong, a.email, "not the password", NULL), 401);
    assert_int_equal(lf_login(&unknown, lf_fresh_email("nobody"), PASSWORD, NULL), 401);
    assert_int_equal(lf_login(&disabled, off.email, PASSWORD, NULL), 401);
    assert_int_equal(lf_login(&nohash, none.email, PASSWORD, NULL), 401);
    json_t *w = lf_problem_core(&wrong);
    assert_string_equal(json_string_value(json_object_get(w, "type")),
                        "urn:lotse:problem:login-failed");
    assert_true(json_equal(w, lf_problem_core(&unknown)));
    assert_true(json_equal(w, lf_problem_core(&disabled)));
    assert_true(json_equal(w, lf_problem_core(&nohash)));
    assert_null(th_header(&wrong, "Set-Cookie"));
    assert_int_equal(wrong.nheaders, unknown.nheaders);
}

static void disabling_a_user_ends_their_open_session_at_once(void **state)
{
    (void)state;
    account a = make_account("disable-later", NULL, NULL);
    signed_in s = sign_in(&a);
    assert_int_equal(me(&s), 200);
    const char *p[] = {a.id};
    owner_value("UPDATE lotse.users SET disabled = true WHERE id = $1", 1, p);
    assert_int_equal(me(&s), 401);
}

static void logout_ends_the_session_on_the_server(void **state)
{
    (void)state;
    account a = make_account("logout", NULL, NULL);
    signed_in s = sign_in(&a);
    lt_resp resp;
    assert_int_equal(call(&resp, "DELETE", "/api/v1/session", NULL, &s), 204);
    assert_int_equal(resp.body.len, 0);
    assert_null(resp.content_type);
    const char *clear = th_header(&resp, "Set-Cookie");
    assert_non_null(clear);
    assert_non_null(strstr(clear, "Max-Age=0"));
    assert_null(th_cookie_token(app, arena, &resp));
    assert_int_equal(me(&s), 401); /* the old cookie, still held by the client */
    const char *p[] = {a.id};
    assert_string_equal(owner_value("SELECT count(*) FROM lotse.sessions WHERE user_id = $1"
                                    " AND ended_at IS NULL",
                                    1, p),
                        "0");
}

static void logout_without_the_right_csrf_token_is_refused(void **state)
{
    (void)state;
    account a = make_account("csrf", NULL, NULL);
    signed_in s = sign_in(&a);
    lt_resp resp;
    assert_int_equal(call(&resp, "DELETE", "/api/v1/session", NULL, &(signed_in){s.token, NULL}),
                     403);
    assert_int_equal(me(&s), 200);
    char *wrong = lt_arena_strdup(arena, s.csrf);
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    assert_int_equal(call(&resp, "DELETE", "/api/v1/session", NULL, &(signed_in){s.token, wrong}),
                     403);
    assert_int_equal(call(&resp, "DELETE", "/api/v1/session", NULL, &(signed_in){s.token, ""}),
                     403);
    assert_int_equal(me(&s), 200);
}

static void forged_expired_and_idle_sessions_are_refused(void **state)
{
    (void)state;
    signed_in forged = {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x"};
    assert_int_equal(me(&forged), 401);
    signed_in nonsense = {"' OR 1=1 --", "x"};
    assert_int_equal(me(&nonsense), 401);

    account a = make_account("expiry", NULL, NULL);
    signed_in expired = sign_in(&a), idle = sign_in(&a);
    assert_int_equal(me(&expired), 200);
    assert_int_equal(me(&idle), 200);
    const char *p1[] = {expired.token};
    owner_value("UPDATE lotse.sessions SET expires_at = now() - interval '1 s'"
                " WHERE token_hash = sha256(convert_to($1, 'UTF8'))",
                1, p1);
    assert_int_equal(me(&expired), 401);
    const char *p2[] = {idle.token, lt_arena_printf(arena, "%d", app->cfg->session_idle + 1)};
    owner_value("UPDATE lotse.sessions SET last_seen_at = now() - make_interval(secs => $2::int)"
                " WHERE token_hash = sha256(convert_to($1, 'UTF8'))",
                2, p2);
    assert_int_equal(me(&idle), 401);
}

static void a_new_login_ends_the_session_its_cookie_named(void **state)
{
    (void)state;
    account a = make_account("fixation", NULL, NULL);
    signed_in first = sign_in(&a);
    lt_resp resp;
    assert_int_equal(
        th_login(app, arena, &resp, a.email, PASSWORD, lf_fresh_address(), first.token), 201);
    signed_in second = {th_cookie_token(app, arena, &resp), NULL};
    assert_string_not_equal(second.token, first.token);
    assert_int_equal(me(&first), 401);
    assert_int_equal(me(&second), 200);
}

static void a_weak_hash_is_raised_to_the_configured_cost_at_login(void **state)
{
    (void)state;
    account a = make_account("rehash", NULL, NULL);
    const char *p[] = {a.id};
    const char *before = owner_value("SELECT password_hash FROM lotse.users WHERE id = $1", 1, p);
    assert_true(strncmp(before, "$scrypt$ln=10,", 14) == 0);
    lt_config *cfg = (lt_config *)app->cfg;
    cfg->scrypt_log2_n = FAST_LN + 1;
    lt_resp resp;
    int status = lf_login(&resp, a.email, PASSWORD, NULL);
    cfg->scrypt_log2_n = FAST_LN;
    assert_int_equal(status, 201);
    const char *after = owner_value("SELECT password_hash FROM lotse.users WHERE id = $1", 1, p);
    assert_true(strncmp(after, "$scrypt$ln=11,r=8,p=1$", 22) == 0);
    assert_string_equal(owner_value("SELECT version FROM lotse.users WHERE id = $1", 1, p), "1");
    /* the stronger hash is kept at the lower configured cost, and still logs in */
    assert_int_equal(lf_login(&resp, a.email, PASSWORD, NULL), 201);
    assert_string_equal(owner_value("SELECT password_hash FROM lotse.users WHERE id = $1", 1, p),
                        after);
}

static bool has_field_error(const lt_resp *resp, const char *field, const char *message)
{
    json_t *p = th_json(arena, resp);
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(p, "errors"), i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
            (!message || strcmp(json_string_value(json_object_get(e, "message")), message) == 0))
            return true;
    }
    return false;
}

static int change(const signed_in *s, const char *current, const char *next, lt_resp *resp)
{
    json_t *body = json_pack("{s:s, s:s}", "current_password", current, "new_password", next);
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    const char *copy = lt_arena_strdup(arena, text);
    free(text);
    return call(resp, "PUT", "/api/v1/me/password", copy, s);
}

static void a_password_change_needs_the_current_one_and_ends_other_sessions(void **state)
{
    (void)state;
    account a = make_account("change", NULL, NULL);
    signed_in here = sign_in(&a), elsewhere = sign_in(&a);
    const char *next = "a brand new passphrase";
    lt_resp resp;
    assert_int_equal(change(&here, "not my password", next, &resp), 400);
    assert_true(has_field_error(&resp, "current_password", "is not your current password"));
    assert_string_equal(failures(email_key(a.email)), "1");
    assert_int_equal(change(&here, PASSWORD, "short", &resp), 400);
    assert_true(has_field_error(&resp, "new_password", "must be at least 12 characters"));
    assert_int_equal(call(&resp, "PUT", "/api/v1/me/password",
                          "{\"new_password\": \"a brand new passphrase\"}", &here),
                     400);
    assert_true(has_field_error(&resp, "current_password", "is required"));
    assert_int_equal(me(&elsewhere), 200);

    assert_int_equal(change(&here, PASSWORD, next, &resp), 204);
    assert_int_equal(resp.body.len, 0);
    const char *p[] = {th_last_request_id, a.id};
    assert_string_equal(owner_value("SELECT count(*) FROM lotse.audit_log WHERE request_id = $1"
                                    " AND action = 'password_changed' AND entity_id = $2",
                                    2, p),
                        "1");
    assert_int_equal(me(&here), 200);
    assert_int_equal(me(&elsewhere), 401);
    assert_int_equal(lf_login(&resp, a.email, PASSWORD, NULL), 401);
    assert_int_equal(lf_login(&resp, a.email, next, NULL), 201);
}

static void logins_leave_audit_rows_with_their_request_ids(void **state)
{
    (void)state;
    account a = make_account("audit", NULL, NULL);
    lt_resp resp;
    const char *q = "SELECT count(*) FROM lotse.audit_log WHERE request_id = $1 AND action = $2"
                    " AND entity = 'session' AND user_id IS NOT DISTINCT FROM $3::uuid";
    assert_int_equal(lf_login(&resp, a.email, "wrong password", NULL), 401);
    const char *failed[] = {th_last_request_id, "login_failed", a.id};
    assert_string_equal(owner_value(q, 3, failed), "1");
    assert_int_equal(lf_login(&resp, lf_fresh_email("nobody"), "wrong password", NULL), 401);
    const char *anonymous[] = {th_last_request_id, "login_failed", NULL};
    assert_string_equal(owner_value(q, 3, anonymous), "1");
    assert_int_equal(lf_login(&resp, a.email, PASSWORD, NULL), 201);
    const char *ok[] = {th_last_request_id, "login", a.id};
    assert_string_equal(owner_value(q, 3, ok), "1");
    signed_in s = session_of(&resp);
    assert_int_equal(call(&resp, "DELETE", "/api/v1/session", NULL, &s), 204);
    const char *out[] = {th_last_request_id, "logout", a.id};
    assert_string_equal(owner_value(q, 3, out), "1");
}

static void sql_in_the_email_is_only_a_failed_login(void **state)
{
    (void)state;
    const char *users = "SELECT count(*) || '/' || count(*) FILTER (WHERE disabled)"
                        " || '/' || count(password_hash) FROM lotse.users";
    const char *before = owner_value(users, 0, NULL);
    char long_letters[2 * 110 + 1] = ""; /* U+023A, whose lower case is 3 bytes long */
    for (int i = 0; i < 110; i++)
        strcat(long_letters, "\xc8\xba");
    const char *attacks[] = {
        lt_arena_printf(arena, "' OR 1=1 -- %s-", lf_tag),
        lt_arena_printf(arena, "x@y'); UPDATE lotse.users SET disabled = true; -- %s-", lf_tag),
        lt_arena_printf(arena, "%%@%% %s-", lf_tag),
        lt_arena_printf(arena, "%s@%s-", long_letters, lf_tag), /* lower() lengthens each */
    };
    for (size_t i = 0; i < sizeof attacks / sizeof attacks[0]; i++) {
        lt_resp resp;
        assert_int_equal(lf_login(&resp, attacks[i], "' OR '1'='1", NULL), 401);
    }
    assert_string_equal(owner_value(users, 0, NULL), before);
}

static void login_bodies_are_validated_field_by_field(void **state)
{
    (void)state;
    char long_email[300];
    memset(long_email, 'a', 255);
    strcpy(long_email + 243, "@example.org"); /* 255 bytes */
    struct {
        const char *body, *field;
    } cases[] = {
        {"{\"email\": \"a@b.c\", \"password\": \"x\", \"remember\": true}", "remember"},
        {"{\"email\": \"a@b.c\"}", "password"},
        {"{\"password\": \"x\"}", "email"},
        {"{\"email\": 7, \"password\": \"x\"}", "email"},
        {"{\"email\": \"a@b.c\", \"password\": null}", "password"},
        {lt_arena_printf(arena, "{\"email\": \"%s\", \"password\": \"x\"}", long_email), "email"},
        {"[\"a@b.c\", \"x\"]", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_resp resp;
        assert_int_equal(call(&resp, "POST", "/api/v1/session", cases[i].body, NULL), 400);
        if (!has_field_error(&resp, cases[i].field, NULL))
            fail_msg("case %zu: no error for '%s': %.300s", i, cases[i].field, resp.body.data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(login_sets_a_host_cookie_and_answers_user_roles_memberships),
        cmocka_unit_test(wrong_password_unknown_email_and_disabled_account_answer_alike),
        cmocka_unit_test(disabling_a_user_ends_their_open_session_at_once),
        cmocka_unit_test(logout_ends_the_session_on_the_server),
        cmocka_unit_test(logout_without_the_right_csrf_token_is_refused),
        cmocka_unit_test(forged_expired_and_idle_sessions_are_refused),
        cmocka_unit_test(a_new_login_ends_the_session_its_cookie_named),
        cmocka_unit_test(a_weak_hash_is_raised_to_the_configured_cost_at_login),
        cmocka_unit_test(a_password_change_needs_the_current_one_and_ends_other_sessions),
        cmocka_unit_test(logins_leave_audit_rows_with_their_request_ids),
        cmocka_unit_test(sql_in_the_email_is_only_a_failed_login),
        cmocka_unit_test(login_bodies_are_validated_field_by_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
