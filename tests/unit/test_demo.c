/*
 * test_demo.c - the demo data generator (src/demo/) without a database: the
 * same input gives the same bytes, every id is in the demo range, and the
 * rows keep the rules the database and lotsed hold every record to.
 */
#include "demo_internal.h"
#include "lotse/classification.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_fixture.h"

static uint64_t fnv(const char *bytes, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)bytes[i]) * 0x100000001b3u;
    return h;
}

static bool hash_rows(void *ctx, const char *bytes, size_t len, long rows)
{
    (void)rows;
    uint64_t *h = ctx;
    *h = *h * 31 + fnv(bytes, len);
    return true;
}

static uint64_t hash_table(lt_demo *d, lt_demo_table which)
{
    uint64_t h = 0;
    assert_true(lt_demo_write(d, which, hash_rows, &h) >= 0);
    return h;
}

/* ------------------------------------------------------------ tests */

static void the_same_input_gives_the_same_bytes(void **state)
{
    (void)state;
    lt_demo *a = create(1, 0.05), *b = create(1, 0.05), *c = create(2, 0.05);
    for (int t = 0; t < LT_DEMO_TABLES; t++) {
        uint64_t h = hash_table(a, (lt_demo_table)t);
        assert_true(h == hash_table(b, (lt_demo_table)t));
        assert_true(h == hash_table(a, (lt_demo_table)t)); /* written twice, the same */
        if (t != LT_DEMO_MEASURE_STATUS)                   /* a few rows that may coincide */
            assert_true(h != hash_table(c, (lt_demo_table)t));
    }
    lt_demo_destroy(a);
    lt_demo_destroy(b);
    lt_demo_destroy(c);
}

static void counts_follow_the_scale_and_the_years(void **state)
{
    (void)state;
    assert_int_equal(lt_demo_years(0.02), 1);
    assert_int_equal(lt_demo_years(1), 1);
    assert_int_equal(lt_demo_years(10), 3);
    assert_int_equal(lt_demo_years(100), 5);
    assert_int_equal(lt_demo_years(1000), 5);
    lt_demo *d = create(1, 0.5);
    table t;
    take(d, LT_DEMO_INQUIRIES, &t);
    /* three regions of shares 120, 70 and 110: 1,000 inquiries each on average */
    assert_in_range(t.rows, 2990, 3010);
    long per_region[3] = {0};
    for (long r = 0; r < t.rows; r++)
        per_region[atoi(at(&t, r, 0)) - 10]++;
    assert_in_range(per_region[0], 1150, 1250);
    assert_in_range(per_region[1], 650, 750);
    assert_int_equal(lt_demo_first_day(d), day("2025-10-01"));
    drop(&t);
    lt_demo_destroy(d);
    d = create(1, 10);
    assert_int_equal(lt_demo_first_day(d), day("2023-10-01"));
    lt_demo_destroy(d);

    lt_demo_params bad = {.seed = 1, .scale = 0, .until = day("2026-09-30")};
    assert_null(lt_demo_create(&bad, regions, 3));
    bad.scale = LT_DEMO_SCALE_MAX * 2;
    assert_null(lt_demo_create(&bad, regions, 3));
}

static void every_id_is_in_the_demo_range(void **state)
{
    (void)state;
    lt_demo *d = create(3, 0.05);
    for (int w = 0; w < LT_DEMO_TABLES; w++) {
        table t;
        take(d, (lt_demo_table)w, &t);
        assert_true(t.rows > 0);
        /* the id, or what marks a row as the demo's where it has none */
        int id = w == LT_DEMO_BULLETINS || w == LT_DEMO_PROCESS_REVIEWS ? 0
                 : w == LT_DEMO_PROCESS_VERSIONS                        ? 4
                 : w == LT_DEMO_PROCESS_FEEDBACK                        ? 8
                                                                        : 1;
        bool seeded = w == LT_DEMO_MEASURE_STATUS;
        for (long r = 0; r < t.rows; r++) {
            assert_int_equal(lt_demo_id_is_demo(at(&t, r, id)), !seeded);
            assert_int_equal(strlen(at(&t, r, id)), 36);
        }
        drop(&t);
    }
    assert_false(lt_demo_id_is_demo("deda7a06-1234-4123-8123-123456789abc")); /* version 4 */
    assert_false(lt_demo_id_is_demo("0eda7a06-1234-8123-8123-123456789abc"));
    char sql[LT_DEMO_ID_SQL_MAX];
    lt_demo_id_sql(sql, "i.id");
    assert_non_null(strstr(sql, "substr(i.id::text, 15, 1) = '8'"));
    lt_demo_destroy(d);
}

static bool has(const char *list, const char *word)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\"", word);
    return strstr(list, quoted) != NULL;
}

