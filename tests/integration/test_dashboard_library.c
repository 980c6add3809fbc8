/*
 * test_dashboard_library.c - the library's dashboard (docs/dashboards.md):
 * contributions per region, adoptions per region and from whom, the FAI's own
 * line and the adoption network, for FAI leadership and for a member; only
 * published versions count, nothing is suppressed (counts of processes), no
 * text a region wrote but a published process's name, CSV carries the network.
 *
 * Its library records are dated 2011 (no other test uses that year), written
 * by the owner along the lifecycle with the roles each step needs, so the
 * counts are exact whatever else the shared database holds.
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

#define A     "koeln"
#define B     "niederrhein"
#define C     "emscher-lippe"
#define URI   "/api/v1/dashboards/library?from=2011-01-01&to=2011-12-31"
#define FAI_P "pflegefachkraft-anerkennung" /* seeded, published by the FAI */

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} caller;

static PGconn *owner;
static caller coord_a, lead, esf;

static void sql(const char *text)
{
    th_scalar(owner, text);
}

/* A process of region with versions published on the dates given (NULL: the
 * last one stays in review), made by the owner with each step's role. */
static void process(const char *key, const char *region, const char *name, int nversions,
                    const char *const *published)
{
    char q[1024];
    snprintf(q, sizeof q,
             "INSERT INTO lotse.processes (key, region_id) SELECT '%s', id FROM lotse.regions"
             " WHERE slug = '%s' RETURNING 1",
             key, region);
    sql(q);
    for (int v = 1; v <= nversions; v++) {
        snprintf(q, sizeof q,
                 "INSERT INTO lotse.process_versions (key, version, name, description,"
                 " target_groups, level, authors) VALUES ('%s', %d, '%s', 'Region''s own words',"
                 " '{skilled_workers}', 'local', '[{\"name\": \"A\", \"organisation\": \"\"}]')"
                 " RETURNING 1",
                 key, v, name);
        sql(q);
        /* one step: sql/0019 publishes no version without */
        snprintf(q, sizeof q,
                 "INSERT INTO lotse.process_steps (key, version, position, step_id, phase, title,"
                 " actor) VALUES ('%s', %d, 1, 'a', 'arrival', 'Schritt', 'other') RETURNING 1",
                 key, v);
        sql(q);
        snprintf(q, sizeof q,
                 "UPDATE lotse.process_versions SET status = 'in_progress', submitted_at = now()"
                 " WHERE key = '%s' AND version = %d RETURNING 1",
                 key, v);
        sql(q);
        snprintf(q, sizeof q,
                 "UPDATE lotse.process_versions SET status = 'approved', approved_at = now()"
                 " WHERE key = '%s' AND version = %d RETURNING 1",
                 key, v);
        sql(q);
        if (!published[v - 1])
            break;
        snprintf(q, sizeof q,
                 "UPDATE lotse.process_versions SET published_at = '%s 12:00+01'"
                 " WHERE key = '%s' AND version = %d RETURNING 1",
                 published[v - 1], key, v);
        sql(q);
    }
}

static void adoption(const char *region, const char *key, int version, const char *mode,
                     const char *adapted_key, const char *on)
{
    char q[1024];
    snprintf(q, sizeof q,
             "INSERT INTO lotse.process_adoptions (region_id, key, version, mode, adapted_key,"
             " adopted_at) SELECT id, '%s', %d, '%s', %s, '%s 12:00+01' FROM lotse.regions"
             " WHERE slug = '%s' RETURNING 1",
             key, version, mode, adapted_key ? adapted_key : "NULL", on, region);
    sql(q);
}

/*
 * The records this test makes go straight into the tables (one step, one
 * author: only what the dashboard counts and publishing needs), so they are no valid process
 * records and must not outlive the test: other tests of the shared fixture
 * read every published process (and package it).
 */
