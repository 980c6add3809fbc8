/*
 * db.c - the thread's PostgreSQL connection and the request's transaction.
 *
 * Why it looks like this:
 * - Statements are prepared once per connection and found again by their text
 *   (a small open-addressing table), so a request pays for execution only.
 * - A transaction is opened lazily: lt_db_begin only notes that one is wanted,
 *   and the first statement goes out in libpq's pipeline mode together with
 *   BEGIN (and its Parse, the first time), in one round trip. A handler that
 *   runs no statement costs the database nothing.
 * - A connection that broke (server restart, network) is dropped; if it broke
 *   on the first statement of a transaction, nothing of the request has happened
 *   yet, so we reconnect and try once more. Otherwise the caller answers 503.
 *   After a failed connect we wait a little before trying again, so a database
 *   outage does not turn every request into a connection attempt.
 * - A route that runs one read (lt_db_begin_single) skips BEGIN and COMMIT:
 *   a single statement is a transaction of its own, and the retry after a
 *   broken connection is safe because a read changed nothing.
 * - A handle of a read replica (app.c) pauses longer between connection
 *   attempts (lt_db_set_retry_pause): its requests go to the primary
 *   meanwhile, and an unreachable host must not cost each of them a connect
 *   timeout.
 */
#include "lotse/db.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STMT_SLOTS         128
#define RECONNECT_PAUSE_MS 200

struct stmt {
    char *sql; /* NULL: empty slot */
    char name[16];
    int prepared; /* on the current connection */
};

struct lt_db {
    char *conninfo;
    char options[256]; /* libpq "options": -c name=value ... */
    PGconn *conn;
    int64_t failed_at_ms; /* last failed connect, 0: none */
    int retry_pause_ms;   /* no new connect this long after a failed one */
    int tx_wanted, tx_open;
    int tx_read_only;        /* the pending BEGIN is BEGIN READ ONLY */
    int unavailable;         /* a statement since the last begin found no server */
    int tx_lost;             /* the connection broke while a transaction was open */
    int single;              /* lt_db_begin_single: 1 armed, 2 its one statement ran */
    const char *identity[4]; /* settings still to send, or identity[3] == NULL */
    char sqlstate[6];
    struct stmt stmts[STMT_SLOTS];
    int nstmts;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

lt_db *lt_db_create(const char *conninfo)
{
    lt_db *db = calloc(1, sizeof *db);
    if (!db || !(db->conninfo = strdup(conninfo ? conninfo : "")))
        abort();
    db->retry_pause_ms = RECONNECT_PAUSE_MS;
    return db;
}

static void disconnect(lt_db *db)
{
    if (db->conn)
        PQfinish(db->conn);
    db->conn = NULL;
    if (db->tx_open)
        db->tx_lost = 1;
    db->tx_open = 0;
    for (int i = 0; i < STMT_SLOTS; i++)
        db->stmts[i].prepared = 0;
}

void lt_db_destroy(lt_db *db)
{
    if (!db)
        return;
    disconnect(db);
    for (int i = 0; i < STMT_SLOTS; i++)
        free(db->stmts[i].sql);
    free(db->conninfo);
    free(db);
}

void lt_db_set_retry_pause(lt_db *db, int ms)
{
    db->retry_pause_ms = ms > 0 ? ms : RECONNECT_PAUSE_MS;
}

int lt_db_set_session_option(lt_db *db, const char *name, const char *value)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.";
    size_t used = strlen(db->options);
    if (!*name || !*value || strspn(name, safe) != strlen(name) ||
        strspn(value, safe) != strlen(value))
        return -1;
    int n = snprintf(db->options + used, sizeof db->options - used, "%s-c %s=%s", used ? " " : "",
                     name, value);
    if (n < 0 || (size_t)n >= sizeof db->options - used) {
        db->options[used] = '\0';
        return -1;
    }
    return 0;
}

lt_db_status lt_db_ensure(lt_db *db)
{
    if (db->conn && PQstatus(db->conn) == CONNECTION_OK)
        return LT_DB_OK;
    disconnect(db);
    if (db->failed_at_ms && now_ms() - db->failed_at_ms < db->retry_pause_ms)
        return LT_DB_UNAVAILABLE;
    /* Our defaults first: with expand_dbname the caller's string overrides them. */
    const char *keys[] = {"connect_timeout", "application_name", "options", "dbname", NULL};
    const char *vals[] = {"3", "lotsed", db->options, db->conninfo, NULL};
    db->conn = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(db->conn) != CONNECTION_OK) {
        disconnect(db);
        db->failed_at_ms = now_ms();
        return LT_DB_UNAVAILABLE;
    }
    db->failed_at_ms = 0;
    return LT_DB_OK;
}

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot for sql, claiming one if the table has room; NULL when full. */
static struct stmt *stmt_for(lt_db *db, const char *sql)
{
    uint32_t i = hash(sql) % STMT_SLOTS;
    for (int probes = 0; probes < STMT_SLOTS; probes++, i = (i + 1) % STMT_SLOTS) {
        struct stmt *s = &db->stmts[i];
        if (!s->sql) {
            if (db->nstmts >= STMT_SLOTS * 3 / 4)
                return NULL;
            if (!(s->sql = strdup(sql)))
                abort();
            snprintf(s->name, sizeof s->name, "lt%d", db->nstmts++);
            return s;
        }
        if (strcmp(s->sql, sql) == 0)
            return s;
    }
    return NULL;
}

