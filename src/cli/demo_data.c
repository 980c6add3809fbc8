/*
 * demo_data.c - `lotse demo-data`: fills every region with synthetic,
 * reproducible records (src/demo/, docs/demo-data.md), removes them again,
 * or says whether there are any.
 *
 * Everything happens in one transaction of the owner connection, under an
 * advisory lock (two loads at once would both find no demo data), with the
 * region settings of row-level security widened to every region for that
 * transaction only, as the migrations do. A failure leaves nothing behind.
 *
 * The default last day is a fixed date, so two loads with the same arguments
 * give the same records on any day; tools/up --demo passes today instead.
 */
#include "demo_data.h"
#include "lotse/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define USAGE                                                                                      \
    "usage: lotse demo-data --scale N [--seed S] [--until YYYY-MM-DD] [--replace]\n"               \
    "       lotse demo-data --remove | --status\n"                                                 \
    "  --scale N   1 is about one year of 2,000 inquiries per region (32,000 in all);\n"           \
    "              fractions for tests (0.02); up to 1000; above 1 also more years\n"              \
    "              (3 at 10, 5 at 100)\n"                                                          \
    "  --seed S    0 to 2^64-1 (default 1); the same seed, scale and last day give\n"              \
    "              the same records\n"                                                             \
    "  --until D   the last day of the data (default " DEFAULT_UNTIL ", the end of the\n"          \
    "              agreements' first year); not after today\n"                                     \
    "  --replace   remove the demo records present, then load\n"                                   \
    "  --remove    remove the demo records and load nothing\n"                                     \
    "  --status    count the demo records present\n"

#define DEFAULT_UNTIL "2026-09-30"
/* pg_advisory_xact_lock key of this command: "lotsedem" */
#define LOCK_KEY "7813591917482239341"

typedef struct demo_args {
    double scale;
    unsigned long long seed;
    const char *until;
    bool replace, remove, status, scale_given;
} demo_args;

static int usage_error(const char *message, const char *what)
{
    fprintf(stderr, "lotse demo-data: %s%s%s\n%s", message, what ? " " : "", what ? what : "",
            USAGE);
    return 2;
}

static int parse(int argc, char **argv, demo_args *a)
{
    *a = (demo_args){.seed = 1, .until = DEFAULT_UNTIL};
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i];
        bool takes = strcmp(opt, "--scale") == 0 || strcmp(opt, "--seed") == 0 ||
                     strcmp(opt, "--until") == 0;
        if (takes && i + 1 >= argc)
            return usage_error("a value is missing after", opt);
        const char *value = takes ? argv[++i] : NULL;
        char *end = NULL;
        errno = 0;
        if (strcmp(opt, "--scale") == 0) {
            a->scale = strtod(value, &end);
            if (errno || end == value || *end || !isfinite(a->scale) || a->scale <= 0 ||
                a->scale > LT_DEMO_SCALE_MAX)
                return usage_error("--scale must be a number above 0 and at most 1000, not", value);
            a->scale_given = true;
        } else if (strcmp(opt, "--seed") == 0) {
            a->seed = strtoull(value, &end, 10);
            if (errno || end == value || *end || value[0] == '-' || value[0] == '+')
                return usage_error("--seed must be a whole number from 0 to 2^64-1, not", value);
        } else if (strcmp(opt, "--until") == 0) {
            a->until = value;
        } else if (strcmp(opt, "--replace") == 0) {
            a->replace = true;
        } else if (strcmp(opt, "--remove") == 0) {
            a->remove = true;
        } else if (strcmp(opt, "--status") == 0) {
            a->status = true;
        } else {
            return usage_error("unknown argument", opt);
        }
    }
    int32_t day;
    if (!lt_demo_parse_date(a->until, &day) || strcmp(a->until, "2000-01-01") < 0)
        return usage_error("--until must be a date YYYY-MM-DD from 2000-01-01 on, not", a->until);
    if (a->replace && !a->scale_given)
        return usage_error("--replace goes with --scale", NULL);
    if (a->remove + a->status + a->scale_given != 1)
        return usage_error("give exactly one of --scale N, --remove and --status", NULL);
    return 0;
}

