/*
 * http.h - the plain request and response that the pipeline works on.
 *
 * Nothing here knows FastCGI: the adapter (src/server/fcgi_adapter.c) fills an
 * lt_req from the FastCGI environment and writes an lt_resp back, and the tests
 * build an lt_req by hand. All strings live in the request's arena.
 */
#ifndef LOTSE_HTTP_H
#define LOTSE_HTTP_H

#include "lotse/arena.h"
#include "lotse/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct lt_pair {
    const char *name;
    const char *value;
} lt_pair;

#define LT_MAX_RESP_HEADERS 16

struct lt_resp;

/*
 * Where a streamed answer goes (set by the adapter; tests leave it NULL, and
 * then every answer is buffered whole in resp->body). write sends the status
 * line and headers of resp the first time it is called, then len bytes of
 * body; it returns 0, or -1 when the client is gone.
 */
typedef struct lt_sink {
    int (*write)(void *ctx, const struct lt_resp *resp, const char *data, size_t len);
    void *ctx;
} lt_sink;

typedef struct lt_req {
    lt_arena *arena;

    /* Set by whoever builds the request (adapter or test). */
    const char *method;       /* "GET", "POST", ... */
    const char *raw_uri;      /* REQUEST_URI as the client sent it: path[?query], undecoded */
    const char *content_type; /* NULL when the request has none */
    const char *request_id;   /* from nginx's $request_id; the pipeline makes one if absent */
    const char *remote_addr;
    const char *body; /* NULL when there is no body */
    size_t body_len;
    bool body_too_large;    /* declared length exceeded max_body; body was not read */
    const lt_pair *headers; /* other request headers, names lower-case with '-' */
    size_t nheaders;

    /* Filled by the pipeline before the handler runs. */
    const char *path; /* percent-decoded, valid UTF-8 */
    lt_pair *query;   /* decoded query parameters, each name at most once */
    size_t nquery;
    lt_pair *params; /* path parameters from the route pattern ({slug}) */
    size_t nparams;
    json_t *json;            /* parsed body when the route takes JSON; freed with the arena */
    struct lt_app *app;      /* the thread's application state (database, config) */
    struct lt_identity *who; /* the caller (access.h); never NULL once the pipeline ran */
    int region_id;           /* the region a {region} route addresses, 0 for none */
    const lt_sink *sink;     /* NULL: answers are buffered (see lt_resp_flush) */
} lt_req;

typedef struct lt_resp {
    int status;
    const char *content_type; /* NULL: no body */
    lt_pair headers[LT_MAX_RESP_HEADERS];
    size_t nheaders;
    lt_buf body;
    /* Commit the transaction even though the status is an error: what a refused
     * request must leave behind (its audit entry, a login failure count) stays. */
    bool keep_writes;
    /* Set by a caller that runs a create handler for many records (an import)
     * and needs only each new record's id, which the handler's Location header
     * names: lt_record_answer then answers the status with no body instead of
     * reading the record back. */
    bool location_only;
    /* A long answer (a CSV export) is sent in parts while the handler runs:
     * streamed is set once the status and headers went out, and from then on
     * the status cannot change. broken: the rest could not be sent, or the
     * transaction failed after part of it was; the adapter then drops the
     * connection so the client sees an incomplete answer, never a short one
     * that looks whole. */
    bool streamed;
    bool broken;
} lt_resp;

/* Prepares an empty 200 response whose body lives in arena a. */
void lt_resp_init(lt_resp *resp, lt_arena *a);
/* Adds a response header (name and value are copied into the arena, CR and LF
 * replaced by spaces). More than LT_MAX_RESP_HEADERS headers is a bug: abort(). */
void lt_resp_header(lt_resp *resp, const char *name, const char *value);
/* Sets status, Content-Type application/json and the compact serialized value
 * (replacing any earlier body); decrefs v and returns status. A NULL v (a failed
 * json_pack) gives a bare 500 problem+json instead and returns 500. */
int lt_resp_json(lt_resp *resp, int status, json_t *v);

/*
 * Makes a whole 200 answer cacheable: the ETag is the SHA-256 of the body and
 * Cache-Control is cache_control; when the request's If-None-Match names that
 * tag (or is `*`; W/ ignored, RFC 9110 13.1.2) the answer becomes a 304
 * without a body. Any other status is left alone. Returns the status.
 */
int lt_resp_cacheable(const lt_req *req, lt_resp *resp, const char *cache_control);

/*
 * Sends what resp->body holds (the status and headers first, the first time)
 * through req->sink and empties the body, so that an answer of any length
 * needs only a bounded buffer. Without a sink it does nothing and the body
 * keeps growing. Returns 0, or -1 when the client is gone (resp->broken is
 * then set).
 */
int lt_resp_flush(const lt_req *req, lt_resp *resp);

/* The value of a request header (name lower-case) or NULL. */
const char *lt_req_header(const lt_req *req, const char *name);
/* The value of a path parameter or NULL. */
const char *lt_req_param(const lt_req *req, const char *name);
/* The value of a query parameter or NULL. */
const char *lt_req_query(const lt_req *req, const char *name);

#endif
