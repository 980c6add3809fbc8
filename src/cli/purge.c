/*
 * purge.c - `lotse purge`: deletes what is past its retention, as
 * docs/data-protection.md states it, and writes the counts to the audit log.
 *
 * The work is lotse.purge_past_retention() (sql/0013), run in one transaction
 * with its audit rows, so a failed run leaves nothing half done. A second run
 * deletes nothing and says so: a daily timer (docs/operations.md) may run it as
 * often as it likes.
 */
#include "lotse/cli.h"

#include <stdio.h>

/* Runs sql; returns its result when it succeeded, else prints why and returns NULL. */
static PGresult *run(PGconn *conn, const char *sql)
{
    PGresult *r = PQexec(conn, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    fprintf(stderr, "lotse purge: database: %s", PQresultErrorMessage(r));
    PQclear(r);
    return NULL;
}

int lt_cli_purge(PGconn *conn, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) {
        fprintf(stderr, "usage: lotse purge\n");
        return 2;
    }
    PGresult *begin = run(conn, "BEGIN");
    if (!begin)
        return 1;
    PQclear(begin);
    PGresult *counts = run(conn, "SELECT kind, purged FROM lotse.purge_past_retention()");
    PGresult *commit = counts ? run(conn, "COMMIT") : NULL;
    if (!commit) {
        PQclear(PQexec(conn, "ROLLBACK"));
        PQclear(counts);
        return 1;
    }
    PQclear(commit);
    printf("purged past retention:");
    for (int i = 0; i < PQntuples(counts); i++)
        printf("%s %s %s", i ? "," : "", PQgetvalue(counts, i, 0), PQgetvalue(counts, i, 1));
    printf("\n");
    PQclear(counts);
    return 0;
}
