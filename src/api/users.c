/* users.c - PLACEHOLDER: being written; answers 500 until then. */
#include "lotse/api.h"
#include "lotse/problem.h"

int lt_api_users_list(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

int lt_api_users_create(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

int lt_api_user_get(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

int lt_api_user_update(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

int lt_api_user_grant(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}

int lt_api_user_revoke(lt_req *req, lt_resp *resp)
{
    return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
}
