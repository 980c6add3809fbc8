/* test_csv_read.c - reading office CSV files (src/http/csv_read.c). The rows as
 * records (src/http/csv_row.c) are tested in test_csv_row.c. */
#include "lotse/buf.h"
#include "lotse/csv_read.h"

#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

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

static lt_csv_table *read_opt(const char *bytes, size_t len, const lt_csv_read_options *o)
{
    return lt_csv_read(arena, bytes, len, o, &errors);
}

/* Reads a C string literal (or an array: sizeof - 1 keeps embedded bytes). */
#define READ(lit) read_opt((lit), sizeof(lit) - 1, NULL)

/* Fails unless error i is on line with a message containing part. */
static void assert_error(size_t i, size_t line, const char *column, const char *part)
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
}

/* ---------------------------------------------------------------- encodings */

static void decodes_windows1252_umlauts_and_the_euro(void **state)
{
    (void)state;
    lt_csv_table *t = READ("Name;Ort;Betrag\r\n"
                           "M\xFCller;K\xF6ln;\x80 5\r\n"
                           "\xC4\xD6\xDC\xE4\xF6\xFC\xDF;Stra\xDF"
                           "e;\x9A\x8A\x84\x93\r\n");
    assert_non_null(t);
    assert_int_equal(errors.total, 0);
    assert_int_equal(t->encoding, LT_CSV_ENC_WINDOWS1252);
    assert_int_equal(t->separator, ';');
    assert_int_equal(t->nrows, 2);
    assert_string_equal(t->rows[0].values[0], "Müller");
    assert_string_equal(t->rows[0].values[1], "Köln");
    assert_string_equal(t->rows[0].values[2], "€ 5");
    assert_string_equal(t->rows[1].values[0], "ÄÖÜäöüß");
    assert_string_equal(t->rows[1].values[1], "Straße");
    assert_string_equal(t->rows[1].values[2], "šŠ„“");
}

/* Every defined byte 0x80..0xFF as the C library's own Windows-1252 table says. */
static void decodes_every_windows1252_byte_like_iconv(void **state)
{
    (void)state;
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    assert_true(cd != (iconv_t)-1);
    for (int c = 0x80; c <= 0xFF; c++) {
        if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
            continue;
        char in[] = {'h', '\n', (char)c, 0}, out[8] = {0};
        char *ip = in + 2, *op = out;
        size_t il = 1, ol = sizeof out - 1;
        assert_int_not_equal(iconv(cd, &ip, &il, &op, &ol), (size_t)-1);
        lt_csv_table *t = read_opt(in, 3, NULL);
        assert_non_null(t);
        assert_int_equal(t->nrows, 1);
        if (strcmp(t->rows[0].values[0], out) != 0)
            fail_msg("byte 0x%02X: \"%s\", iconv says \"%s\"", c, t->rows[0].values[0], out);
    }
    iconv_close(cd);
    assert_int_equal(errors.total, 0);
}

static void names_the_line_of_each_undefined_windows1252_byte(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a;b\r\n"
                           "\xE4;1\r" /* a lone CR ends a line too */
                           "\x81;2\r\n"
                           "x;\x8D\x8F\r\n"
                           "\x90;\x9D\r\n"
                           "ok;3\r\n");
    assert_non_null(t); /* read on, so that other errors show too */
    assert_int_equal(errors.count, 5);
    assert_error(0, 3, NULL, "0x81");
    assert_error(1, 4, NULL, "0x8D");
    assert_error(2, 4, NULL, "0x8F");
    assert_error(3, 5, NULL, "0x90");
    assert_error(4, 5, NULL, "0x9D");
    assert_string_equal(t->rows[1].values[0], "\xEF\xBF\xBD"); /* U+FFFD */
    assert_string_equal(t->rows[4].values[0], "ok");
}

static void strips_the_utf8_byte_order_mark(void **state)
{
    (void)state;
    lt_csv_table *t = READ("\xEF\xBB\xBFName;Ort\r\nMüller;Köln\r\n");
    assert_non_null(t);
    assert_int_equal(errors.total, 0);
    assert_int_equal(t->encoding, LT_CSV_ENC_UTF8);
    assert_string_equal(t->header[0], "Name");
    assert_string_equal(t->rows[0].values[0], "Müller");
}

static void reads_utf8_without_byte_order_mark_as_utf8(void **state)
{
    (void)state;
    lt_csv_table *t = READ("Name,Ort\nMüller,Köln\n");
    assert_non_null(t);
    assert_int_equal(t->encoding, LT_CSV_ENC_UTF8);
    assert_string_equal(t->rows[0].values[1], "Köln");
}

