/*
 * test_profile.c - the region's profile (agreement §2.1, §3): every region has
 * one from the start; members read it, coordinators replace it with If-Match;
 * the failure paths (stale or missing If-Match, unknown or repeated values, an
 * oversized entry, a viewer, another region's coordinator) change nothing.
 */
#include "harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define REGION    "mittleres-ruhrgebiet"
#define OTHER     "muensterland"
#define UNTOUCHED "niederrhein" /* no test here changes its profile */
#define URI       "/api/v1/regions/" REGION "/profile"

/* What the agreement with Region Mittleres Ruhrgebiet says of it (§2.1, §3). */
#define AGREED_PROFILE                                                                             \
    "{\"strengths\": [\"Branchenvielfalt\", \"Netzwerkstrukturen\", \"Nähe der Städte\"],"       \
    " \"challenges\": [\"housing_market\", \"unemployment\", \"municipal_budget\","                \
    " \"childcare\", \"welcome_culture\"],"                                                        \
    " \"challenges_note\": \"Bürokratische und finanzielle Hürden bei Anwerbung\\nund"           \
    " Anerkennung.\","                                                                             \
    " \"existing_structures\": [\"Welcome Office Bochum\","                                        \
    " \"Ausbildungspartnerschaft Sao Paolo\"],"                                                    \
    " \"support_needs\": [\"recruitment_and_immigration_framework\","                              \
    " \"accompanying_integration\", \"in_company_onboarding\", \"family_reunification\"]}"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];               /* coordinator of REGION */
static char viewer_token[TH_TOKEN_SIZE], viewer_csrf[TH_TOKEN_SIZE]; /* viewer of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE];   /* coordinator of OTHER */
static char far_token[TH_TOKEN_SIZE], far_csrf[TH_TOKEN_SIZE];       /* viewer of UNTOUCHED */

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "profile", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "profile-viewer", NULL, REGION, "region_viewer", viewer_token, viewer_csrf,
               NULL);
    th_sign_in(owner, "profile-other", NULL, OTHER, "coordinator", other_token, other_csrf, NULL);
    th_sign_in(owner, "profile-far", NULL, UNTOUCHED, "region_viewer", far_token, far_csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A request with a session and, when if_match is not NULL, If-Match. */
static int call_as(lt_resp *resp, const char *method, const char *uri, const char *body,
                   const char *if_match, const char *as_token, const char *as_csrf)
{
    lt_pair headers[3] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", as_token)},
        {"x-csrf-token", as_csrf},
        {"if-match", if_match},
    };
    return th_request_h(th_group_app, th_group_arena, resp, method, uri,
                        body ? "application/json" : NULL, body, headers, if_match ? 3 : 2);
}

/* As the coordinator of REGION. */
static int call(lt_resp *resp, const char *method, const char *body, const char *if_match)
{
    return call_as(resp, method, URI, body, if_match, token, csrf);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

/* The ETag of REGION's profile as the coordinator reads it now. */
static const char *current_etag(void)
{
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", NULL, NULL), 200);
    return lt_arena_strdup(th_group_arena, th_header(&resp, "ETag"));
}

/* The profile is refused with 400, naming field first, and REGION's stays as it was. */
static void refused_naming(const char *body, const char *field)
{
    const char *before = current_etag();
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", body, before), 400);
    json_t *errors = json_object_get(json_of(&resp), "errors");
    assert_string_equal(json_string_value(json_object_get(json_array_get(errors, 0), "field")),
                        field);
    assert_string_equal(current_etag(), before);
}

static void a_member_reads_the_empty_profile_every_region_starts_with(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call_as(&resp, "GET", "/api/v1/regions/" UNTOUCHED "/profile", NULL, NULL,
                             far_token, far_csrf),
                     200);
    json_t *p = json_of(&resp);
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_int_equal(json_integer_value(json_object_get(p, "version")), 1);
    const char *lists[] = {"strengths", "challenges", "existing_structures", "support_needs"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        assert_true(json_is_array(json_object_get(p, lists[i])));
        assert_int_equal(json_array_size(json_object_get(p, lists[i])), 0);
    }
    assert_string_equal(json_string_value(json_object_get(p, "challenges_note")), "");
    assert_non_null(json_string_value(json_object_get(p, "updated_at")));
    /* every one of the 16 regions has exactly one row, seen only when the owner says so */
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    assert_string_equal(th_scalar(owner, "SELECT count(DISTINCT region_id) = 16 AND count(*) = 16"
                                         " FROM lotse.region_profiles"),
                        "t");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', '', false)");
}

