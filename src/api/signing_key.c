/*
 * signing_key.c - GET /api/v1/library/signing-key: the public key that checks
 * this instance's best-practice packages (signing.h, docs/packages.md).
 *
 * Public and without the database: whoever received a package, or runs
 * another Lotse instance that wants to trust this one, fetches it. The private
 * key is read from the file the configuration names the first time a thread
 * needs it, and kept; a file that cannot be read is an operator's mistake, so
 * it is logged with its reason and the answer is a plain 500.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/log.h"
#include "lotse/problem.h"
#include "lotse/signing.h"

const lt_signing_key *lt_api_signing_key(lt_req *req)
{
    lt_app *app = req->app;
    if (!app->signing_key) {
        char err[512];
        app->signing_key = lt_signing_key_load(app->cfg->signing_key, err, sizeof err);
        if (!app->signing_key)
            lt_log_event("error", "signing_key", "request %s: signing key %s: %s", req->request_id,
                         app->cfg->signing_key, err);
    }
    return app->signing_key;
}

int lt_api_signing_key_get(lt_req *req, lt_resp *resp)
{
    const lt_signing_key *key = lt_api_signing_key(req);
    if (!key)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    const lt_public_key *pub = lt_signing_key_public(key);
    lt_public_key_pem(pub, &resp->body);
    resp->content_type = "application/x-pem-file";
    /* the fingerprint names the key: a client can compare it with one it noted */
    lt_resp_header(resp, "ETag",
                   lt_arena_printf(req->arena, "\"%s\"", lt_public_key_fingerprint(pub)));
    resp->status = 200;
    return 200;
}