static void forced_utf8_names_every_line_that_is_not(void **state)
{
    (void)state;
    lt_csv_read_options o = {.encoding = LT_CSV_ENC_UTF8};
    static const char file[] = "a;b\r\nM\xFCller;1\rok;2\nK\xF6ln;3\n";
    assert_null(read_opt(file, sizeof file - 1, &o));
    assert_int_equal(errors.count, 2);
    assert_error(0, 2, NULL, "not valid UTF-8");
    assert_error(1, 4, NULL, "not valid UTF-8");
}

static void utf8_with_byte_order_mark_is_not_taken_for_windows1252(void **state)
{
    (void)state;
    assert_null(READ("\xEF\xBB\xBF"
                     "a\n\xFC\n"));
    assert_error(0, 2, NULL, "not valid UTF-8");
}

static void forced_windows1252_is_honoured(void **state)
{
    (void)state;
    lt_csv_read_options o = {.encoding = LT_CSV_ENC_WINDOWS1252};
    static const char file[] = "a\nä\n"; /* UTF-8 bytes C3 A4 */
    lt_csv_table *t = read_opt(file, sizeof file - 1, &o);
    assert_non_null(t);
    assert_int_equal(t->encoding, LT_CSV_ENC_WINDOWS1252);
    assert_string_equal(t->rows[0].values[0], "Ã¤");
}

/* ---------------------------------------------------------------- separators */

static void detects_the_separator_from_the_header(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a;b;c\n1,5;2;3\n");
    assert_int_equal(t->separator, ';');
    assert_string_equal(t->rows[0].values[0], "1,5");
    t = READ("a,b,\"c;d\"\n1;5,2,3\n");
    assert_int_equal(t->separator, ',');
    assert_string_equal(t->header[2], "c;d");
    t = READ("a\tb\n1\t2\n");
    assert_int_equal(t->separator, '\t');
    assert_string_equal(t->rows[0].values[1], "2");
    t = READ("a,b;c\n1,2;3\n"); /* a tie goes to ';' */
    assert_int_equal(t->separator, ';');
    assert_int_equal(t->ncols, 2);
    t = READ("only\n1\n");
    assert_int_equal(t->ncols, 1);
    assert_int_equal(errors.total, 0);
}

static void the_caller_may_force_the_separator(void **state)
{
    (void)state;
    lt_csv_read_options o = {.separator = ','};
    static const char file[] = "a;b,c\n1;2,3\n";
    lt_csv_table *t = read_opt(file, sizeof file - 1, &o);
    assert_int_equal(t->ncols, 2);
    assert_string_equal(t->header[0], "a;b");
}

static void honours_excels_sep_line(void **state)
{
    (void)state;
    lt_csv_table *t = READ("sep=;\r\na,b;c\r\n1,2;3\r\n");
    assert_non_null(t);
    assert_int_equal(t->separator, ';');
    assert_string_equal(t->header[0], "a,b");
    assert_int_equal(t->header_line, 2);
    assert_int_equal(t->rows[0].line, 3);
}

/* ---------------------------------------------------------------- quoting and lines */

static void reads_quoted_values(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a;b;c\r\n"
                           "\"x;y\";\"say \"\"hi\"\"\";\"\"\r\n");
    assert_non_null(t);
    assert_int_equal(errors.total, 0);
    assert_string_equal(t->rows[0].values[0], "x;y");
    assert_string_equal(t->rows[0].values[1], "say \"hi\"");
    assert_string_equal(t->rows[0].values[2], "");
}

static void line_breaks_in_quotes_keep_the_line_count(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a,b\r\n"
                           "1,\"two\r\nlines\"\r\n"
                           "2,\"three\nlines\rhere\"\n"
                           "3,x\r"
                           "4,y\n");
    assert_non_null(t);
    assert_int_equal(errors.total, 0);
    assert_int_equal(t->nrows, 4);
    assert_int_equal(t->rows[0].line, 2);
    assert_string_equal(t->rows[0].values[1], "two\nlines");
    assert_int_equal(t->rows[1].line, 4);
    assert_string_equal(t->rows[1].values[1], "three\nlines\nhere");
    assert_int_equal(t->rows[2].line, 7);
    assert_int_equal(t->rows[3].line, 8);
    assert_string_equal(t->rows[3].values[1], "y");
}

