/*
 * test_audit.c - reading the audit log: administrators see all of it, a
 * region's coordinators that region's entries only, and everyone else nothing,
 * without learning whether another region exists.
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
static caller admin, meo_coordinator, meo_viewer, lead;
/* Request ids of grants the setup made: one audited in meo, one in aachen. */
static char meo_request[80], aachen_request[80];

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

static int setup(void **state)
{
    th_setup(state);
    ((lt_config *)app->cfg)->scrypt_log2_n = 10;
    lt_password_limit_set(4);
    owner = th_owner();
    th_sign_in(owner, "audit-admin", "admin", NULL, NULL, admin.token, admin.csrf, admin.id);
    th_sign_in(owner, "audit-coord", NULL, "meo", "coordinator", meo_coordinator.token,
               meo_coordinator.csrf, meo_coordinator.id);
    th_sign_in(owner, "audit-viewer", NULL, "meo", "region_viewer", meo_viewer.token,
               meo_viewer.csrf, meo_viewer.id);
    th_sign_in(owner, "audit-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, lead.id);

    /* Entries in two regions, made through the API as an administrator would. */
    caller subject;
    th_sign_in(owner, "audit-subject", NULL, NULL, NULL, subject.token, subject.csrf, subject.id);
    const char *grants = lt_arena_printf(arena, "/api/v1/users/%s/grants", subject.id);
    call(&admin, "POST", grants, "{\"role\": \"coordinator\", \"region\": \"meo\"}", 200);
    snprintf(meo_request, sizeof meo_request, "%s", th_last_request_id);
    call(&admin, "POST", grants, "{\"role\": \"region_viewer\", \"region\": \"aachen\"}", 200);
    snprintf(aachen_request, sizeof aachen_request, "%s", th_last_request_id);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The entry with this request id among items, or NULL. */
static json_t *entry_of(json_t *items, const char *request_id)
{
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e)
    {
        const char *r = str(e, "request_id");
        if (r && strcmp(r, request_id) == 0)
            return e;
    }
    return NULL;
}

/* Every item of a list of entries, following `next`, up to max pages. */
static json_t *all_entries(const caller *c, const char *uri, int max_pages)
{
    json_t *all = json_array();
    char page_uri[800];
    snprintf(page_uri, sizeof page_uri, "%s", uri);
    long long last = -1;
    for (int pages = 0; pages < max_pages; pages++) {
        json_t *page = call(c, "GET", page_uri, NULL, 200);
        size_t i;
        json_t *e;
        json_array_foreach(json_object_get(page, "items"), i, e)
        {
            long long id = json_integer_value(json_object_get(e, "id"));
            if (last >= 0 && id >= last)
                fail_msg("not newest first: %lld after %lld", id, last);
            last = id;
            json_array_append(all, e);
        }
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        snprintf(page_uri, sizeof page_uri, "%s%safter=%s", uri, strchr(uri, '?') ? "&" : "?",
                 json_string_value(next));
    }
    return all;
}

static void admin_sees_entries_of_several_regions(void **state)
{
    (void)state;
    json_t *items =
        json_object_get(call(&admin, "GET", "/api/v1/audit?limit=100", NULL, 200), "items");
    json_t *meo = entry_of(items, meo_request), *aachen = entry_of(items, aachen_request);
    assert_non_null(meo);
    assert_non_null(aachen);
    assert_string_equal(str(meo, "region"), "meo");
    assert_string_equal(str(aachen, "region"), "aachen");
    assert_string_equal(str(meo, "action"), "role_granted");
    assert_string_equal(str(meo, "entity"), "user");
    assert_string_equal(str(meo, "user_id"), admin.id);
    assert_non_null(str(meo, "at"));
    assert_true(json_integer_value(json_object_get(meo, "id")) <
                json_integer_value(json_object_get(aachen, "id")));
    /* entries that belong to no region show region null */
    size_t i;
    json_t *e;
    bool unbound = false;
    json_array_foreach(items, i, e) unbound |= json_is_null(json_object_get(e, "region"));
    assert_true(unbound);

    json_t *only_meo = json_object_get(
        call(&admin, "GET", "/api/v1/audit?region=meo&limit=100", NULL, 200), "items");
    assert_non_null(entry_of(only_meo, meo_request));
    assert_null(entry_of(only_meo, aachen_request));
    json_array_foreach(only_meo, i, e) assert_string_equal(str(e, "region"), "meo");
}

static void pages_newest_first_with_the_cursor(void **state)
{
    (void)state;
    json_t *first = call(&admin, "GET", "/api/v1/audit?limit=2", NULL, 200);
    assert_int_equal(json_array_size(json_object_get(first, "items")), 2);
    assert_true(json_is_string(json_object_get(first, "next")));
    long long last = json_integer_value(
        json_object_get(json_array_get(json_object_get(first, "items"), 1), "id"));
    json_t *second = call(
        &admin, "GET", lt_arena_printf(arena, "/api/v1/audit?limit=2&after=%s", str(first, "next")),
        NULL, 200);
    long long next_id = json_integer_value(
        json_object_get(json_array_get(json_object_get(second, "items"), 0), "id"));
    assert_true(next_id < last);

    const char *bad[] = {
        "/api/v1/audit?limit=0",
        "/api/v1/audit?limit=1000",
        "/api/v1/audit?after=bm9wZQ",
        "/api/v1/audit?after=dXNlcjphQGIuZGU", /* a cursor of the user list */
        "/api/v1/audit?after=YXVkaXQ6LTE",     /* audit:-1 */
        "/api/v1/audit?after=YXVkaXQ6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ", /* too big */
        "/api/v1/audit?region=atlantis",
        "/api/v1/audit?region=",
        "/api/v1/audit?user=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        call(&admin, "GET", bad[i], NULL, 400);
    /* the same cursor works on a region's log */
    call(&admin, "GET",
         lt_arena_printf(arena, "/api/v1/regions/meo/audit?limit=1&after=%s", str(first, "next")),
         NULL, 200);
}

static void coordinator_sees_only_their_regions_log(void **state)
{
    (void)state;
    json_t *items = all_entries(&meo_coordinator, "/api/v1/regions/meo/audit?limit=100", 50);
    assert_non_null(entry_of(items, meo_request));
    assert_null(entry_of(items, aachen_request));
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e) assert_string_equal(str(e, "region"), "meo");
    json_decref(items);

    /* the admin-only whole log stays closed */
    call(&meo_coordinator, "GET", "/api/v1/audit", NULL, 403);
    call(&meo_coordinator, "GET", "/api/v1/audit?region=meo", NULL, 403);

    /* the admin sees aachen's through the regional route */
    json_t *aachen = json_object_get(
        call(&admin, "GET", "/api/v1/regions/aachen/audit?limit=100", NULL, 200), "items");
    assert_non_null(entry_of(aachen, aachen_request));
    json_array_foreach(aachen, i, e) assert_string_equal(str(e, "region"), "aachen");
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

static void another_regions_log_looks_like_no_region_at_all(void **state)
{
    (void)state;
    json_t *other = call(&meo_coordinator, "GET", "/api/v1/regions/aachen/audit", NULL, 404);
    json_t *none = call(&meo_coordinator, "GET", "/api/v1/regions/does-not-exist/audit", NULL, 404);
    assert_true(json_equal(problem_core(other), problem_core(none)));

    /* a viewer of meo may read meo's data, but not its log: as a member of meo
     * they are told so (403); the region's existence is no secret to them */
    call(&meo_viewer, "GET", "/api/v1/regions/meo/audit", NULL, 403);
    /* and their membership in meo reveals nothing about aachen */
    json_t *viewer_other = call(&meo_viewer, "GET", "/api/v1/regions/aachen/audit", NULL, 404);
    assert_true(json_equal(problem_core(viewer_other), problem_core(none)));
    call(&lead, "GET", "/api/v1/regions/meo/audit", NULL, 404);
    call(&lead, "GET", "/api/v1/audit", NULL, 403);
    call(NULL, "GET", "/api/v1/audit", NULL, 401);
    call(NULL, "GET", "/api/v1/regions/meo/audit", NULL, 401);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(admin_sees_entries_of_several_regions),
        cmocka_unit_test(pages_newest_first_with_the_cursor),
        cmocka_unit_test(coordinator_sees_only_their_regions_log),
        cmocka_unit_test(another_regions_log_looks_like_no_region_at_all),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
