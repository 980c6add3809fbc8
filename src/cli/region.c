/* region.c - `lotse region list`: the regions as an operator sees them. */
#include "lotse/cli.h"

#include <stdio.h>
#include <string.h>

int lt_cli_region(PGconn *conn, int argc, char **argv)
{
    if (argc != 1 || strcmp(argv[0], "list") != 0) {
        fprintf(stderr, "usage: lotse region list\n");
        return 2;
    }
    PGresult *r = PQexec(conn, "SELECT slug, name, array_to_string(areas, ', '), confirmed"
                               " FROM lotse.regions ORDER BY slug");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "lotse region list: %s", PQresultErrorMessage(r));
        PQclear(r);
        return 1;
    }
    for (int i = 0; i < PQntuples(r); i++)
        printf("%-28s %-30s %s%s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
               strcmp(PQgetvalue(r, i, 3), "t") ? "  (unconfirmed)" : "");
    PQclear(r);
    return 0;
}
