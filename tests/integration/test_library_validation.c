/*
 * test_library_validation.c - a process record that is not valid is refused
 * whole, naming every fault by its path (steps[2].predecessors[1], steps[0].links[0].url)
 * in the words of the package format's own check (process_record.h):
 * unknown members at every level, members the server owns, a predecessor that
 * names no step, a cycle, twice the same step id, bad keys and dates. Nothing is
 * stored, and the database refuses the same graph faults on its own.
 */
#include "library_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#define REGION "emscher-lippe"
#define OTHER  "niederrhein"
#define MINE   "/api/v1/regions/" REGION "/library/processes"

static PGconn *owner;

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    lib_sign_in_all(owner, REGION, OTHER);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A record with key whose steps member is steps (JSON text) and extra members. */
static const char *with_steps(const char *key, const char *extra, const char *steps)
{
    return lt_arena_printf(th_group_arena,
                           "{\"key\": \"%s\", \"name\": \"Prüfling\","
                           " \"target_groups\": [\"trainees\"], \"level\": \"local\","
                           " \"authors\": [{\"name\": \"A\"}]%s, \"steps\": %s}",
                           key, extra, steps);
}

#define STEP(id, preds)                                                                            \
    "{\"id\": \"" id "\", \"phase\": \"arrival\", \"title\": \"T\", \"actor\": \"other\","         \
    " \"predecessors\": " preds "}"

/* How many processes the region has (as the owner sees them with its settings). */
static int process_count(void)
{
    return atoi(th_scalar(owner, "SELECT count(*) FROM lotse.processes p JOIN lotse.regions g"
                                 " ON g.id = p.region_id WHERE g.slug = '" REGION "'"));
}

