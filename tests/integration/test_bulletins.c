/*
 * test_bulletins.c - the FAI's bulletins (agreement §3): publish, list, correct
 * with If-Match, mark read per region, the FAI's overview of which regions read
 * one, and the failure paths (a coordinator publishing, invalid fields, stale
 * If-Match, a reused Idempotency-Key, another region's read mark).
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

#define REGION "muensterland"
#define OTHER  "koeln"
#define BASE   "/api/v1/bulletins"

struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
};

static PGconn *owner;
static struct caller staff, lead, coord, viewer, other_coord;

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "bulletins-staff", "fai_staff", NULL, NULL, staff.token, staff.csrf, NULL);
    th_sign_in(owner, "bulletins-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, NULL);
    th_sign_in(owner, "bulletins-coord", NULL, REGION, "coordinator", coord.token, coord.csrf,
               NULL);
    th_sign_in(owner, "bulletins-viewer", NULL, REGION, "region_viewer", viewer.token, viewer.csrf,
               NULL);
    th_sign_in(owner, "bulletins-other", NULL, OTHER, "coordinator", other_coord.token,
               other_coord.csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A request as who, with If-Match and Idempotency-Key when they are not NULL. */
static int call_h(const struct caller *who, lt_resp *resp, const char *method, const char *uri,
                  const char *body, const char *if_match, const char *key)
{
    lt_pair headers[4] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", who->token)},
        {"x-csrf-token", who->csrf},
    };
    size_t n = 2;
    if (if_match)
        headers[n++] = (lt_pair){"if-match", if_match};
    if (key)
        headers[n++] = (lt_pair){"idempotency-key", key};
    return th_request_h(th_group_app, th_group_arena, resp, method, uri,
                        body ? "application/json" : NULL, body, headers, n);
}

static int call(const struct caller *who, lt_resp *resp, const char *method, const char *uri,
                const char *body)
{
    return call_h(who, resp, method, uri, body, NULL, NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* A unique title of this run. */
static const char *title(const char *what)
{
    return lt_arena_printf(th_group_arena, "%s %d", what, (int)getpid());
}

/* Publishes a bulletin as FAI staff and returns its id (arena memory). */
static const char *publish(const char *what, const char *topic)
{
    lt_resp resp;
    const char *body = lt_arena_printf(th_group_arena,
                                       "{\"title\": \"%s\", \"topic\": \"%s\", \"body\":"
                                       " \"Neu ab 1. März:\\nmehr Details.\","
                                       " \"legal_references\": [\"§ 18a AufenthG\"],"
                                       " \"effective_on\": \"2026-03-01\"}",
                                       title(what), topic);
    assert_int_equal(call(&staff, &resp, "POST", BASE, body), 201);
    return lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
}

static const char *uri_of(const char *id)
{
    return lt_arena_printf(th_group_arena, BASE "/%s", id);
}

static const char *read_uri(const char *region, const char *id)
{
    return lt_arena_printf(th_group_arena, "/api/v1/regions/%s/bulletins/%s/read", region, id);
}

/* How many bulletins of this run carry the title (bulletins have no RLS). */
static int count_titled(const char *what)
{
    const char *p[] = {title(what)};
    return atoi(th_value(owner, th_group_arena,
                         "SELECT count(*) FROM lotse.bulletins WHERE title = $1", 1, p));
}

static void publishes_and_lists_newest_first(void **state)
{
    (void)state;
    lt_resp resp;
    const char *body = lt_arena_printf(th_group_arena,
                                       "{\"title\": \"%s\", \"topic\": \"law_change\", \"body\":"
                                       " \"Westbalkanregelung verlängert\","
                                       " \"legal_references\": [\"§ 26 Abs. 2 BeschV\"]}",
                                       title("Westbalkan"));
    assert_int_equal(call(&staff, &resp, "POST", BASE, body), 201);
    json_t *b = json_of(&resp);
    const char *first = lt_arena_strdup(th_group_arena, str(b, "id"));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_string_equal(th_header(&resp, "Location"), uri_of(first));
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(b, "legal_references"), 0)),
        "§ 26 Abs. 2 BeschV");
    assert_true(json_is_null(json_object_get(b, "effective_on")));
    const char *second = publish("Fachkräftetag", "event_notice");

    /* everyone signed in reads them, newest first */
    assert_int_equal(call(&viewer, &resp, "GET", BASE "?limit=100", NULL), 200);
    json_t *items = json_object_get(json_of(&resp), "items");
    assert_true(json_array_size(items) >= 2);
    assert_string_equal(str(json_array_get(items, 0), "id"), second);
    assert_true(json_is_null(json_object_get(json_array_get(items, 0), "read_at")));
    assert_null(json_object_get(json_array_get(items, 0), "read_by_regions"));

    assert_int_equal(call(&coord, &resp, "GET", BASE "?topic=event_notice&limit=100", NULL), 200);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(json_of(&resp), "items"), i, item)
    {
        assert_string_equal(str(item, "topic"), "event_notice");
        assert_string_not_equal(str(item, "id"), first);
    }
    /* the lead publishes too */
    assert_int_equal(
        call(&lead, &resp, "POST", BASE,
             "{\"title\": \"Leitung\", \"topic\": \"news\", \"body\": \"Neues aus dem FAI\"}"),
        201);
}

