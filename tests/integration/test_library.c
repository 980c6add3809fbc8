/*
 * test_library.c - the lifecycle of a model process: a region drafts in
 * private, submits, FAI staff return it with a comment or approve it, FAI
 * leadership publishes it; a published version never changes and a change
 * makes the next version; the FAI drafts its own processes. Every step's
 * refusals: another region's draft is not found, a published version is not
 * edited, publishing twice is a 409, each role takes only its own step.
 */
#include "library_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#define REGION "muensterland"
#define OTHER  "koeln"
#define MINE   "/api/v1/regions/" REGION "/library/processes"

static PGconn *owner;

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    lib_sign_in_all(owner, REGION, OTHER);
    /* the audit log's row-level security binds the owner too: read it as an administrator */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* The library's URI of version n of key, with a suffix ("" or "/submit" ...). */
static const char *at(const char *key, int n, const char *suffix)
{
    return lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s/versions/%d%s", key, n,
                           suffix);
}

/* The region's URI of version n of key, with a suffix. */
static const char *mine(const char *key, int n, const char *suffix)
{
    return lt_arena_printf(th_group_arena, MINE "/%s/versions/%d%s", key, n, suffix);
}

static const char *etag(const lt_resp *resp)
{
    return lt_arena_strdup(th_group_arena, th_header(resp, "ETag"));
}

static void expect_conflict(lt_resp *resp, const char *current_status)
{
    assert_int_equal(resp->status, 409);
    assert_string_equal(lib_str(lib_json(resp), "current_status"), current_status);
}

