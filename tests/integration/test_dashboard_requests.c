/*
 * test_dashboard_requests.c - what the dashboards make of a request: every kind
 * of bad input refused with a problem naming the field before a figure is read
 * (so a refusal carries none); the flat CSV table with its marker for a
 * suppressed count; a range without records.
 *
 * Its records are dated 2016 (no other test uses that year).
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

#define A     "koeln"
#define B     "niederrhein"
#define DASH  "/api/v1/dashboards/"
#define RANGE "from=2016-01-01&to=2016-12-31"

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} caller;

static PGconn *owner;
static caller coord_a, lead;

static int get_as(const caller *c, lt_resp *resp, const char *uri)
{
    return th_request_as(th_group_app, th_group_arena, resp, "GET", uri, NULL, c ? c->token : NULL,
                         c ? c->csrf : NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static void set_k(long k)
{
    ((lt_config *)th_group_app->cfg)->sdc_k = (int)k;
}

static json_t *figure(json_t *answer, const char *name)
{
    json_t *f = json_object_get(json_object_get(answer, "figures"), name);
    if (!f)
        fail_msg("no figure %s", name);
    return f;
}

/* n inquiries of region in sector, received on the date, inserted by the owner. */
static void inquiries(const char *region, int n, const char *on, const char *sector)
{
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    const char *params[] = {on, sector, region, count};
    th_value(owner, th_group_arena,
             "INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by, sector)"
             " SELECT g.id, $1::date, 'email', 'region', $2 FROM lotse.regions g,"
             " generate_series(1, $4::int) WHERE g.slug = $3",
             4, params);
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', lotse.every_region(), false),"
                     " set_config('lotse.write_region_ids', lotse.every_region(), false)");
    th_scalar(owner,
              "WITH gone AS (DELETE FROM lotse.inquiries WHERE received_on"
              " BETWEEN '2016-01-01' AND '2016-12-31' RETURNING 1) SELECT count(*) FROM gone");
    th_sign_in(owner, "dashreq-coord", NULL, A, "coordinator", coord_a.token, coord_a.csrf, NULL);
    th_sign_in(owner, "dashreq-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, NULL);
    inquiries(A, 12, "2016-03-10", "C");
    inquiries(A, 3, "2016-03-12", "F");
    inquiries(B, 20, "2016-03-05", "C");
    inquiries(B, 7, "2016-04-02", "F");
    lt_arena_reset(th_group_arena);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void bad_input_is_refused_before_any_figure_is_read(void **state)
{
    (void)state;
    static const struct {
        const char *uri;
        int status;
        const char *field;
    } cases[] = {
        {DASH "inquiries?from=2016-06-01&to=2016-01-01", 400, "from"},
        {DASH "inquiries?from=1950-01-01&to=2050-12-31", 400, "to"},
        {DASH "activities?from=2016-02-30", 400, "from"},
        {DASH "measures?to=yesterday", 400, "to"},
        {DASH "inquiries?regions=atlantis", 400, "regions"},
        {DASH "inquiries?regions=" A "," A, 400, "regions"},
        {DASH "inquiries?regions=", 400, "regions"},
        {DASH "inquiries?regions=" A ",", 400, "regions"},
        {DASH "obstacles?regions=%27%3B--", 400, "regions"},
        {DASH "inquiries?format=xml", 400, "format"},
        {DASH "policy-report?format=csv", 400, "format"},
        {DASH "bulletins?regions=" B, 403, "regions"}, /* as the coordinator of A */
        {DASH "inquiries?regions=" A "," B, 403, "regions"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lt_resp resp;
        const caller *c = strstr(cases[i].uri, "policy-report") ? &lead : &coord_a;
        int status = get_as(c, &resp, cases[i].uri);
        if (status != cases[i].status)
            fail_msg("%s: %d, want %d: %s", cases[i].uri, status, cases[i].status, resp.body.data);
        json_t *p = json_of(&resp);
        assert_string_equal(resp.content_type, "application/problem+json");
        const char *field = json_string_value(
            json_object_get(json_array_get(json_object_get(p, "errors"), 0), "field"));
        if (!field || strcmp(field, cases[i].field) != 0)
            fail_msg("%s: names %s, want %s", cases[i].uri, field ? field : "nothing",
                     cases[i].field);
        /* no figure, and none of B's counts, comes with a refusal */
        assert_null(json_object_get(p, "figures"));
        assert_null(strstr(resp.body.data, "\"values\""));
    }
    /* an unknown parameter, and an anonymous caller */
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?region=" A), 400);
    assert_int_equal(get_as(NULL, &resp, DASH "agreements?" RANGE), 401);
    assert_int_equal(get_as(NULL, &resp, DASH "policy-report"), 401);
    /* the report is the FAI's: a region gets 403 */
    assert_int_equal(get_as(&coord_a, &resp, DASH "policy-report"), 403);
}

static void csv_is_one_flat_table_with_a_marker_for_suppressed_counts(void **state)
{
    (void)state;
    set_k(5);
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?" RANGE "&format=csv"), 200);
    assert_string_equal(resp.content_type, "text/csv; charset=utf-8; header=present");
    assert_non_null(
        strstr(th_header(&resp, "Content-Disposition"), "dashboard-inquiries-2016-01-2016-12.csv"));
    assert_memory_equal(resp.body.data, "figure,scope,region,row,key,value\r\n", 35);
    assert_non_null(strstr(resp.body.data, "by_sector,region," A ",,F,s\r\n"));
    assert_non_null(strstr(resp.body.data, "by_sector,region," B ",,C,"));
    assert_non_null(strstr(resp.body.data, "by_month,state,,,2016-03,"));
    assert_int_equal(get_as(&coord_a, &resp, DASH "inquiries?" RANGE "&format=csv-excel"), 200);
    assert_memory_equal(resp.body.data,
                        "\xEF\xBB\xBF"
                        "figure;scope;region;row;key;value\r\n",
                        38);
    assert_non_null(strstr(resp.body.data, "by_sector;region;" A ";;C;12\r\n"));
    assert_null(strstr(resp.body.data, ";" B ";"));
}

/* A month with no records: every dashboard answers, with zeros and nothing suppressed. */
static void an_empty_range_answers_zeros(void **state)
{
    (void)state;
    set_k(5);
    static const char *const dashboards[] = {"inquiries", "activities", "measures",
                                             "obstacles", "bulletins",  "agreements"};
    const caller *callers[] = {&lead, &coord_a};
    for (size_t d = 0; d < sizeof dashboards / sizeof dashboards[0]; d++)
        for (size_t c = 0; c < 2; c++)
            for (int csv = 0; csv < 2; csv++) {
                lt_resp resp;
                const char *uri =
                    lt_arena_printf(th_group_arena, DASH "%s?from=2001-02-01&to=2001-02-28%s",
                                    dashboards[d], csv ? "&format=csv" : "");
                assert_int_equal(get_as(callers[c], &resp, uri), 200);
                if (strcmp(dashboards[d], "measures") != 0 &&
                    strcmp(dashboards[d], "agreements") != 0)
                    assert_null(csv ? strstr(resp.body.data, ",s\r\n")
                                    : strstr(strstr(resp.body.data, "\"figures\":"), "suppressed"));
            }
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?from=2001-02-01&to=2001-02-28"), 200);
    assert_int_equal(
        json_array_size(json_object_get(figure(json_of(&resp), "by_target_country"), "keys")), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_input_is_refused_before_any_figure_is_read),
        cmocka_unit_test(csv_is_one_flat_table_with_a_marker_for_suppressed_counts),
        cmocka_unit_test(an_empty_range_answers_zeros),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
