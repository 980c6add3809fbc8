/* migrate.c - `lotse migrate [--dir DIR]`: applies pending migrations. */
#include "lotse/cli.h"
#include "lotse/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lt_cli_migrate(PGconn *conn, int argc, char **argv)
{
    const char *dir = getenv("LOTSE_SQL_DIR");
    if (!dir || !*dir)
        dir = LOTSE_SQL_DIR;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else {
            fprintf(stderr, "usage: lotse migrate [--dir DIR]\n");
            return 2;
        }
    }
    char err[1024];
    int n = lt_migrate(conn, dir, stdout, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "lotse migrate: %s\n", err);
        return 1;
    }
    if (n)
        printf("%d migration(s) applied\n", n);
    else
        printf("database is up to date\n");
    return 0;
}