static void refuses_every_fault_naming_its_path_and_stores_nothing(void **state)
{
    (void)state;
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' || id || '}'"
                     " FROM lotse.regions WHERE slug = '" REGION "'), false)");
    int before = process_count();
    const char *key = lib_key("pruefling");
    struct {
        const char *body, *field, *message;
    } bad[] = {
        /* unknown members, at every level */
        {with_steps(key, ", \"farbe\": \"blau\"", "[" STEP("a", "[]") "]"), "farbe",
         "is not a field of this record"},
        {with_steps(key, "",
                    "[" STEP("a", "[]") ", {\"id\": \"b\", \"phase\": \"arrival\","
                                        " \"title\": \"T\", \"actor\": \"other\","
                                        " \"colour\": 1}]"),
         "steps[1].colour", "is not a field of this record"},
        {with_steps(key, "",
                    "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"T\", \"actor\":"
                    " \"other\", \"links\": [{\"title\": \"x\", \"url\": \"https://x.de\","
                    " \"target\": \"_blank\"}]}]"),
         "steps[0].links[0].target", "is not a field of this record"},
        {lt_arena_printf(th_group_arena,
                         "{\"key\": \"%s\", \"name\": \"P\", \"target_groups\": [\"other\"],"
                         " \"level\": \"local\", \"authors\": [{\"name\": \"A\", \"email\":"
                         " \"a@b.de\"}], \"steps\": [" STEP("a", "[]") "]}",
                         key),
         "authors[0].email", "is not a field of this record"},
        /* members the server owns */
        {with_steps(key, ", \"status\": \"approved\"", "[" STEP("a", "[]") "]"), "status",
         "is not a field of this record"},
        {with_steps(key, ", \"owner\": {\"kind\": \"fai\"}", "[" STEP("a", "[]") "]"), "owner",
         "is not a field of this record"},
        {with_steps(key, ", \"version\": 7", "[" STEP("a", "[]") "]"), "version",
         "is not a field of this record"},
        /* the graph */
        {with_steps(key, "",
                    "[" STEP("a", "[]") ", " STEP("b", "[\"a\"]") ", " STEP(
                        "c", "[\"b\", \"gibt-es-nicht\"]") "]"),
         "steps[2].predecessors[1]", "names no step of this process: gibt-es-nicht"},
        {with_steps(
             key, "",
             "[" STEP("a", "[\"c\"]") ", " STEP("b", "[\"a\"]") ", " STEP("c", "[\"b\"]") "]"),
         "steps[0].predecessors",
         "form a cycle: a -> b -> c -> a (the steps must form a flow without loops)"},
        {with_steps(key, "", "[" STEP("a", "[\"a\"]") "]"), "steps[0].predecessors[0]",
         "must not name the step itself"},
        {with_steps(key, "", "[" STEP("a", "[]") ", " STEP("b", "[\"a\", \"a\"]") "]"),
         "steps[1].predecessors[1]", "names a twice"},
        {with_steps(key, "", "[" STEP("a", "[]") ", " STEP("a", "[]") "]"), "steps[1].id",
         "is also the id of steps[0]"},
        {with_steps(key, "", "[" STEP("Gross", "[]") "]"), "steps[0].id",
         "must be 1 to 32 of a-z, 0-9, _ and -"},
        /* the members themselves */
        {with_steps(key, "",
                    "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"T\","
                    " \"actor\": \"nachbar\"}]"),
         "steps[0].actor", NULL},
        {with_steps(key, "",
                    "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"T\", \"actor\":"
                    " \"other\", \"duration_days\": 3651}]"),
         "steps[0].duration_days", "must be a whole number from 0 to 3650"},
        {with_steps(key, "",
                    "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"T\", \"actor\":"
                    " \"other\", \"links\": [{\"title\": \"x\", \"url\": \"ftp://x.de\"}]}]"),
         "steps[0].links[0].url", "must be an http or https address"},
        {with_steps(key, "", "[]"), "steps", "must have 1 to 200 entries"},
        {with_steps(key, "", "{}"), "steps", "must be a list"},
        {with_steps(key, "", "[\"a\"]"), "steps[0]", "must be a JSON object"},
        {with_steps("Schlecht_Key", "", "[" STEP("a", "[]") "]"), "key",
         "must be 3 to 64 of a-z, 0-9 and -, starting with a letter"},
        {with_steps("1abc", "", "[" STEP("a", "[]") "]"), "key", NULL},
        {with_steps(key, ", \"valid_from\": \"2026-05-01\", \"valid_to\": \"2026-04-30\"",
                    "[" STEP("a", "[]") "]"),
         "valid_to", "must not be before valid_from"},
        {with_steps(key, ", \"licence\": \"CC BY 4.0\"", "[" STEP("a", "[]") "]"), "licence",
         "must be an SPDX licence identifier (e.g. CC-BY-4.0)"},
        {with_steps(key, ", \"format\": \"lotse-process/2\"", "[" STEP("a", "[]") "]"), "format",
         NULL},
        {lt_arena_printf(th_group_arena,
                         "{\"key\": \"%s\", \"name\": \"P\", \"target_groups\": [],"
                         " \"level\": \"local\", \"authors\": [{\"name\": \"A\"}],"
                         " \"steps\": [" STEP("a", "[]") "]}",
                         key),
         "target_groups", "must have 1 to 7 entries"},
        /* what the package check refuses is refused before it is stored (a draft the API
         * took once could not be made into a package after it was published) */
        {with_steps(key, ", \"description\": \"kein XML: \xef\xbf\xbf\"", "[" STEP("a", "[]") "]"),
         "description", "must not contain the non-characters U+FFFE or U+FFFF"},
        {with_steps(key, "",
                    "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"\xef\xbf\xbe\","
                    " \"actor\": \"other\"}]"),
         "steps[0].title", "must not contain the non-characters U+FFFE or U+FFFF"},
        {with_steps(key, ", \"tags\": [\"ok\", \"\"]", "[" STEP("a", "[]") "]"), "tags[1]",
         "must be 1 to 200 characters"},
        {lt_arena_printf(th_group_arena,
                         "{\"key\": \"%s\", \"name\": \"P\", \"target_groups\": [\"nurses\","
                         " \"nurses\"], \"level\": \"local\", \"authors\": [{\"name\": \"A\"}],"
                         " \"steps\": [" STEP("a", "[]") "]}",
                         key),
         "target_groups[1]", "repeats target_groups[0]"},
        {with_steps(key, "", "[" STEP("a", "\"b\"") "]"), "steps[0].predecessors",
         "must be a list"},
        {lt_arena_printf(th_group_arena,
                         "{\"key\": \"%s\", \"name\": \"P\", \"target_groups\": [\"other\"],"
                         " \"level\": \"local\", \"authors\": [{\"organisation\": \"IHK\"}],"
                         " \"steps\": [" STEP("a", "[]") "]}",
                         key),
         "authors[0].name", "is required"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_resp resp;
        int status = lib_call(COORD_A, &resp, "POST", MINE, bad[i].body, NULL);
        if (status != 400)
            fail_msg("case %zu: %d %s", i, status, resp.body.data);
        json_t *problem = lib_json(&resp);
        const char *message = lib_error(problem, bad[i].field);
        if (!message)
            fail_msg("case %zu: no error for %s in %s", i, bad[i].field, resp.body.data);
        if (bad[i].message && strcmp(message, bad[i].message) != 0)
            fail_msg("case %zu: %s: \"%s\", want \"%s\"", i, bad[i].field, message, bad[i].message);
    }
    assert_int_equal(process_count(), before);
    th_scalar(owner, "SELECT set_config('lotse.region_ids', '', false)");
}

