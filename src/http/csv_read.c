/*
 * csv_read.c - CSV files from office tools into a table of UTF-8 values; see
 * include/lotse/csv_read.h. Comparing names and turning rows into records is
 * csv_row.c's part.
 *
 * Why it works in three steps (decode, find the separator, parse in place):
 * the file arrives whole (the body limit bounds it), so it is first turned
 * into one UTF-8 buffer the table owns, and the parser then cuts that buffer
 * into values where it lies: an unquoted value is already in place, and
 * unquoting ("" to ", CRLF to LF) only ever shortens a value, so the write
 * position never overtakes the read position and the terminator can take the
 * place of the separator. One pass, one copy, no allocation per value.
 */
#include "lotse/csv_read.h"
#include "lotse/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- errors */

void lt_csv_errors_init(lt_csv_errors *e, lt_arena *a, size_t max)
{
    *e = (lt_csv_errors){.arena = a, .max = max ? max : LT_CSV_MAX_ERRORS};
}

void lt_csv_errors_add(lt_csv_errors *e, size_t line, const char *column, const char *field,
                       const char *message)
{
    e->total++;
    if (e->count == e->max)
        return;
    if (e->count == e->cap) {
        size_t cap = e->cap ? 2 * e->cap : 16;
        lt_csv_error *items = lt_arena_alloc(e->arena, cap * sizeof *items);
        if (e->count)
            memcpy(items, e->items, e->count * sizeof *items);
        e->items = items;
        e->cap = cap;
    }
    if (column && strlen(column) > 100)
        column = lt_arena_strndup(e->arena, column, lt_utf8_prefix(column, strlen(column), 100));
    e->items[e->count++] = (lt_csv_error){line, column, field, message};
}

/* By line; errors of one line in the order found (their addresses). */
static int by_line(const void *x, const void *y)
{
    const lt_csv_error *a = *(const lt_csv_error *const *)x, *b = *(const lt_csv_error *const *)y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a < b ? -1 : a > b;
}

json_t *lt_csv_errors_json(const lt_csv_errors *e)
{
    json_t *out = json_array();
    if (e->count == 0)
        return out;
    const lt_csv_error **order = lt_arena_alloc(e->arena, e->count * sizeof *order);
    for (size_t i = 0; i < e->count; i++)
        order[i] = &e->items[i];
    qsort(order, e->count, sizeof *order, by_line);
    for (size_t i = 0; i < e->count; i++) {
        const lt_csv_error *x = order[i];
        json_t *item = json_pack("{s:s}", "field", x->field ? x->field : "");
        if (x->line)
            json_object_set_new(item, "line", json_integer((json_int_t)x->line));
        if (x->column)
            json_object_set_new(item, "column", json_string(x->column));
        json_object_set_new(item, "message", json_string(x->message));
        json_array_append_new(out, item);
    }
    return out;
}

const char *lt_csv_errors_summary(const lt_csv_errors *e)
{
    if (e->total == 1)
        return "The file has an error; nothing was imported.";
    if (e->total == e->count)
        return lt_arena_printf(e->arena, "The file has %zu errors; nothing was imported.",
                               e->total);
    return lt_arena_printf(e->arena,
                           "The file has %zu errors; the first %zu are listed. Nothing was "
                           "imported.",
                           e->total, e->count);
}

/* ---------------------------------------------------------------- decoding */

/* Windows-1252 bytes 0x80..0x9F as code points; 0 for the five it leaves undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

static unsigned cp1252_code_point(unsigned char c)
{
    if (c < 0x80 || c >= 0xA0)
        return c;
    return cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
}

static size_t utf8_size(unsigned cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3; /* cp1252 stays in the BMP */
}

static char *put_utf8(char *w, unsigned cp)
{
    if (cp < 0x80) {
        *w++ = (char)cp;
    } else if (cp < 0x800) {
        *w++ = (char)(0xC0 | cp >> 6);
        *w++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *w++ = (char)(0xE0 | cp >> 12);
        *w++ = (char)(0x80 | (cp >> 6 & 0x3F));
        *w++ = (char)(0x80 | (cp & 0x3F));
    }
    return w;
}

