/*
 * test_activities.c - the region's activities (agreement §4.1) and the notices
 * of its high-profile ones (§4): create, read, change with If-Match, delete,
 * notices with their lead time and lateness, the acknowledgement, filters and
 * paging, and the failure paths (bad input, stale If-Match, reused
 * Idempotency-Key, another region).
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

#define REGION  "emscher-lippe"
#define OTHER   "niederrhein"
#define BASE    "/api/v1/regions/" REGION "/activities"
#define NOTICES "/api/v1/regions/" REGION "/notices"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];             /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE]; /* coordinator of OTHER */

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "activities", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "activities-other", NULL, OTHER, "coordinator", other_token, other_csrf,
               NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A request as the coordinator of REGION, with If-Match when if_match is not NULL. */
static int call(lt_resp *resp, const char *method, const char *uri, const char *body,
                const char *if_match)
{
    return th_request_signed(th_group_app, th_group_arena, resp, method, uri, body, token, csrf,
                             if_match, NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Today plus days, as the database counts days. */
static const char *in_days(int days)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT (current_date + %d)::text", days);
    return lt_arena_strdup(th_group_arena, th_scalar(owner, sql));
}

/* Creates an activity starting in `days` days; answers the created activity. */
static json_t *create(const char *title, int days, const char *more)
{
    lt_resp resp;
    const char *body = lt_arena_printf(th_group_arena,
                                       "{\"title\": \"%s\", \"kind\": \"event\","
                                       " \"starts_on\": \"%s\"%s}",
                                       title, in_days(days), more ? more : "");
    assert_int_equal(call(&resp, "POST", BASE, body, NULL), 201);
    return json_of(&resp);
}

static size_t count_activities(void)
{
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE "?limit=100", NULL, NULL), 200);
    return json_array_size(json_object_get(json_of(&resp), "items"));
}

static void creates_reads_changes_and_deletes_an_activity(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", BASE,
                          "{\"title\": \"Netzwerktreffen Welcome Center\", \"kind\":"
                          " \"network_meeting\", \"starts_on\": \"2026-05-04\", \"ends_on\":"
                          " \"2026-05-05\", \"topics\": [\"onboarding\", \"recognition\"],"
                          " \"joint\": true, \"speaker_referred_by_fai\": true}",
                          NULL),
                     201);
    json_t *a = json_of(&resp);
    const char *id = lt_arena_strdup(th_group_arena, str(a, "id"));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_non_null(strstr(th_header(&resp, "Location"), id));
    assert_true(json_is_true(json_object_get(a, "joint")));
    assert_false(json_is_true(json_object_get(a, "high_profile")));
    assert_int_equal(json_array_size(json_object_get(a, "topics")), 2);
    assert_true(json_is_null(json_object_get(a, "notice")));

    char uri[256];
    snprintf(uri, sizeof uri, BASE "/%s", id);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"title\": \"Netzwerktreffen Ost\"}", "\"1\""),
                     200);
    assert_string_equal(str(json_of(&resp), "title"), "Netzwerktreffen Ost");
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");

    /* someone else saved first: the stale version is refused and nothing changes */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"title\": \"Überholt\"}", "\"1\""), 412);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "current_version")), 2);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"title\": \"Überholt\"}", NULL), 428);
    /* an end before the start, by a change: refused naming ends_on */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"ends_on\": \"2026-05-01\"}", "\"2\""), 400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "ends_on");
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "title"), "Netzwerktreffen Ost");
    assert_string_equal(str(json_of(&resp), "ends_on"), "2026-05-05");

    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 404);
}