static void a_region_drafts_in_private_and_the_fai_reviews_and_publishes(void **state)
{
    (void)state;
    lt_resp resp;
    const char *key = lib_key("lebenszyklus");
    assert_int_equal(
        lib_call(COORD_A, &resp, "POST", MINE, lib_record(key, "Fachkraft im Münsterland"), NULL),
        201);
    json_t *record = lib_json(&resp);
    assert_string_equal(lib_str(record, "format"), "lotse-process/1");
    assert_string_equal(lib_str(record, "status"), "draft");
    assert_int_equal(json_integer_value(json_object_get(record, "version")), 1);
    assert_true(json_is_null(json_object_get(record, "published_at")));
    assert_string_equal(lib_str(json_object_get(record, "owner"), "region"), REGION);
    assert_string_equal(lib_str(json_object_get(record, "owner"), "kind"), "region");
    assert_int_equal(json_array_size(json_object_get(record, "steps")), 4);
    assert_string_equal(th_header(&resp, "Location"), at(key, 1, ""));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");

    /* private: the region's own members only; not the FAI before it is submitted */
    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 404);
    assert_int_equal(lib_call(COORD_B, &resp, "GET",
                              lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s", key),
                              NULL, NULL),
                     404);
    assert_int_equal(lib_call(STAFF, &resp, "GET", at(key, 1, ""), NULL, NULL), 404);
    assert_int_equal(lib_call(LEAD, &resp, "GET", at(key, 1, ""), NULL, NULL), 404);
    /* another region cannot change, submit or adopt it through its own routes either */
    assert_int_equal(
        lib_call(COORD_B, &resp, "PUT",
                 lt_arena_printf(th_group_arena,
                                 "/api/v1/regions/" OTHER "/library/processes/%s/versions/1", key),
                 lib_record(key, "Gekapert"), "\"1\""),
        404);
    assert_int_equal(
        lib_call(COORD_B, &resp, "POST",
                 lt_arena_printf(th_group_arena,
                                 "/api/v1/regions/" OTHER "/library/processes/%s/versions/1/submit",
                                 key),
                 NULL, NULL),
        404);

    /* a draft changes with If-Match */
    const char *renamed = lib_record(key, "Fachkraft im Münsterland, überarbeitet");
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""), renamed, NULL), 428);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""), renamed, "\"1\""), 200);
    assert_string_equal(lib_str(lib_json(&resp), "name"), "Fachkraft im Münsterland, überarbeitet");
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""), renamed, "\"1\""), 412);
    assert_int_equal(json_integer_value(json_object_get(lib_json(&resp), "current_version")), 2);
    /* a viewer reads, never writes */
    assert_int_equal(lib_call(VIEWER_A, &resp, "PUT", mine(key, 1, ""), renamed, "\"2\""), 403);

    /* submitted: the FAI sees it, the region can no longer change it */
    assert_int_equal(lib_call(COORD_A, &resp, "POST", mine(key, 1, "/submit"), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "status"), "in_progress");
    const char *submitted = etag(&resp);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", mine(key, 1, "/submit"), NULL, NULL), 409);
    expect_conflict(&resp, "in_progress");
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""), renamed, submitted), 409);
    expect_conflict(&resp, "in_progress");
    assert_int_equal(lib_call(STAFF, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 404);
    assert_int_equal(
        lib_call(STAFF, &resp, "GET", "/api/v1/library/reviews?status=in_progress", NULL, NULL),
        200);
    assert_non_null(strstr(resp.body.data, key));

    /* each role its own step: leadership does not approve, staff do not publish */
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/approve"), NULL, NULL), 403);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", at(key, 1, "/approve"), NULL, NULL), 403);
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/publish"), NULL, NULL), 403);
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/publish"), NULL, NULL), 409);
    expect_conflict(&resp, "in_progress");

    /* returned with a comment, which the region reads */
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/return"), "{}", NULL), 400);
    assert_string_equal(lib_error(lib_json(&resp), "comment"), "is required");
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/return"),
                              "{\"comment\": \"Bitte die Rechtsgrundlage ergänzen.\"}", NULL),
                     200);
    assert_string_equal(lib_str(lib_json(&resp), "status"), "draft");
    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", at(key, 1, "/comments"), NULL, NULL), 200);
    json_t *items = json_object_get(lib_json(&resp), "items");
    assert_int_equal(json_array_size(items), 1);
    assert_string_equal(lib_str(json_array_get(items, 0), "kind"), "returned");
    assert_string_equal(lib_str(json_array_get(items, 0), "comment"),
                        "Bitte die Rechtsgrundlage ergänzen.");
    /* a returned draft stays in the FAI's sight, and out of other regions' */
    assert_int_equal(lib_call(LEAD, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, "/comments"), NULL, NULL), 404);

    /* changed, submitted again, commented, approved, published */
    assert_int_equal(lib_call(COORD_A, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""), renamed, etag(&resp)), 200);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", mine(key, 1, "/submit"), NULL, NULL), 200);
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/comments"),
                              "{\"comment\": \"Gut für alle Regionen.\"}", NULL),
                     201);
    assert_string_equal(lib_str(lib_json(&resp), "kind"), "comment");
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/approve"), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "status"), "approved");
    assert_true(json_is_null(json_object_get(lib_json(&resp), "published_at")));
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/approve"), NULL, NULL), 409);
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 404);
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/publish"), NULL, NULL), 200);
    json_t *published = lib_json(&resp);
    assert_string_equal(lib_str(published, "status"), "approved");
    assert_int_equal(strlen(lib_str(published, "published_at")), 20);

    /* published once: twice is a conflict, and nothing about it changes */
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/publish"), NULL, NULL), 409);
    expect_conflict(&resp, "published");
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "published_at"),
                        lib_str(published, "published_at"));
    assert_int_equal(lib_call(ESF, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""),
                              lib_record(key, "Nachträglich"), etag(&resp)),
                     409);
    expect_conflict(&resp, "published");
    assert_int_equal(
        lib_call(STAFF, &resp, "POST", at(key, 1, "/return"), "{\"comment\": \"zurück\"}", NULL),
        409);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", mine(key, 1, "/submit"), NULL, NULL), 409);
    /* one publication in the audit log */
    assert_string_equal(
        th_scalar(owner, lt_arena_printf(th_group_arena,
                                         "SELECT count(*) FROM lotse.audit_log WHERE action ="
                                         " 'process_version_published' AND entity_id = '%s/1'",
                                         key)),
        "1");
}

