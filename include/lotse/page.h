/*
 * page.h - paged lists: the ?limit= and ?after= of a request, and the
 * {"items": [...], "next": cursor|null} answer.
 *
 * A list's statement returns one row of three columns: the page's items as a
 * JSON array (text), the sort key of the page's last item, and whether more
 * items follow ("t"/"f"). The cursor wraps that key (cursor.h), so a client
 * pages with what the last answer gave it and cannot forge a position.
 */
#ifndef LOTSE_PAGE_H
#define LOTSE_PAGE_H

#include "lotse/http.h"

#include <libpq-fe.h>

enum { LT_PAGE_DEFAULT_LIMIT = 50, LT_PAGE_MAX_LIMIT = 100 };

typedef struct lt_page {
    int limit;
    char limit_text[8]; /* limit as a statement parameter */
    const char *after;  /* the decoded key of ?after=, NULL on the first page */
} lt_page;

/* Reads ?limit= (1..100, default 50) and ?after= (a cursor of this kind).
 * 0, or the status of the 400 problem written into resp. */
int lt_page_parse(lt_req *req, lt_resp *resp, const char *kind, lt_page *page);

/* Writes the 200 answer from the list statement's row (see above). */
int lt_page_answer(lt_req *req, lt_resp *resp, const char *kind, PGresult *res);

#endif