static void remove_test_records(void)
{
    sql("WITH gone AS (DELETE FROM lotse.process_adoptions WHERE adopted_at"
        " >= '2011-01-01' AND adopted_at < '2012-01-01' RETURNING 1) SELECT count(*) FROM gone");
    sql("WITH gone AS (DELETE FROM lotse.process_adoptions WHERE key LIKE 'dashlib-%'"
        " OR adapted_key LIKE 'dashlib-%' RETURNING 1) SELECT count(*) FROM gone");
    sql("WITH gone AS (DELETE FROM lotse.process_versions WHERE key LIKE 'dashlib-%'"
        " RETURNING 1) SELECT count(*) FROM gone");
    sql("WITH gone AS (DELETE FROM lotse.processes WHERE key LIKE 'dashlib-%'"
        " RETURNING 1) SELECT count(*) FROM gone");
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    sql("SELECT set_config('lotse.region_ids', lotse.every_region(), false),"
        " set_config('lotse.write_region_ids', lotse.every_region(), false),"
        " set_config('lotse.roles', 'fai_staff,fai_lead', false)");
    /* a run before this one on the same database may have left its year behind */
    remove_test_records();
    char key[64];
    int pid = (int)getpid();
#define KEY(s) (snprintf(key, sizeof key, "dashlib-%s-%d", s, pid), key)
    static const char *const a_dates[] = {"2011-03-01", "2011-09-01"};
    static const char *const b_dates[] = {"2010-06-01", NULL};
    static const char *const c_dates[] = {NULL};
    static const char *const adapted_dates[] = {"2011-08-01"};
    const char *pa = lt_arena_strdup(th_group_arena, KEY("a"));
    const char *pb = lt_arena_strdup(th_group_arena, KEY("b"));
    const char *pc = lt_arena_strdup(th_group_arena, KEY("c"));
    const char *pd = lt_arena_strdup(th_group_arena, KEY("d"));
    /* A: one process, versions 1 and 2 published in 2011; B: one published in 2010,
     * its version 2 in review; C: one never published; B adapts A's into its own
     * (published 2011) */
    process(pa, A, "Anerkennung beschleunigen", 2, a_dates);
    process(pb, B, "Visum vorbereiten", 2, b_dates);
    process(pc, C, "Noch in Arbeit", 1, c_dates);
    process(pd, B, "Anerkennung am Niederrhein", 1, adapted_dates);
    /* B adopts A's v1 as it is and adapts it; C adopts A's v2 and B's v1; A adopts
     * the FAI's seeded process; one adoption of 2010 is outside the range */
    adoption(B, pa, 1, "as_is", NULL, "2011-04-01");
    adoption(B, pa, 1, "adapt", lt_arena_printf(th_group_arena, "'%s'", pd), "2011-05-01");
    adoption(C, pa, 2, "as_is", NULL, "2011-10-01");
    adoption(C, pb, 1, "as_is", NULL, "2011-02-01");
    adoption(A, FAI_P, 1, "as_is", NULL, "2011-06-01");
    adoption(A, pb, 1, "as_is", NULL, "2010-07-01");
    th_sign_in(owner, "dashlib-coord-a", NULL, A, "coordinator", coord_a.token, coord_a.csrf, NULL);
    th_sign_in(owner, "dashlib-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, NULL);
    th_sign_in(owner, "dashlib-esf", "fai_esf", NULL, NULL, esf.token, esf.csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    remove_test_records();
    PQfinish(owner);
    return th_teardown(state);
}

static json_t *get_as(const caller *c, const char *uri, int expect)
{
    lt_resp resp;
    int status = th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                               c ? c->token : NULL, c ? c->csrf : NULL);
    if (status != expect)
        fail_msg("%s: %d %s", uri, status, resp.body.data ? resp.body.data : "");
    return status == 200 ? th_json(th_group_arena, &resp) : NULL;
}

static json_t *row_of(json_t *fig, const char *slug)
{
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(fig, "rows"), i,
                       row) if (strcmp(json_string_value(json_object_get(row, "region")), slug) ==
                                0) return row;
    return NULL;
}

