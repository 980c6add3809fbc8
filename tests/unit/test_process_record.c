/* test_process_record.c - the check of process records (src/library/process_record.c)
 * and their C form and canonical text (src/library/process_model.c). */
#include "lotse/process_record.h"
#include "process_fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static int setup(void **state)
{
    *state = lt_arena_create(4096);
    return 0;
}

static int teardown(void **state)
{
    lt_arena_destroy(*state);
    return 0;
}

static json_t *record(void)
{
    return process_fixture("branch_join");
}

static json_t *step0(json_t *r)
{
    return json_array_get(json_object_get(r, "steps"), 0);
}

/* r (stolen) must be refused with an error at `field` whose message contains `part`. */
static void expect_error(lt_arena *a, json_t *r, const char *field, const char *part)
{
    json_t *errors = NULL;
    size_t n = lt_process_check(a, r, &errors);
    json_decref(r);
    assert_true(n > 0);
    assert_int_equal(json_array_size(errors), n);
    size_t i;
    json_t *e;
    bool found = false;
    json_array_foreach(errors, i, e)
    {
        const char *f = json_string_value(json_object_get(e, "field"));
        const char *m = json_string_value(json_object_get(e, "message"));
        if (strcmp(f, field) == 0 && strstr(m, part))
            found = true;
    }
    if (!found) {
        char *dump = json_dumps(errors, JSON_INDENT(1));
        print_error("no error at %s containing \"%s\" in %s\n", field, part, dump);
        free(dump);
    }
    json_decref(errors);
    assert_true(found);
}

static void accepts_every_fixture(void **state)
{
    for (const char *const *name = process_fixture_names; *name; name++) {
        json_t *r = process_fixture(*name), *errors = NULL;
        size_t n = lt_process_check(*state, r, &errors);
        if (n) {
            char *dump = json_dumps(errors, JSON_INDENT(1));
            print_error("%s: %s\n", *name, dump);
            free(dump);
        }
        assert_int_equal(n, 0);
        assert_null(errors);
        json_decref(r);
    }
}

static void refuses_what_is_no_object(void **state)
{
    expect_error(*state, json_array(), "(record)", "must be a JSON object");
    expect_error(*state, json_string("x"), "(record)", "must be a JSON object");
}

static void refuses_unknown_members_at_every_level(void **state)
{
    json_t *r = record();
    json_object_set_new(r, "id", json_integer(1));
    expect_error(*state, r, "id", "is not a field of this record");
    r = record();
    json_object_set_new(json_object_get(r, "owner"), "region_id", json_integer(1));
    expect_error(*state, r, "owner.region_id", "is not a field of this record");
    r = record();
    json_object_set_new(json_array_get(json_object_get(r, "authors"), 1), "email",
                        json_string("a@b.c"));
    expect_error(*state, r, "authors[1].email", "is not a field of this record");
    r = record();
    json_object_set_new(json_object_get(json_object_get(r, "adapted_from"), "owner"), "x",
                        json_true());
    expect_error(*state, r, "adapted_from.owner.x", "is not a field of this record");
    r = record();
    json_object_set_new(json_array_get(json_object_get(r, "steps"), 3), "lane", json_string("x"));
    expect_error(*state, r, "steps[3].lane", "is not a field of this record");
    r = record();
    json_t *link =
        json_array_get(json_object_get(json_array_get(json_object_get(r, "steps"), 1), "links"), 0);
    json_object_set_new(link, "rel", json_string("x"));
    expect_error(*state, r, "steps[1].links[0].rel", "is not a field of this record");
}

static void refuses_missing_members(void **state)
{
    json_t *r = record();
    json_object_del(r, "valid_to");
    expect_error(*state, r, "valid_to", "is required");
    r = record();
    json_object_del(step0(r), "predecessors");
    expect_error(*state, r, "steps[0].predecessors", "is required");
}

static void refuses_a_wrong_format_key_or_version(void **state)
{
    json_t *r = record();
    json_object_set_new(r, "format", json_string("lotse-process/2"));
    expect_error(*state, r, "format", "lotse-process/1");
    const char *keys[] = {"ab", "1abc", "Abc", "a_b_c", "-abc", NULL};
    for (const char **k = keys; *k; k++) {
        r = record();
        json_object_set_new(r, "key", json_string(*k));
        expect_error(*state, r, "key", "3 to 64 of a-z");
    }
    r = record();
    json_object_set_new(r, "version", json_integer(0));
    expect_error(*state, r, "version", "whole number");
    r = record();
    json_object_set_new(r, "version", json_string("1"));
    expect_error(*state, r, "version", "whole number");
    r = record();
    json_object_set_new(r, "version", json_real(1.5));
    expect_error(*state, r, "version", "whole number");
}

