/*
 * test_idempotency_key.c - what the Idempotency-Key machinery decides before it
 * asks the database (src/http/idempotency.c), and which routes may carry
 * LT_ROUTE_IDEMPOTENT (src/http/router.c). The database part is in
 * tests/integration/test_idempotency.c.
 */
#include "lotse/access.h"
#include "lotse/idempotency.h"
#include "lotse/router.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static int handler(lt_req *req, lt_resp *resp)
{
    (void)req;
    (void)resp;
    return 201;
}

static void only_a_signed_in_post_may_be_idempotent(void **state)
{
    (void)state;
    char err[200];
    const lt_route post[] = {{"POST", "/api/v1/regions/{region}/measures", handler,
                              LT_ACT_REGION_WRITE, LT_ROUTE_JSON_BODY | LT_ROUTE_IDEMPOTENT, NULL}};
    const lt_route put[] = {{"PUT", "/api/v1/regions/{region}/measures", handler,
                             LT_ACT_REGION_WRITE, LT_ROUTE_IDEMPOTENT, NULL}};
    const lt_route public_post[] = {
        {"POST", "/api/v1/things", handler, LT_ACT_PUBLIC, LT_ROUTE_IDEMPOTENT, NULL}};
    assert_int_equal(lt_router_check(post, 1, err, sizeof err), 0);
    assert_int_equal(lt_router_check(put, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "idempotent"));
    assert_int_equal(lt_router_check(public_post, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "idempotent"));
}

struct fixture {
    lt_arena *arena;
    lt_req req;
    lt_resp resp;
    lt_identity who;
    lt_pair header;
};

static int setup(void **state)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    f.arena = lt_arena_create(1024);
    f.req.arena = f.arena;
    f.req.method = "POST";
    f.req.raw_uri = "/api/v1/regions/meo/measures";
    f.req.path = f.req.raw_uri;
    f.req.request_id = "0123456789abcdef0123456789abcdef";
    f.req.who = &f.who; /* no app: a test that reaches the database crashes */
    f.who.user_id = "00000000-0000-0000-0000-000000000001";
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

static int begin(struct fixture *f, const char *key, lt_idem *idem)
{
    lt_resp_init(&f->resp, f->arena);
    f->header = (lt_pair){"idempotency-key", key};
    f->req.headers = &f->header;
    f->req.nheaders = key ? 1 : 0;
    memset(idem, 0, sizeof *idem);
    return lt_idem_begin(&f->req, &f->resp, idem);
}

static void a_request_without_the_header_takes_no_part(void **state)
{
    struct fixture *f = *state;
    lt_idem idem;
    assert_int_equal(begin(f, NULL, &idem), 0);
    assert_null(idem.key);
    /* and finish then leaves the answer alone */
    assert_int_equal(lt_idem_finish(&f->req, &f->resp, &idem, 201), 201);
}

static void an_anonymous_caller_takes_no_part(void **state)
{
    struct fixture *f = *state;
    f->who.user_id = NULL;
    lt_idem idem;
    assert_int_equal(begin(f, "abc", &idem), 0);
    assert_null(idem.key);
    assert_int_equal(begin(f, "", &idem), 0); /* not even judged */
}

static void refuses_a_malformed_key_naming_the_header(void **state)
{
    struct fixture *f = *state;
    char long_key[LT_IDEM_KEY_MAX + 2];
    memset(long_key, 'k', sizeof long_key - 1);
    long_key[sizeof long_key - 1] = '\0';
    const char *bad[] = {"", "tab\there", "line\nbreak", "caf\xc3\xa9", "del\x7f", long_key};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_idem idem;
        if (begin(f, bad[i], &idem) != 400)
            fail_msg("Idempotency-Key %zu was not refused", i);
        assert_null(idem.key);
        assert_non_null(strstr(f->resp.body.data, "Idempotency-Key"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_a_signed_in_post_may_be_idempotent),
        cmocka_unit_test_setup_teardown(a_request_without_the_header_takes_no_part, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_anonymous_caller_takes_no_part, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_malformed_key_naming_the_header, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
