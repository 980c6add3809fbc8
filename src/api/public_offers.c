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

/* One statement (LT_ROUTE_ONE_READ). Ordered by region, then title; the id
 * makes the order total. The route allows no ?format=: no CSV columns. */
static const lt_list public_offer_list = {
    "public_offer",
    "public_offers",
    "SELECT json_build_object('id', p.id, 'region', p.region_slug, 'region_name', p.region_name,"
    "  'title', p.title, 'provider', p.provider, 'provider_name', p.provider_name, 'topics',"
    "  p.topics, 'url', p.url, 'contact', p.contact, 'published_at', p.published_at) AS item,"
    " (p.region_slug || '|' || lower(p.title) || '|' || p.id) COLLATE \"C\" AS sort_key"
    " FROM lotse.public_offers() p WHERE ($3::text IS NULL OR p.region_slug = $3)"
    "  AND (p.region_slug || '|' || lower(p.title) || '|' || p.id) COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    NULL,
    0,
};

int lt_api_public_offers_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &public_offer_list, &page);
    if (status)
        return status;
    const char *filters[] = {lt_req_query(req, "region")};
    status = lt_page_list(req, resp, &public_offer_list, &page, 1, filters);
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
