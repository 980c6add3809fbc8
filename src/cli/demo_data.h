/*
 * demo_data.h - the database side of `lotse demo-data` (private to src/cli):
 * src/cli/demo_data.c reads the arguments and runs one transaction;
 * src/cli/demo_load.c finds, loads and removes the demo records in it.
 *
 * Every function runs inside the caller's open transaction, prints what went
 * wrong to stderr ("lotse demo-data: ...") and returns false then; the caller
 * rolls back.
 */
#ifndef LOTSE_CLI_DEMO_DATA_H
#define LOTSE_CLI_DEMO_DATA_H

#include "lotse/demo.h"

#include <libpq-fe.h>
#include <stdbool.h>

/* How many demo records each table holds now. */
typedef struct demo_census {
    long long rows[LT_DEMO_TABLES]; /* by lt_demo_table; MEASURE_STATUS: measures the demo set */
    long long total;
} demo_census;

/* Runs sql with n text parameters; its result if it succeeded, else prints
 * the database's message and returns NULL. */
PGresult *lt_cli_demo_sql(PGconn *conn, const char *sql, int n, const char *const *params);
/* lt_cli_demo_sql of a statement printed from fmt: constant SQL and the demo's own
 * conditions only, never input (an over-long statement is a bug: abort). */
PGresult *lt_cli_demo_sqlf(PGconn *conn, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool lt_cli_demo_sql_do(PGconn *conn, const char *sql);
int lt_cli_demo_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

bool lt_cli_demo_count(PGconn *conn, demo_census *census);

/* Deletes every demo record (and puts back the seeded measures the demo
 * changed and nobody changed since); refuses, changing nothing, while a record
 * that is not demo data refers to one that is. */
bool lt_cli_demo_remove(PGconn *conn, demo_census *removed);

/* Streams each table of the plan through COPY into a temporary table and from
 * there into the product table, whose rules (checks, triggers, row-level
 * security) each row passes; sets the seeded measures' status. Counts the rows
 * into loaded and prints one line per table when verbose. */
bool lt_cli_demo_load(PGconn *conn, lt_demo *plan, demo_census *loaded);

/* ---- the process library (demo_library.c) */

/* The transaction acts as FAI staff and leadership (on) for the library's
 * statements, or as nobody in particular again (off). */
bool lt_cli_demo_as_fai(PGconn *conn, bool on);

/* Writes into out an SQL condition true exactly for the rows of
 * lotse.processes or lotse.process_versions (alias: a trusted identifier) that
 * are demo data: key "demo-..." and created_by a demo id. */
#define LT_CLI_DEMO_SQL_MAX 512
void lt_cli_demo_process_sql(char *out, const char *alias);

/* What the library holds before a load: in *sources the process.json of the
 * latest published, active version of each of the FAI's processes (what the
 * demo regions adopt too), with the ids of the regions that adopted the
 * process and that rated the version ("3,7" or ""); in *taken the keys
 * "demo-..." in use. The caller clears both, also when it returns false. */
bool lt_cli_demo_library_read(PGconn *conn, PGresult **sources, PGresult **taken);

/* The processes, versions and steps from pg_temp.demo_process_versions,
 * each version moved through its lifecycle to its record's status; false if
 * a record as loaded differs from the generated one. */
bool lt_cli_demo_library_apply(PGconn *conn);

/* What stops a removal: records that are not demo data and refer to a demo
 * process. Fills at most max; returns how many, or -1 on a database error. */
typedef struct lt_cli_demo_blocker {
    long long count;
    const char *what; /* "adoptions that are not demo data name a demo process" */
} lt_cli_demo_blocker;
int lt_cli_demo_library_blockers(PGconn *conn, lt_cli_demo_blocker *out, int max);

/* Deletes the demo feedback, adoptions, processes and their versions (with
 * their steps and review entries). */
bool lt_cli_demo_library_remove(PGconn *conn);

/* lotse.rebuild_rollups(), when the database has it (dashboards' rollups). */
bool lt_cli_demo_rebuild_rollups(PGconn *conn, bool *rebuilt);

#endif