static void a_high_profile_activity_sends_its_notice_with_the_lead_time(void **state)
{
    (void)state;
    json_t *a = create("Fachkräftegipfel Emscher-Lippe", 30, ", \"high_profile\": true");
    json_t *notice = json_object_get(a, "notice");
    assert_true(json_is_object(notice));
    assert_int_equal(json_integer_value(json_object_get(notice, "lead_time_days")), 30);
    assert_true(json_is_false(json_object_get(notice, "late")));
    assert_true(json_is_null(json_object_get(notice, "acknowledged_at")));
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM lotse.audit_log WHERE action = 'notice_sent'"
             " AND entity_id = '%s'",
             str(notice, "id"));
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    assert_string_equal(th_scalar(owner, sql), "1");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");

    /* one starting in 5 days is told too late */
    a = create("Pressegespräch kurzfristig", 5, ", \"high_profile\": true");
    notice = json_object_get(a, "notice");
    assert_int_equal(json_integer_value(json_object_get(notice, "lead_time_days")), 5);
    assert_true(json_is_true(json_object_get(notice, "late")));
    const char *late_id = lt_arena_strdup(th_group_arena, str(notice, "id"));

    lt_resp resp;
    assert_int_equal(call(&resp, "GET", NOTICES "?late=true&limit=100", NULL, NULL), 200);
    json_t *items = json_object_get(json_of(&resp), "items");
    bool found = false;
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        assert_true(json_is_true(json_object_get(item, "late")));
        found |= strcmp(str(item, "id"), late_id) == 0;
    }
    assert_true(found);

    /* the coordinator records the FAI's acknowledgement */
    char uri[256];
    snprintf(uri, sizeof uri, NOTICES "/%s/acknowledgement", late_id);
    assert_int_equal(call(&resp, "PUT", uri, "{\"acknowledged_by_name\": \"Almut Schmitz\"}", NULL),
                     200);
    assert_string_equal(str(json_of(&resp), "acknowledged_by_name"), "Almut Schmitz");
    assert_non_null(str(json_of(&resp), "acknowledged_at"));
    assert_int_equal(call(&resp, "PUT", uri, "{\"acknowledged_by_name\": \"\"}", NULL), 400);
    snprintf(uri, sizeof uri, NOTICES "/%s/acknowledgement",
             "00000000-0000-4000-8000-000000000000");
    assert_int_equal(call(&resp, "PUT", uri, "{\"acknowledged_by_name\": \"X\"}", NULL), 404);
}

static void the_minimum_lead_time_is_configured_not_fixed(void **state)
{
    (void)state;
    json_t *a = create("Messeauftritt", 5, ", \"high_profile\": true");
    char uri[256];
    snprintf(uri, sizeof uri, BASE "/%s", str(a, "id"));
    assert_true(json_is_true(json_object_get(json_object_get(a, "notice"), "late")));
    /* the same notice, read by a lotsed configured with a 3-day minimum: in time
     * (the setting reaches the database when the app connects, so a new app) */
    lt_config *cfg = malloc(sizeof *cfg);
    lt_config_defaults(cfg);
    free(cfg->database);
    cfg->database = strdup(getenv("LOTSE_TEST_DATABASE"));
    cfg->notice_min_lead_days = 3;
    lt_app *lenient = lt_app_create(cfg);
    lt_resp resp;
    assert_int_equal(th_request_as(lenient, th_group_arena, &resp, "GET", uri, NULL, token, csrf),
                     200);
    json_t *notice = json_object_get(json_of(&resp), "notice");
    assert_int_equal(json_integer_value(json_object_get(notice, "lead_time_days")), 5);
    assert_true(json_is_false(json_object_get(notice, "late")));
    lt_app_destroy(lenient);
    lt_config_free(cfg);
    free(cfg);
}

