/*
 * csv.c - lists as RFC 4180 CSV; see include/lotse/csv.h.
 *
 * Why every value goes through one text buffer before it becomes a field: the
 * quoting decision needs the whole field (does it contain a separator, does it
 * start like a formula), and an array column is only known once its elements
 * are joined. The buffer is reused for every field of the export.
 */
#include "lotse/csv.h"

#include <stdbool.h>
#include <string.h>

static const char BOM[] = "\xEF\xBB\xBF";

static char separator(lt_csv_dialect d)
{
    return d == LT_CSV_EXCEL ? ';' : ',';
}

/* What a spreadsheet would take as the start of a formula. */
static bool formula_like(const char *s, size_t len)
{
    return len > 0 && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

static void put_field(lt_buf *out, lt_csv_dialect d, const char *s, size_t len, bool is_number)
{
    const char special[] = {separator(d), '"', '\r', '\n'};
    bool defused = !is_number && formula_like(s, len);
    bool quoted = defused;
    for (size_t i = 0; i < len && !quoted; i++)
        quoted = memchr(special, s[i], sizeof special) != NULL;
    if (!quoted) {
        lt_buf_append(out, s, len);
        return;
    }
    lt_buf_append(out, defused ? "\"'" : "\"", defused ? 2 : 1);
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '"')
            continue;
        lt_buf_append(out, s + start, i + 1 - start); /* up to and including the quote */
        lt_buf_append(out, "\"", 1);
        start = i + 1;
    }
    lt_buf_append(out, s + start, len - start);
    lt_buf_append(out, "\"", 1);
}

void lt_csv_field(lt_buf *out, lt_csv_dialect d, const char *s, size_t len)
{
    put_field(out, d, s, len, false);
}

static int append_dump(const char *bytes, size_t n, void *buf)
{
    lt_buf_append(buf, bytes, n);
    return 0;
}

/* The text of one value (csv.h: "Values are written as"), appended to text. */
static void put_value(lt_buf *text, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        lt_buf_append(text, json_string_value(v), json_string_length(v));
        break;
    case JSON_TRUE:
        lt_buf_puts(text, "true");
        break;
    case JSON_FALSE:
        lt_buf_puts(text, "false");
        break;
    case JSON_NULL:
        break;
    default: /* numbers as jansson writes them; objects and arrays as compact JSON */
        json_dump_callback(v, append_dump, text, JSON_COMPACT | JSON_ENCODE_ANY);
        break;
    }
}

/* The value at path in item (NULL: missing); *joined when the path ends in "[]". */
static json_t *lookup(json_t *item, const char *path, bool *joined)
{
    size_t len = strlen(path);
    *joined = len >= 2 && strcmp(path + len - 2, "[]") == 0;
    if (*joined)
        len -= 2;
    json_t *v = item;
    const char *seg = path, *end = path + len;
    for (;;) {
        const char *dot = memchr(seg, '.', (size_t)(end - seg));
        const char *stop = dot ? dot : end;
        v = json_is_object(v) ? json_object_getn(v, seg, (size_t)(stop - seg)) : NULL;
        if (!v || !dot)
            return v;
        seg = dot + 1;
    }
}

void lt_csv_header(lt_buf *out, lt_csv_dialect d, const lt_csv_column *cols, size_t ncols)
{
    char sep = separator(d);
    if (d == LT_CSV_EXCEL)
        lt_buf_append(out, BOM, sizeof BOM - 1);
    for (size_t c = 0; c < ncols; c++) {
        if (c)
            lt_buf_append(out, &sep, 1);
        lt_csv_field(out, d, cols[c].header, strlen(cols[c].header));
    }
    lt_buf_append(out, "\r\n", 2);
}

int lt_csv_item(lt_buf *out, lt_buf *scratch, lt_csv_dialect d, const lt_csv_column *cols,
                size_t ncols, json_t *item)
{
    if (!json_is_object(item))
        return -1;
    char sep = separator(d);
    for (size_t c = 0; c < ncols; c++) {
        if (c)
            lt_buf_append(out, &sep, 1);
        bool joined;
        json_t *v = lookup(item, cols[c].json_path, &joined);
        lt_buf_reset(scratch);
        if (joined && json_is_array(v)) {
            size_t k;
            json_t *element;
            json_array_foreach(v, k, element)
            {
                if (k)
                    lt_buf_append(scratch, "; ", 2);
                put_value(scratch, element);
            }
        } else if (v) {
            put_value(scratch, v);
        }
        put_field(out, d, scratch->data, scratch->len, json_is_number(v));
    }
    lt_buf_append(out, "\r\n", 2);
    return 0;
}

int lt_csv_from_items(lt_buf *out, lt_csv_dialect d, const lt_csv_column *cols, size_t ncols,
                      json_t *items)
{
    if (!json_is_array(items))
        return -1;
    lt_csv_header(out, d, cols, ncols);
    lt_buf scratch;
    lt_buf_init(&scratch, out->arena);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        if (lt_csv_item(out, &scratch, d, cols, ncols, item) != 0)
            return -1;
    }
    return 0;
}

lt_csv_dialect lt_csv_dialect_of(const char *format)
{
    return format && strcmp(format, "csv-excel") == 0 ? LT_CSV_EXCEL : LT_CSV_RFC4180;
}
