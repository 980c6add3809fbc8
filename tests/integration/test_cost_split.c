/*
 * test_cost_split.c - a joint event's cost split (agreement §6): the first split,
 * its replacement with If-Match, the shares in cents, deletion; and the failure
 * paths - shares summing to 99 %, a split agreed after the start without being
 * marked late or without a reason, an activity that is not joint, a stale or
 * missing If-Match, bad numbers, another region - each storing nothing.
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

#define REGION "duesseldorf-mettmann"
#define OTHER  "westfaelisches-ruhrgebiet"
#define BASE   "/api/v1/regions/" REGION "/activities"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];               /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE];   /* coordinator of OTHER */
static char viewer_token[TH_TOKEN_SIZE], viewer_csrf[TH_TOKEN_SIZE]; /* viewer of REGION */
static int serial;

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    th_sign_in(owner, "cost-split", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "cost-split-other", NULL, OTHER, "coordinator", other_token, other_csrf,
               NULL);
    th_sign_in(owner, "cost-split-viewer", NULL, REGION, "region_viewer", viewer_token, viewer_csrf,
               NULL);
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

static long num(json_t *o, const char *k)
{
    return (long)json_integer_value(json_object_get(o, k));
}

/* Today plus days (negative: past), as the database counts days. */
static const char *in_days(int days)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT (current_date + %d)::text", days);
    return lt_arena_strdup(th_group_arena, th_scalar(owner, sql));
}

/* Creates an activity of REGION starting in `days` days; returns its cost-split URI. */
static const char *activity(const char *kind, bool joint, int days)
{
    lt_resp resp;
    const char *body = lt_arena_printf(th_group_arena,
                                       "{\"title\": \"Infotag %d\", \"kind\": \"%s\","
                                       " \"starts_on\": \"%s\", \"joint\": %s}",
                                       ++serial, kind, in_days(days), joint ? "true" : "false");
    assert_int_equal(call(&resp, "POST", BASE, body, NULL), 201);
    return lt_arena_printf(th_group_arena, BASE "/%s/cost-split", str(json_of(&resp), "id"));
}

/* A split body: cost in cents, the region's and the FAI's basis points, agreed `days`
 * days from today, and more members (or ""). */
static const char *split(long cents, int region_bp, int fai_bp, int days, const char *more)
{
    return lt_arena_printf(th_group_arena,
                           "{\"estimated_cost_cents\": %ld, \"region_share_basis_points\": %d,"
                           " \"fai_share_basis_points\": %d, \"agreed_on\": \"%s\"%s}",
                           cents, region_bp, fai_bp, in_days(days), more);
}

static long splits(void)
{
    return atol(th_scalar(owner, "SELECT count(*) FROM lotse.activity_cost_splits"));
}

/* The field the first error of the last problem names. */
static const char *first_field(const lt_resp *resp)
{
    return str(json_array_get(json_object_get(json_of(resp), "errors"), 0), "field");
}

static void agrees_reads_replaces_and_deletes_a_split(void **state)
{
    (void)state;
    const char *uri = activity("event", true, 30);
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    /* 1,250.01 EUR, the region 33.33 %, the FAI 66.67 % */
    assert_int_equal(call(&resp, "PUT", uri, split(125001, 3333, 6667, 0, ""), NULL), 201);
    json_t *s = json_of(&resp);
    assert_int_equal(num(s, "estimated_cost_cents"), 125001);
    assert_string_equal(str(s, "currency"), "EUR");
    assert_int_equal(num(s, "region_share_cents"), 41663); /* 41662.83 rounded half up */
    assert_int_equal(num(s, "fai_share_cents"), 83338);    /* the rest: both add up exactly */
    assert_true(json_is_false(json_object_get(s, "late")));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_string_equal(th_header(&resp, "Location"), uri);

    /* once it exists, a PUT without If-Match does not overwrite it */
    assert_int_equal(call(&resp, "PUT", uri, split(99, 5000, 5000, 0, ""), NULL), 428);
    assert_int_equal(call(&resp, "PUT", uri, split(200000, 5000, 5000, 0, ""), "\"1\""), 200);
    assert_int_equal(num(json_of(&resp), "fai_share_cents"), 100000);
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");
    /* someone else saved first */
    assert_int_equal(call(&resp, "PUT", uri, split(300000, 5000, 5000, 0, ""), "\"1\""), 412);
    assert_int_equal(num(json_of(&resp), "current_version"), 2);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_int_equal(num(json_of(&resp), "estimated_cost_cents"), 200000);
    /* members read it; a viewer cannot change it */
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                   viewer_token, viewer_csrf),
                     200);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "DELETE", uri, NULL,
                                   viewer_token, viewer_csrf),
                     403);

    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 404);
    /* If-Match on a split that is not there: nothing to replace */
    assert_int_equal(call(&resp, "PUT", uri, split(1, 0, 10000, 0, ""), "\"2\""), 412);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
}

static void shares_summing_to_99_percent_are_refused_naming_the_fields(void **state)
{
    (void)state;
    const char *uri = activity("workshop", true, 30);
    long before = splits();
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, split(100000, 4900, 5000, 0, ""), NULL), 400);
    json_t *errors = json_object_get(json_of(&resp), "errors");
    assert_int_equal(json_array_size(errors), 2);
    assert_string_equal(str(json_array_get(errors, 0), "field"), "region_share_basis_points");
    assert_string_equal(str(json_array_get(errors, 1), "field"), "fai_share_basis_points");
    assert_non_null(strstr(str(json_array_get(errors, 0), "message"), "99.00 %"));
    assert_int_equal(call(&resp, "PUT", uri, split(100000, 5001, 5000, 0, ""), NULL), 400);
    assert_int_equal(splits(), before);
}

