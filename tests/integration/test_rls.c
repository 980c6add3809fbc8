/*
 * test_rls.c - row-level security through the real lt_db as lotse_app: the
 * settings lt_db_set_identity sends bind even an unfiltered SELECT, and they end
 * with the transaction, so the next request on the same connection starts as no
 * one. Uses lotse.audit_log (append-only: the rows stay; every assertion filters
 * on this process's action name).
 */
#include "harness.h"
#include "lotse/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define REGION_A  "1"
#define REGION_B  "2"
#define SOME_USER "6f1c1f4e-2d3b-4c5a-9e8f-0a1b2c3d4e5f"

static lt_db *db;
static lt_arena *arena;
static char action[64]; /* "test_rls-<pid>": this run's audit rows */

/* Two rows for region A, two for B, one without a region, written by the owner
 * (its INSERT policy is WITH CHECK (true)). */
static int setup(void **state)
{
    (void)state;
    snprintf(action, sizeof action, "test_rls-%ld", (long)getpid());
    PGconn *owner = th_owner();
    const char *params[1] = {action};
    PGresult *r = PQexecParams(owner,
                               "INSERT INTO lotse.audit_log (region_id, action, entity)"
                               " SELECT r, $1, 'test_rls' FROM (VALUES (" REGION_A "), (" REGION_A
                               "), (" REGION_B "), (" REGION_B "), (NULL)) v(r)",
                               1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("inserting audit rows as the owner: %s", PQresultErrorMessage(r));
    assert_string_equal(PQcmdTuples(r), "5");
    PQclear(r);
    PQfinish(owner);
    const char *conninfo = getenv("LOTSE_TEST_DATABASE");
    if (!conninfo || !*conninfo)
        fail_msg("LOTSE_TEST_DATABASE is not set: run the integration tests through ctest");
    db = lt_db_create(conninfo);
    arena = lt_arena_create(4096);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lt_db_rollback(db);
    lt_db_destroy(db);
    lt_arena_destroy(arena);
    return 0;
}

/* Runs sql (no parameters) in the open transaction; fails the test unless it worked. */
static PGresult *query(const char *sql)
{
    PGresult *r = NULL;
    lt_db_status st = lt_db_exec(db, arena, &r, sql, 0, NULL);
    if (st != LT_DB_OK)
        fail_msg("%s: status %d, SQLSTATE %s", sql, (int)st, lt_db_sqlstate(db));
    return r;
}

static const char *scalar(const char *sql)
{
    PGresult *r = query(sql);
    assert_int_equal(PQntuples(r), 1);
    assert_false(PQgetisnull(r, 0, 0));
    return PQgetvalue(r, 0, 0);
}

/* The forgotten WHERE: `SELECT ... FROM lotse.audit_log` with nothing but RLS to
 * filter. Counts this run's rows per region (index 0: no region) and returns the
 * number of rows of any run. Every row seen must be in one of the allowed regions
 * (a comma-separated list of region ids, "null" for rows without a region), unless
 * allowed is NULL (an administrator: other tests write rows of any region). */
static int unfiltered(const char *allowed, int counts[3])
{
    PGresult *r = query("SELECT region_id, action FROM lotse.audit_log");
    char list[64];
    snprintf(list, sizeof list, ",%s,", allowed ? allowed : "");
    counts[0] = counts[1] = counts[2] = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        char key[32];
        snprintf(key, sizeof key, ",%s,", PQgetisnull(r, i, 0) ? "null" : PQgetvalue(r, i, 0));
        if (allowed && !strstr(list, key))
            fail_msg("row %d of the audit log has region %s; the caller may see only %s", i, key,
                     allowed);
        if (strcmp(PQgetvalue(r, i, 1), action) != 0)
            continue;
        if (PQgetisnull(r, i, 0))
            counts[0]++;
        else if (strcmp(PQgetvalue(r, i, 0), REGION_A) == 0)
            counts[1]++;
        else if (strcmp(PQgetvalue(r, i, 0), REGION_B) == 0)
            counts[2]++;
    }
    return PQntuples(r);
}