static void the_fai_acknowledges_a_notice_itself(void **state)
{
    (void)state;
    json_t *a = create("Fachkräftetag", 20, ", \"high_profile\": true");
    char uri[256];
    snprintf(uri, sizeof uri, NOTICES "/%s/acknowledgement",
             str(json_object_get(a, "notice"), "id"));
    char staff[TH_TOKEN_SIZE], staff_csrf[TH_TOKEN_SIZE], esf[TH_TOKEN_SIZE],
        esf_csrf[TH_TOKEN_SIZE];
    th_sign_in(owner, "activities-fai", "fai_staff", NULL, NULL, staff, staff_csrf, NULL);
    th_sign_in(owner, "activities-esf", "fai_esf", NULL, NULL, esf, esf_csrf, NULL);
    lt_resp resp;
    /* ESF documentation is not the partner a notice goes to: not even its existence */
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "PUT", uri,
                                   "{\"acknowledged_by_name\": \"ESF\"}", esf, esf_csrf),
                     404);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "PUT", uri,
                                   "{\"acknowledged_by_name\": \"Almut Schmitz\"}", staff,
                                   staff_csrf),
                     200);
    assert_string_equal(str(json_of(&resp), "acknowledged_by_name"), "Almut Schmitz");
    /* the FAI's inbox lists it under its region; a coordinator has no inbox */
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET",
                                   "/api/v1/notices?limit=100", NULL, staff, staff_csrf),
                     200);
    bool listed = false;
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(json_of(&resp), "items"), i, item)
    {
        listed |= strcmp(str(json_object_get(item, "activity"), "id"), str(a, "id")) == 0 &&
                  strcmp(str(item, "region"), REGION) == 0;
    }
    assert_true(listed);
    assert_int_equal(call(&resp, "GET", "/api/v1/notices", NULL, NULL), 403);
    /* the region sees the FAI's acknowledgement */
    snprintf(uri, sizeof uri, BASE "/%s", str(a, "id"));
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_non_null(str(json_object_get(json_of(&resp), "notice"), "acknowledged_at"));
}

static void statewide_fai_pr_and_ordinary_activities_send_no_notice(void **state)
{
    (void)state;
    json_t *a = create("Landesweite Social-Media-Kampagne", 3,
                       ", \"high_profile\": true, \"statewide_fai\": true");
    assert_true(json_is_null(json_object_get(a, "notice")));
    a = create("Sprechstunde", 3, NULL);
    assert_true(json_is_null(json_object_get(a, "notice")));

    /* changed to high-profile later: the notice goes out then, once */
    char uri[256];
    snprintf(uri, sizeof uri, BASE "/%s", str(a, "id"));
    lt_resp resp;
    assert_int_equal(call(&resp, "PATCH", uri, "{\"high_profile\": true}", "\"1\""), 200);
    json_t *notice = json_object_get(json_of(&resp), "notice");
    assert_int_equal(json_integer_value(json_object_get(notice, "lead_time_days")), 3);
    const char *notice_id = lt_arena_strdup(th_group_arena, str(notice, "id"));
    /* moved later: the same notice, with its lead time kept current */
    const char *body = lt_arena_printf(th_group_arena, "{\"starts_on\": \"%s\"}", in_days(20));
    assert_int_equal(call(&resp, "PATCH", uri, body, "\"2\""), 200);
    notice = json_object_get(json_of(&resp), "notice");
    assert_string_equal(str(notice, "id"), notice_id);
    assert_int_equal(json_integer_value(json_object_get(notice, "lead_time_days")), 20);
    assert_true(json_is_false(json_object_get(notice, "late")));
}

static void refuses_invalid_activities_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
    size_t before = count_activities();
    lt_resp resp;
    struct {
        const char *body, *field;
    } bad[] = {
        /* an activity ending before it starts */
        {"{\"title\": \"x\", \"kind\": \"event\", \"starts_on\": \"2026-05-10\","
         " \"ends_on\": \"2026-05-09\"}",
         "ends_on"},
        {"{\"title\": \"x\", \"kind\": \"concert\", \"starts_on\": \"2026-05-10\"}", "kind"},
        {"{\"title\": \"x\", \"kind\": \"event\"}", "starts_on"},
        {"{\"title\": \"x\", \"kind\": \"event\", \"starts_on\": \"2026-02-30\"}", "starts_on"},
        {"{\"title\": \"x\", \"kind\": \"event\", \"starts_on\": \"2026-05-10\","
         " \"topics\": [\"sports\"]}",
         "topics"},
        {"{\"title\": \"x\", \"kind\": \"event\", \"starts_on\": \"2026-05-10\", \"joint\": 1}",
         "joint"},
        {"{\"title\": \"x\", \"kind\": \"event\", \"starts_on\": \"2026-05-10\", \"region_id\": 1}",
         "region_id"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "POST", BASE, bad[i].body, NULL), 400);
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(str(json_array_get(errors, 0), "field"), bad[i].field);
    }
    /* a 100 KB title */
    size_t n = 100 * 1024;
    char *big = lt_arena_alloc(th_group_arena, n + 128);
    const char *head = "{\"kind\": \"event\", \"starts_on\": \"2026-05-10\", \"title\": \"";
    strcpy(big, head);
    memset(big + strlen(head), 'T', n);
    strcpy(big + strlen(head) + n, "\"}");
    assert_int_equal(call(&resp, "POST", BASE, big, NULL), 400);
    assert_int_equal(count_activities(), before);
}