static void a_late_split_needs_to_be_marked_late_with_a_reason(void **state)
{
    (void)state;
    const char *uri = activity("event", true, -5); /* started five days ago */
    long before = splits();
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, split(5000, 5000, 5000, 0, ""), NULL), 400);
    assert_string_equal(first_field(&resp), "late_agreement");
    assert_int_equal(
        call(&resp, "PUT", uri, split(5000, 5000, 5000, 0, ", \"late_agreement\": true"), NULL),
        400);
    assert_string_equal(first_field(&resp), "late_reason");
    assert_int_equal(
        call(&resp, "PUT", uri,
             split(5000, 5000, 5000, 0, ", \"late_agreement\": true, \"late_reason\": \"\""), NULL),
        400);
    assert_string_equal(first_field(&resp), "late_reason");
    assert_int_equal(splits(), before);
    /* agreed before the start it is in time, whenever it is recorded */
    assert_int_equal(call(&resp, "PUT", uri, split(5000, 5000, 5000, -6, ""), NULL), 201);
    assert_true(json_is_false(json_object_get(json_of(&resp), "late")));
    assert_int_equal(call(&resp, "PUT", uri,
                          split(5000, 5000, 5000, 0,
                                ", \"late_agreement\": true, \"late_reason\": \"Die Referentin"
                                " wurde kurzfristig ersetzt.\""),
                          "\"1\""),
                     200);
    json_t *s = json_of(&resp);
    assert_true(json_is_true(json_object_get(s, "late")));
    assert_string_equal(str(s, "late_reason"), "Die Referentin wurde kurzfristig ersetzt.");
}

static void a_split_for_an_activity_that_is_not_a_joint_event_is_refused(void **state)
{
    (void)state;
    long before = splits();
    const char *uris[] = {activity("event", false, 30), activity("social_media", true, 30)};
    for (size_t i = 0; i < 2; i++) {
        lt_resp resp;
        assert_int_equal(call(&resp, "PUT", uris[i], split(1000, 5000, 5000, 0, ""), NULL), 409);
        assert_non_null(strstr(str(json_of(&resp), "detail"), "not a joint event"));
    }
    assert_int_equal(splits(), before);
    /* a joint event with a split stays joint */
    const char *uri = activity("event", true, 30);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, split(1000, 5000, 5000, 0, ""), NULL), 201);
    const char *activity_uri = lt_arena_strndup(th_group_arena, uri, strlen(uri) - 11);
    assert_int_equal(call(&resp, "PATCH", activity_uri, "{\"joint\": false}", "\"1\""), 409);
    /* deleting the activity deletes its split */
    assert_int_equal(call(&resp, "DELETE", activity_uri, NULL, NULL), 204);
    assert_int_equal(splits(), before);
}

static void refuses_bad_numbers_and_dates_naming_the_field(void **state)
{
    (void)state;
    const char *uri = activity("network_meeting", true, 30);
    long before = splits();
    struct {
        const char *body, *field;
    } bad[] = {
        {split(-1, 5000, 5000, 0, ""), "estimated_cost_cents"},
        {"{\"estimated_cost_cents\": 12.5, \"region_share_basis_points\": 5000,"
         " \"fai_share_basis_points\": 5000, \"agreed_on\": \"2026-01-01\"}",
         "estimated_cost_cents"},
        {"{\"estimated_cost_cents\": \"1250.00\", \"region_share_basis_points\": 5000,"
         " \"fai_share_basis_points\": 5000, \"agreed_on\": \"2026-01-01\"}",
         "estimated_cost_cents"},
        {split(100, 10001, -1, 0, ""), "region_share_basis_points"},
        {split(100, 5000, 5000, 1, ""), "agreed_on"},
        {split(100, 5000, 5000, 0, ", \"late_reason\": \"Zu spät\""), "late_reason"},
        {split(100, 5000, 5000, 0, ", \"late_agreement\": true, \"late_reason\": \"Nicht\""),
         "late_agreement"},
        {split(100, 5000, 5000, 0, ", \"region_id\": 1"), "region_id"},
        {"{\"estimated_cost_cents\": 100}", "region_share_basis_points"},
    };
    lt_resp resp;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "PUT", uri, bad[i].body, NULL), 400);
        assert_string_equal(first_field(&resp), bad[i].field);
    }
    assert_int_equal(call(&resp, "PUT", uri, split(100, 5000, 5000, 0, ""), "W/\"1\""), 400);
    assert_int_equal(splits(), before);
}

static void another_regions_split_is_not_found_and_unchanged(void **state)
{
    (void)state;
    const char *uri = activity("event", true, 30);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, split(1000, 2500, 7500, 0, ""), NULL), 201);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                   other_token, other_csrf),
                     404);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "DELETE", uri, NULL,
                                   other_token, other_csrf),
                     404);
    const char *elsewhere = lt_arena_printf(th_group_arena, "/api/v1/regions/" OTHER "%s",
                                            uri + strlen("/api/v1/regions/" REGION));
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", elsewhere, NULL,
                                   other_token, other_csrf),
                     404);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_int_equal(num(json_of(&resp), "region_share_basis_points"), 2500);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agrees_reads_replaces_and_deletes_a_split),
        cmocka_unit_test(shares_summing_to_99_percent_are_refused_naming_the_fields),
        cmocka_unit_test(a_late_split_needs_to_be_marked_late_with_a_reason),
        cmocka_unit_test(a_split_for_an_activity_that_is_not_a_joint_event_is_refused),
        cmocka_unit_test(refuses_bad_numbers_and_dates_naming_the_field),
        cmocka_unit_test(another_regions_split_is_not_found_and_unchanged),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
