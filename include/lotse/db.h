/*
 * db.h - one PostgreSQL connection per thread, and the request's transaction.
 *
 * An lt_db belongs to one thread. It connects lazily and reconnects after the
 * server went away: a request that finds the database unreachable gets
 * LT_DB_UNAVAILABLE (the pipeline answers 503 with Retry-After), and the next
 * request tries again, so lotsed survives a database restart without restarting
 * itself. Statements use bound parameters only.
 */
#ifndef LOTSE_DB_H
#define LOTSE_DB_H

#include "lotse/arena.h"

#include <libpq-fe.h>
#include <stdbool.h>

typedef struct lt_db lt_db;

typedef enum lt_db_status {
    LT_DB_OK = 0,
    LT_DB_UNAVAILABLE, /* no connection, or it broke during the statement */
    LT_DB_ERROR,       /* the statement failed (constraint, syntax, permission ...) */
} lt_db_status;

/* Creates the handle; does not connect yet. conninfo is copied. Never NULL. */
lt_db *lt_db_create(const char *conninfo);
void lt_db_destroy(lt_db *db);

/* Adds a setting every connection of this handle starts with (libpq's options
 * "-c name=value"), taking effect at the next connect; name and value must be
 * made of letters, digits, '_' and '.', else the call is ignored and returns -1. */
int lt_db_set_session_option(lt_db *db, const char *name, const char *value);

/* After a failed connect, no new attempt is made for ms milliseconds (default
 * 200; a read replica's handle waits longer); requests meanwhile get
 * LT_DB_UNAVAILABLE at once. */
void lt_db_set_retry_pause(lt_db *db, int ms);

/* Connects if needed and checks the connection is usable. */
lt_db_status lt_db_ensure(lt_db *db);

/*
 * Runs sql with n text parameters (NULL entries are SQL NULL). On LT_DB_OK sets
 * *res to a result freed when arena a resets (res may be NULL if unwanted). On
 * failure the SQLSTATE is available from lt_db_sqlstate until the next call.
 */
lt_db_status lt_db_exec(lt_db *db, lt_arena *a, PGresult **res, const char *sql, int n,
                        const char *const *params);

/*
 * Runs sql like lt_db_exec, but hands its rows to row one at a time as they
 * arrive (libpq's single-row mode), for answers too long to hold in memory:
 * row gets a result of one row, valid during the call only, and ctx. A
 * nonzero return from row stops the statement: the connection is dropped (the
 * only way to stop it at once), the transaction is lost, and the call returns
 * LT_DB_ERROR with SQLSTATE "LT002". An error after some rows were handed on
 * is reported like any other; those rows stay handed on. Allocates in arena a
 * only for a pending BEGIN.
 */
typedef int (*lt_db_row_fn)(void *ctx, const PGresult *row);
lt_db_status lt_db_stream(lt_db *db, lt_arena *a, const char *sql, int n, const char *const *params,
                          lt_db_row_fn row, void *ctx);

/* Transaction control for the pipeline. begin also sets the caller's identity
 * settings (transaction-local) once there is one. */
lt_db_status lt_db_begin(lt_db *db);
/* Like lt_db_begin, but the transaction is BEGIN READ ONLY: a write in it fails
 * (SQLSTATE 25006), on a primary as on a hot standby. */
lt_db_status lt_db_begin_read_only(lt_db *db);
/* For a request that runs one read-only statement: it goes out without BEGIN and
 * is its own transaction (one round trip). A second statement before the next
 * commit/rollback fails with LT_DB_ERROR and SQLSTATE "LT001" (a route table bug). */
lt_db_status lt_db_begin_single(lt_db *db);
/*
 * The caller's identity for row-level security: sent as transaction-local
 * settings (lotse.user_id, lotse.roles, lotse.region_ids, lotse.write_region_ids)
 * together with the next statement of the open transaction. The strings must
 * stay valid until commit or rollback (request arena). NULL user_id: anonymous.
 */
void lt_db_set_identity(lt_db *db, const char *user_id, const char *roles, const char *read_regions,
                        const char *write_regions);
lt_db_status lt_db_commit(lt_db *db);
/* Rolls back if a transaction is open; never fails (a broken link is dropped). */
void lt_db_rollback(lt_db *db);

/* SQLSTATE of the last failed statement ("" when none). */
const char *lt_db_sqlstate(const lt_db *db);
/* True while a transaction is open on this handle. */
bool lt_db_in_tx(const lt_db *db);
/* True when a statement since the last begin returned LT_DB_UNAVAILABLE: the
 * server could not be reached, or the connection broke. */
bool lt_db_was_unavailable(const lt_db *db);

#endif
