/*
 * csv.h - lists as CSV (RFC 4180, UTF-8), for the spreadsheets a coordinator
 * hands on.
 *
 * A list's items arrive as the JSON PostgreSQL built for the JSON answer, so a
 * CSV export and a JSON page can never disagree about a value or a filter: a
 * table of columns names which member of each item goes into which column.
 *
 * Two dialects:
 *   LT_CSV_RFC4180  ',' between fields, CRLF after every record (the header too).
 *   LT_CSV_EXCEL    the same with ';' between fields and the UTF-8 byte order mark
 *                   (EF BB BF) first: what Excel in a German locale opens as UTF-8
 *                   columns on a double click.
 * A field is enclosed in '"' (an inner '"' doubled) when it contains the
 * separator, '"', CR or LF. A text that starts with '=', '+', '-', '@', TAB or
 * CR would be run as a formula by a spreadsheet (CSV injection): it is written
 * quoted with a single quote ' in front, as OWASP recommends ("=1+1" becomes
 * "'=1+1"). Numbers are not texts and are never prefixed (-3 stays -3).
 *
 * Export answers are streamed (page.h): the header row first, then one
 * record per item as its row arrives from PostgreSQL, so an export of any
 * length needs a buffer of one chunk, not of the whole list.
 */
#ifndef LOTSE_CSV_H
#define LOTSE_CSV_H

#include "lotse/buf.h"

#include <jansson.h>
#include <stddef.h>

typedef enum lt_csv_dialect {
    LT_CSV_RFC4180,
    LT_CSV_EXCEL,
} lt_csv_dialect;

/*
 * One column: its header text and where its value sits in an item:
 *   "name"     the member name of the item
 *   "a.b"      member b of the object in member a (any depth)
 *   "a[]"      the array in member a, its elements joined with "; " (may end a
 *              nested path, "a.b[]")
 * Values are written as: strings as they are; numbers as their decimal text;
 * true and false as "true" and "false"; null or a missing member as an empty
 * field; an object (or an array not named with []) as compact JSON. Array
 * elements follow the same rules, an element that is null giving "".
 */
typedef struct lt_csv_column {
    const char *header;
    const char *json_path;
} lt_csv_column;

/* Appends the header row (in the Excel dialect the byte order mark first). */
void lt_csv_header(lt_buf *out, lt_csv_dialect d, const lt_csv_column *cols, size_t ncols);

/*
 * Appends the record of one item (a JSON object; borrowed). scratch is a
 * buffer the caller keeps for the whole export (any arena) and this function
 * reuses for every field. Returns 0, or -1 when item is not an object
 * (nothing appended).
 */
int lt_csv_item(lt_buf *out, lt_buf *scratch, lt_csv_dialect d, const lt_csv_column *cols,
                size_t ncols, json_t *item);

/*
 * Appends to out the CSV of items (a JSON array of objects): in the Excel
 * dialect first the byte order mark, then the header row of the ncols column
 * headers, then one record per item. Text is copied byte for byte (the JSON
 * held valid UTF-8). Returns 0, or -1 when items is not an array or an element
 * is not an object (out then holds a partial CSV; answer 500). Allocates only
 * in out's arena; items is borrowed.
 */
int lt_csv_from_items(lt_buf *out, lt_csv_dialect d, const lt_csv_column *cols, size_t ncols,
                      json_t *items);

/* Appends one field (len bytes of s) with the quoting rules above; no separator. */
void lt_csv_field(lt_buf *out, lt_csv_dialect d, const char *s, size_t len);

/*
 * The dialect a ?format= value names: "csv" gives LT_CSV_RFC4180, "csv-excel"
 * LT_CSV_EXCEL. Any other value also gives LT_CSV_RFC4180: the caller checks
 * the value first and refuses others (lt_page_parse answers 400).
 */
lt_csv_dialect lt_csv_dialect_of(const char *format);

#endif
