/*
 * demo_library.c - the process library's part of `lotse demo-data` (see
 * demo_data.h): the published records the demo adopts, the demo processes
 * taken through their lifecycle, what blocks their removal, and the removal.
 *
 * A version of a process can only be written as a draft and then moved, one
 * step at a time, by the role each step belongs to (lotse.process_version_guard,
 * sql/0014). So the demo writes each version the way the product does: the
 * process, a draft with the record's content and its steps (the columns
 * lotse.process_content_set fills, from the same members, but for all versions
 * in one statement: one call per version made the step check scan every
 * version's steps each time, half a minute at scale 100), then submitted,
 * returned, approved, published or made inactive as far as the record says,
 * with the transaction acting as FAI staff and leadership for those statements
 * only. Version 2 of a process follows only once version 1 is published, as in
 * the product. At the end every record, as lotse.process_record answers it
 * now, must equal the generated one: what the unit test checked against the
 * format is what is stored.
 */
#include "demo_data.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The roles the library's statements need; "" again for the other tables
 * (the inquiries refuse fai_lead). */
bool lt_cli_demo_as_fai(PGconn *conn, bool on)
{
    const char *p[] = {on ? "fai_staff,fai_lead" : ""};
    PGresult *r = lt_cli_demo_sql(conn, "SELECT set_config('lotse.roles', $1, true)", 1, p);
    PQclear(r);
    return r != NULL;
}

void lt_cli_demo_process_sql(char *out, const char *alias)
{
    char column[64], demo[LT_DEMO_ID_SQL_MAX];
    snprintf(column, sizeof column, "%s.created_by", alias);
    lt_demo_id_sql(demo, column);
    snprintf(out, LT_CLI_DEMO_SQL_MAX, "(%s.key LIKE 'demo-%%' AND %s IS TRUE)", alias, demo);
}

bool lt_cli_demo_library_read(PGconn *conn, PGresult **sources, PGresult **taken)
{
    char demo[LT_CLI_DEMO_SQL_MAX], sql[2048];
    lt_cli_demo_process_sql(demo, "v");
    /* the latest published, active version of each of the FAI's processes, and
     * the regions that adopted it or rated that version (no demo data is
     * present when a load reads this) */
    snprintf(sql, sizeof sql,
             "SELECT lotse.process_record(v.key, v.version)::text,"
             " (SELECT coalesce(string_agg(DISTINCT a.region_id::text, ','), '')"
             "   FROM lotse.process_adoptions a WHERE a.key = v.key),"
             " (SELECT coalesce(string_agg(f.region_id::text, ','), '')"
             "   FROM lotse.process_feedback f WHERE f.key = v.key AND f.version = v.version)"
             " FROM lotse.process_versions v"
             " WHERE v.region_id IS NULL AND v.status = 'approved' AND v.published_at IS NOT NULL"
             " AND NOT %s AND v.version = (SELECT max(x.version) FROM lotse.process_versions x"
             " WHERE x.key = v.key AND x.published_at IS NOT NULL) ORDER BY v.key",
             demo);
    *sources = *taken = NULL;
    if (!lt_cli_demo_as_fai(conn, true))
        return false;
    *sources = lt_cli_demo_sql(conn, sql, 0, NULL);
    *taken = lt_cli_demo_sql(conn,
                             "SELECT key FROM lotse.processes WHERE key LIKE 'demo-%'"
                             " ORDER BY key",
                             0, NULL);
    return lt_cli_demo_as_fai(conn, false) && *sources && *taken;
}

static bool run(PGconn *conn, const char *sql, const char *version)
{
    const char *p[] = {version};
    PGresult *r = lt_cli_demo_sql(conn, sql, version ? 1 : 0, p);
    PQclear(r);
    return r != NULL;
}

#define MATCH                                                                                      \
    " FROM pg_temp.demo_process_versions t WHERE v.key = t.key AND v.version = t.version"          \
    " AND t.version = $1::int"

