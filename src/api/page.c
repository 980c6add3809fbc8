/*
 * page.c - the paging parameters and the one statement shape every list
 * shares; see page.h.
 *
 * Why one wrapper around each list's rows: the JSON page needs its items, the
 * sort key of its last item and whether more follow, in one round trip; the
 * CSV export needs the rows themselves, one at a time. Writing both from the
 * same rows statement means a page and an export can never disagree about an
 * item or a filter.
 */
#include "lotse/page.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/cursor.h"
#include "lotse/db.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An export is sent on in parts of about this size. */
#define CSV_CHUNK (64u * 1024u)
/* $2 of an export: no limit. */
#define ALL_ROWS "2147483647"

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

int lt_page_parse(lt_req *req, lt_resp *resp, const lt_list *list, lt_page *page)
{
    if (!read_format(lt_req_query(req, "format"), page))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "format must be json, csv or csv-excel", NULL);
    const char *limit = lt_req_query(req, "limit");
    const char *cursor = lt_req_query(req, "after");
    if (page->csv && (limit || cursor))
        return lt_problem(resp, req, LT_E_BAD_QUERY,
                          "A CSV export is the whole list: limit and after page the JSON answer "
                          "only.",
                          NULL);
    page->limit = LT_PAGE_DEFAULT_LIMIT;
    if (limit) {
        size_t n = strlen(limit);
        page->limit = n >= 1 && n <= 3 && strspn(limit, "0123456789") == n ? atoi(limit) : -1;
        if (page->limit < 1 || page->limit > LT_PAGE_MAX_LIMIT)
            return lt_problem(resp, req, LT_E_BAD_QUERY,
                              "limit must be a whole number from 1 to 100", NULL);
    }
    page->after = NULL;
    if (cursor && !(page->after = lt_cursor_decode(req->arena, list->kind, cursor)))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "after is not a cursor of this list", NULL);
    return 0;
}

/* $1, $2 and the list's filters as one parameter array. */
static const char **statement_params(lt_req *req, const char *after, const char *limit,
                                     int nfilters, const char *const *filters)
{
    const char **params = lt_arena_calloc(req->arena, (size_t)nfilters + 2, sizeof *params);
    params[0] = after;
    params[1] = limit;
    for (int i = 0; i < nfilters; i++)
        params[i + 2] = filters[i];
    return params;
}

static int answer_json(lt_req *req, lt_resp *resp, const lt_list *list, const lt_page *page,
                       int nfilters, const char *const *filters)
{
    /* The same text every time, so the statement is prepared once per connection. */
    const char *sql = lt_arena_printf(
        req->arena,
        "SELECT coalesce(json_agg(p.item ORDER BY p.n) FILTER (WHERE p.n < $2::int), '[]')::text,"
        " max(p.sort_key) FILTER (WHERE p.n = $2::int - 1), count(*) >= $2::int"
        " FROM (SELECT r.item, r.sort_key, row_number() OVER (ORDER BY r.sort_key%s) AS n"
        " FROM (%s) r) p",
        list->descending ? " DESC" : "", list->rows);
    char fetch[16]; /* one more than the page, to know whether more follow */
    snprintf(fetch, sizeof fetch, "%d", page->limit + 1);
    const char **params =
        statement_params(req, page->after ? page->after : "", fetch, nfilters, filters);
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, sql, nfilters + 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_buf *b = &resp->body;
    lt_buf_puts(b, "{\"items\":");
    lt_buf_puts(b, PQgetvalue(res, 0, 0));
    if (strcmp(PQgetvalue(res, 0, 2), "t") == 0)
        lt_buf_printf(b, ",\"next\":\"%s\"}",
                      lt_cursor_encode(req->arena, list->kind, PQgetvalue(res, 0, 1)));
    else
        lt_buf_puts(b, ",\"next\":null}");
    resp->content_type = "application/json";
    return resp->status = 200;
}

/* ---- CSV export ---- */

struct export
{
    lt_req *req;
    lt_resp *resp;
    const lt_list *list;
    lt_csv_dialect dialect;
    lt_buf scratch;
    bool bad_item; /* an item was not a JSON object: a bug in the list's statement */
};

static int export_row(void *ctx, const PGresult *row)
{
    struct export *x = ctx;
    json_t *item = json_loads(PQgetvalue(row, 0, 0), 0, NULL);
    int failed = lt_csv_item(&x->resp->body, &x->scratch, x->dialect, x->list->columns,
                             x->list->ncolumns, item);
    json_decref(item);
    if (failed) {
        x->bad_item = true;
        return -1;
    }
    if (x->resp->body.len >= CSV_CHUNK)
        return lt_resp_flush(x->req, x->resp);
    return 0;
}

static int answer_csv(lt_req *req, lt_resp *resp, const lt_list *list, const lt_page *page,
                      int nfilters, const char *const *filters)
{
    size_t nheaders = resp->nheaders;
    resp->status = 200;
    resp->content_type = "text/csv; charset=utf-8; header=present";
    lt_resp_header(resp, "Content-Disposition",
                   lt_arena_printf(req->arena, "attachment; filename=\"%s.csv\"", list->plural));
    lt_csv_header(&resp->body, page->dialect, list->columns, list->ncolumns);
    struct export x = {req, resp, list, page->dialect, {0}, false};
    lt_buf_init(&x.scratch, req->arena);
    const char **params = statement_params(req, "", ALL_ROWS, nfilters, filters);
    lt_db_status st =
        lt_db_stream(req->app->db, req->arena, list->rows, nfilters + 2, params, export_row, &x);
    if (st == LT_DB_OK)
        return 200;
    if (!resp->streamed) { /* nothing went out: an ordinary problem answer */
        lt_buf_reset(&resp->body);
        resp->nheaders = nheaders;
    }
    if (x.bad_item)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    return lt_api_db_problem(req, resp, st);
}

int lt_page_list(lt_req *req, lt_resp *resp, const lt_list *list, const lt_page *page, int nfilters,
                 const char *const *filters)
{
    if (page->csv && list->columns)
        return answer_csv(req, resp, list, page, nfilters, filters);
    return answer_json(req, resp, list, page, nfilters, filters);
}
