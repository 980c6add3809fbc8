/*
 * router.c - finds the route for a method and a decoded path.
 *
 * Why a linear walk over segments: the tables are short (tens of routes) and
 * static, and comparing segment by segment in place touches no memory but the
 * two strings. Nothing is allocated until a route has matched (its
 * parameters) or the answer is 405 (the Allow list).
 */
#include "lotse/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A pattern segment "{name}" binds one path segment. */
static bool is_param(const char *seg, size_t len)
{
    return len >= 3 && seg[0] == '{' && seg[len - 1] == '}';
}

/*
 * True when path matches pattern. When params is not NULL it receives the
 * bound parameters (room for as many as the pattern has) and *nparams their
 * count; the strings are copied into a.
 */
static bool match(const char *pattern, const char *path, lt_arena *a, lt_pair *params,
                  size_t *nparams)
{
    size_t n = 0;
    if (*pattern != '/' || *path != '/')
        return false;
    while (*pattern == '/' && *path == '/') {
        pattern++;
        path++;
        size_t plen = strcspn(pattern, "/"), qlen = strcspn(path, "/");
        if (is_param(pattern, plen)) {
            if (qlen == 0)
                return false;
            if (params) {
                params[n].name = lt_arena_strndup(a, pattern + 1, plen - 2);
                params[n].value = lt_arena_strndup(a, path, qlen);
            }
            n++;
        } else if (plen != qlen || memcmp(pattern, path, plen) != 0)
            return false;
        pattern += plen;
        path += qlen;
    }
    if (*pattern || *path)
        return false; /* one has more segments (or a trailing '/') than the other */
    if (nparams)
        *nparams = n;
    return true;
}

static size_t count_params(const char *pattern)
{
    size_t n = 0;
    for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{'))
        n++;
    return n;
}

/* The Allow value for path: distinct methods in table order, HEAD right after GET. */
static const char *allow_list(lt_arena *a, const lt_route *routes, size_t n, const char *path)
{
    const char **methods = lt_arena_alloc(a, 2 * n * sizeof *methods);
    size_t count = 0, len = 0;
    for (size_t i = 0; i < n; i++) {
        if (!match(routes[i].pattern, path, NULL, NULL, NULL))
            continue;
        const char *add[2] = {routes[i].method, NULL};
        if (strcmp(routes[i].method, "GET") == 0)
            add[1] = "HEAD";
        for (size_t k = 0; k < 2 && add[k]; k++) {
            bool seen = false;
            for (size_t j = 0; j < count && !seen; j++)
                seen = strcmp(methods[j], add[k]) == 0;
            if (!seen) {
                methods[count++] = add[k];
                len += strlen(add[k]) + 2;
            }
        }
    }
    char *out = lt_arena_alloc(a, len + 1), *p = out;
    for (size_t j = 0; j < count; j++) {
        size_t m = strlen(methods[j]);
        if (j) {
            memcpy(p, ", ", 2);
            p += 2;
        }
        memcpy(p, methods[j], m);
        p += m;
    }
    *p = '\0';
    return out;
}

lt_match lt_router_match(lt_arena *a, const lt_route *routes, size_t n, const char *method,
                         const char *path, const lt_route **route, lt_pair **params,
                         size_t *nparams, const char **allow)
{
    const lt_route *found = NULL, *head_as_get = NULL;
    bool path_known = false;
    bool is_head = method && strcmp(method, "HEAD") == 0;

    *route = NULL;
    *params = NULL;
    *nparams = 0;
    *allow = NULL;
    if (!path)
        return LT_MATCH_NOT_FOUND;

    for (size_t i = 0; i < n && !found; i++) {
        if (!match(routes[i].pattern, path, NULL, NULL, NULL))
            continue;
        path_known = true;
        if (method && strcmp(routes[i].method, method) == 0)
            found = &routes[i];
        else if (is_head && !head_as_get && strcmp(routes[i].method, "GET") == 0)
            head_as_get = &routes[i]; /* an explicit HEAD route later in the table wins */
    }
    if (!found)
        found = head_as_get;
    if (!found) {
        if (!path_known)
            return LT_MATCH_NOT_FOUND;
        *allow = allow_list(a, routes, n, path);
        return LT_MATCH_METHOD_NOT_ALLOWED;
    }

    size_t room = count_params(found->pattern);
    lt_pair *bound = room ? lt_arena_alloc(a, room * sizeof *bound) : NULL;
    match(found->pattern, path, a, bound, nparams);
    *route = found;
    *params = *nparams ? bound : NULL;
    return LT_MATCH_FOUND;
}

int lt_router_check(const lt_route *routes, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        const lt_route *r = &routes[i];
        const char *problem = NULL;
        bool has_region = strstr(r->pattern, "/{region}") != NULL;
        if (r->action <= LT_ACT_NONE || r->action >= LT_ACT__COUNT)
            problem = "declares no action";
        else if (lt_action_is_regional(r->action) && !has_region)
            problem = "has a regional action but no {region} segment";
        else if (!lt_action_is_regional(r->action) && has_region)
            problem = "has a {region} segment but an action that ignores it";
        else if ((r->flags & (LT_ROUTE_ONE_READ | LT_ROUTE_NO_DB)) && r->action != LT_ACT_PUBLIC)
            problem = "runs without a transaction, so it can only be public";
        else if ((r->flags & LT_ROUTE_IDEMPOTENT) &&
                 (strcmp(r->method, "POST") != 0 || r->action == LT_ACT_PUBLIC))
            problem = "is idempotent, which needs a POST with a signed-in caller";
        else if ((r->flags & LT_ROUTE_REPLICA) &&
                 (strcmp(r->method, "GET") != 0 ||
                  (r->flags & (LT_ROUTE_ONE_READ | LT_ROUTE_NO_DB)) ||
                  lt_action_guards_personal_data(r->action)))
            problem = "may read from the replica, which needs a GET with a transaction that "
                      "writes nothing (no audited read of personal data)";
        if (problem) {
            snprintf(err, errlen, "route %s %s %s", r->method, r->pattern, problem);
            return -1;
        }
    }
    return 0;
}
