/*
 * uri.c - the request URI: strict percent-decoding, the path and the query.
 *
 * Why strict: the router and the handlers compare decoded strings, so every
 * way of writing the same thing twice is refused rather than normalized. An
 * encoded '/' would make "/a%2Fb" and "/a/b" route differently, a dot segment
 * could climb out of a prefix, a repeated parameter leaves the handler to
 * guess which one counts. Each refusal names the error and says why in a short
 * sentence; client text in that sentence is valid UTF-8 and at most
 * ECHO_MAX bytes.
 */
#include "lotse/parse.h"

#include <string.h>

enum {
    URI_MAX = 8192, /* bytes of raw URI accepted */
    QUERY_MAX = 64, /* query parameters accepted */
    ECHO_MAX = 64,  /* bytes of client text quoted in a detail */
};

enum decode_result { DECODED, BAD_ESCAPE, ENCODED_NUL, ENCODED_SLASH, BAD_UTF8 };

static int hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) into dst (room for n + 1 bytes) and NUL-terminates it. */
static enum decode_result decode(const char *s, size_t n, bool plus_is_space, bool refuse_slash,
                                 char *dst, size_t *dlen)
{
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (n - i < 3)
                return BAD_ESCAPE;
            int hi = hex((unsigned char)s[i + 1]), lo = hex((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return BAD_ESCAPE;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
            if (c == '\0')
                return ENCODED_NUL;
            if (c == '/' && refuse_slash)
                return ENCODED_SLASH;
        } else if (c == '+' && plus_is_space)
            c = ' ';
        dst[j++] = (char)c;
    }
    dst[j] = '\0';
    *dlen = j;
    return lt_utf8_valid(dst, j) ? DECODED : BAD_UTF8;
}

int lt_percent_decode(lt_arena *a, const char *s, size_t n, bool plus_is_space, char **out,
                      lt_error *err)
{
    char *dst = lt_arena_alloc(a, n + 1);
    size_t len;
    switch (decode(s, n, plus_is_space, false, dst, &len)) {
    case DECODED:
        *out = dst;
        return 0;
    case BAD_UTF8:
        *err = LT_E_INVALID_UTF8;
        return -1;
    default:
        *err = LT_E_MALFORMED_URI;
        return -1;
    }
}

/* A quotable copy of decoded client text: valid UTF-8, at most ECHO_MAX bytes. */
static const char *echo(lt_arena *a, const char *s)
{
    return lt_arena_strndup(a, s, lt_utf8_prefix(s, strlen(s), ECHO_MAX));
}

/* Fills *err and *detail and returns -1, so that every refusal is one statement. */
static int refuse(lt_error *err, const char **detail, lt_error e, const char *why)
{
    *err = e;
    *detail = why;
    return -1;
}

static int parse_path(lt_arena *a, const char *s, size_t n, char **path, lt_error *err,
                      const char **detail)
{
    if (n == 0 || s[0] != '/')
        return refuse(err, detail, LT_E_MALFORMED_URI, "the path must begin with '/'");
    char *dst = lt_arena_alloc(a, n + 1);
    size_t len;
    switch (decode(s, n, false, true, dst, &len)) {
    case DECODED:
        break;
    case BAD_ESCAPE:
        return refuse(err, detail, LT_E_MALFORMED_URI,
                      "the path has a '%' that is not followed by two hex digits");
    case ENCODED_NUL:
        return refuse(err, detail, LT_E_MALFORMED_URI, "the path contains an encoded NUL byte");
    case ENCODED_SLASH:
        return refuse(err, detail, LT_E_MALFORMED_URI, "the path contains an encoded '/'");
    case BAD_UTF8:
        return refuse(err, detail, LT_E_INVALID_UTF8, "the path is not valid UTF-8");
    }
    /* No encoded '/' survived, so the decoded segments are the client's segments. */
    for (const char *seg = dst + 1;; seg++) {
        size_t seglen = strcspn(seg, "/");
        if ((seglen == 1 && seg[0] == '.') || (seglen == 2 && seg[0] == '.' && seg[1] == '.'))
            return refuse(err, detail, LT_E_MALFORMED_URI,
                          "the path contains a '.' or '..' segment");
        seg += seglen;
        if (!*seg)
            break;
    }
    *path = dst;
    return 0;
}

static bool allowed_name(const char *const *allowed, const char *name)
{
    for (; allowed && *allowed; allowed++)
        if (strcmp(*allowed, name) == 0)
            return true;
    return false;
}

