/*
 * test_pipeline.c - the request pipeline in-process: routing, limits, the
 * transaction around a handler and what a database failure looks like.
 */
#include "harness.h"
#include "lotse/api.h"
#include "lotse/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The group's app and arena, made by th_setup (harness.h). */
#define app   th_group_app
#define arena th_group_arena

static void expect_problem(lt_resp *resp, int status)
{
    assert_int_equal(resp->status, status);
    assert_string_equal(resp->content_type, "application/problem+json");
    json_t *p = th_json(arena, resp);
    assert_int_equal(json_integer_value(json_object_get(p, "status")), status);
    assert_non_null(json_string_value(json_object_get(p, "type")));
    assert_non_null(json_string_value(json_object_get(p, "request_id")));
    /* nothing of the machinery leaks into an error */
    assert_null(strstr(resp->body.data, "SELECT"));
    assert_null(strstr(resp->body.data, "PostgreSQL"));
}

static void wrong_method_is_405_with_allow(void **state)
{
    (void)state;
    lt_resp resp;
    th_request(app, arena, &resp, "DELETE", "/api/v1/regions", NULL, NULL);
    expect_problem(&resp, 405);
    assert_string_equal(th_header(&resp, "Allow"), "GET, HEAD");
}

static void unknown_route_is_404(void **state)
{
    (void)state;
    lt_resp resp;
    th_request(app, arena, &resp, "GET", "/api/v1/nothing-here", NULL, NULL);
    expect_problem(&resp, 404);
    th_request(app, arena, &resp, "GET", "/api/v1/regions/", NULL, NULL);
    expect_problem(&resp, 404);
}

static void malformed_uri_is_400(void **state)
{
    (void)state;
    const char *bad[] = {"/api/v1/regions/%G1", "/api/v1/regions/%C0%AF", "/api/v1/regions/a%00b",
                         "/api/v1/regions?x=%zz", "nopath"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_resp resp;
        th_request(app, arena, &resp, "GET", bad[i], NULL, NULL);
        expect_problem(&resp, 400);
    }
}

static void oversized_body_is_413(void **state)
{
    (void)state;
    size_t n = app->cfg->max_body + 1;
    char *big = lt_arena_alloc(arena, n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    lt_resp resp;
    th_request(app, arena, &resp, "POST", "/api/v1/regions/lookup", "application/json", big);
    expect_problem(&resp, 413);
}

static void healthz_and_readyz_answer_ok(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(th_request(app, arena, &resp, "GET", "/healthz", NULL, NULL), 200);
    assert_int_equal(th_request(app, arena, &resp, "GET", "/readyz", NULL, NULL), 200);
    json_t *ok = th_json(arena, &resp);
    assert_string_equal(json_string_value(json_object_get(ok, "database")), "ok");
}

static void unreachable_database_is_503_with_retry_after(void **state)
{
    (void)state;
    lt_app *down = th_app("host=/nonexistent-lotse-socket-dir dbname=lotse user=lotse_app");
    lt_resp resp;
    th_request(down, arena, &resp, "GET", "/api/v1/regions/meo", NULL, NULL);
    expect_problem(&resp, 503);
    assert_non_null(th_header(&resp, "Retry-After"));
    th_request(down, arena, &resp, "GET", "/readyz", NULL, NULL);
    expect_problem(&resp, 503);
    /* liveness does not depend on the database */
    assert_int_equal(th_request(down, arena, &resp, "GET", "/healthz", NULL, NULL), 200);
    th_app_destroy(down);
}

static void survives_a_killed_database_connection(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(th_request(app, arena, &resp, "GET", "/readyz", NULL, NULL), 200);
    PGconn *owner = th_owner();
    /* The owner may end sessions of roles it is a member of; tools/up grants that. */
    const char *ended = th_scalar(owner, "SELECT count(*) FROM pg_stat_activity a,"
                                         " pg_terminate_backend(a.pid) t"
                                         " WHERE a.usename = 'lotse_app' AND t");
    PQfinish(owner);
    assert_string_not_equal(ended, "0");
    /* The first statement of a transaction is retried on a fresh connection. */
    assert_int_equal(th_request(app, arena, &resp, "GET", "/api/v1/regions/meo", NULL, NULL), 200);
}

static void failed_commit_is_not_reported_as_success(void **state)
{
    (void)state;
    lt_db *db = app->db;
    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    assert_int_equal(lt_db_exec(db, arena, NULL,
                                "CREATE TEMP TABLE deferred_check (id int UNIQUE"
                                " DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP",
                                0, NULL),
                     LT_DB_OK);
    assert_int_equal(
        lt_db_exec(db, arena, NULL, "INSERT INTO deferred_check VALUES (1), (1)", 0, NULL),
        LT_DB_OK);
    assert_int_equal(lt_db_commit(db), LT_DB_ERROR);
    assert_string_equal(lt_db_sqlstate(db), "23505");
    assert_false(lt_db_in_tx(db));
}

static void failed_statement_makes_the_transaction_fail(void **state)
{
    (void)state;
    lt_db *db = app->db;
    lt_db_begin(db);
    assert_int_equal(lt_db_exec(db, arena, NULL, "SELECT 1/0", 0, NULL), LT_DB_ERROR);
    assert_string_equal(lt_db_sqlstate(db), "22012");
    /* COMMIT of an aborted transaction is a rollback, and is reported as a failure */
    assert_int_not_equal(lt_db_commit(db), LT_DB_OK);
    lt_db_rollback(db);
    lt_resp resp;
    assert_int_equal(th_request(app, arena, &resp, "GET", "/api/v1/regions/meo", NULL, NULL), 200);
}

static void one_read_route_refuses_a_second_statement(void **state)
{
    (void)state;
    lt_db *db = app->db;
    lt_db_begin_single(db);
    assert_int_equal(lt_db_exec(db, arena, NULL, "SELECT 1", 0, NULL), LT_DB_OK);
    assert_false(lt_db_in_tx(db)); /* the statement was its own transaction */
    assert_int_equal(lt_db_exec(db, arena, NULL, "SELECT 2", 0, NULL), LT_DB_ERROR);
    assert_string_equal(lt_db_sqlstate(db), "LT001");
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    /* the next request starts afresh */
    lt_db_begin(db);
    assert_int_equal(lt_db_exec(db, arena, NULL, "SELECT 1", 0, NULL), LT_DB_OK);
    assert_true(lt_db_in_tx(db));
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
}

static void the_served_route_table_passes_its_check(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(lt_router_check(lt_api_routes, lt_api_nroutes, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrong_method_is_405_with_allow),
        cmocka_unit_test(unknown_route_is_404),
        cmocka_unit_test(malformed_uri_is_400),
        cmocka_unit_test(oversized_body_is_413),
        cmocka_unit_test(healthz_and_readyz_answer_ok),
        cmocka_unit_test(unreachable_database_is_503_with_retry_after),
        cmocka_unit_test(survives_a_killed_database_connection),
        cmocka_unit_test(failed_commit_is_not_reported_as_success),
        cmocka_unit_test(failed_statement_makes_the_transaction_fail),
        cmocka_unit_test(one_read_route_refuses_a_second_statement),
        cmocka_unit_test(the_served_route_table_passes_its_check),
    };
    return cmocka_run_group_tests(tests, th_setup, th_teardown);
}
