/*
 * test_dashboards.c - the dashboards across regions (docs/dashboards.md): who
 * sees what, disclosure control on real answers (no suppressed figure is the
 * only one of its line), the members' view of the state, distinct SMEs over
 * range boundaries, rollups current at once and equal to a rebuild after
 * writes through the API by a coordinator and by FAI staff.
 * (test_dashboard_requests.c: bad input, CSV, empty ranges.)
 *
 * Its records are dated 2012 (no other test uses that year), so the counts
 * are exact whatever else the shared database holds.
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
#define C     "emscher-lippe"
#define SME   "muensterland"
#define DASH  "/api/v1/dashboards/"
#define RANGE "from=2012-01-01&to=2012-12-31"

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} caller;

static PGconn *owner;
static caller coord_a, viewer_a, coord_b, coord_ab, lead, staff, esf, admin, coord_sme;

static int get_as(const caller *c, lt_resp *resp, const char *uri)
{
    return th_request_as(th_group_app, th_group_arena, resp, "GET", uri, NULL, c ? c->token : NULL,
                         c ? c->csrf : NULL);
}

static int call_as(const caller *c, lt_resp *resp, const char *method, const char *uri,
                   const char *body)
{
    return th_request_signed(th_group_app, th_group_arena, resp, method, uri, body, c->token,
                             c->csrf, NULL, NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static void set_k(long k)
{
    ((lt_config *)th_group_app->cfg)->sdc_k = (int)k;
}

/* n inquiries of region, all alike, inserted by the owner; company NULL: none (then
 * the inquiry's own size and sector). */
static void inquiries(const char *region, int n, const char *on, const char *sector,
                      const char *size, const char *company, const char *topic, const char *country,
                      const char *received_by)
{
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    const char *params[] = {on, received_by, company, size, sector, topic, country, region, count};
    th_value(owner, th_group_arena,
             "INSERT INTO lotse.inquiries (region_id, received_on, channel, received_by,"
             " company_id, size_class, sector, topics, target_countries)"
             " SELECT g.id, $1::date, 'email', $2, $3::uuid,"
             " CASE WHEN $3::uuid IS NULL THEN $4 END, CASE WHEN $3::uuid IS NULL THEN $5 END,"
             " ARRAY[$6], ARRAY[$7] FROM lotse.regions g, generate_series(1, $9::int)"
             " WHERE g.slug = $8",
             9, params);
}

