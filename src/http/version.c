/*
 * version.c - ETag and If-Match for optimistic concurrency; see version.h.
 *
 * Why strict: the only ETags this server issues are `"<decimal version>"`, so
 * anything else in If-Match was not copied from one of our answers. Refusing
 * it (400) tells a client it has a bug; treating it as "some other version"
 * (412) would send it looking for a conflict that never happened.
 */
#include "lotse/version.h"
#include "lotse/problem.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

enum { MAX_DIGITS = 10 }; /* INT_MAX has ten */

void lt_etag_set(lt_resp *resp, int version)
{
    char etag[16];
    snprintf(etag, sizeof etag, "\"%d\"", version);
    lt_resp_header(resp, "ETag", etag);
}

/* The version in `"<digits>"` (no sign, no leading zero unless "0"), or -1. */
static int parse_etag(const char *s, size_t n)
{
    if (n < 3 || s[0] != '"' || s[n - 1] != '"')
        return -1;
    s++;
    n -= 2;
    if (n > MAX_DIGITS || strspn(s, "0123456789") < n || (s[0] == '0' && n > 1))
        return -1;
    long long v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v <= INT_MAX ? (int)v : -1;
}

int lt_if_match(lt_req *req, lt_resp *resp, int *version)
{
    const char *value = lt_req_header(req, "if-match");
    if (!value)
        return lt_problem(resp, req, LT_E_PRECONDITION_REQUIRED,
                          "A change needs the If-Match header with the ETag of the version it "
                          "is based on; read the resource first.",
                          NULL);
    const char *start = value + strspn(value, " \t");
    size_t n = strlen(start);
    while (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
        n--;
    int v = parse_etag(start, n);
    if (v < 0)
        return lt_problem(resp, req, LT_E_BAD_REQUEST,
                          "The If-Match header must be exactly one ETag as this server sent it, "
                          "e.g. \"3\" (in double quotes; no W/, no *, no list).",
                          NULL);
    *version = v;
    return 0;
}

int lt_version_conflict(lt_req *req, lt_resp *resp, int current)
{
    lt_etag_set(resp, current);
    return lt_problem_ext(resp, req, LT_E_PRECONDITION_FAILED,
                          "The resource was changed since you read it: read it again (its "
                          "current version is in current_version and ETag) and reapply your "
                          "change.",
                          NULL, json_pack("{s:i}", "current_version", current));
}