static void skips_blank_lines_and_rows_of_separators(void **state)
{
    (void)state;
    lt_csv_table *t = READ("\r\na;b;c\r\n1;2;3\r\n;;\r\n\r\n4;5;6\r\n  ; ;\r\n\r\n");
    assert_non_null(t);
    assert_int_equal(errors.total, 0);
    assert_int_equal(t->header_line, 2);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->rows[1].line, 6);
}

static void the_last_record_needs_no_line_break(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a,b\n1,\"x\"");
    assert_int_equal(t->nrows, 1);
    assert_string_equal(t->rows[0].values[1], "x");
    t = READ("a,b\n1,");
    assert_string_equal(t->rows[0].values[1], "");
    assert_int_equal(errors.total, 0);
}

static void drops_spaces_around_quoted_values(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a, b\n \"x, y\" , z \n");
    assert_non_null(t);
    assert_int_equal(errors.total, 0);
    assert_string_equal(t->header[1], "b");
    assert_string_equal(t->rows[0].values[0], "x, y");
    assert_string_equal(t->rows[0].values[1], " z "); /* unquoted: as written */
}

static void a_quote_inside_an_unquoted_value_is_an_error(void **state)
{
    (void)state;
    lt_csv_table *t = READ("Name;Ort\n"
                           "ok;fine\n"
                           "12\" Rohr;Köln\n"
                           "ok;\"multi\nline\";\n" /* three values: a count error */
                           "x;Bad\"Ort\n");
    assert_non_null(t);
    assert_int_equal(errors.count, 3);
    assert_error(0, 3, "Name", "a quote (\") inside a value");
    assert_error(1, 4, NULL, "the row has 3 values, the header has 2 columns");
    assert_error(2, 6, "Ort", "a quote (\") inside a value");
}

static void text_after_a_closing_quote_is_an_error(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a,b\n\"x\"y,2\n");
    assert_non_null(t);
    assert_int_equal(errors.count, 1);
    assert_error(0, 2, "a", "text after the closing quote");
}

static void an_unclosed_quote_names_the_line_where_the_value_starts(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a;b\n"
                           "1;2\n"
                           "3;\"4\n"
                           "5;6\n"
                           "7;8\n");
    assert_non_null(t);
    assert_int_equal(errors.count, 1);
    assert_error(0, 3, "b", "not closed");
    assert_int_equal(t->nrows, 1);
    /* in the header: no table */
    lt_csv_errors_init(&errors, arena, 0);
    assert_null(READ("a;\"b\n1;2\n"));
    assert_error(0, 1, "column 2", "not closed");
}

/* ---------------------------------------------------------------- header and rows */

static void trims_header_names(void **state)
{
    (void)state;
    lt_csv_table *t = READ(" Name \t;\xC2\xA0Ort\xC2\xA0\n1;2\n");
    assert_string_equal(t->header[0], "Name");
    assert_string_equal(t->header[1], "Ort");
    assert_int_equal(errors.total, 0);
}

static void refuses_duplicate_and_empty_header_names(void **state)
{
    (void)state;
    lt_csv_table *t = READ("Name;E-Mail;;email;NAME\n1;2;3;4;5\n");
    assert_non_null(t);
    assert_int_equal(errors.count, 3);
    assert_error(0, 1, "column 3", "no name");
    assert_error(1, 1, "email", "\"E-Mail\" appears twice");
    assert_error(2, 1, "NAME", "\"Name\" appears twice");
}

static void drops_trailing_columns_without_a_name(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a;b;;\n1;2;;\n3;4\n5;6;x;\n");
    assert_non_null(t);
    assert_int_equal(t->ncols, 2);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(errors.count, 1);
    assert_error(0, 4, "column 3", "without a name");
}

static void names_every_row_with_another_number_of_values(void **state)
{
    (void)state;
    lt_csv_table *t = READ("a,b,c\n1,2,3\n1,2\n1,2,3,4\n\"x\ny\",2,3\n1\n");
    assert_non_null(t);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(t->rows[1].line, 5);
    assert_int_equal(errors.count, 3);
    assert_error(0, 3, NULL, "the row has 2 values, the header has 3 columns");
    assert_error(1, 4, NULL, "the row has 4 values");
    assert_error(2, 7, NULL, "the row has 1 value,");
}

