/* test_router.c - matching method and path against a route table (src/http/router.c). */
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
    return 200;
}

static const lt_route routes[] = {
    {"GET", "/", handler, LT_ACT_PUBLIC, 0, NULL},
    {"GET", "/healthz", handler, LT_ACT_PUBLIC, 0, NULL},
    {"GET", "/api/v1/regions", handler, LT_ACT_PUBLIC, 0, NULL},
    {"POST", "/api/v1/regions", handler, LT_ACT_PUBLIC, 0, NULL},
    {"GET", "/api/v1/regions/{slug}", handler, LT_ACT_PUBLIC, 0, NULL},
    {"PUT", "/api/v1/regions/{slug}", handler, LT_ACT_PUBLIC, 0, NULL},
    {"GET", "/api/v1/regions/{slug}/notices/{id}", handler, LT_ACT_PUBLIC, 0, NULL},
    {"DELETE", "/api/v1/regions/{slug}/notices/{id}", handler, LT_ACT_PUBLIC, 0, NULL},
    {"GET", "/api/v1/regions/{slug}/notices/{id}", handler, LT_ACT_PUBLIC, 0,
     NULL}, /* shadowed: first wins */
    {"POST", "/api/v1/regions/mine", handler, LT_ACT_PUBLIC, 0, NULL},
};
static const size_t nroutes = sizeof routes / sizeof routes[0];

struct result {
    lt_match m;
    const lt_route *route;
    lt_pair *params;
    size_t nparams;
    const char *allow;
};