static void inquiries_keep_the_rules_of_sql_0012(void **state)
{
    (void)state;
    lt_demo *d = create(4, 0.2);
    table q, c;
    take(d, LT_DEMO_INQUIRIES, &q);
    take(d, LT_DEMO_COMPANIES, &c);
    int32_t first = lt_demo_first_day(d), until = day("2026-09-30");
    long referred = 0, stays = 0, with_company = 0, countries = 0;
    for (long r = 0; r < q.rows; r++) {
        int32_t received = day(at(&q, r, 2));
        assert_in_range(received, first, until);
        bool company = strcmp(at(&q, r, 5), "\\N") != 0;
        with_company += company;
        if (company) { /* LTQ04, LTQ07 */
            assert_string_equal(at(&q, r, 6), "\\N");
            assert_string_equal(at(&q, r, 7), "\\N");
        }
        bool offer = strcmp(at(&q, r, 11), "\\N") != 0;
        bool stay = strcmp(at(&q, r, 12), "t") == 0;
        assert_false(offer && stay);                                     /* LTQ01 */
        assert_true(!stay || strcmp(at(&q, r, 4), "fai") == 0);          /* LTQ02 */
        assert_int_equal(strcmp(at(&q, r, 13), "referred") == 0, offer); /* LTQ03 */
        if (strcmp(at(&q, r, 14), "\\N") != 0)                           /* LTQ05 */
            assert_true(day(at(&q, r, 14)) >= received);
        referred += offer;
        stays += stay;
        /* target countries: codes lotsed accepts */
        const char *list = at(&q, r, 9);
        assert_int_equal(list[0], '{');
        for (const char *p = strchr(list, '"'); p; p = strchr(p + 4, '"')) {
            char code[3] = {p[1], p[2], '\0'};
            assert_int_equal(p[3], '"');
            assert_true(lt_country_is_code(code));
            countries++;
        }
        /* one to three topics, each one of the CHECK's */
        int topics = 0, quotes = 0;
        for (int k = 0; k < DEMO_N_TOPICS; k++)
            topics += has(at(&q, r, 8), demo_topics[k]);
        for (const char *p = at(&q, r, 8); *p; p++)
            quotes += *p == '"';
        assert_in_range(topics, 1, 3);
        assert_int_equal(quotes, 2 * topics);
    }
    assert_in_range(referred * 100 / q.rows, 15, 45);
    assert_in_range(stays * 100 / q.rows, 3, 15);
    assert_in_range(with_company * 100 / q.rows, 75, 95);
    assert_true(countries > q.rows / 2);

    /* a company named by an inquiry exists, and came before the inquiry */
    for (long r = 0; r < q.rows; r += 7) {
        if (strcmp(at(&q, r, 5), "\\N") == 0)
            continue;
        long k = 0;
        while (k < c.rows && strcmp(at(&c, k, 1), at(&q, r, 5)) != 0)
            k++;
        assert_true(k < c.rows);
        assert_string_equal(at(&c, k, 0), at(&q, r, 0));
        char created[11];
        snprintf(created, sizeof created, "%s", at(&c, k, 6));
        assert_true(day(created) <= day(at(&q, r, 2)));
    }
    drop(&q);
    drop(&c);
    lt_demo_destroy(d);
}

static void companies_come_in_index_order(void **state)
{
    (void)state;
    lt_demo *d = create(5, 0.3);
    const demo_region_plan *g = &d->plans[1];
    for (int32_t t = d->first - 1; t <= d->p.until; t += 17) {
        long known = demo_companies_known_by(d, g, t);
        for (long i = known > 3 ? known - 3 : 0; i < known + 3 && i < g->n_companies; i++) {
            demo_company c;
            demo_company_traits(d, g, i, &c);
            assert_int_equal(c.intro <= t, i < known);
        }
    }
    assert_int_equal(demo_companies_known_by(d, g, d->p.until), g->n_companies);
    /* "Kreis Unna" is a location and "Unna" a place; the Ennepe-Ruhr-Kreis only a location */
    assert_int_equal(d->plans[0].n_places, 3);
    assert_string_equal(d->plans[0].places[2], "Unna");
    assert_string_equal(d->plans[1].locations[2], "Ennepe-Ruhr-Kreis");
    assert_int_equal(d->plans[1].n_places, 1);
    assert_string_equal(d->plans[2].places[0], "Aachen");
    lt_demo_destroy(d);
}

