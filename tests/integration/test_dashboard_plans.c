/*
 * test_dashboard_plans.c - no dashboard reads the inquiries table by a
 * sequential scan: with thousands of inquiries loaded (the triggers paused for
 * the bulk load, then lotse.rebuild_rollups(), as a bulk loader does) and the
 * statistics current, every statement of every dashboard, of the members'
 * view of the other regions and of the policy report is explained as the
 * application role, for FAI leadership and for a member, and run: its plan has
 * no "Seq Scan" on lotse.inquiries, and the transaction's table statistics
 * count no sequential scan of it (which covers the statements inside the
 * database functions too).
 */
#include "harness.h"
#include "lotse/dashboard.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define FROM "2013-01-01"
#define TO   "2013-12-31"

static PGconn *owner;

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', lotse.every_region(), false),"
                     " set_config('lotse.write_region_ids', lotse.every_region(), false)");
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static const char *scalar(const char *sql)
{
    return lt_arena_strdup(th_group_arena, th_scalar(owner, sql));
}

/* Thousands of inquiries of 2013 with companies, topics, countries and obstacles,
 * loaded with the triggers paused and counted by a rebuild. */
static void loads_in_bulk_then_rebuilds(void **state)
{
    (void)state;
    const char *before = scalar("SELECT coalesce(sum(n), 0) FROM lotse.dash_inquiry_facts"
                                " WHERE dim = 'total' AND month BETWEEN '" FROM "' AND '" TO "'");
    th_scalar(owner, "SET lotse.rollups_paused = 'on'; SELECT 1");
    th_scalar(owner,
              "INSERT INTO lotse.companies (region_id, name, size_class, sector)"
              " SELECT g.id, 'Plan ' || n, (ARRAY['micro','small','medium','large'])[1 + n % 4],"
              " chr(65 + n % 21) FROM lotse.regions g, generate_series(1, 60) n"
              " WHERE g.id <= 8 RETURNING 1");
    th_scalar(owner, "INSERT INTO lotse.obstacles (region_id, title, category, description,"
                     " severity, policy_proposal) SELECT g.id, 'Plan', c, 'Plan', 'high',"
                     " 'Plan proposal' FROM lotse.regions g, unnest(ARRAY['housing', 'costs',"
                     " 'childcare']) c WHERE g.id <= 8 RETURNING 1");
    th_scalar(owner,
              "INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by,"
              " company_id, topics, target_countries)"
              " SELECT c.region_id, DATE '" FROM "' + (n * 29 + abs(hashtext(c.id::text)) % 31)"
              " % 365, 'email', CASE WHEN n % 3 = 0 THEN 'fai' ELSE 'region' END,"
              " c.id, ARRAY[(ARRAY['recognition','language','housing'])[1 + n % 3]],"
              " ARRAY[(ARRAY['IN','PH','TR','VN'])[1 + n % 4]]"
              " FROM lotse.companies c, generate_series(1, 12) n"
              " WHERE c.name LIKE 'Plan %' RETURNING 1");
    th_scalar(owner, "INSERT INTO lotse.inquiry_obstacles SELECT i.region_id, i.id, o.id"
                     " FROM lotse.inquiries i JOIN lotse.obstacles o ON o.region_id = i.region_id"
                     " AND o.title = 'Plan' WHERE i.received_on BETWEEN '" FROM "' AND '" TO "'"
                     " AND (hashtext(i.id::text || o.id::text) % 4) = 0 RETURNING 1");
    th_scalar(owner, "RESET lotse.rollups_paused; SELECT 1");
    const char *loaded = scalar("SELECT count(*) FROM lotse.inquiries"
                                " WHERE received_on BETWEEN '" FROM "' AND '" TO "'");
    assert_true(atoi(loaded) >= 5000);
    /* paused: the rollups did not follow ... */
    assert_string_equal(scalar("SELECT coalesce(sum(n), 0) FROM lotse.dash_inquiry_facts"
                               " WHERE dim = 'total' AND month BETWEEN '" FROM "' AND '" TO "'"),
                        before);
    /* ... until the rebuild */
    th_scalar(owner, "SELECT lotse.rebuild_rollups()");
    assert_string_equal(scalar("SELECT sum(n) FROM lotse.dash_inquiry_facts"
                               " WHERE dim = 'total' AND month BETWEEN '" FROM "' AND '" TO "'"),
                        loaded);
    th_scalar(owner, "ANALYZE lotse.inquiries; ANALYZE lotse.inquiry_obstacles;"
                     " ANALYZE lotse.companies; ANALYZE lotse.obstacles;"
                     " ANALYZE lotse.dash_inquiry_facts; ANALYZE lotse.dash_company_counts;"
                     " SELECT 1");
}

/* True when a plan (FORMAT JSON, any depth) scans lotse.inquiries sequentially. */
static bool seq_scan_on_inquiries(json_t *node)
{
    if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) if (seq_scan_on_inquiries(v)) return true;
        return false;
    }
    if (!json_is_object(node))
        return false;
    const char *type = json_string_value(json_object_get(node, "Node Type"));
    const char *rel = json_string_value(json_object_get(node, "Relation Name"));
    if (type && rel && strcmp(type, "Seq Scan") == 0 && strcmp(rel, "inquiries") == 0)
        return true;
    const char *key;
    json_t *v;
    json_object_foreach(node, key, v) if (seq_scan_on_inquiries(v)) return true;
    return false;
}