static void names_every_fault_of_one_record_in_one_answer(void **state)
{
    (void)state;
    lt_resp resp;
    const char *body = with_steps(lib_key("viele-fehler"), ", \"hue\": 1",
                                  "[{\"id\": \"a\", \"phase\": \"mond\", \"title\": \"\","
                                  " \"actor\": \"other\", \"documents\": [\"\"]},"
                                  " {\"id\": \"b\", \"phase\": \"arrival\", \"actor\": \"x\"}]");
    assert_int_equal(lib_call(COORD_A, &resp, "POST", MINE, body, NULL), 400);
    json_t *problem = lib_json(&resp);
    assert_non_null(lib_error(problem, "hue"));
    assert_non_null(lib_error(problem, "steps[0].phase"));
    assert_non_null(lib_error(problem, "steps[0].title"));
    assert_string_equal(lib_error(problem, "steps[0].documents[0]"), "must be 1 to 500 characters");
    assert_string_equal(lib_error(problem, "steps[0].phase"),
                        "must be one of: orientation, recruitment, visa_and_entry, recognition,"
                        " arrival, onboarding, social_integration, retention");
    assert_string_equal(lib_error(problem, "steps[1].title"), "is required");
    assert_non_null(lib_error(problem, "steps[1].actor"));
    assert_string_equal(lib_str(problem, "type"), "urn:lotse:problem:validation");
}

static void documents_and_checklists_take_up_to_five_hundred_characters(void **state)
{
    (void)state;
    lt_resp resp;
    char note[502];
    memset(note, 'x', 500);
    note[500] = '\0';
    const char *key = lib_key("lange-liste");
    const char *steps = lt_arena_printf(
        th_group_arena,
        "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"T\", \"actor\": \"other\","
        " \"documents\": [\"%s\"], \"checklist\": [\"%s\"]}]",
        note, note);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", MINE, with_steps(key, "", steps), NULL), 201);
    strcat(note, "y");
    steps = lt_arena_printf(th_group_arena,
                            "[{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"T\", \"actor\":"
                            " \"other\", \"checklist\": [\"%s\"]}]",
                            note);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT",
                              lt_arena_printf(th_group_arena, MINE "/%s/versions/1", key),
                              with_steps(key, "", steps), "\"1\""),
                     400);
    assert_string_equal(lib_error(lib_json(&resp), "steps[0].checklist[0]"),
                        "must be 1 to 500 characters");
    /* a change keeps its key: another one is refused */
    assert_int_equal(lib_call(COORD_A, &resp, "PUT",
                              lt_arena_printf(th_group_arena, MINE "/%s/versions/1", key),
                              lib_record(lib_key("anderer-name"), "X"), "\"1\""),
                     400);
    assert_string_equal(lib_error(lib_json(&resp), "key"),
                        "must be the key of the process in the path");
    /* nothing of the refused changes was stored */
    assert_int_equal(
        lib_call(COORD_A, &resp, "GET",
                 lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s/versions/1", key),
                 NULL, NULL),
        200);
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_string_equal(lib_str(lib_json(&resp), "name"), "Prüfling");
}

static void a_record_read_back_is_accepted_as_a_whole_file_but_not_as_a_body(void **state)
{
    (void)state;
    lt_resp resp;
    /* what the API answers carries the members the server owns: as a body that is refused */
    assert_int_equal(lib_call(COORD_A, &resp, "GET",
                              "/api/v1/library/processes/ankommen-familiennachzug/versions/1", NULL,
                              NULL),
                     200);
    json_t *record = json_deep_copy(lib_json(&resp));
    json_object_set_new(record, "key", json_string(lib_key("kopie")));
    char *text = json_dumps(record, JSON_COMPACT);
    json_decref(record);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", MINE, text, NULL), 400);
    free(text);
    json_t *problem = lib_json(&resp);
    const char *server_owned[] = {"version", "status", "published_at", "owner", "adapted_from"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(lib_error(problem, server_owned[i]), "is not a field of this record");
    assert_null(lib_error(problem, "format"));
}

/* The database keeps the graph whole on its own, whoever writes. */
static void the_database_refuses_a_broken_graph_itself(void **state)
{
    (void)state;
    th_scalar(owner, "SELECT set_config('lotse.roles', 'fai_staff', false)");
    PGresult *r = PQexec(owner, "SELECT lotse.process_create('db-zyklus', NULL,"
                                " '{\"name\": \"x\", \"target_groups\": [\"other\"], \"level\":"
                                " \"local\", \"authors\": [{\"name\": \"a\"}], \"steps\": ["
                                "{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"A\","
                                " \"actor\": \"other\", \"predecessors\": [\"b\"]},"
                                "{\"id\": \"b\", \"phase\": \"arrival\", \"title\": \"B\","
                                " \"actor\": \"other\", \"predecessors\": [\"a\"]}]}', NULL)");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23514");
    PQclear(r);
    r = PQexec(owner, "SELECT lotse.process_create('db-luecke', NULL,"
                      " '{\"name\": \"x\", \"target_groups\": [\"other\"], \"level\":"
                      " \"local\", \"authors\": [{\"name\": \"a\"}], \"steps\": ["
                      "{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"A\","
                      " \"actor\": \"other\", \"predecessors\": [\"zz\"]}]}', NULL)");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23503");
    PQclear(r);
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.processes"
                                         " WHERE key IN ('db-zyklus', 'db-luecke')"),
                        "0");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");
}