static void another_regions_activity_is_not_found_and_unchanged(void **state)
{
    (void)state;
    json_t *a = create("Workshop Onboarding", 40, ", \"high_profile\": true");
    const char *id = lt_arena_strdup(th_group_arena, str(a, "id"));
    const char *notice_id =
        lt_arena_strdup(th_group_arena, str(json_object_get(a, "notice"), "id"));
    lt_resp resp;
    char uri[256];
    snprintf(uri, sizeof uri, "/api/v1/regions/" OTHER "/activities/%s", id);
    /* asked for under the other region by that region's coordinator: not there */
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                   other_token, other_csrf),
                     404);
    lt_pair headers[3] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", other_token)},
        {"x-csrf-token", other_csrf},
        {"if-match", "\"1\""},
    };
    assert_int_equal(th_request_h(th_group_app, th_group_arena, &resp, "PATCH", uri,
                                  "application/json", "{\"title\": \"Gekapert\"}", headers, 3),
                     404);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "DELETE", uri, NULL,
                                   other_token, other_csrf),
                     404);
    snprintf(uri, sizeof uri, "/api/v1/regions/" OTHER "/notices/%s/acknowledgement", notice_id);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "PUT", uri,
                                   "{\"acknowledged_by_name\": \"Gekapert\"}", other_token,
                                   other_csrf),
                     404);
    /* under our region, the other coordinator is no member */
    snprintf(uri, sizeof uri, BASE "/%s", id);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                   other_token, other_csrf),
                     404);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    a = json_of(&resp);
    assert_string_equal(str(a, "title"), "Workshop Onboarding");
    assert_true(json_is_null(json_object_get(json_object_get(a, "notice"), "acknowledged_at")));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
}

/* POST with an Idempotency-Key, as the coordinator. */
static int post_once(lt_resp *resp, const char *body, const char *key)
{
    lt_pair headers[3] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", token)},
        {"x-csrf-token", csrf},
        {"idempotency-key", key},
    };
    return th_request_h(th_group_app, th_group_arena, resp, "POST", BASE, "application/json", body,
                        headers, 3);
}

static void a_retried_create_makes_one_activity_and_a_reused_key_is_refused(void **state)
{
    (void)state;
    lt_resp first, again, other;
    const char *key = lt_arena_printf(th_group_arena, "activity-%d", (int)getpid());
    const char *body = "{\"title\": \"Infoabend FEG\", \"kind\": \"event\","
                       " \"starts_on\": \"2026-09-01\", \"high_profile\": true}";
    assert_int_equal(post_once(&first, body, key), 201);
    assert_int_equal(post_once(&again, body, key), 201);
    assert_string_equal(again.body.data, first.body.data);
    assert_string_equal(th_header(&again, "Idempotent-Replayed"), "true");
    assert_int_equal(post_once(&other,
                               "{\"title\": \"Etwas anderes\", \"kind\": \"event\","
                               " \"starts_on\": \"2026-09-01\"}",
                               key),
                     422);
    lt_resp list;
    assert_int_equal(
        call(&list, "GET", BASE "?from=2026-09-01&to=2026-09-01&limit=100", NULL, NULL), 200);
    size_t copies = 0, i;
    json_t *item;
    json_array_foreach(json_object_get(json_of(&list), "items"), i, item)
    {
        copies += strcmp(str(item, "title"), "Infoabend FEG") == 0;
    }
    assert_int_equal(copies, 1);
}