static void a_change_to_a_published_process_makes_the_next_version(void **state)
{
    (void)state;
    lt_resp resp;
    const char *key = lib_key("naechste-version");
    assert_int_equal(lib_call(COORD_A, &resp, "POST", MINE, lib_record(key, "Erste Fassung"), NULL),
                     201);
    /* no second version while the first is open */
    const char *versions = lt_arena_printf(th_group_arena, MINE "/%s/versions", key);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", versions, NULL, NULL), 409);
    expect_conflict(&resp, "draft");
    assert_int_equal(lib_call(COORD_A, &resp, "POST", mine(key, 1, "/submit"), NULL, NULL), 200);
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/approve"), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", versions, NULL, NULL), 409);
    expect_conflict(&resp, "approved");
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/publish"), NULL, NULL), 200);

    assert_int_equal(
        lib_call(COORD_B, &resp, "POST",
                 lt_arena_printf(th_group_arena,
                                 "/api/v1/regions/" OTHER "/library/processes/%s/versions", key),
                 NULL, NULL),
        404);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", versions, NULL, NULL), 201);
    json_t *next = lib_json(&resp);
    assert_int_equal(json_integer_value(json_object_get(next, "version")), 2);
    assert_string_equal(lib_str(next, "status"), "draft");
    assert_string_equal(lib_str(next, "name"), "Erste Fassung");
    assert_int_equal(json_array_size(json_object_get(next, "steps")), 4);
    assert_string_equal(th_header(&resp, "Location"), at(key, 2, ""));
    assert_int_equal(lib_call(COORD_A, &resp, "POST", versions, NULL, NULL), 409);

    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine(key, 2, ""),
                              lib_record(key, "Zweite Fassung"), "\"1\""),
                     200);
    /* the old version stays readable as it was; the new draft is the region's alone */
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "name"), "Erste Fassung");
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 2, ""), NULL, NULL), 404);
    assert_int_equal(lib_call(COORD_B, &resp, "GET",
                              lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s", key),
                              NULL, NULL),
                     200);
    json_t *process = lib_json(&resp);
    assert_int_equal(json_array_size(json_object_get(process, "versions")), 1);
    assert_int_equal(json_integer_value(json_object_get(process, "latest_published")), 1);
    assert_int_equal(lib_call(COORD_A, &resp, "GET",
                              lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s", key),
                              NULL, NULL),
                     200);
    assert_int_equal(json_array_size(json_object_get(lib_json(&resp), "versions")), 2);

    /* the region's list names both, its status filter one */
    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", MINE "?status=draft&limit=100", NULL, NULL),
                     200);
    assert_non_null(strstr(resp.body.data, key));
    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", MINE "?status=published", NULL, NULL), 400);

    /* leadership makes version 1 inactive: still readable, once only */
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/deactivate"), NULL, NULL), 403);
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/deactivate"), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "status"), "inactive");
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/deactivate"), NULL, NULL), 409);
    expect_conflict(&resp, "inactive");
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 2, "/deactivate"), NULL, NULL), 404);
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "status"), "inactive");
}

/* Whether a list answer holds version 1 of key (with that status, when given). */
static bool listed(lt_resp *resp, const char *key, const char *status)
{
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(lib_json(resp), "items"), i, item)
    {
        if (strcmp(lib_str(item, "key"), key) == 0 &&
            json_integer_value(json_object_get(item, "version")) == 1)
            return !status || strcmp(lib_str(item, "status"), status) == 0;
    }
    return false;
}