/* The database is migrated (regions and the tables the demo fills exist) and
 * has regions; the caller's transaction sees every region from here on, and
 * acts in no role but where the library needs FAI staff (demo_library.c). */
static bool check_database(PGconn *conn)
{
    /* a table of every migration the demo writes into, the last one last */
    PGresult *r = lt_cli_demo_sql(conn,
                                  "SELECT t FROM unnest(ARRAY['lotse.regions',"
                                  " 'lotse.participants', 'lotse.process_versions']) t"
                                  " WHERE to_regclass(t) IS NULL LIMIT 1",
                                  0, NULL);
    if (!r)
        return false;
    bool migrated = PQntuples(r) == 0;
    if (!migrated)
        lt_cli_demo_fail("the database is not migrated (%s is missing): run lotse migrate first",
                         PQgetvalue(r, 0, 0));
    PQclear(r);
    if (!migrated)
        return false;
    r = lt_cli_demo_sql(
        conn,
        "SELECT count(*), set_config('lotse.region_ids', every, true),"
        "       set_config('lotse.write_region_ids', every, true),"
        "       set_config('lotse.roles', '', true), set_config('lotse.user_id', '', true)"
        "  FROM (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' AS every"
        "          FROM lotse.regions) s, lotse.regions GROUP BY every",
        0, NULL);
    if (!r)
        return false;
    bool any = PQntuples(r) > 0;
    PQclear(r);
    if (!any)
        lt_cli_demo_fail("the database has no regions (lotse.regions is empty): run lotse migrate, "
                         "whose sql/0002 adds them");
    return any;
}

static void print_census(const char *lead, const demo_census *c)
{
    printf("%s", lead);
    const char *sep = "";
    for (int t = 0; t < LT_DEMO_TABLES; t++) {
        if (c->rows[t] == 0)
            continue;
        printf("%s%s %lld", sep,
               t == LT_DEMO_MEASURE_STATUS ? "seeded measures changed"
                                           : lt_demo_table_name((lt_demo_table)t),
               c->rows[t]);
        sep = ", ";
    }
    printf("\n");
}

