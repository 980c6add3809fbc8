/* test_process_body.c - one check for every process record (src/library/process_record.c):
 * the body of a create or change (LT_PROCESS_BODY) is held to the package format's rules,
 * in the same words as a whole process.json, and differs only in which members it may
 * leave out and in refusing those the server owns. */
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

static json_t *step0(json_t *r)
{
    return json_array_get(json_object_get(r, "steps"), 0);
}

/* r (stolen) must be refused as a file with exactly message at field. */
static void expect_error(lt_arena *a, json_t *r, const char *field, const char *message)
{
    json_t *errors = NULL;
    assert_true(lt_process_check(a, r, &errors) > 0);
    json_decref(r);
    size_t i;
    json_t *e;
    bool found = false;
    json_array_foreach(errors, i, e)
    {
        found |= strcmp(json_string_value(json_object_get(e, "field")), field) == 0 &&
                 strcmp(json_string_value(json_object_get(e, "message")), message) == 0;
    }
    json_decref(errors);
    assert_true(found);
}

/* The errors of r as a body (r is borrowed); the count in *n. */
static json_t *body_errors(lt_arena *a, json_t *r, size_t *n)
{
    json_t *errors = NULL;
    *n = lt_process_check_as(a, r, LT_PROCESS_BODY, &errors);
    assert_int_equal(json_array_size(errors), *n);
    return errors;
}

/* The message at field in errors, or NULL. */
static const char *message_at(json_t *errors, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
            return json_string_value(json_object_get(e, "message"));
    }
    return NULL;
}

static json_t *minimal_body(void)
{
    return json_pack("{s:s, s:s, s:[s], s:s, s:[{s:s}], s:[{s:s, s:s, s:s, s:s}]}", "key",
                     "minimal-body", "name", "Minimal", "target_groups", "trainees", "level",
                     "local", "authors", "name", "A", "steps", "id", "a", "phase", "arrival",
                     "title", "T", "actor", "other");
}

static void a_body_may_leave_out_what_the_format_defaults(void **state)
{
    json_t *r = minimal_body();
    size_t n;
    json_t *errors = body_errors(*state, r, &n);
    assert_int_equal(n, 0);
    assert_null(errors);
    /* as a whole file the same record misses every member it left out */
    assert_true(lt_process_check(*state, r, &errors) > 0);
    assert_string_equal(message_at(errors, "valid_to"), "is required");
    assert_string_equal(message_at(errors, "owner"), "is required");
    assert_string_equal(message_at(errors, "steps[0].predecessors"), "is required");
    assert_string_equal(message_at(errors, "authors[0].organisation"), "is required");
    json_decref(errors);
    json_decref(r);
}

static void a_body_must_have_what_the_format_cannot_default(void **state)
{
    const char *members[] = {"key", "name", "target_groups", "level", "authors", "steps"};
    for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
        json_t *r = minimal_body();
        json_object_del(r, members[i]);
        size_t n;
        json_t *errors = body_errors(*state, r, &n);
        assert_int_equal(n, 1);
        assert_string_equal(message_at(errors, members[i]), "is required");
        json_decref(errors);
        json_decref(r);
    }
    const char *step_members[] = {"id", "phase", "title", "actor"};
    for (size_t i = 0; i < sizeof step_members / sizeof *step_members; i++) {
        json_t *r = minimal_body();
        json_object_del(step0(r), step_members[i]);
        size_t n;
        json_t *errors = body_errors(*state, r, &n);
        assert_int_equal(n, 1);
        assert_string_equal(
            message_at(errors, lt_arena_printf(*state, "steps[0].%s", step_members[i])),
            "is required");
        json_decref(errors);
        json_decref(r);
    }
    json_t *r = minimal_body();
    json_object_del(json_array_get(json_object_get(r, "authors"), 0), "name");
    json_object_set_new(step0(r), "links", json_pack("[{s:s}]", "title", "x"));
    size_t n;
    json_t *errors = body_errors(*state, r, &n);
    assert_int_equal(n, 2);
    assert_string_equal(message_at(errors, "authors[0].name"), "is required");
    assert_string_equal(message_at(errors, "steps[0].links[0].url"), "is required");
    json_decref(errors);
    json_decref(r);
}

static void a_body_may_not_set_what_the_server_owns(void **state)
{
    /* every fixture is a whole file: as a body, exactly its five server-owned members
     * are refused, and nothing else is said about it */
    for (const char *const *name = process_fixture_names; *name; name++) {
        json_t *r = process_fixture(*name);
        size_t n;
        json_t *errors = body_errors(*state, r, &n);
        const char *owned[] = {"version", "owner", "status", "published_at", "adapted_from"};
        assert_int_equal(n, 5);
        for (size_t i = 0; i < 5; i++)
            assert_string_equal(message_at(errors, owned[i]), "is not a field of this record");
        json_decref(errors);
        for (size_t i = 0; i < 5; i++)
            json_object_del(r, owned[i]);
        errors = body_errors(*state, r, &n);
        assert_int_equal(n, 0);
        json_decref(r);
    }
}

