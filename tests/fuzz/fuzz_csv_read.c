/*
 * fuzz_csv_read.c - libFuzzer target for an imported CSV file: the reader
 * (lt_csv_read) and the rows as records (lt_csv_map_columns,
 * lt_csv_row_validate).
 *
 * Why beyond "does not crash": an import trusts what the reader promises. The
 * target checks that every row has a value per column, every value and header
 * name is valid UTF-8 (whatever the bytes were), rows come in file order with
 * lines after the header, every error message and column name is valid UTF-8
 * for the problem body, and the error list respects its cap. It aborts when
 * one does not hold.
 *
 * The first byte picks the options (encoding, separator, a small max_field),
 * so forced modes are fuzzed too; the rest is the file.
 */
#include "lotse/csv_read.h"
#include "lotse/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(bool ok)
{
    if (!ok)
        abort();
}

static bool text_ok(const char *s)
{
    return s && lt_utf8_valid(s, strlen(s));
}

static const char *const channels[] = {"phone", "email", NULL};
static const lt_field fields[] = {
    {"received_on", LT_F_DATE, 0, 0, 0, NULL},    {"channel", LT_F_ENUM, 0, 0, 0, channels},
    {"topics", LT_F_ENUM_SET, 0, 0, 0, channels}, {"jobs", LT_F_TEXT_LIST, 0, 0, 0, NULL},
    {"name", LT_F_TEXT, 0, 0, 0, NULL},           {"notes", LT_F_LONGTEXT, 0, 0, 0, NULL},
    {"follow_up", LT_F_BOOL, 0, 0, 0, NULL},      {"staff", LT_F_INT, 0, 0, 1000, NULL},
    {"contact", LT_F_EMAIL, 0, 0, 0, NULL},
};
static const lt_schema schema = {"row", fields, sizeof fields / sizeof fields[0]};
static const char *const date_aliases[] = {"Datum", "d", NULL};
static const lt_csv_label labels[] = {{"Telefon", "phone"}, {"t", "email"}, {NULL, NULL}};
static const lt_csv_import_column columns[] = {
    {"received_on", date_aliases, NULL, false},
    {"channel", NULL, labels, false},
    {"topics", NULL, labels, false},
    {"jobs", NULL, NULL, false},
    {"name", NULL, NULL, false},
    {"notes", NULL, NULL, false},
    {"follow_up", NULL, NULL, false},
    {"staff", NULL, NULL, false},
    {"contact", NULL, NULL, false},
};

static void check_errors(const lt_csv_errors *e)
{
    check(e->count <= e->max && e->count <= e->total);
    for (size_t i = 0; i < e->count; i++) {
        check(text_ok(e->items[i].message));
        check(!e->items[i].column || text_ok(e->items[i].column));
    }
    json_t *list = lt_csv_errors_json(e);
    check(json_array_size(list) == e->count);
    json_decref(list);
    check(text_ok(lt_csv_errors_summary(e)));
}

static void check_table(const lt_csv_table *t)
{
    check(t->ncols > 0 && t->header_line > 0);
    check(t->encoding == LT_CSV_ENC_UTF8 || t->encoding == LT_CSV_ENC_WINDOWS1252);
    check(t->separator == ',' || t->separator == ';' || t->separator == '\t');
    for (size_t j = 0; j < t->ncols; j++)
        check(text_ok(t->header[j]));
    size_t last = t->header_line;
    for (size_t i = 0; i < t->nrows; i++) {
        check(t->rows[i].line > last);
        last = t->rows[i].line;
        for (size_t j = 0; j < t->ncols; j++)
            check(text_ok(t->rows[i].values[j]));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const char separators[] = {0, ',', ';', '\t'};
    lt_csv_read_options o = {.encoding = (lt_csv_encoding)(data[0] % 3),
                             .separator = separators[(data[0] >> 2) & 3],
                             .max_field = (data[0] & 0x10) ? 8 : 0,
                             .max_rows = (data[0] & 0x20) ? 3 : 0};
    lt_arena *a = lt_arena_create(4096);
    lt_csv_errors e;
    lt_csv_errors_init(&e, a, (data[0] & 0x40) ? 2 : 0);
    lt_csv_table *t = lt_csv_read(a, (const char *)data + 1, size - 1, &o, &e);
    if (t) {
        check_table(t);
        unsigned flags = (data[0] & 0x80) ? LT_CSV_MAP_IGNORE_UNKNOWN : 0;
        lt_csv_column_map *m = lt_csv_map_columns(a, t, &schema, columns,
                                                  sizeof columns / sizeof columns[0], flags, &e);
        for (size_t i = 0; m && i < t->nrows; i++) {
            lt_values v;
            json_t *row = NULL;
            size_t before = e.total;
            int rc = lt_csv_row_validate(a, m, &t->rows[i], &v, (i & 1) ? &row : NULL, &e);
            check((rc == 0) == (e.total == before));
            check(!(rc == 0 && (i & 1)) || json_is_object(row));
            for (size_t k = 0; rc == 0 && k < v.n; k++)
                check(!v.text[k] || text_ok(v.text[k]));
        }
    }
    check_errors(&e);
    lt_arena_destroy(a);
    return 0;
}