static const char *company(const char *region, const char *size)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO lotse.companies (region_id, name, size_class) SELECT id, 'Firma', '%s'"
             " FROM lotse.regions WHERE slug = '%s' RETURNING id",
             size, region);
    return lt_arena_strdup(th_group_arena, th_scalar(owner, sql));
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', lotse.every_region(), false),"
                     " set_config('lotse.write_region_ids', lotse.every_region(), false)");
    /* a run before this one on the same database left its year behind */
    th_scalar(owner,
              "WITH gone AS (DELETE FROM lotse.inquiries WHERE received_on"
              " BETWEEN '2012-01-01' AND '2012-12-31' RETURNING 1) SELECT count(*) FROM gone");
    th_sign_in(owner, "dash-coord-a", NULL, A, "coordinator", coord_a.token, coord_a.csrf, NULL);
    th_sign_in(owner, "dash-viewer-a", NULL, A, "region_viewer", viewer_a.token, viewer_a.csrf,
               NULL);
    th_sign_in(owner, "dash-coord-b", NULL, B, "coordinator", coord_b.token, coord_b.csrf, NULL);
    char id[TH_UUID_SIZE], sql[256];
    th_sign_in(owner, "dash-coord-ab", NULL, A, "coordinator", coord_ab.token, coord_ab.csrf, id);
    snprintf(sql, sizeof sql,
             "INSERT INTO lotse.memberships (region_id, user_id, role) SELECT id, '%s',"
             " 'coordinator' FROM lotse.regions WHERE slug = '" B "' RETURNING 1",
             id);
    th_scalar(owner, sql);
    th_sign_in(owner, "dash-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, NULL);
    th_sign_in(owner, "dash-staff", "fai_staff", NULL, NULL, staff.token, staff.csrf, NULL);
    th_sign_in(owner, "dash-esf", "fai_esf", NULL, NULL, esf.token, esf.csrf, NULL);
    th_sign_in(owner, "dash-admin", "admin", NULL, NULL, admin.token, admin.csrf, NULL);
    th_sign_in(owner, "dash-coord-sme", NULL, SME, "coordinator", coord_sme.token, coord_sme.csrf,
               NULL);
    /* A: 12 in sector C, 3 in F (received by the FAI); B: 20 in C, 7 in F; C: 2 in G */
    inquiries(A, 12, "2012-03-10", "C", "small", NULL, "recognition", "IN", "region");
    inquiries(A, 3, "2012-03-12", "F", "micro", NULL, "housing", "TR", "fai");
    inquiries(B, 20, "2012-03-05", "C", "medium", NULL, "recognition", "IN", "region");
    inquiries(B, 7, "2012-04-02", "F", "medium", NULL, "language", "PH", "region");
    inquiries(C, 2, "2012-04-20", "G", "large", NULL, "funding", "VN", "region");
    lt_arena_reset(th_group_arena);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static bool hidden(json_t *v)
{
    return json_is_object(v) && json_is_true(json_object_get(v, "suppressed"));
}

/* No line (a part's values with its total) has exactly one suppressed figure:
 * that one would be the total minus the others. */
static void assert_no_lone_suppression(json_t *part, const char *what)
{
    size_t n = 0, i;
    json_t *v;
    json_array_foreach(json_object_get(part, "values"), i, v) n += hidden(v);
    n += hidden(json_object_get(part, "total"));
    if (n == 1)
        fail_msg("%s: one suppressed figure alone in its line: %s", what,
                 json_dumps(part, JSON_COMPACT));
}

/* The same for the columns of a figure showing every region: the regions'
 * values of one key with the state's value as their total. */
static void assert_columns_protected(json_t *fig, const char *what)
{
    json_t *rows = json_object_get(fig, "rows"), *state = json_object_get(fig, "state");
    size_t nkeys = json_array_size(json_object_get(fig, "keys"));
    for (size_t k = 0; k <= nkeys; k++) {
        size_t n = 0, i;
        json_t *row;
        json_array_foreach(rows, i, row)
        {
            n += hidden(k < nkeys ? json_array_get(json_object_get(row, "values"), k)
                                  : json_object_get(row, "total"));
        }
        n += hidden(k < nkeys ? json_array_get(json_object_get(state, "values"), k)
                              : json_object_get(state, "total"));
        if (n == 1)
            fail_msg("%s: column %zu has one suppressed figure alone", what, k);
    }
}

static json_t *figure(json_t *answer, const char *name)
{
    json_t *f = json_object_get(json_object_get(answer, "figures"), name);
    if (!f)
        fail_msg("no figure %s", name);
    return f;
}

/* The row of a region in a figure, or NULL. */
static json_t *row_of(json_t *fig, const char *slug)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(fig, "rows"), i, row)
    {
        if (strcmp(json_string_value(json_object_get(row, "region")), slug) == 0)
            return row;
    }
    return NULL;
}

static json_t *value(json_t *fig, json_t *part, const char *key)
{
    size_t i;
    json_t *k;
    json_array_foreach(json_object_get(fig, "keys"), i, k)
    {
        if (strcmp(json_string_value(k), key) == 0)
            return json_array_get(json_object_get(part, "values"), i);
    }
    fail_msg("no key %s", key);
    return NULL;
}

