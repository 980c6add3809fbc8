/*
 * config.c - reads lotsed's `key = value` file and the LOTSE_<KEY> environment.
 *
 * Why strict: a misspelt key or a value that does not parse must stop lotsed
 * at start (or make a reload fail and keep the old config), never fall back to
 * a default nobody asked for. Every error names where it came from: the file
 * and line, or the environment variable.
 *
 * One table lists the keys; parsing, environment lookup and freeing all walk it.
 */
#include "lotse/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_STRING, K_INT, K_SIZE, K_MODE };

struct key {
    const char *name;
    enum kind kind;
    size_t offset;
    unsigned long long min, max; /* numbers only */
};

#define FIELD(f) offsetof(lt_config, f)

static const struct key keys[] = {
    {"listen", K_STRING, FIELD(listen), 0, 0},
    {"socket_mode", K_MODE, FIELD(socket_mode), 0, 07777},
    {"socket_group", K_STRING, FIELD(socket_group), 0, 0},
    {"workers", K_INT, FIELD(workers), 1, 256},
    /* libfcgi select()s on connection descriptors, which must stay below FD_SETSIZE
     * (1024); each thread holds about three (epoll, database, connection). */
    {"threads", K_INT, FIELD(threads), 1, 256},
    {"backlog", K_INT, FIELD(backlog), 1, 65535},
    {"database", K_STRING, FIELD(database), 0, 0},
    {"read_database", K_STRING, FIELD(read_database), 0, 0},
    {"max_body", K_SIZE, FIELD(max_body), 0, SIZE_MAX / 2},
    {"max_import_body", K_SIZE, FIELD(max_import_body), 0, SIZE_MAX / 2},
    {"max_json_depth", K_INT, FIELD(max_json_depth), 1, 10000},
    {"log", K_STRING, FIELD(log), 0, 0},
    {"pid_file", K_STRING, FIELD(pid_file), 0, 0},
    {"retry_after", K_INT, FIELD(retry_after), 0, 86400},
    {"scrypt_log2_n", K_INT, FIELD(scrypt_log2_n), 10, 20},
    {"scrypt_r", K_INT, FIELD(scrypt_r), 1, 32},
    {"scrypt_p", K_INT, FIELD(scrypt_p), 1, 16},
    {"max_password_hashes", K_INT, FIELD(max_password_hashes), 1, 64},
    {"session_idle", K_INT, FIELD(session_idle), 60, 7 * 86400},
    {"session_lifetime", K_INT, FIELD(session_lifetime), 60, 30 * 86400},
    {"insecure_dev_cookie", K_INT, FIELD(insecure_dev_cookie), 0, 1},
    {"notice_min_lead_days", K_INT, FIELD(notice_min_lead_days), 0, 365},
    {"signing_key", K_STRING, FIELD(signing_key), 0, 0},
    {"sdc_k", K_INT, FIELD(sdc_k), 1, 100},
};
#define NKEYS (sizeof keys / sizeof keys[0])

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

static char **string_field(lt_config *cfg, const struct key *k)
{
    return (char **)((char *)cfg + k->offset);
}

static void set_string(lt_config *cfg, const struct key *k, const char *value)
{
    char **field = string_field(cfg, k);
    free(*field);
    *field = xstrdup(value);
}

void lt_config_defaults(lt_config *cfg)
{
    *cfg = (lt_config){
        .listen = xstrdup("unix:var/run/lotsed.sock"),
        .socket_mode = 0660,
        .socket_group = xstrdup(""),
        .workers = 2,
        .threads = 8,
        .backlog = 128,
        .database = xstrdup(""),
        .read_database = xstrdup(""),
        .max_body = 1048576,
        .max_import_body = 16777216,
        .max_json_depth = 64,
        .log = xstrdup("-"),
        .pid_file = xstrdup(""),
        .retry_after = 5,
        .scrypt_log2_n = 17,
        .scrypt_r = 8,
        .scrypt_p = 1,
        .max_password_hashes = 2,
        .session_idle = 1800,
        .session_lifetime = 43200,
        .insecure_dev_cookie = 0,
        .notice_min_lead_days = 14,
        .signing_key = xstrdup("var/keys/signing.pem"),
        .sdc_k = 5,
    };
}

void lt_config_free(lt_config *cfg)
{
    for (size_t i = 0; i < NKEYS; i++) {
        if (keys[i].kind == K_STRING) {
            char **field = string_field(cfg, &keys[i]);
            free(*field);
            *field = NULL;
        }
    }
}

