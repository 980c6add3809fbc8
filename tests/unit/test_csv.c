/* test_csv.c - lists as CSV: quoting, dialects, values (src/http/csv.c). */
#include "lotse/csv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static lt_arena *arena;

static int setup(void **state)
{
    (void)state;
    arena = lt_arena_create(1024);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lt_arena_destroy(arena);
    return 0;
}

/* One field as the dialect writes it (arena memory). */
static const char *field(lt_csv_dialect d, const char *s)
{
    lt_buf b;
    lt_buf_init(&b, arena);
    lt_csv_field(&b, d, s, strlen(s));
    return b.data;
}

/* The CSV of items (JSON text) with cols; fails the test when the writer refuses. */
static const char *csv_of(lt_csv_dialect d, const lt_csv_column *cols, size_t ncols,
                          const char *items_json)
{
    json_t *items = json_loads(items_json, 0, NULL);
    assert_non_null(items);
    lt_buf b;
    lt_buf_init(&b, arena);
    assert_int_equal(lt_csv_from_items(&b, d, cols, ncols, items), 0);
    json_decref(items);
    return b.data;
}

static const lt_csv_column one[] = {{"v", "v"}};

/* The record of the single column "v" for the value (JSON text) v. */
static const char *record_of(const char *v)
{
    char json[256];
    snprintf(json, sizeof json, "[{\"v\": %s}]", v);
    const char *csv = csv_of(LT_CSV_RFC4180, one, 1, json);
    assert_memory_equal(csv, "v\r\n", 3);
    return csv + 3;
}

static void plain_text_is_not_quoted(void **state)
{
    (void)state;
    assert_string_equal(field(LT_CSV_RFC4180, "Mittleres Ruhrgebiet"), "Mittleres Ruhrgebiet");
    assert_string_equal(field(LT_CSV_RFC4180, ""), "");
}

static void quotes_a_field_with_the_separator(void **state)
{
    (void)state;
    assert_string_equal(field(LT_CSV_RFC4180, "Hagen, Stadt"), "\"Hagen, Stadt\"");
}

static void doubles_quotes_inside_a_quoted_field(void **state)
{
    (void)state;
    assert_string_equal(field(LT_CSV_RFC4180, "say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(field(LT_CSV_RFC4180, "\""), "\"\"\"\"");
}

static void quotes_line_breaks(void **state)
{
    (void)state;
    assert_string_equal(field(LT_CSV_RFC4180, "a\r\nb"), "\"a\r\nb\"");
    assert_string_equal(field(LT_CSV_RFC4180, "a\nb"), "\"a\nb\"");
    assert_string_equal(field(LT_CSV_RFC4180, "a\rb"), "\"a\rb\"");
}