static void remember_error(lt_db *db, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    snprintf(db->sqlstate, sizeof db->sqlstate, "%s", state ? state : "");
}

/* Errors that mean "the server is not there", not "your statement is wrong". */
static int is_unavailable(const lt_db *db)
{
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK)
        return 1;
    return strncmp(db->sqlstate, "08", 2) == 0 || strncmp(db->sqlstate, "57P", 3) == 0 ||
           strcmp(db->sqlstate, "53300") == 0; /* too_many_connections */
}

static void clear_result(void *r)
{
    PQclear(r);
}

/*
 * Sends [BEGIN] [Parse] Bind/Execute and a Sync in one pipeline, then reads
 * every result up to the Sync. Returns the statement's result or NULL.
 */
static PGresult *send_pipeline(lt_db *db, struct stmt *s, const char *sql, int n,
                               const char *const *params, int *failed)
{
    PGconn *c = db->conn;
    PGresult *out = NULL;
    int begin = db->tx_wanted && !db->tx_open;
    int identity = db->identity[3] && (begin || db->tx_open);
    int prepare = s && !s->prepared;
    *failed = 1;
    if (!PQenterPipelineMode(c))
        return NULL;
    int ok = 1;
    if (begin)
        ok = ok && PQsendQueryParams(c, db->tx_read_only ? "BEGIN READ ONLY" : "BEGIN", 0, NULL,
                                     NULL, NULL, NULL, 0);
    if (identity)
        ok = ok && PQsendQueryParams(c,
                                     "SELECT set_config('lotse.user_id', $1, true),"
                                     " set_config('lotse.roles', $2, true),"
                                     " set_config('lotse.region_ids', $3, true),"
                                     " set_config('lotse.write_region_ids', $4, true)",
                                     4, NULL, db->identity, NULL, NULL, 0);
    if (prepare)
        ok = ok && PQsendPrepare(c, s->name, sql, n, NULL);
    if (s)
        ok = ok && PQsendQueryPrepared(c, s->name, n, params, NULL, NULL, 0);
    else
        ok = ok && PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0);
    ok = ok && PQpipelineSync(c);
    int expected = begin + identity + prepare + 1, seen = 0, good = 0;
    while (ok) {
        PGresult *r = PQgetResult(c);
        if (!r) {
            if (PQstatus(c) != CONNECTION_OK)
                ok = 0;
            continue; /* end of one command's results */
        }
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        seen++;
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
            good++;
            if (seen == expected) {
                out = r;
                continue;
            }
        } else if (st != PGRES_PIPELINE_ABORTED || !db->sqlstate[0]) {
            remember_error(db, r);
        }
        PQclear(r);
    }
    if (ok && PQexitPipelineMode(c) && good == expected) {
        *failed = 0;
        if (begin)
            db->tx_open = 1;
        if (identity)
            db->identity[3] = NULL;
        if (prepare)
            s->prepared = 1;
    } else {
        /* A failed Parse leaves the statement unprepared; a failed BEGIN, no transaction. */
        if (ok && begin && good >= 1)
            db->tx_open = 1;
        if (ok && prepare && good >= begin + identity + 1)
            s->prepared = 1;
        PQclear(out);
        out = NULL;
        if (!ok)
            disconnect(db);
    }
    return out;
}

lt_db_status lt_db_exec(lt_db *db, lt_arena *a, PGresult **res, const char *sql, int n,
                        const char *const *params)
{
    if (res)
        *res = NULL;
    db->sqlstate[0] = '\0';
    if (db->single == 2) {
        snprintf(db->sqlstate, sizeof db->sqlstate, "LT001");
        return LT_DB_ERROR;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        int fresh_tx = !db->tx_open;
        if (lt_db_ensure(db) != LT_DB_OK)
            break;
        int failed;
        PGresult *r = send_pipeline(db, stmt_for(db, sql), sql, n, params, &failed);
        if (!failed) {
            lt_arena_on_reset(a, clear_result, r);
            if (db->single)
                db->single = 2;
            if (res)
                *res = r;
            return LT_DB_OK;
        }
        if (!is_unavailable(db))
            return LT_DB_ERROR;
        disconnect(db);
        if (!fresh_tx)
            break; /* part of the transaction is lost: the request must fail */
    }
    db->unavailable = 1;
    return LT_DB_UNAVAILABLE;
}