static void the_fai_drafts_and_publishes_its_own_processes(void **state)
{
    (void)state;
    lt_resp resp;
    const char *key = lib_key("fai-eigen");
    const char *fai = "/api/v1/library/processes";
    assert_int_equal(lib_call(COORD_A, &resp, "POST", fai, lib_record(key, "FAI"), NULL), 403);
    assert_int_equal(lib_call(LEAD, &resp, "POST", fai, lib_record(key, "FAI"), NULL), 403);
    assert_int_equal(lib_call(STAFF, &resp, "POST", fai, lib_record(key, "FAI-Muster"), NULL), 201);
    json_t *owner_json = json_object_get(lib_json(&resp), "owner");
    assert_string_equal(lib_str(owner_json, "kind"), "fai");
    assert_true(json_is_null(json_object_get(owner_json, "region")));
    assert_string_equal(lib_str(owner_json, "name"), "NRW Fachkräfteagentur International");
    /* a taken key is refused, naming it */
    assert_int_equal(lib_call(STAFF, &resp, "POST", fai, lib_record(key, "Noch einmal"), NULL),
                     409);
    assert_non_null(lib_error(lib_json(&resp), "key"));
    assert_int_equal(lib_call(COORD_A, &resp, "POST", MINE, lib_record(key, "Auch"), NULL), 409);

    /* the FAI's draft: FAI staff and leadership see it, regions do not */
    assert_int_equal(lib_call(LEAD, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_A, &resp, "GET", at(key, 1, ""), NULL, NULL), 404);
    /* a region's draft is not the FAI's to change, nor the FAI's a region's */
    const char *regional = lib_key("regional-entwurf");
    assert_int_equal(lib_call(COORD_A, &resp, "POST", MINE, lib_record(regional, "R"), NULL), 201);
    /* the FAI's own list holds its draft, and no region's */
    const char *own = "/api/v1/library/fai-processes?status=draft&limit=100";
    assert_int_equal(lib_call(COORD_A, &resp, "GET", own, NULL, NULL), 403);
    assert_int_equal(lib_call(LEAD, &resp, "GET", own, NULL, NULL), 200);
    assert_true(listed(&resp, key, "draft"));
    assert_int_equal(lib_call(STAFF, &resp, "GET", own, NULL, NULL), 200);
    assert_true(listed(&resp, key, "draft"));
    assert_false(listed(&resp, regional, NULL));
    assert_int_equal(
        lib_call(STAFF, &resp, "GET", "/api/v1/library/fai-processes?status=open", NULL, NULL),
        400);
    assert_non_null(lib_error(lib_json(&resp), "status"));
    assert_int_equal(lib_call(STAFF, &resp, "GET",
                              "/api/v1/library/fai-processes?status=approved&limit=100", NULL,
                              NULL),
                     200);
    assert_false(listed(&resp, key, NULL));
    assert_int_equal(
        lib_call(STAFF, &resp, "PUT", at(regional, 1, ""), lib_record(regional, "R"), "\"1\""),
        404);
    assert_int_equal(
        lib_call(COORD_A, &resp, "PUT", mine(key, 1, ""), lib_record(key, "F"), "\"1\""), 404);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", at(key, 1, "/submit"), NULL, NULL), 403);
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(regional, 1, "/submit"), NULL, NULL), 404);

    assert_int_equal(
        lib_call(STAFF, &resp, "PUT", at(key, 1, ""), lib_record(key, "FAI-Muster 2"), "\"1\""),
        200);
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/submit"), NULL, NULL), 200);
    assert_int_equal(lib_call(STAFF, &resp, "POST", at(key, 1, "/approve"), NULL, NULL), 200);
    assert_int_equal(lib_call(LEAD, &resp, "POST", at(key, 1, "/publish"), NULL, NULL), 200);
    assert_int_equal(lib_call(COORD_B, &resp, "GET", at(key, 1, ""), NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "name"), "FAI-Muster 2");
    assert_int_equal(lib_call(STAFF, &resp, "POST",
                              lt_arena_printf(th_group_arena, "%s/%s/versions", fai, key), NULL,
                              NULL),
                     201);
    assert_int_equal(json_integer_value(json_object_get(lib_json(&resp), "version")), 2);
}

static void a_retried_create_makes_one_process(void **state)
{
    (void)state;
    lt_resp first, again;
    const char *key = lib_key("wiederholt");
    const char *body = lib_record(key, "Einmal");
    const char *idem = lt_arena_printf(th_group_arena, "library-%d", (int)getpid());
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &first, "POST", MINE, body,
                                       lib_sessions[COORD_A].token, lib_sessions[COORD_A].csrf,
                                       NULL, idem),
                     201);
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &again, "POST", MINE, body,
                                       lib_sessions[COORD_A].token, lib_sessions[COORD_A].csrf,
                                       NULL, idem),
                     201);
    assert_string_equal(th_header(&again, "Idempotent-Replayed"), "true");
    assert_string_equal(again.body.data, first.body.data);
    assert_string_equal(th_header(&again, "Location"), th_header(&first, "Location"));
    /* without the key the same create is a taken key, nothing more */
    assert_int_equal(lib_call(COORD_A, &again, "POST", MINE, body, NULL), 409);
}

static void unknown_paths_and_versions_are_not_found(void **state)
{
    (void)state;
    lt_resp resp;
    const char *bad[] = {
        "/api/v1/library/processes/Gross/versions/1",
        "/api/v1/library/processes/ab/versions/1",
        "/api/v1/library/processes/beschleunigtes-fachkraefteverfahren/versions/0",
        "/api/v1/library/processes/beschleunigtes-fachkraefteverfahren/versions/01",
        "/api/v1/library/processes/beschleunigtes-fachkraefteverfahren/versions/x",
        "/api/v1/library/processes/beschleunigtes-fachkraefteverfahren/versions/99",
        "/api/v1/library/processes/beschleunigtes-fachkraefteverfahren/versions/9999999",
        "/api/v1/library/processes/gibt-es-nicht",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(lib_call(COORD_A, &resp, "GET", bad[i], NULL, NULL), 404);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET",
                                   "/api/v1/library/processes", NULL, NULL, NULL),
                     401);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_region_drafts_in_private_and_the_fai_reviews_and_publishes),
        cmocka_unit_test(a_change_to_a_published_process_makes_the_next_version),
        cmocka_unit_test(the_fai_drafts_and_publishes_its_own_processes),
        cmocka_unit_test(a_retried_create_makes_one_process),
        cmocka_unit_test(unknown_paths_and_versions_are_not_found),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
