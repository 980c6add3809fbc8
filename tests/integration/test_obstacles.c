/*
 * test_obstacles.c - the obstacles a region observes: create, read, change with
 * If-Match, delete; the count of inquiries touched and their span derived from
 * the inquiries' links (never typed in); the ranking; bad input refused naming
 * the field with nothing stored; another region's obstacles not found.
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

#define REGION    "niederrhein"
#define OTHER     "bergisches-staedtedreieck"
#define OBSTACLES "/api/v1/regions/" REGION "/obstacles"
#define INQUIRIES "/api/v1/regions/" REGION "/inquiries"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];             /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE]; /* coordinator of OTHER */

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

static const char *first_field(const lt_resp *resp)
{
    return str(json_array_get(json_object_get(json_of(resp), "errors"), 0), "field");
}

static json_int_t num(json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    th_sign_in(owner, "ob-coord", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "ob-other", NULL, OTHER, "coordinator", other_token, other_csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* Creates an obstacle; returns its id (arena memory). */
static const char *new_obstacle(const char *title, const char *severity)
{
    lt_resp resp;
    const char *body =
        lt_arena_printf(th_group_arena,
                        "{\"title\": \"%s\", \"category\": \"recognition_duration\","
                        " \"description\": \"Anerkennung dauert\", \"severity\": \"%s\"}",
                        title, severity);
    assert_int_equal(call(&resp, "POST", OBSTACLES, body, NULL), 201);
    return lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
}

/* Logs an inquiry received on the date that met the obstacle; returns its id. */
static const char *new_inquiry(const char *received_on, const char *obstacle)
{
    lt_resp resp;
    const char *body =
        lt_arena_printf(th_group_arena,
                        "{\"received_on\": \"%s\", \"channel\": \"phone\", \"obstacle_ids\":"
                        " [\"%s\"]}",
                        received_on, obstacle);
    int status = call(&resp, "POST", INQUIRIES, body, NULL);
    if (status != 201)
        fail_msg("%d %s", status, resp.body.data);
    return lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
}

static void counts_the_inquiries_an_obstacle_touched_from_their_links(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", OBSTACLES,
                          "{\"title\": \"Kita-Plätze für Familien\", \"category\": \"childcare\","
                          " \"description\": \"Keine Plätze für nachziehende Kinder\","
                          " \"first_seen\": \"2025-11-01\", \"severity\": \"medium\","
                          " \"policy_proposal\": \"Kontingent für Fachkräftefamilien\","
                          " \"policy_level\": \"state\"}",
                          NULL),
                     201);
    json_t *o = json_of(&resp);
    const char *id = lt_arena_strdup(th_group_arena, str(o, "id"));
    assert_int_equal(num(o, "inquiries_touched"), 0);
    assert_true(json_is_null(json_object_get(o, "first_inquiry_on")));
    assert_string_equal(str(o, "seen_from"), "2025-11-01");
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    const char *uri = lt_arena_printf(th_group_arena, OBSTACLES "/%s", id);

    const char *a = new_inquiry("2025-10-15", id);
    new_inquiry("2026-01-10", id);
    const char *c = new_inquiry("2025-12-01", id);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    o = json_of(&resp);
    assert_int_equal(num(o, "inquiries_touched"), 3);
    assert_string_equal(str(o, "first_inquiry_on"), "2025-10-15");
    assert_string_equal(str(o, "last_inquiry_on"), "2026-01-10");
    /* the span covers both what was stated and what the inquiries say */
    assert_string_equal(str(o, "seen_from"), "2025-10-15");
    assert_string_equal(str(o, "seen_to"), "2026-01-10");
    assert_string_equal(str(o, "first_seen"), "2025-11-01");

    /* an inquiry that no longer names it, and one removed, no longer count */
    assert_int_equal(call(&resp, "PATCH", lt_arena_printf(th_group_arena, INQUIRIES "/%s", a),
                          "{\"obstacle_ids\": []}", "\"1\""),
                     200);
    assert_int_equal(
        call(&resp, "DELETE", lt_arena_printf(th_group_arena, INQUIRIES "/%s", c), NULL, NULL),
        204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    o = json_of(&resp);
    assert_int_equal(num(o, "inquiries_touched"), 1);
    assert_string_equal(str(o, "first_inquiry_on"), "2026-01-10");
    assert_string_equal(str(o, "seen_from"), "2025-11-01");

    /* the count is not typed in */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"inquiries_touched\": 40}", "\"1\""), 400);
    assert_string_equal(first_field(&resp), "inquiries_touched");

    /* changes need the version; a stale one changes nothing */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"severity\": \"high\"}", "\"1\""), 200);
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");
    assert_int_equal(call(&resp, "PATCH", uri, "{\"severity\": \"low\"}", "\"1\""), 412);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"severity\": \"low\"}", NULL), 428);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "severity"), "high");

    /* removing it removes its links, not the inquiries */
    const char *b_links = "SELECT count(*) FROM lotse.inquiry_obstacles WHERE obstacle_id = '%s'";
    assert_string_equal(th_scalar(owner, lt_arena_printf(th_group_arena, b_links, id)), "1");
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    assert_string_equal(th_scalar(owner, lt_arena_printf(th_group_arena, b_links, id)), "0");
    assert_int_equal(
        call(&resp, "GET", lt_arena_printf(th_group_arena, INQUIRIES "/%s", a), NULL, NULL), 200);
}

