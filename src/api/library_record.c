/*
 * library_record.c - the process record of docs/process-format.md: its
 * validation, reading it back and creating a process; see library.h.
 *
 * Why the validation is the package format's own check (process_record.h):
 * a record the API stores is published and made into a package later, and a
 * second, API-only set of rules could accept what the package then refuses.
 * The API adds only what is its own: which members a body may leave out and
 * the 400 problem. The graph is checked again in the database (the triggers
 * of sql/0014_library.sql, and sql/0019 before a version is published) to
 * stop whatever reaches the tables by another way.
 */
#include "lotse/library.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/process_record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>
#include <string.h>

static void decref(void *v)
{
    json_decref(v);
}

int lt_process_validate(lt_req *req, lt_resp *resp, json_t *record, lt_process_input input)
{
    json_t *errors = NULL;
    if (lt_process_check_as(req->arena, record, input, &errors) == 0)
        return 0;
    return lt_problem(resp, req, LT_E_VALIDATION, "The process is not valid.", errors);
}

int lt_process_path(lt_req *req, lt_resp *resp, const char **key, int *version,
                    const char **version_text)
{
    const char *k = lt_req_param(req, "key"), *n = lt_req_param(req, "n");
    size_t len = n ? strlen(n) : 0;
    if (!k || !lt_process_key_ok(k) ||
        (n && (len < 1 || len > 6 || n[0] == '0' || strspn(n, "0123456789") != len ||
               atoi(n) > LT_PROCESS_MAX_VERSION)))
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    *key = k;
    if (version)
        *version = n ? atoi(n) : 0;
    if (version_text)
        *version_text = n;
    return 0;
}

int lt_process_load(lt_req *req, lt_resp *resp, const char *key, int version, json_t **record,
                    int *revision)
{
    const char *params[] = {key, lt_arena_printf(req->arena, "%d", version)};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT lotse.process_record(v.key, v.version)::text, v.revision"
                                 " FROM lotse.process_versions v"
                                 " WHERE v.key = $1 AND v.version = $2::int",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    json_error_t e;
    *record = json_loads(PQgetvalue(res, 0, 0), 0, &e);
    if (!*record)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    lt_arena_on_reset(req->arena, decref, *record);
    *revision = atoi(PQgetvalue(res, 0, 1));
    return 0;
}

int lt_process_answer(lt_req *req, lt_resp *resp, const char *key, int version, int status)
{
    json_t *record;
    int revision, failed = lt_process_load(req, resp, key, version, &record, &revision);
    if (failed)
        return failed;
    char *text = json_dumps(record, JSON_COMPACT);
    if (!text)
        abort();
    lt_buf_puts(&resp->body, text);
    free(text);
    lt_etag_set(resp, revision);
    resp->content_type = "application/json";
    return resp->status = status;
}

int lt_process_create(lt_req *req, lt_resp *resp, int region_id, const char *key, json_t *record,
                      json_t *adapted_from)
{
    char *content = json_dumps(record, JSON_COMPACT);
    char *source = adapted_from ? json_dumps(adapted_from, JSON_COMPACT) : NULL;
    if (!content || (adapted_from && !source))
        abort();
    const char *params[] = {key, region_id ? lt_arena_printf(req->arena, "%d", region_id) : NULL,
                            lt_arena_strdup(req->arena, content),
                            source ? lt_arena_strdup(req->arena, source) : NULL};
    free(content);
    free(source);
    lt_db_status st = lt_db_exec(req->app->db, req->arena, NULL,
                                 "SELECT lotse.process_create($1, $2::smallint, $3::jsonb,"
                                 " $4::jsonb)",
                                 4, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23505") == 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "key", "is taken by another process: choose another key");
        return lt_problem(resp, req, LT_E_CONFLICT, "The key is taken.", errors);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, region_id, "process_created", "process_version",
                       lt_arena_printf(req->arena, "%s/1", key))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return 0;
}
