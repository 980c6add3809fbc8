/*
 * test_participants.c - a joint event's participant list (agreement §5): add,
 * read, change with If-Match, delete, the retention date, the CSV evidence list;
 * who may read it (members, fai_esf - every read audited) and who may not
 * (fai_lead, fai_staff, other regions - refused and audited); and the failure
 * paths (an event that is not joint, bad email, a 100 KB name, dates outside the
 * event, stale If-Match, the same person twice), each storing nothing.
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

#define REGION "westfaelisches-ruhrgebiet"
#define OTHER  "bergisches-staedtedreieck"
#define BASE   "/api/v1/regions/" REGION "/activities"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];               /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE];   /* coordinator of OTHER */
static char viewer_token[TH_TOKEN_SIZE], viewer_csrf[TH_TOKEN_SIZE]; /* viewer of REGION */
static char esf_token[TH_TOKEN_SIZE], esf_csrf[TH_TOKEN_SIZE], esf_id[TH_UUID_SIZE];
static char lead_token[TH_TOKEN_SIZE], lead_csrf[TH_TOKEN_SIZE], lead_id[TH_UUID_SIZE];
static char staff_token[TH_TOKEN_SIZE], staff_csrf[TH_TOKEN_SIZE];
static int serial;

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    /* audit_log's RLS binds the owner too: read it as an administrator */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    /* and the participants of every region, to count them */
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    th_sign_in(owner, "participants", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "participants-other", NULL, OTHER, "coordinator", other_token, other_csrf,
               NULL);
    th_sign_in(owner, "participants-viewer", NULL, REGION, "region_viewer", viewer_token,
               viewer_csrf, NULL);
    th_sign_in(owner, "participants-esf", "fai_esf", NULL, NULL, esf_token, esf_csrf, esf_id);
    th_sign_in(owner, "participants-lead", "fai_lead", NULL, NULL, lead_token, lead_csrf, lead_id);
    th_sign_in(owner, "participants-staff", "fai_staff", NULL, NULL, staff_token, staff_csrf, NULL);
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

static int call_as(const char *who, const char *who_csrf, lt_resp *resp, const char *method,
                   const char *uri, const char *body)
{
    return th_request_as(th_group_app, th_group_arena, resp, method, uri, body, who, who_csrf);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Today plus days (negative: past), as the database counts days. */
static const char *in_days(int days)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT (current_date + %d)::text", days);
    return lt_arena_strdup(th_group_arena, th_scalar(owner, sql));
}

/* Creates an activity of REGION that took place 10 and 9 days ago; returns the
 * participants URI of it. */
static const char *event(const char *kind, bool joint)
{
    lt_resp resp;
    const char *body =
        lt_arena_printf(th_group_arena,
                        "{\"title\": \"Netzwerktreffen %d\", \"kind\": \"%s\","
                        " \"starts_on\": \"%s\", \"ends_on\": \"%s\","
                        " \"joint\": %s}",
                        ++serial, kind, in_days(-10), in_days(-9), joint ? "true" : "false");
    assert_int_equal(call(&resp, "POST", BASE, body, NULL), 201);
    return lt_arena_printf(th_group_arena, BASE "/%s/participants", str(json_of(&resp), "id"));
}

/* A valid participant body with the given name and email. */
static const char *participant(const char *name, const char *email)
{
    return lt_arena_printf(
        th_group_arena,
        "{\"name\": \"%s\", \"email\": \"%s\", \"organisation\": \"Muster GmbH\","
        " \"participated_on\": \"%s\", \"attendance_confirmed_by\": \"signature\","
        " \"information_given_on\": \"%s\","
        " \"information_how\": \"attendance_list_notice\","
        " \"esf_reporting_consent\": true}",
        name, email, in_days(-10), in_days(-10));
}

/* Adds a participant; returns its URI. */
static const char *add(const char *list, const char *name, const char *email)
{
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", list, participant(name, email), NULL), 201);
    return lt_arena_printf(th_group_arena, "%s/%s", list, str(json_of(&resp), "id"));
}

static long count_participants(void)
{
    return atol(th_scalar(owner, "SELECT count(*) FROM lotse.participants"));
}