static void fai_sees_every_region_with_small_counts_suppressed(void **state)
{
    (void)state;
    set_k(5);
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?" RANGE), 200);
    json_t *answer = json_of(&resp);
    assert_string_equal(json_string_value(json_object_get(answer, "scope")), "all_regions");
    assert_int_equal(json_array_size(json_object_get(answer, "regions")), 16);
    /* every count by sector is either the true one or suppressed, and every true one
     * from 1 to 4 is suppressed */
    static const struct {
        const char *region, *sector;
        long n;
    } truth[] = {{A, "C", 12}, {A, "F", 3}, {B, "C", 20}, {B, "F", 7}, {C, "G", 2}};
    json_t *sector = figure(answer, "by_sector");
    size_t i, k;
    json_t *row, *key;
    json_array_foreach(json_object_get(sector, "rows"), i, row)
    {
        const char *slug = json_string_value(json_object_get(row, "region"));
        json_array_foreach(json_object_get(sector, "keys"), k, key)
        {
            long want = 0;
            for (size_t t = 0; t < sizeof truth / sizeof truth[0]; t++)
                if (!strcmp(truth[t].region, slug) &&
                    !strcmp(truth[t].sector, json_string_value(key)))
                    want = truth[t].n;
            json_t *v = json_array_get(json_object_get(row, "values"), k);
            if (hidden(v) ? want == 0 : json_integer_value(v) != want || (want > 0 && want < 5))
                fail_msg("by_sector %s %s: %s, want %ld", slug, json_string_value(key),
                         json_dumps(v, JSON_ENCODE_ANY), want);
        }
    }
    assert_true(hidden(value(sector, row_of(sector, A), "F")));
    assert_true(hidden(value(sector, row_of(sector, C), "G")));
    /* every figure, every row and column: nothing left to subtract */
    const char *name;
    json_t *fig;
    json_object_foreach(json_object_get(answer, "figures"), name, fig)
    {
        json_array_foreach(json_object_get(fig, "rows"), i, row)
            assert_no_lone_suppression(row, name);
        assert_no_lone_suppression(json_object_get(fig, "state"), name);
        assert_columns_protected(fig, name);
    }
    /* definitions for every figure, and the applied range */
    assert_int_equal(json_object_size(json_object_get(answer, "definitions")),
                     json_object_size(json_object_get(answer, "figures")));
    assert_string_equal(json_string_value(json_object_get(json_object_get(answer, "range"), "to")),
                        "2012-12-31");
    /* FAI staff see the same; FAI leadership, kept out of the inquiries, sees aggregates */
    assert_int_equal(get_as(&staff, &resp, DASH "inquiries?" RANGE), 200);
    /* the ESF+ team and administrators have no dashboards, an anonymous caller none at all */
    assert_int_equal(get_as(&esf, &resp, DASH "inquiries?" RANGE), 403);
    assert_int_equal(get_as(&admin, &resp, DASH "obstacles"), 403);
    assert_int_equal(get_as(NULL, &resp, DASH "inquiries?" RANGE), 401);
    assert_null(json_object_get(json_of(&resp), "figures"));
}

static void a_member_sees_their_region_in_full_and_the_state_protected(void **state)
{
    (void)state;
    set_k(5);
    lt_resp resp;
    assert_int_equal(get_as(&viewer_a, &resp, DASH "inquiries?" RANGE), 200);
    json_t *answer = json_of(&resp);
    assert_string_equal(json_string_value(json_object_get(answer, "scope")), "own_regions");
    json_t *sector = figure(answer, "by_sector");
    assert_int_equal(json_array_size(json_object_get(sector, "rows")), 1);
    assert_null(row_of(sector, B));
    /* the own region's 3 is shown */
    assert_int_equal(json_integer_value(value(sector, row_of(sector, A), "F")), 3);
    /* the state: A's own plus the others' sums; C's 2 in G is suppressed */
    json_t *st = json_object_get(sector, "state");
    assert_true(hidden(value(sector, st, "G")));
    assert_int_equal(json_integer_value(value(sector, st, "C")), 32);
    const char *name;
    json_t *fig;
    json_object_foreach(json_object_get(answer, "figures"), name, fig)
    {
        assert_no_lone_suppression(json_object_get(fig, "state"), name);
        json_t *own = json_array_get(json_object_get(fig, "rows"), 0);
        json_t *total = json_object_get(own, "total");
        assert_false(hidden(total)); /* one's own is never suppressed */
    }
    /* the others' sums: the state minus A's own row, never a row of theirs */
    json_t *month = figure(answer, "by_month");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(month, "state"), "total")) -
                         json_integer_value(json_object_get(row_of(month, A), "total")),
                     29);
    /* a member of two regions sees both, or the one asked for */
    assert_int_equal(get_as(&coord_ab, &resp, DASH "inquiries?" RANGE), 200);
    assert_int_equal(json_array_size(json_object_get(figure(json_of(&resp), "by_month"), "rows")),
                     2);
    assert_int_equal(get_as(&coord_ab, &resp, DASH "inquiries?" RANGE "&regions=" B), 200);
    json_t *rows = json_object_get(figure(json_of(&resp), "by_month"), "rows");
    assert_int_equal(json_array_size(rows), 1);
    assert_non_null(row_of(figure(json_of(&resp), "by_month"), B));
}

