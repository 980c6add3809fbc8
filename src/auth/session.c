/*
 * session.c - the session cookie and the sessions table; see session.h.
 *
 * Why the lookup is one statement: it refreshes the idle clock, checks expiry,
 * logout and the user's disabled flag, and loads roles and memberships in one
 * round trip, inside the request's transaction, before the caller's identity is
 * handed to row-level security.
 */
#include "lotse/session.h"
#include "lotse/app.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43 /* base64url of 32 bytes, without padding */

const char *lt_session_cookie_name(const lt_config *cfg)
{
    return cfg->insecure_dev_cookie ? "lotse" : "__Host-lotse";
}

/* The cookie's value when it appears exactly once, else NULL. */
static const char *cookie_value(lt_req *req, const char *name)
{
    const char *header = lt_req_header(req, "cookie");
    const char *found = NULL;
    size_t nlen = strlen(name);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
            if (found)
                return NULL; /* two cookies of one name: trust neither */
            found = lt_arena_strndup(req->arena, p + nlen + 1, len - nlen - 1);
        }
        p = end ? end + 1 : p + len;
    }
    return found;
}

static void base64url(const unsigned char *in, size_t n, char *out)
{
    int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
    while (len > 0 && out[len - 1] == '=')
        len--;
    out[len] = '\0';
    for (char *p = out; *p; p++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
}

/* "\x<hex>" as PostgreSQL's bytea input, in the arena. */
static const char *bytea_hex(lt_arena *a, const unsigned char *bytes, size_t n)
{
    char *out = lt_arena_alloc(a, 2 * n + 3);
    out[0] = '\\';
    out[1] = 'x';
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 + 2 * i, 3, "%02x", bytes[i]);
    return out;
}

static unsigned char *token_hash(lt_arena *a, const char *token)
{
    unsigned char *md = lt_arena_alloc(a, 32);
    unsigned int len = 0;
    EVP_Digest(token, strlen(token), md, &len, EVP_sha256(), NULL);
    return md;
}

/* "3:coordinator:bochum,5:region_viewer:meo" -> memberships */
static void parse_memberships(lt_arena *a, const char *text, lt_identity *who)
{
    size_t n = *text ? 1 : 0;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    who->memberships = lt_arena_calloc(a, n ? n : 1, sizeof *who->memberships);
    who->nmemberships = 0;
    char *copy = lt_arena_strdup(a, text), *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
        char *role = strchr(item, ':');
        char *slug = role ? strchr(role + 1, ':') : NULL;
        if (!slug)
            continue;
        *role++ = '\0';
        *slug++ = '\0';
        lt_membership *m = &who->memberships[who->nmemberships++];
        m->region_id = atoi(item);
        m->roles = lt_member_role_from_name(role);
        m->slug = slug;
    }
}

static void parse_roles(const char *text, lt_identity *who, lt_arena *a)
{
    char *copy = lt_arena_strdup(a, text), *save = NULL;
    who->roles = 0;
    for (char *r = strtok_r(copy, ",", &save); r; r = strtok_r(NULL, ",", &save))
        who->roles |= lt_role_from_name(r);
}

