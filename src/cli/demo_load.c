/*
 * demo_load.c - finding, loading and removing the demo records (see
 * demo_data.h), inside the transaction of src/cli/demo_data.c.
 *
 * Loading: PostgreSQL refuses COPY FROM into a table with row-level security
 * (every tenant table forces it, on its owner too), and switching it off for
 * the load would be a hole however short. So each table's rows are copied
 * into a temporary table without policies, in batches, and moved from there
 * with INSERT ... SELECT: every row then passes the product table's checks,
 * triggers and policies like any other write, at close to COPY's speed.
 *
 * Removing: a demo record is one whose id is in the demo range (demo.h). What
 * belongs to a demo record goes with it (its notices, cost split, links,
 * reads); a record that is not demo data but refers to one (an inquiry logged
 * by hand for a demo company, say) stops the removal, as deleting or changing
 * it would touch data that is not the demo's.
 */
#include "demo_data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCH_ROWS 50000

PGresult *lt_cli_demo_sql(PGconn *conn, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    fprintf(stderr, "lotse demo-data: database: %s", PQresultErrorMessage(r));
    PQclear(r);
    return NULL;
}

PGresult *lt_cli_demo_sqlf(PGconn *conn, const char *fmt, ...)
{
    char sql[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof sql)
        abort(); /* the statements are constants: a bug, not input */
    return lt_cli_demo_sql(conn, sql, 0, NULL);
}

bool lt_cli_demo_sql_do(PGconn *conn, const char *sql)
{
    PGresult *r = lt_cli_demo_sql(conn, sql, 0, NULL);
    PQclear(r);
    return r != NULL;
}

int lt_cli_demo_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("lotse demo-data: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
    return 1;
}

/* An SQL condition true exactly for the table's demo rows. */
static void demo_rows(char *out, lt_demo_table t)
{
    switch (t) {
    case LT_DEMO_BULLETIN_READS:
        lt_demo_id_sql(out, "bulletin_id");
        break;
    case LT_DEMO_INQUIRY_OBSTACLES:
        lt_demo_id_sql(out, "inquiry_id");
        break;
    case LT_DEMO_COST_SPLITS:
        lt_demo_id_sql(out, "activity_id");
        break;
    case LT_DEMO_PROCESS_VERSIONS:
        lt_cli_demo_process_sql(out, "process_versions");
        break;
    case LT_DEMO_PROCESS_FEEDBACK: /* it has no id; its author is the demo's */
        lt_demo_id_sql(out, "updated_by");
        break;
    default:
        lt_demo_id_sql(out, "id");
    }
}

bool lt_cli_demo_count(PGconn *conn, demo_census *census)
{
    memset(census, 0, sizeof *census);
    for (int t = 0; t < LT_DEMO_TABLES; t++) {
        char demo[LT_CLI_DEMO_SQL_MAX];
        PGresult *r;
        if (t == LT_DEMO_MEASURE_STATUS) {
            /* a seeded measure the demo changed: its last note is the demo's */
            char measure[LT_DEMO_ID_SQL_MAX];
            lt_demo_id_sql(demo, "p.id");
            lt_demo_id_sql(measure, "m.id");
            r = lt_cli_demo_sqlf(
                conn,
                "SELECT count(*) FROM lotse.measures m WHERE NOT %s"
                " AND m.updated_at = (SELECT max(p.created_at) FROM lotse.measure_progress p"
                " WHERE p.region_id = m.region_id AND p.measure_id = m.id AND %s)",
                measure, demo);
        } else {
            demo_rows(demo, (lt_demo_table)t);
            r = lt_cli_demo_sqlf(conn, "SELECT count(*) FROM lotse.%s WHERE %s",
                                 lt_demo_table_name((lt_demo_table)t), demo);
        }
        if (!r)
            return false;
        census->rows[t] = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
        census->total += census->rows[t];
        PQclear(r);
    }
    return true;
}