static void a_subset_of_regions_is_protected_like_the_whole(void **state)
{
    (void)state;
    set_k(5);
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?" RANGE "&regions=" A "," C), 200);
    json_t *answer = json_of(&resp), *sector = figure(answer, "by_sector");
    assert_int_equal(json_array_size(json_object_get(answer, "regions")), 2);
    assert_true(hidden(value(sector, row_of(sector, A), "F")));
    /* a sum over the regions shown is shown only where all its parts are */
    assert_true(hidden(value(sector, json_object_get(sector, "selected"), "F")));
    assert_int_equal(json_integer_value(value(sector, json_object_get(sector, "selected"), "A")),
                     0);
    /* the state and the rows are the whole table's, as without regions */
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?" RANGE), 200);
    json_t *whole = figure(json_of(&resp), "by_sector");
    assert_true(json_equal(json_object_get(whole, "state"), json_object_get(sector, "state")));
    assert_true(json_equal(row_of(whole, A), row_of(sector, A)));
}

static const char *sme_total(const char *range)
{
    lt_resp resp;
    char uri[256];
    snprintf(uri, sizeof uri, DASH "inquiries?%s&regions=" SME, range);
    assert_int_equal(get_as(&lead, &resp, uri), 200);
    json_t *fig = figure(json_of(&resp), "smes"), *row = row_of(fig, SME);
    return lt_arena_printf(th_group_arena, "%lld/%lld/%lld=%lld",
                           (long long)json_integer_value(value(fig, row, "micro")),
                           (long long)json_integer_value(value(fig, row, "small")),
                           (long long)json_integer_value(value(fig, row, "medium")),
                           (long long)json_integer_value(json_object_get(row, "total")));
}

/* EECO19: a company counts once in a range however many inquiries it had, and only
 * when one of them falls in the range; large ones and inquiries without a company
 * never. */
static void distinct_smes_count_each_company_once_within_the_range(void **state)
{
    (void)state;
    set_k(1);
    const char *x = company(SME, "small"), *y = company(SME, "micro"), *z = company(SME, "large");
    inquiries(SME, 2, "2012-02-03", NULL, NULL, x, "recognition", "IN", "region");
    inquiries(SME, 1, "2012-03-03", NULL, NULL, x, "recognition", "IN", "region");
    inquiries(SME, 1, "2012-05-03", NULL, NULL, x, "recognition", "IN", "region");
    inquiries(SME, 1, "2012-01-03", NULL, NULL, y, "recognition", "IN", "region");
    inquiries(SME, 1, "2012-06-03", NULL, NULL, y, "recognition", "IN", "region");
    inquiries(SME, 1, "2012-03-03", NULL, NULL, z, "recognition", "IN", "region");
    inquiries(SME, 4, "2012-03-03", "C", "small", NULL, "recognition", "IN", "region");
    assert_string_equal(sme_total("from=2012-03-01&to=2012-05-31"), "0/1/0=1");
    assert_string_equal(sme_total("from=2012-01-01&to=2012-06-30"), "1/1/0=2");
    assert_string_equal(sme_total("from=2012-04-01&to=2012-04-30"), "0/0/0=0");
    assert_string_equal(sme_total("from=2012-05-01&to=2012-06-30"), "1/1/0=2");
    /* a company that grows counts in its new class; an inquiry gone takes its month */
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE lotse.companies SET size_class = 'medium' WHERE id = '%s'"
             " RETURNING 1",
             y);
    th_scalar(owner, sql);
    assert_string_equal(sme_total("from=2012-01-01&to=2012-06-30"), "0/1/1=2");
    snprintf(sql, sizeof sql,
             "DELETE FROM lotse.inquiries WHERE company_id = '%s'"
             " AND received_on = '2012-05-03' RETURNING 1",
             x);
    th_scalar(owner, sql);
    assert_string_equal(sme_total("from=2012-05-01&to=2012-06-30"), "0/0/1=1");
    assert_string_equal(sme_total("from=2012-02-01&to=2012-02-29"), "0/1/0=1");
    /* a member of the region sees the same in full */
    lt_resp resp;
    assert_int_equal(get_as(&coord_sme, &resp, DASH "inquiries?from=2012-01-01&to=2012-06-30"),
                     200);
    json_t *fig = figure(json_of(&resp), "smes");
    assert_int_equal(json_integer_value(json_object_get(row_of(fig, SME), "total")), 2);
}

/* The rollups that the triggers keep, copied aside (temporary tables of the owner's
 * session), and the rows in which they differ from the rollups now. */