static void assert_no_identity_settings(void)
{
    /* After a transaction-local setting ends, current_setting(..., true) is '' (not NULL). */
    PGresult *r = query("SELECT current_setting('lotse.user_id', true),"
                        " current_setting('lotse.roles', true),"
                        " current_setting('lotse.region_ids', true),"
                        " current_setting('lotse.write_region_ids', true)");
    assert_int_equal(PQntuples(r), 1);
    for (int i = 0; i < 4; i++)
        assert_string_equal(PQgetvalue(r, 0, i), "");
}

static void coordinator_sees_only_their_region_and_nothing_leaks(void **state)
{
    (void)state;
    int counts[3];
    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    lt_db_set_identity(db, SOME_USER, "", "{" REGION_A "}", "{" REGION_A "}");
    unfiltered(REGION_A, counts);
    assert_int_equal(counts[1], 2); /* both rows of region A */
    assert_int_equal(counts[2], 0);
    assert_int_equal(counts[0], 0); /* rows without a region are for admins only */
    assert_string_equal(scalar("SELECT current_setting('lotse.region_ids', true)"),
                        "{" REGION_A "}");
    char pid[32];
    snprintf(pid, sizeof pid, "%s", scalar("SELECT pg_backend_pid()::text"));
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    lt_arena_reset(arena);

    /* The next request on the same connection, before any identity is set. */
    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    assert_string_equal(scalar("SELECT pg_backend_pid()::text"), pid);
    assert_int_equal(unfiltered("", counts), 0);
    assert_no_identity_settings();
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    lt_arena_reset(arena);

    /* A single-statement request (no BEGIN) sees nothing either. */
    assert_int_equal(lt_db_begin_single(db), LT_DB_OK);
    PGresult *r = query("SELECT count(*) FROM lotse.audit_log");
    assert_string_equal(PQgetvalue(r, 0, 0), "0");
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    lt_arena_reset(arena);
}

static void settings_end_with_a_rolled_back_transaction(void **state)
{
    (void)state;
    int counts[3];
    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    lt_db_set_identity(db, SOME_USER, "admin", "{" REGION_B "}", "{" REGION_B "}");
    assert_true(unfiltered(NULL, counts) >= 5);
    assert_int_equal(lt_db_exec(db, arena, NULL, "SELECT 1/0", 0, NULL), LT_DB_ERROR);
    lt_db_rollback(db);
    lt_arena_reset(arena);

    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    assert_int_equal(unfiltered("", counts), 0);
    assert_no_identity_settings();
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    lt_arena_reset(arena);
}

static void admin_sees_every_region(void **state)
{
    (void)state;
    int counts[3];
    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    lt_db_set_identity(db, SOME_USER, "admin", "", "");
    unfiltered(NULL, counts);
    assert_int_equal(counts[1], 2);
    assert_int_equal(counts[2], 2);
    assert_int_equal(counts[0], 1);
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    lt_arena_reset(arena);
}

static void coordinator_of_the_other_region_sees_only_that_one(void **state)
{
    (void)state;
    int counts[3];
    assert_int_equal(lt_db_begin(db), LT_DB_OK);
    /* reads both regions, coordinates only B: the audit log follows write regions */
    lt_db_set_identity(db, SOME_USER, "fai_lead", "{" REGION_A "," REGION_B "}", "{" REGION_B "}");
    unfiltered(REGION_B, counts);
    assert_int_equal(counts[2], 2);
    assert_int_equal(counts[1] + counts[0], 0);
    assert_int_equal(lt_db_commit(db), LT_DB_OK);
    lt_arena_reset(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(coordinator_sees_only_their_region_and_nothing_leaks),
        cmocka_unit_test(settings_end_with_a_rolled_back_transaction),
        cmocka_unit_test(admin_sees_every_region),
        cmocka_unit_test(coordinator_of_the_other_region_sees_only_that_one),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