static long audit_count(const char *action, const char *user_id, const char *entity_id)
{
    const char *params[] = {action, user_id, entity_id};
    return atol(th_value(owner, th_group_arena,
                         "SELECT count(*) FROM lotse.audit_log WHERE action = $1"
                         " AND ($2::uuid IS NULL OR user_id = $2::uuid)"
                         " AND ($3::text IS NULL OR entity_id = $3)",
                         3, params));
}

/* The id segment after the last '/' of a URI. */
static const char *last_segment(const char *uri)
{
    return strrchr(uri, '/') + 1;
}

static void adds_reads_changes_and_deletes_a_participant(void **state)
{
    (void)state;
    const char *list = event("event", true);
    lt_resp resp;
    assert_int_equal(
        call(&resp, "POST", list, participant("Jana Prüfer", "jana@muster.example"), NULL), 201);
    json_t *p = json_of(&resp);
    assert_string_equal(str(p, "name"), "Jana Prüfer");
    assert_string_equal(str(p, "organisation"), "Muster GmbH");
    assert_true(json_is_true(json_object_get(p, "esf_reporting_consent")));
    /* the default retention: 31 December of the fifth year after the last payment */
    assert_string_equal(str(p, "retain_until"), "2033-12-31");
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    const char *uri = lt_arena_strdup(th_group_arena, th_header(&resp, "Location"));
    assert_non_null(strstr(uri, str(p, "id")));

    assert_int_equal(call(&resp, "PATCH", uri,
                          "{\"organisation\": \"Beispiel AG\", \"retain_until\": \"2034-06-30\"}",
                          "\"1\""),
                     200);
    assert_string_equal(str(json_of(&resp), "organisation"), "Beispiel AG");
    assert_string_equal(str(json_of(&resp), "retain_until"), "2034-06-30");
    /* someone else saved first: the stale version is refused and nothing changes */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"organisation\": \"Alt\"}", "\"1\""), 412);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "current_version")), 2);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"organisation\": \"Alt\"}", NULL), 428);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "organisation"), "Beispiel AG");

    assert_int_equal(call(&resp, "GET", list, NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 1);
    assert_int_equal(
        call(&resp, "GET", lt_arena_printf(th_group_arena, "%s?format=csv", list), NULL, NULL),
        200);
    assert_non_null(strstr(resp.body.data, "Jana Prüfer,Beispiel AG,jana@muster.example"));

    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 404);
    assert_int_equal(audit_count("participant_deleted", NULL, last_segment(uri)), 1);
}

static void a_participant_list_for_an_event_that_is_not_joint_is_refused(void **state)
{
    (void)state;
    long before = count_participants();
    const char *lists[] = {event("event", false), event("press_release", true)};
    for (size_t i = 0; i < 2; i++) {
        lt_resp resp;
        assert_int_equal(call(&resp, "POST", lists[i], participant("Kai", "kai@example.org"), NULL),
                         409);
        assert_non_null(strstr(str(json_of(&resp), "detail"), "not a joint event"));
        assert_int_equal(call(&resp, "GET", lists[i], NULL, NULL), 409);
        assert_non_null(strstr(str(json_of(&resp), "detail"), "not a joint event"));
    }
    assert_int_equal(count_participants(), before);
}

