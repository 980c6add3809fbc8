/*
 * test_migrate.c - `lotse migrate` semantics against the fixture's database,
 * which tools/up has already migrated: a second run changes nothing, a changed
 * file is refused, and a failing migration leaves no trace.
 */
#include "harness.h"
#include "lotse/migrate.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static char sql_dir[4096];

static int setup(void **state)
{
    (void)state;
    const char *root = getenv("LOTSE_ROOT");
    if (!root)
        return -1;
    snprintf(sql_dir, sizeof sql_dir, "%s/sql", root);
    return 0;
}

/* A temporary copy of sql/ that a test may change. */
static char *copy_of_sql(void)
{
    static char dir[] = "/tmp/lotse-migrate-XXXXXX";
    strcpy(dir + strlen(dir) - 6, "XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "cp '%s'/*.sql '%s'/", sql_dir, dir);
    assert_int_equal(system(cmd), 0);
    return dir;
}

static void remove_dir(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void second_run_applies_nothing(void **state)
{
    (void)state;
    PGconn *c = th_owner();
    char err[512];
    assert_int_equal(lt_migrate(c, sql_dir, NULL, err, sizeof err), 0);
    assert_string_equal(th_scalar(c, "SELECT count(*) FROM lotse.regions"), "16");
    PQfinish(c);
}

static void refuses_a_migration_changed_after_it_was_applied(void **state)
{
    (void)state;
    char *dir = copy_of_sql();
    char path[4200];
    snprintf(path, sizeof path, "%s/0001_schema.sql", dir);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("\n-- an edit after the fact\n", f);
    fclose(f);
    PGconn *c = th_owner();
    char err[512] = "";
    assert_int_equal(lt_migrate(c, dir, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "0001_schema.sql was changed"));
    PQfinish(c);
    remove_dir(dir);
}

static void failing_migration_leaves_no_trace(void **state)
{
    (void)state;
    char *dir = copy_of_sql();
    char path[4200];
    snprintf(path, sizeof path, "%s/9990_broken.sql", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("CREATE TABLE lotse.half_written (x int);\nSELECT 1/0;\n", f);
    fclose(f);
    PGconn *c = th_owner();
    char err[512] = "";
    assert_int_equal(lt_migrate(c, dir, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "9990_broken.sql"));
    assert_string_equal(th_scalar(c, "SELECT to_regclass('lotse.half_written') IS NULL"), "t");
    assert_string_equal(
        th_scalar(c, "SELECT count(*) FROM lotse.schema_migrations WHERE version = 9990"), "0");
    PQfinish(c);
    remove_dir(dir);
}

static void app_role_cannot_bypass_rls_or_own_tables(void **state)
{
    (void)state;
    PGconn *c = th_owner();
    assert_string_equal(th_scalar(c, "SELECT rolsuper OR rolbypassrls OR rolcreaterole"
                                     " FROM pg_roles WHERE rolname = 'lotse_app'"),
                        "f");
    assert_string_equal(th_scalar(c, "SELECT count(*) FROM pg_tables WHERE tableowner ="
                                     " 'lotse_app'"),
                        "0");
    PQfinish(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(second_run_applies_nothing),
        cmocka_unit_test(refuses_a_migration_changed_after_it_was_applied),
        cmocka_unit_test(failing_migration_leaves_no_trace),
        cmocka_unit_test(app_role_cannot_bypass_rls_or_own_tables),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
