/*
 * page.h - paged lists: the ?limit= and ?after= of a request, and the
 * {"items": [...], "next": cursor|null} answer.
 *
 * A list's statement returns one row of three columns: the page's items as a
 * JSON array (text), the sort key of the page's last item, and whether more
 * items follow ("t"/"f"). The cursor wraps that key (cursor.h), so a client
 * pages with what the last answer gave it and cannot forge a position.
 *
 * CSV export (csv.h): ?format=csv or ?format=csv-excel answers the same list,
 * with the same filters, as CSV instead of JSON. An export is meant to be the
 * whole list, so ?limit= defaults to LT_CSV_MAX_ROWS (100,000) and may be 1 to
 * LT_CSV_MAX_ROWS; when more rows follow (a limit was given, or the list is
 * longer than the cap) the answer carries `Link: <...&after=cursor>;
 * rel="next"`, the same cursor a JSON page names in `next`.
 */
#ifndef LOTSE_PAGE_H
#define LOTSE_PAGE_H

#include "lotse/csv.h"
#include "lotse/http.h"

#include <libpq-fe.h>
#include <stdbool.h>

enum { LT_PAGE_DEFAULT_LIMIT = 50, LT_PAGE_MAX_LIMIT = 100 };

typedef struct lt_page {
    int limit;
    char limit_text[8]; /* limit as a statement parameter */
    const char *after;  /* the decoded key of ?after=, NULL on the first page */
    /* CSV export: ?format= */
    bool csv;               /* csv or csv-excel; false for json or no format */
    lt_csv_dialect dialect; /* when csv */
} lt_page;

/* Reads ?format= (json, the default, csv or csv-excel), ?limit= (JSON: 1..100,
 * default 50; CSV: see above) and ?after= (a cursor of this kind). 0, or the
 * status of the 400 problem written into resp. */
int lt_page_parse(lt_req *req, lt_resp *resp, const char *kind, lt_page *page);

/*
 * Writes the 200 answer from the list statement's row (see above): JSON, or for
 * a CSV page the ncols columns of cols (csv.h) with Content-Type `text/csv;
 * charset=utf-8; header=present` and `Content-Disposition: attachment;
 * filename="<kind>s.csv"`. cols is only read for CSV. Returns the status (500
 * when the items are not a JSON array of objects, a bug).
 */
int lt_page_answer(lt_req *req, lt_resp *resp, const char *kind, PGresult *res, const lt_page *page,
                   const lt_csv_column *cols, size_t ncols);

#endif