static void company_names_fit_their_size_and_place(void **state)
{
    (void)state;
    lt_demo *d = create(10, 1);
    table c;
    take(d, LT_DEMO_COMPANIES, &c);
    long hospitals = 0, named_after_place = 0;
    for (long r = 0; r < c.rows; r++) {
        const char *name = at(&c, r, 2), *location = at(&c, r, 3), *size = at(&c, r, 4);
        if (strncmp(name, "Klinikum ", 9) == 0) {
            hospitals++;
            assert_true(strcmp(size, "medium") == 0 || strcmp(size, "large") == 0);
        }
        /* "Stahlbau Hamm" is in Hamm: a place in a name is where the company is */
        const demo_region_plan *g = &d->plans[atoi(at(&c, r, 0)) - 10];
        for (int k = 0; k < g->n_locations; k++) {
            const char *place = g->location_place[k];
            if (place && strstr(name, place)) {
                assert_string_equal(location, g->locations[k]);
                named_after_place++;
            }
        }
        assert_null(strstr(name, "Ennepe")); /* a district is no place in a name */
    }
    assert_true(hospitals > 0);
    assert_true(named_after_place > c.rows / 20);
    drop(&c);
    lt_demo_destroy(d);
}

/* Finds the activity row of id; -1 if none. */
static long find(const table *t, const char *id)
{
    for (long r = 0; r < t->rows; r++)
        if (strcmp(at(t, r, 1), id) == 0)
            return r;
    return -1;
}

static void participants_and_cost_splits_only_on_joint_events(void **state)
{
    (void)state;
    lt_demo *d = create(6, 0.3);
    table a, p, s, n;
    take(d, LT_DEMO_ACTIVITIES, &a);
    take(d, LT_DEMO_PARTICIPANTS, &p);
    take(d, LT_DEMO_COST_SPLITS, &s);
    take(d, LT_DEMO_NOTICES, &n);
    assert_true(p.rows > 0 && s.rows > 0 && n.rows > 0);
    for (long r = 0; r < p.rows; r++) {
        long k = find(&a, at(&p, r, 2));
        assert_true(k >= 0);
        assert_string_equal(at(&a, k, 7), "t");
        assert_true(strcmp(at(&a, k, 3), "event") == 0 || strcmp(at(&a, k, 3), "workshop") == 0 ||
                    strcmp(at(&a, k, 3), "network_meeting") == 0);
        int32_t on = day(at(&p, r, 6)), starts = day(at(&a, k, 4));
        int32_t ends = strcmp(at(&a, k, 5), "\\N") == 0 ? starts : day(at(&a, k, 5));
        assert_in_range(on, starts, ends); /* LTJ03 */
        assert_true(day(at(&p, r, 11)) >= on);
        const char *email = at(&p, r, 4);
        if (strcmp(email, "\\N") != 0) {
            const char *domain = strchr(email, '@');
            assert_non_null(domain);
            assert_true(strcmp(domain, "@example.org") == 0 || strcmp(domain, "@example.com") == 0);
            for (long o = r + 1; o < p.rows && strcmp(at(&p, o, 2), at(&p, r, 2)) == 0; o++)
                assert_string_not_equal(at(&p, o, 4), email); /* once per event */
        }
    }
    for (long r = 0; r < s.rows; r++) {
        long k = find(&a, at(&s, r, 1));
        assert_true(k >= 0);
        assert_string_equal(at(&a, k, 7), "t");
        assert_int_equal(atoi(at(&s, r, 3)) + atoi(at(&s, r, 4)), 10000);
        bool late = day(at(&s, r, 5)) > day(at(&a, k, 4)); /* LTJ02 */
        assert_string_equal(at(&s, r, 6), late ? "t" : "f");
        assert_int_equal(strcmp(at(&s, r, 7), "\\N") != 0, late);
    }
    for (long r = 0; r < n.rows; r++) {
        long k = find(&a, at(&n, r, 2));
        assert_true(k >= 0);
        assert_string_equal(at(&a, k, 9), "t");  /* high-profile */
        assert_string_equal(at(&a, k, 10), "f"); /* not state-wide FAI PR */
        char sent[11];
        snprintf(sent, sizeof sent, "%s", at(&n, r, 3));
        assert_int_equal(atoi(at(&n, r, 4)), day(at(&a, k, 4)) - day(sent));
    }
    drop(&a);
    drop(&p);
    drop(&s);
    drop(&n);
    lt_demo_destroy(d);
}

static void published_offers_name_consenting_contacts_only(void **state)
{
    (void)state;
    lt_demo *d = create(7, 1);
    table o, c;
    take(d, LT_DEMO_OFFERS, &o);
    take(d, LT_DEMO_CONTACTS, &c);
    long published = 0;
    for (long r = 0; r < o.rows; r++) {
        if (strcmp(at(&o, r, 8), "t") != 0 || strcmp(at(&o, r, 7), "\\N") == 0)
            continue;
        long k = find(&c, at(&o, r, 7));
        assert_true(k >= 0);
        assert_string_not_equal(at(&c, k, 8), "\\N"); /* consent given */
        assert_string_equal(at(&c, k, 11), "\\N");    /* and not withdrawn */
        published++;
    }
    assert_true(published > 0);
    drop(&o);
    drop(&c);
    lt_demo_destroy(d);
}

