/* harness.c - see harness.h. */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

static const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v)
        fail_msg("%s is not set: run the integration tests through ctest", name);
    return v;
}

lt_app *th_app(const char *conninfo)
{
    lt_config *cfg = malloc(sizeof *cfg);
    assert_non_null(cfg);
    lt_config_defaults(cfg);
    free(cfg->database);
    cfg->database = strdup(conninfo ? conninfo : env_or_fail("LOTSE_TEST_DATABASE"));
    return lt_app_create(cfg);
}

void th_app_destroy(lt_app *app)
{
    lt_config *cfg = (lt_config *)app->cfg;
    lt_app_destroy(app);
    lt_config_free(cfg);
    free(cfg);
}

lt_app *th_group_app;
lt_arena *th_group_arena;

int th_setup(void **state)
{
    (void)state;
    th_group_app = th_app(NULL);
    th_group_arena = lt_arena_create(4096);
    return 0;
}

int th_teardown(void **state)
{
    (void)state;
    lt_arena_destroy(th_group_arena);
    th_app_destroy(th_group_app);
    return 0;
}

int th_request(lt_app *app, lt_arena *a, lt_resp *resp, const char *method, const char *uri,
               const char *content_type, const char *body)
{
    lt_req *req = lt_arena_calloc(a, 1, sizeof *req);
    req->arena = a;
    req->method = method;
    req->raw_uri = uri;
    req->content_type = content_type;
    req->body = body;
    req->body_len = body ? strlen(body) : 0;
    req->body_too_large = req->body_len > app->cfg->max_body;
    lt_app_handle(app, req, resp);
    return resp->status;
}

static void decref(void *v)
{
    json_decref(v);
}

json_t *th_json(lt_arena *a, const lt_resp *resp)
{
    json_error_t e;
    json_t *v = json_loadb(resp->body.data, resp->body.len, 0, &e);
    if (!v)
        fail_msg("response is not JSON (%s): %.200s", e.text, resp->body.data);
    lt_arena_on_reset(a, decref, v);
    return v;
}

const char *th_header(const lt_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcasecmp(resp->headers[i].name, name) == 0)
            return resp->headers[i].value;
    return NULL;
}

PGconn *th_owner(void)
{
    PGconn *c = PQconnectdb(env_or_fail("LOTSE_TEST_OWNER_DATABASE"));
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("cannot connect as owner: %s", PQerrorMessage(c));
    return c;
}

const char *th_scalar(PGconn *conn, const char *sql)
{
    static char value[1024];
    PGresult *r = PQexec(conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
        snprintf(value, sizeof value, "ERROR: %s", PQresultErrorMessage(r));
    } else {
        snprintf(value, sizeof value, "%s", PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    return value;
}
