/* test_csv_row.c - imported rows as records: the column map, the conversion of
 * what office users write, and validation with line numbers (src/http/csv_row.c). */
#include "lotse/buf.h"
#include "lotse/csv_read.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char *const channels[] = {"phone", "email", "meeting", NULL};
static const lt_field inquiry_fields[] = {
    {"received_on", LT_F_DATE, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"channel", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, channels},
    {"topics", LT_F_ENUM_SET, 0, 0, 3, channels},
    {"occupations", LT_F_TEXT_LIST, 0, 0, 5, NULL},
    {"company", LT_F_TEXT, 0, 1, 20, NULL},
    {"notes", LT_F_LONGTEXT, LT_FIELD_NULLABLE, 0, 1000, NULL},
    {"follow_up", LT_F_BOOL, 0, 0, 0, NULL},
    {"staff", LT_F_INT, 0, 1, 500, NULL},
    {"contact", LT_F_EMAIL, 0, 0, 0, NULL},
};
static const lt_schema inquiry = {"inquiry", inquiry_fields,
                                  sizeof inquiry_fields / sizeof inquiry_fields[0]};

static const char *const received_aliases[] = {"Eingangsdatum", "Datum", NULL};
static const char *const channel_aliases[] = {"Kanal", NULL};
static const lt_csv_label channel_labels[] = {
    {"Telefon", "phone"}, {"E-Mail", "email"}, {"Treffen", "meeting"}, {NULL, NULL}};
static const lt_csv_import_column columns[] = {
    {"received_on", received_aliases, NULL, false},
    {"channel", channel_aliases, channel_labels, false},
    {"topics", NULL, channel_labels, false},
    {"occupations", NULL, NULL, false},
    {"company", NULL, NULL, true},
    {"notes", NULL, NULL, false},
    {"follow_up", NULL, NULL, false},
    {"staff", NULL, NULL, false},
    {"contact", NULL, NULL, false},
};
enum { NCOLUMNS = sizeof columns / sizeof columns[0] };

/* The same without anything required, for looking at one conversion at a time
 * (filled by main). */
static lt_field loose_fields[sizeof inquiry_fields / sizeof inquiry_fields[0]];
static const lt_schema loose = {"inquiry", loose_fields,
                                sizeof loose_fields / sizeof loose_fields[0]};
static lt_csv_import_column loose_columns[NCOLUMNS];

static lt_arena *arena;
static lt_csv_errors errors;