static struct result route(lt_arena *a, const char *method, const char *path)
{
    struct result r;
    r.m = lt_router_match(a, routes, nroutes, method, path, &r.route, &r.params, &r.nparams,
                          &r.allow);
    return r;
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

static void matches_literal_routes(void **state)
{
    struct result r = route(*state, "GET", "/healthz");
    assert_int_equal(r.m, LT_MATCH_FOUND);
    assert_ptr_equal(r.route, &routes[1]);
    assert_int_equal(r.nparams, 0);
    assert_null(r.params);
    assert_ptr_equal(route(*state, "GET", "/").route, &routes[0]);
    assert_ptr_equal(route(*state, "POST", "/api/v1/regions").route, &routes[3]);
}

static void binds_parameters_to_one_segment_each(void **state)
{
    struct result r = route(*state, "DELETE", "/api/v1/regions/münster/notices/42");
    assert_int_equal(r.m, LT_MATCH_FOUND);
    assert_ptr_equal(r.route, &routes[7]);
    assert_int_equal(r.nparams, 2);
    assert_string_equal(r.params[0].name, "slug");
    assert_string_equal(r.params[0].value, "münster");
    assert_string_equal(r.params[1].name, "id");
    assert_string_equal(r.params[1].value, "42");

    lt_req req = {.params = r.params, .nparams = r.nparams};
    assert_string_equal(lt_req_param(&req, "id"), "42");
    assert_null(lt_req_param(&req, "other"));
}

static void takes_the_first_matching_route_in_table_order(void **state)
{
    /* "mine" is also a {slug}: the earlier parameter route wins for GET... */
    assert_ptr_equal(route(*state, "GET", "/api/v1/regions/mine").route, &routes[4]);
    /* ...and the literal route is still reached by its own method. */
    assert_ptr_equal(route(*state, "POST", "/api/v1/regions/mine").route, &routes[9]);
    assert_ptr_equal(route(*state, "GET", "/api/v1/regions/a/notices/1").route, &routes[6]);
}

static void refuses_empty_parameter_segments(void **state)
{
    assert_int_equal(route(*state, "GET", "/api/v1/regions//notices/1").m, LT_MATCH_NOT_FOUND);
    /* "/api/v1/regions/" is not "/api/v1/regions" and has no slug either. */
    assert_int_equal(route(*state, "GET", "/api/v1/regions/").m, LT_MATCH_NOT_FOUND);
}

static void does_not_fold_trailing_slashes_or_match_prefixes(void **state)
{
    assert_int_equal(route(*state, "GET", "/healthz/").m, LT_MATCH_NOT_FOUND);
    assert_int_equal(route(*state, "GET", "/healthz/x").m, LT_MATCH_NOT_FOUND);
    assert_int_equal(route(*state, "GET", "/health").m, LT_MATCH_NOT_FOUND);
    assert_int_equal(route(*state, "GET", "/healthzz").m, LT_MATCH_NOT_FOUND);
    assert_int_equal(route(*state, "GET", "//healthz").m, LT_MATCH_NOT_FOUND);
    assert_int_equal(route(*state, "GET", "/api/v1/regions/a/notices").m, LT_MATCH_NOT_FOUND);
    assert_int_equal(route(*state, "GET", "").m, LT_MATCH_NOT_FOUND);
}

static void answers_head_with_the_get_route(void **state)
{
    struct result r = route(*state, "HEAD", "/api/v1/regions/x");
    assert_int_equal(r.m, LT_MATCH_FOUND);
    assert_ptr_equal(r.route, &routes[4]);
    assert_string_equal(r.params[0].value, "x");
}

static void distinguishes_unknown_path_from_unknown_method(void **state)
{
    struct result r = route(*state, "GET", "/nowhere");
    assert_int_equal(r.m, LT_MATCH_NOT_FOUND);
    assert_null(r.allow);

    r = route(*state, "DELETE", "/api/v1/regions");
    assert_int_equal(r.m, LT_MATCH_METHOD_NOT_ALLOWED);
    assert_null(r.route);
    assert_string_equal(r.allow, "GET, HEAD, POST");

    r = route(*state, "POST", "/api/v1/regions/a/notices/7");
    assert_int_equal(r.m, LT_MATCH_METHOD_NOT_ALLOWED);
    assert_string_equal(r.allow, "GET, HEAD, DELETE"); /* the shadowed GET is not repeated */

    r = route(*state, "GET", "/api/v1/regions/mine"); /* found, see table order */
    assert_int_equal(r.m, LT_MATCH_FOUND);
    r = route(*state, "DELETE", "/api/v1/regions/mine");
    assert_string_equal(r.allow, "GET, HEAD, PUT, POST");

    r = route(*state, "HEAD", "/api/v1/regions/mine/x");
    assert_int_equal(r.m, LT_MATCH_NOT_FOUND);
}

static void does_not_allocate_when_nothing_matches(void **state)
{
    size_t before = lt_arena_used(*state);
    for (int i = 0; i < 100; i++) {
        assert_int_equal(route(*state, "GET", "/api/v1/nothing/here").m, LT_MATCH_NOT_FOUND);
        assert_int_equal(route(*state, "GET", "/healthz").m, LT_MATCH_FOUND);
    }
    assert_int_equal(lt_arena_used(*state), before);
}

static void refuses_a_route_table_with_an_undeclared_or_inconsistent_action(void **state)
{
    (void)state;
    char err[256];
    const lt_route none[] = {{"GET", "/api/v1/x", handler, LT_ACT_NONE, 0, NULL}};
    assert_int_equal(lt_router_check(none, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "GET /api/v1/x declares no action"));
    const lt_route no_region[] = {{"GET", "/api/v1/x", handler, LT_ACT_REGION_READ, 0, NULL}};
    assert_int_equal(lt_router_check(no_region, 1, err, sizeof err), -1);
    const lt_route stray_region[] = {
        {"GET", "/api/v1/regions/{region}/x", handler, LT_ACT_SIGNED_IN, 0, NULL}};
    assert_int_equal(lt_router_check(stray_region, 1, err, sizeof err), -1);
    const lt_route private_one_read[] = {
        {"GET", "/api/v1/me", handler, LT_ACT_SIGNED_IN, LT_ROUTE_ONE_READ, NULL}};
    assert_int_equal(lt_router_check(private_one_read, 1, err, sizeof err), -1);
    const lt_route fine[] = {
        {"GET", "/api/v1/regions/{region}/x", handler, LT_ACT_REGION_READ, 0, NULL},
        {"GET", "/healthz", handler, LT_ACT_PUBLIC, LT_ROUTE_NO_DB, NULL}};
    assert_int_equal(lt_router_check(fine, 2, err, sizeof err), 0);
}

static void refuses_a_replica_route_that_could_write(void **state)
{
    (void)state;
    char err[256];
    const lt_route post[] = {{"POST", "/api/v1/library/processes", handler, LT_ACT_LIBRARY_AUTHOR,
                              LT_ROUTE_REPLICA, NULL}};
    assert_int_equal(lt_router_check(post, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "POST /api/v1/library/processes may read from the replica"));
    const lt_route put[] = {{"PUT", "/api/v1/regions/{region}/x", handler, LT_ACT_REGION_WRITE,
                             LT_ROUTE_REPLICA, NULL}};
    assert_int_equal(lt_router_check(put, 1, err, sizeof err), -1);
    /* reading participants or a data subject's records is audited: a write */
    const lt_route audited[] = {{"GET", "/api/v1/regions/{region}/activities/{id}/participants",
                                 handler, LT_ACT_PARTICIPANTS_READ, LT_ROUTE_REPLICA, NULL}};
    assert_int_equal(lt_router_check(audited, 1, err, sizeof err), -1);
    /* without a transaction there is nothing to move to the replica */
    const lt_route one_read[] = {
        {"GET", "/api/v1/x", handler, LT_ACT_PUBLIC, LT_ROUTE_ONE_READ | LT_ROUTE_REPLICA, NULL}};
    assert_int_equal(lt_router_check(one_read, 1, err, sizeof err), -1);
    const lt_route no_db[] = {
        {"GET", "/api/v1/x", handler, LT_ACT_PUBLIC, LT_ROUTE_NO_DB | LT_ROUTE_REPLICA, NULL}};
    assert_int_equal(lt_router_check(no_db, 1, err, sizeof err), -1);
    const lt_route fine[] = {
        {"GET", "/api/v1/library/processes", handler, LT_ACT_LIBRARY_READ, LT_ROUTE_REPLICA, NULL},
        {"GET", "/api/v1/regions/{region}/x", handler, LT_ACT_REGION_READ, LT_ROUTE_REPLICA, NULL}};
    assert_int_equal(lt_router_check(fine, 2, err, sizeof err), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(matches_literal_routes),
        T(binds_parameters_to_one_segment_each),
        T(takes_the_first_matching_route_in_table_order),
        T(refuses_empty_parameter_segments),
        T(does_not_fold_trailing_slashes_or_match_prefixes),
        T(answers_head_with_the_get_route),
        T(distinguishes_unknown_path_from_unknown_method),
        T(does_not_allocate_when_nothing_matches),
        cmocka_unit_test(refuses_a_route_table_with_an_undeclared_or_inconsistent_action),
        cmocka_unit_test(refuses_a_replica_route_that_could_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