/* Decodes one query component: the name when `name` is NULL, else the value of `name`. */
static int decode_component(lt_arena *a, const char *s, size_t n, const char *name, char **out,
                            lt_error *err, const char **detail)
{
    char *dst = lt_arena_alloc(a, n + 1);
    size_t len;
    const char *problem;
    switch (decode(s, n, true, false, dst, &len)) {
    case DECODED:
        *out = dst;
        return 0;
    case BAD_ESCAPE:
        *err = LT_E_MALFORMED_URI;
        problem = "has a '%' that is not followed by two hex digits";
        break;
    case ENCODED_NUL:
        *err = LT_E_MALFORMED_URI;
        problem = "contains an encoded NUL byte";
        break;
    default:
        *err = LT_E_INVALID_UTF8;
        problem = "is not valid UTF-8";
        break;
    }
    *detail =
        name ? lt_arena_printf(a, "the value of query parameter '%s' %s", echo(a, name), problem)
             : lt_arena_printf(a, "a query parameter name %s", problem);
    return -1;
}

static int parse_query(lt_arena *a, const char *s, const char *const *allowed, lt_pair **query,
                       size_t *nquery, lt_error *err, const char **detail)
{
    size_t n = 1;
    for (const char *p = s; *p; p++)
        if (*p == '&' && ++n > QUERY_MAX)
            return refuse(err, detail, LT_E_BAD_QUERY, "the query has more than 64 parameters");
    lt_pair *pairs = lt_arena_alloc(a, n * sizeof *pairs);
    size_t count = 0;

    for (const char *p = s;; p++) {
        size_t len = strcspn(p, "&");
        if (len == 0)
            return refuse(err, detail, LT_E_BAD_QUERY, "the query has an empty parameter");
        const char *eq = memchr(p, '=', len);
        size_t namelen = eq ? (size_t)(eq - p) : len;
        if (namelen == 0)
            return refuse(err, detail, LT_E_BAD_QUERY, "a query parameter has an empty name");

        char *name, *value;
        if (decode_component(a, p, namelen, NULL, &name, err, detail) != 0)
            return -1;
        if (!allowed_name(allowed, name)) {
            *err = LT_E_BAD_QUERY;
            *detail = lt_arena_printf(a, "unknown query parameter '%s'", echo(a, name));
            return -1;
        }
        for (size_t i = 0; i < count; i++)
            if (strcmp(pairs[i].name, name) == 0) {
                *err = LT_E_BAD_QUERY;
                *detail = lt_arena_printf(a, "query parameter '%s' is given more than once",
                                          echo(a, name));
                return -1;
            }
        if (eq) {
            if (decode_component(a, eq + 1, len - namelen - 1, name, &value, err, detail) != 0)
                return -1;
        } else
            value = "";
        pairs[count].name = name;
        pairs[count].value = value;
        count++;

        p += len;
        if (!*p)
            break;
    }
    *query = pairs;
    *nquery = count;
    return 0;
}

int lt_uri_parse(lt_arena *a, const char *raw_uri, const char *const *allowed, char **path,
                 lt_pair **query, size_t *nquery, lt_error *err, const char **detail)
{
    *path = NULL;
    *query = NULL;
    *nquery = 0;
    *detail = NULL;
    if (!raw_uri)
        return refuse(err, detail, LT_E_MALFORMED_URI, "the request has no URI");

    size_t n = strnlen(raw_uri, URI_MAX + 1);
    if (n > URI_MAX)
        return refuse(err, detail, LT_E_MALFORMED_URI, "the URI is longer than 8192 bytes");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw_uri[i];
        if (c == '#')
            return refuse(err, detail, LT_E_MALFORMED_URI, "the URI must not contain a '#'");
        /* RFC 3986 has no room for raw spaces or control characters: they must be encoded. */
        if (c <= 0x20 || c == 0x7F)
            return refuse(err, detail, LT_E_MALFORMED_URI,
                          "the URI contains a space or control character that is not encoded");
    }

    const char *q = memchr(raw_uri, '?', n);
    size_t pathlen = q ? (size_t)(q - raw_uri) : n;
    if (parse_path(a, raw_uri, pathlen, path, err, detail) != 0)
        return -1;
    /* "/x?" carries no parameters; it is not worth a refusal. */
    if (q && q[1] && parse_query(a, q + 1, allowed, query, nquery, err, detail) != 0) {
        *path = NULL;
        return -1;
    }
    return 0;
}