static void filters_and_pages_work(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE "?kind=concert", NULL, NULL), 400);
    assert_int_equal(call(&resp, "GET", BASE "?from=2026-13-01", NULL, NULL), 400);
    assert_int_equal(call(&resp, "GET", BASE "?joint=maybe", NULL, NULL), 400);
    assert_int_equal(call(&resp, "GET", NOTICES "?late=perhaps", NULL, NULL), 400);

    static const char *const bodies[] = {
        "{\"title\": \"P1\", \"kind\": \"workshop\", \"starts_on\": \"2031-03-01\", \"joint\": "
        "true}",
        "{\"title\": \"P2\", \"kind\": \"workshop\", \"starts_on\": \"2031-03-02\"}",
        "{\"title\": \"P3\", \"kind\": \"press_release\", \"starts_on\": \"2031-03-03\"}",
        "{\"title\": \"P4\", \"kind\": \"workshop\", \"starts_on\": \"2031-03-04\","
        " \"ends_on\": \"2031-03-20\", \"joint\": true}",
        "{\"title\": \"P5\", \"kind\": \"workshop\", \"starts_on\": \"2031-04-01\"}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        assert_int_equal(call(&resp, "POST", BASE, bodies[i], NULL), 201);

    assert_int_equal(
        call(&resp, "GET", BASE "?kind=workshop&from=2031-03-10&to=2031-04-30", NULL, NULL), 200);
    json_t *items = json_object_get(json_of(&resp), "items");
    assert_int_equal(json_array_size(items), 2); /* P4 still runs, P5 starts */
    assert_string_equal(str(json_array_get(items, 0), "title"), "P4");
    assert_string_equal(str(json_array_get(items, 1), "title"), "P5");

    assert_int_equal(call(&resp, "GET", BASE "?joint=true&from=2031-01-01", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 2);

    /* pages of two, in order of start */
    char uri[512] = BASE "?from=2031-01-01&limit=2";
    const char *seen[8];
    size_t n = 0;
    for (int pages = 0; pages < 10; pages++) {
        assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
        json_t *page = json_of(&resp);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(page, "items"), i, item)
        {
            assert_true(n < 8);
            seen[n++] = lt_arena_strdup(th_group_arena, str(item, "title"));
        }
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        snprintf(uri, sizeof uri, BASE "?from=2031-01-01&limit=2&after=%s",
                 json_string_value(next));
    }
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++) {
        char want[24];
        snprintf(want, sizeof want, "P%zu", i + 1);
        assert_string_equal(seen[i], want);
    }

    assert_int_equal(call(&resp, "GET", BASE "?from=2031-01-01&format=csv", NULL, NULL), 200);
    assert_non_null(strstr(resp.body.data, "title,kind,starts_on"));
    assert_non_null(strstr(resp.body.data, "P4,workshop,2031-03-04,2031-03-20"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creates_reads_changes_and_deletes_an_activity),
        cmocka_unit_test(a_high_profile_activity_sends_its_notice_with_the_lead_time),
        cmocka_unit_test(the_minimum_lead_time_is_configured_not_fixed),
        cmocka_unit_test(the_fai_acknowledges_a_notice_itself),
        cmocka_unit_test(statewide_fai_pr_and_ordinary_activities_send_no_notice),
        cmocka_unit_test(refuses_invalid_activities_naming_the_field_and_stores_nothing),
        cmocka_unit_test(another_regions_activity_is_not_found_and_unchanged),
        cmocka_unit_test(a_retried_create_makes_one_activity_and_a_reused_key_is_refused),
        cmocka_unit_test(filters_and_pages_work),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