lt_db_status lt_db_stream(lt_db *db, lt_arena *a, const char *sql, int n, const char *const *params,
                          lt_db_row_fn row, void *ctx)
{
    /* A pending BEGIN and the caller's identity go first, with a statement that
     * costs nothing: single-row mode is simplest outside a pipeline. */
    if ((db->tx_wanted && !db->tx_open) || db->identity[3]) {
        lt_db_status st = lt_db_exec(db, a, NULL, "SELECT 1", 0, NULL);
        if (st != LT_DB_OK)
            return st;
    }
    db->sqlstate[0] = '\0';
    if (db->single == 2) {
        snprintf(db->sqlstate, sizeof db->sqlstate, "LT001");
        return LT_DB_ERROR;
    }
    if (lt_db_ensure(db) != LT_DB_OK) {
        db->unavailable = 1;
        return LT_DB_UNAVAILABLE;
    }
    PGconn *c = db->conn;
    if (!PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0) || !PQsetSingleRowMode(c)) {
        disconnect(db);
        db->unavailable = 1;
        return LT_DB_UNAVAILABLE;
    }
    if (db->single)
        db->single = 2;
    lt_db_status status = LT_DB_OK;
    PGresult *r;
    while ((r = PQgetResult(c))) {
        ExecStatusType st = PQresultStatus(r);
        int stop = st == PGRES_SINGLE_TUPLE && row(ctx, r) != 0;
        if (st != PGRES_SINGLE_TUPLE && st != PGRES_TUPLES_OK && status == LT_DB_OK) {
            remember_error(db, r);
            status = is_unavailable(db) ? LT_DB_UNAVAILABLE : LT_DB_ERROR;
        }
        PQclear(r);
        if (stop) {
            /* Dropping the connection is what stops a running statement at once. */
            disconnect(db);
            snprintf(db->sqlstate, sizeof db->sqlstate, "LT002");
            return LT_DB_ERROR;
        }
    }
    if (status == LT_DB_UNAVAILABLE) {
        disconnect(db);
        db->unavailable = 1;
    }
    return status;
}

lt_db_status lt_db_begin(lt_db *db)
{
    db->tx_wanted = 1;
    db->tx_read_only = 0;
    db->tx_lost = 0;
    db->unavailable = 0;
    db->identity[3] = NULL;
    return LT_DB_OK;
}

lt_db_status lt_db_begin_read_only(lt_db *db)
{
    lt_db_begin(db);
    db->tx_read_only = 1;
    return LT_DB_OK;
}

void lt_db_set_identity(lt_db *db, const char *user_id, const char *roles, const char *read_regions,
                        const char *write_regions)
{
    db->identity[0] = user_id ? user_id : "";
    db->identity[1] = roles;
    db->identity[2] = read_regions;
    db->identity[3] = write_regions;
}

lt_db_status lt_db_begin_single(lt_db *db)
{
    db->tx_wanted = 0;
    db->tx_lost = 0;
    db->unavailable = 0;
    db->single = 1;
    return LT_DB_OK;
}

lt_db_status lt_db_commit(lt_db *db)
{
    db->tx_wanted = 0;
    db->single = 0;
    db->identity[3] = NULL;
    if (db->tx_lost)
        return LT_DB_UNAVAILABLE;
    if (!db->tx_open)
        return LT_DB_OK;
    db->tx_open = 0;
    PGresult *r = PQexec(db->conn, "COMMIT");
    /* A transaction in the failed state answers COMMIT with "ROLLBACK". */
    int committed = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0;
    remember_error(db, r);
    PQclear(r);
    if (committed)
        return LT_DB_OK;
    if (is_unavailable(db)) {
        disconnect(db);
        return LT_DB_UNAVAILABLE;
    }
    return LT_DB_ERROR;
}

void lt_db_rollback(lt_db *db)
{
    db->tx_wanted = 0;
    db->single = 0;
    db->identity[3] = NULL;
    db->tx_lost = 0;
    if (!db->tx_open)
        return;
    db->tx_open = 0;
    PGresult *r = PQexec(db->conn, "ROLLBACK");
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        disconnect(db);
    PQclear(r);
}

const char *lt_db_sqlstate(const lt_db *db)
{
    return db->sqlstate;
}

bool lt_db_in_tx(const lt_db *db)
{
    return db->tx_open;
}

bool lt_db_was_unavailable(const lt_db *db)
{
    return db->unavailable;
}