static void pages_follow_the_cursor_without_repeating(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        publish("Seite", "other");
    lt_resp resp;
    char uri[512] = BASE "?limit=2&topic=other";
    const char *last = NULL;
    size_t seen = 0;
    for (int pages = 0; pages < 200; pages++) {
        assert_int_equal(call(&coord, &resp, "GET", uri, NULL), 200);
        json_t *page = json_of(&resp);
        size_t i;
        json_t *item;
        json_array_foreach(json_object_get(page, "items"), i, item)
        {
            const char *at = str(item, "published_at");
            if (last)
                assert_true(strcmp(at, last) <= 0);
            last = lt_arena_strdup(th_group_arena, at);
            seen++;
        }
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        snprintf(uri, sizeof uri, BASE "?limit=2&topic=other&after=%s", json_string_value(next));
    }
    assert_true(seen >= 3);
    assert_int_equal(call(&coord, &resp, "GET", BASE "?topic=gossip", NULL), 400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "topic");
}

static void a_region_reads_a_bulletin_once_and_only_that_region_shows_it_read(void **state)
{
    (void)state;
    const char *id = publish("Gelesen", "law_change");
    lt_resp resp;
    assert_int_equal(call(&coord, &resp, "PUT", read_uri(REGION, id), NULL), 204);
    assert_int_equal(call(&coord, &resp, "GET", uri_of(id), NULL), 200);
    json_t *b = json_of(&resp);
    const char *read_at = lt_arena_strdup(th_group_arena, str(b, "read_at"));
    json_t *read_by = json_object_get(b, "read_by");
    assert_int_equal(json_array_size(read_by), 1);
    assert_string_equal(str(json_array_get(read_by, 0), "region"), REGION);

    /* a colleague of the same region sees it read; a second mark keeps the first time */
    assert_int_equal(call(&viewer, &resp, "PUT", read_uri(REGION, id), NULL), 204);
    assert_int_equal(call(&viewer, &resp, "GET", uri_of(id), NULL), 200);
    assert_string_equal(str(json_of(&resp), "read_at"), read_at);

    /* the other region has not read it, and does not see who has */
    assert_int_equal(call(&other_coord, &resp, "GET", uri_of(id), NULL), 200);
    b = json_of(&resp);
    assert_true(json_is_null(json_object_get(b, "read_at")));
    assert_int_equal(json_array_size(json_object_get(b, "read_by")), 0);

    const char *p[] = {id};
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT count(*) FROM lotse.audit_log"
                                 " WHERE action = 'bulletin_read' AND entity_id = $1",
                                 1, p),
                        "1");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");
}