/* ------------------------------------------------------------ removing */

bool lt_cli_demo_remove(PGconn *conn, demo_census *removed)
{
    char id[LT_DEMO_ID_SQL_MAX], company[LT_DEMO_ID_SQL_MAX], offer[LT_DEMO_ID_SQL_MAX],
        inquiry[LT_DEMO_ID_SQL_MAX], obstacle[LT_DEMO_ID_SQL_MAX], activity[LT_DEMO_ID_SQL_MAX],
        contact[LT_DEMO_ID_SQL_MAX], measure[LT_DEMO_ID_SQL_MAX];
    lt_demo_id_sql(id, "id");
    lt_demo_id_sql(company, "company_id");
    lt_demo_id_sql(offer, "offer_id");
    lt_demo_id_sql(inquiry, "inquiry_id");
    lt_demo_id_sql(obstacle, "obstacle_id");
    lt_demo_id_sql(activity, "activity_id");
    lt_demo_id_sql(contact, "contact_id");

    PGresult *refs = lt_cli_demo_sqlf(
        conn,
        "SELECT (SELECT count(*) FROM lotse.inquiries WHERE NOT %s AND (%s OR %s)),"
        "       (SELECT count(*) FROM lotse.inquiry_obstacles WHERE NOT %s AND %s),"
        "       (SELECT count(*) FROM lotse.participants WHERE NOT %s AND %s),"
        "       (SELECT count(*) FROM lotse.offers WHERE NOT %s AND %s)",
        id, company, offer, inquiry, obstacle, id, activity, id, contact);
    if (!refs)
        return false;
    static const char *const what[] = {
        "inquiries name a demo company or offer", "inquiries are linked to a demo obstacle",
        "participants are on a demo activity", "offers name a demo contact"};
    lt_cli_demo_blocker blockers[16];
    int n = 0;
    for (int i = 0; i < 4; i++)
        if (strcmp(PQgetvalue(refs, 0, i), "0") != 0)
            blockers[n++] =
                (lt_cli_demo_blocker){strtoll(PQgetvalue(refs, 0, i), NULL, 10), what[i]};
    PQclear(refs);
    int more = lt_cli_demo_library_blockers(conn, blockers + n, 16 - n);
    if (more < 0)
        return false;
    n += more;
    if (n > 0) {
        lt_cli_demo_fail("refusing to remove the demo data: records that are not demo data "
                         "refer to it:");
        for (int i = 0; i < n; i++)
            fprintf(stderr, "  %lld %s\n", blockers[i].count, blockers[i].what);
        fprintf(stderr, "change or delete those records first; nothing was removed\n");
        return false;
    }

    if (!lt_cli_demo_count(conn, removed) || !lt_cli_demo_library_remove(conn))
        return false;
    lt_demo_id_sql(id, "p.id");
    lt_demo_id_sql(measure, "m.id");
    /* Seeded measures back to planned, unless changed since the demo set them
     * (a change moves updated_at past the demo's last note). */
    PGresult *r = lt_cli_demo_sqlf(
        conn,
        "UPDATE lotse.measures m SET status = 'planned', version = m.version + 1,"
        " updated_at = now() WHERE NOT %s"
        " AND m.updated_at = (SELECT max(p.created_at) FROM lotse.measure_progress p"
        " WHERE p.region_id = m.region_id AND p.measure_id = m.id AND %s)",
        measure, id);
    if (!r)
        return false;
    PQclear(r);
    lt_demo_id_sql(id, "id");
    /* children first, so no cascade has to look for them row by row */
    static const char *const order[][2] = {
        {"participants", "id"},
        {"activity_cost_splits", "activity_id"},
        {"activity_notices", "activity_id"},
        {"activities", "id"},
        {"inquiry_obstacles", "inquiry_id"},
        {"inquiries", "id"},
        {"companies", "id"},
        {"obstacles", "id"},
        {"offers", "id"},
        {"contacts", "id"},
        {"measure_progress", "id"},
        {"measures", "id"},
        {"bulletin_reads", "bulletin_id"},
        {"bulletins", "id"},
    };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        char demo[LT_DEMO_ID_SQL_MAX];
        lt_demo_id_sql(demo, order[i][1]);
        if (!(r = lt_cli_demo_sqlf(conn, "DELETE FROM lotse.%s WHERE %s", order[i][0], demo)))
            return false;
        PQclear(r);
    }
    return true;
}

