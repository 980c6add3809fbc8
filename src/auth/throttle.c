/*
 * throttle.c - counting failed password checks per account and per client;
 * see throttle.h.
 *
 * Why each step is one statement: concurrent failures for one key must all be
 * counted, so the count is read and written by the same INSERT ... ON CONFLICT,
 * never by a SELECT followed by an UPDATE.
 */
#include "lotse/throttle.h"
#include "lotse/app.h"

#include <stdlib.h>
#include <string.h>

enum { ADDR_MAX = 64 }; /* an IPv6 address with a zone fits; the key stays short */

/* The address part of the client's key: printable ASCII only, cut to ADDR_MAX
 * bytes, so no client can grow the key or hand PostgreSQL invalid text. */
static const char *client_address(lt_req *req)
{
    const char *addr = req->remote_addr;
    if (!addr || !*addr)
        return "unknown";
    size_t n = strnlen(addr, ADDR_MAX);
    char *out = lt_arena_strndup(req->arena, addr, n);
    for (unsigned char *p = (unsigned char *)out; *p; p++)
        if (*p < 0x21 || *p > 0x7e)
            *p = '?';
    return out;
}

/* Both keys as a text[] expression over $1 (email) and $2 (address). lower()
 * may lengthen some letters; cutting keeps every key within the column's limit. */
#define EMAIL_KEY "left('email:' || lower($1), 300)"
#define KEYS      "ARRAY[" EMAIL_KEY ", 'addr:' || $2]"

lt_db_status lt_throttle_wait(lt_req *req, const char *email, int *retry_after)
{
    *retry_after = 0;
    const char *params[] = {email, client_address(req)};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int"
                   " FROM lotse.login_throttle WHERE key = ANY (" KEYS ") AND locked_until > now()",
                   2, params);
    if (st == LT_DB_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)) {
        int seconds = atoi(PQgetvalue(res, 0, 0));
        *retry_after = seconds > 1 ? seconds : 1;
    }
    return st;
}

/*
 * A window older than 15 minutes starts again at 1; otherwise the count grows.
 * From the 5th failure on, the key is locked for 30 s * 2^(failures - 5),
 * at most 15 minutes (the exponent is capped so the interval cannot overflow).
 */
lt_db_status lt_throttle_fail(lt_req *req, const char *email)
{
    const char *params[] = {email, client_address(req)};
    return lt_db_exec(
        req->app->db, req->arena, NULL,
        "INSERT INTO lotse.login_throttle AS t (key, failures, window_start)"
        " SELECT k, 1, now() FROM unnest(" KEYS ") AS k"
        " ON CONFLICT (key) DO UPDATE SET (failures, window_start, locked_until) ="
        "  (SELECT f, w, CASE WHEN f >= 5 THEN now() + least("
        "     interval '30 seconds' * power(2, least(f - 5, 5)), interval '15 minutes') END"
        "   FROM (SELECT CASE WHEN stale THEN 1 ELSE t.failures + 1 END AS f,"
        "                CASE WHEN stale THEN now() ELSE t.window_start END AS w"
        "         FROM (SELECT t.window_start <= now() - interval '15 minutes' AS stale) s) c)",
        2, params);
}

lt_db_status lt_throttle_clear(lt_req *req, const char *email)
{
    const char *params[] = {email};
    return lt_db_exec(req->app->db, req->arena, NULL,
                      "DELETE FROM lotse.login_throttle WHERE key = " EMAIL_KEY, 1, params);
}