static char *repeat(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void refuses_texts_out_of_bounds(void **state)
{
    json_t *r = record();
    json_object_set_new(r, "name", json_string(""));
    expect_error(*state, r, "name", "1 to 200 characters");
    char *long_name = repeat('x', 201);
    r = record();
    json_object_set_new(r, "name", json_string(long_name));
    expect_error(*state, r, "name", "1 to 200 characters");
    free(long_name);
    /* 200 characters of two bytes each are fine: characters count, not bytes */
    r = record();
    char buf[401] = "";
    for (int i = 0; i < 200; i++)
        strcat(buf, "ü");
    json_object_set_new(r, "name", json_string(buf));
    json_t *errors = NULL;
    assert_int_equal(lt_process_check(*state, r, &errors), 0);
    json_decref(r);
    r = record();
    json_object_set_new(r, "name", json_string("two\nlines"));
    expect_error(*state, r, "name", "one line");
    char *desc = repeat('d', 20001);
    r = record();
    json_object_set_new(r, "description", json_string(desc));
    expect_error(*state, r, "description", "at most 20000");
    free(desc);
    r = record();
    json_object_set_new(r, "description", json_string("bell\a"));
    expect_error(*state, r, "description", "control characters");
    r = record();
    json_object_set_new(r, "name", json_string("not in XML \xEF\xBF\xBF"));
    expect_error(*state, r, "name", "U+FFFE or U+FFFF");
    r = record();
    json_object_set_new(r, "name", json_stringn("nul\0inside", 10));
    expect_error(*state, r, "name", "control characters");
}

static void refuses_bad_lists_and_choices(void **state)
{
    json_t *r = record();
    json_object_set_new(r, "target_groups", json_array());
    expect_error(*state, r, "target_groups", "must have 1 to 7 entries");
    r = record();
    json_array_append_new(json_object_get(r, "target_groups"), json_string("pilots"));
    expect_error(*state, r, "target_groups[2]", "must be one of");
    r = record();
    json_array_append_new(json_object_get(r, "target_groups"), json_string("nurses"));
    expect_error(*state, r, "target_groups[2]", "repeats target_groups[0]");
    r = record();
    json_object_set_new(r, "level", json_string("stamm"));
    expect_error(*state, r, "level", "master, reference, local");
    r = record();
    json_array_append_new(json_object_get(r, "legal_basis"), json_string(""));
    expect_error(*state, r, "legal_basis[2]", "1 to 200");
    r = record();
    json_t *tags = json_array();
    for (int i = 0; i < 51; i++)
        json_array_append_new(tags, json_string("t"));
    json_object_set_new(r, "tags", tags);
    expect_error(*state, r, "tags", "must have 0 to 50 entries");
    r = record();
    json_object_set_new(r, "tags", json_string("Pflege"));
    expect_error(*state, r, "tags", "must be a list");
    r = record();
    json_object_set_new(r, "status", json_string("published"));
    expect_error(*state, r, "status", "draft, in_progress, approved, inactive");
    r = record();
    json_object_set_new(r, "licence", json_string("CC BY 4.0"));
    expect_error(*state, r, "licence", "SPDX");
}

static void refuses_bad_dates_and_timestamps(void **state)
{
    json_t *r = record();
    json_object_set_new(r, "valid_from", json_string("2026-02-30"));
    expect_error(*state, r, "valid_from", "must be a date as YYYY-MM-DD");
    r = record();
    json_object_set_new(r, "valid_to", json_string("2025-12-31"));
    expect_error(*state, r, "valid_to", "not be before valid_from");
    const char *bad[] = {"2026-11-02",
                         "2026-11-02 10:15:00Z",
                         "2026-11-02T25:00:00Z",
                         "2026-11-02T10:15:00",
                         "2026-11-02T10:15:00.Z",
                         "2026-11-02T10:15:00+0100",
                         NULL};
    for (const char **b = bad; *b; b++) {
        r = record();
        json_object_set_new(r, "published_at", json_string(*b));
        expect_error(*state, r, "published_at", "timestamp");
    }
    const char *good[] = {"2026-11-02T10:15:00.123456Z", "2026-11-02T10:15:00-05:30", NULL};
    for (const char **g = good; *g; g++) {
        r = record();
        json_object_set_new(r, "published_at", json_string(*g));
        json_t *errors = NULL;
        assert_int_equal(lt_process_check(*state, r, &errors), 0);
        json_decref(r);
    }
    r = record();
    json_object_set_new(r, "status", json_string("draft"));
    expect_error(*state, r, "published_at", "null while the status is draft");
}

static void refuses_bad_owners_authors_and_origins(void **state)
{
    json_t *r = record();
    json_object_set_new(json_object_get(r, "owner"), "kind", json_string("state"));
    expect_error(*state, r, "owner.kind", "region, fai");
    r = record();
    json_object_set_new(json_object_get(r, "owner"), "region", json_null());
    expect_error(*state, r, "owner.region", "slug of a region");
    r = record();
    json_object_set_new(json_object_get(r, "owner"), "region", json_string("Bad Slug"));
    expect_error(*state, r, "owner.region", "slug of a region");
    r = record();
    json_object_set_new(json_object_get(json_object_get(r, "adapted_from"), "owner"), "region",
                        json_string("aachen"));
    expect_error(*state, r, "adapted_from.owner.region", "null when kind is fai");
    r = record();
    json_object_set_new(json_object_get(r, "adapted_from"), "version", json_integer(0));
    expect_error(*state, r, "adapted_from.version", "whole number");
    r = record();
    json_object_set_new(r, "authors", json_array());
    expect_error(*state, r, "authors", "must have 1 to 50 entries");
    r = record();
    json_object_set_new(json_array_get(json_object_get(r, "authors"), 0), "name", json_string(""));
    expect_error(*state, r, "authors[0].name", "1 to 200");
    char *org = repeat('o', 201);
    r = record();
    json_object_set_new(json_array_get(json_object_get(r, "authors"), 0), "organisation",
                        json_string(org));
    expect_error(*state, r, "authors[0].organisation", "at most 200");
    free(org);
}

static void refuses_bad_steps(void **state)
{
    json_t *r = record();
    json_object_set_new(r, "steps", json_array());
    expect_error(*state, r, "steps", "must have 1 to 200 entries");
    r = record();
    json_t *many = json_array();
    for (int i = 0; i < 201; i++)
        json_array_append(many, step0(r));
    json_object_set_new(r, "steps", many);
    expect_error(*state, r, "steps", "must have 1 to 200 entries");
    r = record();
    json_array_set_new(json_object_get(r, "steps"), 2, json_string("visa"));
    expect_error(*state, r, "steps[2]", "must be a JSON object");
    r = record();
    json_object_set_new(step0(r), "id", json_string("Offer"));
    expect_error(*state, r, "steps[0].id", "must be 1 to 32 of a-z, 0-9, _ and -");
    r = record();
    json_object_set_new(json_array_get(json_object_get(r, "steps"), 2), "id",
                        json_string("recognition"));
    expect_error(*state, r, "steps[2].id", "is also the id of steps[1]");
    r = record();
    json_object_set_new(step0(r), "phase", json_string("travel"));
    expect_error(*state, r, "steps[0].phase", "visa_and_entry");
    r = record();
    json_object_set_new(step0(r), "actor", json_string("embassy"));
    expect_error(*state, r, "steps[0].actor", "foreign_mission");
    r = record();
    json_object_set_new(step0(r), "title", json_string(""));
    expect_error(*state, r, "steps[0].title", "1 to 200");
    char *desc = repeat('d', 5001);
    r = record();
    json_object_set_new(step0(r), "description", json_string(desc));
    expect_error(*state, r, "steps[0].description", "at most 5000");
    free(desc);
    json_t *durations[] = {json_integer(-1), json_integer(3651), json_real(2.5), json_string("7")};
    for (size_t i = 0; i < 4; i++) {
        r = record();
        json_object_set_new(step0(r), "duration_days", durations[i]);
        expect_error(*state, r, "steps[0].duration_days", "0 to 3650");
    }
    char *item = repeat('i', 501);
    r = record();
    json_array_append_new(json_object_get(step0(r), "documents"), json_string(item));
    expect_error(*state, r, "steps[0].documents[1]", "1 to 500");
    free(item);
    r = record();
    json_array_append_new(json_object_get(step0(r), "checklist"), json_integer(3));
    expect_error(*state, r, "steps[0].checklist[1]", "must be a text");
}

static void refuses_bad_links(void **state)
{
    json_t *r = record();
    json_t *links = json_array();
    for (int i = 0; i < 21; i++)
        json_array_append_new(links, json_pack("{s:s, s:s}", "title", "t", "url", "https://x.de/"));
    json_object_set_new(step0(r), "links", links);
    expect_error(*state, r, "steps[0].links", "must have 0 to 20 entries");
    const char *urls[] = {"ftp://x.de/", "https://", "javascript:alert(1)", "https://x.de/ a",
                          NULL};
    for (const char **u = urls; *u; u++) {
        r = record();
        json_object_set_new(step0(r), "links", json_pack("[{s:s, s:s}]", "title", "t", "url", *u));
        expect_error(*state, r, "steps[0].links[0].url", "must be an http or https address");
    }
}

static void refuses_predecessors_that_name_no_step(void **state)
{
    json_t *r = record();
    json_array_append_new(
        json_object_get(json_array_get(json_object_get(r, "steps"), 3), "predecessors"),
        json_string("nowhere"));
    expect_error(*state, r, "steps[3].predecessors[2]", "names no step of this process: nowhere");
    r = record();
    json_object_set_new(step0(r), "predecessors", json_pack("[s]", "offer"));
    expect_error(*state, r, "steps[0].predecessors[0]", "must not name the step itself");
    r = record();
    json_array_append_new(
        json_object_get(json_array_get(json_object_get(r, "steps"), 3), "predecessors"),
        json_string("visa"));
    expect_error(*state, r, "steps[3].predecessors[2]", "names visa twice");
    r = record();
    json_object_set_new(step0(r), "predecessors", json_pack("[i]", 1));
    expect_error(*state, r, "steps[0].predecessors[0]", "must be the id of a step");
    r = record();
    json_object_set_new(step0(r), "predecessors", json_string("visa"));
    expect_error(*state, r, "steps[0].predecessors", "must be a list");
}

static void refuses_cycles(void **state)
{
    /* offer -> visa -> entry -> onboarding -> offer */
    json_t *r = record();
    json_object_set_new(step0(r), "predecessors", json_pack("[s]", "onboarding"));
    expect_error(*state, r, "steps[0].predecessors",
                 "form a cycle: offer -> recognition -> entry -> onboarding -> offer");
    /* two steps naming each other, after the rest */
    r = record();
    json_t *steps = json_object_get(r, "steps");
    json_object_set_new(json_array_get(steps, 4), "predecessors",
                        json_pack("[s, s]", "entry", "recognition"));
    json_object_set_new(json_array_get(steps, 1), "predecessors",
                        json_pack("[s, s]", "offer", "onboarding"));
    expect_error(*state, r, "steps[1].predecessors", "form a cycle");
}

static void reports_every_error_at_once(void **state)
{
    json_t *r = record(), *errors = NULL;
    json_object_set_new(r, "level", json_string("x"));
    json_object_set_new(r, "extra", json_true());
    json_object_set_new(step0(r), "actor", json_string("x"));
    assert_int_equal(lt_process_check(*state, r, &errors), 3);
    json_decref(errors);
    json_decref(r);
}

static void parses_the_graph_with_successors_and_ranks(void **state)
{
    json_t *r = record(), *errors = NULL;
    lt_process p;
    assert_int_equal(lt_process_parse(*state, r, &p, &errors), 0);
    json_decref(r); /* the struct holds arena copies */
    assert_string_equal(p.key, "branch-join");
    assert_int_equal(p.version, 3);
    assert_int_equal(p.nsteps, 5);
    assert_string_equal(p.owner.region, "mittleres-ruhrgebiet");
    assert_true(p.has_adapted_from);
    assert_null(p.adapted_from.owner.region);
    assert_int_equal(p.steps[0].nsucc, 2);
    assert_int_equal(p.steps[0].succ[0], 1);
    assert_int_equal(p.steps[0].succ[1], 2);
    assert_int_equal(p.steps[3].npred, 2);
    int ranks[] = {0, 1, 1, 2, 3};
    for (int i = 0; i < 5; i++)
        assert_int_equal(p.steps[i].rank, ranks[i]);
    assert_int_equal(p.steps[2].duration_days, 60);
}

static void canonical_text_is_stable_and_round_trips(void **state)
{
    for (const char *const *name = process_fixture_names; *name; name++) {
        json_t *r = process_fixture(*name), *errors = NULL;
        lt_process p;
        assert_int_equal(lt_process_parse(*state, r, &p, &errors), 0);
        lt_buf one;
        lt_buf_init(&one, *state);
        lt_process_canonical(&p, &one);
        /* the same record again, from its canonical text */
        json_error_t e;
        json_t *again = json_loads(one.data, JSON_REJECT_DUPLICATES, &e);
        assert_non_null(again);
        assert_true(json_equal(r, again)); /* nothing lost */
        lt_process q;
        assert_int_equal(lt_process_parse(*state, again, &q, &errors), 0);
        lt_buf two;
        lt_buf_init(&two, *state);
        lt_process_canonical(&q, &two);
        assert_string_equal(one.data, two.data);
        assert_true(strncmp(one.data, "{\n  \"format\": \"lotse-process/1\",\n  \"key\": ", 42) ==
                    0);
        assert_int_equal(one.data[one.len - 1], '\n');
        json_decref(r);
        json_decref(again);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(accepts_every_fixture, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_what_is_no_object, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_unknown_members_at_every_level, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_missing_members, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_wrong_format_key_or_version, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_texts_out_of_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_lists_and_choices, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_dates_and_timestamps, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_owners_authors_and_origins, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_steps, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_links, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_predecessors_that_name_no_step, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_cycles, setup, teardown),
        cmocka_unit_test_setup_teardown(reports_every_error_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(parses_the_graph_with_successors_and_ranks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(canonical_text_is_stable_and_round_trips, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