/*
 * Runs the statements of sql (separated by ";\n") in one transaction as the
 * owner and rolls it back: the SQLSTATE of the first that failed ("" when
 * none did), its message in *message (NULL when none failed).
 */
static const char *in_rollback(const char *const *sql, size_t n, const char **message)
{
    PQclear(PQexec(owner, "BEGIN"));
    const char *state = "";
    *message = NULL;
    for (size_t i = 0; i < n; i++) {
        PGresult *r = PQexec(owner, sql[i]);
        ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            state = lt_arena_strdup(th_group_arena, PQresultErrorField(r, PG_DIAG_SQLSTATE));
            *message = lt_arena_strdup(th_group_arena, PQresultErrorMessage(r));
            PQclear(r);
            break;
        }
        PQclear(r);
    }
    PQclear(PQexec(owner, "ROLLBACK"));
    return state;
}

#define DB_STEP "{\"id\": \"a\", \"phase\": \"arrival\", \"title\": \"A\", \"actor\": \"other\"}"

/* The database publishes a version only with at least one step and one author
 * (sql/0019), whoever writes; and publishes a whole one as before. */
static void the_database_publishes_only_what_makes_a_package(void **state)
{
    (void)state;
    const char *as_staff = "SELECT set_config('lotse.roles', 'fai_staff', true)";
    const char *review[] = {
        "UPDATE lotse.process_versions SET status = 'in_progress', submitted_at = now()"
        " WHERE key = 'db-publish' AND version = 1",
        "UPDATE lotse.process_versions SET status = 'approved', approved_at = now()"
        " WHERE key = 'db-publish' AND version = 1",
        "SELECT set_config('lotse.roles', 'fai_lead', true)",
    };
    const char *publish = "UPDATE lotse.process_versions SET published_at = now()"
                          " WHERE key = 'db-publish' AND version = 1";
    struct {
        const char *content, *change, *want;
    } cases[] = {
        /* whole: published */
        {"[" DB_STEP "]", "SELECT 1", ""},
        /* no step at all */
        {"[]", "SELECT 1", "23514"},
        /* the draft's authors taken away by hand */
        {"[" DB_STEP "]",
         "UPDATE lotse.process_versions SET authors = '[]' WHERE key = 'db-publish'", "23514"},
        {"[" DB_STEP "]",
         "UPDATE lotse.process_versions SET authors = '[{\"name\": \"\", \"organisation\": \"\"}]'"
         " WHERE key = 'db-publish'",
         "23514"},
        {"[" DB_STEP "]",
         "UPDATE lotse.process_versions SET authors = '[{\"name\": \"A\"}]'"
         " WHERE key = 'db-publish'",
         "23514"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *sql[] = {
            as_staff,
            lt_arena_printf(th_group_arena,
                            "SELECT lotse.process_create('db-publish', NULL, '{\"name\": \"x\","
                            " \"target_groups\": [\"other\"], \"level\": \"local\","
                            " \"authors\": [{\"name\": \"a\"}], \"steps\": %s}', NULL)",
                            cases[i].content),
            cases[i].change,
            review[0],
            review[1],
            review[2],
            publish,
        };
        const char *message;
        const char *got = in_rollback(sql, sizeof sql / sizeof *sql, &message);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: SQLSTATE \"%s\", want \"%s\" (%s)", i, got, cases[i].want,
                     message ? message : "no error");
        if (*cases[i].want && !strstr(message, "cannot be published"))
            fail_msg("case %zu: %s", i, message);
    }
    /* the three processes of the seed were published before 0019 and still are */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'fai_staff', false)");
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.process_versions v"
                                         " WHERE v.published_at IS NOT NULL AND v.key IN"
                                         " ('pflegefachkraft-anerkennung',"
                                         " 'beschleunigtes-fachkraefteverfahren',"
                                         " 'ankommen-familiennachzug')"),
                        "3");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refuses_every_fault_naming_its_path_and_stores_nothing),
        cmocka_unit_test(names_every_fault_of_one_record_in_one_answer),
        cmocka_unit_test(documents_and_checklists_take_up_to_five_hundred_characters),
        cmocka_unit_test(a_record_read_back_is_accepted_as_a_whole_file_but_not_as_a_body),
        cmocka_unit_test(the_database_refuses_a_broken_graph_itself),
        cmocka_unit_test(the_database_publishes_only_what_makes_a_package),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
