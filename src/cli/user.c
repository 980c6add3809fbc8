/*
 * user.c - `lotse user ...`: accounts, their global roles and their region
 * memberships, managed by an operator over the owner connection.
 *
 * lotsed has no sign-up: this is how the first administrator comes to exist,
 * and how an operator locks someone out at once (disable and passwd end every
 * session of the account). Each change runs in one transaction together with
 * its audit row - user_id NULL, as the actor is the operator, not an account -
 * so the log never shows a change that did not happen, nor misses one that did.
 *
 * Passwords come from standard input, never from the command line, which
 * others can read in ps and in the shell's history. Email addresses are
 * matched regardless of case, as the unique index on lower(email) does.
 */
#include "lotse/cli.h"
#include "password_input.h"
#include "lotse/parse.h"
#include "lotse/password.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                      \
    "usage: lotse user add EMAIL --name NAME   (password: one line on standard input)\n"           \
    "       lotse user passwd EMAIL            (password: one line on standard input)\n"           \
    "       lotse user disable EMAIL | enable EMAIL\n"                                             \
    "       lotse user grant EMAIL ROLE [--region SLUG]\n"                                         \
    "       lotse user revoke EMAIL ROLE [--region SLUG]\n"                                        \
    "       lotse user list\n"                                                                     \
    "roles: fai_staff, fai_esf, fai_lead, admin (global: no --region);\n"                          \
    "       coordinator, region_viewer (of one region: --region SLUG)\n"

#define NAME_MAX_CHARS 200

/* The words after `lotse user VERB`. */
typedef struct {
    const char *email;
    const char *role;
    const char *name;
    const char *region;
} user_args;

static int user_add(PGconn *conn, const user_args *a);
static int user_passwd(PGconn *conn, const user_args *a);
static int user_disable(PGconn *conn, const user_args *a);
static int user_enable(PGconn *conn, const user_args *a);
static int user_grant(PGconn *conn, const user_args *a);
static int user_revoke(PGconn *conn, const user_args *a);
static int user_list(PGconn *conn, const user_args *a);

static const struct {
    const char *verb;
    int words; /* EMAIL (1), EMAIL ROLE (2) or none */
    bool takes_name, takes_region;
    int (*run)(PGconn *conn, const user_args *a);
} verbs[] = {
    {"add", 1, true, false, user_add},          {"passwd", 1, false, false, user_passwd},
    {"disable", 1, false, false, user_disable}, {"enable", 1, false, false, user_enable},
    {"grant", 2, false, true, user_grant},      {"revoke", 2, false, true, user_revoke},
    {"list", 0, false, false, user_list},
};