static void the_fai_sees_exactly_the_regions_that_read_it(void **state)
{
    (void)state;
    const char *id = publish("Überblick", "news");
    lt_resp resp;
    assert_int_equal(call(&staff, &resp, "GET", uri_of(id), NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "read_by")), 0);

    assert_int_equal(call(&viewer, &resp, "PUT", read_uri(REGION, id), NULL), 204);
    assert_int_equal(call(&other_coord, &resp, "PUT", read_uri(OTHER, id), NULL), 204);
    for (const struct caller *fai = &staff; fai; fai = fai == &staff ? &lead : NULL) {
        assert_int_equal(call(fai, &resp, "GET", uri_of(id), NULL), 200);
        json_t *read_by = json_object_get(json_of(&resp), "read_by");
        assert_int_equal(json_array_size(read_by), 2);
        const char *a = str(json_array_get(read_by, 0), "region");
        const char *b = str(json_array_get(read_by, 1), "region");
        assert_true((strcmp(a, REGION) == 0 && strcmp(b, OTHER) == 0) ||
                    (strcmp(a, OTHER) == 0 && strcmp(b, REGION) == 0));
        assert_non_null(str(json_array_get(read_by, 0), "read_at"));
    }
    /* the list counts them for the FAI */
    assert_int_equal(call(&staff, &resp, "GET", BASE "?topic=news&limit=100", NULL), 200);
    size_t i;
    json_t *item, *found = NULL;
    json_array_foreach(json_object_get(json_of(&resp), "items"), i, item)
    {
        if (strcmp(str(item, "id"), id) == 0)
            found = item;
    }
    assert_non_null(found);
    assert_int_equal(json_integer_value(json_object_get(found, "read_by_regions")), 2);
    /* a member of one region still sees only their own */
    assert_int_equal(call(&coord, &resp, "GET", uri_of(id), NULL), 200);
    json_t *read_by = json_object_get(json_of(&resp), "read_by");
    assert_int_equal(json_array_size(read_by), 1);
    assert_string_equal(str(json_array_get(read_by, 0), "region"), REGION);
}

static void a_coordinator_cannot_publish_or_correct(void **state)
{
    (void)state;
    lt_resp resp;
    const char *body =
        lt_arena_printf(th_group_arena, "{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"x\"}",
                        title("Koordination"));
    assert_int_equal(call(&coord, &resp, "POST", BASE, body), 403);
    assert_int_equal(count_titled("Koordination"), 0);
    const char *id = publish("Korrektur verboten", "news");
    assert_int_equal(
        call_h(&coord, &resp, "PATCH", uri_of(id), "{\"title\": \"x\"}", "\"1\"", NULL), 403);
    assert_int_equal(count_titled("Korrektur verboten"), 1);
}

static void refuses_invalid_bulletins_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
    struct {
        const char *body, *field;
    } bad[] = {
        {"{\"title\": \"%s\", \"topic\": \"gossip\", \"body\": \"x\"}", "topic"},
        {"{\"title\": \"%s\", \"topic\": \"news\"}", "body"},
        {"{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"\"}", "body"},
        {"{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"x\", \"effective_on\":"
         " \"2026-02-30\"}",
         "effective_on"},
        {"{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"x\", \"legal_references\":"
         " [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\","
         "\"14\",\"15\",\"16\",\"17\",\"18\",\"19\",\"20\",\"21\"]}",
         "legal_references"},
        {"{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"x\", \"region_id\": 1}",
         "region_id"},
    };
    lt_resp resp;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *body = lt_arena_printf(th_group_arena, bad[i].body, title("Ungültig"));
        assert_int_equal(call(&staff, &resp, "POST", BASE, body), 400);
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(str(json_array_get(errors, 0), "field"), bad[i].field);
    }
    /* a 100 KB title */
    size_t n = 100 * 1024;
    char *big = lt_arena_alloc(th_group_arena, n + 64);
    strcpy(big, "{\"topic\": \"news\", \"body\": \"x\", \"title\": \"");
    size_t at = strlen(big);
    memset(big + at, 'T', n);
    strcpy(big + at + n, "\"}");
    assert_int_equal(call(&staff, &resp, "POST", BASE, big), 400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "title");
    assert_int_equal(count_titled("Ungültig"), 0);
}

static void a_correction_needs_the_current_version(void **state)
{
    (void)state;
    const char *id = publish("Korrektur", "law_change");
    lt_resp resp;
    assert_int_equal(call_h(&lead, &resp, "PATCH", uri_of(id),
                            "{\"legal_references\": [\"§ 18b AufenthG\"]}", "\"1\"", NULL),
                     200);
    json_t *b = json_of(&resp);
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(b, "legal_references"), 0)),
        "§ 18b AufenthG");
    assert_string_equal(str(b, "title"), title("Korrektur"));
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");

    assert_int_equal(
        call_h(&staff, &resp, "PATCH", uri_of(id), "{\"title\": \"Veraltet\"}", "\"1\"", NULL),
        412);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "current_version")), 2);
    assert_int_equal(call(&staff, &resp, "PATCH", uri_of(id), "{\"title\": \"Ohne\"}"), 428);
    assert_int_equal(call(&staff, &resp, "GET", uri_of(id), NULL), 200);
    assert_string_equal(str(json_of(&resp), "title"), title("Korrektur"));
    /* an unknown bulletin, and an id that is no UUID */
    assert_int_equal(call_h(&staff, &resp, "PATCH", uri_of("00000000-0000-4000-8000-000000000000"),
                            "{\"title\": \"x\"}", "\"1\"", NULL),
                     404);
    assert_int_equal(call(&staff, &resp, "GET", BASE "/not-a-uuid", NULL), 404);
}