static void ranks_by_severity_then_by_inquiries_touched(void **state)
{
    (void)state;
    const char *low = new_obstacle("Gebühren", "low");
    const char *critical = new_obstacle("Terminvergabe Botschaft", "critical");
    const char *high_one = new_obstacle("Wohnungsmarkt", "high");
    const char *high_two = new_obstacle("Sprachkurse voll", "high");
    new_inquiry("2026-01-02", high_two);
    new_inquiry("2026-01-03", high_two);
    new_inquiry("2026-01-04", high_one);
    lt_resp resp;
    /* paged two by two, the order holds across pages */
    const char *order[4] = {NULL};
    size_t n = 0;
    char uri[512] = OBSTACLES "?category=recognition_duration&limit=2";
    for (int pages = 0; pages < 10 && n < 4; pages++) {
        assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
        json_t *page = json_of(&resp);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(page, "items"), i, item)
        {
            if (n < 4)
                order[n++] = lt_arena_strdup(th_group_arena, str(item, "id"));
        }
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        snprintf(uri, sizeof uri, OBSTACLES "?category=recognition_duration&limit=2&after=%s",
                 json_string_value(next));
    }
    assert_int_equal(n, 4);
    assert_string_equal(order[0], critical);
    assert_string_equal(order[1], high_two);
    assert_string_equal(order[2], high_one);
    assert_string_equal(order[3], low);

    assert_int_equal(call(&resp, "GET", OBSTACLES "?severity=critical&format=csv", NULL, NULL),
                     200);
    assert_non_null(strstr(resp.body.data, "title,category,severity,inquiries_touched,seen_from,"
                                           "seen_to,first_seen,last_seen,policy_level,"
                                           "policy_proposal,description,updated_at\r\n"
                                           "Terminvergabe Botschaft,recognition_duration,"
                                           "critical,0,"));
    const char *bad[][2] = {{"severity=urgent", "severity"},
                            {"category=weather", "category"},
                            {"policy_level=eu", "policy_level"}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(call(&resp, "GET",
                              lt_arena_printf(th_group_arena, OBSTACLES "?%s", bad[i][0]), NULL,
                              NULL),
                         400);
        assert_string_equal(first_field(&resp), bad[i][1]);
    }
}

static void refuses_bad_obstacles_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
#define START "{\"title\": \"X\", \"description\": \"Y\""
    struct {
        const char *body, *field;
    } bad[] = {
        {START ", \"category\": \"weather\", \"severity\": \"low\"}", "category"},
        {START ", \"category\": \"costs\", \"severity\": \"urgent\"}", "severity"},
        {START ", \"category\": \"costs\"}", "severity"},
        {START ", \"category\": \"costs\", \"severity\": \"low\", \"policy_level\": \"eu\"}",
         "policy_level"},
        {START ", \"category\": \"costs\", \"severity\": \"low\", \"first_seen\": \"2026-02-01\","
               " \"last_seen\": \"2026-01-01\"}",
         "last_seen"},
        {START ", \"category\": \"costs\", \"severity\": \"low\", \"inquiries_touched\": 3}",
         "inquiries_touched"},
        {"{\"title\": \"X\", \"category\": \"costs\", \"severity\": \"low\"}", "description"},
    };
    const char *count_sql = "SELECT count(*) FROM lotse.obstacles";
    const char *before = lt_arena_strdup(th_group_arena, th_scalar(owner, count_sql));
    lt_resp resp;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "POST", OBSTACLES, bad[i].body, NULL), 400);
        assert_string_equal(first_field(&resp), bad[i].field);
    }
    /* a 100 KB policy proposal */
    size_t big = 100 * 1024;
    char *body = lt_arena_alloc(th_group_arena, big + 160);
    int n = snprintf(body, 160,
                     START ", \"category\": \"costs\", \"severity\": \"low\","
                           " \"policy_proposal\": \"");
    memset(body + n, 'P', big);
    strcpy(body + n + big, "\"}");
    assert_int_equal(call(&resp, "POST", OBSTACLES, body, NULL), 400);
    assert_string_equal(first_field(&resp), "policy_proposal");
    assert_string_equal(th_scalar(owner, count_sql), before);
}

static void another_regions_obstacles_are_not_found(void **state)
{
    (void)state;
    const char *id = new_obstacle("Nur hier", "low");
    lt_resp resp;
    const char *uri = lt_arena_printf(th_group_arena, OBSTACLES "/%s", id);
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                       other_token, other_csrf, NULL, NULL),
                     404);
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "PATCH", uri,
                                       "{\"severity\": \"critical\"}", other_token, other_csrf,
                                       "\"1\"", NULL),
                     404);
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "DELETE", uri, NULL,
                                       other_token, other_csrf, NULL, NULL),
                     404);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "severity"), "low");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_the_inquiries_an_obstacle_touched_from_their_links),
        cmocka_unit_test(ranks_by_severity_then_by_inquiries_touched),
        cmocka_unit_test(refuses_bad_obstacles_naming_the_field_and_stores_nothing),
        cmocka_unit_test(another_regions_obstacles_are_not_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
