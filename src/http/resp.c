/*
 * resp.c - building a response, and looking things up in a request.
 *
 * Why here and not in each handler: a response's headers and body live in the
 * request's arena, and a header value must never carry a line break into the
 * FastCGI output, whoever composed it. The lookups are linear: a request has
 * a handful of headers and parameters, fewer than a hash would pay off for.
 */
#include "lotse/http.h"
#include "lotse/digest.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void lt_resp_init(lt_resp *resp, lt_arena *a)
{
    resp->status = 200;
    resp->content_type = NULL;
    resp->nheaders = 0;
    resp->keep_writes = false;
    resp->location_only = false;
    resp->streamed = false;
    resp->broken = false;
    lt_buf_init(&resp->body, a);
}

/* A copy of s in which CR and LF are spaces: no header can be split in two. */
static const char *header_text(lt_arena *a, const char *s)
{
    char *copy = lt_arena_strdup(a, s ? s : "");
    for (char *p = copy; (p = strpbrk(p, "\r\n")); p++)
        *p = ' ';
    return copy;
}

void lt_resp_header(lt_resp *resp, const char *name, const char *value)
{
    if (resp->nheaders == LT_MAX_RESP_HEADERS)
        abort(); /* a handler that sets this many headers is a bug, not bad input */
    lt_pair *h = &resp->headers[resp->nheaders++];
    h->name = header_text(resp->body.arena, name);
    h->value = header_text(resp->body.arena, value);
}

int lt_resp_flush(const lt_req *req, lt_resp *resp)
{
    if (!req->sink || resp->broken)
        return resp->broken ? -1 : 0;
    resp->streamed = true;
    if (req->sink->write(req->sink->ctx, resp, resp->body.data, resp->body.len) != 0) {
        resp->broken = true;
        return -1;
    }
    lt_buf_reset(&resp->body);
    return 0;
}

static int append(const char *bytes, size_t n, void *buf)
{
    lt_buf_append(buf, bytes, n);
    return 0;
}

int lt_resp_json(lt_resp *resp, int status, json_t *v)
{
    lt_buf_reset(&resp->body);
    if (v && json_dump_callback(v, append, &resp->body, JSON_COMPACT | JSON_ENCODE_ANY) == 0) {
        json_decref(v);
        resp->status = status;
        resp->content_type = "application/json";
        return status;
    }
    /* A NULL from json_pack is a bug in the handler; answer as problem.c would. */
    json_decref(v);
    lt_buf_reset(&resp->body);
    lt_buf_puts(&resp->body, "{\"type\":\"urn:lotse:problem:internal\","
                             "\"title\":\"Internal Server Error\",\"status\":500}");
    resp->status = 500;
    resp->content_type = "application/problem+json";
    return 500;
}

static const char *lookup(const lt_pair *pairs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(pairs[i].name, name) == 0)
            return pairs[i].value;
    return NULL;
}

const char *lt_req_header(const lt_req *req, const char *name)
{
    /* Names are lower-case by contract; ignoring case costs nothing and forgives a caller. */
    for (size_t i = 0; i < req->nheaders; i++)
        if (strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

const char *lt_req_param(const lt_req *req, const char *name)
{
    return lookup(req->params, req->nparams, name);
}

const char *lt_req_query(const lt_req *req, const char *name)
{
    return lookup(req->query, req->nquery, name);
}

/* True when If-None-Match names tag (or is `*`), in a comma-separated list;
 * W/ is ignored, as the weak comparison of RFC 9110 13.1.2 says. */
static bool none_match(const char *header, const char *tag)
{
    if (!header)
        return false;
    size_t tlen = strlen(tag);
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, tag, tlen) == 0 &&
            (p[tlen] == '\0' || p[tlen] == ',' || p[tlen] == ' ' || p[tlen] == '\t'))
            return true;
        while (*p && *p != ',')
            p++;
    }
    return false;
}

int lt_resp_cacheable(const lt_req *req, lt_resp *resp, const char *cache_control)
{
    if (resp->status != 200)
        return resp->status;
    char hex[LT_SHA256_HEX_LEN + 1], tag[LT_SHA256_HEX_LEN + 3];
    lt_sha256_hex(resp->body.data ? resp->body.data : "", resp->body.len, hex);
    tag[0] = '"';
    memcpy(tag + 1, hex, LT_SHA256_HEX_LEN);
    tag[LT_SHA256_HEX_LEN + 1] = '"';
    tag[LT_SHA256_HEX_LEN + 2] = '\0';
    lt_resp_header(resp, "ETag", tag);
    lt_resp_header(resp, "Cache-Control", cache_control);
    if (none_match(lt_req_header(req, "if-none-match"), tag)) {
        resp->body.len = 0;
        if (resp->body.data)
            resp->body.data[0] = '\0';
        resp->content_type = NULL;
        return resp->status = 304;
    }
    return resp->status;
}
