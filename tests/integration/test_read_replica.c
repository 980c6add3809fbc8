/*
 * test_read_replica.c - routes flagged LT_ROUTE_REPLICA (the library search and
 * the adoption network) in-process: where they read, under whose identity,
 * that their session still refreshes on the primary, and that a replica that
 * cannot be reached costs no answer.
 *
 * The "replica" here is the fixture's own database under a second connection
 * string: it is not in recovery, so its lag is 0. A real hot standby, with
 * replication paused and stopped, is tests/e2e/test_read_replica.sh.
 */
#include "harness.h"
#include "lotse/db.h"
#include "lotse/metrics.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define arena th_group_arena

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE], user_id[TH_UUID_SIZE];

/* An app whose read_database is replica (NULL: none); freed by th_app_destroy. */
static lt_app *app_with_replica(const char *replica)
{
    lt_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    lt_config_defaults(cfg);
    free(cfg->database);
    free(cfg->read_database);
    cfg->database = strdup(getenv("LOTSE_TEST_DATABASE"));
    cfg->read_database = strdup(replica ? replica : "");
    return lt_app_create(cfg);
}

/* The fixture's database as a replica, under an application_name of its own (per
 * call) so that its connections can be told from the primary's and earlier apps'. */
static const char *replica_conninfo(void)
{
    static int calls;
    return lt_arena_printf(arena, "%s application_name=replica-test-%d-%d",
                           getenv("LOTSE_TEST_DATABASE"), (int)getpid(), ++calls);
}

static double metric(const char *series)
{
    lt_buf b;
    lt_buf_init(&b, arena);
    lt_metrics_render(&b);
    const char *p = strstr(b.data, lt_arena_printf(arena, "\n%s ", series));
    assert_non_null(p);
    return strtod(p + strlen(series) + 2, NULL);
}

static int get(lt_app *app, lt_resp *resp, const char *uri)
{
    return th_request_as(app, arena, resp, "GET", uri, NULL, token, csrf);
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "replica", NULL, NULL, NULL, token, csrf, user_id);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void reads_from_the_replica_under_the_callers_identity(void **state)
{
    (void)state;
    lt_app *app = app_with_replica(replica_conninfo());
    double reads = metric("lotse_replica_reads_total");
    lt_resp resp;
    assert_int_equal(get(app, &resp, "/api/v1/library/processes?limit=100"), 200);
    assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "replica");
    assert_string_equal(th_header(&resp, "X-Lotse-Replica-Lag-Ms"), "0"); /* not in recovery */
    /* Row-level security shows published processes to signed-in callers only: the
     * seeded ones are there, so the identity reached the replica's transaction. */
    assert_non_null(strstr(resp.body.data, "\"ankommen-familiennachzug\""));
    assert_true(metric("lotse_replica_reads_total") == reads + 1);

    assert_int_equal(get(app, &resp, "/api/v1/library/adoptions"), 200);
    assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "replica");
    assert_non_null(strstr(resp.body.data, "\"nodes\""));

    /* the CSV export streams from the same transaction */
    assert_int_equal(get(app, &resp, "/api/v1/library/processes?format=csv"), 200);
    assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "replica");
    assert_non_null(strstr(resp.body.data, "ankommen-familiennachzug"));

    /* an unflagged route reads the primary and says nothing about it */
    assert_int_equal(get(app, &resp, "/api/v1/library/processes/ankommen-familiennachzug"), 200);
    assert_null(th_header(&resp, "X-Lotse-Read-From"));
    th_app_destroy(app);
}

static void authorizes_on_the_primary_first(void **state)
{
    (void)state;
    lt_app *app = app_with_replica(replica_conninfo());
    lt_resp resp;
    /* no session: refused before anything is read, from anywhere */
    th_request_as(app, arena, &resp, "GET", "/api/v1/library/processes", NULL, NULL, NULL);
    assert_int_equal(resp.status, 401);
    assert_null(th_header(&resp, "X-Lotse-Read-From"));
    /* bad input is the handler's answer, and still a 400 naming the field */
    assert_int_equal(get(app, &resp, "/api/v1/library/processes?phase=nonsense"), 400);
    assert_non_null(strstr(resp.body.data, "\"phase\""));

    /* The session's idle clock moves on the primary (a hot standby cannot write it). */
    const char *params[] = {user_id};
    th_value(owner, arena,
             "UPDATE lotse.sessions SET last_seen_at = now() - interval '10 minutes'"
             " WHERE user_id = $1 RETURNING 1",
             1, params);
    assert_int_equal(get(app, &resp, "/api/v1/library/adoptions"), 200);
    assert_string_equal(th_value(owner, arena,
                                 "SELECT bool_and(last_seen_at > now() - interval '1 minute')"
                                 " FROM lotse.sessions WHERE user_id = $1",
                                 1, params),
                        "t");
    th_app_destroy(app);
}