/* A row's value of key (an index into the figure's keys), -1 when absent. */
static long value(json_t *fig, const char *slug, size_t key)
{
    json_t *row = row_of(fig, slug);
    json_t *v = row ? json_array_get(json_object_get(row, "values"), key) : NULL;
    return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static long state_total(json_t *fig)
{
    return (long)json_integer_value(json_object_get(json_object_get(fig, "state"), "total"));
}

static json_t *fig(json_t *answer, const char *name)
{
    json_t *f = json_object_get(json_object_get(answer, "figures"), name);
    if (!f)
        fail_msg("no figure %s", name);
    assert_string_equal(json_string_value(json_object_get(f, "protection")), "none");
    assert_non_null(json_object_get(json_object_get(answer, "definitions"), name));
    return f;
}

static json_t *find(json_t *list, const char *label)
{
    size_t i;
    json_t *o;
    json_array_foreach(list, i, o) if (strcmp(json_string_value(json_object_get(o, "label")),
                                              label) == 0) return o;
    return NULL;
}

static void the_fai_sees_every_region_contributions_and_adoptions(void **state)
{
    (void)state;
    json_t *answer = get_as(&lead, URI, 200);
    assert_string_equal(json_string_value(json_object_get(answer, "dashboard")), "library");
    assert_string_equal(json_string_value(json_object_get(answer, "scope")), "all_regions");
    json_t *owned = fig(answer, "processes_owned");
    assert_int_equal(value(owned, A, 0), 1);
    assert_int_equal(value(owned, B, 0), 2); /* its own and the adapted one */
    assert_int_equal(value(owned, C, 0), 0); /* never published: does not count */
    json_t *versions = fig(answer, "versions_published");
    assert_int_equal(value(versions, A, 0), 1); /* first */
    assert_int_equal(value(versions, A, 1), 1); /* later */
    assert_int_equal(value(versions, B, 0), 1); /* the adapted one; 2010's is outside */
    assert_int_equal(value(versions, B, 1), 0); /* v2 in review does not count */
    json_t *adoptions = fig(answer, "adoptions");
    assert_int_equal(value(adoptions, B, 0), 1);
    assert_int_equal(value(adoptions, B, 1), 1);
    assert_int_equal(value(adoptions, C, 0), 2);
    assert_int_equal(value(adoptions, A, 0), 1); /* the FAI's; 2010's is outside */
    assert_int_equal(state_total(adoptions), 5);
    json_t *from = fig(answer, "adopted_from");
    assert_int_equal(value(from, A, 0), 2);
    assert_int_equal(value(from, A, 1), 1);
    assert_int_equal(value(from, B, 0), 1);
    assert_int_equal(state_total(from), 4); /* the FAI's is on its own line */
    json_t *fai = fig(answer, "fai");
    json_t *fai_from = find(json_object_get(fai, "rows"), "adopted_from");
    assert_non_null(fai_from);
    assert_int_equal(json_integer_value(json_object_get(fai_from, "total")), 1);

    json_t *network = fig(answer, "network");
    json_t *nodes = json_object_get(network, "nodes"), *edges = json_object_get(network, "edges");
    assert_non_null(find(nodes, "fai"));
    assert_non_null(find(nodes, "region:" A));
    json_t *pa = find(nodes, lt_arena_printf(th_group_arena, "process:dashlib-a-%d", getpid()));
    assert_non_null(pa);
    assert_string_equal(json_string_value(json_object_get(pa, "owner")), "region:" A);
    assert_string_equal(json_string_value(json_object_get(pa, "title")),
                        "Anerkennung beschleunigen");
    json_t *e = find(
        edges, lt_arena_printf(th_group_arena, "adopted:" B ":dashlib-a-%d:1:adapt", getpid()));
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(e, "source")), "region:" A);
    assert_string_equal(json_string_value(json_object_get(e, "target")), "region:" B);
    assert_string_equal(json_string_value(json_object_get(e, "month")), "2011-05");
    e = find(edges, "adopted:" A ":" FAI_P ":1:as_is");
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(e, "source")), "fai");
    assert_non_null(find(edges, lt_arena_printf(th_group_arena, "owns:dashlib-a-%d", getpid())));
    /* no text a region wrote but a published name */
    const char *text = json_dumps(answer, 0);
    assert_null(strstr(text, "own words"));
    assert_null(strstr(text, "Noch in Arbeit"));
    free((void *)text);

    /* a subset: only its rows, and the network's edges touching it */
    answer = get_as(&lead, URI "&regions=" C, 200);
    assert_int_equal(json_array_size(json_object_get(fig(answer, "adoptions"), "rows")), 1);
    edges = json_object_get(fig(answer, "network"), "edges");
    size_t i;
    json_array_foreach(edges, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "kind")), "adopted") == 0)
            assert_string_equal(json_string_value(json_object_get(e, "target")), "region:" C);
    }
    assert_int_equal(state_total(fig(answer, "adoptions")), 5);
}

