/*
 * test_policy_report.c - the report to the ministry and what no dashboard may
 * carry: the report is German unless English is asked for (lang=en), and
 * refuses any other language; its HTML and Markdown escape the regions'
 * proposals (their only free text in it), in either language, and use no
 * inline style; no dashboard, in JSON or CSV,
 * for any caller, carries a company's or a person's name or a text a region
 * wrote; the activities, bulletins, agreements and measures dashboards count
 * what their records say (participants protected, the rest not).
 *
 * Its records are dated 2014 (no other test uses that year).
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

#define R      "ostwestfalen-lippe"
#define DASH   "/api/v1/dashboards/"
#define RANGE  "from=2014-01-01&to=2014-12-31"
#define SCRIPT "<script>alert(1)</script> & \"quoted\""

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} caller;

static PGconn *owner;
static caller coord, other, lead, staff;
static char secret[64]; /* in every name and free text this test writes */

static int get_as(const caller *c, lt_resp *resp, const char *uri)
{
    return th_request_as(th_group_app, th_group_arena, resp, "GET", uri, NULL, c->token, c->csrf);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

/* Runs sql as the owner, %s replaced by the secret marker (up to four times). */
static const char *owner_sql(const char *fmt)
{
    const char *sql = lt_arena_printf(th_group_arena, fmt, secret, secret, secret, secret);
    const char *v = th_scalar(owner, sql);
    if (strncmp(v, "ERROR", 5) == 0)
        fail_msg("%s: %s", sql, v);
    return lt_arena_strdup(th_group_arena, v);
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    snprintf(secret, sizeof secret, "Geheim%d", (int)getpid());
    ((lt_config *)th_group_app->cfg)->sdc_k = 5;
    th_scalar(owner, "SELECT set_config('lotse.region_ids', lotse.every_region(), false),"
                     " set_config('lotse.write_region_ids', lotse.every_region(), false)");
    th_sign_in(owner, "report-coord", NULL, R, "coordinator", coord.token, coord.csrf, NULL);
    th_sign_in(owner, "report-other", NULL, "aachen", "coordinator", other.token, other.csrf, NULL);
    th_sign_in(owner, "report-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, NULL);
    th_sign_in(owner, "report-staff", "fai_staff", NULL, NULL, staff.token, staff.csrf, NULL);
    /* a company, obstacles with titles, descriptions and proposals, inquiries with notes */
    const char *company =
        owner_sql("INSERT INTO lotse.companies (region_id, name, location, size_class, sector)"
                  " SELECT id, 'Firma %s', 'Ort %s', 'small', 'C' FROM lotse.regions"
                  " WHERE slug = '" R "' RETURNING id");
    const char *obstacle = owner_sql(
        "INSERT INTO lotse.obstacles (region_id, title, category, description, severity,"
        " policy_proposal, policy_level) SELECT id, 'Titel %s', 'housing', 'Beschreibung %s',"
        " 'critical', 'Vorschlag %s " SCRIPT "\n- [click](http://evil.example) *bold*',"
        " 'state' FROM lotse.regions WHERE slug = '" R "' RETURNING id");
    char sql[1024];
    snprintf(sql, sizeof sql,
             "WITH i AS (INSERT INTO lotse.inquiries (region_id, received_on, channel,"
             " received_by, company_id, occupation, notes, topics) SELECT region_id, DATE"
             " '2014-02-01' + n, 'email', 'region', id, 'Beruf %%s', 'Notiz %%s', '{housing}'"
             " FROM lotse.companies, generate_series(1, 8) n WHERE id = '%s' RETURNING"
             " region_id, id) INSERT INTO lotse.inquiry_obstacles SELECT region_id, id, '%s'"
             " FROM i RETURNING 1",
             company, obstacle);
    owner_sql(sql);
    /* a joint event with three participants and a late notice, a bulletin read
     * after a day, the agreement signed by all three parties, a measure, an amendment */
    const char *event =
        owner_sql("INSERT INTO lotse.activities (region_id, title, kind, starts_on, joint, topics,"
                  " description) SELECT id, 'Veranstaltung %s', 'event', DATE '2014-05-10', true,"
                  " '{feg}', 'Text %s' FROM lotse.regions WHERE slug = '" R "' RETURNING id");
    snprintf(sql, sizeof sql,
             "INSERT INTO lotse.participants (region_id, activity_id, name, email, organisation,"
             " participated_on, attendance_confirmed_by, information_given_on, information_how,"
             " esf_reporting_consent) SELECT region_id, id, 'Person %%s ' || n,"
             " 'p' || n || '@%%s.example', 'Organisation %%s', starts_on, 'signature', starts_on,"
             " 'email', true FROM lotse.activities, generate_series(1, 3) n WHERE id = '%s'"
             " RETURNING 1",
             event);
    owner_sql(sql);
    snprintf(sql, sizeof sql,
             "INSERT INTO lotse.activity_notices (region_id, activity_id, sent_at, lead_time_days)"
             " SELECT region_id, id, TIMESTAMPTZ '2014-05-05 10:00+02', 5 FROM lotse.activities"
             " WHERE id = '%s' RETURNING 1",
             event);
    owner_sql(sql);
    owner_sql("WITH b AS (INSERT INTO lotse.bulletins (title, body, topic, published_at)"
              " VALUES ('Rundschreiben', 'Text', 'news', TIMESTAMPTZ '2014-03-01 10:00+00')"
              " RETURNING id) INSERT INTO lotse.bulletin_reads (region_id, bulletin_id, read_at)"
              " SELECT g.id, b.id, TIMESTAMPTZ '2014-03-02 10:00+00' FROM b, lotse.regions g"
              " WHERE g.slug = '" R "' RETURNING 1");
    owner_sql(
        "INSERT INTO lotse.agreement_signatures (region_id, agreement_id, party,"
        " signatory_name, signatory_function, signed_on) SELECT a.region_id, a.id, p,"
        " 'Unterzeichner %s', 'Funktion %s', DATE '2014-01-10' + n::int FROM lotse.agreements a,"
        " unnest(ARRAY['mags', 'region', 'fai']) WITH ORDINALITY x(p, n)"
        " WHERE a.region_id = (SELECT id FROM lotse.regions WHERE slug = '" R "')"
        " RETURNING 1");
    owner_sql("INSERT INTO lotse.measures (region_id, title, category, description, owner,"
              " status) SELECT id, 'Massnahme %s', 'events', 'Text %s', 'Person %s', 'done'"
              " FROM lotse.regions WHERE slug = '" R "' RETURNING 1");
    owner_sql("INSERT INTO lotse.agreement_amendments (region_id, agreement_id, section,"
              " proposed_text, reason) SELECT region_id, id, 'goals', 'Neu %s', 'Grund %s'"
              " FROM lotse.agreements WHERE region_id = (SELECT id FROM lotse.regions"
              " WHERE slug = '" R "') RETURNING 1");
    lt_arena_reset(th_group_arena);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* What either language's HTML must hold: a whole page, no style or script of
 * its own, the proposal escaped and nothing else a region wrote. */
static void assert_printable_and_escaped(const char *html)
{
    assert_memory_equal(html, "<!DOCTYPE html>", 15);
    assert_non_null(strstr(html, "<link rel=\"stylesheet\" href=\"/assets/report.css\">"));
    assert_null(strstr(html, "style="));
    assert_null(strstr(html, "<style"));
    assert_null(strstr(html, "<script>"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    assert_non_null(strstr(html, lt_arena_printf(th_group_arena, "Vorschlag %s", secret)));
    static const char *const never[] = {"Titel", "Beschreibung", "Firma",        "Notiz",
                                        "Beruf", "Person",       "Unterzeichner"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        assert_null(strstr(html, lt_arena_printf(th_group_arena, "%s %s", never[i], secret)));
}

static void the_report_is_german_by_default(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "policy-report?" RANGE), 200);
    assert_string_equal(resp.content_type, "text/html; charset=utf-8");
    const char *html = resp.body.data;
    assert_printable_and_escaped(html);
    assert_non_null(strstr(html, "<html lang=\"de\">"));
    assert_non_null(strstr(html, "<title>Anfragen von Arbeitgebern und Hürden in den Regionen,"
                                 " 01.01.2014 bis 31.12.2014</title>"));
    assert_non_null(strstr(html, "<h2>Die größten Hürden</h2>"));
    assert_non_null(strstr(html, "<th>Rang</th><th>Kategorie</th>"));
    /* the words of the web interface for the codes, severity and level included */
    assert_non_null(strstr(html, "<td>Wohnraum</td>"));
    assert_non_null(strstr(html, "<td>Wohnen</td>"));
    assert_non_null(strstr(html, "OstWestfalenLippe, Schwere: kritisch, politische Ebene: Land"));
    assert_non_null(strstr(html, "<th>1. Quartal 2014</th>"));
    assert_non_null(strstr(html, "<h2>Stand der Maßnahmen</h2>"));
    /* when it was made, in German time (the day, not the minute: the clock moves on) */
    const char *today =
        th_scalar(owner, "SELECT to_char(now() AT TIME ZONE 'Europe/Berlin', 'DD.MM.YYYY')");
    const char *stand = strstr(html, "Stand: ");
    assert_non_null(stand);
    assert_memory_equal(stand + 7, today, 10);
    assert_memory_equal(stand + 17, ", ", 2);
    assert_memory_equal(stand + 24, " Uhr.", 5);
    assert_non_null(strstr(html, "<td>fallend</td>")); /* eight in the first half, none after */
    assert_non_null(strstr(html, "Anzahlen von 1 bis 4 Unternehmen sind unterdrückt"));
    assert_null(strstr(html, "suppressed"));
    assert_null(strstr(html, "Top obstacles"));
    assert_null(strstr(html, "<td>Housing</td>"));
    /* with a threshold above the eight inquiries of the one company, they are suppressed */
    ((lt_config *)th_group_app->cfg)->sdc_k = 20;
    int status = get_as(&lead, &resp, DASH "policy-report?" RANGE);
    ((lt_config *)th_group_app->cfg)->sdc_k = 5;
    assert_int_equal(status, 200);
    assert_non_null(strstr(resp.body.data, "<td>Wohnen</td><td>unterdrückt</td>"));
    assert_non_null(strstr(resp.body.data, "Anzahlen von 1 bis 19 Unternehmen"));
    assert_int_equal(get_as(&lead, &resp, DASH "policy-report?" RANGE "&lang=de"), 200);
    assert_non_null(strstr(resp.body.data, "<html lang=\"de\">"));
}

static void the_report_is_printable_html_with_the_proposals_escaped(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(get_as(&lead, &resp, DASH "policy-report?" RANGE "&lang=en"), 200);
    assert_string_equal(resp.content_type, "text/html; charset=utf-8");
    const char *html = resp.body.data;
    assert_printable_and_escaped(html);
    assert_non_null(strstr(html, "<html lang=\"en\">"));
    assert_non_null(strstr(html, "Employer inquiries and obstacles in the regions, 2014-01-01 to"
                                 " 2014-12-31"));
    assert_non_null(strstr(html, "<th>2014 Q1</th>"));
    assert_null(strstr(html, "Hürden"));
    /* the proposal is there, under its category, with its region */
    assert_non_null(strstr(html, "OstWestfalenLippe, severity critical, addressed to the state"
                                 " level"));
    assert_non_null(strstr(html, "<h2>Top obstacles</h2>"));
    assert_non_null(strstr(html, "<td>Housing</td>"));
    assert_int_equal(get_as(&staff, &resp, DASH "policy-report?" RANGE "&format=html&lang=en"),
                     200);
    assert_non_null(strstr(resp.body.data, "<h2>Top obstacles</h2>"));
}

/* Any language but the two, even an empty one, is refused naming the field. */
static void another_language_is_refused(void **state)
{
    (void)state;
    static const char *const langs[] = {"fr", "", "DE", "de-DE", "en,de"};
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        lt_resp resp;
        const char *uri =
            lt_arena_printf(th_group_arena, DASH "policy-report?" RANGE "&lang=%s", langs[i]);
        if (get_as(&lead, &resp, uri) != 400)
            fail_msg("%s: %d, want 400", uri, resp.status);
        assert_string_equal(resp.content_type, "application/problem+json");
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
                            "lang");
        assert_null(strstr(resp.body.data, secret));
    }
}

static void the_report_in_markdown_escapes_markup_and_html(void **state)
{
    (void)state;
    lt_resp resp;
    for (int en = 0; en < 2; en++) {
        assert_int_equal(get_as(&lead, &resp,
                                en ? DASH "policy-report?" RANGE "&format=markdown&lang=en"
                                   : DASH "policy-report?" RANGE "&format=markdown"),
                         200);
        assert_string_equal(resp.content_type, "text/markdown; charset=utf-8");
        const char *md = resp.body.data;
        assert_null(strstr(md, "<script>"));
        assert_null(strstr(md, "[click]"));
        assert_non_null(strstr(md, "&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
        assert_non_null(strstr(md, "> \\- \\[click\\](http://evil.example) \\*bold\\*"));
        assert_non_null(strstr(md, en ? "## Top obstacles" : "## Die größten Hürden"));
        assert_non_null(strstr(md, en ? "| Rank | Category |" : "| Rang | Kategorie |"));
        assert_non_null(strstr(md, en ? "| Housing |" : "| Wohnraum |"));
        assert_non_null(strstr(md, en ? "2014-01-01 to 2014-12-31" : "01.01.2014 bis 31.12.2014"));
    }
}

/* Every dashboard, JSON and CSV, as every kind of caller who may read it. */
static void no_dashboard_carries_a_name_or_a_text_a_region_wrote(void **state)
{
    (void)state;
    static const char *const dashboards[] = {"inquiries", "activities", "measures",
                                             "obstacles", "bulletins",  "agreements"};
    const caller *callers[] = {&lead, &staff, &coord, &other};
    int answers = 0;
    for (size_t d = 0; d < sizeof dashboards / sizeof dashboards[0]; d++)
        for (size_t c = 0; c < sizeof callers / sizeof callers[0]; c++)
            for (int csv = 0; csv < 2; csv++) {
                lt_resp resp;
                const char *uri = lt_arena_printf(th_group_arena, DASH "%s?" RANGE "%s",
                                                  dashboards[d], csv ? "&format=csv" : "");
                assert_int_equal(get_as(callers[c], &resp, uri), 200);
                if (strstr(resp.body.data, secret))
                    fail_msg("%s carries a name or a region's text", uri);
                answers++;
            }
    assert_int_equal(answers, 48);
}

static json_t *figure(const caller *c, const char *dashboard, const char *name)
{
    lt_resp resp;
    assert_int_equal(
        get_as(c, &resp,
               lt_arena_printf(th_group_arena, DASH "%s?" RANGE "&regions=" R, dashboard)),
        200);
    return json_object_get(json_object_get(json_of(&resp), "figures"), name);
}

static json_t *own_row(json_t *fig)
{
    return json_array_get(json_object_get(fig, "rows"), 0);
}

static void activities_count_events_and_protect_their_participants(void **state)
{
    (void)state;
    json_t *fai = figure(&lead, "activities", "participants_by_month");
    json_t *mine = figure(&coord, "activities", "participants_by_month");
    /* three people: suppressed for the FAI, in full for the region */
    assert_true(json_is_object(json_object_get(own_row(fai), "total")));
    assert_int_equal(json_integer_value(json_object_get(own_row(mine), "total")), 3);
    json_t *joint = figure(&lead, "activities", "joint");
    assert_int_equal(
        json_integer_value(json_array_get(json_object_get(own_row(joint), "values"), 0)), 1);
    json_t *notices = own_row(figure(&lead, "activities", "notices"));
    assert_int_equal(json_integer_value(json_object_get(notices, "total")), 1);
    assert_int_equal(json_integer_value(json_array_get(json_object_get(notices, "values"), 1)),
                     1); /* late: 5 days ahead, below 14 */
    assert_int_equal(json_integer_value(json_object_get(notices, "median_lead_days")), 5);
}

static void bulletins_show_which_region_read_what_and_how_fast(void **state)
{
    (void)state;
    json_t *reads = own_row(figure(&lead, "bulletins", "reads"));
    assert_string_equal(json_string_value(json_object_get(reads, "region")), R);
    assert_int_equal(json_integer_value(json_object_get(reads, "read")), 1);
    assert_true(json_real_value(json_array_get(json_object_get(reads, "values"), 0)) == 24.0);
    json_t *by = own_row(figure(&coord, "bulletins", "by_bulletin"));
    assert_string_equal(json_string_value(json_object_get(by, "title")), "Rundschreiben");
    assert_int_equal(json_integer_value(json_array_get(json_object_get(by, "values"), 0)), 1);
}

static void agreements_and_measures_show_dates_and_counts(void **state)
{
    (void)state;
    json_t *a = own_row(figure(&lead, "agreements", "amendments"));
    assert_string_equal(json_string_value(json_object_get(a, "region_signed_on")), "2014-01-12");
    assert_string_equal(json_string_value(json_object_get(a, "term_start")), "2014-01-13");
    assert_true(json_integer_value(json_array_get(json_object_get(a, "values"), 0)) >= 1);
    assert_true(json_integer_value(json_object_get(a, "pending")) >= 1);
    json_t *m = own_row(figure(&coord, "measures", "by_status"));
    assert_true(json_integer_value(json_array_get(json_object_get(m, "values"), 2)) >= 1);
    assert_true(json_is_real(json_object_get(m, "term_elapsed_share")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_report_is_german_by_default),
        cmocka_unit_test(the_report_is_printable_html_with_the_proposals_escaped),
        cmocka_unit_test(another_language_is_refused),
        cmocka_unit_test(the_report_in_markdown_escapes_markup_and_html),
        cmocka_unit_test(no_dashboard_carries_a_name_or_a_text_a_region_wrote),
        cmocka_unit_test(activities_count_events_and_protect_their_participants),
        cmocka_unit_test(bulletins_show_which_region_read_what_and_how_fast),
        cmocka_unit_test(agreements_and_measures_show_dates_and_counts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