/* The moves, in the order of the lifecycle, each where the record's dates say. */
static const char *const moves[] = {
    "UPDATE lotse.process_versions v SET status = 'in_progress', submitted_at = t.submitted_at,"
    " revision = v.revision + 1, updated_at = t.submitted_at" MATCH
    " AND t.submitted_at IS NOT NULL",
    /* returned, and not submitted again by the last day */
    "UPDATE lotse.process_versions v SET status = 'draft', revision = v.revision + 1" MATCH
    " AND t.submitted_at IS NOT NULL AND t.record->>'status' = 'draft'",
    "UPDATE lotse.process_versions v SET status = 'approved', approved_at = t.approved_at,"
    " revision = v.revision + 1" MATCH " AND t.approved_at IS NOT NULL",
    "UPDATE lotse.process_versions v SET published_at = (t.record->>'published_at')::timestamptz,"
    " revision = v.revision + 1" MATCH " AND t.record->>'published_at' IS NOT NULL",
    "UPDATE lotse.process_versions v SET status = 'inactive', deactivated_at = t.deactivated_at,"
    " revision = v.revision + 1" MATCH " AND t.deactivated_at IS NOT NULL",
    "UPDATE lotse.process_versions v SET updated_at = t.updated_at" MATCH,
};

/* The drafts of version $1 of every demo process, and their steps, as
 * lotse.process_content_set writes them from a record. */
static const char *const draft =
    "INSERT INTO lotse.process_versions (key, version, name, description, target_groups, level,"
    " legal_basis, valid_from, valid_to, authors, licence, tags, adapted_from, steps_text,"
    " created_at, created_by, updated_at)"
    " SELECT t.key, t.version, r->>'name', coalesce(r->>'description', ''),"
    " lotse.jsonb_texts(r->'target_groups'), r->>'level', lotse.jsonb_texts(r->'legal_basis'),"
    " (r->>'valid_from')::date, (r->>'valid_to')::date,"
    " (SELECT jsonb_agg(jsonb_build_object('name', a->>'name',"
    "   'organisation', coalesce(a->>'organisation', '')) ORDER BY n)"
    "   FROM jsonb_array_elements(r->'authors') WITH ORDINALITY AS x(a, n)),"
    " coalesce(r->>'licence', 'CC-BY-4.0'), lotse.jsonb_texts(r->'tags'),"
    " nullif(r->'adapted_from', 'null'::jsonb),"
    " coalesce((SELECT string_agg(concat_ws(' ', s->>'title', s->>'description'), ' ' ORDER BY n)"
    "   FROM jsonb_array_elements(r->'steps') WITH ORDINALITY AS x(s, n)), ''),"
    " t.created_at, t.created_by, t.created_at"
    " FROM pg_temp.demo_process_versions t CROSS JOIN LATERAL (SELECT t.record AS r) c"
    " WHERE t.version = $1::int";
static const char *const steps =
    "INSERT INTO lotse.process_steps (key, version, position, step_id, phase, title, description,"
    " actor, duration_days, documents, checklist, links, predecessors)"
    " SELECT t.key, t.version, x.n, s->>'id', s->>'phase', s->>'title',"
    " coalesce(s->>'description', ''), s->>'actor', (s->>'duration_days')::integer,"
    " lotse.jsonb_texts(s->'documents'), lotse.jsonb_texts(s->'checklist'),"
    " (SELECT coalesce(jsonb_agg(jsonb_build_object('title', l->>'title', 'url', l->>'url')"
    "   ORDER BY m), '[]') FROM jsonb_array_elements(s->'links') WITH ORDINALITY AS y(l, m)),"
    " lotse.jsonb_texts(s->'predecessors')"
    " FROM pg_temp.demo_process_versions t"
    " CROSS JOIN LATERAL jsonb_array_elements(t.record->'steps') WITH ORDINALITY AS x(s, n)"
    " WHERE t.version = $1::int";

/*
 * Without JIT: the step check's estimated cost (its row-level security
 * subplans) passes jit_above_cost once process_steps holds a few hundred rows,
 * and compiling it costs some 20 ms in each statement here that runs in a
 * millisecond.
 */
