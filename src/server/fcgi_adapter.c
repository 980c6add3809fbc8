/*
 * fcgi_adapter.c - FastCGI request -> lt_req -> lt_app_handle -> FastCGI answer.
 *
 * Why a separate file: the pipeline (src/http) is tested without FastCGI, so
 * everything libfcgi-specific lives here, and so do its traps: the output is
 * formatted with snprintf and written with FCGX_PutStr (FCGX_FPrintF does not
 * know %zu and silently cuts the answer), and the body is read in full or
 * drained so that a kept-alive connection never starts the next request in
 * the middle of the previous one's body.
 */
#include "lotse/fcgi_adapter.h"
#include "lotse/log.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

/* Past this many discarded body bytes the connection is closed instead. */
#define DRAIN_LIMIT (64u * 1024u * 1024u)
#define CHUNK       (1u << 20)

static const struct {
    int status;
    const char *reason;
} reasons[] = {
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {415, "Unsupported Media Type"},
    {422, "Unprocessable Content"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

const char *lt_fcgi_reason(int status)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].status == status)
            return reasons[i].reason;
    return "Unknown";
}

/* A copy in the arena: libfcgi frees its parameters in FCGX_Finish_r, before the log line. */
static const char *param(FCGX_Request *fr, lt_arena *a, const char *name)
{
    const char *v = FCGX_GetParam(name, fr->envp);
    return v && *v ? lt_arena_strdup(a, v) : NULL;
}

