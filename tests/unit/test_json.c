/* test_json.c - JSON bodies and the JSON media type (src/http/json.c). */
#include "lotse/parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

struct parsed {
    int rc;
    json_t *v;
    lt_error err;
    const char *detail;
};

static struct parsed parse_n(lt_arena *a, const char *body, size_t len, int max_depth)
{
    struct parsed p = {.err = LT_E__COUNT};
    p.rc = lt_json_parse(a, body, len, max_depth, &p.v, &p.err, &p.detail);
    if (p.rc != 0) {
        assert_null(p.v);
        assert_non_null(p.detail);
        assert_true(lt_utf8_valid(p.detail, strlen(p.detail)));
    }
    return p;
}

static struct parsed parse(lt_arena *a, const char *body)
{
    return parse_n(a, body, strlen(body), 64);
}

static int setup(void **state)
{
    *state = lt_arena_create(1024);
    return 0;
}

static int teardown(void **state)
{
    lt_arena_destroy(*state);
    return 0;
}

/* Counts jansson's allocations, to show which refusals never reach it. */
static size_t jansson_mallocs;
static void *counting_malloc(size_t n)
{
    jansson_mallocs++;
    return malloc(n);
}

static void parses_an_object_that_lives_until_the_arena_resets(void **state)
{
    struct parsed p = parse(*state, " {\"name\": \"M\\u00fcnster\", \"areas\": [1, 2]} \n");
    assert_int_equal(p.rc, 0);
    assert_true(json_is_object(p.v));
    assert_string_equal(json_string_value(json_object_get(p.v, "name")), "Münster");
    assert_int_equal(p.v->refcount, 1);
    /* The arena owns the value; destroying it (teardown) frees it, which ASan checks. */
}

static void refuses_10000_deep_nesting_without_calling_jansson(void **state)
{
    size_t n = 10000;
    char *body = malloc(2 * n);
    memset(body, '[', n);
    memset(body + n, ']', n);
    json_set_alloc_funcs(counting_malloc, free);
    jansson_mallocs = 0;
    struct parsed p = parse_n(*state, body, 2 * n, 64);
    json_set_alloc_funcs(malloc, free);
    free(body);
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.err, LT_E_JSON_TOO_DEEP);
    assert_string_equal(p.detail, "the JSON value is nested deeper than 64 levels");
    assert_int_equal(jansson_mallocs, 0);
}

static void accepts_depth_exactly_at_the_limit(void **state)
{
    assert_int_equal(parse_n(*state, "[[[[[1]]]]]", 11, 5).rc, 0);
    assert_int_equal(parse_n(*state, "{\"a\":[{\"b\":[{}]}]}", 18, 5).rc, 0);
    struct parsed p = parse_n(*state, "[[[[[[1]]]]]]", 13, 5);
    assert_int_equal(p.err, LT_E_JSON_TOO_DEEP);
    /* Depth is the deepest point, not the number of brackets. */
    assert_int_equal(parse_n(*state, "[[],[],[],[],[],[],[]]", 22, 2).rc, 0);
}

static void brackets_inside_strings_do_not_count(void **state)
{
    const char *body = "{\"a\": \"[[[[[[{{{{{{\", \"b\": \"\\\"[[[[[[[\\\\\", \"c\": [\"]]]]]]\"]}";
    struct parsed p = parse_n(*state, body, strlen(body), 2);
    assert_int_equal(p.rc, 0);
    assert_string_equal(json_string_value(json_object_get(p.v, "b")), "\"[[[[[[[\\");
}

static void refuses_duplicate_keys_naming_the_key(void **state)
{
    struct parsed p = parse(*state, "{\"name\": 1,\n \"other\": {\"x\": 1},\n \"name\": 2}");
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.err, LT_E_INVALID_JSON);
    assert_string_equal(p.detail, "duplicate key 'name' at line 3");

    /* Escapes in the key are decoded before it is compared and named. */
    p = parse(*state, "{\"a\\\"b\": 1, \"a\\u0022b\": 2}");
    assert_int_equal(p.err, LT_E_INVALID_JSON);
    assert_string_equal(p.detail, "duplicate key 'a\"b' at line 1");

    /* Multibyte keys and keys ending in an escaped backslash are found as well. */
    p = parse(*state, "{\"\xc3\xbc\\\\\": 1,\n\"\xc3\xbc\\\\\": 2}");
    assert_int_equal(p.err, LT_E_INVALID_JSON);
    assert_string_equal(p.detail, "duplicate key '\xc3\xbc\\' at line 2");
}

