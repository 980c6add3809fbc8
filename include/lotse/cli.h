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
/*
 * lotse user add|passwd|disable|enable|grant|revoke|list ... (src/cli/user.c).
 * New passwords are read from standard input (one line; on a terminal, typed
 * twice without echo) and hashed with LT_SCRYPT_DEFAULT, or with N = 2^k when
 * LOTSE_SCRYPT_LOG2_N=k (10..20) is set - for tests and slow machines only.
 * Every change is one transaction together with its audit_log row.
 */
int lt_cli_user(PGconn *conn, int argc, char **argv);
/*
 * lotse purge (src/cli/purge.c): deletes what is past its retention
 * (docs/data-protection.md) in one transaction that writes the counts to the
 * audit log; prints them. Running it again deletes nothing more.
 */
int lt_cli_purge(PGconn *conn, int argc, char **argv);
/*
 * lotse data-subject export|erase EMAIL (src/cli/data_subject.c): prints
 * everything stored about the person as JSON, or erases it and prints what was
 * erased; exit 1 when nothing is stored under the address (the request is
 * audited all the same).
 */
int lt_cli_data_subject(PGconn *conn, int argc, char **argv);
/*
 * lotse demo-data --scale N [--seed S] [--until DATE] [--replace] | --remove |
 * --status (src/cli/demo_data.c, docs/demo-data.md): synthetic, reproducible
 * records in every region, loaded in one transaction; refuses to load them a
 * second time without --replace; removes only records of the demo id range.
 */
int lt_cli_demo_data(PGconn *conn, int argc, char **argv);

/* Commands that need no database (the connection is not opened for them). */

/*
 * lotse keygen [--out DIR] (src/cli/keygen.c): a new Ed25519 signing key as
 * DIR/signing.pem (mode 0600) and DIR/signing.pub.pem (0644). DIR defaults
 * to the directory of LOTSE_SIGNING_KEY, else var/keys; it is created (0700)
 * when missing. Never overwrites a key.
 */
int lt_cli_keygen(int argc, char **argv);
/*
 * lotse package verify FILE [--key PEM]... and
 * lotse package build RECORD.json [--key PEM] [--out FILE] (src/cli/package.c).
 * verify checks a package against the keys given (public or private PEM
 * files; none: LOTSE_SIGNING_KEY, else var/keys/signing.pem) and prints what
 * it holds; build signs the package of a process record with the key.
 */
int lt_cli_package(int argc, char **argv);

#endif