static void defuses_text_that_starts_like_a_formula(void **state)
{
    (void)state;
    assert_string_equal(field(LT_CSV_RFC4180, "=1+1"), "\"'=1+1\"");
    assert_string_equal(field(LT_CSV_RFC4180, "+49 201 1234"), "\"'+49 201 1234\"");
    assert_string_equal(field(LT_CSV_RFC4180, "-2+3"), "\"'-2+3\"");
    assert_string_equal(field(LT_CSV_RFC4180, "@SUM(A1)"), "\"'@SUM(A1)\"");
    assert_string_equal(field(LT_CSV_RFC4180, "\tx"), "\"'\tx\"");
    assert_string_equal(field(LT_CSV_RFC4180, "\rx"), "\"'\rx\"");
    /* quotes inside a defused field are still doubled */
    assert_string_equal(field(LT_CSV_RFC4180, "=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_string_equal(field(LT_CSV_EXCEL, "=1;2"), "\"'=1;2\"");
    /* only the first character counts */
    assert_string_equal(field(LT_CSV_RFC4180, "a=b-c"), "a=b-c");
}

static void numbers_are_never_defused(void **state)
{
    (void)state;
    assert_string_equal(record_of("-3"), "-3\r\n");
    assert_string_equal(record_of("\"-3\""), "\"'-3\"\r\n");
}

static void excel_dialect_quotes_semicolons_but_not_commas(void **state)
{
    (void)state;
    assert_string_equal(field(LT_CSV_EXCEL, "a;b"), "\"a;b\"");
    assert_string_equal(field(LT_CSV_EXCEL, "a,b"), "a,b");
    assert_string_equal(field(LT_CSV_RFC4180, "a;b"), "a;b");
}

static const lt_csv_column region_cols[] = {
    {"slug", "slug"},
    {"name", "name"},
    {"areas", "areas[]"},
    {"confirmed", "confirmed"},
};
static const char regions_json[] =
    "[{\"slug\": \"hagen\", \"name\": \"Hagen\", \"areas\": [\"Hagen\", \"Ennepe-Ruhr-Kreis\"],"
    "  \"confirmed\": true},"
    " {\"slug\": \"x\", \"name\": \"X, Y\", \"areas\": [], \"confirmed\": false}]";

static void writes_a_header_row_and_crlf_after_every_record(void **state)
{
    (void)state;
    const char *csv = csv_of(LT_CSV_RFC4180, region_cols, 4, regions_json);
    assert_string_equal(csv, "slug,name,areas,confirmed\r\n"
                             "hagen,Hagen,Hagen; Ennepe-Ruhr-Kreis,true\r\n"
                             "x,\"X, Y\",,false\r\n");
}

static void no_items_give_the_header_alone(void **state)
{
    (void)state;
    assert_string_equal(csv_of(LT_CSV_RFC4180, region_cols, 4, "[]"),
                        "slug,name,areas,confirmed\r\n");
}

static void excel_dialect_starts_with_the_bom_and_separates_with_semicolons(void **state)
{
    (void)state;
    const char *csv = csv_of(LT_CSV_EXCEL, region_cols, 4, regions_json);
    assert_string_equal(csv, "\xEF\xBB\xBF"
                             "slug;name;areas;confirmed\r\n"
                             "hagen;Hagen;\"Hagen; Ennepe-Ruhr-Kreis\";true\r\n"
                             "x;X, Y;;false\r\n");
}

static void rfc4180_dialect_has_no_bom(void **state)
{
    (void)state;
    const char *csv = csv_of(LT_CSV_RFC4180, region_cols, 4, "[]");
    assert_int_not_equal((unsigned char)csv[0], 0xEF);
}

static void null_and_missing_members_are_empty(void **state)
{
    (void)state;
    assert_string_equal(record_of("null"), "\r\n");
    static const lt_csv_column two[] = {{"a", "a"}, {"b", "b"}};
    assert_string_equal(csv_of(LT_CSV_RFC4180, two, 2, "[{\"b\": null}, {}]"), "a,b\r\n,\r\n,\r\n");
}

static void numbers_are_their_decimal_text(void **state)
{
    (void)state;
    assert_string_equal(record_of("42"), "42\r\n");
    assert_string_equal(record_of("9007199254740993"), "9007199254740993\r\n");
    assert_string_equal(record_of("0.5"), "0.5\r\n");
}

static void booleans_are_true_and_false(void **state)
{
    (void)state;
    assert_string_equal(record_of("true"), "true\r\n");
    assert_string_equal(record_of("false"), "false\r\n");
}

static void utf8_passes_untouched(void **state)
{
    (void)state;
    /* "Märkischer Kreis – Lüdenscheid", as UTF-8 bytes; jansson decodes the \u escapes */
    assert_string_equal(record_of("\"M\\u00e4rkischer Kreis \\u2013 L\\u00fcdenscheid\""),
                        "M\xC3\xA4rkischer Kreis \xE2\x80\x93 L\xC3\xBC"
                        "denscheid\r\n");
    assert_string_equal(record_of("\"\xF0\x9F\x93\x8A\""), "\xF0\x9F\x93\x8A\r\n");
}

static void arrays_are_joined_with_semicolon_space(void **state)
{
    (void)state;
    static const lt_csv_column roles[] = {{"roles", "roles[]"}};
    assert_string_equal(
        csv_of(LT_CSV_RFC4180, roles, 1,
               "[{\"roles\": [\"admin\", \"fai_lead\"]}, {\"roles\": []}, {\"roles\": [1, null]},"
               " {\"roles\": \"admin\"}, {}]"),
        "roles\r\nadmin; fai_lead\r\n\r\n1; \r\nadmin\r\n\r\n");
}

static void an_array_without_brackets_and_an_object_are_compact_json(void **state)
{
    (void)state;
    assert_string_equal(record_of("[\"a\", 1]"), "\"[\"\"a\"\",1]\"\r\n");
    assert_string_equal(record_of("{\"k\": 2}"), "\"{\"\"k\"\":2}\"\r\n");
}

static void reads_a_nested_member(void **state)
{
    (void)state;
    static const lt_csv_column cols[] = {
        {"region", "region.slug"},
        {"who", "by.user.email"},
        {"tags", "meta.tags[]"},
    };
    assert_string_equal(
        csv_of(LT_CSV_RFC4180, cols, 3,
               "[{\"region\": {\"slug\": \"hagen\"}, \"by\": {\"user\": {\"email\": \"a@b\"}},"
               "  \"meta\": {\"tags\": [\"x\", \"y\"]}},"
               " {\"region\": \"hagen\", \"by\": null}]"),
        "region,who,tags\r\nhagen,a@b,x; y\r\n,,\r\n");
}

static void refuses_what_is_no_array_of_objects(void **state)
{
    (void)state;
    lt_buf b;
    lt_buf_init(&b, arena);
    json_t *v = json_loads("{\"items\": []}", 0, NULL);
    assert_int_equal(lt_csv_from_items(&b, LT_CSV_RFC4180, one, 1, v), -1);
    json_decref(v);
    v = json_loads("[1]", 0, NULL);
    assert_int_equal(lt_csv_from_items(&b, LT_CSV_RFC4180, one, 1, v), -1);
    json_decref(v);
}

static void names_the_dialect_of_a_format(void **state)
{
    (void)state;
    assert_int_equal(lt_csv_dialect_of("csv"), LT_CSV_RFC4180);
    assert_int_equal(lt_csv_dialect_of("csv-excel"), LT_CSV_EXCEL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_text_is_not_quoted),
        cmocka_unit_test(quotes_a_field_with_the_separator),
        cmocka_unit_test(doubles_quotes_inside_a_quoted_field),
        cmocka_unit_test(quotes_line_breaks),
        cmocka_unit_test(defuses_text_that_starts_like_a_formula),
        cmocka_unit_test(numbers_are_never_defused),
        cmocka_unit_test(excel_dialect_quotes_semicolons_but_not_commas),
        cmocka_unit_test(writes_a_header_row_and_crlf_after_every_record),
        cmocka_unit_test(no_items_give_the_header_alone),
        cmocka_unit_test(excel_dialect_starts_with_the_bom_and_separates_with_semicolons),
        cmocka_unit_test(rfc4180_dialect_has_no_bom),
        cmocka_unit_test(null_and_missing_members_are_empty),
        cmocka_unit_test(numbers_are_their_decimal_text),
        cmocka_unit_test(booleans_are_true_and_false),
        cmocka_unit_test(utf8_passes_untouched),
        cmocka_unit_test(arrays_are_joined_with_semicolon_space),
        cmocka_unit_test(an_array_without_brackets_and_an_object_are_compact_json),
        cmocka_unit_test(reads_a_nested_member),
        cmocka_unit_test(refuses_what_is_no_array_of_objects),
        cmocka_unit_test(names_the_dialect_of_a_format),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
