/*
 * migrate.h - applying the numbered SQL migrations in sql/.
 *
 * A migration is a file NNNN_name.sql (four digits, lower-case name). Each
 * pending one runs in its own transaction together with its record in
 * lotse.schema_migrations (version, name, SHA-256 of the file), so it is
 * applied completely or not at all. Running again changes nothing. A file
 * that changed after it was applied is an error, not silently skipped.
 * Concurrent runs are serialized with an advisory lock. Migration files must
 * not contain transaction control (BEGIN/COMMIT).
 */
#ifndef LOTSE_MIGRATE_H
#define LOTSE_MIGRATE_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Applies the pending migrations of `dir` over conn (connected as the owner
 * role), printing one line per applied file to `out` (may be NULL). Returns
 * the number applied, or -1 with a one-line reason in err.
 */
int lt_migrate(PGconn *conn, const char *dir, FILE *out, char *err, size_t errlen);

#endif
