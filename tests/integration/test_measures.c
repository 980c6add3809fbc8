/*
 * test_measures.c - the region's plan of measures: the seeded template, create,
 * read, change with If-Match, progress notes, delete, filters, and the failure
 * paths (stale or missing If-Match, invalid fields, another region).
 */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define REGION "hellweg-hochsauerland"
#define OTHER  "siegen-wittgenstein-olpe"
#define BASE   "/api/v1/regions/" REGION "/measures"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];             /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE]; /* coordinator of OTHER */

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "measures", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "measures-other", NULL, OTHER, "coordinator", other_token, other_csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A request as the coordinator of REGION, with If-Match when if_match is not NULL. */
static int call(lt_resp *resp, const char *method, const char *uri, const char *body,
                const char *if_match)
{
    return th_request_signed(th_group_app, th_group_arena, resp, method, uri, body, token, csrf,
                             if_match, NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static void every_region_starts_with_the_six_measures_of_the_agreement(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE "?category=speaker_referrals", NULL, NULL), 200);
    json_t *items = json_object_get(json_of(&resp), "items");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(str(json_array_get(items, 0), "planned_to"), "2027-09-30");
    /* RLS binds the owner too: it reads every region only when it says so */
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.measures"), "0");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    assert_string_equal(th_scalar(owner, "SELECT count(DISTINCT region_id) FROM lotse.measures"
                                         " WHERE category = 'lighthouse_projects'"
                                         "  AND owner = 'FAI NRW'"),
                        "16");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', '', false)");
}

static void creates_reads_changes_and_deletes_a_measure(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", BASE,
                          "{\"title\": \"Infoabend Westbalkanregelung\", \"category\": \"events\","
                          " \"planned_from\": \"2026-03-01\", \"planned_to\": \"2026-03-31\"}",
                          NULL),
                     201);
    json_t *m = json_of(&resp);
    const char *id = lt_arena_strdup(th_group_arena, str(m, "id"));
    assert_string_equal(str(m, "status"), "planned");
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_non_null(strstr(th_header(&resp, "Location"), id));

    char uri[256];
    snprintf(uri, sizeof uri, BASE "/%s", id);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"status\": \"in_progress\"}", "\"1\""), 200);
    assert_string_equal(str(json_of(&resp), "status"), "in_progress");
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");

    /* someone else saved first: the stale version is refused and nothing changes */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"status\": \"done\"}", "\"1\""), 412);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "current_version")), 2);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"status\": \"done\"}", NULL), 428);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "status"), "in_progress");

    char progress_uri[300];
    snprintf(progress_uri, sizeof progress_uri, "%s/progress", uri);
    assert_int_equal(call(&resp, "POST", progress_uri,
                          "{\"noted_on\": \"2026-03-15\", \"note\": \"Saal gebucht\"}", NULL),
                     201);
    json_t *notes = json_object_get(json_of(&resp), "progress");
    assert_int_equal(json_array_size(notes), 1);
    assert_string_equal(str(json_array_get(notes, 0), "note"), "Saal gebucht");

    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 404);
}

static void refuses_invalid_measures_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
    lt_resp resp;
    call(&resp, "GET", BASE "?limit=100", NULL, NULL);
    size_t before = json_array_size(json_object_get(json_of(&resp), "items"));
    struct {
        const char *body, *field;
    } bad[] = {
        {"{\"title\": \"x\", \"category\": \"parties\"}", "category"},
        {"{\"category\": \"events\"}", "title"},
        {"{\"title\": \"x\", \"category\": \"events\", \"planned_from\": \"2026-05-01\","
         " \"planned_to\": \"2026-04-01\"}",
         "planned_to"},
        {"{\"title\": \"x\", \"category\": \"events\", \"region_id\": 1}", "region_id"},
        {"{\"title\": \"x\", \"category\": \"events\", \"status\": \"finished\"}", "status"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "POST", BASE, bad[i].body, NULL), 400);
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(str(json_array_get(errors, 0), "field"), bad[i].field);
    }
    /* a 100 KB title */
    size_t n = 100 * 1024;
    char *big = lt_arena_alloc(th_group_arena, n + 64);
    strcpy(big, "{\"category\": \"events\", \"title\": \"");
    memset(big + strlen(big), 'T', n);
    strcpy(big + 34 + n, "\"}");
    assert_int_equal(call(&resp, "POST", BASE, big, NULL), 400);
    call(&resp, "GET", BASE "?limit=100", NULL, NULL);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), before);
}

static void another_regions_measures_are_not_found(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE "?limit=1", NULL, NULL), 200);
    const char *id = str(json_array_get(json_object_get(json_of(&resp), "items"), 0), "id");
    char uri[256];
    snprintf(uri, sizeof uri, "/api/v1/regions/" OTHER "/measures/%s", id);
    /* our own coordinator asks for our measure under the other region: not there */
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    /* the other region's coordinator asks for it under our region: not found either */
    snprintf(uri, sizeof uri, BASE "/%s", id);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                   other_token, other_csrf),
                     404);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "PATCH", uri,
                                   "{\"status\": \"dropped\"}", other_token, other_csrf),
                     404);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_not_equal(str(json_of(&resp), "status"), "dropped");
}

/* POST with an Idempotency-Key, as the coordinator. */
static int post_once(lt_resp *resp, const char *body, const char *key)
{
    return th_request_signed(th_group_app, th_group_arena, resp, "POST", BASE, body, token, csrf,
                             NULL, key);
}

static void a_retried_create_makes_one_measure_and_a_reused_key_is_refused(void **state)
{
    (void)state;
    lt_resp first, again, other;
    const char *key = lt_arena_printf(th_group_arena, "retry-%d", (int)getpid());
    const char *body = "{\"title\": \"Sprechstunde Anerkennung\", \"category\": \"other\"}";
    assert_int_equal(post_once(&first, body, key), 201);
    assert_int_equal(post_once(&again, body, key), 201);
    assert_string_equal(again.body.data, first.body.data);
    assert_string_equal(th_header(&again, "Idempotent-Replayed"), "true");
    assert_string_equal(th_header(&again, "Location"), th_header(&first, "Location"));
    assert_int_equal(
        post_once(&other, "{\"title\": \"Etwas anderes\", \"category\": \"other\"}", key), 422);
    lt_resp list;
    call(&list, "GET", BASE "?limit=100", NULL, NULL);
    size_t copies = 0, i;
    json_t *item;
    json_array_foreach(json_object_get(json_of(&list), "items"), i, item)
    {
        copies += strcmp(str(item, "title"), "Sprechstunde Anerkennung") == 0;
    }
    assert_int_equal(copies, 1);
}

static void filters_and_pages_are_checked(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE "?status=finished", NULL, NULL), 400);
    assert_int_equal(call(&resp, "GET", BASE "?category=x", NULL, NULL), 400);
    char uri[512] = BASE "?limit=2";
    size_t seen = 0;
    for (int pages = 0; pages < 20; pages++) {
        assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
        json_t *page = json_of(&resp);
        seen += json_array_size(json_object_get(page, "items"));
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        snprintf(uri, sizeof uri, BASE "?limit=2&after=%s", json_string_value(next));
    }
    assert_true(seen >= 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_region_starts_with_the_six_measures_of_the_agreement),
        cmocka_unit_test(creates_reads_changes_and_deletes_a_measure),
        cmocka_unit_test(refuses_invalid_measures_naming_the_field_and_stores_nothing),
        cmocka_unit_test(another_regions_measures_are_not_found),
        cmocka_unit_test(a_retried_create_makes_one_measure_and_a_reused_key_is_refused),
        cmocka_unit_test(filters_and_pages_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