static const char *const rollup_tables[] = {
    "dash_inquiry_facts",    "dash_inquiry_years",   "dash_inquiry_state", "dash_company_months",
    "dash_company_counts",   "dash_activity_facts",  "dash_notice_leads",  "dash_measure_facts",
    "dash_agreement_states", "dash_amendment_events"};

static void keep_rollups(void)
{
    for (size_t i = 0; i < sizeof rollup_tables / sizeof rollup_tables[0]; i++)
        th_scalar(owner, lt_arena_printf(th_group_arena,
                                         "CREATE TEMP TABLE kept_%s AS SELECT * FROM lotse.%s;"
                                         " SELECT 1",
                                         rollup_tables[i], rollup_tables[i]));
}

/* Rows with a count of 0 are the same as no row. */
static const char *rollup_differences(void)
{
    lt_buf b;
    lt_buf_init(&b, th_group_arena);
    for (size_t i = 0; i < sizeof rollup_tables / sizeof rollup_tables[0]; i++) {
        const char *t = rollup_tables[i];
        const char *nonzero = strstr(t, "state") || strstr(t, "months") ? "true" : "n <> 0";
        lt_buf_puts(
            &b,
            th_scalar(owner, lt_arena_printf(
                                 th_group_arena,
                                 "SELECT coalesce(string_agg(x::text, ' '), '') FROM ("
                                 " (SELECT 'kept', k::text FROM kept_%s k WHERE %s"
                                 "  EXCEPT SELECT 'kept', r::text FROM lotse.%s r WHERE %s)"
                                 " UNION ALL (SELECT 'rebuilt', r::text FROM lotse.%s r WHERE %s"
                                 "  EXCEPT SELECT 'rebuilt', k::text FROM kept_%s k WHERE %s)) x",
                                 t, nonzero, t, nonzero, t, nonzero, t, nonzero)));
    }
    return b.data;
}

static const char *created(const caller *c, const char *uri, const char *body)
{
    lt_resp resp;
    int status = call_as(c, &resp, "POST", uri, body);
    if (status != 201)
        fail_msg("POST %s: %d %s", uri, status, resp.body.data);
    return lt_arena_strdup(th_group_arena,
                           json_string_value(json_object_get(json_of(&resp), "id")));
}

