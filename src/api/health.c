/*
 * health.c - liveness, readiness and metrics.
 *
 * /healthz answers as long as the process serves requests and never touches the
 * database, so a database outage does not make an orchestrator kill healthy
 * workers; /readyz says whether requests can succeed right now.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/metrics.h"

int lt_api_healthz(lt_req *req, lt_resp *resp)
{
    (void)req;
    return lt_resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

int lt_api_readyz(lt_req *req, lt_resp *resp)
{
    lt_db_status st = lt_db_exec(req->app->db, req->arena, NULL, "SELECT 1", 0, NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_resp_json(resp, 200, json_pack("{s:s, s:s}", "status", "ok", "database", "ok"));
}

int lt_api_metrics(lt_req *req, lt_resp *resp)
{
    (void)req;
    lt_metrics_render(&resp->body);
    resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
    resp->status = 200;
    return 200;
}