static void refuses_trailing_garbage(void **state)
{
    struct parsed p = parse(*state, "{\"a\": 1} x");
    assert_int_equal(p.err, LT_E_INVALID_JSON);
    assert_string_equal(p.detail, "there is more text after the JSON value (line 1, column 10)");
    assert_int_equal(parse(*state, "{} {}").err, LT_E_INVALID_JSON);
    assert_int_equal(parse(*state, "[1]]").err, LT_E_INVALID_JSON);
}

static void refuses_a_top_level_scalar(void **state)
{
    static const char *const scalars[] = {"1", "\"text\"", "null", "true", " 3.5"};
    for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
        struct parsed p = parse(*state, scalars[i]);
        assert_int_equal(p.err, LT_E_INVALID_JSON);
        assert_string_equal(p.detail, "the request body must be a JSON object or array");
    }
}

static void refuses_an_empty_body(void **state)
{
    assert_string_equal(parse(*state, "").detail, "the request body is empty");
    assert_string_equal(parse(*state, " \r\n\t").detail, "the request body is empty");
    struct parsed p = parse_n(*state, NULL, 0, 64);
    assert_int_equal(p.err, LT_E_INVALID_JSON);
}

static void refuses_invalid_utf8_as_its_own_error(void **state)
{
    struct parsed p = parse(*state, "{\"a\": \"\xc0\xaf\"}");
    assert_int_equal(p.err, LT_E_INVALID_UTF8);
    assert_int_equal(parse(*state, "{\"a\": \"\xed\xa0\x80\"}").err, LT_E_INVALID_UTF8);
}

static void refuses_nul_in_strings_and_bodies(void **state)
{
    assert_int_equal(parse(*state, "{\"a\": \"x\\u0000y\"}").err, LT_E_INVALID_JSON);
    assert_int_equal(parse_n(*state, "{\"a\": \"x\0y\"}", 12, 64).err, LT_E_INVALID_JSON);
    assert_int_equal(parse_n(*state, "{}\0", 3, 64).err, LT_E_INVALID_JSON);
}

static void never_echoes_body_text_in_syntax_errors(void **state)
{
    struct parsed p = parse(*state, "{\"a\": SECRETVALUE}");
    assert_int_equal(p.err, LT_E_INVALID_JSON);
    assert_null(strstr(p.detail, "SECRET"));
    /* jansson places the error at the end of the token it could not read. */
    assert_string_equal(p.detail, "the request body is not valid JSON (line 1, column 17)");
    p = parse(*state, "{\"a\": [1, 2");
    assert_int_equal(p.err, LT_E_INVALID_JSON);
    assert_null(strstr(p.detail, "1, 2"));
}

static void recognises_the_json_media_type(void **state)
{
    (void)state;
    assert_true(lt_content_type_is_json("application/json"));
    assert_true(lt_content_type_is_json("Application/JSON"));
    assert_true(lt_content_type_is_json("application/json; charset=utf-8"));
    assert_true(lt_content_type_is_json("application/json;charset=UTF-8"));
    assert_true(lt_content_type_is_json("application/json; charset=\"utf-8\""));
    assert_true(lt_content_type_is_json("application/json ; foo=bar; charset=utf-8 "));
    assert_true(lt_content_type_is_json("application/json;")); /* RFC 9110: empty parameter */
    assert_false(lt_content_type_is_json(NULL));
    assert_false(lt_content_type_is_json(""));
    assert_false(lt_content_type_is_json("application/jsonx"));
    assert_false(lt_content_type_is_json("application/json-patch+json"));
    assert_false(lt_content_type_is_json("text/json"));
    assert_false(lt_content_type_is_json("text/plain"));
    assert_false(lt_content_type_is_json("application/json; charset=latin1"));
    assert_false(lt_content_type_is_json("application/json; charset=utf-16"));
    assert_false(lt_content_type_is_json("application/json; charset="));
    assert_false(lt_content_type_is_json("application/json; charset"));
    assert_false(lt_content_type_is_json("application/json, text/plain"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(parses_an_object_that_lives_until_the_arena_resets),
        T(refuses_10000_deep_nesting_without_calling_jansson),
        T(accepts_depth_exactly_at_the_limit),
        T(brackets_inside_strings_do_not_count),
        T(refuses_duplicate_keys_naming_the_key),
        T(refuses_trailing_garbage),
        T(refuses_a_top_level_scalar),
        T(refuses_an_empty_body),
        T(refuses_invalid_utf8_as_its_own_error),
        T(refuses_nul_in_strings_and_bodies),
        T(never_echoes_body_text_in_syntax_errors),
        T(recognises_the_json_media_type),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
