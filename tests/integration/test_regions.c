/* test_regions.c - the public region routes against the real database. */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The group's app and arena, made by th_setup (harness.h). */
#define app   th_group_app
#define arena th_group_arena

static json_t *get(lt_resp *resp, const char *uri, int want)
{
    assert_int_equal(th_request(app, arena, resp, "GET", uri, NULL, NULL), want);
    return th_json(arena, resp);
}

static void lists_all_sixteen_regions_in_slug_order(void **state)
{
    (void)state;
    lt_resp resp;
    json_t *body = get(&resp, "/api/v1/regions", 200);
    assert_string_equal(resp.content_type, "application/json");
    json_t *items = json_object_get(body, "items");
    assert_int_equal(json_array_size(items), 16);
    assert_true(json_is_null(json_object_get(body, "next")));
    const char *prev = "";
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *slug = json_string_value(json_object_get(it, "slug"));
        assert_non_null(slug);
        assert_true(strcmp(prev, slug) < 0);
        prev = slug;
    }
}

static void pages_through_regions_with_the_cursor(void **state)
{
    (void)state;
    char uri[512] = "/api/v1/regions?limit=5";
    size_t seen = 0;
    int pages = 0;
    for (;;) {
        lt_resp resp;
        json_t *body = get(&resp, uri, 200);
        seen += json_array_size(json_object_get(body, "items"));
        pages++;
        json_t *next = json_object_get(body, "next");
        if (json_is_null(next))
            break;
        snprintf(uri, sizeof uri, "/api/v1/regions?limit=5&after=%s", json_string_value(next));
    }
    assert_int_equal(seen, 16);
    assert_int_equal(pages, 4);
}

static void answers_one_region_with_its_areas(void **state)
{
    (void)state;
    lt_resp resp;
    json_t *r = get(&resp, "/api/v1/regions/mittleres-ruhrgebiet", 200);
    assert_string_equal(json_string_value(json_object_get(r, "name")), "Mittleres Ruhrgebiet");
    json_t *areas = json_object_get(r, "areas");
    assert_int_equal(json_array_size(areas), 4);
    assert_string_equal(json_string_value(json_array_get(areas, 0)), "Bochum");
    assert_true(json_is_true(json_object_get(r, "confirmed")));
}

static void unknown_slug_is_a_problem_404(void **state)
{
    (void)state;
    lt_resp resp;
    json_t *p = get(&resp, "/api/v1/regions/atlantis", 404);
    assert_string_equal(resp.content_type, "application/problem+json");
    assert_int_equal(json_integer_value(json_object_get(p, "status")), 404);
    assert_non_null(json_string_value(json_object_get(p, "request_id")));
}

static void refuses_bad_limits_and_foreign_cursors(void **state)
{
    (void)state;
    const char *bad[] = {
        "/api/v1/regions?limit=0",   "/api/v1/regions?limit=101",
        "/api/v1/regions?limit=abc", "/api/v1/regions?limit=-1",
        "/api/v1/regions?after=%%%", "/api/v1/regions?after=bm90LWEtY3Vyc29y",
        "/api/v1/regions?after=",    "/api/v1/regions?limit=5&limit=6",
        "/api/v1/regions?sort=name", "/api/v1/regions/meo?limit=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_resp resp;
        json_t *p = get(&resp, bad[i], 400);
        assert_string_equal(resp.content_type, "application/problem+json");
        assert_non_null(json_object_get(p, "detail"));
    }
}

static json_t *lookup(lt_resp *resp, const char *body, int want)
{
    assert_int_equal(
        th_request(app, arena, resp, "POST", "/api/v1/regions/lookup", "application/json", body),
        want);
    return th_json(arena, resp);
}

static void looks_up_the_region_of_each_place_in_order(void **state)
{
    (void)state;
    lt_resp resp;
    json_t *r =
        lookup(&resp, "{\"places\": [\"Bochum\", \"paris\", \" ennepe-ruhr-kreis \"]}", 200);
    json_t *items = json_object_get(r, "items");
    assert_int_equal(json_array_size(items), 3);
    json_t *bochum = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(bochum, "place")), "Bochum");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(bochum, "region"), "slug")),
        "mittleres-ruhrgebiet");
    assert_true(json_is_null(json_object_get(json_array_get(items, 1), "region")));
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(items, 2), "region"), "slug")),
                        "maerkische-region");
}

static void lookup_names_each_invalid_field(void **state)
{
    (void)state;
    struct {
        const char *body, *field;
    } cases[] = {
        {"{\"places\": [\"Essen\"], \"city\": 1}", "city"},
        {"{\"places\": []}", "places"},
        {"{\"places\": \"Essen\"}", "places"},
        {"{\"places\": [\"Essen\", 7]}", "places[1]"},
        {"{\"places\": [\"\"]}", "places[0]"},
        {"[\"Essen\"]", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_resp resp;
        json_t *p = lookup(&resp, cases[i].body, 400);
        assert_string_equal(resp.content_type, "application/problem+json");
        json_t *errors = json_object_get(p, "errors");
        assert_true(json_array_size(errors) >= 1);
        assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
                            cases[i].field);
    }
}

static void lookup_refuses_too_many_places_and_bad_json(void **state)
{
    (void)state;
    char body[2048] = "{\"places\": [";
    for (int i = 0; i < 51; i++)
        strcat(body, i ? ",\"Essen\"" : "\"Essen\"");
    strcat(body, "]}");
    lt_resp resp;
    lookup(&resp, body, 400);
    lookup(&resp, "{\"places\": [\"Essen\"], \"places\": [\"Hamm\"]}", 400);
    lookup(&resp, "{\"places\": [\"Essen\"]", 400);
    assert_int_equal(th_request(app, arena, &resp, "POST", "/api/v1/regions/lookup", "text/plain",
                                "{\"places\": [\"Essen\"]}"),
                     415);
    assert_int_equal(
        th_request(app, arena, &resp, "POST", "/api/v1/regions/lookup", NULL, "{\"places\": []}"),
        415);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists_all_sixteen_regions_in_slug_order),
        cmocka_unit_test(pages_through_regions_with_the_cursor),
        cmocka_unit_test(answers_one_region_with_its_areas),
        cmocka_unit_test(unknown_slug_is_a_problem_404),
        cmocka_unit_test(refuses_bad_limits_and_foreign_cursors),
        cmocka_unit_test(looks_up_the_region_of_each_place_in_order),
        cmocka_unit_test(lookup_names_each_invalid_field),
        cmocka_unit_test(lookup_refuses_too_many_places_and_bad_json),
    };
    return cmocka_run_group_tests(tests, th_setup, th_teardown);
}
