/*
 * test_library_network.c - the library a new user finds (the seeded model
 * processes), full-text search with German stemming and its filters, regions
 * adopting and adapting published processes and the network that records it,
 * and feedback with its 1-5 rating.
 */
#include "library_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#define REGION   "ostwestfalen-lippe"
#define OTHER    "bergisches-staedtedreieck"
#define SEARCH   "/api/v1/library/processes"
#define ADOPT_A  "/api/v1/regions/" REGION "/library/adoptions"
#define ADOPT_B  "/api/v1/regions/" OTHER "/library/adoptions"
#define NURSES   "pflegefachkraft-anerkennung"
#define FAST     "beschleunigtes-fachkraefteverfahren"
#define ARRIVING "ankommen-familiennachzug"

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

/* The keys of a search answer's items, joined by spaces (arena memory). */
static const char *keys_of(const lt_resp *resp)
{
    lt_buf b;
    lt_buf_init(&b, th_group_arena);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(lib_json(resp), "items"), i, item)
        lt_buf_printf(&b, "%s%s", i ? " " : "", lib_str(item, "key"));
    return b.data ? b.data : "";
}

/* Searches as the coordinator of B and answers the keys found. */
static const char *search(const char *query)
{
    lt_resp resp;
    const char *uri = lt_arena_printf(th_group_arena, SEARCH "?limit=100&%s", query);
    if (lib_call(COORD_B, &resp, "GET", uri, NULL, NULL) != 200)
        fail_msg("%s: %d %s", uri, resp.status, resp.body.data);
    return keys_of(&resp);
}

static bool found(const char *keys, const char *key)
{
    const char *p = strstr(keys, key);
    return p && (p == keys || p[-1] == ' ') && (p[strlen(key)] == ' ' || !p[strlen(key)]);
}

static void a_new_user_finds_three_published_model_processes(void **state)
{
    (void)state;
    const char *keys[] = {NURSES, FAST, ARRIVING};
    for (size_t k = 0; k < 3; k++) {
        lt_resp resp;
        assert_int_equal(lib_call(ESF, &resp, "GET",
                                  lt_arena_printf(th_group_arena, SEARCH "/%s/versions/1", keys[k]),
                                  NULL, NULL),
                         200);
        json_t *record = lib_json(&resp);
        assert_string_equal(lib_str(record, "licence"), "CC-BY-4.0");
        assert_string_equal(lib_str(record, "status"), "approved");
        assert_non_null(lib_str(record, "published_at"));
        json_t *steps = json_object_get(record, "steps");
        assert_true(json_array_size(steps) >= 10);
        /* the flow branches (a step two others come after) and joins (a step after two) */
        bool branch = false, join = false;
        size_t i, j;
        json_t *step, *other;
        json_array_foreach(steps, i, step)
        {
            join |= json_array_size(json_object_get(step, "predecessors")) >= 2;
            size_t followers = 0;
            json_array_foreach(steps, j, other)
            {
                size_t p;
                json_t *pred;
                json_array_foreach(json_object_get(other, "predecessors"), p, pred) followers +=
                    strcmp(json_string_value(pred), lib_str(step, "id")) == 0;
            }
            branch |= followers >= 2;
        }
        assert_true(branch);
        assert_true(join);
    }
    const char *all = search("owner=fai");
    for (size_t k = 0; k < 3; k++)
        assert_true(found(all, keys[k]));
}

