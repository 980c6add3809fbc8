/* test_version.c - ETag, If-Match and the 412 answer (src/http/version.c). */
#include "lotse/problem.h"
#include "lotse/version.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

struct fixture {
    lt_arena *arena;
    lt_req req;
    lt_resp resp;
    lt_pair header;
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    f.arena = lt_arena_create(1024);
    f.req.arena = f.arena;
    f.req.method = "PATCH";
    f.req.raw_uri = "/api/v1/regions/meo/measures/1";
    f.req.path = f.req.raw_uri;
    f.req.request_id = "0123456789abcdef0123456789abcdef";
    lt_resp_init(&f.resp, f.arena);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    lt_arena_destroy(f->arena);
    return 0;
}

static void decref(void *v)
{
    json_decref(v);
}

static json_t *body(struct fixture *f)
{
    json_error_t error;
    json_t *v = json_loadb(f->resp.body.data, f->resp.body.len, 0, &error);
    assert_non_null(v);
    lt_arena_on_reset(f->arena, decref, v);
    return v;
}

static const char *header(const lt_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

/* lt_if_match on a request whose If-Match is value (NULL: no header). */
static int if_match(struct fixture *f, const char *value, int *version)
{
    lt_resp_init(&f->resp, f->arena);
    f->header = (lt_pair){"if-match", value};
    f->req.headers = &f->header;
    f->req.nheaders = value ? 1 : 0;
    return lt_if_match(&f->req, &f->resp, version);
}

static void etag_is_the_version_in_double_quotes(void **state)
{
    struct fixture *f = *state;
    lt_etag_set(&f->resp, 3);
    assert_string_equal(header(&f->resp, "ETag"), "\"3\"");
}

static void reads_a_strong_etag(void **state)
{
    struct fixture *f = *state;
    int version = -1;
    assert_int_equal(if_match(f, "\"3\"", &version), 0);
    assert_int_equal(version, 3);
    assert_int_equal(if_match(f, "\"0\"", &version), 0);
    assert_int_equal(version, 0);
    assert_int_equal(if_match(f, "\"2147483647\"", &version), 0);
    assert_int_equal(version, 2147483647);
}

static void allows_spaces_around_the_value(void **state)
{
    struct fixture *f = *state;
    int version = -1;
    assert_int_equal(if_match(f, " \t\"12\"  ", &version), 0);
    assert_int_equal(version, 12);
}

static void answers_428_without_if_match(void **state)
{
    struct fixture *f = *state;
    int version = -1;
    assert_int_equal(if_match(f, NULL, &version), 428);
    assert_int_equal(f->resp.status, 428);
    assert_int_equal(version, -1);
    assert_string_equal(f->resp.content_type, "application/problem+json");
    assert_string_equal(json_string_value(json_object_get(body(f), "type")),
                        "urn:lotse:problem:precondition-required");
}

static void refuses_what_is_not_one_of_our_etags(void **state)
{
    struct fixture *f = *state;
    const char *bad[] = {"",
                         "W/\"3\"",
                         "\"abc\"",
                         "\"3\",\"4\"",
                         "\"3\", \"4\"",
                         "*",
                         "3",
                         "\"3",
                         "3\"",
                         "\" 3\"",
                         "\"3 \"",
                         "\"\"",
                         "\"-3\"",
                         "\"+3\"",
                         "\"03\"",
                         "\"3.0\"",
                         "\"0x3\"",
                         "\"3\" x",
                         "\"2147483648\"",
                         "\"99999999999\"",
                         "\"\"\"",
                         "'3'"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int version = -1;
        if (if_match(f, bad[i], &version) != 400)
            fail_msg("If-Match: %s was not refused with 400", bad[i]);
        assert_int_equal(version, -1);
        json_t *v = body(f);
        assert_string_equal(json_string_value(json_object_get(v, "type")),
                            "urn:lotse:problem:bad-request");
        assert_non_null(strstr(json_string_value(json_object_get(v, "detail")), "If-Match"));
    }
}

static void conflict_answers_412_with_the_current_version(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(lt_version_conflict(&f->req, &f->resp, 7), 412);
    assert_int_equal(f->resp.status, 412);
    assert_string_equal(header(&f->resp, "ETag"), "\"7\"");
    json_t *v = body(f);
    assert_string_equal(json_string_value(json_object_get(v, "type")),
                        "urn:lotse:problem:precondition-failed");
    assert_int_equal(json_integer_value(json_object_get(v, "status")), 412);
    assert_int_equal(json_integer_value(json_object_get(v, "current_version")), 7);
    assert_string_equal(json_string_value(json_object_get(v, "request_id")),
                        "0123456789abcdef0123456789abcdef");
}

static void extension_members_cannot_replace_standard_ones(void **state)
{
    struct fixture *f = *state;
    json_t *extra = json_pack("{s:s, s:i, s:s, s:i}", "type", "urn:evil", "status", 200, "title",
                              "x", "hint", 1);
    assert_int_equal(lt_problem_ext(&f->resp, &f->req, LT_E_NOT_FOUND, NULL, NULL, extra), 404);
    json_t *v = body(f);
    assert_string_equal(json_string_value(json_object_get(v, "type")),
                        "urn:lotse:problem:not-found");
    assert_int_equal(json_integer_value(json_object_get(v, "status")), 404);
    assert_string_equal(json_string_value(json_object_get(v, "title")), "Not Found");
    assert_int_equal(json_integer_value(json_object_get(v, "hint")), 1);
    /* an internal error tells nothing, extension members included */
    lt_resp_init(&f->resp, f->arena);
    lt_problem_ext(&f->resp, &f->req, LT_E_INTERNAL, NULL, NULL, json_pack("{s:i}", "hint", 1));
    assert_null(json_object_get(body(f), "hint"));
}

static void new_errors_have_their_statuses(void **state)
{
    (void)state;
    assert_int_equal(lt_error_status(LT_E_PRECONDITION_REQUIRED), 428);
    assert_int_equal(lt_error_status(LT_E_PRECONDITION_FAILED), 412);
    assert_int_equal(lt_error_status(LT_E_IDEMPOTENCY_MISMATCH), 422);
    assert_string_equal(lt_error_slug(LT_E_IDEMPOTENCY_MISMATCH), "idempotency-key-reused");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(etag_is_the_version_in_double_quotes, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_a_strong_etag, setup, teardown),
        cmocka_unit_test_setup_teardown(allows_spaces_around_the_value, setup, teardown),
        cmocka_unit_test_setup_teardown(answers_428_without_if_match, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_what_is_not_one_of_our_etags, setup, teardown),
        cmocka_unit_test_setup_teardown(conflict_answers_412_with_the_current_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(extension_members_cannot_replace_standard_ones, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(new_errors_have_their_statuses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