static void a_bad_row_on_line_9999_of_10000_is_named(void **state)
{
    (void)state;
    lt_buf b;
    lt_buf_init(&b, arena);
    lt_buf_puts(&b, "Name;Ort;Datum\r\n");
    for (int line = 2; line <= 10000; line++)
        lt_buf_printf(
            &b, line == 9999 ? "Person %d;Ort\r\n" : "Person %d;\"K\xF6ln\";01.02.2024\r\n", line);
    lt_csv_table *t = read_opt(b.data, b.len, NULL);
    assert_non_null(t);
    assert_int_equal(t->encoding, LT_CSV_ENC_WINDOWS1252);
    assert_int_equal(t->nrows, 9998);
    assert_int_equal(errors.count, 1);
    assert_error(0, 9999, NULL, "the row has 2 values");
    assert_int_equal(t->rows[9996].line, 9998);
    assert_int_equal(t->rows[9997].line, 10000);
    assert_string_equal(t->rows[9997].values[1], "Köln");
}

/* ---------------------------------------------------------------- limits and refusals */

static void refuses_files_over_max_bytes(void **state)
{
    (void)state;
    lt_csv_read_options o = {.max_bytes = 10};
    assert_null(read_opt("a;b\n1;2\n3;4\n", 12, &o));
    assert_error(0, 0, NULL, "larger than 10 bytes");
    lt_csv_errors_init(&errors, arena, 0);
    assert_non_null(read_opt("a;b\n1;2\n3", 9, &o));
}

static void refuses_more_rows_than_max_rows(void **state)
{
    (void)state;
    lt_csv_read_options o = {.max_rows = 2};
    static const char file[] = "a\n1\n\n2\n3\n";
    assert_null(read_opt(file, sizeof file - 1, &o));
    assert_error(0, 5, NULL, "more than 2 rows");
    lt_csv_errors_init(&errors, arena, 0);
    assert_non_null(read_opt(file, sizeof file - 3, &o)); /* "a\n1\n\n2\n" */
}

static void names_each_value_longer_than_max_field(void **state)
{
    (void)state;
    lt_csv_read_options o = {.max_field = 4};
    static const char file[] = "Name;Ort\n1234;\"12\"\"4\"\nabcde;\"ä123\"\n";
    lt_csv_table *t = read_opt(file, sizeof file - 1, &o);
    assert_non_null(t);
    assert_int_equal(errors.count, 2);
    assert_error(0, 3, "Name", "longer than 4 bytes");
    assert_error(1, 3, "Ort", "longer than 4 bytes"); /* ä is two bytes */
}

static void refuses_nul_bytes_naming_the_line(void **state)
{
    (void)state;
    static const char file[] = "a;b\r\n1;2\r3;\0\r\n";
    assert_null(read_opt(file, sizeof file - 1, NULL));
    assert_int_equal(errors.count, 1);
    assert_error(0, 3, NULL, "NUL byte");
}

static void refuses_utf16_and_workbooks(void **state)
{
    (void)state;
    static const char utf16[] = "\xFF\xFE"
                                "a\0;\0b\0";
    assert_null(read_opt(utf16, sizeof utf16 - 1, NULL));
    assert_error(0, 0, NULL, "UTF-16");
    static const char xlsx[] = "PK\x03\x04\x14\0\x06\0";
    assert_null(read_opt(xlsx, sizeof xlsx - 1, NULL));
    assert_error(1, 0, NULL, "workbook");
}

static void refuses_a_file_without_a_header(void **state)
{
    (void)state;
    assert_null(READ(""));
    assert_error(0, 0, NULL, "empty");
    assert_null(READ("\xEF\xBB\xBF\r\n;;\r\n"));
    assert_error(1, 0, NULL, "empty");
    lt_csv_table *t = READ("a;b\r\n"); /* a header alone is a file without rows */
    assert_non_null(t);
    assert_int_equal(t->nrows, 0);
    assert_int_equal(errors.count, 2);
}

static void refuses_too_many_columns(void **state)
{
    (void)state;
    lt_buf b;
    lt_buf_init(&b, arena);
    for (int i = 0; i <= LT_CSV_READ_MAX_COLUMNS; i++)
        lt_buf_printf(&b, "c%d;", i);
    assert_null(read_opt(b.data, b.len, NULL));
    assert_error(0, 1, NULL, "more than 1000 columns");
}

/* ---------------------------------------------------------------- the error list */

static void caps_the_error_list_and_says_so(void **state)
{
    (void)state;
    lt_buf b;
    lt_buf_init(&b, arena);
    lt_buf_puts(&b, "a;b\n");
    for (int i = 0; i < 1500; i++)
        lt_buf_puts(&b, "1\n");
    lt_csv_table *t = read_opt(b.data, b.len, NULL);
    assert_non_null(t);
    assert_int_equal(errors.count, LT_CSV_MAX_ERRORS);
    assert_int_equal(errors.total, 1500);
    assert_error(999, 1001, NULL, "the row has 1 value");
    assert_string_equal(lt_csv_errors_summary(&errors),
                        "The file has 1500 errors; the first 1000 are listed. Nothing was "
                        "imported.");
    json_t *list = lt_csv_errors_json(&errors);
    assert_int_equal(json_array_size(list), 1000);
    json_decref(list);
}

