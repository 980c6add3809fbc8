/*
 * harness.h - drives the request pipeline in-process against the real
 * PostgreSQL of the test fixture (LOTSE_TEST_DATABASE as lotse_app,
 * LOTSE_TEST_OWNER_DATABASE as the owner), with no socket and no FastCGI.
 */
#ifndef LOTSE_TEST_HARNESS_H
#define LOTSE_TEST_HARNESS_H

#include "lotse/app.h"

#include <jansson.h>
#include <libpq-fe.h>

/* An app connected as lotse_app (conninfo NULL) or with the given conninfo,
 * signing packages with the fixture's key (LOTSE_SIGNING_KEY).
 * The config lives as long as the process. */
lt_app *th_app(const char *conninfo);
/* Destroys an app made by th_app together with its config. */
void th_app_destroy(lt_app *app);

/* The app and arena of a test group: th_setup and th_teardown are the group's
 * cmocka setup and teardown, making and destroying both. */
extern lt_app *th_group_app;
extern lt_arena *th_group_arena;
int th_setup(void **state);
int th_teardown(void **state);

/* Runs one request through lt_app_handle; the response lives in arena a.
 * content_type and body may be NULL. Returns the status. */
int th_request(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
               const char *content_type, const char *body);

/* th_request with request headers (names lower-case, as the adapter passes them).
 * headers may be NULL when nheaders is 0. Records the request id the pipeline
 * used in th_last_request_id. */
int th_request_h(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                 const char *content_type, const char *body, const lt_pair *headers,
                 size_t nheaders);
/* th_request_h with a body of len bytes (a ZIP may hold NUL bytes). */
int th_request_bytes(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                     const char *content_type, const char *body, size_t len, const lt_pair *headers,
                     size_t nheaders);
/* The request id of the last th_request_h or th_request_as (arena memory of that call). */
extern const char *th_last_request_id;

/* Buffer sizes for th_sign_in's outputs, NUL included. */
#define TH_TOKEN_SIZE 64
#define TH_UUID_SIZE  37

/*
 * A signed-in caller made directly in the database as the owner (no login
 * route): a new user with a unique email (email_prefix-<pid>-<n>@test.example),
 * the global role (NULL: none), the membership member_role in region_slug (both
 * NULL: none), and a session valid for an hour. Writes the cookie token and the
 * CSRF token (TH_TOKEN_SIZE bytes each) and, when user_id is not NULL, the
 * user's id (TH_UUID_SIZE bytes). Fails the test when the database refuses.
 */
void th_sign_in(PGconn *owner, const char *email_prefix, const char *global_role,
                const char *region_slug, const char *member_role, char *token, char *csrf,
                char *user_id);

/* A request as the caller of token (NULL: anonymous) with the CSRF header csrf
 * (NULL: none). A body is sent as application/json. Returns the status. */
int th_request_as(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                  const char *body, const char *token, const char *csrf);

/* A request as the caller of token (cookie __Host-lotse) with the CSRF header
 * csrf, and If-Match and Idempotency-Key when those are not NULL. A body is sent
 * as application/json. Returns the status. */
int th_request_signed(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                      const char *body, const char *token, const char *csrf, const char *if_match,
                      const char *idempotency_key);

/* The response body parsed as JSON (freed with the arena); fails the test if it is not. */
json_t *th_json(lt_arena *a, const lt_resp *resp);
/* The value of a response header or NULL. */
const char *th_header(const lt_resp *resp, const char *name);

/* A connection as the owner role (for setup and inspection); fails the test if none. */
PGconn *th_owner(void);
/* Note: lotse.audit_log's row-level security is FORCEd, so it binds the owner too:
 * to read the log over such a connection, first run
 * SELECT set_config('lotse.roles', 'admin', false). */
/* Runs sql over conn and returns the first column of the first row (static buffer). */
const char *th_scalar(PGconn *conn, const char *sql);

/* Accounts and logins through the real login route (test_session.c and
 * test_login_throttle.c). */

/*
 * th_request_as from the client address addr (NULL: none, as when nginx passed
 * no REMOTE_ADDR): what the login throttle counts per client. Records
 * th_last_request_id.
 */
int th_request_from(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
                    const char *body, const char *addr, const char *token, const char *csrf);

/* POST /api/v1/session {"email", "password"} from addr, sending the session
 * cookie token (NULL: none). Returns the status. */
int th_login(lt_app *app, lt_arena *a, lt_resp *resp, const char *email, const char *password,
             const char *addr, const char *token);

/* The session token a response's Set-Cookie hands out (arena a), NULL when it
 * sets none or clears it. */
const char *th_cookie_token(lt_app *app, lt_arena *a, const lt_resp *resp);

/* A user made as the owner, with display name "Test <email>" and password
 * hashed at scrypt {log2_n, 8, 1}. Returns the id (arena a); fails the test
 * when the database refuses. */
const char *th_add_user(PGconn *owner, lt_arena *a, const char *email, const char *password,
                        unsigned log2_n);

/* The first column of the first row of sql with params over conn (arena a; ""
 * when there is no row); fails the test when the statement fails. */
const char *th_value(PGconn *conn, lt_arena *a, const char *sql, int n, const char *const *params);

#endif