static int setup(void **state)
{
    (void)state;
    arena = lt_arena_create(4096);
    lt_csv_errors_init(&errors, arena, 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lt_arena_destroy(arena);
    return 0;
}

static lt_csv_table *read_text(const char *text)
{
    lt_csv_table *t = lt_csv_read(arena, text, strlen(text), NULL, &errors);
    assert_non_null(t);
    return t;
}

static lt_csv_column_map *map_of(lt_csv_table *t)
{
    lt_csv_column_map *m = lt_csv_map_columns(arena, t, &inquiry, columns, NCOLUMNS, 0, &errors);
    assert_non_null(m);
    return m;
}

/* The JSON (compact, keys sorted) of the only row of "header\nrow", read with
 * ';' between values and mapped to the loose schema. */
static const char *json_of(const char *header, const char *row)
{
    const char *file = lt_arena_printf(arena, "%s\n%s\n", header, row);
    lt_csv_read_options o = {.separator = ';'};
    lt_csv_table *t = lt_csv_read(arena, file, strlen(file), &o, &errors);
    assert_non_null(t);
    assert_int_equal(t->nrows, 1);
    lt_csv_column_map *m =
        lt_csv_map_columns(arena, t, &loose, loose_columns, NCOLUMNS, 0, &errors);
    assert_non_null(m);
    json_t *obj = lt_csv_row_json(arena, m, &t->rows[0], &errors);
    char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    const char *copy = lt_arena_strdup(arena, text);
    free(text);
    return copy;
}

static void assert_error(size_t i, size_t line, const char *column, const char *field,
                         const char *part)
{
    assert_true(i < errors.count);
    const lt_csv_error *e = &errors.items[i];
    if (e->line != line || !strstr(e->message, part))
        fail_msg("error %zu: line %zu \"%s\"; expected line %zu with \"%s\"", i, e->line,
                 e->message, line, part);
    if (column)
        assert_string_equal(e->column, column);
    else
        assert_null(e->column);
    if (field)
        assert_string_equal(e->field, field);
    else
        assert_null(e->field);
}

/* ---------------------------------------------------------------- the column map */

static void maps_columns_by_name_and_alias_in_any_case(void **state)
{
    (void)state;
    lt_csv_table *t = read_text("KANAL;Company;eingangsdatum\nTelefon;ACME;01.02.2024\n");
    lt_csv_column_map *m = map_of(t);
    assert_int_equal(m->file_column[0], 2);
    assert_string_equal(m->name[0], "eingangsdatum");
    assert_int_equal(m->file_column[1], 0);
    assert_int_equal(m->file_column[4], 1);
    assert_int_equal(m->file_column[2], -1);
    assert_string_equal(m->name[2], "topics");
    assert_int_equal(errors.total, 0);
}

static void names_unknown_and_missing_columns(void **state)
{
    (void)state;
    lt_csv_table *t = read_text("Kanal;Bemerkung;Notizen\nphone;x;y\n");
    assert_null(lt_csv_map_columns(arena, t, &inquiry, columns, NCOLUMNS, 0, &errors));
    assert_int_equal(errors.count, 4);
    assert_error(0, 1, "Bemerkung", NULL,
                 "the import has no such column; its columns are: "
                 "received_on, channel, topics");
    assert_error(1, 1, "Notizen", NULL, "no such column");
    /* required by the schema */
    assert_error(2, 1, NULL, "received_on",
                 "the required column \"received_on\" is missing (it may also be named "
                 "\"Eingangsdatum\", \"Datum\")");
    /* required by the import though optional in the schema */
    assert_error(3, 1, NULL, "company", "the required column \"company\" is missing");
}

static void unknown_columns_may_be_ignored(void **state)
{
    (void)state;
    lt_csv_table *t = read_text("Datum;Kanal;company;Bemerkung\n01.02.2024;phone;A;x\n");
    lt_csv_column_map *m = lt_csv_map_columns(arena, t, &inquiry, columns, NCOLUMNS,
                                              LT_CSV_MAP_IGNORE_UNKNOWN, &errors);
    assert_non_null(m);
    assert_int_equal(errors.total, 0);
}

static void refuses_two_columns_for_one_field(void **state)
{
    (void)state;
    lt_csv_table *t = read_text("Datum;channel;company;Eingangsdatum\n1.2.2024;phone;A;x\n");
    assert_null(lt_csv_map_columns(arena, t, &inquiry, columns, NCOLUMNS, 0, &errors));
    assert_int_equal(errors.count, 1);
    assert_error(0, 1, "Eingangsdatum", "received_on",
                 "the columns \"Datum\" and \"Eingangsdatum\" both give received_on");
}

static void without_a_column_list_every_schema_field_is_a_column(void **state)
{
    (void)state;
    lt_csv_table *t = read_text("channel;received_on\nphone;2024-02-01\n");
    lt_csv_column_map *m = lt_csv_map_columns(arena, t, &inquiry, NULL, 0, 0, &errors);
    assert_non_null(m);
    assert_int_equal(m->ncolumns, inquiry.nfields);
    assert_int_equal(m->file_column[1], 0);
    t = read_text("Kanal\nphone\n");
    assert_null(lt_csv_map_columns(arena, t, &inquiry, NULL, 0, 0, &errors));
    assert_int_equal(errors.count, 3); /* Kanal unknown; received_on, channel missing */
}

/* ---------------------------------------------------------------- conversion */

static const char head[] = "Datum;Kanal;company;topics;occupations;notes;follow_up;staff";

static void converts_dates_as_german_excel_writes_them(void **state)
{
    (void)state;
    assert_string_equal(json_of("Datum;Kanal;company", "01.02.2024;phone;A"),
                        "{\"channel\":\"phone\",\"company\":\"A\",\"received_on\":\"2024-02-01\"}");
    assert_string_equal(json_of("Datum;company", " 1.2.2024 ;A"),
                        "{\"company\":\"A\",\"received_on\":\"2024-02-01\"}");
    assert_string_equal(json_of("Datum;company", "2024-02-29;A"),
                        "{\"company\":\"A\",\"received_on\":\"2024-02-29\"}");
    assert_int_equal(errors.total, 0);
    /* refused, and the member left out */
    assert_string_equal(json_of("Datum;company", "31.02.2024;A"), "{\"company\":\"A\"}");
    assert_string_equal(json_of("Datum;company", "01.02.24;A"), "{\"company\":\"A\"}");
    assert_string_equal(json_of("Datum;company", "02/01/2024;A"), "{\"company\":\"A\"}");
    assert_string_equal(json_of("Datum;company", "1..2024;A"), "{\"company\":\"A\"}");
    assert_int_equal(errors.count, 4);
    assert_error(0, 2, "Datum", "received_on", "must be a date as DD.MM.YYYY or YYYY-MM-DD");
}

static void converts_yes_and_no_in_german_and_english(void **state)
{
    (void)state;
    static const char *const yes[] = {"ja", "JA", "j", "Yes", "y", "true", "WAHR", "1", "x"};
    static const char *const no[] = {"nein", "N", "no", "FALSE", "FALSCH", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_string_equal(json_of("follow_up", yes[i]), "{\"follow_up\":true}");
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_string_equal(json_of("follow_up", no[i]), "{\"follow_up\":false}");
    assert_int_equal(errors.total, 0);
    assert_string_equal(json_of("follow_up", "vielleicht"), "{}");
    assert_error(0, 2, "follow_up", "follow_up", "must be yes or no");
}

static void converts_whole_numbers(void **state)
{
    (void)state;
    assert_string_equal(json_of("staff", " 42 "), "{\"staff\":42}");
    assert_string_equal(json_of("staff", "-7"), "{\"staff\":-7}");
    assert_string_equal(json_of("staff", "+7"), "{\"staff\":7}");
    assert_string_equal(json_of("staff", "1.000"), "{}");
    assert_string_equal(json_of("staff", "4,5"), "{}");
    assert_string_equal(json_of("staff", "99999999999999999999"), "{}");
    assert_int_equal(errors.count, 3);
    assert_error(0, 2, "staff", "staff", "must be a whole number");
}

static void matches_enum_values_and_labels_in_any_case(void **state)
{
    (void)state;
    assert_string_equal(json_of("Kanal", "PHONE"), "{\"channel\":\"phone\"}");
    assert_string_equal(json_of("Kanal", "telefon"), "{\"channel\":\"phone\"}");
    assert_string_equal(json_of("Kanal", " Fax "), "{\"channel\":\"Fax\"}"); /* for lt_validate */
    assert_string_equal(json_of("topics", "\"Telefon; email,Treffen\""),
                        "{\"topics\":[\"phone\",\"email\",\"meeting\"]}");
    assert_string_equal(json_of("topics", "\"phone||, \n\""), "{\"topics\":[\"phone\"]}");
    assert_int_equal(errors.total, 0);
}

static void splits_text_lists_at_semicolons_and_line_breaks_only(void **state)
{
    (void)state;
    assert_string_equal(json_of("occupations", "\"Pflege, Alten; Koch\nIT;\""),
                        "{\"occupations\":[\"Pflege, Alten\",\"Koch\",\"IT\"]}");
}

static void leaves_empty_values_out_and_trims_one_line_values(void **state)
{
    (void)state;
    assert_string_equal(json_of(head, ";;  ;; ;\xC2\xA0;;"), "{}");
    assert_string_equal(json_of("company;notes", " ACME\xC2\xA0;\" two\nlines \""),
                        "{\"company\":\"ACME\",\"notes\":\" two\\nlines \"}");
}

static void undoes_the_writers_formula_guard(void **state)
{
    (void)state;
    assert_string_equal(json_of("company;notes", "'=1+1;'@home"),
                        "{\"company\":\"=1+1\",\"notes\":\"@home\"}");
    assert_string_equal(json_of("company", "'quoted'"), "{\"company\":\"'quoted'\"}");
}

/* ---------------------------------------------------------------- validation */

static void validates_every_row_naming_line_column_and_field(void **state)
{
    (void)state;
    lt_csv_table *t = read_text("Eingangsdatum;Kanal;company;staff;contact\n"
                                "01.02.2024;Telefon;ACME;12;a@b.de\n"
                                "31.02.2024;Fax;\"A company name that is far too long\";0;x\n"
                                ";phone;\"multi\nline\";ja;a@b.de\n");
    lt_csv_column_map *m = map_of(t);
    lt_values v;
    json_t *row = NULL;
    assert_int_equal(lt_csv_row_validate(arena, m, &t->rows[0], &v, &row, &errors), 0);
    /* the converted row is handed out, so the import does not convert it again */
    assert_string_equal(json_string_value(json_object_get(row, "received_on")), "2024-02-01");
    assert_string_equal(json_string_value(json_object_get(row, "channel")), "phone");
    assert_string_equal(v.text[lt_schema_index(&inquiry, "received_on")], "2024-02-01");
    assert_string_equal(v.text[lt_schema_index(&inquiry, "channel")], "phone");
    assert_string_equal(v.text[lt_schema_index(&inquiry, "staff")], "12");
    assert_null(v.text[lt_schema_index(&inquiry, "notes")]);
    assert_int_equal(errors.total, 0);

    assert_int_equal(lt_csv_row_validate(arena, m, &t->rows[1], &v, NULL, &errors), -1);
    assert_int_equal(lt_csv_row_validate(arena, m, &t->rows[2], &v, NULL, &errors), -1);
    assert_int_equal(errors.count, 8);
    /* the date once, as a date, not again as "is required" */
    assert_error(0, 3, "Eingangsdatum", "received_on", "must be a date");
    assert_error(1, 3, "Kanal", "channel", "must be one of: phone, email, meeting");
    assert_error(2, 3, "company", "company", "must be 1 to 20 characters");
    assert_error(3, 3, "staff", "staff", "must be a whole number from 1 to 500");
    assert_error(4, 3, "contact", "contact", "must be an email address");
    assert_error(5, 4, "staff", "staff", "must be a whole number (digits only)"); /* "ja" */
    assert_error(6, 4, "Eingangsdatum", "received_on", "is required");
    assert_error(7, 4, "company", "company", "must be one line");
}

static void a_schema_field_without_a_column_is_named_without_one(void **state)
{
    (void)state;
    static const lt_csv_import_column only_channel[] = {{"channel", NULL, NULL, false}};
    lt_csv_table *t = read_text("channel\nphone\n");
    lt_csv_column_map *m = lt_csv_map_columns(arena, t, &inquiry, only_channel, 1, 0, &errors);
    assert_non_null(m); /* the map names what is missing only for its own columns */
    lt_values v;
    assert_int_equal(lt_csv_row_validate(arena, m, &t->rows[0], &v, NULL, &errors), -1);
    assert_int_equal(errors.count, 1);
    assert_error(0, 2, NULL, "received_on", "is required");
}

static void a_bad_row_on_line_9999_of_10000_is_found(void **state)
{
    (void)state;
    lt_buf b;
    lt_buf_init(&b, arena);
    lt_buf_puts(&b, "Eingangsdatum;Kanal;company\r\n");
    for (int line = 2; line <= 10000; line++)
        lt_buf_printf(&b, "%02d.%02d.2024;Telefon;Firma %d\r\n", line % 28 + 1,
                      line == 9999 ? 13 : line % 12 + 1, line);
    lt_csv_table *t = lt_csv_read(arena, b.data, b.len, NULL, &errors);
    assert_non_null(t);
    lt_csv_column_map *m = map_of(t);
    size_t bad = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        lt_values v;
        bad += lt_csv_row_validate(arena, m, &t->rows[i], &v, NULL, &errors) != 0;
    }
    assert_int_equal(bad, 1);
    assert_int_equal(errors.count, 1);
    assert_error(0, 9999, "Eingangsdatum", "received_on", "must be a date");
}

int main(void)
{
    memcpy(loose_fields, inquiry_fields, sizeof loose_fields);
    memcpy(loose_columns, columns, sizeof loose_columns);
    for (size_t i = 0; i < inquiry.nfields; i++)
        loose_fields[i].flags = 0;
    for (size_t i = 0; i < NCOLUMNS; i++)
        loose_columns[i].required = false;
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(maps_columns_by_name_and_alias_in_any_case),
        T(names_unknown_and_missing_columns),
        T(unknown_columns_may_be_ignored),
        T(refuses_two_columns_for_one_field),
        T(without_a_column_list_every_schema_field_is_a_column),
        T(converts_dates_as_german_excel_writes_them),
        T(converts_yes_and_no_in_german_and_english),
        T(converts_whole_numbers),
        T(matches_enum_values_and_labels_in_any_case),
        T(splits_text_lists_at_semicolons_and_line_breaks_only),
        T(leaves_empty_values_out_and_trims_one_line_values),
        T(undoes_the_writers_formula_guard),
        T(validates_every_row_naming_line_column_and_field),
        T(a_schema_field_without_a_column_is_named_without_one),
        T(a_bad_row_on_line_9999_of_10000_is_found),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
