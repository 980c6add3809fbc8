/*
 * public_offers.c - the public feed of the regions' offers and contacts the
 * FAI's website links to (agreement §4.1), for anyone, without a session.
 *
 * Only published offers appear, and a contact's details only while that
 * contact has consented; lotse.public_offers() (sql/0010_offers.sql) decides
 * both, so this file cannot show more than it returns. The feed is cached by
 * clients and the website: the ETag is the SHA-256 of the body, and a matching
 * If-None-Match gets 304 without one.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/page.h"
#include "lotse/problem.h"

#include <openssl/evp.h>
#include <string.h>

/* `"<sha-256 of the body in hex>"` (arena memory). */
static const char *body_etag(lt_req *req, const lt_resp *resp)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(resp->body.data ? resp->body.data : "", resp->body.len, md, &len, EVP_sha256(),
               NULL);
    char *tag = lt_arena_alloc(req->arena, 2 * len + 3);
    tag[0] = '"';
    for (unsigned int i = 0; i < len; i++) {
        static const char hex[] = "0123456789abcdef";
        tag[1 + 2 * i] = hex[md[i] >> 4];
        tag[2 + 2 * i] = hex[md[i] & 15];
    }
    tag[1 + 2 * len] = '"';
    tag[2 + 2 * len] = '\0';
    return tag;
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

int lt_api_public_offers_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, "public_offer", &page);
    if (status)
        return status;
    const char *params[] = {page.after ? page.after : "", page.limit_text,
                            lt_req_query(req, "region")};
    PGresult *res;
    /* One statement (LT_ROUTE_ONE_READ). Ordered by region, then title; the id
     * makes the order total. */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH page AS (SELECT p.*, (p.region_slug || '|' || lower(p.title) || '|' || p.id)"
        "   COLLATE \"C\" AS sort_key FROM lotse.public_offers() p"
        "  WHERE ($3::text IS NULL OR p.region_slug = $3)"
        "   AND (p.region_slug || '|' || lower(p.title) || '|' || p.id) COLLATE \"C\" > $1"
        "  ORDER BY sort_key LIMIT $2::int + 1),"
        " numbered AS (SELECT page.*, row_number() OVER (ORDER BY sort_key) AS n FROM page)"
        " SELECT coalesce(json_agg(json_build_object('id', o.id, 'region', o.region_slug,"
        "   'region_name', o.region_name, 'title', o.title, 'provider', o.provider,"
        "   'provider_name', o.provider_name, 'topics', o.topics, 'url', o.url,"
        "   'contact', o.contact, 'published_at', o.published_at) ORDER BY o.n)"
        "   FILTER (WHERE o.n <= $2::int), '[]')::text,"
        " max(o.sort_key) FILTER (WHERE o.n = $2::int), count(*) > $2::int FROM numbered o",
        3, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    /* The route allows no ?format=, so the page is JSON and needs no CSV columns. */
    status = lt_page_answer(req, resp, "public_offer", res, &page, NULL, 0);
    if (status != 200)
        return status;
    const char *tag = body_etag(req, resp);
    lt_resp_header(resp, "ETag", tag);
    lt_resp_header(resp, "Cache-Control", "public, max-age=300");
    if (none_match(lt_req_header(req, "if-none-match"), tag)) {
        resp->body.len = 0;
        if (resp->body.data)
            resp->body.data[0] = '\0';
        resp->content_type = NULL;
        return resp->status = 304;
    }
    return status;
}
