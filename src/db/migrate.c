/*
 * migrate.c - applies sql/NNNN_*.sql in order, once each; see migrate.h.
 *
 * This runs from the operator's CLI, not on the request path, so it uses
 * plain blocking libpq calls and reports PostgreSQL's own error text: the
 * operator needs it, and no client of the API ever sees it.
 */
#include "lotse/migrate.h"
#include "lotse/digest.h"

#include <ctype.h>
#include <dirent.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MIGRATIONS 1000
#define MAX_FILE       (16u << 20)

struct migration {
    int version;
    char name[256];
    char sha256[65];
    char *sql;
};

static void fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int is_migration_name(const char *n)
{
    size_t len = strlen(n);
    if (len < 10 || len >= 256 || strcmp(n + len - 4, ".sql") != 0)
        return 0;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)n[i]))
            return 0;
    if (n[4] != '_')
        return 0;
    for (size_t i = 5; i < len - 4; i++)
        if (!(islower((unsigned char)n[i]) || isdigit((unsigned char)n[i]) || n[i] == '_'))
            return 0;
    return 1;
}

static int by_version(const void *a, const void *b)
{
    return ((const struct migration *)a)->version - ((const struct migration *)b)->version;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
    fclose(f);
    if (!buf || n > MAX_FILE) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Reads the migration files of dir, sorted; returns their count or -1. */
static int load_dir(const char *dir, struct migration *ms, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        fail(err, errlen, "cannot open migration directory %s", dir);
        return -1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_migration_name(e->d_name))
            continue;
        if (n == MAX_MIGRATIONS) {
            fail(err, errlen, "more than %d migrations in %s", MAX_MIGRATIONS, dir);
            n = -1;
            break;
        }
        struct migration *m = &ms[n++];
        m->version = atoi(e->d_name);
        snprintf(m->name, sizeof m->name, "%s", e->d_name);
        m->sql = NULL;
    }
    closedir(d);
    if (n < 0)
        return -1;
    qsort(ms, (size_t)n, sizeof *ms, by_version);
    for (int i = 0; i < n; i++) {
        if (i > 0 && ms[i].version == ms[i - 1].version) {
            fail(err, errlen, "two migrations share version %04d: %s and %s", ms[i].version,
                 ms[i - 1].name, ms[i].name);
            return -1;
        }
        char path[4096];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, ms[i].name);
        if (!(ms[i].sql = read_file(path, &len))) {
            fail(err, errlen, "cannot read %s", path);
            return -1;
        }
        lt_sha256_hex(ms[i].sql, len, ms[i].sha256);
    }
    return n;
}

static int exec_ok(PGconn *c, const char *sql, char *err, size_t errlen, const char *what)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        fail(err, errlen, "%s: %s", what, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

/* Applies one migration with its record, all or nothing. */
static int apply(PGconn *c, const struct migration *m, char *err, size_t errlen)
{
    if (!exec_ok(c, "BEGIN", err, errlen, m->name))
        return 0;
    int ok = exec_ok(c, m->sql, err, errlen, m->name);
    if (ok) {
        char version[16];
        snprintf(version, sizeof version, "%d", m->version);
        const char *p[] = {version, m->name, m->sha256};
        PGresult *r = PQexecParams(c,
                                   "INSERT INTO lotse.schema_migrations (version, name, sha256)"
                                   " VALUES ($1, $2, $3)",
                                   3, NULL, p, NULL, NULL, 0);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            fail(err, errlen, "%s: recording it failed: %s", m->name, PQresultErrorMessage(r));
        PQclear(r);
    }
    if (ok)
        return exec_ok(c, "COMMIT", err, errlen, m->name);
    PQclear(PQexec(c, "ROLLBACK"));
    return 0;
}

/* Applies what is pending; the lock is held by the caller. */
static int apply_pending(PGconn *c, struct migration *ms, int n, FILE *out, char *err,
                         size_t errlen)
{
    PGresult *r = PQexec(c, "SELECT version, name, sha256 FROM lotse.schema_migrations");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fail(err, errlen, "reading applied migrations: %s", PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    int applied = 0;
    for (int i = 0; i < n; i++) {
        int found = 0;
        for (int row = 0; row < PQntuples(r) && !found; row++) {
            if (atoi(PQgetvalue(r, row, 0)) != ms[i].version)
                continue;
            found = 1;
            if (strcmp(PQgetvalue(r, row, 2), ms[i].sha256) != 0) {
                fail(err, errlen,
                     "%s was changed after it was applied (as %s); "
                     "write a new migration instead",
                     ms[i].name, PQgetvalue(r, row, 1));
                PQclear(r);
                return -1;
            }
        }
        if (found)
            continue;
        if (!apply(c, &ms[i], err, errlen)) {
            PQclear(r);
            return -1;
        }
        if (out)
            fprintf(out, "applied %s\n", ms[i].name);
        applied++;
    }
    PQclear(r);
    return applied;
}

int lt_migrate(PGconn *conn, const char *dir, FILE *out, char *err, size_t errlen)
{
    struct migration *ms = calloc(MAX_MIGRATIONS, sizeof *ms);
    if (!ms)
        abort();
    int result = -1;
    int n = load_dir(dir, ms, err, errlen);
    if (n >= 0 &&
        exec_ok(conn, "SET client_min_messages = warning", err, errlen, "session setup") &&
        exec_ok(conn, "SELECT pg_advisory_lock(hashtext('lotse.migrate'))", err, errlen,
                "taking the migration lock")) {
        if (exec_ok(conn,
                    "CREATE SCHEMA IF NOT EXISTS lotse;"
                    "CREATE TABLE IF NOT EXISTS lotse.schema_migrations ("
                    " version integer PRIMARY KEY, name text NOT NULL,"
                    " sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                    err, errlen, "creating lotse.schema_migrations"))
            result = apply_pending(conn, ms, n, out, err, errlen);
        PQclear(PQexec(conn, "SELECT pg_advisory_unlock(hashtext('lotse.migrate'))"));
    }
    for (int i = 0; i < MAX_MIGRATIONS; i++)
        free(ms[i].sql);
    free(ms);
    return result;
}
