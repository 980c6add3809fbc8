/* test_problem.c - problem+json answers and the response helpers (src/http/problem.c, resp.c). */
#include "lotse/app.h"
#include "lotse/parse.h"
#include "lotse/problem.h"

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
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    f.arena = lt_arena_create(1024);
    f.req.arena = f.arena;
    f.req.method = "GET";
    f.req.raw_uri = "/api/v1/regions/x?limit=5";
    f.req.path = "/api/v1/regions/x";
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

/* The response body as JSON; freed with the arena. */
static json_t *body(struct fixture *f)
{
    json_error_t error;
    json_t *v = json_loadb(f->resp.body.data, f->resp.body.len, 0, &error);
    assert_non_null(v);
    lt_arena_on_reset(f->arena, decref, v);
    return v;
}

static const char *member(json_t *v, const char *key)
{
    return json_string_value(json_object_get(v, key));
}

static const char *header(const lt_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

static void carries_type_title_status_detail_instance_and_request_id(void **state)
{
    struct fixture *f = *state;
    int status = lt_problem(&f->resp, &f->req, LT_E_NOT_FOUND, "there is no region x", NULL);
    assert_int_equal(status, 404);
    assert_int_equal(f->resp.status, 404);
    assert_string_equal(f->resp.content_type, "application/problem+json");
    json_t *v = body(f);
    assert_string_equal(member(v, "type"), "urn:lotse:problem:not-found");
    assert_string_equal(member(v, "title"), "Not Found");
    assert_int_equal(json_integer_value(json_object_get(v, "status")), 404);
    assert_string_equal(member(v, "detail"), "there is no region x");
    assert_string_equal(member(v, "instance"), "/api/v1/regions/x");
    assert_string_equal(member(v, "request_id"), "0123456789abcdef0123456789abcdef");
    assert_null(json_object_get(v, "errors"));
    assert_int_equal(json_object_size(v), 6);
    /* Members in the order RFC 9457 lists them. */
    assert_non_null(strstr(f->resp.body.data, "{\"type\":"));
}

static void leaves_out_detail_and_errors_when_not_given(void **state)
{
    struct fixture *f = *state;
    lt_problem(&f->resp, &f->req, LT_E_BAD_REQUEST, NULL, NULL);
    json_t *v = body(f);
    assert_null(json_object_get(v, "detail"));
    assert_null(json_object_get(v, "errors"));
    assert_int_equal(json_object_size(v), 5);
}

static void includes_field_errors(void **state)
{
    struct fixture *f = *state;
    json_t *errors = json_pack("[{s:s, s:s}]", "field", "name", "message", "is required");
    assert_int_equal(lt_problem(&f->resp, &f->req, LT_E_VALIDATION, NULL, errors), 400);
    json_t *v = body(f);
    json_t *e = json_array_get(json_object_get(v, "errors"), 0);
    assert_string_equal(member(e, "field"), "name");
    assert_string_equal(member(e, "message"), "is required");
}

static void says_nothing_about_internal_errors(void **state)
{
    struct fixture *f = *state;
    json_t *errors = json_pack("[{s:s}]", "field", "x");
    assert_int_equal(lt_problem(&f->resp, &f->req, LT_E_INTERNAL,
                                "ERROR: relation \"lotse.secret\" does not exist", errors),
                     500);
    json_t *v = body(f);
    assert_string_equal(member(v, "type"), "urn:lotse:problem:internal");
    assert_null(json_object_get(v, "detail"));
    assert_null(json_object_get(v, "errors"));
    assert_null(strstr(f->resp.body.data, "relation"));
    assert_non_null(member(v, "request_id"));
}

static void advertises_retry_after_on_503(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(lt_problem(&f->resp, &f->req, LT_E_DB_UNAVAILABLE, NULL, NULL), 503);
    assert_string_equal(header(&f->resp, "Retry-After"), "5");

    lt_config cfg = {.retry_after = 30};
    lt_app app = {.cfg = &cfg};
    f->req.app = &app;
    lt_resp_init(&f->resp, f->arena);
    lt_problem(&f->resp, &f->req, LT_E_DB_UNAVAILABLE, NULL, NULL);
    assert_string_equal(header(&f->resp, "Retry-After"), "30");
    assert_int_equal(f->resp.nheaders, 1);
    f->req.app = NULL;

    lt_resp_init(&f->resp, f->arena);
    lt_problem(&f->resp, &f->req, LT_E_NOT_FOUND, NULL, NULL);
    assert_null(header(&f->resp, "Retry-After"));
}

static void keeps_headers_set_before_such_as_allow(void **state)
{
    struct fixture *f = *state;
    lt_resp_header(&f->resp, "Allow", "GET, HEAD, POST");
    assert_int_equal(lt_problem(&f->resp, &f->req, LT_E_METHOD_NOT_ALLOWED, NULL, NULL), 405);
    assert_string_equal(header(&f->resp, "Allow"), "GET, HEAD, POST");
    assert_string_equal(member(body(f), "type"), "urn:lotse:problem:method-not-allowed");
}

static void replaces_a_body_written_before(void **state)
{
    struct fixture *f = *state;
    lt_resp_json(&f->resp, 200, json_pack("{s:s}", "half", "written"));
    lt_problem(&f->resp, &f->req, LT_E_BAD_REQUEST, NULL, NULL);
    assert_null(strstr(f->resp.body.data, "half"));
    assert_int_equal(f->resp.status, 400);
}

static void truncates_the_instance_to_200_bytes_of_valid_utf8(void **state)
{
    struct fixture *f = *state;
    char path[600] = "/";
    for (int i = 0; i < 150; i++)
        strcat(path, "\xc3\xbc"); /* ü: byte 200 is the first half of the 100th */
    f->req.path = path;
    lt_problem(&f->resp, &f->req, LT_E_NOT_FOUND, NULL, NULL);
    const char *instance = member(body(f), "instance");
    assert_int_equal(strlen(instance), 199); /* "/" and 99 whole ü */
    assert_true(lt_utf8_valid(instance, strlen(instance)));
    assert_memory_equal(instance, path, strlen(instance));
}

static void uses_the_raw_path_when_the_uri_did_not_parse(void **state)
{
    struct fixture *f = *state;
    f->req.path = NULL;
    f->req.raw_uri = "/a%zz/b?secret=1";
    lt_problem(&f->resp, &f->req, LT_E_MALFORMED_URI, NULL, NULL);
    assert_string_equal(member(body(f), "instance"), "/a%zz/b");

    /* Invalid UTF-8 is never echoed: only the valid part before it. */
    lt_resp_init(&f->resp, f->arena);
    f->req.raw_uri = "/ok\xc0\xaf/rest";
    lt_problem(&f->resp, &f->req, LT_E_INVALID_UTF8, NULL, NULL);
    assert_string_equal(member(body(f), "instance"), "/ok");

    lt_resp_init(&f->resp, f->arena);
    f->req.raw_uri = NULL;
    lt_problem(&f->resp, &f->req, LT_E_MALFORMED_URI, NULL, NULL);
    assert_null(json_object_get(body(f), "instance"));
}

static void maps_every_error_to_a_status_slug_and_title(void **state)
{
    struct fixture *f = *state;
    for (int e = 0; e < LT_E__COUNT; e++) {
        int status = lt_error_status((lt_error)e);
        assert_true(status >= 400 && status <= 599);
        assert_non_null(lt_error_slug((lt_error)e));
        lt_resp_init(&f->resp, f->arena);
        assert_int_equal(lt_problem(&f->resp, &f->req, (lt_error)e, NULL, NULL), status);
        assert_non_null(member(body(f), "title"));
    }
    assert_int_equal(lt_error_status(LT_E_UNSUPPORTED_MEDIA), 415);
    assert_int_equal(lt_error_status(LT_E_BODY_TOO_LARGE), 413);
    assert_string_equal(lt_error_slug(LT_E_DB_UNAVAILABLE), "database-unavailable");
    assert_int_equal(lt_error_status(LT_E__COUNT), 500); /* out of range: a bug, not a crash */
}

static void serializes_json_compactly_and_survives_a_failed_pack(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(lt_resp_json(&f->resp, 201, json_pack("{s:i, s:[]}", "a", 1, "b")), 201);
    assert_string_equal(f->resp.body.data, "{\"a\":1,\"b\":[]}");
    assert_string_equal(f->resp.content_type, "application/json");
    assert_int_equal(lt_resp_json(&f->resp, 200, NULL), 500);
    assert_string_equal(f->resp.content_type, "application/problem+json");
}

static void fills_a_response_nobody_initialised(void **state)
{
    struct fixture *f = *state;
    lt_resp resp;
    memset(&resp, 0, sizeof resp);
    assert_int_equal(lt_problem(&resp, &f->req, LT_E_BAD_REQUEST, NULL, NULL), 400);
    assert_string_equal(resp.content_type, "application/problem+json");
    assert_non_null(strstr(resp.body.data, "urn:lotse:problem:bad-request"));
}

static void strips_line_breaks_from_response_headers(void **state)
{
    struct fixture *f = *state;
    lt_resp_header(&f->resp, "Location", "/x\r\nSet-Cookie: a=b");
    assert_string_equal(header(&f->resp, "Location"), "/x  Set-Cookie: a=b");
}

static void looks_up_request_headers_and_query_parameters(void **state)
{
    struct fixture *f = *state;
    static const lt_pair headers[] = {{"if-match", "\"3\""}, {"idempotency-key", "k"}};
    lt_pair query[] = {{"limit", "5"}};
    f->req.headers = headers;
    f->req.nheaders = 2;
    f->req.query = query;
    f->req.nquery = 1;
    assert_string_equal(lt_req_header(&f->req, "idempotency-key"), "k");
    assert_null(lt_req_header(&f->req, "cookie"));
    assert_string_equal(lt_req_query(&f->req, "limit"), "5");
    assert_null(lt_req_query(&f->req, "after"));
    assert_null(lt_req_param(&f->req, "slug"));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(carries_type_title_status_detail_instance_and_request_id),
        T(leaves_out_detail_and_errors_when_not_given),
        T(includes_field_errors),
        T(says_nothing_about_internal_errors),
        T(advertises_retry_after_on_503),
        T(keeps_headers_set_before_such_as_allow),
        T(replaces_a_body_written_before),
        T(truncates_the_instance_to_200_bytes_of_valid_utf8),
        T(uses_the_raw_path_when_the_uri_did_not_parse),
        T(maps_every_error_to_a_status_slug_and_title),
        T(serializes_json_compactly_and_survives_a_failed_pack),
        T(fills_a_response_nobody_initialised),
        T(strips_line_breaks_from_response_headers),
        T(looks_up_request_headers_and_query_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
