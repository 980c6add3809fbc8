/*
 * data_subject.c - `lotse data-subject export|erase EMAIL`: a person's access
 * and erasure requests (Art. 15, 17 GDPR) from the operator's command line.
 *
 * The same functions as the API's (sql/0013 lotse.data_subject_export and
 * lotse.data_subject_erase, src/api/data_subjects.c), so both paths find, erase
 * and audit the same things. The operator acts as an administrator for that one
 * transaction; the audit rows name no user (user_id NULL, as every CLI change)
 * and carry the address's hash, never the address.
 */
#include "lotse/cli.h"
#include "lotse/schema.h"

#include <stdio.h>
#include <string.h>

#define USAGE                                                                                      \
    "usage: lotse data-subject export EMAIL   everything stored about the person, as JSON\n"       \
    "       lotse data-subject erase EMAIL    erase it (docs/data-protection.md says how)\n"

/* Runs sql with params; its result when it succeeded, else prints why and returns NULL. */
static PGresult *run(PGconn *conn, const char *sql, int n, const char *const *params)
{
    PGresult *r = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    fprintf(stderr, "lotse data-subject: database: %s", PQresultErrorMessage(r));
    PQclear(r);
    return NULL;
}

static int usage_error(const char *message)
{
    fprintf(stderr, "lotse data-subject: %s\n%s", message, USAGE);
    return 2;
}

int lt_cli_data_subject(PGconn *conn, int argc, char **argv)
{
    if (argc >= 1 && (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (argc != 2)
        return usage_error("needs a command and an email address");
    bool erase = strcmp(argv[0], "erase") == 0;
    if (!erase && strcmp(argv[0], "export") != 0)
        return usage_error("the command is export or erase");
    const char *email = argv[1];
    if (!lt_is_email(email))
        return usage_error("not an email address: one '@', no spaces or control characters");

    const char *params[] = {email};
    PGresult *r = run(conn, "BEGIN", 0, NULL);
    PQclear(r);
    if (r)
        r = run(conn, "SELECT set_config('lotse.roles', 'admin', true)", 0, NULL);
    PQclear(r);
    PGresult *answer = NULL;
    if (r)
        answer = run(conn,
                     erase ? "SELECT jsonb_pretty(lotse.data_subject_erase($1, NULL))"
                           : "SELECT jsonb_pretty(lotse.data_subject_export($1, NULL))",
                     1, params);
    /* a request that found nothing is committed too: its audit row stays */
    PGresult *commit = answer ? run(conn, "COMMIT", 0, NULL) : NULL;
    if (!commit) {
        PQclear(PQexec(conn, "ROLLBACK"));
        PQclear(answer);
        return 1;
    }
    PQclear(commit);
    int rc = 0;
    if (PQgetisnull(answer, 0, 0)) {
        fprintf(stderr,
                "lotse data-subject: nothing is stored under this email address (no participant,"
                " contact, user account or failed sign-in)%s\n",
                erase ? "; nothing was changed" : "");
        rc = 1;
    } else {
        printf("%s\n", PQgetvalue(answer, 0, 0));
    }
    PQclear(answer);
    return rc;
}
