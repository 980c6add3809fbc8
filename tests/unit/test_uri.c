/* test_uri.c - percent-decoding, the path and the query (src/http/uri.c). */
#include "lotse/parse.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static const char *const paging[] = {"limit", "after", "q", NULL};

struct parsed {
    int rc;
    char *path;
    lt_pair *query;
    size_t nquery;
    lt_error err;
    const char *detail;
};

static struct parsed parse(lt_arena *a, const char *uri, const char *const *allowed)
{
    struct parsed p = {.err = LT_E__COUNT};
    p.rc = lt_uri_parse(a, uri, allowed, &p.path, &p.query, &p.nquery, &p.err, &p.detail);
    if (p.rc != 0) {
        assert_non_null(p.detail);
        assert_true(lt_utf8_valid(p.detail, strlen(p.detail)));
    }
    return p;
}

static void refused(lt_arena *a, const char *uri, lt_error err)
{
    struct parsed p = parse(a, uri, paging);
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.err, err);
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

static void decodes_escapes_and_keeps_plus_in_the_path(void **state)
{
    struct parsed p = parse(*state, "/api/v1/M%C3%BCnster+Land/%41", NULL);
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.path, "/api/v1/Münster+Land/A");
    assert_null(p.query);
    assert_int_equal(p.nquery, 0);
}

static void decodes_plus_as_space_in_the_query(void **state)
{
    struct parsed p = parse(*state, "/s?q=a+b%2Bc&limit=5", paging);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.nquery, 2);
    assert_string_equal(p.query[0].name, "q");
    assert_string_equal(p.query[0].value, "a b+c");
    assert_string_equal(p.query[1].name, "limit");
    assert_string_equal(p.query[1].value, "5");
}

static void takes_a_bare_name_as_an_empty_value_and_keeps_equals_in_values(void **state)
{
    struct parsed p = parse(*state, "/s?after&q=a=b", paging);
    assert_int_equal(p.rc, 0);
    assert_int_equal(p.nquery, 2);
    assert_string_equal(p.query[0].value, "");
    assert_string_equal(p.query[1].value, "a=b");
}

static void takes_an_empty_query_as_no_parameters(void **state)
{
    struct parsed p = parse(*state, "/s?", NULL);
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.path, "/s");
    assert_int_equal(p.nquery, 0);
}

static void refuses_malformed_percent_encoding(void **state)
{
    refused(*state, "/a%G1", LT_E_MALFORMED_URI);
    refused(*state, "/a%", LT_E_MALFORMED_URI);
    refused(*state, "/a%4", LT_E_MALFORMED_URI);
    refused(*state, "/a%4/b", LT_E_MALFORMED_URI);
    refused(*state, "/a?q=%G1", LT_E_MALFORMED_URI);
    refused(*state, "/a?q=%", LT_E_MALFORMED_URI);
    refused(*state, "/a?q=%4", LT_E_MALFORMED_URI);
    refused(*state, "/a?%zz=1", LT_E_MALFORMED_URI);
}

static void refuses_an_encoded_nul(void **state)
{
    refused(*state, "/a%00b", LT_E_MALFORMED_URI);
    refused(*state, "/a?q=x%00", LT_E_MALFORMED_URI);
}

static void refuses_invalid_utf8_after_decoding(void **state)
{
    refused(*state, "/%C0%AF", LT_E_INVALID_UTF8);    /* overlong '/' */
    refused(*state, "/%80", LT_E_INVALID_UTF8);       /* lone continuation */
    refused(*state, "/%ED%A0%80", LT_E_INVALID_UTF8); /* surrogate */
    refused(*state, "/%F5%80%80%80", LT_E_INVALID_UTF8);
    refused(*state, "/a?q=%C0%AF", LT_E_INVALID_UTF8);
    refused(*state, "/\xc3(", LT_E_INVALID_UTF8); /* raw bytes, not encoded */
}

static void refuses_an_encoded_slash_in_the_path_but_not_in_the_query(void **state)
{
    refused(*state, "/a%2Fb", LT_E_MALFORMED_URI);
    refused(*state, "/a%2fb", LT_E_MALFORMED_URI);
    struct parsed p = parse(*state, "/a?q=%2F", paging);
    assert_int_equal(p.rc, 0);
    assert_string_equal(p.query[0].value, "/");
}

static void refuses_dot_segments_however_encoded(void **state)
{
    refused(*state, "/a/../b", LT_E_MALFORMED_URI);
    refused(*state, "/a/./b", LT_E_MALFORMED_URI);
    refused(*state, "/a/..", LT_E_MALFORMED_URI);
    refused(*state, "/a/.", LT_E_MALFORMED_URI);
    refused(*state, "/..", LT_E_MALFORMED_URI);
    refused(*state, "/a/%2E%2E/b", LT_E_MALFORMED_URI);
    refused(*state, "/a/.%2e", LT_E_MALFORMED_URI);
    struct parsed p = parse(*state, "/a/.well-known/..x/...", NULL);
    assert_int_equal(p.rc, 0);
}

static void refuses_a_path_not_starting_with_a_slash(void **state)
{
    refused(*state, "", LT_E_MALFORMED_URI);
    refused(*state, "api/v1", LT_E_MALFORMED_URI);
    refused(*state, "?q=1", LT_E_MALFORMED_URI);
    refused(*state, "http://example.org/", LT_E_MALFORMED_URI);
}