/* Global roles live in user_roles, regional ones in memberships (sql/0003). */
static const struct {
    const char *name;
    bool regional;
} roles[] = {
    {"fai_staff", false}, {"fai_esf", false},    {"fai_lead", false},
    {"admin", false},     {"coordinator", true}, {"region_viewer", true},
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static PGresult *sql(PGconn *conn, const char *query, int n, const char *const *params);
static bool sql_do(PGconn *conn, const char *query);
static bool audit(PGconn *conn, const char *region_id, const char *action, const char *user_id);
static int account_exists(PGconn *conn, const char *email);
static PGresult *lock_account(PGconn *conn, const char *email);
static bool email_plausible(const char *email);
static bool name_plausible(const char *name);
static int set_disabled(PGconn *conn, const char *email, bool disabled);
static int change_role(PGconn *conn, const user_args *a, bool grant);

int lt_cli_user(PGconn *conn, int argc, char **argv)
{
    if (argc >= 1 && (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (argc < 1)
        return usage_error("which command?");
    size_t v = 0;
    while (v < sizeof verbs / sizeof verbs[0] && strcmp(argv[0], verbs[v].verb) != 0)
        v++;
    if (v == sizeof verbs / sizeof verbs[0])
        return usage_error("unknown command '%s'", argv[0]);

    user_args a = {0};
    const char *words[2] = {NULL, NULL};
    int nwords = 0;
    for (int i = 1; i < argc; i++) {
        const char **opt = NULL;
        if (strcmp(argv[i], "--name") == 0 && verbs[v].takes_name)
            opt = &a.name;
        else if (strcmp(argv[i], "--region") == 0 && verbs[v].takes_region)
            opt = &a.region;
        if (opt) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argv[i]);
            if (*opt)
                return usage_error("%s given twice", argv[i]);
            *opt = argv[++i];
        } else if (argv[i][0] == '-') {
            return usage_error("'%s' is not an option of 'lotse user %s'", argv[i], verbs[v].verb);
        } else if (nwords < verbs[v].words) {
            words[nwords++] = argv[i];
        } else {
            return usage_error("too many arguments for 'lotse user %s'", verbs[v].verb);
        }
    }
    if (nwords < verbs[v].words)
        return usage_error("'lotse user %s' needs %s", verbs[v].verb,
                           verbs[v].words == 2 ? "EMAIL and ROLE" : "EMAIL");
    if (verbs[v].takes_name && !a.name)
        return usage_error("'lotse user %s' needs --name NAME", verbs[v].verb);
    a.email = words[0];
    a.role = words[1];
    return verbs[v].run(conn, &a);
}

/* ---------------------------------------------------------------- commands */

static int user_add(PGconn *conn, const user_args *a)
{
    char hash[LT_PASSWORD_HASH_MAX];
    PGresult *r = NULL;
    int rc = 1;

    if (!email_plausible(a->email))
        return lt_cli_fail("not an email address: one '@', no spaces or control characters, "
                           "3 to 254 bytes");
    if (!name_plausible(a->name))
        return lt_cli_fail(
            "--name must be 1 to %d characters of UTF-8 text without control characters",
            NAME_MAX_CHARS);
    int exists = account_exists(conn, a->email);
    if (exists != 0)
        return exists > 0 ? lt_cli_fail("an account with this email exists: %s", a->email) : 1;
    if (!lt_cli_new_password_hash(hash, sizeof hash))
        return 1;

    if (!sql_do(conn, "BEGIN"))
        goto done;
    /* The pre-check above spares a password prompt; this one holds against a race. */
    const char *p[] = {a->email, a->name, hash};
    r = sql(conn,
            "INSERT INTO lotse.users (email, display_name, password_hash) VALUES ($1, $2, $3)"
            " ON CONFLICT ((lower(email))) DO NOTHING RETURNING id",
            3, p);
    if (!r)
        goto done;
    if (PQntuples(r) == 0) {
        lt_cli_fail("an account with this email exists: %s", a->email);
        goto done;
    }
    if (!audit(conn, NULL, "cli_user_added", PQgetvalue(r, 0, 0)) || !sql_do(conn, "COMMIT"))
        goto done;
    printf("%s\n", PQgetvalue(r, 0, 0));
    rc = 0;
done:
    if (rc != 0)
        PQclear(PQexec(conn, "ROLLBACK"));
    PQclear(r);
    explicit_bzero(hash, sizeof hash);
    return rc;
}

static int user_passwd(PGconn *conn, const user_args *a)
{
    char hash[LT_PASSWORD_HASH_MAX];
    PGresult *r = NULL, *ended = NULL;
    int rc = 1;

    int exists = account_exists(conn, a->email);
    if (exists <= 0)
        return exists == 0 ? lt_cli_fail("no account with this email: %s", a->email) : 1;
    if (!lt_cli_new_password_hash(hash, sizeof hash))
        return 1;

    if (!sql_do(conn, "BEGIN") || !(r = lock_account(conn, a->email)))
        goto done;
    const char *id = PQgetvalue(r, 0, 0);
    const char *p[] = {id, hash};
    PGresult *u = sql(conn,
                      "UPDATE lotse.users SET password_hash = $2, updated_at = now(),"
                      " version = version + 1 WHERE id = $1",
                      2, p);
    if (!u)
        goto done;
    PQclear(u);
    /* A new password is the answer to a leaked one: no session survives it. */
    ended = sql(conn,
                "UPDATE lotse.sessions SET ended_at = now()"
                " WHERE user_id = $1 AND ended_at IS NULL",
                1, p);
    if (!ended || !audit(conn, NULL, "cli_password_set", id) || !sql_do(conn, "COMMIT"))
        goto done;
    printf("password of %s changed; %s session(s) ended\n", PQgetvalue(r, 0, 1),
           PQcmdTuples(ended));
    rc = 0;
done:
    if (rc != 0)
        PQclear(PQexec(conn, "ROLLBACK"));
    PQclear(ended);
    PQclear(r);
    explicit_bzero(hash, sizeof hash);
    return rc;
}

static int user_disable(PGconn *conn, const user_args *a)
{
    return set_disabled(conn, a->email, true);
}

static int user_enable(PGconn *conn, const user_args *a)
{
    return set_disabled(conn, a->email, false);
}

static int user_grant(PGconn *conn, const user_args *a)
{
    return change_role(conn, a, true);
}

static int user_revoke(PGconn *conn, const user_args *a)
{
    return change_role(conn, a, false);
}

static int user_list(PGconn *conn, const user_args *a)
{
    (void)a;
    PGresult *r = sql(conn,
                      "SELECT u.email, u.display_name,"
                      "  CASE WHEN u.disabled THEN 'disabled' ELSE 'active' END,"
                      "  coalesce((SELECT string_agg(role, ',' ORDER BY role)"
                      "            FROM lotse.user_roles WHERE user_id = u.id), '-'),"
                      "  coalesce((SELECT string_agg(g.slug || ':' || m.role, ','"
                      "                              ORDER BY g.slug, m.role)"
                      "            FROM lotse.memberships m JOIN lotse.regions g"
                      "              ON g.id = m.region_id WHERE m.user_id = u.id), '-')"
                      " FROM lotse.users u ORDER BY lower(u.email), u.email",
                      0, NULL);
    if (!r)
        return 1;
    for (int i = 0; i < PQntuples(r); i++)
        printf("%s\t%s\t%s\t%s\t%s\n", PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
               PQgetvalue(r, i, 2), PQgetvalue(r, i, 3), PQgetvalue(r, i, 4));
    PQclear(r);
    return 0;
}

/* ---------------------------------------------------------------- changes */

static int set_disabled(PGconn *conn, const char *email, bool disabled)
{
    PGresult *r = NULL, *ended = NULL;
    int rc = 1;

    if (!sql_do(conn, "BEGIN") || !(r = lock_account(conn, email)))
        goto done;
    const char *id = PQgetvalue(r, 0, 0);
    bool was_disabled = strcmp(PQgetvalue(r, 0, 2), "t") == 0;
    const char *p[] = {id, disabled ? "true" : "false"};
    if (was_disabled != disabled) {
        PGresult *u = sql(conn,
                          "UPDATE lotse.users SET disabled = $2, updated_at = now(),"
                          " version = version + 1 WHERE id = $1",
                          2, p);
        if (!u)
            goto done;
        PQclear(u);
    }
    /* Also when it was disabled already: a disabled account keeps no session. */
    if (disabled && !(ended = sql(conn,
                                  "UPDATE lotse.sessions SET ended_at = now()"
                                  " WHERE user_id = $1 AND ended_at IS NULL",
                                  1, p)))
        goto done;
    bool changed = was_disabled != disabled || (ended && strcmp(PQcmdTuples(ended), "0") != 0);
    if (changed && !audit(conn, NULL, disabled ? "cli_user_disabled" : "cli_user_enabled", id))
        goto done;
    if (!sql_do(conn, "COMMIT"))
        goto done;
    if (was_disabled == disabled)
        printf("%s was %s already", PQgetvalue(r, 0, 1), disabled ? "disabled" : "enabled");
    else
        printf("%s %s", disabled ? "disabled" : "enabled", PQgetvalue(r, 0, 1));
    if (ended)
        printf("; %s session(s) ended", PQcmdTuples(ended));
    printf("\n");
    rc = 0;
done:
    if (rc != 0)
        PQclear(PQexec(conn, "ROLLBACK"));
    PQclear(ended);
    PQclear(r);
    return rc;
}

/* grant (idempotent: granting what is held changes nothing) or revoke (what is
 * not held is an error: the operator meant someone or something else). */
static int change_role(PGconn *conn, const user_args *a, bool grant)
{
    PGresult *acct = NULL, *region = NULL, *r = NULL;
    int rc = 1;
    size_t i = 0;

    while (i < sizeof roles / sizeof roles[0] && strcmp(a->role, roles[i].name) != 0)
        i++;
    if (i == sizeof roles / sizeof roles[0])
        return usage_error("unknown role '%s'", a->role);
    if (roles[i].regional && !a->region)
        return usage_error("role %s is held in one region: add --region SLUG", a->role);
    if (!roles[i].regional && a->region)
        return usage_error("role %s is global: --region does not go with it", a->role);

    if (!sql_do(conn, "BEGIN") || !(acct = lock_account(conn, a->email)))
        goto done;
    const char *id = PQgetvalue(acct, 0, 0), *email = PQgetvalue(acct, 0, 1);
    const char *region_id = NULL;
    if (roles[i].regional) {
        const char *p[] = {a->region};
        if (!(region = sql(conn, "SELECT id FROM lotse.regions WHERE slug = $1", 1, p)))
            goto done;
        if (PQntuples(region) == 0) {
            lt_cli_fail("no region '%s' (see lotse region list)", a->region);
            goto done;
        }
        region_id = PQgetvalue(region, 0, 0);
    }

    const char *p[] = {id, a->role, region_id};
    if (grant && region_id)
        r = sql(conn,
                "INSERT INTO lotse.memberships (region_id, user_id, role)"
                " VALUES ($3::smallint, $1, $2) ON CONFLICT DO NOTHING RETURNING 1",
                3, p);
    else if (grant)
        r = sql(conn,
                "INSERT INTO lotse.user_roles (user_id, role) VALUES ($1, $2)"
                " ON CONFLICT DO NOTHING RETURNING 1",
                2, p);
    else if (region_id)
        r = sql(conn,
                "DELETE FROM lotse.memberships"
                " WHERE region_id = $3::smallint AND user_id = $1 AND role = $2 RETURNING 1",
                3, p);
    else
        r = sql(conn, "DELETE FROM lotse.user_roles WHERE user_id = $1 AND role = $2 RETURNING 1",
                2, p);
    if (!r)
        goto done;

    char what[160];
    snprintf(what, sizeof what, "%s%s%s", a->role, region_id ? " of " : "",
             region_id ? a->region : "");
    if (PQntuples(r) == 0 && !grant) {
        lt_cli_fail("%s does not hold %s", email, what);
        goto done;
    }
    if (PQntuples(r) > 0 &&
        !audit(conn, region_id, grant ? "cli_role_granted" : "cli_role_revoked", id))
        goto done;
    if (!sql_do(conn, "COMMIT"))
        goto done;
    if (PQntuples(r) == 0)
        printf("%s holds %s already\n", email, what);
    else
        printf("%s %s %s %s\n", grant ? "granted" : "revoked", what, grant ? "to" : "from", email);
    rc = 0;
done:
    if (rc != 0)
        PQclear(PQexec(conn, "ROLLBACK"));
    PQclear(r);
    PQclear(region);
    PQclear(acct);
    return rc;
}

/* ---------------------------------------------------------------- database */

/* Runs query with text parameters (any may be NULL: SQL NULL). Returns the
 * result of a successful command, else prints the error and returns NULL. */
static PGresult *sql(PGconn *conn, const char *query, int n, const char *const *params)
{
    PGresult *r = PQexecParams(conn, query, n, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return r;
    fprintf(stderr, "lotse user: database: %s", PQresultErrorMessage(r));
    PQclear(r);
    return NULL;
}

static bool sql_do(PGconn *conn, const char *query)
{
    PGresult *r = sql(conn, query, 0, NULL);
    PQclear(r);
    return r != NULL;
}

/* The audit row of a change, in the change's transaction. */
static bool audit(PGconn *conn, const char *region_id, const char *action, const char *user_id)
{
    const char *p[] = {region_id, action, user_id};
    PGresult *r = sql(conn,
                      "INSERT INTO lotse.audit_log"
                      " (region_id, user_id, action, entity, entity_id, request_id)"
                      " VALUES ($1::smallint, NULL, $2, 'user', $3, NULL)",
                      3, p);
    PQclear(r);
    return r != NULL;
}

/* 1: an account has this email (in any case), 0: none, -1: error (printed). */
static int account_exists(PGconn *conn, const char *email)
{
    const char *p[] = {email};
    PGresult *r = sql(conn, "SELECT 1 FROM lotse.users WHERE lower(email) = lower($1)", 1, p);
    if (!r)
        return -1;
    int found = PQntuples(r) > 0;
    PQclear(r);
    return found;
}

/* Inside a transaction: the account's row (id, email, disabled), locked until
 * the transaction ends. NULL (after printing why) when there is none. */
static PGresult *lock_account(PGconn *conn, const char *email)
{
    const char *p[] = {email};
    PGresult *r = sql(conn,
                      "SELECT id, email, disabled FROM lotse.users"
                      " WHERE lower(email) = lower($1) FOR UPDATE",
                      1, p);
    if (r && PQntuples(r) == 0) {
        lt_cli_fail("no account with this email: %s", email);
        PQclear(r);
        r = NULL;
    }
    return r;
}

/* ---------------------------------------------------------------- input */

/* What lotse.users' CHECK accepts, minus control characters (which would
 * reach every terminal that lists accounts). */
static bool email_plausible(const char *email)
{
    size_t n = strlen(email);
    const char *at = strchr(email, '@');
    if (n < 3 || n > 254 || !at || at == email || at[1] == '\0' || strchr(at + 1, '@'))
        return false;
    for (const unsigned char *s = (const unsigned char *)email; *s; s++)
        if (*s <= ' ' || *s == 0x7f)
            return false;
    return lt_utf8_valid(email, n);
}

static bool name_plausible(const char *name)
{
    size_t n = strlen(name), chars = 0;
    if (n == 0 || !lt_utf8_valid(name, n))
        return false;
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        if (*s < ' ' || *s == 0x7f)
            return false;
        if ((*s & 0xc0) != 0x80)
            chars++;
    }
    return chars <= NAME_MAX_CHARS;
}

/* ---------------------------------------------------------------- messages */

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("lotse user: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
    fputs(USAGE, stderr);
    return 2;
}

/* Prints "lotse user: MESSAGE" to stderr; returns the failure status 1. */
int lt_cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("lotse user: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\n", stderr);
    va_end(ap);
    return 1;
}