static void refuses_invalid_participants_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
    const char *list = event("workshop", true);
    long before = count_participants();
    const char *good = participant("Ada", "ada@example.org");
    struct {
        const char *from, *to, *field;
    } bad[] = {
        {"ada@example.org", "ada at example.org", "email"},
        {"ada@example.org", "ada@@example.org", "email"},
        {"\"name\": \"Ada\"", "\"name\": \"\"", "name"},
        {"\"signature\"", "\"thumbprint\"", "attendance_confirmed_by"},
        {"\"esf_reporting_consent\": true", "\"esf_reporting_consent\": \"yes\"",
         "esf_reporting_consent"},
        {"\"organisation\"", "\"region_id\": 1, \"organisation\"", "region_id"},
    };
    lt_resp resp;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *body = lt_arena_strdup(th_group_arena, good);
        char *at = strstr(body, bad[i].from);
        assert_non_null(at);
        const char *changed = lt_arena_printf(th_group_arena, "%.*s%s%s", (int)(at - body), body,
                                              bad[i].to, at + strlen(bad[i].from));
        assert_int_equal(call(&resp, "POST", list, changed, NULL), 400);
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(str(json_array_get(errors, 0), "field"), bad[i].field);
    }
    /* dates: not a day of the event, information in the future, retention in the past */
    struct {
        int participated, informed, retain;
        const char *field;
    } dated[] = {
        {-11, -11, 0, "participated_on"},
        {-10, 1, 0, "information_given_on"},
        {-10, -10, -1, "retain_until"},
    };
    for (size_t i = 0; i < sizeof dated / sizeof dated[0]; i++) {
        const char *body = lt_arena_printf(
            th_group_arena,
            "{\"name\": \"Ada\", \"participated_on\": \"%s\", \"attendance_confirmed_by\":"
            " \"signature\", \"information_given_on\": \"%s\", \"information_how\": \"email\","
            " \"esf_reporting_consent\": false%s%s%s}",
            in_days(dated[i].participated), in_days(dated[i].informed),
            dated[i].retain ? ", \"retain_until\": \"" : "",
            dated[i].retain ? in_days(dated[i].retain) : "", dated[i].retain ? "\"" : "");
        assert_int_equal(call(&resp, "POST", list, body, NULL), 400);
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(str(json_array_get(errors, 0), "field"), dated[i].field);
    }
    /* a 100 KB name */
    size_t n = 100 * 1024;
    char *big = lt_arena_alloc(th_group_arena, n + 1);
    memset(big, 'N', n);
    big[n] = '\0';
    assert_int_equal(call(&resp, "POST", list, participant(big, "big@example.org"), NULL), 400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "name");
    assert_int_equal(count_participants(), before);
}

static void the_same_person_twice_on_one_event_is_a_conflict_naming_email(void **state)
{
    (void)state;
    const char *list = event("event", true);
    add(list, "Ole", "ole@example.org");
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", list, participant("Ole B.", "OLE@example.org"), NULL),
                     409);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "email");
    assert_int_equal(call(&resp, "GET", list, NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 1);
}

static void fai_esf_reads_the_lists_and_every_read_is_audited(void **state)
{
    (void)state;
    const char *list = event("network_meeting", true);
    const char *uri = add(list, "Mia", "mia@example.org");
    const char *activity = lt_arena_strndup(th_group_arena, list + strlen(BASE "/"), 36);
    long listed = audit_count("participants_listed", esf_id, activity);
    long read = audit_count("participant_read", esf_id, last_segment(uri));
    lt_resp resp;
    assert_int_equal(call_as(esf_token, esf_csrf, &resp, "GET", list, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 1);
    assert_int_equal(call_as(esf_token, esf_csrf, &resp, "GET", uri, NULL), 200);
    assert_string_equal(str(json_of(&resp), "name"), "Mia");
    assert_int_equal(audit_count("participants_listed", esf_id, activity), listed + 1);
    assert_int_equal(audit_count("participant_read", esf_id, last_segment(uri)), read + 1);
    /* reading is all: no change, no addition */
    long before = count_participants();
    assert_int_equal(
        call_as(esf_token, esf_csrf, &resp, "POST", list, participant("Nina", "nina@example.org")),
        403);
    assert_int_equal(call_as(esf_token, esf_csrf, &resp, "DELETE", uri, NULL), 403);
    assert_int_equal(count_participants(), before);
    /* the region's viewer reads too, and cannot write */
    assert_int_equal(call_as(viewer_token, viewer_csrf, &resp, "GET", list, NULL), 200);
    assert_int_equal(call_as(viewer_token, viewer_csrf, &resp, "POST", list,
                             participant("Nina", "nina@example.org")),
                     403);
    assert_int_equal(count_participants(), before);
}

static void fai_lead_staff_and_other_regions_are_refused_and_the_attempt_audited(void **state)
{
    (void)state;
    const char *list = event("event", true);
    const char *uri = add(list, "Lea", "lea@example.org");
    const char *activity = lt_arena_strndup(th_group_arena, list + strlen(BASE "/"), 36);
    lt_resp resp;
    /* the matrix: whoever is not a member of the region gets what a missing region gets */
    assert_int_equal(call_as(lead_token, lead_csrf, &resp, "GET", list, NULL), 404);
    assert_null(strstr(resp.body.data, "Lea"));
    assert_int_equal(call_as(lead_token, lead_csrf, &resp, "GET", uri, NULL), 404);
    assert_int_equal(audit_count("access_refused", lead_id, activity), 2);
    const char *params[] = {lead_id, activity};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT r.slug || ' ' || a.entity FROM lotse.audit_log a"
                                 " JOIN lotse.regions r ON r.id = a.region_id"
                                 " WHERE a.user_id = $1 AND a.entity_id = $2"
                                 " AND a.action = 'access_refused' LIMIT 1",
                                 2, params),
                        REGION " participant_list");
    assert_int_equal(call_as(staff_token, staff_csrf, &resp, "GET", list, NULL), 404);
    assert_int_equal(call_as(other_token, other_csrf, &resp, "GET", list, NULL), 404);
    /* asked for under its own region, the other coordinator finds nothing either */
    const char *elsewhere = lt_arena_printf(th_group_arena, "/api/v1/regions/" OTHER "%s",
                                            list + strlen("/api/v1/regions/" REGION));
    assert_int_equal(call_as(other_token, other_csrf, &resp, "GET", elsewhere, NULL), 404);
    assert_int_equal(audit_count("access_refused", NULL, activity), 4);
}