/* ------------------------------------------------------------ loading */

typedef struct loader {
    PGconn *conn;
    lt_demo_table table;
    long batch; /* rows copied since the last move */
    bool in_copy;
    bool failed;
} loader;

static bool copy_start(loader *l)
{
    char sql[1024];
    snprintf(sql, sizeof sql, "COPY pg_temp.demo_%s (%s) FROM STDIN", lt_demo_table_name(l->table),
             lt_demo_table_columns(l->table));
    PGresult *r = PQexec(l->conn, sql);
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    if (!ok)
        fprintf(stderr, "lotse demo-data: database: %s", PQresultErrorMessage(r));
    PQclear(r);
    l->in_copy = ok;
    return ok;
}

static bool copy_end(loader *l)
{
    bool ok = PQputCopyEnd(l->conn, NULL) == 1;
    PGresult *r;
    while ((r = PQgetResult(l->conn))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            fprintf(stderr, "lotse demo-data: database: %s", PQresultErrorMessage(r));
            ok = false;
        }
        PQclear(r);
    }
    l->in_copy = false;
    return ok;
}

/* The copied rows into the product table, through its rules. */
static bool move(loader *l)
{
    const char *name = lt_demo_table_name(l->table), *cols = lt_demo_table_columns(l->table);
    PGresult *r =
        lt_cli_demo_sqlf(l->conn, "INSERT INTO lotse.%s (%s) SELECT %s FROM pg_temp.demo_%s", name,
                         cols, cols, name);
    PQclear(r);
    if (r && (r = lt_cli_demo_sqlf(l->conn, "TRUNCATE pg_temp.demo_%s", name)))
        PQclear(r);
    l->batch = 0;
    return r != NULL;
}

/* Statistics of the table as loaded, before the next table's foreign keys are
 * checked against it: planned on the statistics of an empty table, the check
 * of each row against a table of a million can scan all of a region's rows
 * (it did: scale 100 took hours instead of minutes). ANALYZE in a transaction
 * counts the transaction's own rows; its statistics commit with them. */
static bool analyze(PGconn *conn, lt_demo_table t)
{
    PGresult *r = lt_cli_demo_sqlf(conn, "ANALYZE lotse.%s", lt_demo_table_name(t));
    PQclear(r);
    return r != NULL;
}