static bool audit(PGconn *conn, const char *action, const char *what)
{
    const char *p[] = {action, what};
    PGresult *r = lt_cli_demo_sql(conn,
                                  "INSERT INTO lotse.audit_log (region_id, user_id, action, entity,"
                                  " entity_id) VALUES (NULL, NULL, $1, 'demo_data', $2)",
                                  2, p);
    PQclear(r);
    return r != NULL;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "3,7" into ids (at most cap of them); how many. */
static size_t parse_ids(const char *text, int *ids, size_t cap)
{
    size_t n = 0;
    for (const char *p = text; *p && n < cap;) {
        char *end;
        long id = strtol(p, &end, 10);
        if (end == p)
            break;
        ids[n++] = (int)id;
        p = *end == ',' ? end + 1 : end;
    }
    return n;
}

/* Reads the regions, their untouched seeded measures and the FAI's published
 * processes, plans and loads. */
static bool load(PGconn *conn, const demo_args *a, demo_census *loaded, int32_t *first)
{
    int32_t until;
    lt_demo_parse_date(a->until, &until);
    const char *p[] = {a->until};
    PGresult *today = lt_cli_demo_sql(
        conn, "SELECT $1::date <= (now() AT TIME ZONE 'Europe/Berlin')::date", 1, p);
    if (!today)
        return false;
    bool past = PQgetvalue(today, 0, 0)[0] == 't';
    PQclear(today);
    if (!past) {
        lt_cli_demo_fail("--until %s is in the future: an inquiry cannot be received after today",
                         a->until);
        return false;
    }

    bool ok = false;
    lt_demo *plan = NULL;
    lt_demo_region *regions = NULL;
    const char **areas = NULL;
    lt_demo_measure *measures = NULL;
    lt_demo_library *library = NULL;
    const char **taken_keys = NULL;
    int *ids = NULL;
    PGresult *lr = NULL, *tr = NULL;
    PGresult *rr =
        lt_cli_demo_sql(conn, "SELECT id, slug, name FROM lotse.regions ORDER BY id", 0, NULL);
    PGresult *ar = lt_cli_demo_sql(conn,
                                   "SELECT r.id, a.area FROM lotse.regions r"
                                   " CROSS JOIN LATERAL unnest(r.areas) WITH ORDINALITY a(area, n)"
                                   " ORDER BY r.id, a.n",
                                   0, NULL);
    char demo[LT_DEMO_ID_SQL_MAX], sql[1024];
    lt_demo_id_sql(demo, "m.id");
    snprintf(sql, sizeof sql,
             "SELECT m.region_id, m.id, m.category FROM lotse.measures m"
             " WHERE NOT %s AND m.status = 'planned' AND m.owner = 'FAI NRW'"
             " AND m.planned_from = DATE '2025-10-01' AND m.planned_to = DATE '2027-09-30'"
             " AND m.category <> 'other' AND NOT EXISTS (SELECT 1 FROM lotse.measure_progress p"
             " WHERE p.region_id = m.region_id AND p.measure_id = m.id)"
             " ORDER BY m.region_id, m.category, m.id",
             demo);
    PGresult *mr = lt_cli_demo_sql(conn, sql, 0, NULL);
    if (!rr || !ar || !mr || !lt_cli_demo_library_read(conn, &lr, &tr))
        goto done;

    int n = PQntuples(rr), n_areas = PQntuples(ar), n_measures = PQntuples(mr);
    regions = calloc((size_t)n, sizeof *regions);
    areas = calloc((size_t)n_areas + 1, sizeof *areas);
    measures = calloc((size_t)n_measures + 1, sizeof *measures);
    if (!regions || !areas || !measures)
        abort();
    for (int i = 0, ai = 0, mi = 0; i < n; i++) {
        lt_demo_region *g = &regions[i];
        g->id = atoi(PQgetvalue(rr, i, 0));
        g->slug = PQgetvalue(rr, i, 1);
        g->name = PQgetvalue(rr, i, 2);
        g->areas = &areas[ai];
        for (; ai < n_areas && atoi(PQgetvalue(ar, ai, 0)) == g->id; ai++, g->n_areas++)
            areas[ai] = PQgetvalue(ar, ai, 1);
        g->measures = &measures[mi];
        for (; mi < n_measures && atoi(PQgetvalue(mr, mi, 0)) == g->id; mi++, g->n_measures++) {
            snprintf(measures[mi].id, sizeof measures[mi].id, "%s", PQgetvalue(mr, mi, 1));
            measures[mi].category = PQgetvalue(mr, mi, 2);
        }
    }
    int n_library = PQntuples(lr), n_taken = PQntuples(tr);
    library = calloc((size_t)n_library + 1, sizeof *library);
    ids = calloc(2 * (size_t)n * (size_t)n_library + 1, sizeof *ids);
    taken_keys = calloc((size_t)n_taken + 1, sizeof *taken_keys);
    if (!library || !ids || !taken_keys)
        abort();
    for (int i = 0; i < n_library; i++) {
        int *adopted = ids + 2 * (size_t)n * (size_t)i, *rated = adopted + n;
        library[i] = (lt_demo_library){
            .record = PQgetvalue(lr, i, 0),
            .adopted_by = adopted,
            .n_adopted_by = parse_ids(PQgetvalue(lr, i, 1), adopted, (size_t)n),
            .rated_by = rated,
            .n_rated_by = parse_ids(PQgetvalue(lr, i, 2), rated, (size_t)n),
        };
    }
    for (int i = 0; i < n_taken; i++)
        taken_keys[i] = PQgetvalue(tr, i, 0);
    lt_demo_params params = {.seed = a->seed,
                             .scale = a->scale,
                             .until = until,
                             .library = library,
                             .n_library = (size_t)n_library,
                             .taken_keys = taken_keys,
                             .n_taken_keys = (size_t)n_taken};
    if (!(plan = lt_demo_create(&params, regions, (size_t)n)))
        goto done;
    *first = lt_demo_first_day(plan);
    ok = lt_cli_demo_load(conn, plan, loaded);
done:
    lt_demo_destroy(plan);
    free(taken_keys);
    free(ids);
    free(library);
    PQclear(tr);
    PQclear(lr);
    free(measures);
    free(areas);
    free(regions);
    PQclear(mr);
    PQclear(ar);
    PQclear(rr);
    return ok;
}

static void format_day(char *out, size_t cap, int32_t day)
{
    /* days since 1970-01-01 to a date, through the C library's UTC calendar */
    time_t t = (time_t)day * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%d", &tm);
}

int lt_cli_demo_data(PGconn *conn, int argc, char **argv)
{
    if (argc >= 1 && (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(USAGE, stdout);
        return 0;
    }
    demo_args a;
    int rc = parse(argc, argv, &a);
    if (rc != 0)
        return rc;

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* before the session's first temporary table: room for a batch in memory */
    if (!lt_cli_demo_sql_do(conn, "SET temp_buffers = '64MB'") ||
        !lt_cli_demo_sql_do(conn, "BEGIN"))
        return 1;
    rc = 1;
    demo_census present, changed = {0};
    bool rebuilt = false;
    int32_t first = 0;
    /* The dashboards' rollups wait while rows arrive and are rebuilt once at the
     * end (lt_cli_demo_rebuild_rollups): row by row they would cost a millisecond
     * per inquiry (docs/dashboards.md). Only the owner may pause them. */
    if (!lt_cli_demo_sql_do(conn, "SELECT pg_advisory_xact_lock(" LOCK_KEY ")") ||
        !lt_cli_demo_sql_do(conn, "SELECT set_config('lotse.rollups_paused', 'on', true)") ||
        !check_database(conn) || !lt_cli_demo_count(conn, &present))
        goto done;

    if (a.status) {
        if (present.total == 0)
            printf("no demo data\n");
        else
            print_census("demo data present: ", &present);
        rc = 0;
        goto done;
    }
    if (present.total > 0 && !a.replace && !a.remove) {
        print_census("lotse demo-data: demo data is present already: ", &present);
        lt_cli_demo_fail("refusing to load it twice: pass --replace to load it anew, or --remove");
        goto done;
    }
    if (present.total > 0 && !lt_cli_demo_remove(conn, &changed))
        goto done;
    if (a.remove) {
        if (!lt_cli_demo_rebuild_rollups(conn, &rebuilt) ||
            !audit(conn, "demo_data_removed", present.total ? "removed" : "none present") ||
            !lt_cli_demo_sql_do(conn, "COMMIT"))
            goto done;
        if (present.total == 0)
            printf("no demo data to remove\n");
        else
            print_census("removed demo data: ", &changed);
        return 0;
    }

    printf("loading demo data: scale %g, seed %llu, until %s\n", a.scale, a.seed, a.until);
    demo_census loaded;
    char what[200];
    snprintf(what, sizeof what, "scale=%g seed=%llu until=%s", a.scale, a.seed, a.until);
    if (!load(conn, &a, &loaded, &first) || !lt_cli_demo_rebuild_rollups(conn, &rebuilt) ||
        !audit(conn, present.total ? "demo_data_replaced" : "demo_data_loaded", what) ||
        !lt_cli_demo_sql_do(conn, "COMMIT"))
        goto done;
    double took = seconds_since(&t0);
    char from[16];
    format_day(from, sizeof from, first);
    printf("loaded %lld demo records (%s to %s, %s) in %.1f s%s\n", loaded.total, from, a.until,
           present.total ? "replacing the earlier ones" : "none were present", took,
           rebuilt ? "; rollups rebuilt" : "");
    return 0;
done:
    PQclear(PQexec(conn, "ROLLBACK"));
    return rc;
}
