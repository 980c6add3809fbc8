/*
 * test_users.c - the account routes (administrators) against the real
 * database: create, read, list, change, grant and revoke, and who may not.
 * Callers are made directly in the database (th_sign_in), not by logging in.
 */
#include "harness.h"
#include "lotse/password.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define app   th_group_app
#define arena th_group_arena

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE], id[TH_UUID_SIZE];
} caller;

static PGconn *owner;
static caller admin, coordinator;

static int setup(void **state)
{
    th_setup(state);
    /* cheap hashes: the cost is the configuration's business, not these tests' */
    ((lt_config *)app->cfg)->scrypt_log2_n = 10;
    lt_password_limit_set(4);
    owner = th_owner();
    /* audit_log's row-level security binds its owner too: read it as an administrator */
    PQclear(PQexec(owner, "SELECT set_config('lotse.roles', 'admin', false)"));
    th_sign_in(owner, "users-admin", "admin", NULL, NULL, admin.token, admin.csrf, admin.id);
    th_sign_in(owner, "users-coord", NULL, "meo", "coordinator", coordinator.token,
               coordinator.csrf, coordinator.id);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A request as c (NULL: anonymous) with its CSRF token; checks the status. */
static json_t *call(const caller *c, const char *method, const char *uri, const char *body,
                    int want)
{
    lt_resp resp;
    int status = th_request_as(app, arena, &resp, method, uri, body, c ? c->token : NULL,
                               c ? c->csrf : NULL);
    if (status != want)
        fail_msg("%s %s: %d, wanted %d: %.300s", method, uri, status, want, resp.body.data);
    return th_json(arena, &resp);
}

static const char *unique_email(const char *prefix)
{
    static int n;
    return lt_arena_printf(arena, "%s-%d-%d@Test.Example", prefix, (int)getpid(), ++n);
}

/* Creates a user as admin and returns its JSON. */
static json_t *create_user(const char *email)
{
    const char *body =
        lt_arena_printf(arena,
                        "{\"email\": \"%s\", \"display_name\": \"Anna Beispiel\", \"password\": "
                        "\"correct horse battery\"}",
                        email);
    return call(&admin, "POST", "/api/v1/users", body, 201);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static bool has_field_error(json_t *problem, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(problem, "errors"), i, e)
    {
        if (strcmp(str(e, "field"), field) == 0)
            return true;
    }
    return false;
}

/* What the owner sees: the first column of the first row of sql with params. */
static const char *owner_value(const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(owner, sql, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    const char *v = lt_arena_strdup(arena, PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* How many audit entries the last request left with this action and entity id. */
static int audited(const char *action, const char *entity_id)
{
    const char *params[] = {th_last_request_id, action, entity_id};
    return atoi(owner_value("SELECT count(*) FROM lotse.audit_log WHERE request_id = $1"
                            " AND action = $2 AND entity_id IS NOT DISTINCT FROM $3",
                            3, params));
}

static void admin_creates_and_reads_a_user(void **state)
{
    (void)state;
    const char *email = unique_email("create");
    lt_resp resp;
    const char *body = lt_arena_printf(
        arena, "{\"email\": \"%s\", \"display_name\": \"Ä Name\", \"password\": \"%s\"}", email,
        "correct horse battery");
    assert_int_equal(
        th_request_as(app, arena, &resp, "POST", "/api/v1/users", body, admin.token, admin.csrf),
        201);
    json_t *u = th_json(arena, &resp);
    const char *id = str(u, "id");
    assert_non_null(id);
    assert_string_equal(th_header(&resp, "Location"),
                        lt_arena_printf(arena, "/api/v1/users/%s", id));
    assert_string_equal(str(u, "email"), email);
    assert_string_equal(str(u, "display_name"), "Ä Name");
    assert_true(json_is_false(json_object_get(u, "disabled")));
    assert_int_equal(json_array_size(json_object_get(u, "roles")), 0);
    assert_int_equal(json_array_size(json_object_get(u, "memberships")), 0);
    assert_non_null(str(u, "created_at"));
    assert_int_equal(json_integer_value(json_object_get(u, "version")), 1);
    assert_int_equal(audited("user_created", id), 1);

    const char *params[] = {id};
    const char *hash =
        owner_value("SELECT password_hash FROM lotse.users WHERE id = $1", 1, params);
    assert_non_null(strstr(hash, "$scrypt$ln=10,"));
    assert_int_equal(lt_password_verify("correct horse battery", 21, hash, LT_SCRYPT_DEFAULT, NULL),
                     LT_PW_MATCH);

    json_t *again = call(&admin, "GET", lt_arena_printf(arena, "/api/v1/users/%s", id), NULL, 200);
    assert_true(json_equal(again, u));
    assert_int_equal(audited("user_read", id), 1);
    /* the id in upper case is the same user */
    char upper[TH_UUID_SIZE];
    for (int i = 0; i < 37; i++)
        upper[i] = (char)(id[i] >= 'a' && id[i] <= 'f' ? id[i] - 32 : id[i]);
    call(&admin, "GET", lt_arena_printf(arena, "/api/v1/users/%s", upper), NULL, 200);
}

static void duplicate_email_in_other_case_is_409(void **state)
{
    (void)state;
    const char *email = unique_email("dup");
    json_t *u = create_user(email);
    char *shouted = lt_arena_strdup(arena, email);
    for (char *p = shouted; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    const char *body = lt_arena_printf(
        arena, "{\"email\": \"%s\", \"display_name\": \"X\", \"password\": \"another long one\"}",
        shouted);
    json_t *p = call(&admin, "POST", "/api/v1/users", body, 409);
    assert_string_equal(str(p, "detail"), "an account with this email exists");
    const char *params[] = {email};
    assert_string_equal(owner_value("SELECT count(*) FROM lotse.users WHERE lower(email) ="
                                    " lower($1)",
                                    1, params),
                        "1");
    (void)u;
}

static void create_names_each_invalid_field(void **state)
{
    (void)state;
    char long_name[260] = "";
    for (int i = 0; i < 201; i++)
        strcat(long_name, "n");
    struct {
        const char *body, *field;
    } cases[] = {
        {"[]", ""},
        {"{\"email\": \"a@b.de\", \"display_name\": \"A\", \"password\": \"long enough pw\","
         " \"role\": \"admin\"}",
         "role"},
        {"{\"display_name\": \"A\", \"password\": \"long enough pw\"}", "email"},
        {"{\"email\": \"no-at-sign\", \"display_name\": \"A\", \"password\": \"long enough pw\"}",
         "email"},
        {"{\"email\": \"a@b@c\", \"display_name\": \"A\", \"password\": \"long enough pw\"}",
         "email"},
        {"{\"email\": \"a b@c.de\", \"display_name\": \"A\", \"password\": \"long enough pw\"}",
         "email"},
        {"{\"email\": \"a@c.de\\t\", \"display_name\": \"A\", \"password\": \"long enough pw\"}",
         "email"},
        {"{\"email\": \"@c\", \"display_name\": \"A\", \"password\": \"long enough pw\"}", "email"},
        {"{\"email\": 7, \"display_name\": \"A\", \"password\": \"long enough pw\"}", "email"},
        {"{\"email\": \"a@b.de\", \"display_name\": \"\", \"password\": \"long enough pw\"}",
         "display_name"},
        {"{\"email\": \"a@b.de\", \"display_name\": \"   \", \"password\": \"long enough pw\"}",
         "display_name"},
        {"{\"email\": \"a@b.de\", \"display_name\": \"A\\u0007\", \"password\": \"long enough"
         " pw\"}",
         "display_name"},
        {"{\"email\": \"a@b.de\", \"display_name\": \"A\\u0085\", \"password\": \"long enough"
         " pw\"}",
         "display_name"},
        {lt_arena_printf(arena,
                         "{\"email\": \"a@b.de\", \"display_name\": \"%s\", \"password\": \"long"
                         " enough pw\"}",
                         long_name),
         "display_name"},
        {"{\"email\": \"a@b.de\", \"display_name\": null, \"password\": \"long enough pw\"}",
         "display_name"},
        {"{\"email\": \"a@b.de\", \"display_name\": \"A\", \"password\": \"short\"}", "password"},
        {"{\"email\": \"a@b.de\", \"display_name\": \"A\", \"password\": 123456789012345}",
         "password"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *p = call(&admin, "POST", "/api/v1/users", cases[i].body, 400);
        if (!has_field_error(p, cases[i].field))
            fail_msg("case %zu: no error for \"%s\": %s", i, cases[i].field,
                     json_dumps(p, JSON_COMPACT));
        if (json_array_size(json_object_get(p, "errors")) != 1)
            fail_msg("case %zu: more than one error", i);
    }
    /* the policy's own reason is the message */
    json_t *p =
        call(&admin, "POST", "/api/v1/users",
             "{\"email\": \"a@b.de\", \"display_name\": \"A\", \"password\": \"short\"}", 400);
    assert_string_equal(str(json_array_get(json_object_get(p, "errors"), 0), "message"),
                        "must be at least 12 characters");
    /* everything wrong at once: every field named */
    p = call(&admin, "POST", "/api/v1/users", "{\"email\": 1, \"display_name\": 2, \"x\": 3}", 400);
    assert_true(has_field_error(p, "email") && has_field_error(p, "display_name") &&
                has_field_error(p, "password") && has_field_error(p, "x"));
}

static void decref(void *v)
{
    json_decref(v);
}

/* A problem body without what differs between any two requests. */
static json_t *problem_core(json_t *p)
{
    json_t *c = json_deep_copy(p);
    json_object_del(c, "request_id");
    json_object_del(c, "instance");
    lt_arena_on_reset(arena, decref, c);
    return c;
}

static void malformed_and_unknown_ids_are_the_same_404(void **state)
{
    (void)state;
    const char *unknown = "/api/v1/users/6d1f3c2e-0000-4000-8000-000000000000";
    json_t *want = problem_core(call(&admin, "GET", unknown, NULL, 404));
    const char *malformed[] = {
        "/api/v1/users/nope",
        "/api/v1/users/6d1f3c2e-0000-4000-8000-00000000000",
        "/api/v1/users/6d1f3c2e00000-4000-8000-000000000000",
        "/api/v1/users/6d1f3c2e-0000-4000-8000-00000000000g",
        "/api/v1/users/'%20OR%201=1",
    };
    for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
        assert_true(json_equal(problem_core(call(&admin, "GET", malformed[i], NULL, 404)), want));
    call(&admin, "PATCH", unknown, "{\"display_name\": \"X\"}", 404);
    call(&admin, "PATCH", "/api/v1/users/nope", "{\"display_name\": \"X\"}", 404);
    call(&admin, "POST", "/api/v1/users/nope/grants", "{\"role\": \"fai_staff\"}", 404);
    call(&admin, "POST", lt_arena_printf(arena, "%s/grants", unknown), "{\"role\": \"fai_staff\"}",
         404);
    call(&admin, "DELETE", "/api/v1/users/nope/grants?role=fai_staff", NULL, 404);
}

static void lists_users_by_email_in_pages(void **state)
{
    (void)state;
    const char *mine[3];
    for (int i = 0; i < 3; i++)
        mine[i] = str(create_user(unique_email(i == 1 ? "LIST" : "list")), "id");
    char uri[700] = "/api/v1/users?limit=2";
    char prev[300] = "";
    int found = 0, pages = 0;
    for (;;) {
        json_t *page = call(&admin, "GET", uri, NULL, 200);
        json_t *items = json_object_get(page, "items");
        assert_true(json_array_size(items) <= 2);
        pages++;
        size_t i;
        json_t *u;
        json_array_foreach(items, i, u)
        {
            /* in the database's collation, as the list orders */
            const char *order[] = {prev, str(u, "email")};
            if (strcmp(owner_value("SELECT $1::text < lower($2::text)", 2, order), "t") != 0)
                fail_msg("not in email order: %s after %s", order[1], prev);
            snprintf(prev, sizeof prev, "%s", owner_value("SELECT lower($1::text)", 1, order + 1));
            for (int k = 0; k < 3; k++)
                found += strcmp(str(u, "id"), mine[k]) == 0;
            assert_non_null(json_object_get(u, "roles"));
            assert_non_null(json_object_get(u, "memberships"));
        }
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        assert_int_equal(json_array_size(items), 2);
        snprintf(uri, sizeof uri, "/api/v1/users?limit=2&after=%s", json_string_value(next));
    }
    assert_int_equal(found, 3);
    assert_true(pages >= 2);
    assert_int_equal(audited("users_listed", NULL), 1);

    json_t *one = call(&admin, "GET", "/api/v1/users", NULL, 200);
    assert_true(json_array_size(json_object_get(one, "items")) >= 3);
    const char *bad[] = {
        "/api/v1/users?limit=0",
        "/api/v1/users?limit=101",
        "/api/v1/users?limit=x",
        "/api/v1/users?after=",
        "/api/v1/users?after=cmVnaW9uOm1lbw",
        "/api/v1/users?sort=email",
        "/api/v1/users?limit=1&limit=2",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *p = call(&admin, "GET", bad[i], NULL, 400);
        assert_string_equal(str(p, "type") + strlen(str(p, "type")) - 9, "bad-query");
    }
}

static void patch_changes_name_and_counts_versions(void **state)
{
    (void)state;
    json_t *u = create_user(unique_email("patch"));
    const char *id = str(u, "id");
    const char *uri = lt_arena_printf(arena, "/api/v1/users/%s", id);
    json_t *v = call(&admin, "PATCH", uri, "{\"display_name\": \"Bea Neu\"}", 200);
    assert_string_equal(str(v, "display_name"), "Bea Neu");
    assert_int_equal(json_integer_value(json_object_get(v, "version")), 2);
    assert_int_equal(audited("user_updated", id), 1);
    assert_int_equal(audited("user_disabled", id), 0);
    v = call(&admin, "PATCH", uri, "{\"disabled\": false}", 200);
    assert_int_equal(json_integer_value(json_object_get(v, "version")), 3);

    struct {
        const char *body, *field;
    } cases[] = {
        {"{}", ""},
        {"[]", ""},
        {"{\"disabled\": \"yes\"}", "disabled"},
        {"{\"disabled\": null}", "disabled"},
        {"{\"display_name\": null}", "display_name"},
        {"{\"display_name\": \"\"}", "display_name"},
        {"{\"password\": \"short\"}", "password"},
        {"{\"email\": \"new@x.de\"}", "email"},
        {"{\"version\": 3, \"display_name\": \"Ok\"}", "version"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *p = call(&admin, "PATCH", uri, cases[i].body, 400);
        if (!has_field_error(p, cases[i].field))
            fail_msg("case %zu: no error for \"%s\"", i, cases[i].field);
    }
    const char *params[] = {id};
    assert_string_equal(owner_value("SELECT version || display_name FROM lotse.users"
                                    " WHERE id = $1",
                                    1, params),
                        "3Bea Neu");
}

static int open_sessions(const char *id)
{
    const char *params[] = {id};
    return atoi(owner_value("SELECT count(*) FROM lotse.sessions WHERE user_id = $1"
                            " AND ended_at IS NULL",
                            1, params));
}

static void disabling_a_user_ends_their_sessions(void **state)
{
    (void)state;
    caller victim, second;
    th_sign_in(owner, "users-victim", NULL, NULL, NULL, victim.token, victim.csrf, victim.id);
    /* a second session of the same user: made for another, then handed over */
    th_sign_in(owner, "users-victim-2", NULL, NULL, NULL, second.token, second.csrf, second.id);
    const char *params[] = {victim.id, second.token};
    PQclear(PQexecParams(owner,
                         "UPDATE lotse.sessions SET user_id = $1"
                         " WHERE token_hash = sha256(convert_to($2, 'UTF8'))",
                         2, NULL, params, NULL, NULL, 0));
    assert_int_equal(open_sessions(victim.id), 2);
    call(&victim, "GET", "/api/v1/users", NULL, 403); /* signed in, but no admin */

    const char *uri = lt_arena_printf(arena, "/api/v1/users/%s", victim.id);
    json_t *u = call(&admin, "PATCH", uri, "{\"disabled\": true}", 200);
    assert_true(json_is_true(json_object_get(u, "disabled")));
    assert_int_equal(open_sessions(victim.id), 0);
    assert_int_equal(audited("user_updated", victim.id), 1);
    assert_int_equal(audited("user_disabled", victim.id), 1);
    call(&victim, "GET", "/api/v1/users", NULL, 401);

    /* disabling again is no new disabling */
    call(&admin, "PATCH", uri, "{\"disabled\": true}", 200);
    assert_int_equal(audited("user_disabled", victim.id), 0);
}

static void admin_cannot_disable_themselves(void **state)
{
    (void)state;
    const char *uri = lt_arena_printf(arena, "/api/v1/users/%s", admin.id);
    json_t *p = call(&admin, "PATCH", uri, "{\"disabled\": true}", 400);
    assert_true(has_field_error(p, "disabled"));
    const char *params[] = {admin.id};
    assert_string_equal(owner_value("SELECT disabled FROM lotse.users WHERE id = $1", 1, params),
                        "f");
    assert_int_equal(open_sessions(admin.id), 1);
    /* other changes to oneself are fine */
    call(&admin, "PATCH", uri, "{\"display_name\": \"The Admin\", \"disabled\": false}", 200);
}

static void password_reset_ends_sessions_but_not_the_resetters(void **state)
{
    (void)state;
    caller user;
    th_sign_in(owner, "users-reset", NULL, NULL, NULL, user.token, user.csrf, user.id);
    const char *params[] = {user.id};
    const char *uri = lt_arena_printf(arena, "/api/v1/users/%s", user.id);
    call(&admin, "PATCH", uri, "{\"password\": \"a brand new passphrase\"}", 200);
    assert_int_equal(open_sessions(user.id), 0);
    const char *hash =
        owner_value("SELECT password_hash FROM lotse.users WHERE id = $1", 1, params);
    assert_int_equal(
        lt_password_verify("a brand new passphrase", 22, hash, LT_SCRYPT_DEFAULT, NULL),
        LT_PW_MATCH);
    assert_int_equal(audited("user_updated", user.id), 1);

    /* an administrator resetting their own password keeps the session they are using */
    caller me;
    th_sign_in(owner, "users-self-reset", "admin", NULL, NULL, me.token, me.csrf, me.id);
    call(&me, "PATCH", lt_arena_printf(arena, "/api/v1/users/%s", me.id),
         "{\"password\": \"my own new passphrase\"}", 200);
    assert_int_equal(open_sessions(me.id), 1);
    call(&me, "GET", "/api/v1/users?limit=1", NULL, 200);
}

static void no_free_hashing_slot_is_503_with_retry_after(void **state)
{
    (void)state;
    int taken = 0;
    while (lt_password_slot_try())
        taken++;
    assert_int_equal(taken, 4);
    const char *email = unique_email("busy");
    const char *body = lt_arena_printf(
        arena, "{\"email\": \"%s\", \"display_name\": \"B\", \"password\": \"long enough pw\"}",
        email);
    lt_resp resp;
    int status =
        th_request_as(app, arena, &resp, "POST", "/api/v1/users", body, admin.token, admin.csrf);
    while (taken--)
        lt_password_slot_release();
    assert_int_equal(status, 503);
    assert_string_equal(th_header(&resp, "Retry-After"), "1");
    const char *params[] = {email};
    assert_string_equal(
        owner_value("SELECT count(*) FROM lotse.users WHERE lower(email) = lower($1)", 1, params),
        "0");
    create_user(email); /* the slots are back */
}

static bool has_string(json_t *array, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
            return true;
    }
    return false;
}

static void grants_and_revokes_roles_and_memberships(void **state)
{
    (void)state;
    const char *id = str(create_user(unique_email("grant")), "id");
    const char *grants = lt_arena_printf(arena, "/api/v1/users/%s/grants", id);

    json_t *u = call(&admin, "POST", grants, "{\"role\": \"fai_lead\"}", 200);
    assert_true(has_string(json_object_get(u, "roles"), "fai_lead"));
    assert_int_equal(audited("role_granted", id), 1);
    u = call(&admin, "POST", grants, "{\"role\": \"fai_lead\", \"region\": null}", 200);
    assert_int_equal(json_array_size(json_object_get(u, "roles")), 1);
    assert_int_equal(audited("role_granted", id), 0); /* nothing changed */

    u = call(&admin, "POST", grants, "{\"role\": \"coordinator\", \"region\": \"meo\"}", 200);
    json_t *m = json_array_get(json_object_get(u, "memberships"), 0);
    assert_string_equal(str(m, "region"), "meo");
    assert_string_equal(str(m, "role"), "coordinator");
    const char *params[] = {th_last_request_id};
    assert_string_equal(owner_value("SELECT r.slug FROM lotse.audit_log a JOIN lotse.regions r"
                                    " ON r.id = a.region_id WHERE a.request_id = $1",
                                    1, params),
                        "meo");
    call(&admin, "POST", grants, "{\"role\": \"region_viewer\", \"region\": \"aachen\"}", 200);

    struct {
        const char *body, *field;
    } cases[] = {
        {"{\"role\": \"emperor\"}", "role"},
        {"{\"role\": 1}", "role"},
        {"{}", "role"},
        {"{\"role\": \"admin\", \"region\": \"meo\"}", "region"},
        {"{\"role\": \"coordinator\"}", "region"},
        {"{\"role\": \"coordinator\", \"region\": null}", "region"},
        {"{\"role\": \"coordinator\", \"region\": \"atlantis\"}", "region"},
        {"{\"role\": \"coordinator\", \"region\": 3}", "region"},
        {"{\"role\": \"fai_staff\", \"until\": \"2030\"}", "until"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *p = call(&admin, "POST", grants, cases[i].body, 400);
        if (!has_field_error(p, cases[i].field))
            fail_msg("grant case %zu: no error for \"%s\"", i, cases[i].field);
    }

    u = call(&admin, "DELETE", lt_arena_printf(arena, "%s?role=coordinator&region=meo", grants),
             NULL, 200);
    assert_int_equal(json_array_size(json_object_get(u, "memberships")), 1);
    assert_int_equal(audited("role_revoked", id), 1);
    call(&admin, "DELETE", lt_arena_printf(arena, "%s?role=coordinator&region=meo", grants), NULL,
         404);
    call(&admin, "DELETE", lt_arena_printf(arena, "%s?role=admin", grants), NULL, 404);
    u = call(&admin, "DELETE", lt_arena_printf(arena, "%s?role=fai_lead", grants), NULL, 200);
    assert_int_equal(json_array_size(json_object_get(u, "roles")), 0);

    const char *bad[][2] = {
        {"?role=emperor", "role"},
        {"", "role"},
        {"?role=admin&region=meo", "region"},
        {"?role=region_viewer", "region"},
        {"?role=region_viewer&region=atlantis", "region"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *p =
            call(&admin, "DELETE", lt_arena_printf(arena, "%s%s", grants, bad[i][0]), NULL, 400);
        if (!has_field_error(p, bad[i][1]))
            fail_msg("revoke case %zu: no error for \"%s\"", i, bad[i][1]);
    }
    call(&admin, "DELETE", lt_arena_printf(arena, "%s?user=1", grants), NULL, 400);
}

static void admin_cannot_revoke_their_own_admin_role(void **state)
{
    (void)state;
    const char *uri = lt_arena_printf(arena, "/api/v1/users/%s/grants?role=admin", admin.id);
    json_t *p = call(&admin, "DELETE", uri, NULL, 400);
    assert_true(has_field_error(p, "role"));
    const char *params[] = {admin.id};
    assert_string_equal(owner_value("SELECT count(*) FROM lotse.user_roles WHERE user_id = $1"
                                    " AND role = 'admin'",
                                    1, params),
                        "1");
    /* another administrator may */
    caller other;
    th_sign_in(owner, "users-admin-2", "admin", NULL, NULL, other.token, other.csrf, other.id);
    call(&admin, "DELETE", lt_arena_printf(arena, "/api/v1/users/%s/grants?role=admin", other.id),
         NULL, 200);
    call(&other, "GET", "/api/v1/users?limit=1", NULL, 403);
}

/* Everything the owner sees of a user, as one line. */
static const char *user_state(const char *id)
{
    const char *params[] = {id};
    return owner_value(
        "SELECT u.version || u.display_name || u.disabled || coalesce(u.password_hash, '-')"
        " || (SELECT count(*) FROM lotse.user_roles WHERE user_id = u.id)"
        " || (SELECT count(*) FROM lotse.memberships WHERE user_id = u.id)"
        " || (SELECT count(*) FROM lotse.sessions WHERE user_id = u.id AND ended_at IS NULL)"
        " FROM lotse.users u WHERE u.id = $1",
        1, params);
}

static void only_administrators_reach_the_user_routes(void **state)
{
    (void)state;
    caller target;
    th_sign_in(owner, "users-target", NULL, "meo", "region_viewer", target.token, target.csrf,
               target.id);
    const char *before = user_state(target.id);
    const char *user = lt_arena_printf(arena, "/api/v1/users/%s", target.id);
    const char *grants = lt_arena_printf(arena, "%s/grants", user);
    const char *email = unique_email("forbidden");
    struct {
        const char *method, *uri, *body;
    } routes[] = {
        {"GET", "/api/v1/users", NULL},
        {"POST", "/api/v1/users",
         lt_arena_printf(arena,
                         "{\"email\": \"%s\", \"display_name\": \"X\", \"password\":"
                         " \"long enough pw\"}",
                         email)},
        {"GET", user, NULL},
        {"PATCH", user, "{\"disabled\": true}"},
        {"POST", grants, "{\"role\": \"admin\"}"},
        {"DELETE", lt_arena_printf(arena, "%s?role=region_viewer&region=meo", grants), NULL},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        call(&coordinator, routes[i].method, routes[i].uri, routes[i].body, 403);
        json_t *p = call(NULL, routes[i].method, routes[i].uri, routes[i].body, 401);
        assert_int_equal(json_integer_value(json_object_get(p, "status")), 401);
    }
    assert_string_equal(user_state(target.id), before);
    const char *params[] = {email};
    assert_string_equal(
        owner_value("SELECT count(*) FROM lotse.users WHERE lower(email) = lower($1)", 1, params),
        "0");
}

static void unsafe_methods_need_the_csrf_token(void **state)
{
    (void)state;
    const char *email = unique_email("csrf");
    const char *body = lt_arena_printf(
        arena, "{\"email\": \"%s\", \"display_name\": \"C\", \"password\": \"long enough pw\"}",
        email);
    lt_resp resp;
    assert_int_equal(
        th_request_as(app, arena, &resp, "POST", "/api/v1/users", body, admin.token, NULL), 403);
    assert_int_equal(th_request_as(app, arena, &resp, "POST", "/api/v1/users", body, admin.token,
                                   coordinator.csrf),
                     403);
    const char *params[] = {email};
    assert_string_equal(
        owner_value("SELECT count(*) FROM lotse.users WHERE lower(email) = lower($1)", 1, params),
        "0");
    /* the refusal is kept in the audit log */
    assert_int_equal(audited("csrf_refused", NULL), 1);
    /* a safe method needs none */
    assert_int_equal(
        th_request_as(app, arena, &resp, "GET", "/api/v1/users?limit=1", NULL, admin.token, NULL),
        200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admin_creates_and_reads_a_user),
        cmocka_unit_test(duplicate_email_in_other_case_is_409),
        cmocka_unit_test(create_names_each_invalid_field),
        cmocka_unit_test(malformed_and_unknown_ids_are_the_same_404),
        cmocka_unit_test(lists_users_by_email_in_pages),
        cmocka_unit_test(patch_changes_name_and_counts_versions),
        cmocka_unit_test(disabling_a_user_ends_their_sessions),
        cmocka_unit_test(admin_cannot_disable_themselves),
        cmocka_unit_test(password_reset_ends_sessions_but_not_the_resetters),
        cmocka_unit_test(no_free_hashing_slot_is_503_with_retry_after),
        cmocka_unit_test(grants_and_revokes_roles_and_memberships),
        cmocka_unit_test(admin_cannot_revoke_their_own_admin_role),
        cmocka_unit_test(only_administrators_reach_the_user_routes),
        cmocka_unit_test(unsafe_methods_need_the_csrf_token),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
