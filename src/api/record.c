/* record.c - shared pieces of record handlers; see record.h. */
#include "lotse/record.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>

const char *lt_record_region(lt_req *req)
{
    return lt_arena_printf(req->arena, "%d", req->region_id);
}

const char *lt_record_id(lt_req *req)
{
    const char *id = lt_req_param(req, "id");
    return id && lt_is_uuid(id) ? id : NULL;
}

int lt_record_not_found(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
}

int lt_record_answer(lt_req *req, lt_resp *resp, const char *sql, int n, const char *const *params,
                     int status)
{
    if (resp->location_only) /* an import: the id is in Location, the record is not needed */
        return resp->status = status;
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, sql, n, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    lt_etag_set(resp, atoi(PQgetvalue(res, 0, 1)));
    resp->content_type = "application/json";
    return resp->status = status;
}

int lt_record_delete(lt_req *req, lt_resp *resp, const char *delete_sql, const char *entity)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), id};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, delete_sql, 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    const char *action = lt_arena_printf(req->arena, "%s_deleted", entity);
    if ((st = lt_audit(req, NULL, req->region_id, action, entity, id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return resp->status = 204;
}

int lt_record_update_missed(lt_req *req, lt_resp *resp, const char *version_sql, int n,
                            const char *const *params)
{
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, version_sql, n, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    return lt_version_conflict(req, resp, atoi(PQgetvalue(res, 0, 0)));
}

lt_db_status lt_record_insert(lt_req *req, lt_resp *resp, const char *entity,
                              const char *insert_sql, const lt_values *v, const char **id)
{
    const char **params = lt_arena_calloc(req->arena, v->n + 1, sizeof *params);
    params[0] = lt_record_region(req);
    for (size_t i = 0; i < v->n; i++)
        params[i + 1] = v->text[i];
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, insert_sql, (int)v->n + 1, params);
    if (st != LT_DB_OK)
        return st;
    *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    st = lt_audit(req, NULL, req->region_id, lt_arena_printf(req->arena, "%s_created", entity),
                  entity, *id);
    if (st == LT_DB_OK)
        lt_resp_header(resp, "Location", lt_arena_printf(req->arena, "%s/%s", req->path, *id));
    return st;
}

int lt_record_update(lt_req *req, lt_resp *resp, const char *entity, const char *table,
                     const lt_schema *s, const char *update_sql, lt_record_refusal refused)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, s, LT_VALIDATE_PATCH, &v)))
        return status;
    const char *lead[] = {lt_record_region(req), id, lt_arena_printf(req->arena, "%d", version)};
    int nparams;
    const char **params = lt_values_patch_params(req->arena, &v, lead, 3, &nparams);
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, update_sql, nparams, params);
    if (st == LT_DB_ERROR && refused && (status = refused(req, resp)))
        return status;
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        /* table is one of the resource's own names, never input */
        const char *sql = lt_arena_printf(
            req->arena, "SELECT version FROM %s WHERE region_id = $1 AND id = $2", table);
        return lt_record_update_missed(req, resp, sql, 2, lead);
    }
    st = lt_audit(req, NULL, req->region_id, lt_arena_printf(req->arena, "%s_updated", entity),
                  entity, id);
    return st == LT_DB_OK ? 0 : lt_api_db_problem(req, resp, st);
}
