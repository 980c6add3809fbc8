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
    resp->status = status;
    return lt_resp_cacheable(req, resp, "public, max-age=300");
}