static void an_activity_with_participants_stays_joint_and_is_kept(void **state)
{
    (void)state;
    const char *list = event("event", true);
    const char *uri = add(list, "Tom", "tom@example.org");
    const char *activity = lt_arena_strndup(th_group_arena, list, strlen(list) - 13);
    lt_resp resp;
    assert_int_equal(call(&resp, "PATCH", activity, "{\"joint\": false}", "\"1\""), 409);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "joint");
    assert_int_equal(call(&resp, "PATCH", activity, "{\"kind\": \"press_release\"}", "\"1\""), 409);
    assert_int_equal(call(&resp, "DELETE", activity, NULL, NULL), 409);
    assert_non_null(strstr(str(json_of(&resp), "detail"), "participants"));
    assert_int_equal(call(&resp, "GET", activity, NULL, NULL), 200);
    assert_true(json_is_true(json_object_get(json_of(&resp), "joint")));
    /* without participants it goes */
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "DELETE", activity, NULL, NULL), 204);
}

static void a_participant_outside_the_events_days_is_refused_when_changed(void **state)
{
    (void)state;
    const char *list = event("event", true);
    const char *uri = add(list, "Eva", "eva@example.org");
    lt_resp resp;
    const char *body =
        lt_arena_printf(th_group_arena, "{\"participated_on\": \"%s\"}", in_days(-8));
    assert_int_equal(call(&resp, "PATCH", uri, body, "\"1\""), 400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "participated_on");
    assert_int_equal(call(&resp, "PATCH", uri, "{\"retain_until\": \"2001-01-01\"}", "\"1\""), 400);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"email\": \"not-an-email\"}", "\"1\""), 400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "email");
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "email"), "eva@example.org");
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(adds_reads_changes_and_deletes_a_participant),
        cmocka_unit_test(a_participant_list_for_an_event_that_is_not_joint_is_refused),
        cmocka_unit_test(refuses_invalid_participants_naming_the_field_and_stores_nothing),
        cmocka_unit_test(the_same_person_twice_on_one_event_is_a_conflict_naming_email),
        cmocka_unit_test(fai_esf_reads_the_lists_and_every_read_is_audited),
        cmocka_unit_test(fai_lead_staff_and_other_regions_are_refused_and_the_attempt_audited),
        cmocka_unit_test(an_activity_with_participants_stays_joint_and_is_kept),
        cmocka_unit_test(a_participant_outside_the_events_days_is_refused_when_changed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
