/*
 * library_fixture.h - what the library tests share (test_library*.c): one
 * signed-in caller of each kind the library knows, requests as them, and a
 * valid process record whose steps branch and join.
 */
#ifndef LOTSE_TEST_LIBRARY_FIXTURE_H
#define LOTSE_TEST_LIBRARY_FIXTURE_H

#include "harness.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum lib_caller { COORD_A, COORD_B, VIEWER_A, STAFF, LEAD, ESF, NLIB };

static struct {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} lib_sessions[NLIB];

/* Signs in a coordinator of a and one of b, a viewer of a, and fai_staff,
 * fai_lead and fai_esf (without a region). */
static inline void lib_sign_in_all(PGconn *owner, const char *a, const char *b)
{
    static const struct {
        const char *role, *region, *member;
    } kinds[NLIB] = {
        [COORD_A] = {NULL, NULL, "coordinator"},    [COORD_B] = {NULL, NULL, "coordinator"},
        [VIEWER_A] = {NULL, NULL, "region_viewer"}, [STAFF] = {"fai_staff", NULL, NULL},
        [LEAD] = {"fai_lead", NULL, NULL},          [ESF] = {"fai_esf", NULL, NULL},
    };
    for (int c = 0; c < NLIB; c++) {
        const char *region = c == COORD_B ? b : (c == COORD_A || c == VIEWER_A) ? a : NULL;
        th_sign_in(owner, "library", kinds[c].role, region, kinds[c].member, lib_sessions[c].token,
                   lib_sessions[c].csrf, NULL);
    }
}

/* A request as caller c, with If-Match when if_match is not NULL. */
static inline int lib_call(enum lib_caller c, lt_resp *resp, const char *method, const char *uri,
                           const char *body, const char *if_match)
{
    return th_request_signed(th_group_app, th_group_arena, resp, method, uri, body,
                             lib_sessions[c].token, lib_sessions[c].csrf, if_match, NULL);
}

static inline json_t *lib_json(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static inline const char *lib_str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* A key of its own for this test run: "<prefix>-<pid>". */
static inline const char *lib_key(const char *prefix)
{
    return lt_arena_printf(th_group_arena, "%s-%d", prefix, (int)getpid());
}

/*
 * A valid record (the body of a create) named name with key: four steps, a
 * branch after "bedarf" and a join at "visum".
 */
static inline const char *lib_record(const char *key, const char *name)
{
    return lt_arena_printf(
        th_group_arena,
        "{\"key\": \"%s\", \"name\": \"%s\", \"description\": \"Ein Testprozess\","
        " \"target_groups\": [\"skilled_workers\"], \"level\": \"local\","
        " \"legal_basis\": [\"§ 81a AufenthG\"], \"valid_from\": \"2026-01-01\","
        " \"valid_to\": null, \"authors\": [{\"name\": \"Koordination\", \"organisation\":"
        " \"IHK\"}], \"licence\": \"CC-BY-4.0\", \"tags\": [\"Test\"], \"steps\": ["
        "{\"id\": \"bedarf\", \"phase\": \"orientation\", \"title\": \"Bedarf klären\","
        " \"description\": \"Stellenprofil schreiben\", \"actor\": \"employer\","
        " \"duration_days\": 7, \"documents\": [\"Stellenbeschreibung\"], \"checklist\": [],"
        " \"links\": [{\"title\": \"Make it in Germany\","
        " \"url\": \"https://www.make-it-in-germany.com/\"}], \"predecessors\": []},"
        "{\"id\": \"anerkennung\", \"phase\": \"recognition\", \"title\": \"Anerkennung\","
        " \"actor\": \"recognition_body\", \"duration_days\": 60, \"predecessors\": [\"bedarf\"]},"
        "{\"id\": \"vertrag\", \"phase\": \"recruitment\", \"title\": \"Arbeitsvertrag\","
        " \"actor\": \"employer\", \"duration_days\": null, \"predecessors\": [\"bedarf\"]},"
        "{\"id\": \"visum\", \"phase\": \"visa_and_entry\", \"title\": \"Visum\","
        " \"actor\": \"foreign_mission\", \"predecessors\": [\"anerkennung\", \"vertrag\"]}]}",
        key, name);
}

/* The message of the first error of a problem that names field, or NULL. */
static inline const char *lib_error(json_t *problem, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(problem, "errors"), i, e)
    {
        if (strcmp(lib_str(e, "field"), field) == 0)
            return lib_str(e, "message");
    }
    return NULL;
}

#endif