static void search_stems_german_words_and_filters(void **state)
{
    (void)state;
    /* "Kenntnisprüfungen" finds "Kenntnisprüfung", only in the nurses' process */
    const char *keys = search("q=Kenntnispr%C3%BCfungen");
    assert_true(found(keys, NURSES));
    assert_false(found(keys, FAST));
    /* "Anerkennungen" finds every process about "Anerkennung", best match first */
    keys = search("q=Anerkennungen");
    assert_true(found(keys, NURSES));
    assert_true(found(keys, FAST));
    assert_int_equal(strncmp(keys, NURSES, strlen(NURSES)), 0);
    keys = search("q=Familiennachzug%20Kita");
    assert_true(found(keys, ARRIVING));
    assert_false(found(keys, NURSES));
    assert_string_equal(search("q=Raumfahrt"), "");

    assert_true(found(search("phase=retention"), ARRIVING));
    assert_false(found(search("phase=retention"), FAST));
    assert_true(found(search("actor=welcome_office"), ARRIVING));
    assert_false(found(search("actor=welcome_office"), NURSES));
    assert_true(found(search("actor=federal_employment_agency"), FAST));
    assert_true(found(search("target_group=nurses"), NURSES));
    assert_true(found(search("target_group=nurses"), ARRIVING));
    assert_false(found(search("target_group=nurses"), FAST));
    assert_true(found(search("tag=kita"), ARRIVING));
    assert_false(found(search("tag=kita"), FAST));
    assert_false(found(search("owner=" REGION), NURSES));
    assert_true(found(search("q=Visum&phase=visa_and_entry&target_group=it_specialists"), FAST));

    lt_resp resp;
    const char *bad[] = {"phase=mond",
                         "actor=nachbar",
                         "target_group=astronauts",
                         "owner=atlantis",
                         "q=",
                         "limit=0",
                         "after=kaputt",
                         "format=xml"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *uri = lt_arena_printf(th_group_arena, SEARCH "?%s", bad[i]);
        if (lib_call(COORD_B, &resp, "GET", uri, NULL, NULL) != 400)
            fail_msg("%s: %d", uri, resp.status);
    }
    assert_int_equal(lib_call(COORD_B, &resp, "GET", SEARCH "?phase=mond", NULL, NULL), 400);
    assert_non_null(lib_error(lib_json(&resp), "phase"));

    /* pages: one at a time, each process once */
    char uri[512] = SEARCH "?owner=fai&limit=1";
    size_t seen = 0;
    for (int pages = 0; pages < 10; pages++) {
        assert_int_equal(lib_call(COORD_B, &resp, "GET", uri, NULL, NULL), 200);
        json_t *page = lib_json(&resp);
        seen += json_array_size(json_object_get(page, "items"));
        json_t *next = json_object_get(page, "next");
        if (json_is_null(next))
            break;
        snprintf(uri, sizeof uri, SEARCH "?owner=fai&limit=1&after=%s", json_string_value(next));
    }
    assert_true(seen >= 3);
    /* the same list as CSV */
    assert_int_equal(lib_call(COORD_B, &resp, "GET", SEARCH "?q=Pflege&format=csv", NULL, NULL),
                     200);
    assert_non_null(strstr(resp.body.data, "key,version,name,owner"));
    assert_non_null(strstr(resp.body.data, NURSES));
}

