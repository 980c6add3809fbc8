/*
 * page.h - lists: the ?limit=, ?after= and ?format= of a request, the
 * statement every list shares, and its answer.
 *
 * A list describes its rows once (lt_list): a SELECT of each item's JSON and
 * its sort key. From that one description lt_page_list answers
 *   - a JSON page {"items": [...], "next": cursor|null}, at most ?limit= items
 *     (1..100, default 50) after the cursor ?after=; the cursor wraps the sort
 *     key of the page's last item (cursor.h), so a client pages with what the
 *     last answer gave it and cannot forge a position; or
 *   - a CSV export (csv.h) with ?format=csv or ?format=csv-excel: the whole
 *     list with the same filters, streamed (http.h lt_resp_flush) as its rows
 *     arrive from PostgreSQL in one statement, so it has no length limit and
 *     is one consistent snapshot. ?limit= and ?after= page the JSON answer
 *     only; with a CSV format they are a 400.
 */
#ifndef LOTSE_PAGE_H
#define LOTSE_PAGE_H

#include "lotse/csv.h"
#include "lotse/http.h"

#include <stdbool.h>

enum { LT_PAGE_DEFAULT_LIMIT = 50, LT_PAGE_MAX_LIMIT = 100 };

typedef struct lt_page {
    int limit;
    const char *after;      /* the decoded key of ?after=, NULL on the first page */
    bool csv;               /* ?format=csv or csv-excel; false for json or no format */
    lt_csv_dialect dialect; /* when csv */
} lt_page;

/*
 * One list. rows is a SELECT with two columns, `item` (the item's JSON, json
 * or jsonb) and `sort_key` (text, unique per item: end it with the id), and
 * these parameters:
 *   $1  the sort key to start after ('' for the start of the list)
 *   $2  the most rows to return (int)
 *   $3… the list's own filters, in the order the handler passes them
 * and it must end in "ORDER BY sort_key LIMIT $2::int" (with DESC when
 * descending), its WHERE keeping only keys after $1 ("sort_key > $1", or
 * "< $1" when descending, or "$1 = ''" for the start).
 */
typedef struct lt_list {
    const char *kind;   /* the cursor's kind: "measure" */
    const char *plural; /* the CSV file's name: "measures" -> measures.csv */
    const char *rows;
    bool descending;
    const lt_csv_column *columns; /* the CSV export's columns; NULL: the list has no CSV */
    size_t ncolumns;
} lt_list;

/* Reads ?format= (json, the default, csv or csv-excel), ?limit= and ?after=
 * (a cursor of list's kind). 0, or the status of the 400 problem written
 * into resp. */
int lt_page_parse(lt_req *req, lt_resp *resp, const lt_list *list, lt_page *page);

/*
 * Runs list's statement with the nfilters parameters of filters ($3…; NULL
 * entries are SQL NULL) and answers 200: the JSON page, or the CSV export
 * with Content-Type `text/csv; charset=utf-8; header=present` and
 * `Content-Disposition: attachment; filename="<plural>.csv"`. A failure before
 * anything was sent is a problem answer; one after part of an export went out
 * breaks the answer off (http.h). Returns the status.
 */
int lt_page_list(lt_req *req, lt_resp *resp, const lt_list *list, const lt_page *page, int nfilters,
                 const char *const *filters);

#endif
