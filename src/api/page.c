/* page.c - paging parameters and answers shared by every list; see page.h. */
#include "lotse/page.h"
#include "lotse/cursor.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- CSV export: ?format= (page.h) ---- */

/* Sets page->csv and page->dialect; false when the value names no format. */
static bool read_format(const char *format, lt_page *page)
{
    page->csv = false;
    page->dialect = LT_CSV_RFC4180;
    if (!format || strcmp(format, "json") == 0)
        return true;
    if (strcmp(format, "csv") != 0 && strcmp(format, "csv-excel") != 0)
        return false;
    page->csv = true;
    page->dialect = lt_csv_dialect_of(format);
    return true;
}

/* s percent-encoded (RFC 3986 unreserved characters and those of keep pass). */
static void put_encoded(lt_buf *b, const char *s, const char *keep)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~", *p) || strchr(keep, *p))
            lt_buf_append(b, p, 1);
        else
            lt_buf_printf(b, "%%%02X", *p);
    }
}

/* Link: <path?the same query&after=cursor>; rel="next" */
static void link_next(lt_req *req, lt_resp *resp, const char *cursor)
{
    lt_buf link;
    lt_buf_init(&link, req->arena);
    lt_buf_puts(&link, "<");
    put_encoded(&link, req->path, "/");
    char joint = '?';
    for (size_t i = 0; i < req->nquery; i++) {
        if (strcmp(req->query[i].name, "after") == 0)
            continue;
        lt_buf_append(&link, &joint, 1);
        put_encoded(&link, req->query[i].name, "");
        lt_buf_puts(&link, "=");
        put_encoded(&link, req->query[i].value, "");
        joint = '&';
    }
    lt_buf_printf(&link, "%cafter=%s>; rel=\"next\"", joint, cursor);
    lt_resp_header(resp, "Link", link.data);
}

static void decref(void *v)
{
    json_decref(v);
}

static int answer_csv(lt_req *req, lt_resp *resp, const char *kind, PGresult *res,
                      const lt_page *page, const lt_csv_column *cols, size_t ncols)
{
    json_t *items = json_loads(PQgetvalue(res, 0, 0), 0, NULL);
    if (!items)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    lt_arena_on_reset(req->arena, decref, items);
    lt_buf_reset(&resp->body);
    if (lt_csv_from_items(&resp->body, page->dialect, cols, ncols, items) != 0)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    if (strcmp(PQgetvalue(res, 0, 2), "t") == 0)
        link_next(req, resp, lt_cursor_encode(req->arena, kind, PQgetvalue(res, 0, 1)));
    lt_resp_header(resp, "Content-Disposition",
                   lt_arena_printf(req->arena, "attachment; filename=\"%ss.csv\"", kind));
    resp->content_type = "text/csv; charset=utf-8; header=present";
    return resp->status = 200;
}

/* ---- end CSV export ---- */

int lt_page_parse(lt_req *req, lt_resp *resp, const char *kind, lt_page *page)
{
    if (!read_format(lt_req_query(req, "format"), page))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "format must be json, csv or csv-excel", NULL);
    const char *limit = lt_req_query(req, "limit");
    int max = page->csv ? LT_CSV_MAX_ROWS : LT_PAGE_MAX_LIMIT;
    size_t max_digits = page->csv ? 6 : 3;
    page->limit = page->csv ? LT_CSV_MAX_ROWS : LT_PAGE_DEFAULT_LIMIT;
    if (limit) {
        size_t n = strlen(limit);
        page->limit =
            n >= 1 && n <= max_digits && strspn(limit, "0123456789") == n ? atoi(limit) : -1;
        if (page->limit < 1 || page->limit > max)
            return lt_problem(resp, req, LT_E_BAD_QUERY,
                              page->csv ? "limit must be a whole number from 1 to 100000"
                                        : "limit must be a whole number from 1 to 100",
                              NULL);
    }
    snprintf(page->limit_text, sizeof page->limit_text, "%d", page->limit);
    page->after = NULL;
    const char *cursor = lt_req_query(req, "after");
    if (cursor && !(page->after = lt_cursor_decode(req->arena, kind, cursor)))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "after is not a cursor of this list", NULL);
    return 0;
}

int lt_page_answer(lt_req *req, lt_resp *resp, const char *kind, PGresult *res, const lt_page *page,
                   const lt_csv_column *cols, size_t ncols)
{
    if (page->csv)
        return answer_csv(req, resp, kind, res, page, cols, ncols);
    lt_buf *b = &resp->body;
    lt_buf_puts(b, "{\"items\":");
    lt_buf_puts(b, PQgetvalue(res, 0, 0));
    if (strcmp(PQgetvalue(res, 0, 2), "t") == 0)
        lt_buf_printf(b, ",\"next\":\"%s\"}",
                      lt_cursor_encode(req->arena, kind, PQgetvalue(res, 0, 1)));
    else
        lt_buf_puts(b, ",\"next\":null}");
    resp->content_type = "application/json";
    return resp->status = 200;
}