static PGresult *exec(const char *sql, int n, const char *const *params)
{
    static const Oid text[] = {25, 25, 25};
    PGresult *r = PQexecParams(owner, sql, n, text, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    return r;
}

/* Explains and runs sql as the application role with the caller's settings. */
static void check(const char *sql, int n, const char *const *params, const char *roles,
                  const char *regions)
{
    PQclear(exec("BEGIN", 0, NULL));
    const char *who[] = {roles, regions};
    PQclear(exec("SELECT set_config('lotse.roles', $1, true),"
                 " set_config('lotse.region_ids', $2, true),"
                 " set_config('lotse.write_region_ids', '', true)",
                 2, who));
    PQclear(exec("SET LOCAL ROLE lotse_app", 0, NULL));
    PGresult *r = exec(lt_arena_printf(th_group_arena, "EXPLAIN (FORMAT JSON) %s", sql), n, params);
    json_error_t e;
    json_t *plan = json_loads(PQgetvalue(r, 0, 0), 0, &e);
    PQclear(r);
    if (!plan)
        fail_msg("no plan: %s", e.text);
    bool seq = seq_scan_on_inquiries(plan);
    json_decref(plan);
    if (seq)
        fail_msg("as %s %s, a sequential scan of lotse.inquiries: %s", roles, regions, sql);
    /* the backend's pending counts may hold earlier transactions' too: the difference */
    static const char scans[] = "SELECT coalesce((SELECT seq_scan FROM pg_stat_xact_user_tables"
                                " WHERE relid = 'lotse.inquiries'::regclass), 0)";
    r = exec(scans, 0, NULL);
    long before = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQclear(exec(sql, n, params));
    r = exec(scans, 0, NULL);
    bool scanned = atol(PQgetvalue(r, 0, 0)) != before;
    PQclear(r);
    PQclear(exec("ROLLBACK", 0, NULL));
    if (scanned)
        fail_msg("as %s %s, running it scanned lotse.inquiries: %s", roles, regions, sql);
}

static void no_dashboard_scans_the_inquiries_table(void **state)
{
    (void)state;
    const char *all = scalar("SELECT lotse.every_region()");
    const char *const *lists[] = {
        lt_dash_inquiries_sql, lt_dash_activities_sql, lt_dash_measures_sql, lt_dash_obstacles_sql,
        lt_dash_bulletins_sql, lt_dash_agreements_sql, lt_dash_library_sql};
    int checked = 0;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (const char *const *sql = lists[l]; *sql; sql++) {
            const char *fai[] = {all, FROM, TO}, *member[] = {"{1}", FROM, TO};
            check(*sql, 3, fai, "fai_lead", "");
            check(*sql, 3, member, "", "{1}");
            checked++;
        }
    static const char *const sources[] = {"inquiries",       "inquiry_months",  "obstacles",
                                          "obstacle_months", "companies",       "activities",
                                          "activity_months", "notices",         "measures",
                                          "agreements",      "amendment_events"};
    for (size_t s = 0; s < sizeof sources / sizeof sources[0]; s++) {
        const char *params[] = {sources[s], FROM, TO};
        check(lt_dash_others_sql, 3, params, "", "{1}");
        checked++;
    }
    const char *range[] = {FROM, TO};
    check(lt_dash_report_sql[0], 2, range, "fai_staff", "");
    check(lt_dash_report_sql[0], 2, range, "fai_lead", "");
    assert_true(checked >= 20);
    /* the check is not vacuous: a statement that does scan is caught */
    const char *p[] = {FROM};
    PQclear(exec("BEGIN", 0, NULL));
    PQclear(exec("SELECT set_config('lotse.region_ids', lotse.every_region(), true)", 0, NULL));
    PGresult *r = exec("EXPLAIN (FORMAT JSON) SELECT count(*) FROM lotse.inquiries"
                       " WHERE notes <> $1",
                       1, p);
    json_t *plan = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
    PQclear(r);
    r = exec("SELECT coalesce((SELECT seq_scan FROM pg_stat_xact_user_tables"
             " WHERE relid = 'lotse.inquiries'::regclass), 0)",
             0, NULL);
    long before = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQclear(exec("SELECT count(*) FROM lotse.inquiries WHERE notes <> $1", 1, p));
    r = exec("SELECT coalesce((SELECT seq_scan FROM pg_stat_xact_user_tables"
             " WHERE relid = 'lotse.inquiries'::regclass), 0)",
             0, NULL);
    long after = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    PQclear(exec("ROLLBACK", 0, NULL));
    assert_true(seq_scan_on_inquiries(plan));
    assert_true(after > before);
    json_decref(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_in_bulk_then_rebuilds),
        cmocka_unit_test(no_dashboard_scans_the_inquiries_table),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