static bool emit(void *ctx, const char *bytes, size_t len, long rows)
{
    loader *l = ctx;
    if (PQputCopyData(l->conn, bytes, (int)len) != 1) {
        fprintf(stderr, "lotse demo-data: database: %s", PQerrorMessage(l->conn));
        l->failed = true;
        return false;
    }
    l->batch += rows;
    /* the statuses and process versions are applied as a whole, not moved */
    if (l->batch >= BATCH_ROWS && l->table != LT_DEMO_MEASURE_STATUS &&
        l->table != LT_DEMO_PROCESS_VERSIONS && !(copy_end(l) && move(l) && copy_start(l))) {
        l->failed = true;
        return false;
    }
    return true;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The tables of the process library, loaded as FAI staff and leadership. */
static bool library_table(lt_demo_table t)
{
    return t >= LT_DEMO_PROCESS_VERSIONS && t <= LT_DEMO_PROCESS_REVIEWS;
}

/* The columns the rows are written in, of the same types, without constraints. */
static bool create_temp(PGconn *conn, lt_demo_table t)
{
    const char *name = lt_demo_table_name(t);
    PGresult *r;
    if (t == LT_DEMO_MEASURE_STATUS)
        r = lt_cli_demo_sqlf(conn,
                             "CREATE TEMP TABLE demo_measure_status (region_id smallint, id uuid,"
                             " status text, updated_at timestamptz) ON COMMIT DROP");
    else if (t == LT_DEMO_PROCESS_VERSIONS)
        r = lt_cli_demo_sqlf(
            conn, "CREATE TEMP TABLE demo_process_versions (region_id smallint, key text,"
                  " version integer, record jsonb, created_by uuid, created_at timestamptz,"
                  " submitted_at timestamptz, approved_at timestamptz,"
                  " deactivated_at timestamptz, updated_at timestamptz) ON COMMIT DROP");
    else
        r = lt_cli_demo_sqlf(conn,
                             "CREATE TEMP TABLE demo_%s ON COMMIT DROP AS SELECT %s FROM lotse.%s"
                             " WITH NO DATA",
                             name, lt_demo_table_columns(t), name);
    PQclear(r);
    return r != NULL;
}

bool lt_cli_demo_load(PGconn *conn, lt_demo *plan, demo_census *loaded)
{
    memset(loaded, 0, sizeof *loaded);
    for (int t = 0; t < LT_DEMO_TABLES; t++)
        if (!create_temp(conn, (lt_demo_table)t))
            return false;
    for (int t = 0; t < LT_DEMO_TABLES; t++) {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        loader l = {.conn = conn, .table = (lt_demo_table)t};
        if (library_table(l.table) && !lt_cli_demo_as_fai(conn, true))
            return false;
        if (!copy_start(&l))
            return false;
        long long rows = lt_demo_write(plan, l.table, emit, &l);
        if (l.in_copy && !copy_end(&l))
            return false;
        if (rows < 0 || l.failed)
            return false;
        if (l.table == LT_DEMO_PROCESS_VERSIONS) {
            if (!lt_cli_demo_library_apply(conn) || !analyze(conn, l.table))
                return false;
        } else if (l.table != LT_DEMO_MEASURE_STATUS && !(move(&l) && analyze(conn, l.table))) {
            return false;
        }
        if (library_table(l.table) && !lt_cli_demo_as_fai(conn, false))
            return false;
        loaded->rows[t] = rows;
        loaded->total += rows;
        printf("  %-22s %10lld rows %8.2f s\n", lt_demo_table_name(l.table), rows,
               seconds_since(&t0));
        fflush(stdout);
    }
    /* the seeded measures: only those still as the migration left them */
    PGresult *r = lt_cli_demo_sqlf(conn, "UPDATE lotse.measures m SET status = s.status,"
                                         " updated_at = s.updated_at, version = m.version + 1"
                                         " FROM pg_temp.demo_measure_status s"
                                         " WHERE m.region_id = s.region_id AND m.id = s.id"
                                         " AND m.status = 'planned'");
    if (!r)
        return false;
    loaded->rows[LT_DEMO_MEASURE_STATUS] = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return true;
}

bool lt_cli_demo_rebuild_rollups(PGconn *conn, bool *rebuilt)
{
    *rebuilt = false;
    PGresult *r =
        lt_cli_demo_sql(conn,
                        "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                        " WHERE n.nspname = 'lotse' AND p.proname = 'rebuild_rollups'"
                        " AND p.pronargs = 0",
                        0, NULL);
    if (!r)
        return false;
    bool exists = PQntuples(r) > 0;
    PQclear(r);
    if (!exists)
        return true;
    if (!lt_cli_demo_sql_do(conn, "SELECT set_config('lotse.rollups_paused', '', true)") ||
        !lt_cli_demo_sql_do(conn, "SELECT lotse.rebuild_rollups()"))
        return false;
    *rebuilt = true;
    return true;
}