/* Counts a line break at s[i] the way the parser does: CR, LF, and CRLF once. */
static bool ends_line(const char *s, size_t i)
{
    return s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'));
}

/* The Windows-1252 bytes as UTF-8 in a new arena buffer (NUL-terminated). */
static char *decode_cp1252(lt_arena *a, const char *in, size_t n, size_t *out_len,
                           lt_csv_errors *errors)
{
    size_t size = 0;
    for (size_t i = 0; i < n; i++)
        size += utf8_size(cp1252_code_point((unsigned char)in[i]));
    char *out = lt_arena_alloc(a, size + 1), *w = out;
    size_t line = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        unsigned cp = cp1252_code_point(c);
        if (cp == 0xFFFD)
            lt_csv_errors_add(errors, line, NULL, NULL,
                              lt_arena_printf(a,
                                              "the byte 0x%02X is not a character in "
                                              "Windows-1252; save the file as \"CSV UTF-8\"",
                                              c));
        w = put_utf8(w, cp);
        line += ends_line(in, i);
    }
    *w = '\0';
    *out_len = size;
    return out;
}

/* Names every line of the n bytes that is not valid UTF-8. */
static void report_invalid_utf8(const char *s, size_t n, lt_csv_errors *errors)
{
    size_t line = 1, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\r' && s[i] != '\n')
            continue;
        if (!lt_utf8_valid(s + start, i - start))
            lt_csv_errors_add(errors, line, NULL, NULL,
                              "the line is not valid UTF-8; save the file as \"CSV UTF-8\" or "
                              "choose the encoding Windows-1252");
        if (i < n)
            line += ends_line(s, i);
        start = i + 1;
    }
}

/* Refuses what is no text file at all; true when the bytes may be CSV. */
static bool looks_like_text(const char *s, size_t n, lt_csv_errors *errors)
{
    const char *why = NULL;
    if (n >= 2 && ((s[0] == '\xFF' && s[1] == '\xFE') || (s[0] == '\xFE' && s[1] == '\xFF')))
        why = "the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\"";
    else if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
        why = "the file is a workbook (.xlsx or .ods), not CSV; save it as \"CSV UTF-8\"";
    else if (n >= 4 && memcmp(s, "\xD0\xCF\x11\xE0", 4) == 0)
        why = "the file is an Excel workbook (.xls), not CSV; save it as \"CSV UTF-8\"";
    if (why) {
        lt_csv_errors_add(errors, 0, NULL, NULL, why);
        return false;
    }
    const char *nul = memchr(s, '\0', n);
    if (!nul)
        return true;
    size_t line = 1;
    for (size_t i = 0; i < (size_t)(nul - s); i++)
        line += ends_line(s, i);
    lt_csv_errors_add(errors, line, NULL, NULL,
                      "the file contains a NUL byte: it is not a text file; save it as "
                      "\"CSV UTF-8\"");
    return false;
}

/* ---------------------------------------------------------------- separator */

/* The separator most frequent outside quotes up to the first line break outside
 * quotes (leading line breaks skipped); ',' when there is none. */
static char detect_separator(const char *p, const char *end)
{
    size_t semicolon = 0, comma = 0, tab = 0;
    bool quoted = false;
    while (p < end && (*p == '\r' || *p == '\n'))
        p++;
    for (; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (*p == '\r' || *p == '\n')
            break;
        else if (*p == ';')
            semicolon++;
        else if (*p == ',')
            comma++;
        else if (*p == '\t')
            tab++;
    }
    if (semicolon && semicolon >= comma && semicolon >= tab)
        return ';';
    if (comma && comma >= tab)
        return ',';
    return tab ? '\t' : ',';
}

/* A first line "sep=X" (any case): sets *sep (unless forced), skips the line. */
static void skip_sep_line(char **p, const char *end, size_t *line, char *sep, bool forced)
{
    char *s = *p;
    if (end - s < 5 || strncasecmp(s, "sep=", 4) != 0 || !s[4] || !strchr(",;\t", s[4]))
        return;
    char *after = s + 5;
    if (after < end && *after != '\r' && *after != '\n')
        return;
    if (!forced)
        *sep = s[4];
    if (after < end && *after == '\r')
        after++;
    if (after < end && *after == '\n')
        after++;
    *p = after;
    (*line)++;
}

