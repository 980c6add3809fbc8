/*
 * config.h - lotsed's configuration: a file of `key = value` lines, then
 * environment variables LOTSE_<KEY> (upper case) that override the file.
 *
 * Lines starting with '#' and blank lines are ignored; values may be quoted
 * with double quotes. An unknown key or a value that does not parse is an
 * error (a typo must not silently fall back to a default).
 *
 * Keys and defaults (the defaults work for tools/up):
 *   listen          unix:var/run/lotsed.sock | HOST:PORT   (TCP without a host binds 127.0.0.1)
 *   socket_mode     0660 (octal; mode of a Unix socket)
 *   socket_group    group name given to a Unix socket ("" keeps the process's group)
 *   workers         2      worker processes
 *   threads         8      threads per worker, each with its own database connection
 *   backlog         128    listen backlog
 *   database        ""     libpq connection string of the application role
 *   read_database   ""     libpq connection string of a streaming replica (hot standby) of
 *                          that database, as the application role; routes flagged
 *                          LT_ROUTE_REPLICA read there ("": everything goes to database)
 *   max_body        1048576  largest request body in bytes (larger: 413)
 *   max_import_body 16777216 largest body of an import route (a CSV file; larger: 413)
 *   max_json_depth  64     deepest JSON nesting accepted (deeper: 400)
 *   log             "-"    request log: a file path, or "-" for standard error
 *   pid_file        ""     where the master writes its pid ("" writes none)
 *   retry_after     5      seconds advertised in Retry-After when the database is down
 *   scrypt_log2_n   17     password hashing: scrypt N = 2^scrypt_log2_n (OWASP: 17) ...
 *   scrypt_r        8      ... block size r ...
 *   scrypt_p        1      ... and parallelism p; stored hashes weaker than these are
 *                          re-hashed at the next login
 *   max_password_hashes 2  password hashes running at once per worker (more: 503)
 *   session_idle    1800   seconds a session survives without a request
 *   session_lifetime 43200 seconds a session lives at most
 *   insecure_dev_cookie 0  1: the session cookie is "lotse" without Secure, for plain
 *                          http on 127.0.0.1 in development; never in production
 *   notice_min_lead_days 14 an activity's partner notice sent fewer days ahead is late
 *   signing_key     var/keys/signing.pem  the Ed25519 private key (PKCS#8 PEM, mode 0600,
 *                          made by `lotse keygen`) that signs best-practice packages;
 *                          read when first needed (signing.h), not at start
 *   sdc_k           5      dashboards: a count of companies or people from 1 to sdc_k - 1
 *                          is suppressed where it crosses a region boundary (sdc.h; 1: none)
 *
 * The struct is plain data owned by its creator; lt_config_load fills it and
 * lt_config_free releases the strings it allocated.
 */
#ifndef LOTSE_CONFIG_H
#define LOTSE_CONFIG_H

#include <stddef.h>

typedef struct lt_config {
    char *listen;
    unsigned socket_mode;
    char *socket_group;
    int workers;
    int threads;
    int backlog;
    char *database;
    char *read_database;
    size_t max_body;
    size_t max_import_body;
    int max_json_depth;
    char *log;
    char *pid_file;
    int retry_after;
    int scrypt_log2_n, scrypt_r, scrypt_p;
    int max_password_hashes;
    int session_idle, session_lifetime;
    int insecure_dev_cookie;
    int notice_min_lead_days;
    char *signing_key;
    int sdc_k;
} lt_config;

/* Fills cfg with the defaults. */
void lt_config_defaults(lt_config *cfg);
/*
 * Loads defaults, then `path` (NULL: no file), then the environment. On failure
 * returns -1 and writes a one-line reason (with the file name and line number)
 * into err; cfg is then left with defaults only. Returns 0 on success.
 */
int lt_config_load(lt_config *cfg, const char *path, char *err, size_t errlen);
void lt_config_free(lt_config *cfg);

#endif