static void refuses_a_fragment_spaces_and_control_characters(void **state)
{
    refused(*state, "/a#frag", LT_E_MALFORMED_URI);
    refused(*state, "/a?q=1#x", LT_E_MALFORMED_URI);
    refused(*state, "/a b", LT_E_MALFORMED_URI);
    refused(*state, "/a\r\nSet-Cookie:x", LT_E_MALFORMED_URI);
}

static void refuses_duplicate_query_parameter(void **state)
{
    struct parsed p = parse(*state, "/s?limit=1&q=x&limit=2", paging);
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.err, LT_E_BAD_QUERY);
    assert_non_null(strstr(p.detail, "'limit'"));
    /* The same name, encoded differently, is still the same name. */
    p = parse(*state, "/s?limit=1&%6Cimit=2", paging);
    assert_int_equal(p.err, LT_E_BAD_QUERY);
}

static void refuses_unknown_query_parameter_naming_it(void **state)
{
    struct parsed p = parse(*state, "/s?limit=1&sort=name", paging);
    assert_int_equal(p.rc, -1);
    assert_int_equal(p.err, LT_E_BAD_QUERY);
    assert_string_equal(p.detail, "unknown query parameter 'sort'");

    p = parse(*state, "/s?limit=1", NULL);
    assert_int_equal(p.err, LT_E_BAD_QUERY);
    assert_string_equal(p.detail, "unknown query parameter 'limit'");
}

static void truncates_echoed_parameter_names_on_a_character_boundary(void **state)
{
    char uri[256] = "/s?";
    for (int i = 0; i < 40; i++)
        strcat(uri, "%C3%BC"); /* 40 x ü: 80 bytes decoded */
    struct parsed p = parse(*state, uri, paging);
    assert_int_equal(p.err, LT_E_BAD_QUERY);
    const char *start = strchr(p.detail, '\'') + 1;
    size_t echoed = (size_t)(strrchr(p.detail, '\'') - start);
    assert_int_equal(echoed, 64);
    assert_true(lt_utf8_valid(start, echoed));
}

static void refuses_empty_parameters_and_empty_names(void **state)
{
    refused(*state, "/s?limit=1&&q=2", LT_E_BAD_QUERY);
    refused(*state, "/s?&limit=1", LT_E_BAD_QUERY);
    refused(*state, "/s?limit=1&", LT_E_BAD_QUERY);
    refused(*state, "/s?=1", LT_E_BAD_QUERY);
}

static void refuses_more_than_64_parameters_and_uris_over_8192_bytes(void **state)
{
    static const char *const many[] = {"p", NULL};
    char uri[9000] = "/s?";
    for (int i = 0; i < 64; i++)
        strcat(uri, i ? "&p" : "p");
    struct parsed p = parse(*state, uri, many); /* 64 parameters: counted before duplicates */
    assert_int_equal(p.err, LT_E_BAD_QUERY);
    assert_non_null(strstr(p.detail, "'p'"));
    strcat(uri, "&p");
    p = parse(*state, uri, many);
    assert_int_equal(p.err, LT_E_BAD_QUERY);
    assert_string_equal(p.detail, "the query has more than 64 parameters");

    memset(uri, 'a', sizeof uri);
    uri[0] = '/';
    uri[8192] = '\0';
    assert_int_equal(parse(*state, uri, NULL).rc, 0);
    uri[8192] = 'a';
    uri[8193] = '\0';
    refused(*state, uri, LT_E_MALFORMED_URI);
}

static void percent_decode_reports_the_kind_of_error(void **state)
{
    char *out;
    lt_error err;
    assert_int_equal(lt_percent_decode(*state, "a+b%20c", 7, true, &out, &err), 0);
    assert_string_equal(out, "a b c");
    assert_int_equal(lt_percent_decode(*state, "a+b", 3, false, &out, &err), 0);
    assert_string_equal(out, "a+b");
    /* n bounds the input: the escape is cut off by it. */
    assert_int_equal(lt_percent_decode(*state, "%41", 2, false, &out, &err), -1);
    assert_int_equal(err, LT_E_MALFORMED_URI);
    assert_int_equal(lt_percent_decode(*state, "%00", 3, false, &out, &err), -1);
    assert_int_equal(err, LT_E_MALFORMED_URI);
    assert_int_equal(lt_percent_decode(*state, "%ff", 3, false, &out, &err), -1);
    assert_int_equal(err, LT_E_INVALID_UTF8);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(decodes_escapes_and_keeps_plus_in_the_path),
        T(decodes_plus_as_space_in_the_query),
        T(takes_a_bare_name_as_an_empty_value_and_keeps_equals_in_values),
        T(takes_an_empty_query_as_no_parameters),
        T(refuses_malformed_percent_encoding),
        T(refuses_an_encoded_nul),
        T(refuses_invalid_utf8_after_decoding),
        T(refuses_an_encoded_slash_in_the_path_but_not_in_the_query),
        T(refuses_dot_segments_however_encoded),
        T(refuses_a_path_not_starting_with_a_slash),
        T(refuses_a_fragment_spaces_and_control_characters),
        T(refuses_duplicate_query_parameter),
        T(refuses_unknown_query_parameter_naming_it),
        T(truncates_echoed_parameter_names_on_a_character_boundary),
        T(refuses_empty_parameters_and_empty_names),
        T(refuses_more_than_64_parameters_and_uris_over_8192_bytes),
        T(percent_decode_reports_the_kind_of_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
