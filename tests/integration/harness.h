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

/* An app connected as lotse_app (conninfo NULL) or with the given conninfo.
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

/* The response body parsed as JSON (freed with the arena); fails the test if it is not. */
json_t *th_json(lt_arena *a, const lt_resp *resp);
/* The value of a response header or NULL. */
const char *th_header(const lt_resp *resp, const char *name);

/* A connection as the owner role (for setup and inspection); fails the test if none. */
PGconn *th_owner(void);
/* Runs sql over conn and returns the first column of the first row (static buffer). */
const char *th_scalar(PGconn *conn, const char *sql);

#endif
