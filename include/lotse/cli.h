/*
 * cli.h - the subcommands of `lotse`, the operator's command-line tool.
 *
 * Each command gets an open connection (as the owner role: operators manage
 * the schema and reference data) and its own arguments after the command
 * words; it prints results to stdout, problems to stderr, and returns the
 * process exit status (0 ok, 1 failure, 2 usage error).
 */
#ifndef LOTSE_CLI_H
#define LOTSE_CLI_H

#include <libpq-fe.h>

/* lotse migrate [--dir DIR] */
int lt_cli_migrate(PGconn *conn, int argc, char **argv);
/* lotse region list */
int lt_cli_region(PGconn *conn, int argc, char **argv);

#endif