lt_db_status lt_session_lookup(lt_req *req, lt_identity *who)
{
    memset(who, 0, sizeof *who);
    const char *token = cookie_value(req, lt_session_cookie_name(req->app->cfg));
    if (!token || strlen(token) != TOKEN_CHARS ||
        strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
            TOKEN_CHARS)
        return LT_DB_OK;
    unsigned char *hash = token_hash(req->arena, token);
    char idle[16];
    snprintf(idle, sizeof idle, "%d", req->app->cfg->session_idle);
    const char *params[] = {bytea_hex(req->arena, hash, 32), idle};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH s AS (UPDATE lotse.sessions SET last_seen_at = now()"
        "  WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > now()"
        "    AND last_seen_at > now() - make_interval(secs => $2::int)"
        "  RETURNING user_id, csrf_token)"
        " SELECT u.id, u.email, u.display_name, s.csrf_token,"
        "  coalesce((SELECT string_agg(role, ',') FROM lotse.user_roles WHERE user_id = u.id),"
        "   ''),"
        "  coalesce((SELECT string_agg(m.region_id || ':' || m.role || ':' || r.slug, ',')"
        "   FROM lotse.memberships m JOIN lotse.regions r ON r.id = m.region_id"
        "   WHERE m.user_id = u.id), '')"
        " FROM s JOIN lotse.users u ON u.id = s.user_id WHERE NOT u.disabled",
        2, params);
    if (st != LT_DB_OK || PQntuples(res) != 1)
        return st;
    lt_arena *a = req->arena;
    who->user_id = lt_arena_strdup(a, PQgetvalue(res, 0, 0));
    who->email = lt_arena_strdup(a, PQgetvalue(res, 0, 1));
    who->display_name = lt_arena_strdup(a, PQgetvalue(res, 0, 2));
    who->csrf_token = lt_arena_strdup(a, PQgetvalue(res, 0, 3));
    parse_roles(PQgetvalue(res, 0, 4), who, a);
    parse_memberships(a, PQgetvalue(res, 0, 5), who);
    who->session_hash = hash;
    return LT_DB_OK;
}

static void set_cookie(lt_req *req, lt_resp *resp, const char *value, int max_age)
{
    const lt_config *cfg = req->app->cfg;
    lt_resp_header(resp, "Set-Cookie",
                   lt_arena_printf(req->arena,
                                   "%s=%s; Path=/; Max-Age=%d; HttpOnly; %sSameSite=Strict",
                                   lt_session_cookie_name(cfg), value, max_age,
                                   cfg->insecure_dev_cookie ? "" : "Secure; "));
}

lt_db_status lt_session_start(lt_req *req, lt_resp *resp, const char *user_id,
                              const char **csrf_token)
{
    unsigned char raw[TOKEN_BYTES], csrf_raw[TOKEN_BYTES];
    if (RAND_bytes(raw, sizeof raw) != 1 || RAND_bytes(csrf_raw, sizeof csrf_raw) != 1)
        abort(); /* no randomness: nothing safe can be handed out */
    char token[TOKEN_CHARS + 4], csrf[TOKEN_CHARS + 4];
    base64url(raw, sizeof raw, token);
    base64url(csrf_raw, sizeof csrf_raw, csrf);
    OPENSSL_cleanse(raw, sizeof raw);
    char lifetime[16];
    snprintf(lifetime, sizeof lifetime, "%d", req->app->cfg->session_lifetime);
    const char *params[] = {bytea_hex(req->arena, token_hash(req->arena, token), 32), user_id, csrf,
                            lifetime};
    lt_db_status st = lt_db_exec(req->app->db, req->arena, NULL,
                                 "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token,"
                                 " expires_at) VALUES ($1, $2, $3,"
                                 " now() + make_interval(secs => $4::int))",
                                 4, params);
    if (st != LT_DB_OK)
        return st;
    set_cookie(req, resp, token, req->app->cfg->session_lifetime);
    OPENSSL_cleanse(token, sizeof token);
    *csrf_token = lt_arena_strdup(req->arena, csrf);
    return LT_DB_OK;
}

lt_db_status lt_session_end(lt_req *req, lt_resp *resp, const lt_identity *who)
{
    set_cookie(req, resp, "", 0);
    if (!who->session_hash)
        return LT_DB_OK;
    const char *params[] = {bytea_hex(req->arena, who->session_hash, 32)};
    return lt_db_exec(req->app->db, req->arena, NULL,
                      "UPDATE lotse.sessions SET ended_at = now()"
                      " WHERE token_hash = $1 AND ended_at IS NULL",
                      1, params);
}

lt_db_status lt_session_end_others(lt_req *req, const char *user_id, const unsigned char *keep)
{
    const char *params[] = {user_id, keep ? bytea_hex(req->arena, keep, 32) : NULL};
    return lt_db_exec(req->app->db, req->arena, NULL,
                      "UPDATE lotse.sessions SET ended_at = now()"
                      " WHERE user_id = $1 AND ended_at IS NULL"
                      "  AND token_hash IS DISTINCT FROM $2::bytea",
                      2, params);
}
