/*
 * test_csv_export.c - lists exported as CSV (?format=csv, ?format=csv-excel) through
 * the whole pipeline: the same items and filters as the JSON pages, written
 * by src/http/csv.c with the headers of src/api/page.c.
 */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define app   th_group_app
#define arena th_group_arena

#define CSV_TYPE "text/csv; charset=utf-8; header=present"
#define BOM      "\xEF\xBB\xBF"

static PGconn *owner;
static char admin_token[TH_TOKEN_SIZE], admin_csrf[TH_TOKEN_SIZE], admin_id[TH_UUID_SIZE];
static const char *admin_email, *formula_email;

/* A request as the admin (admin true) or anonymous; fails the test on another status. */
static void get(lt_resp *resp, bool admin, const char *uri, int want)
{
    int status = th_request_as(app, arena, resp, "GET", uri, NULL, admin ? admin_token : NULL,
                               admin ? admin_csrf : NULL);
    if (status != want)
        fail_msg("GET %s: %d, wanted %d: %.300s", uri, status, want, resp->body.data);
}

/* The number of CRLF-ended records; fails the test on a bare LF or a missing last CRLF. */
static size_t records(const lt_resp *resp)
{
    const char *s = resp->body.data;
    size_t n = 0;
    for (size_t i = 0; i < resp->body.len; i++) {
        if (s[i] == '\n') {
            assert_true(i > 0 && s[i - 1] == '\r');
            n++;
        }
    }
    assert_true(resp->body.len >= 2 && memcmp(s + resp->body.len - 2, "\r\n", 2) == 0);
    return n;
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "csv-admin", "admin", NULL, NULL, admin_token, admin_csrf, admin_id);
    const char *id_param[] = {admin_id};
    admin_email =
        th_value(owner, arena, "SELECT email FROM lotse.users WHERE id = $1", 1, id_param);
    /* a name a spreadsheet would run as a formula, stored as a client could store it */
    formula_email = lt_arena_printf(arena, "csv-formula-%d@test.example", (int)getpid());
    const char *formula[] = {formula_email, "=HYPERLINK(\"http://evil.example\",\"x\")"};
    th_value(owner, arena,
             "INSERT INTO lotse.users (email, display_name) VALUES ($1, $2) RETURNING id", 2,
             formula);
    /* an audit entry in region meo, made through the API */
    lt_resp resp;
    const char *grants = lt_arena_printf(arena, "/api/v1/users/%s/grants", admin_id);
    assert_int_equal(th_request_as(app, arena, &resp, "POST", grants,
                                   "{\"role\": \"coordinator\", \"region\": \"meo\"}", admin_token,
                                   admin_csrf),
                     200);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void exports_all_regions_as_rfc4180_csv(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, false, "/api/v1/regions?format=csv", 200);
    assert_string_equal(resp.content_type, CSV_TYPE);
    assert_string_equal(th_header(&resp, "Content-Disposition"),
                        "attachment; filename=\"regions.csv\"");
    assert_null(th_header(&resp, "Link"));
    assert_int_equal(records(&resp), 17); /* header + 16 regions */
    const char *csv = resp.body.data;
    assert_memory_equal(csv, "slug,name,areas,confirmed\r\n", 27);
    assert_non_null(strstr(csv, "\r\nmittleres-ruhrgebiet,Mittleres Ruhrgebiet,"
                                "Bochum; Herne; Witten; Hattingen,true\r\n"));
}

static void excel_variant_has_the_bom_and_semicolons(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, false, "/api/v1/regions?format=csv-excel", 200);
    assert_string_equal(resp.content_type, CSV_TYPE);
    const char *csv = resp.body.data;
    assert_memory_equal(csv, BOM "slug;name;areas;confirmed\r\n", 3 + 27);
    assert_int_equal(records(&resp), 17);
    assert_non_null(strstr(csv, "\r\nmittleres-ruhrgebiet;Mittleres Ruhrgebiet;"
                                "\"Bochum; Herne; Witten; Hattingen\";true\r\n"));
}