static void measures_get_statuses_and_notes_ending_at_their_change(void **state)
{
    (void)state;
    lt_demo *d = create(8, 0.05);
    table s, p;
    take(d, LT_DEMO_MEASURE_STATUS, &s);
    take(d, LT_DEMO_MEASURE_PROGRESS, &p);
    assert_int_equal(s.rows, 18);
    for (long r = 0; r < s.rows; r++) {
        const char *status = at(&s, r, 2);
        assert_true(strcmp(status, "planned") == 0 || strcmp(status, "in_progress") == 0 ||
                    strcmp(status, "done") == 0 || strcmp(status, "dropped") == 0);
        const char *last = NULL;
        for (long k = 0; k < p.rows; k++)
            if (strcmp(at(&p, k, 2), at(&s, r, 1)) == 0)
                last = at(&p, k, 6);
        assert_non_null(last);
        assert_string_equal(last, at(&s, r, 3)); /* updated_at = the last note */
    }
    drop(&s);
    drop(&p);
    lt_demo_destroy(d);
}

static bool refuse(void *ctx, const char *bytes, size_t len, long rows)
{
    (void)ctx, (void)bytes, (void)len, (void)rows;
    return false;
}

static void a_refusing_receiver_stops_the_writing(void **state)
{
    (void)state;
    lt_demo *d = create(9, 0.05);
    assert_int_equal(lt_demo_write(d, LT_DEMO_INQUIRIES, refuse, NULL), -1);
    lt_demo_destroy(d);
}

static bool keep(void *ctx, const char *bytes, size_t len, long rows)
{
    (void)rows;
    snprintf(ctx, 256, "%.*s", (int)len, bytes);
    return true;
}

static void text_is_escaped_for_copy_and_dates_are_checked(void **state)
{
    (void)state;
    char got[256];
    demo_out o;
    demo_out_init(&o, keep, got);
    demo_out_text(&o, "a\tb\nc\\d");
    demo_out_null(&o);
    demo_out_ts(&o, day("2026-03-01"), 86400 + 3661);
    const char *list[] = {"§ 81a AufenthG"};
    demo_out_array(&o, list, 1);
    demo_out_row_end(&o);
    assert_true(demo_out_finish(&o));
    assert_string_equal(got, "a\\tb\\nc\\\\d\t\\N\t2026-03-02 01:01:01+00\t{\"§ 81a AufenthG\"}\n");

    int32_t d;
    assert_true(lt_demo_parse_date("2024-02-29", &d));
    assert_false(lt_demo_parse_date("2026-02-29", &d));
    assert_false(lt_demo_parse_date("2026-13-01", &d));
    assert_false(lt_demo_parse_date("2026-1-01", &d));
    assert_false(lt_demo_parse_date("today", &d));
    assert_false(lt_demo_parse_date(NULL, &d));
    assert_int_equal(demo_weekday(day("2026-11-23")), 0); /* a Monday */
    const char *holidays[] = {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-14",
                              "2026-05-25", "2026-06-04", "2026-10-03", "2026-11-01",
                              "2026-12-25", "2027-03-26", "2027-05-27"};
    for (size_t i = 0; i < sizeof holidays / sizeof holidays[0]; i++)
        assert_true(demo_holiday(day(holidays[i])));
    assert_false(demo_holiday(day("2026-04-05") + 2)); /* the Tuesday after Easter */
    assert_false(demo_holiday(day("2026-11-23")));
    char ascii[64];
    demo_ascii(ascii, sizeof ascii, "Gül Öztürk-Şahin");
    assert_string_equal(ascii, "gueloeztuerk-sahin");
}

int main(void)
{
    make_regions();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_same_input_gives_the_same_bytes),
        cmocka_unit_test(counts_follow_the_scale_and_the_years),
        cmocka_unit_test(every_id_is_in_the_demo_range),
        cmocka_unit_test(inquiries_keep_the_rules_of_sql_0012),
        cmocka_unit_test(companies_come_in_index_order),
        cmocka_unit_test(company_names_fit_their_size_and_place),
        cmocka_unit_test(participants_and_cost_splits_only_on_joint_events),
        cmocka_unit_test(published_offers_name_consenting_contacts_only),
        cmocka_unit_test(measures_get_statuses_and_notes_ending_at_their_change),
        cmocka_unit_test(a_refusing_receiver_stops_the_writing),
        cmocka_unit_test(text_is_escaped_for_copy_and_dates_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
