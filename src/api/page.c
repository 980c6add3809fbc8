/* page.c - paging parameters and answers shared by every list; see page.h. */
#include "lotse/page.h"
#include "lotse/cursor.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lt_page_parse(lt_req *req, lt_resp *resp, const char *kind, lt_page *page)
{
    const char *limit = lt_req_query(req, "limit");
    page->limit = LT_PAGE_DEFAULT_LIMIT;
    if (limit) {
        size_t n = strlen(limit);
        page->limit = n >= 1 && n <= 3 && strspn(limit, "0123456789") == n ? atoi(limit) : -1;
        if (page->limit < 1 || page->limit > LT_PAGE_MAX_LIMIT)
            return lt_problem(resp, req, LT_E_BAD_QUERY,
                              "limit must be a whole number from 1 to 100", NULL);
    }
    snprintf(page->limit_text, sizeof page->limit_text, "%d", page->limit);
    page->after = NULL;
    const char *cursor = lt_req_query(req, "after");
    if (cursor && !(page->after = lt_cursor_decode(req->arena, kind, cursor)))
        return lt_problem(resp, req, LT_E_BAD_QUERY, "after is not a cursor of this list", NULL);
    return 0;
}

int lt_page_answer(lt_req *req, lt_resp *resp, const char *kind, PGresult *res)
{
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