static void a_reused_idempotency_key_with_another_body_is_refused(void **state)
{
    (void)state;
    lt_resp first, again, other;
    const char *key = lt_arena_printf(th_group_arena, "bulletin-%d", (int)getpid());
    const char *body = lt_arena_printf(
        th_group_arena, "{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"einmal\"}",
        title("Einmal"));
    assert_int_equal(call_h(&staff, &first, "POST", BASE, body, NULL, key), 201);
    assert_int_equal(call_h(&staff, &again, "POST", BASE, body, NULL, key), 201);
    assert_string_equal(again.body.data, first.body.data);
    assert_string_equal(th_header(&again, "Idempotent-Replayed"), "true");
    const char *changed = lt_arena_printf(
        th_group_arena, "{\"title\": \"%s\", \"topic\": \"news\", \"body\": \"anders\"}",
        title("Einmal"));
    assert_int_equal(call_h(&staff, &other, "POST", BASE, changed, NULL, key), 422);
    assert_int_equal(count_titled("Einmal"), 1);
}

static void marking_another_regions_read_is_not_found_and_stores_nothing(void **state)
{
    (void)state;
    const char *id = publish("Fremd", "news");
    lt_resp resp;
    assert_int_equal(call(&other_coord, &resp, "PUT", read_uri(REGION, id), NULL), 404);
    assert_int_equal(call(&staff, &resp, "PUT", read_uri(REGION, id), NULL), 404);
    assert_int_equal(
        call(&coord, &resp, "PUT", read_uri(REGION, "00000000-0000-4000-8000-000000000000"), NULL),
        404);
    assert_int_equal(call(&coord, &resp, "PUT", read_uri(REGION, "nope"), NULL), 404);
    assert_int_equal(call(&staff, &resp, "GET", uri_of(id), NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "read_by")), 0);
    assert_int_equal(call(&coord, &resp, "GET", uri_of(id), NULL), 200);
    assert_true(json_is_null(json_object_get(json_of(&resp), "read_at")));
}

static void the_read_overview_answers_only_the_fai_and_leaves_the_caller_as_it_was(void **state)
{
    (void)state;
    const char *id = publish("Funktion", "news");
    lt_resp resp;
    assert_int_equal(call(&coord, &resp, "PUT", read_uri(REGION, id), NULL), 204);
    const char *p[] = {id};
    /* as the app with a coordinator's settings: the function answers nothing */
    PGconn *app = PQconnectdb(getenv("LOTSE_TEST_DATABASE"));
    assert_int_equal(PQstatus(app), CONNECTION_OK);
    th_scalar(app, "SELECT set_config('lotse.roles', '', false)");
    th_scalar(app, "SELECT set_config('lotse.region_ids', '{2}', false)");
    assert_string_equal(
        th_value(app, th_group_arena, "SELECT count(*) FROM lotse.bulletin_read_status($1)", 1, p),
        "0");
    /* as FAI staff: every region that read it, and the region setting is restored after */
    th_scalar(app, "SELECT set_config('lotse.roles', 'fai_staff', false)");
    assert_string_equal(
        th_value(app, th_group_arena, "SELECT count(*) FROM lotse.bulletin_read_status($1)", 1, p),
        "1");
    assert_string_equal(th_scalar(app, "SELECT current_setting('lotse.region_ids')"), "{2}");
    PQfinish(app);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(publishes_and_lists_newest_first),
        cmocka_unit_test(pages_follow_the_cursor_without_repeating),
        cmocka_unit_test(a_region_reads_a_bulletin_once_and_only_that_region_shows_it_read),
        cmocka_unit_test(the_fai_sees_exactly_the_regions_that_read_it),
        cmocka_unit_test(a_coordinator_cannot_publish_or_correct),
        cmocka_unit_test(refuses_invalid_bulletins_naming_the_field_and_stores_nothing),
        cmocka_unit_test(a_correction_needs_the_current_version),
        cmocka_unit_test(a_reused_idempotency_key_with_another_body_is_refused),
        cmocka_unit_test(marking_another_regions_read_is_not_found_and_stores_nothing),
        cmocka_unit_test(the_read_overview_answers_only_the_fai_and_leaves_the_caller_as_it_was),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
