/*
 * problem.c - every error answer, from one table (RFC 9457 problem+json).
 *
 * Why one table: status, type URI and title of an error are decided once, so
 * a client can rely on "urn:lotse:problem:<slug>" meaning the same thing on
 * every route. Handlers only add a detail sentence and field errors. Internal
 * errors never carry either: whatever went wrong is in the log, under the
 * request id the body does carry.
 */
#include "lotse/problem.h"
#include "lotse/app.h"
#include "lotse/parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum {
    INSTANCE_MAX = 200,      /* bytes of the request path echoed as "instance" */
    DEFAULT_RETRY_AFTER = 5, /* seconds, when no configuration is at hand */
};

#define TYPE_PREFIX "urn:lotse:problem:"

static const struct problem {
    int status;
    const char *slug;
    const char *title;
} problems[LT_E__COUNT] = {
    [LT_E_BAD_REQUEST] = {400, "bad-request", "Bad Request"},
    [LT_E_MALFORMED_URI] = {400, "malformed-uri", "Malformed URI"},
    [LT_E_INVALID_UTF8] = {400, "invalid-utf8", "Invalid UTF-8"},
    [LT_E_BAD_QUERY] = {400, "bad-query", "Invalid Query Parameters"},
    [LT_E_INVALID_JSON] = {400, "invalid-json", "Invalid JSON"},
    [LT_E_JSON_TOO_DEEP] = {400, "json-too-deep", "JSON Nested Too Deeply"},
    [LT_E_VALIDATION] = {400, "validation", "Validation Failed"},
    [LT_E_UNAUTHENTICATED] = {401, "unauthenticated", "Not Signed In"},
    [LT_E_LOGIN_FAILED] = {401, "login-failed", "Email or Password Wrong"},
    [LT_E_FORBIDDEN] = {403, "forbidden", "Forbidden"},
    [LT_E_NOT_FOUND] = {404, "not-found", "Not Found"},
    [LT_E_METHOD_NOT_ALLOWED] = {405, "method-not-allowed", "Method Not Allowed"},
    [LT_E_BODY_TOO_LARGE] = {413, "body-too-large", "Request Body Too Large"},
    [LT_E_CONFLICT] = {409, "conflict", "Conflict"},
    [LT_E_UNSUPPORTED_MEDIA] = {415, "unsupported-media-type", "Unsupported Media Type"},
    [LT_E_TOO_MANY_REQUESTS] = {429, "too-many-requests", "Too Many Requests"},
    [LT_E_INTERNAL] = {500, "internal", "Internal Server Error"},
    [LT_E_DB_UNAVAILABLE] = {503, "database-unavailable", "Service Unavailable"},
    [LT_E_BUSY] = {503, "busy", "Service Busy"},
    [LT_E_PRECONDITION_REQUIRED] = {428, "precondition-required", "Precondition Required"},
    [LT_E_PRECONDITION_FAILED] = {412, "precondition-failed", "Precondition Failed"},
    [LT_E_IDEMPOTENCY_MISMATCH] = {422, "idempotency-key-reused", "Idempotency Key Reused"},
    [LT_E_BAD_PACKAGE] = {422, "bad-package", "Package Refused"},
    [LT_E_STORED_RECORD_INVALID] = {500, "stored-record-invalid", "Stored Record Invalid"},
};

static const struct problem *find(lt_error e)
{
    /* An out-of-range value is a bug; answering "internal" beats reading past the table. */
    return (unsigned)e < LT_E__COUNT ? &problems[e] : &problems[LT_E_INTERNAL];
}

int lt_error_status(lt_error e)
{
    return find(e)->status;
}

const char *lt_error_slug(lt_error e)
{
    return find(e)->slug;
}

/* What the client asked for, as far as it can be echoed: the decoded path when
 * the URI parsed, else the raw path; valid UTF-8 and at most INSTANCE_MAX bytes. */
static json_t *instance(const lt_req *req)
{
    const char *s = req->path;
    size_t n;
    if (s)
        n = strlen(s);
    else if ((s = req->raw_uri))
        n = strcspn(s, "?");
    else
        return NULL;
    n = lt_utf8_prefix(s, n, INSTANCE_MAX);
    return n ? json_stringn(s, n) : NULL;
}

/* Sets key to v unless v is NULL (an absent member rather than a failed call). */
static void set(json_t *obj, const char *key, json_t *v)
{
    if (v)
        json_object_set_new(obj, key, v);
}

/* Members the table and lt_problem own; an extension cannot replace them. */
static bool is_standard_member(const char *key)
{
    static const char *const standard[] = {"type",     "title",      "status", "detail",
                                           "instance", "request_id", "errors"};
    for (size_t i = 0; i < sizeof standard / sizeof standard[0]; i++)
        if (strcmp(key, standard[i]) == 0)
            return true;
    return false;
}

int lt_problem(lt_resp *resp, const lt_req *req, lt_error e, const char *detail, json_t *errors)
{
    return lt_problem_ext(resp, req, e, detail, errors, NULL);
}

int lt_problem_ext(lt_resp *resp, const lt_req *req, lt_error e, const char *detail, json_t *errors,
                   json_t *extra)
{
    const struct problem *p = find(e);
    if (!resp->body.data)
        lt_resp_init(resp, req->arena); /* an early failure, before anyone set resp up */
    if (p == &problems[LT_E_INTERNAL]) {
        detail = NULL;
        json_decref(errors);
        errors = NULL;
        json_decref(extra);
        extra = NULL;
    }

    json_t *body = json_object();
    set(body, "type", json_sprintf(TYPE_PREFIX "%s", p->slug));
    set(body, "title", json_string(p->title));
    set(body, "status", json_integer(p->status));
    if (detail)
        set(body, "detail", json_string(detail)); /* NULL (left out) unless valid UTF-8 */
    set(body, "instance", instance(req));
    if (req->request_id)
        set(body, "request_id", json_string(req->request_id));
    if (json_is_array(errors))
        set(body, "errors", errors);
    else
        json_decref(errors);
    if (json_is_object(extra)) {
        const char *key;
        json_t *value;
        json_object_foreach(extra, key, value)
        {
            if (!is_standard_member(key))
                json_object_set(body, key, value);
        }
    }
    json_decref(extra);

    int status = lt_resp_json(resp, p->status, body);
    resp->content_type = "application/problem+json";

    if (status == 503) {
        int seconds = DEFAULT_RETRY_AFTER;
        if (req->app && req->app->cfg && req->app->cfg->retry_after >= 0)
            seconds = req->app->cfg->retry_after;
        char text[16];
        snprintf(text, sizeof text, "%d", seconds);
        lt_resp_header(resp, "Retry-After", text);
    }
    return status;
}