static void lists_errors_by_line_as_json(void **state)
{
    (void)state;
    /* the decoder finds line 3, the parser lines 2 and 4: listed by line */
    lt_csv_table *t = READ("a;b\n1\n\x81;2\n1;2;3\n");
    assert_non_null(t);
    json_t *list = lt_csv_errors_json(&errors);
    char *text = json_dumps(list, JSON_COMPACT);
    assert_string_equal(
        text, "[{\"field\":\"\",\"line\":2,\"message\":\"the row has 1 value, the header has 2 "
              "columns\"},{\"field\":\"\",\"line\":3,\"message\":\"the byte 0x81 is not a "
              "character in Windows-1252; save the file as \\\"CSV UTF-8\\\"\"},{\"field\":\"\","
              "\"line\":4,\"message\":\"the row has 3 values, the header has 2 columns\"}]");
    free(text);
    json_decref(list);
    assert_string_equal(lt_csv_errors_summary(&errors),
                        "The file has 3 errors; nothing was imported.");
}

static void a_column_name_in_an_error_is_cut_to_100_bytes(void **state)
{
    (void)state;
    char name[300];
    memset(name, 'x', 299);
    name[299] = '\0';
    lt_csv_errors_add(&errors, 1, name, NULL, "m");
    assert_int_equal(strlen(errors.items[0].column), 100);
    /* and a message repeats at most 100 bytes of a name from the file */
    const char *header = lt_arena_printf(arena, "%s;%s\n", name, name);
    assert_non_null(read_opt(header, strlen(header), NULL));
    assert_int_equal(errors.count, 2);
    assert_true(strlen(errors.items[1].message) < 150);
    assert_true(strstr(errors.items[1].message, "appears twice") != NULL);
}

static void compares_names_as_a_person_does(void **state)
{
    (void)state;
    assert_true(lt_csv_name_equal("E-Mail", "email"));
    assert_true(lt_csv_name_equal("Eingangs Datum", "eingangs_datum"));
    assert_true(lt_csv_name_equal("ÄRZTE", "ärzte"));
    assert_true(lt_csv_name_equal("Nr.", "NR"));
    assert_false(lt_csv_name_equal("Straße", "Strasse"));
    assert_false(lt_csv_name_equal("name", "names"));
    assert_false(lt_csv_name_equal("×", "÷")); /* C3 97 and C3 B7 are no letters */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(decodes_windows1252_umlauts_and_the_euro),
        T(decodes_every_windows1252_byte_like_iconv),
        T(names_the_line_of_each_undefined_windows1252_byte),
        T(strips_the_utf8_byte_order_mark),
        T(reads_utf8_without_byte_order_mark_as_utf8),
        T(forced_utf8_names_every_line_that_is_not),
        T(utf8_with_byte_order_mark_is_not_taken_for_windows1252),
        T(forced_windows1252_is_honoured),
        T(detects_the_separator_from_the_header),
        T(the_caller_may_force_the_separator),
        T(honours_excels_sep_line),
        T(reads_quoted_values),
        T(line_breaks_in_quotes_keep_the_line_count),
        T(skips_blank_lines_and_rows_of_separators),
        T(the_last_record_needs_no_line_break),
        T(drops_spaces_around_quoted_values),
        T(a_quote_inside_an_unquoted_value_is_an_error),
        T(text_after_a_closing_quote_is_an_error),
        T(an_unclosed_quote_names_the_line_where_the_value_starts),
        T(trims_header_names),
        T(refuses_duplicate_and_empty_header_names),
        T(drops_trailing_columns_without_a_name),
        T(names_every_row_with_another_number_of_values),
        T(a_bad_row_on_line_9999_of_10000_is_named),
        T(refuses_files_over_max_bytes),
        T(refuses_more_rows_than_max_rows),
        T(names_each_value_longer_than_max_field),
        T(refuses_nul_bytes_naming_the_line),
        T(refuses_utf16_and_workbooks),
        T(refuses_a_file_without_a_header),
        T(refuses_too_many_columns),
        T(caps_the_error_list_and_says_so),
        T(lists_errors_by_line_as_json),
        T(a_column_name_in_an_error_is_cut_to_100_bytes),
        T(compares_names_as_a_person_does),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