bool lt_cli_demo_library_apply(PGconn *conn)
{
    PGresult *r = lt_cli_demo_sql(conn,
                                  "SELECT coalesce(max(version), 0), current_setting('jit'),"
                                  " set_config('jit', 'off', true)"
                                  " FROM pg_temp.demo_process_versions",
                                  0, NULL);
    if (!r)
        return false;
    int last = atoi(PQgetvalue(r, 0, 0));
    char jit[16];
    snprintf(jit, sizeof jit, "%s", PQgetvalue(r, 0, 1));
    PQclear(r);
    if (!run(conn,
             "INSERT INTO lotse.processes (key, region_id, created_at, created_by)"
             " SELECT key, region_id, created_at, created_by FROM pg_temp.demo_process_versions"
             " WHERE version = 1",
             NULL))
        return false;
    for (int v = 1; v <= last; v++) {
        char version[16];
        snprintf(version, sizeof version, "%d", v);
        if (!run(conn, draft, version) || !run(conn, steps, version))
            return false;
        for (size_t m = 0; m < sizeof moves / sizeof moves[0]; m++)
            if (!run(conn, moves[m], version))
                return false;
    }
    r = lt_cli_demo_sql(conn,
                        "SELECT t.key, t.version FROM pg_temp.demo_process_versions t"
                        " WHERE lotse.process_record(t.key, t.version)::jsonb"
                        " IS DISTINCT FROM t.record ORDER BY t.key, t.version LIMIT 1",
                        0, NULL);
    if (!r)
        return false;
    bool same = PQntuples(r) == 0;
    if (!same)
        lt_cli_demo_fail("demo process %s version %s: the library answers another record than "
                         "the one generated (a bug in src/demo)",
                         PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1));
    PQclear(r);
    return same && run(conn, "ANALYZE lotse.processes", NULL) &&
           run(conn, "ANALYZE lotse.process_steps", NULL) &&
           run(conn, "SELECT set_config('jit', $1, true)", jit);
}

int lt_cli_demo_library_blockers(PGconn *conn, lt_cli_demo_blocker *out, int max)
{
    char demo[LT_CLI_DEMO_SQL_MAX], id[LT_DEMO_ID_SQL_MAX], by[LT_DEMO_ID_SQL_MAX],
        created[LT_DEMO_ID_SQL_MAX], processes[LT_CLI_DEMO_SQL_MAX + 64];
    lt_cli_demo_process_sql(demo, "p");
    snprintf(processes, sizeof processes, "SELECT p.key FROM lotse.processes p WHERE %s", demo);
    lt_demo_id_sql(id, "x.id");
    lt_demo_id_sql(by, "x.updated_by");
    lt_demo_id_sql(created, "x.created_by");
    if (!lt_cli_demo_as_fai(conn, true))
        return -1;
    PGresult *r = lt_cli_demo_sqlf(
        conn,
        "SELECT (SELECT count(*) FROM lotse.process_adoptions x WHERE NOT %s"
        "         AND (x.key IN (%s) OR x.adapted_key IN (%s))),"
        "       (SELECT count(*) FROM lotse.process_feedback x WHERE %s IS NOT TRUE"
        "         AND x.key IN (%s)),"
        "       (SELECT count(*) FROM lotse.process_reviews x WHERE NOT %s AND x.key IN (%s)),"
        "       (SELECT count(*) FROM lotse.process_versions x WHERE %s IS NOT TRUE"
        "         AND x.key IN (%s))",
        id, processes, processes, by, processes, id, processes, created, processes);
    if (!r || !lt_cli_demo_as_fai(conn, false)) {
        PQclear(r);
        return -1;
    }
    static const char *const what[] = {
        "adoptions that are not demo data name a demo process",
        "feedback that is not demo data rates a demo process",
        "review entries that are not demo data are on a demo process",
        "process versions that are not demo data belong to a demo process"};
    int n = 0;
    for (int i = 0; i < 4 && n < max; i++)
        if (strcmp(PQgetvalue(r, 0, i), "0") != 0)
            out[n++] = (lt_cli_demo_blocker){strtoll(PQgetvalue(r, 0, i), NULL, 10), what[i]};
    PQclear(r);
    return n;
}

bool lt_cli_demo_library_remove(PGconn *conn)
{
    char feedback[LT_DEMO_ID_SQL_MAX], adoption[LT_DEMO_ID_SQL_MAX], version[LT_CLI_DEMO_SQL_MAX],
        process[LT_CLI_DEMO_SQL_MAX];
    lt_demo_id_sql(feedback, "x.updated_by");
    lt_demo_id_sql(adoption, "x.id");
    lt_cli_demo_process_sql(version, "x");
    lt_cli_demo_process_sql(process, "x");
    /* a version's steps and review entries go with it (ON DELETE CASCADE) */
    const struct {
        const char *table, *condition;
    } order[] = {
        {"process_feedback", feedback},
        {"process_adoptions", adoption},
        {"process_versions", version},
        {"processes", process},
    };
    if (!lt_cli_demo_as_fai(conn, true))
        return false;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        PGresult *r = lt_cli_demo_sqlf(conn, "DELETE FROM lotse.%s x WHERE %s", order[i].table,
                                       order[i].condition);
        if (!r)
            return false;
        PQclear(r);
    }
    return lt_cli_demo_as_fai(conn, false);
}