static void an_unknown_format_is_a_bad_query(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, false, "/api/v1/regions?format=xml", 400);
    json_t *p = th_json(arena, &resp);
    assert_string_equal(resp.content_type, "application/problem+json");
    assert_string_equal(json_string_value(json_object_get(p, "detail")),
                        "format must be json, csv or csv-excel");
    get(&resp, false, "/api/v1/regions?format=CSV", 400);
    get(&resp, false, "/api/v1/regions?format=", 400);
}

static void format_json_is_the_default_page(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, false, "/api/v1/regions?format=json", 200);
    assert_string_equal(resp.content_type, "application/json");
    json_t *body = th_json(arena, &resp);
    assert_int_equal(json_array_size(json_object_get(body, "items")), 16);
    /* the JSON page keeps its limits */
    get(&resp, false, "/api/v1/regions?limit=101", 400);
}

static void a_csv_export_is_the_whole_list_and_takes_no_paging(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, false, "/api/v1/regions?format=csv&limit=5", 400);
    json_t *p = th_json(arena, &resp);
    assert_string_equal(
        json_string_value(json_object_get(p, "detail")),
        "A CSV export is the whole list: limit and after page the JSON answer only.");
    get(&resp, false, "/api/v1/regions?limit=5", 200);
    const char *next = json_string_value(json_object_get(th_json(arena, &resp), "next"));
    assert_non_null(next);
    get(&resp, false, lt_arena_printf(arena, "/api/v1/regions?format=csv&after=%s", next), 400);
    get(&resp, false, "/api/v1/regions?format=csv", 200);
    assert_null(th_header(&resp, "Link"));
    assert_int_equal(records(&resp), 17);
}

static void admin_exports_users_with_formulas_defused(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, true, "/api/v1/users?format=csv", 200);
    assert_string_equal(resp.content_type, CSV_TYPE);
    assert_string_equal(th_header(&resp, "Content-Disposition"),
                        "attachment; filename=\"users.csv\"");
    const char *csv = resp.body.data;
    assert_memory_equal(csv, "email,display_name,disabled,roles,created_at\r\n", 46);
    const char *row = lt_arena_printf(arena, "\r\n%s,%s,false,admin,", admin_email, admin_email);
    assert_non_null(strstr(csv, row));
    row = lt_arena_printf(arena,
                          "\r\n%s,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",false,,",
                          formula_email);
    assert_non_null(strstr(csv, row));

    /* the same page rules and the same refusal for a stranger */
    get(&resp, false, "/api/v1/users?format=csv", 401);
    assert_string_equal(resp.content_type, "application/problem+json");
}

static void admin_exports_the_audit_log_with_its_filters(void **state)
{
    (void)state;
    lt_resp resp;
    get(&resp, true, "/api/v1/audit?format=csv", 200);
    assert_string_equal(th_header(&resp, "Content-Disposition"),
                        "attachment; filename=\"audit-log.csv\"");
    const char *csv = resp.body.data;
    assert_memory_equal(csv, "id,at,region,user_id,action,entity,entity_id,request_id\r\n", 57);
    assert_true(records(&resp) >= 2);

    /* ?region= filters the export like the page: every record is of meo */
    get(&resp, true, "/api/v1/audit?region=meo&format=csv-excel", 200);
    size_t n = records(&resp);
    assert_true(n >= 2);
    const char *line = strstr(resp.body.data, "\r\n") + 2;
    for (size_t i = 1; i < n; i++) {
        const char *field = strchr(strchr(line, ';') + 1, ';') + 1; /* the third: region */
        assert_memory_equal(field, "meo;", 4);
        line = strstr(line, "\r\n") + 2;
    }
    get(&resp, true, "/api/v1/regions/meo/audit?format=csv", 200);
    assert_true(records(&resp) >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exports_all_regions_as_rfc4180_csv),
        cmocka_unit_test(excel_variant_has_the_bom_and_semicolons),
        cmocka_unit_test(an_unknown_format_is_a_bad_query),
        cmocka_unit_test(format_json_is_the_default_page),
        cmocka_unit_test(a_csv_export_is_the_whole_list_and_takes_no_paging),
        cmocka_unit_test(admin_exports_users_with_formulas_defused),
        cmocka_unit_test(admin_exports_the_audit_log_with_its_filters),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
