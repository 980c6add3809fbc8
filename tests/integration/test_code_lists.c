/*
 * test_code_lists.c - GET /api/v1/code-lists answers, without a session, the
 * lists the API validates against, from the tables that validate: every
 * country code it lists is one the validation takes, and the codes it refuses
 * ("UK", "XX") are not listed; the answer is cacheable (ETag, Cache-Control,
 * 304 on If-None-Match).
 */
#include "harness.h"
#include "lotse/classification.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define LISTS "/api/v1/code-lists"

static int lists(lt_resp *resp, const char *if_none_match)
{
    lt_pair headers[1] = {{"if-none-match", if_none_match}};
    return th_request_h(th_group_app, th_group_arena, resp, "GET", LISTS, NULL, NULL, headers,
                        if_none_match ? 1 : 0);
}

static bool holds(json_t *array, const char *code)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v)
    {
        if (strcmp(json_string_value(v), code) == 0)
            return true;
    }
    return false;
}

static void the_lists_are_the_tables_the_api_validates_with(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(lists(&resp, NULL), 200);
    json_t *body = th_json(th_group_arena, &resp);
    json_t *countries = json_object_get(body, "countries");
    assert_int_equal(json_array_size(countries), lt_country_count() + 1);
    size_t i;
    json_t *v;
    json_array_foreach(countries, i, v)
    {
        assert_true(lt_country_is_code(json_string_value(v)));
    }
    assert_true(holds(countries, "DE"));
    assert_true(holds(countries, "XK"));
    assert_false(holds(countries, "UK"));
    assert_false(holds(countries, "XX"));
    assert_string_equal(json_string_value(json_array_get(countries, 0)), "AD");

    json_t *sizes = json_object_get(body, "size_classes");
    assert_int_equal(json_array_size(sizes), 4);
    assert_string_equal(json_string_value(json_array_get(sizes, 0)), "micro");
    json_t *wz = json_object_get(body, "wz_sections");
    assert_int_equal(json_array_size(wz), 21);
    assert_string_equal(json_string_value(json_array_get(wz, 20)), "U");
    assert_true(holds(json_object_get(body, "process_phases"), "recognition"));
    assert_true(holds(json_object_get(body, "process_actors"), "employer"));
    assert_true(holds(json_object_get(body, "process_target_groups"), "nurses"));
    assert_int_equal(json_array_size(json_object_get(body, "process_levels")), 3);
}

static void the_answer_is_cacheable_and_revalidates_with_304(void **state)
{
    (void)state;
    lt_resp resp, again, stale;
    assert_int_equal(lists(&resp, NULL), 200);
    const char *tag = th_header(&resp, "ETag");
    assert_non_null(tag);
    assert_int_equal(strlen(tag), 66);
    assert_string_equal(th_header(&resp, "Cache-Control"), "public, max-age=3600");
    assert_int_equal(lists(&again, tag), 304);
    assert_int_equal(again.body.len, 0);
    assert_string_equal(th_header(&again, "ETag"), tag);
    char weak[80];
    snprintf(weak, sizeof weak, "\"other\", W/%s", tag);
    assert_int_equal(lists(&again, weak), 304);
    assert_int_equal(lists(&stale, "\"0000\""), 200);
    assert_true(stale.body.len > 0);
    assert_string_equal(th_header(&stale, "ETag"), tag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_lists_are_the_tables_the_api_validates_with),
        cmocka_unit_test(the_answer_is_cacheable_and_revalidates_with_304),
    };
    return cmocka_run_group_tests(tests, th_setup, th_teardown);
}
