/*
 * lotse.c - the operator's command-line tool.
 *
 * `lotse [--database CONNINFO] COMMAND ...`. The connection string comes from
 * --database or LOTSE_DATABASE (tools/lotse presets it for the local stack);
 * the commands of `offline` need none and work where no database is reachable.
 */
#include "lotse/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(PGconn *conn, int argc, char **argv);
    const char *usage;
} commands[] = {
    {"migrate", lt_cli_migrate, "migrate [--dir DIR]   apply pending migrations from sql/"},
    {"region", lt_cli_region, "region list           list the labour-market regions"},
    {"user", lt_cli_user,
     "user VERB ...         accounts: add, passwd, disable, enable, grant, revoke, list"},
    {"purge", lt_cli_purge, "purge                 delete what is past its retention (daily)"},
    {"data-subject", lt_cli_data_subject,
     "data-subject export|erase EMAIL   a person's access or erasure request"},
    {"demo-data", lt_cli_demo_data,
     "demo-data --scale N   synthetic records in every region (--remove, --status)"},
};

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} offline[] = {
    {"keygen", lt_cli_keygen,
     "keygen [--out DIR]    a new Ed25519 key that signs best-practice packages"},
    {"package", lt_cli_package,
     "package verify FILE [--key PEM]...\n"
     "                        check a package's signature and checksums, show what it holds\n"
     "  package build RECORD.json [--key PEM] [--out FILE]\n"
     "                        sign the package of a process record"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: lotse [--database CONNINFO] COMMAND ...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %s\n", commands[i].usage);
    for (size_t i = 0; i < sizeof offline / sizeof offline[0]; i++)
        fprintf(f, "  %s\n", offline[i].usage);
    fprintf(f, "  version               print the version\n"
               "\nThe database comes from --database or LOTSE_DATABASE (keygen and package\n"
               "need none).\n");
}

int main(int argc, char **argv)
{
    const char *conninfo = getenv("LOTSE_DATABASE");
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--database") == 0) {
        conninfo = argv[i + 1];
        i += 2;
    }
    if (i >= argc || strcmp(argv[i], "help") == 0 || strcmp(argv[i], "--help") == 0) {
        usage(i >= argc ? stderr : stdout);
        return i >= argc ? 2 : 0;
    }
    if (strcmp(argv[i], "version") == 0 || strcmp(argv[i], "--version") == 0) {
        printf("lotse %s\n", LOTSE_VERSION);
        return 0;
    }
    for (size_t c = 0; c < sizeof offline / sizeof offline[0]; c++)
        if (strcmp(argv[i], offline[c].name) == 0)
            return offline[c].run(argc - i - 1, argv + i + 1);
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++) {
        if (strcmp(argv[i], commands[c].name) != 0)
            continue;
        if (!conninfo || !*conninfo) {
            fprintf(stderr, "lotse: no database: pass --database or set LOTSE_DATABASE\n");
            return 2;
        }
        PGconn *conn = PQconnectdb(conninfo);
        if (PQstatus(conn) != CONNECTION_OK) {
            fprintf(stderr, "lotse: cannot connect: %s", PQerrorMessage(conn));
            PQfinish(conn);
            return 1;
        }
        int rc = commands[c].run(conn, argc - i - 1, argv + i + 1);
        PQfinish(conn);
        return rc;
    }
    fprintf(stderr, "lotse: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return 2;
}