/* ---------------------------------------------------------------- parsing */

typedef enum record_status { RECORD, END, BROKEN } record_status;

typedef struct parser {
    lt_arena *a;
    lt_csv_errors *errors;
    char *p, *end;
    char sep;
    size_t line; /* of p */
    size_t max_field;
    const char **header; /* names for messages, once the header is read */
    size_t nheader;
    char **values; /* of the current record (scratch, reused) */
    size_t nvalues, cap;
    size_t record_line;
} parser;

/* How many bytes of a name from the file a message repeats (printf's %.*s). */
static int shown(const char *name)
{
    return (int)lt_utf8_prefix(name, strlen(name), 100);
}

static const char *column_name(const parser *ps, size_t k)
{
    if (k < ps->nheader && ps->header[k][0])
        return ps->header[k];
    return lt_arena_printf(ps->a, "column %zu", k + 1);
}

static void record_error(parser *ps, size_t line, size_t k, const char *message)
{
    lt_csv_errors_add(ps->errors, line, column_name(ps, k), NULL, message);
}

static bool is_space(char c, char sep)
{
    return (c == ' ' || c == '\t') && c != sep;
}

static bool ends_value(const parser *ps, char c)
{
    return c == ps->sep || c == '\r' || c == '\n';
}

static void push_value(parser *ps, char *v)
{
    if (ps->nvalues == ps->cap) {
        size_t cap = ps->cap ? 2 * ps->cap : 32;
        char **values = lt_arena_alloc(ps->a, cap * sizeof *values);
        if (ps->nvalues)
            memcpy(values, ps->values, ps->nvalues * sizeof *values);
        ps->values = values;
        ps->cap = cap;
    }
    ps->values[ps->nvalues++] = v;
}

/*
 * The quoted part of a value starting at the opening quote ps->p: unquoted to
 * *w. False when the quote is never closed (an error naming the line where the
 * value starts has been recorded).
 */
static bool read_quoted(parser *ps, char **w, size_t k)
{
    size_t start_line = ps->line;
    char *out = *w;
    ps->p++;
    for (;;) {
        if (ps->p == ps->end) {
            record_error(ps, start_line, k,
                         "a quoted value is not closed: the closing quote (\") is missing");
            return false;
        }
        char c = *ps->p++;
        if (c == '"') {
            if (ps->p < ps->end && *ps->p == '"') {
                *out++ = '"';
                ps->p++;
                continue;
            }
            break;
        }
        if (c == '\r' || c == '\n') {
            if (c == '\r' && ps->p < ps->end && *ps->p == '\n')
                ps->p++;
            ps->line++;
            c = '\n';
        }
        *out++ = c;
    }
    *w = out;
    return true;
}

/* Reads the next record into ps->values. */
static record_status read_record(parser *ps)
{
    ps->nvalues = 0;
    ps->record_line = ps->line;
    if (ps->p == ps->end)
        return END;
    for (;;) {
        size_t k = ps->nvalues;
        char *start = ps->p, *w = ps->p, *q = ps->p;
        bool reported = false;
        while (q < ps->end && is_space(*q, ps->sep))
            q++;
        if (q < ps->end && *q == '"') {
            ps->p = q;
            if (!read_quoted(ps, &w, k))
                return BROKEN;
            char *after = ps->p;
            while (ps->p < ps->end && is_space(*ps->p, ps->sep))
                ps->p++;
            if (ps->p < ps->end && !ends_value(ps, *ps->p)) {
                record_error(ps, ps->record_line, k,
                             "text after the closing quote; enclose the whole value in quotes "
                             "and write a quote inside it as \"\"");
                reported = true;
                ps->p = after; /* keep that text in the value */
            }
        }
        while (ps->p < ps->end && !ends_value(ps, *ps->p)) {
            if (*ps->p == '"' && !reported) {
                record_error(ps, ps->record_line, k,
                             "a quote (\") inside a value that does not start with one; enclose "
                             "the whole value in quotes and write the quote as \"\"");
                reported = true;
            }
            *w++ = *ps->p++;
        }
        if ((size_t)(w - start) > ps->max_field)
            record_error(
                ps, ps->record_line, k,
                lt_arena_printf(ps->a, "the value is longer than %zu bytes", ps->max_field));
        bool at_end = ps->p == ps->end;
        char term = at_end ? '\0' : *ps->p;
        *w = '\0'; /* w <= ps->p: may overwrite the terminator, read above */
        push_value(ps, start);
        if (at_end)
            return RECORD;
        ps->p++;
        if (term == ps->sep)
            continue;
        if (term == '\r' && ps->p < ps->end && *ps->p == '\n')
            ps->p++;
        ps->line++;
        return RECORD;
    }
}

