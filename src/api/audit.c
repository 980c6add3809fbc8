/* audit.c - PLACEHOLDER: being written; answers 500 until then. */
#include "lotse/api.h"
#include "lotse/problem.h"

int lt_api_audit_list(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

int lt_api_region_audit_list(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}