static void rollups_follow_every_write_and_equal_a_rebuild(void **state)
{
    (void)state;
    set_k(1);
    lt_resp resp;
    const char *base = "/api/v1/regions/" A;
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?from=2012-07-01&to=2012-07-31"), 200);
    json_int_t before = json_integer_value(
        json_object_get(json_object_get(figure(json_of(&resp), "by_month"), "state"), "total"));
    const char *o1 = created(&coord_a, lt_arena_printf(th_group_arena, "%s/obstacles", base),
                             "{\"title\": \"t\", \"category\": \"housing\", \"description\": \"d\","
                             " \"severity\": \"low\"}");
    const char *o2 = created(&coord_a, lt_arena_printf(th_group_arena, "%s/obstacles", base),
                             "{\"title\": \"t\", \"category\": \"housing\", \"description\": \"d\","
                             " \"severity\": \"low\"}");
    const char *q = created(
        &coord_a, lt_arena_printf(th_group_arena, "%s/inquiries", base),
        lt_arena_printf(th_group_arena,
                        "{\"received_on\": \"2012-07-15\", \"channel\": \"phone\","
                        " \"company_name\": \"Neu\", \"size_class\": \"small\", \"sector\": \"C\","
                        " \"topics\": [\"language\"], \"obstacle_ids\": [\"%s\", \"%s\"]}",
                        o1, o2));
    /* the answer after the write holds it: nothing is older than the last commit */
    assert_int_equal(get_as(&lead, &resp, DASH "inquiries?from=2012-07-01&to=2012-07-31"), 200);
    assert_int_equal(json_integer_value(json_object_get(
                         json_object_get(figure(json_of(&resp), "by_month"), "state"), "total")),
                     before + 1);
    assert_int_equal(get_as(&lead, &resp, DASH "obstacles?from=2012-07-01&to=2012-07-31"), 200);
    json_t *ranking = figure(json_of(&resp), "by_region");
    assert_int_equal(json_integer_value(value(ranking, row_of(ranking, A), "housing")), 1);
    /* FAI staff log an inquiry for the region with a new company and change it */
    const char *s = created(&staff, lt_arena_printf(th_group_arena, "%s/inquiries", base),
                            "{\"received_on\": \"2012-07-20\", \"channel\": \"email\","
                            " \"company_name\": \"Beim FAI\", \"size_class\": \"micro\","
                            " \"topics\": [\"visa_and_entry\"]}");
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "PATCH",
                                       lt_arena_printf(th_group_arena, "%s/inquiries/%s", base, s),
                                       "{\"received_on\": \"2012-08-02\"}", staff.token, staff.csrf,
                                       "\"1\"", NULL),
                     200);
    /* the coordinator moves, relinks, reclassifies and deletes */
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "PATCH",
                                       lt_arena_printf(th_group_arena, "%s/inquiries/%s", base, q),
                                       lt_arena_printf(th_group_arena,
                                                       "{\"received_on\": \"2012-06-15\","
                                                       " \"obstacle_ids\": [\"%s\"]}",
                                                       o2),
                                       coord_a.token, coord_a.csrf, "\"1\"", NULL),
                     200);
    const char *company_id = th_scalar(
        owner, lt_arena_printf(th_group_arena,
                               "SELECT company_id FROM lotse.inquiries WHERE id = '%s'", q));
    company_id = lt_arena_strdup(th_group_arena, company_id);
    assert_int_equal(
        th_request_signed(th_group_app, th_group_arena, &resp, "PATCH",
                          lt_arena_printf(th_group_arena, "%s/companies/%s", base, company_id),
                          "{\"size_class\": \"large\", \"sector\": \"F\"}", coord_a.token,
                          coord_a.csrf, "\"1\"", NULL),
        200);
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "PATCH",
                                       lt_arena_printf(th_group_arena, "%s/obstacles/%s", base, o2),
                                       "{\"category\": \"costs\"}", coord_a.token, coord_a.csrf,
                                       "\"1\"", NULL),
                     200);
    assert_int_equal(call_as(&coord_a, &resp, "DELETE",
                             lt_arena_printf(th_group_arena, "%s/companies/%s", base, company_id),
                             NULL),
                     204);
    assert_int_equal(call_as(&coord_a, &resp, "DELETE",
                             lt_arena_printf(th_group_arena, "%s/obstacles/%s", base, o1), NULL),
                     204);
    assert_int_equal(call_as(&coord_a, &resp, "DELETE",
                             lt_arena_printf(th_group_arena, "%s/inquiries/%s", base, s), NULL),
                     204);
    /* activities, a notice, a participant, a measure and an amendment */
    const char *act = created(&coord_a, lt_arena_printf(th_group_arena, "%s/activities", base),
                              "{\"title\": \"t\", \"kind\": \"event\", \"starts_on\":"
                              " \"2031-06-01\", \"high_profile\": true, \"joint\": true,"
                              " \"topics\": [\"feg\"]}");
    assert_int_equal(
        th_request_signed(th_group_app, th_group_arena, &resp, "PATCH",
                          lt_arena_printf(th_group_arena, "%s/activities/%s", base, act),
                          "{\"starts_on\": \"2031-06-03\", \"topics\": []}", coord_a.token,
                          coord_a.csrf, "\"1\"", NULL),
        200);
    created(&coord_a, lt_arena_printf(th_group_arena, "%s/measures", base),
            "{\"title\": \"t\", \"category\": \"events\", \"planned_to\": \"2012-12-31\"}");
    created(&coord_a, lt_arena_printf(th_group_arena, "%s/agreement/amendments", base),
            "{\"section\": \"finances\", \"proposed_text\": \"t\", \"reason\": \"r\"}");
    keep_rollups();
    th_scalar(owner, "SELECT lotse.rebuild_rollups()");
    assert_string_equal(rollup_differences(), "");
    /* and the comparison would see a difference */
    th_scalar(owner, "UPDATE kept_dash_inquiry_facts SET n = n + 1 WHERE ctid ="
                     " (SELECT min(ctid) FROM kept_dash_inquiry_facts WHERE n > 0) RETURNING 1");
    assert_string_not_equal(rollup_differences(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fai_sees_every_region_with_small_counts_suppressed),
        cmocka_unit_test(a_member_sees_their_region_in_full_and_the_state_protected),
        cmocka_unit_test(a_subset_of_regions_is_protected_like_the_whole),
        cmocka_unit_test(distinct_smes_count_each_company_once_within_the_range),
        cmocka_unit_test(rollups_follow_every_write_and_equal_a_rebuild),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