static void a_member_sees_their_region_and_the_state(void **state)
{
    (void)state;
    json_t *answer = get_as(&coord_a, URI, 200);
    assert_string_equal(json_string_value(json_object_get(answer, "scope")), "own_regions");
    json_t *adoptions = fig(answer, "adoptions");
    assert_int_equal(json_array_size(json_object_get(adoptions, "rows")), 1);
    assert_int_equal(value(adoptions, A, 0), 1);
    assert_int_equal(value(adoptions, B, 0), -1);
    assert_int_equal(state_total(adoptions), 5);
    assert_int_equal(value(fig(answer, "adopted_from"), A, 1), 1);
    /* every edge touches the member's region */
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fig(answer, "network"), "edges"), i, e)
    {
        const char *s = json_string_value(json_object_get(e, "source"));
        const char *t = json_string_value(json_object_get(e, "target"));
        if (strcmp(json_string_value(json_object_get(e, "kind")), "adopted") == 0)
            assert_true(strcmp(s, "region:" A) == 0 || strcmp(t, "region:" A) == 0);
    }
    /* another region's figures: refused, carrying none */
    lt_resp resp;
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", URI "&regions=" B,
                                   NULL, coord_a.token, coord_a.csrf),
                     403);
    assert_null(strstr(resp.body.data, "adoptions"));
}

static void bad_requests_are_refused(void **state)
{
    (void)state;
    get_as(NULL, URI, 401);
    get_as(&esf, URI, 403);
    get_as(&lead, "/api/v1/dashboards/library?from=2011-12-01&to=2011-01-01", 400);
    get_as(&lead, "/api/v1/dashboards/library?from=1911-01-01&to=2011-01-01", 400);
    get_as(&lead, URI "&regions=atlantis", 400);
    get_as(&lead, URI "&format=xml", 400);
}

static void csv_carries_the_figures_and_the_network(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", URI "&format=csv",
                                   NULL, lead.token, lead.csrf),
                     200);
    const char *body = resp.body.data;
    assert_non_null(strstr(body, "figure,scope,region,row,key,value"));
    assert_non_null(strstr(body, "adoptions,region," C ",,as_is,2\r\n"));
    assert_non_null(strstr(body, "network,edges,,adopted:" A ":" FAI_P ":1:as_is,source,fai\r\n"));
    assert_non_null(strstr(body, "network,nodes," A ",region:" A ",kind,region\r\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_fai_sees_every_region_contributions_and_adoptions),
        cmocka_unit_test(a_member_sees_their_region_and_the_state),
        cmocka_unit_test(bad_requests_are_refused),
        cmocka_unit_test(csv_carries_the_figures_and_the_network),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