static void an_unreachable_replica_is_answered_by_the_primary(void **state)
{
    (void)state;
    lt_app *app = app_with_replica("host=/nonexistent/lotse-replica dbname=lotse user=lotse_app");
    double fallbacks = metric("lotse_replica_fallbacks_total");
    double reads = metric("lotse_replica_reads_total");
    lt_resp resp;
    for (int i = 0; i < 3; i++) { /* the first tries to connect, the next ones wait for it */
        assert_int_equal(get(app, &resp, "/api/v1/library/processes"), 200);
        assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "primary");
        assert_null(th_header(&resp, "X-Lotse-Replica-Lag-Ms"));
        assert_non_null(strstr(resp.body.data, "\"ankommen-familiennachzug\""));
    }
    assert_true(app->replica_failing);
    assert_true(metric("lotse_replica_fallbacks_total") == fallbacks + 3);
    assert_true(metric("lotse_replica_reads_total") == reads);
    th_app_destroy(app);
}

static void a_replica_connection_that_broke_is_made_again(void **state)
{
    (void)state;
    const char *conninfo = replica_conninfo();
    lt_app *app = app_with_replica(conninfo);
    lt_resp resp;
    assert_int_equal(get(app, &resp, "/api/v1/library/adoptions"), 200);
    assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "replica");
    const char *name = strstr(conninfo, "application_name=") + strlen("application_name=");
    const char *params[] = {name};
    assert_string_equal(th_value(owner, arena,
                                 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                 " WHERE application_name = $1",
                                 1, params),
                        "1");
    /* the broken link shows on the first statement, which is retried on a new one */
    assert_int_equal(get(app, &resp, "/api/v1/library/adoptions"), 200);
    assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "replica");
    assert_false(app->replica_failing);
    th_app_destroy(app);
}

static void without_a_replica_flagged_routes_read_the_primary(void **state)
{
    (void)state;
    double fallbacks = metric("lotse_replica_fallbacks_total");
    lt_resp resp;
    assert_int_equal(get(th_group_app, &resp, "/api/v1/library/processes"), 200);
    assert_string_equal(th_header(&resp, "X-Lotse-Read-From"), "primary");
    assert_null(th_header(&resp, "X-Lotse-Replica-Lag-Ms"));
    assert_true(metric("lotse_replica_fallbacks_total") == fallbacks); /* nothing fell back */
}

/* What keeps a flagged handler from writing, on a primary as on a standby. */
static void a_read_only_transaction_refuses_writes(void **state)
{
    (void)state;
    lt_db *db = th_group_app->primary;
    lt_db_begin_read_only(db);
    assert_int_equal(lt_db_exec(db, arena, NULL,
                                "UPDATE lotse.sessions SET last_seen_at = last_seen_at WHERE false",
                                0, NULL),
                     LT_DB_ERROR);
    assert_string_equal(lt_db_sqlstate(db), "25006");
    lt_db_rollback(db);
    lt_db_begin(db); /* and the next transaction may write again */
    assert_int_equal(lt_db_exec(db, arena, NULL,
                                "UPDATE lotse.sessions SET last_seen_at = last_seen_at WHERE false",
                                0, NULL),
                     LT_DB_OK);
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_from_the_replica_under_the_callers_identity),
        cmocka_unit_test(authorizes_on_the_primary_first),
        cmocka_unit_test(an_unreachable_replica_is_answered_by_the_primary),
        cmocka_unit_test(a_replica_connection_that_broke_is_made_again),
        cmocka_unit_test(without_a_replica_flagged_routes_read_the_primary),
        cmocka_unit_test(a_read_only_transaction_refuses_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