/* What once passed the API's own validation but not the package check: each is
 * refused in a body now, in the same words as in a file. */
static void a_body_is_held_to_the_package_rules(void **state)
{
    struct {
        const char *member, *value, *field, *message;
    } cases[] = {
        {"name", "not in XML \xEF\xBF\xBE", "name",
         "must not contain the non-characters U+FFFE or U+FFFF"},
        {"description", "bell\a", "description", "must not contain control characters"},
        {"licence", "CC BY", "licence", "must be an SPDX licence identifier (e.g. CC-BY-4.0)"},
        {"key", "1abc", "key", "must be 3 to 64 of a-z, 0-9 and -, starting with a letter"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *r = minimal_body();
        json_object_set_new(r, cases[i].member, json_string(cases[i].value));
        size_t n;
        json_t *errors = body_errors(*state, r, &n);
        assert_int_equal(n, 1);
        assert_string_equal(message_at(errors, cases[i].field), cases[i].message);
        json_decref(errors);
        /* a file says the same */
        json_t *file = process_fixture("linear");
        json_object_set(file, cases[i].member, json_object_get(r, cases[i].member));
        expect_error(*state, file, cases[i].field, cases[i].message);
        json_decref(r);
    }
    /* a step title with U+FFFF, a document with a line break */
    json_t *r = minimal_body();
    json_object_set_new(step0(r), "title", json_string("\xEF\xBF\xBF"));
    json_object_set_new(step0(r), "documents", json_pack("[s]", "two\nlines"));
    size_t n;
    json_t *errors = body_errors(*state, r, &n);
    assert_int_equal(n, 2);
    assert_non_null(message_at(errors, "steps[0].title"));
    assert_string_equal(message_at(errors, "steps[0].documents[0]"),
                        "must be one line without control characters");
    json_decref(errors);
    json_decref(r);
}

static void a_body_graph_is_checked_as_in_a_file(void **state)
{
    json_t *r = minimal_body();
    json_t *steps = json_object_get(r, "steps");
    json_array_append_new(steps,
                          json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "id", "b", "phase", "arrival",
                                    "title", "B", "actor", "other", "predecessors", "c"));
    json_array_append_new(steps,
                          json_pack("{s:s, s:s, s:s, s:s, s:[s]}", "id", "c", "phase", "arrival",
                                    "title", "C", "actor", "other", "predecessors", "b"));
    size_t n;
    json_t *errors = body_errors(*state, r, &n);
    assert_int_equal(n, 1);
    assert_string_equal(message_at(errors, "steps[1].predecessors"),
                        "form a cycle: b -> c -> b (the steps must form a flow without loops)");
    json_decref(errors);
    json_object_set_new(json_array_get(steps, 2), "predecessors", json_pack("[s, s]", "x", "c"));
    errors = body_errors(*state, r, &n);
    assert_int_equal(n, 2);
    assert_string_equal(message_at(errors, "steps[2].predecessors[0]"),
                        "names no step of this process: x");
    assert_string_equal(message_at(errors, "steps[2].predecessors[1]"),
                        "must not name the step itself");
    json_decref(errors);
    json_decref(r);
}

static void versions_and_keys_stay_within_what_the_library_stores(void **state)
{
    json_t *r = process_fixture("branch_join");
    json_object_set_new(r, "version", json_integer(LT_PROCESS_MAX_VERSION + 1));
    expect_error(*state, r, "version", "must be a whole number from 1 to 100000");
    r = process_fixture("branch_join");
    json_object_set_new(r, "version", json_integer(LT_PROCESS_MAX_VERSION));
    json_t *errors = NULL;
    assert_int_equal(lt_process_check(*state, r, &errors), 0);
    json_decref(r);
    assert_true(lt_process_key_ok("abc"));
    assert_true(lt_process_key_ok("a-1-b"));
    assert_false(lt_process_key_ok("ab"));
    assert_false(lt_process_key_ok("1ab"));
    assert_false(lt_process_key_ok("abC"));
    char long_key[66];
    memset(long_key, 'a', 65);
    long_key[65] = '\0';
    assert_false(lt_process_key_ok(long_key));
    long_key[64] = '\0';
    assert_true(lt_process_key_ok(long_key));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_body_may_leave_out_what_the_format_defaults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_body_must_have_what_the_format_cannot_default, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_body_may_not_set_what_the_server_owns, setup, teardown),
        cmocka_unit_test_setup_teardown(a_body_is_held_to_the_package_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(a_body_graph_is_checked_as_in_a_file, setup, teardown),
        cmocka_unit_test_setup_teardown(versions_and_keys_stay_within_what_the_library_stores,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