static void regions_adopt_and_adapt_and_the_network_shows_it(void **state)
{
    (void)state;
    lt_resp resp;
    /* B uses the accelerated procedure as it is */
    const char *as_is = "{\"process\": \"" FAST "\", \"version\": 1, \"mode\": \"as_is\"}";
    assert_int_equal(lib_call(COORD_B, &resp, "POST", ADOPT_B, as_is, NULL), 201);
    json_t *adoption = lib_json(&resp);
    assert_string_equal(lib_str(adoption, "region"), OTHER);
    assert_string_equal(lib_str(adoption, "mode"), "as_is");
    assert_true(json_is_null(json_object_get(adoption, "key")));
    assert_string_equal(lib_str(json_object_get(adoption, "owner"), "kind"), "fai");
    assert_int_equal(lib_call(COORD_B, &resp, "POST", ADOPT_B, as_is, NULL), 409);
    assert_int_equal(lib_call(VIEWER_A, &resp, "POST", ADOPT_A, as_is, NULL), 403);

    /* A adapts the nurses' process into a draft of its own */
    const char *key = lib_key("pflege-owl");
    const char *adapt =
        lt_arena_printf(th_group_arena,
                        "{\"process\": \"" NURSES "\", \"version\": 1, \"mode\": \"adapt\","
                        " \"key\": \"%s\"}",
                        key);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", ADOPT_A, adapt, NULL), 201);
    assert_string_equal(lib_str(lib_json(&resp), "key"), key);
    const char *draft = lt_arena_strdup(th_group_arena, th_header(&resp, "Location"));
    assert_int_equal(lib_call(COORD_A, &resp, "GET", draft, NULL, NULL), 200);
    json_t *copy = lib_json(&resp);
    assert_string_equal(lib_str(copy, "status"), "draft");
    assert_string_equal(lib_str(json_object_get(copy, "owner"), "region"), REGION);
    json_t *from = json_object_get(copy, "adapted_from");
    assert_string_equal(lib_str(from, "key"), NURSES);
    assert_int_equal(json_integer_value(json_object_get(from, "version")), 1);
    assert_string_equal(lib_str(json_object_get(from, "owner"), "kind"), "fai");
    assert_true(json_array_size(json_object_get(copy, "steps")) >= 10);
    /* the copy keeps its authors (CC BY asks for attribution) */
    assert_string_equal(
        lib_str(json_array_get(json_object_get(copy, "authors"), 0), "organisation"),
        "NRW Fachkräfteagentur International");
    /* the draft is A's: B does not see it, and A may change it */
    assert_int_equal(lib_call(COORD_B, &resp, "GET", draft, NULL, NULL), 404);
    /* without a key the region's slug makes one; adapting the same version twice is refused */
    assert_int_equal(
        lib_call(COORD_A, &resp, "POST", ADOPT_A,
                 "{\"process\": \"" ARRIVING "\", \"version\": 1, \"mode\": \"adapt\"}", NULL),
        201);
    assert_string_equal(lib_str(lib_json(&resp), "key"), ARRIVING "-" REGION);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", ADOPT_A, adapt, NULL), 409);

    /* refusals */
    struct {
        const char *body;
        int status;
        const char *field;
    } bad[] = {
        {"{\"process\": \"" FAST "\", \"version\": 99, \"mode\": \"as_is\"}", 400, "version"},
        {"{\"process\": \"gibt-es-nicht\", \"version\": 1, \"mode\": \"as_is\"}", 400, "version"},
        {"{\"process\": \"" FAST "\", \"version\": 1, \"mode\": \"kopieren\"}", 400, "mode"},
        {"{\"process\": \"" FAST "\", \"version\": 1, \"mode\": \"as_is\", \"key\": \"abc\"}", 400,
         "key"},
        {"{\"process\": \"" FAST "\", \"version\": 1, \"mode\": \"adapt\", \"key\": \"" NURSES
         "\"}",
         409, "key"},
        {"{\"process\": \"" FAST "\", \"version\": 1, \"mode\": \"adapt\", \"key\": \"A_B\"}", 400,
         "key"},
        {"{\"process\": \"" FAST "\", \"version\": 1, \"mode\": \"as_is\", \"region\": \"" OTHER
         "\"}",
         400, "region"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int status = lib_call(COORD_A, &resp, "POST", ADOPT_A, bad[i].body, NULL);
        if (status != bad[i].status || !lib_error(lib_json(&resp), bad[i].field))
            fail_msg("case %zu: %d %s", i, status, resp.body.data);
    }
    /* a region's own draft is not adoptable, and its own published process not either */
    const char *own = lt_arena_printf(
        th_group_arena, "{\"process\": \"%s\", \"version\": 1, \"mode\": \"as_is\"}", key);
    assert_int_equal(lib_call(COORD_B, &resp, "POST", ADOPT_B, own, NULL), 400);
    assert_int_equal(lib_call(COORD_A, &resp, "POST",
                              lt_arena_printf(th_group_arena,
                                              "/api/v1/regions/" REGION
                                              "/library/processes/%s/versions/1/submit",
                                              key),
                              NULL, NULL),
                     200);
    assert_int_equal(lib_call(STAFF, &resp, "POST",
                              lt_arena_printf(th_group_arena, SEARCH "/%s/versions/1/approve", key),
                              NULL, NULL),
                     200);
    assert_int_equal(lib_call(LEAD, &resp, "POST",
                              lt_arena_printf(th_group_arena, SEARCH "/%s/versions/1/publish", key),
                              NULL, NULL),
                     200);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", ADOPT_A, own, NULL), 409);
    /* now published, B may adopt A's adaptation: the network grows */
    assert_int_equal(lib_call(COORD_B, &resp, "POST", ADOPT_B, own, NULL), 201);

    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", ADOPT_A, NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(lib_json(&resp), "items")), 2);
    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", ADOPT_B, NULL, NULL), 404);

    /* the network, as anyone signed in sees it */
    assert_int_equal(lib_call(ESF, &resp, "GET", "/api/v1/library/adoptions", NULL, NULL), 200);
    json_t *network = lib_json(&resp);
    const char *edges = json_dumps(json_object_get(network, "edges"), JSON_COMPACT);
    const char *nodes = json_dumps(json_object_get(network, "nodes"), JSON_COMPACT);
    lt_arena_on_reset(th_group_arena, free, (void *)edges);
    lt_arena_on_reset(th_group_arena, free, (void *)nodes);
    assert_non_null(strstr(edges, "{\"kind\":\"adopted\",\"from\":\"process:" FAST
                                  "\",\"to\":\"region:" OTHER "\",\"version\":1,"
                                  "\"mode\":\"as_is\",\"adapted_key\":null"));
    assert_non_null(strstr(edges, lt_arena_printf(th_group_arena,
                                                  "{\"kind\":\"adapted_into\",\"from\":"
                                                  "\"process:" NURSES "\",\"to\":\"process:%s\"",
                                                  key)));
    assert_non_null(strstr(edges, lt_arena_printf(th_group_arena,
                                                  "{\"kind\":\"owns\",\"from\":\"region:" REGION
                                                  "\",\"to\":\"process:%s\"}",
                                                  key)));
    assert_non_null(
        strstr(edges, "{\"kind\":\"owns\",\"from\":\"fai\",\"to\":\"process:" FAST "\"}"));
    assert_non_null(strstr(nodes, "\"id\":\"region:" OTHER "\""));
    assert_non_null(strstr(nodes, "\"id\":\"fai\""));
    /* A's unpublished adaptation of the arrival process stays A's: hidden from others */
    assert_null(strstr(edges, "\"process:" ARRIVING "-" REGION "\""));
    assert_int_equal(
        lib_call(COORD_A, &resp, "GET", "/api/v1/library/adoptions?process=" ARRIVING, NULL, NULL),
        200);
    assert_non_null(strstr(resp.body.data, ARRIVING "-" REGION));
    assert_null(strstr(resp.body.data, FAST));
    assert_int_equal(
        lib_call(COORD_A, &resp, "GET", "/api/v1/library/adoptions?process=X", NULL, NULL), 400);
    /* the process tells how often it was adopted */
    assert_int_equal(lib_call(COORD_B, &resp, "GET", SEARCH "/" FAST, NULL, NULL), 200);
    assert_true(json_integer_value(json_object_get(lib_json(&resp), "adoptions")) >= 1);
}

static void regions_rate_published_versions_from_one_to_five(void **state)
{
    (void)state;
    lt_resp resp;
    const char *mine = "/api/v1/regions/" REGION "/library/feedback/" ARRIVING "/versions/1";
    const char *theirs = "/api/v1/regions/" OTHER "/library/feedback/" ARRIVING "/versions/1";
    const char *bad[] = {"{\"rating\": 0}",
                         "{\"rating\": 6}",
                         "{\"rating\": 4.5}",
                         "{\"rating\": \"5\"}",
                         "{\"comment\": \"ohne Note\"}",
                         "{\"rating\": 3, \"region\": \"" OTHER "\"}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine, bad[i], NULL), 400);
    assert_int_equal(lib_call(COORD_A, &resp, "GET", mine, NULL, NULL), 404);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine,
                              "{\"rating\": 5, \"comment\": \"Kita-Teil sehr hilfreich\"}", NULL),
                     201);
    assert_int_equal(json_integer_value(json_object_get(lib_json(&resp), "rating")), 5);
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    /* one per region and version: a second is a change, which needs If-Match */
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine, "{\"rating\": 1}", NULL), 428);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine, "{\"rating\": 4}", "\"1\""), 200);
    assert_string_equal(lib_str(lib_json(&resp), "comment"), "");
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", mine, "{\"rating\": 2}", "\"1\""), 412);
    assert_int_equal(lib_call(VIEWER_A, &resp, "GET", mine, NULL, NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(lib_json(&resp), "rating")), 4);
    assert_int_equal(lib_call(VIEWER_A, &resp, "PUT", mine, "{\"rating\": 1}", "\"2\""), 403);
    assert_int_equal(lib_call(COORD_A, &resp, "PUT", theirs, "{\"rating\": 1}", NULL), 404);
    assert_int_equal(lib_call(COORD_B, &resp, "PUT", theirs, "{\"rating\": 2}", NULL), 201);

    /* everyone signed in reads all of it, and the search shows the average */
    assert_int_equal(
        lib_call(STAFF, &resp, "GET", SEARCH "/" ARRIVING "/versions/1/feedback", NULL, NULL), 200);
    json_t *items = json_object_get(lib_json(&resp), "items");
    assert_true(json_array_size(items) >= 2);
    json_int_t rating = 0;
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        if (strcmp(lib_str(item, "region"), REGION) == 0)
            rating = json_integer_value(json_object_get(item, "rating"));
    }
    assert_int_equal(rating, 4);
    const char *found_items = search("q=Familiennachzug");
    assert_true(found(found_items, ARRIVING));
    assert_int_equal(lib_call(COORD_B, &resp, "GET", SEARCH "?tag=Welcome%20Office", NULL, NULL),
                     200);
    json_t *summary = json_array_get(json_object_get(lib_json(&resp), "items"), 0);
    json_t *feedback = json_object_get(summary, "feedback");
    assert_true(json_integer_value(json_object_get(feedback, "count")) >= 2);
    assert_non_null(json_object_get(feedback, "average_rating"));

    /* not on a draft (it is not found by anyone else) nor on versions that do not exist */
    const char *draft_key = lib_key("entwurf-bewerten");
    assert_int_equal(lib_call(COORD_B, &resp, "POST", "/api/v1/regions/" OTHER "/library/processes",
                              lib_record(draft_key, "Entwurf"), NULL),
                     201);
    assert_int_equal(
        lib_call(COORD_A, &resp, "PUT",
                 lt_arena_printf(th_group_arena,
                                 "/api/v1/regions/" REGION "/library/feedback/%s/versions/1",
                                 draft_key),
                 "{\"rating\": 3}", NULL),
        404);
    assert_int_equal(
        lib_call(COORD_B, &resp, "PUT",
                 lt_arena_printf(th_group_arena,
                                 "/api/v1/regions/" OTHER "/library/feedback/%s/versions/1",
                                 draft_key),
                 "{\"rating\": 3}", NULL),
        409);
    assert_string_equal(lib_str(lib_json(&resp), "current_status"), "draft");
    assert_int_equal(
        lib_call(COORD_A, &resp, "GET", SEARCH "/" ARRIVING "/versions/7/feedback", NULL, NULL),
        404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_user_finds_three_published_model_processes),
        cmocka_unit_test(search_stems_german_words_and_filters),
        cmocka_unit_test(regions_adopt_and_adapt_and_the_network_shows_it),
        cmocka_unit_test(regions_rate_published_versions_from_one_to_five),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