static void a_coordinator_replaces_the_profile_and_the_version_increases(void **state)
{
    (void)state;
    const char *etag = current_etag();
    int version = atoi(etag + 1);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", AGREED_PROFILE, etag), 200);
    json_t *p = json_of(&resp);
    assert_int_equal(json_integer_value(json_object_get(p, "version")), version + 1);
    assert_string_equal(th_header(&resp, "ETag"),
                        lt_arena_printf(th_group_arena, "\"%d\"", version + 1));
    json_t *structures = json_object_get(p, "existing_structures");
    assert_int_equal(json_array_size(structures), 2);
    assert_string_equal(json_string_value(json_array_get(structures, 0)), "Welcome Office Bochum");
    assert_int_equal(json_array_size(json_object_get(p, "challenges")), 5);
    assert_string_equal(json_string_value(json_array_get(json_object_get(p, "strengths"), 2)),
                        "Nähe der Städte");
    assert_non_null(strchr(json_string_value(json_object_get(p, "challenges_note")), '\n'));

    /* a viewer of the region reads what the coordinator saved */
    assert_int_equal(call_as(&resp, "GET", URI, NULL, NULL, viewer_token, viewer_csrf), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "support_needs")), 4);

    /* and the change is in the audit log */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    assert_string_not_equal(th_scalar(owner, "SELECT count(*) FROM lotse.audit_log a"
                                             " JOIN lotse.regions r ON r.id = a.region_id"
                                             " WHERE r.slug = '" REGION "'"
                                             "  AND a.action = 'profile_updated'"),
                            "0");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");

    /* emptying is a replace too */
    assert_int_equal(call(&resp, "PUT",
                          "{\"strengths\": [], \"challenges\": [], \"challenges_note\": \"\","
                          " \"existing_structures\": [], \"support_needs\": []}",
                          th_header(&resp, "ETag")),
                     200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "challenges")), 0);
}

static void a_stale_or_missing_if_match_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    const char *etag = current_etag();
    int version = atoi(etag + 1);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", AGREED_PROFILE, etag), 200);
    /* someone else saved first: the version read before is stale */
    assert_int_equal(call(&resp, "PUT", AGREED_PROFILE, etag), 412);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "current_version")),
                     version + 1);
    assert_int_equal(call(&resp, "PUT", AGREED_PROFILE, NULL), 428);
    assert_string_equal(current_etag(), lt_arena_printf(th_group_arena, "\"%d\"", version + 1));
}

static void refuses_unknown_or_repeated_values_and_missing_fields(void **state)
{
    (void)state;
    refused_naming("{\"strengths\": [], \"challenges\": [\"weather\"], \"challenges_note\": \"\","
                   " \"existing_structures\": [], \"support_needs\": []}",
                   "challenges");
    refused_naming("{\"strengths\": [], \"challenges\": [], \"challenges_note\": \"\","
                   " \"existing_structures\": [], \"support_needs\":"
                   " [\"family_reunification\", \"family_reunification\"]}",
                   "support_needs");
    refused_naming("{\"strengths\": [], \"challenges\": [\"childcare\", \"childcare\"],"
                   " \"challenges_note\": \"\", \"existing_structures\": [],"
                   " \"support_needs\": []}",
                   "challenges");
    refused_naming("{\"strengths\": [], \"challenges\": [], \"challenges_note\": \"\","
                   " \"support_needs\": []}",
                   "existing_structures");
    refused_naming("{\"strengths\": \"Vielfalt\", \"challenges\": [], \"challenges_note\": \"\","
                   " \"existing_structures\": [], \"support_needs\": []}",
                   "strengths");
    refused_naming("{\"strengths\": [], \"challenges\": [], \"challenges_note\": \"\","
                   " \"existing_structures\": [], \"support_needs\": [], \"version\": 7}",
                   "version");
}

static void refuses_a_100_kb_strength(void **state)
{
    (void)state;
    size_t n = 100 * 1024;
    static const char head[] = "{\"strengths\": [\"";
    static const char tail[] = "\"], \"challenges\": [], \"challenges_note\": \"\","
                               " \"existing_structures\": [], \"support_needs\": []}";
    char *big = lt_arena_alloc(th_group_arena, sizeof head + n + sizeof tail);
    memcpy(big, head, sizeof head - 1);
    memset(big + sizeof head - 1, 'S', n);
    memcpy(big + sizeof head - 1 + n, tail, sizeof tail);
    refused_naming(big, "strengths");
}

static void a_viewer_may_read_but_not_replace(void **state)
{
    (void)state;
    const char *etag = current_etag();
    lt_resp resp;
    assert_int_equal(call_as(&resp, "PUT", URI, AGREED_PROFILE, etag, viewer_token, viewer_csrf),
                     403);
    assert_string_equal(current_etag(), etag);
}

static void another_regions_coordinator_finds_no_profile_and_changes_nothing(void **state)
{
    (void)state;
    const char *etag = current_etag();
    lt_resp resp;
    assert_int_equal(call_as(&resp, "GET", URI, NULL, NULL, other_token, other_csrf), 404);
    assert_int_equal(call_as(&resp, "PUT", URI,
                             "{\"strengths\": [\"übernommen\"], \"challenges\": [],"
                             " \"challenges_note\": \"\", \"existing_structures\": [],"
                             " \"support_needs\": []}",
                             etag, other_token, other_csrf),
                     404);
    assert_int_equal(call(&resp, "GET", NULL, NULL), 200);
    assert_string_equal(th_header(&resp, "ETag"), etag);
    json_t *strengths = json_object_get(json_of(&resp), "strengths");
    for (size_t i = 0; i < json_array_size(strengths); i++)
        assert_string_not_equal(json_string_value(json_array_get(strengths, i)), "übernommen");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_member_reads_the_empty_profile_every_region_starts_with),
        cmocka_unit_test(a_coordinator_replaces_the_profile_and_the_version_increases),
        cmocka_unit_test(a_stale_or_missing_if_match_is_refused_and_changes_nothing),
        cmocka_unit_test(refuses_unknown_or_repeated_values_and_missing_fields),
        cmocka_unit_test(refuses_a_100_kb_strength),
        cmocka_unit_test(a_viewer_may_read_but_not_replace),
        cmocka_unit_test(another_regions_coordinator_finds_no_profile_and_changes_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