static bool is_blank_value(const char *v)
{
    for (; *v; v++)
        if (*v != ' ' && *v != '\t')
            return false;
    return true;
}

static bool record_is_blank(const parser *ps)
{
    for (size_t i = 0; i < ps->nvalues; i++)
        if (!is_blank_value(ps->values[i]))
            return false;
    return true;
}

/* Skips blank records; false at the end of the file or on a broken record. */
static bool next_record(parser *ps, record_status *st)
{
    do
        *st = read_record(ps);
    while (*st == RECORD && record_is_blank(ps));
    return *st == RECORD;
}

/* Trims spaces, tabs and no-break spaces (C2 A0) around s, in place. */
static char *trim_name(char *s)
{
    for (;;) {
        if (*s == ' ' || *s == '\t')
            s++;
        else if (s[0] == '\xC2' && s[1] == '\xA0')
            s += 2;
        else
            break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        else if (n > 1 && s[n - 2] == '\xC2' && s[n - 1] == '\xA0')
            n -= 2;
        else
            break;
    }
    s[n] = '\0';
    return s;
}

/*
 * Takes the current record as the header: names trimmed, trailing unnamed
 * columns dropped from t->ncols (ps->nheader keeps them all). False when the
 * file cannot have rows under it.
 */
static bool take_header(parser *ps, lt_csv_table *t)
{
    size_t n = ps->nvalues, line = ps->record_line;
    if (n > LT_CSV_READ_MAX_COLUMNS) {
        lt_csv_errors_add(
            ps->errors, line, NULL, NULL,
            lt_arena_printf(ps->a, "the header has more than %d columns", LT_CSV_READ_MAX_COLUMNS));
        return false;
    }
    const char **names = lt_arena_alloc(ps->a, n * sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = trim_name(ps->values[i]);
    size_t ncols = n;
    while (ncols > 0 && names[ncols - 1][0] == '\0')
        ncols--;
    ps->header = names;
    ps->nheader = n;
    t->header = names;
    t->ncols = ncols;
    t->header_line = line;
    for (size_t i = 0; i < ncols; i++) {
        if (names[i][0] == '\0') {
            lt_csv_errors_add(ps->errors, line, column_name(ps, i), NULL,
                              "the column has no name in the header");
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (lt_csv_name_equal(names[i], names[j])) {
                lt_csv_errors_add(ps->errors, line, names[i], NULL,
                                  lt_arena_printf(ps->a, "the column \"%.*s\" appears twice",
                                                  shown(names[j]), names[j]));
                break;
            }
    }
    return true;
}

/* Checks the current record against the header and, when it fits, adds it. */
static void take_row(parser *ps, lt_csv_table *t, size_t *cap)
{
    size_t n = ps->nvalues;
    if (n != ps->nheader && n != t->ncols) {
        lt_csv_errors_add(ps->errors, ps->record_line, NULL, NULL,
                          lt_arena_printf(ps->a,
                                          "the row has %zu value%s, the header has %zu "
                                          "column%s",
                                          n, n == 1 ? "" : "s", t->ncols,
                                          t->ncols == 1 ? "" : "s"));
        return;
    }
    bool ok = true;
    for (size_t i = t->ncols; i < n; i++)
        if (!is_blank_value(ps->values[i])) {
            record_error(ps, ps->record_line, i, "a value in a column without a name");
            ok = false;
        }
    if (!ok)
        return;
    if (t->nrows == *cap) {
        *cap = *cap ? 2 * *cap : 64;
        lt_csv_row *rows = lt_arena_alloc(ps->a, *cap * sizeof *rows);
        if (t->nrows)
            memcpy(rows, t->rows, t->nrows * sizeof *rows);
        t->rows = rows;
    }
    const char **values = lt_arena_alloc(ps->a, t->ncols * sizeof *values);
    memcpy(values, ps->values, t->ncols * sizeof *values);
    t->rows[t->nrows++] = (lt_csv_row){ps->record_line, values};
}

/* The file as UTF-8 in a buffer of its own; NULL when it cannot be decoded. */
static char *decode(lt_arena *a, const char *bytes, size_t len, lt_csv_encoding want,
                    lt_csv_table *t, size_t *n, lt_csv_errors *errors)
{
    bool bom = len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0;
    if (want == LT_CSV_ENC_WINDOWS1252 ||
        (want == LT_CSV_ENC_AUTO && !bom && !lt_utf8_valid(bytes, len))) {
        t->encoding = LT_CSV_ENC_WINDOWS1252;
        return decode_cp1252(a, bytes, len, n, errors);
    }
    t->encoding = LT_CSV_ENC_UTF8;
    if (bom)
        bytes += 3, len -= 3;
    if (!lt_utf8_valid(bytes, len)) {
        report_invalid_utf8(bytes, len, errors);
        return NULL;
    }
    *n = len;
    return lt_arena_strndup(a, bytes, len);
}

lt_csv_table *lt_csv_read(lt_arena *a, const char *bytes, size_t len,
                          const lt_csv_read_options *opt, lt_csv_errors *errors)
{
    lt_csv_read_options o = opt ? *opt : (lt_csv_read_options){0};
    if (o.separator && !strchr(",;\t", o.separator))
        abort(); /* a programming error: the caller offers only these */
    size_t max_bytes = o.max_bytes ? o.max_bytes : LT_CSV_READ_MAX_BYTES;
    size_t max_rows = o.max_rows ? o.max_rows : LT_CSV_READ_MAX_ROWS;
    if (len > max_bytes) {
        lt_csv_errors_add(errors, 0, NULL, NULL,
                          lt_arena_printf(a, "the file is larger than %zu bytes", max_bytes));
        return NULL;
    }
    if (!looks_like_text(bytes, len, errors))
        return NULL;

    lt_csv_table *t = lt_arena_calloc(a, 1, sizeof *t);
    size_t n;
    char *text = decode(a, bytes, len, o.encoding, t, &n, errors);
    if (!text)
        return NULL;
    parser ps = {.a = a,
                 .errors = errors,
                 .p = text,
                 .end = text + n,
                 .sep = o.separator,
                 .line = 1,
                 .max_field = o.max_field ? o.max_field : LT_CSV_READ_MAX_FIELD};
    skip_sep_line(&ps.p, ps.end, &ps.line, &ps.sep, o.separator != 0);
    if (!ps.sep)
        ps.sep = detect_separator(ps.p, ps.end);
    t->separator = ps.sep;

    record_status st;
    if (!next_record(&ps, &st)) {
        if (st == END)
            lt_csv_errors_add(errors, 0, NULL, NULL,
                              "the file is empty: its first line must name the columns");
        return NULL;
    }
    if (!take_header(&ps, t))
        return NULL;
    if (t->ncols == 0) {
        lt_csv_errors_add(errors, t->header_line, NULL, NULL,
                          "the first line must name the columns");
        return NULL;
    }
    size_t cap = 0, records = 0;
    while (next_record(&ps, &st)) {
        if (++records > max_rows) {
            lt_csv_errors_add(errors, ps.record_line, NULL, NULL,
                              lt_arena_printf(a, "the file has more than %zu rows", max_rows));
            return NULL;
        }
        take_row(&ps, t, &cap);
    }
    return t;
}