/* HTTP_ACCEPT_LANGUAGE=x -> {"accept-language", "x"}, in the arena. */
static void read_headers(FCGX_Request *fr, lt_req *req)
{
    size_t n = 0;
    for (char **e = fr->envp; e && *e; e++)
        n += strncmp(*e, "HTTP_", 5) == 0 && strchr(*e, '=');
    lt_pair *headers = lt_arena_calloc(req->arena, n ? n : 1, sizeof *headers);
    size_t i = 0;
    for (char **e = fr->envp; e && *e && i < n; e++) {
        const char *eq = strchr(*e, '=');
        if (strncmp(*e, "HTTP_", 5) != 0 || !eq)
            continue;
        char *name = lt_arena_strndup(req->arena, *e + 5, (size_t)(eq - *e - 5));
        for (char *p = name; *p; p++)
            *p = *p == '_' ? '-' : (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
        headers[i].name = name;
        headers[i].value = lt_arena_strdup(req->arena, eq + 1);
        i++;
    }
    req->headers = headers;
    req->nheaders = i;
}

/* CONTENT_LENGTH as nginx sends it: plain decimal digits. false when absent or odd. */
static bool content_length(FCGX_Request *fr, size_t *out)
{
    const char *s = FCGX_GetParam("CONTENT_LENGTH", fr->envp);
    if (!s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
        return false;
    unsigned long long n = strtoull(s, NULL, 10);
    if (n > SIZE_MAX / 2)
        return false;
    *out = (size_t)n;
    return true;
}

static size_t read_up_to(FCGX_Request *fr, char *dst, size_t want)
{
    size_t got = 0;
    while (got < want) {
        size_t step = want - got < CHUNK ? want - got : CHUNK;
        int n = FCGX_GetStr(dst + got, (int)step, fr->in);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

/* Reads and drops what is left of stdin; past the limit, gives up on the connection. */
static void drain_stdin(FCGX_Request *fr)
{
    char sink[16384];
    size_t dropped = 0;
    while (!FCGX_HasSeenEOF(fr->in) && FCGX_GetError(fr->in) == 0) {
        if (dropped >= DRAIN_LIMIT) {
            fr->keepConnection = 0;
            return;
        }
        int n = FCGX_GetStr(sink, sizeof sink, fr->in);
        if (n <= 0)
            return;
        dropped += (size_t)n;
    }
}

static void read_body(FCGX_Request *fr, lt_req *req, size_t max_body)
{
    size_t declared;
    if (!content_length(fr, &declared) || declared == 0)
        return;
    if (declared > max_body) {
        req->body_too_large = true; /* the pipeline answers 413; the body is drained */
        return;
    }
    char *body = lt_arena_alloc(req->arena, declared + 1);
    /* Fewer bytes than declared: pass what came; a truncated body fails its own checks. */
    req->body_len = read_up_to(fr, body, declared);
    body[req->body_len] = '\0';
    req->body = body;
}

static void build_request(FCGX_Request *fr, lt_req *req, lt_arena *arena, size_t max_body)
{
    req->arena = arena;
    req->method = param(fr, arena, "REQUEST_METHOD");
    if (!req->method)
        req->method = "";
    req->raw_uri = param(fr, arena, "REQUEST_URI");
    req->content_type = param(fr, arena, "CONTENT_TYPE");
    req->request_id = param(fr, arena, "REQUEST_ID");
    if (!req->request_id)
        req->request_id = param(fr, arena, "HTTP_X_REQUEST_ID");
    req->remote_addr = param(fr, arena, "REMOTE_ADDR");
    read_headers(fr, req);
    read_body(fr, req, max_body);
}

/* A header that would split the answer (CR, LF) is a bug upstream; never send it. */
static bool header_ok(const lt_pair *h)
{
    return h->name && h->value && *h->name && !strpbrk(h->name, "\r\n:") &&
           !strpbrk(h->value, "\r\n");
}

static bool has_header(const lt_resp *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (resp->headers[i].name && strcasecmp(resp->headers[i].name, name) == 0)
            return true;
    return false;
}

static int put(FCGX_Request *fr, const char *s, size_t len)
{
    while (len > 0) {
        size_t step = len < CHUNK ? len : CHUNK;
        if (FCGX_PutStr(s, (int)step, fr->out) != (int)step)
            return -1;
        s += step;
        len -= step;
    }
    return 0;
}

/* The status line and headers; Content-Length only when the whole body is known. */
static int write_head(FCGX_Request *fr, const lt_req *req, const lt_resp *resp, bool has_body,
                      bool whole)
{
    lt_buf head;
    lt_buf_init(&head, req->arena);
    lt_buf_printf(&head, "Status: %d %s\r\n", resp->status, lt_fcgi_reason(resp->status));
    if (has_body) {
        lt_buf_printf(&head, "Content-Type: %s\r\n", resp->content_type);
        if (whole && !has_header(resp, "Content-Length"))
            lt_buf_printf(&head, "Content-Length: %zu\r\n", resp->body.len);
    }
    for (size_t i = 0; i < resp->nheaders && i < LT_MAX_RESP_HEADERS; i++) {
        const lt_pair *h = &resp->headers[i];
        if (!header_ok(h)) {
            lt_log_event("error", "bad_header", "request %s: response header %s dropped",
                         req->request_id, h->name ? h->name : "(null)");
            continue;
        }
        lt_buf_printf(&head, "%s: %s\r\n", h->name, h->value);
    }
    lt_buf_puts(&head, "\r\n");
    return put(fr, head.data, head.len);
}

static int write_response(FCGX_Request *fr, const lt_req *req, lt_resp *resp)
{
    if (resp->status < 100 || resp->status > 599) {
        lt_log_event("error", "bad_status", "request %s: handler returned status %d",
                     req->request_id, resp->status);
        resp->status = 500;
        resp->content_type = NULL;
    }
    bool bodyless = resp->status < 200 || resp->status == 204 || resp->status == 304;
    bool has_body = resp->content_type && !bodyless;
    bool send_body = has_body && strcmp(req->method, "HEAD") != 0;
    if (write_head(fr, req, resp, has_body, true) != 0)
        return -1;
    if (send_body && resp->body.data && put(fr, resp->body.data, resp->body.len) != 0)
        return -1;
    return FCGX_FFlush(fr->out);
}

/* A streamed answer's parts (http.h lt_sink): the head before the first. */
struct stream {
    FCGX_Request *fr;
    const lt_req *req;
    bool head_sent;
};

static int stream_write(void *ctx, const lt_resp *resp, const char *data, size_t len)
{
    struct stream *st = ctx;
    if (!st->head_sent) {
        st->head_sent = true;
        if (write_head(st->fr, st->req, resp, true, false) != 0)
            return -1;
    }
    if (strcmp(st->req->method, "HEAD") != 0 && len > 0 && put(st->fr, data, len) != 0)
        return -1;
    return FCGX_FFlush(st->fr->out) == 0 ? 0 : -1;
}

/*
 * A streamed answer that cannot be completed must not end like a complete
 * one: without FastCGI's end-of-request record nginx cuts the chunked answer
 * short and the client sees the transfer fail. Shutting the socket down makes
 * libfcgi's closing records go nowhere.
 */
static void break_off(FCGX_Request *fr)
{
    fr->keepConnection = 0;
    if (fr->ipcFd >= 0)
        shutdown(fr->ipcFd, SHUT_RDWR);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

void lt_fcgi_serve(FCGX_Request *fr, lt_app *app, lt_arena *arena)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    lt_req req = {0};
    lt_resp resp;
    /* The largest body any route takes; the pipeline holds each route to its own. */
    size_t largest = app->cfg->max_body > app->cfg->max_import_body ? app->cfg->max_body
                                                                    : app->cfg->max_import_body;
    build_request(fr, &req, arena, largest);
    struct stream stream = {fr, &req, false};
    const lt_sink sink = {stream_write, &stream};
    req.sink = &sink;
    lt_app_handle(app, &req, &resp);
    drain_stdin(fr);
    if (resp.streamed) {
        if (resp.broken) {
            lt_log_event("warn", "response_broken_off",
                         "request %s: a streamed answer could not be completed", req.request_id);
            break_off(fr);
        }
    } else if (write_response(fr, &req, &resp) != 0)
        lt_log_event("warn", "response_not_sent",
                     "request %s: the connection to the web server broke while answering",
                     req.request_id);
    FCGX_Finish_r(fr);

    /* The raw path, as nginx logs it; lt_log_request drops the query string. */
    lt_log_request(req.method, req.raw_uri ? req.raw_uri : "", resp.status, ms_since(&t0),
                   req.request_id);
}