static const struct key *find_key(const char *name, size_t len)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strlen(keys[i].name) == len && memcmp(keys[i].name, name, len) == 0)
            return &keys[i];
    return NULL;
}

/* Plain digits only: no sign, no spaces, no "0x" (strtoull would accept all three). */
static bool parse_number(const char *s, int base, unsigned long long *out)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!(base == 8 ? (*p >= '0' && *p <= '7') : isdigit((unsigned char)*p)))
            return false;
    errno = 0;
    *out = strtoull(s, NULL, base);
    return errno == 0;
}

/* Stores value into the field of k; on failure writes the reason into why. */
static bool set_value(lt_config *cfg, const struct key *k, const char *value, char *why,
                      size_t whylen)
{
    unsigned long long n;
    if (k->kind == K_STRING) {
        set_string(cfg, k, value);
        return true;
    }
    if (!parse_number(value, k->kind == K_MODE ? 8 : 10, &n) || n < k->min || n > k->max) {
        if (k->kind == K_MODE)
            snprintf(why, whylen, "%s must be an octal mode up to %llo, not \"%s\"", k->name,
                     k->max, value);
        else
            snprintf(why, whylen, "%s must be a whole number from %llu to %llu, not \"%s\"",
                     k->name, k->min, k->max, value);
        return false;
    }
    void *field = (char *)cfg + k->offset;
    switch (k->kind) {
    case K_INT:
        *(int *)field = (int)n;
        break;
    case K_SIZE:
        *(size_t *)field = (size_t)n;
        break;
    case K_MODE:
        *(unsigned *)field = (unsigned)n;
        break;
    case K_STRING:
        break;
    }
    return true;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        *--end = '\0';
    return s;
}

/* Removes the double quotes around a value in place; \" and \\ are its only escapes. */
static bool unquote(char *v, char *why, size_t whylen)
{
    if (*v != '"')
        return true;
    char *out = v;
    const char *in = v + 1;
    for (; *in && *in != '"'; in++) {
        if (*in == '\\' && (in[1] == '"' || in[1] == '\\'))
            in++;
        *out++ = *in;
    }
    if (*in != '"' || in[1] != '\0') {
        snprintf(why, whylen, *in ? "text after the closing quote" : "unterminated quote");
        return false;
    }
    *out = '\0';
    return true;
}

/* One line of the file; returns false with why set. */
static bool parse_line(lt_config *cfg, char *line, char *why, size_t whylen)
{
    char *s = trim(line);
    if (*s == '\0' || *s == '#')
        return true;
    char *eq = strchr(s, '=');
    if (!eq) {
        snprintf(why, whylen, "expected `key = value`");
        return false;
    }
    char *name_end = eq;
    while (name_end > s && (name_end[-1] == ' ' || name_end[-1] == '\t'))
        name_end--;
    const struct key *k = find_key(s, (size_t)(name_end - s));
    if (!k) {
        snprintf(why, whylen, "unknown key \"%.*s\"", (int)(name_end - s), s);
        return false;
    }
    char *value = trim(eq + 1);
    return unquote(value, why, whylen) && set_value(cfg, k, value, why, whylen);
}

static int load_file(lt_config *cfg, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL, why[256];
    size_t cap = 0;
    int rc = 0;
    for (unsigned lineno = 1; getline(&line, &cap, f) >= 0; lineno++) {
        if (!parse_line(cfg, line, why, sizeof why)) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        rc = -1;
    }
    free(line);
    fclose(f);
    return rc;
}

static int load_env(lt_config *cfg, char *err, size_t errlen)
{
    char var[64], why[256];
    for (size_t i = 0; i < NKEYS; i++) {
        int n = snprintf(var, sizeof var, "LOTSE_");
        for (const char *p = keys[i].name; *p && (size_t)n < sizeof var - 1; p++)
            var[n++] = (char)toupper((unsigned char)*p);
        var[n] = '\0';
        const char *value = getenv(var);
        if (value && !set_value(cfg, &keys[i], value, why, sizeof why)) {
            snprintf(err, errlen, "environment %s: %s", var, why);
            return -1;
        }
    }
    return 0;
}

int lt_config_load(lt_config *cfg, const char *path, char *err, size_t errlen)
{
    lt_config_defaults(cfg);
    if ((path && load_file(cfg, path, err, errlen) != 0) || load_env(cfg, err, errlen) != 0) {
        lt_config_free(cfg);
        lt_config_defaults(cfg);
        return -1;
    }
    return 0;
}
