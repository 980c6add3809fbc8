/*
 * test_demo_library.c - the process library's demo records (src/demo/
 * library.c, process_records.c, library_rows.c) without a database: every
 * record passes the format's own check (lt_process_check) and makes a BPMN
 * document valid against the OMG schema; the lifecycle dates agree with the
 * status; adoptions name published versions of other regions' processes and
 * the FAI's, and an adaptation is a draft of the adopter's that says where it
 * came from; feedback and review entries fall where the product allows them;
 * and the number of processes grows far slower than the scale.
 */
#include "demo_fixture.h"
#include "lotse/bpmn.h"
#include "lotse/library.h"
#include "process_fixtures.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

/* A COPY text field as the text it stands for. */
static char *unescape(const char *field)
{
    char *out = malloc(strlen(field) + 1), *o = out;
    assert_non_null(out);
    for (const char *p = field; *p; p++) {
        if (*p != '\\') {
            *o++ = *p;
            continue;
        }
        p++;
        *o++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p == 'r' ? '\r' : *p;
    }
    *o = '\0';
    return out;
}

static json_t *record_at(const table *t, long row)
{
    char *text = unescape(at(t, row, 3));
    json_error_t e;
    json_t *rec = json_loads(text, JSON_REJECT_DUPLICATES, &e);
    if (!rec)
        fail_msg("row %ld: %s", row, e.text);
    free(text);
    return rec;
}

static const char *member(json_t *rec, const char *name)
{
    return json_string_value(json_object_get(rec, name));
}

/* "2026-03-02T10:15:00Z" as the row writes it: "2026-03-02 10:15:00+00". */
static void as_row_time(const char *utc, char *out, size_t cap)
{
    snprintf(out, cap, "%.10s %.8s+00", utc, utc + 11);
}

static bool is_null(const char *field)
{
    return strcmp(field, "\\N") == 0;
}

static const char *slug_of(const char *region_id)
{
    return regions[atoi(region_id) - 10].slug;
}

/* The row of (key, version) in the versions table, or -1. */
static long version_row(const table *v, const char *key, const char *version)
{
    for (long r = 0; r < v->rows; r++)
        if (strcmp(at(v, r, 1), key) == 0 && strcmp(at(v, r, 2), version) == 0)
            return r;
    return -1;
}

static void check_records(uint64_t seed, double scale)
{
    lt_demo *d = create(seed, scale);
    table v;
    take(d, LT_DEMO_PROCESS_VERSIONS, &v);
    assert_true(v.rows >= 3);
    lt_arena *a = lt_arena_create(1u << 16);
    long published = 0, second = 0, drafts = 0, in_review = 0, adapted = 0;
    for (long r = 0; r < v.rows; r++) {
        json_t *rec = record_at(&v, r), *errors = NULL;
        size_t n = lt_process_check(a, rec, &errors);
        if (n) {
            char *e = json_dumps(errors, JSON_INDENT(1));
            fail_msg("%s version %s: %zu errors: %s", at(&v, r, 1), at(&v, r, 2), n, e);
        }
        const char *key = at(&v, r, 1), *status = member(rec, "status");
        assert_string_equal(member(rec, "key"), key);
        assert_int_equal(json_integer_value(json_object_get(rec, "version")), atoi(at(&v, r, 2)));
        assert_true(strncmp(key, "demo-", 5) == 0 && lt_process_key_ok(key));
        assert_int_equal(version_row(&v, key, at(&v, r, 2)), r); /* once */
        assert_true(lt_demo_id_is_demo(at(&v, r, 4)));
        json_t *owner = json_object_get(rec, "owner");
        assert_string_equal(member(owner, "kind"), "region");
        assert_string_equal(member(owner, "region"), slug_of(at(&v, r, 0)));

        /* the dates of the lifecycle, in order, and the status they lead to */
        const char *created = at(&v, r, 5), *submitted = at(&v, r, 6), *approved = at(&v, r, 7),
                   *deactivated = at(&v, r, 8), *updated = at(&v, r, 9);
        char pub[32] = "";
        if (json_is_string(json_object_get(rec, "published_at")))
            as_row_time(member(rec, "published_at"), pub, sizeof pub);
        assert_true(strcmp(updated, created) >= 0 &&
                    strcmp(updated, "2026-09-30 00:00:00+00") <= 0);
        if (strcmp(status, "draft") != 0) /* a draft may have been returned */
            assert_false(is_null(submitted));
        if (!is_null(submitted))
            assert_true(strcmp(submitted, created) > 0 && strcmp(submitted, updated) <= 0);
        assert_int_equal(!is_null(approved),
                         strcmp(status, "approved") == 0 || strcmp(status, "inactive") == 0);
        if (!is_null(approved))
            assert_true(strcmp(approved, submitted) > 0);
        if (strcmp(status, "inactive") == 0)
            assert_true(pub[0] != '\0');
        if (pub[0])
            assert_true(!is_null(approved) && strcmp(pub, approved) > 0 &&
                        strcmp(pub, updated) <= 0);
        assert_int_equal(!is_null(deactivated), strcmp(status, "inactive") == 0);
        if (!is_null(deactivated))
            assert_true(strcmp(deactivated, pub) > 0);
        published += pub[0] != '\0';
        drafts += strcmp(status, "draft") == 0;
        in_review += strcmp(status, "in_progress") == 0;

        json_t *steps = json_object_get(rec, "steps");
        if (json_is_null(json_object_get(rec, "adapted_from"))) {
            /* a region's own: ten steps and more that branch and join */
            assert_true(json_array_size(steps) >= 10);
            size_t i, joins = 0, named[LT_PROCESS_MAX_STEPS] = {0};
            json_t *s;
            json_array_foreach(steps, i, s)
            {
                json_t *preds = json_object_get(s, "predecessors");
                joins += json_array_size(preds) >= 2;
                for (size_t k = 0; k < json_array_size(preds); k++)
                    for (size_t m = 0; m < i; m++)
                        named[m] += strcmp(json_string_value(json_array_get(preds, k)),
                                           member(json_array_get(steps, m), "id")) == 0;
            }
            size_t forks = 0;
            for (size_t m = 0; m < json_array_size(steps); m++)
                forks += named[m] >= 2;
            assert_true(joins >= 1 && forks >= 1);
        } else {
            adapted++;
            assert_string_equal(at(&v, r, 2), "1");
            assert_string_equal(member(rec, "level"), "local");
        }
        if (strcmp(at(&v, r, 2), "2") == 0) { /* after version 1 was published */
            second++;
            long first = version_row(&v, key, "1");
            assert_true(first >= 0);
            json_t *one = record_at(&v, first);
            assert_true(json_is_string(json_object_get(one, "published_at")));
            char one_pub[32];
            as_row_time(member(one, "published_at"), one_pub, sizeof one_pub);
            assert_true(strcmp(created, one_pub) > 0);
            assert_string_equal(member(one, "status"), "approved"); /* not inactive */
            json_decref(one);
        }
        json_decref(rec);
    }
    assert_true(published > 0 && drafts > 0);
    if (scale >= 30)
        assert_true(second > 0 && in_review > 0 && adapted > 0);
    lt_arena_destroy(a);
    drop(&v);
    lt_demo_destroy(d);
}

static void every_record_passes_the_format_check(void **state)
{
    (void)state;
    check_records(1, 0.05);
    check_records(2, 1);
    check_records(3, 30);
}

static void the_largest_record_makes_valid_bpmn(void **state)
{
    (void)state;
    lt_demo *d = create(4, 1);
    table v;
    take(d, LT_DEMO_PROCESS_VERSIONS, &v);
    json_t *largest = NULL;
    for (long r = 0; r < v.rows; r++) {
        json_t *rec = record_at(&v, r);
        if (!largest || json_array_size(json_object_get(rec, "steps")) >
                            json_array_size(json_object_get(largest, "steps"))) {
            json_decref(largest);
            largest = rec;
        } else {
            json_decref(rec);
        }
    }
    lt_arena *a = lt_arena_create(1u << 16);
    lt_process p;
    json_t *errors = NULL;
    assert_int_equal(lt_process_parse(a, largest, &p, &errors), 0);
    lt_buf xml;
    lt_buf_init(&xml, a);
    assert_int_equal(lt_bpmn_write(a, &p, &xml), 0);
    char task[64];
    snprintf(task, sizeof task, "id=\"Task_%s\"", p.steps[p.nsteps - 1].id);
    assert_non_null(strstr(xml.data, task));

    char path[1024];
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewParserCtxt(test_data_path(path, sizeof path, "bpmn/BPMN20.xsd"));
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlDocPtr doc = xmlReadMemory(xml.data, (int)xml.len, "process.bpmn", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    xmlCleanupParser();
    json_decref(largest);
    lt_arena_destroy(a);
    drop(&v);
    lt_demo_destroy(d);
}

/* The published_at of (key, version) in the row format, from the versions or
 * the FAI's record; "" when that version is not published. */
static void published_at(const table *v, const char *key, const char *version, char *out,
                         size_t cap)
{
    json_t *rec;
    long r = version_row(v, key, version);
    if (r >= 0) {
        rec = record_at(v, r);
    } else {
        assert_string_equal(key, "fachkraft-fai");
        assert_string_equal(version, "1");
        rec = json_loads(fai_record, 0, NULL);
    }
    out[0] = '\0';
    if (json_is_string(json_object_get(rec, "published_at")))
        as_row_time(member(rec, "published_at"), out, cap);
    json_decref(rec);
}

static void adoptions_feedback_and_reviews_fall_where_the_product_allows(void **state)
{
    (void)state;
    lt_demo *d = create(5, 4);
    table v, ad, f, rv;
    take(d, LT_DEMO_PROCESS_VERSIONS, &v);
    take(d, LT_DEMO_PROCESS_ADOPTIONS, &ad);
    take(d, LT_DEMO_PROCESS_FEEDBACK, &f);
    take(d, LT_DEMO_PROCESS_REVIEWS, &rv);
    assert_true(ad.rows > 0 && f.rows > 0 && rv.rows > 0);
    long as_is = 0, adapt = 0, of_fai = 0, per_region[3] = {0}, own[3] = {0};
    for (long r = 0; r < v.rows; r++) {
        json_t *rec = record_at(&v, r);
        own[atoi(at(&v, r, 0)) - 10] +=
            strcmp(at(&v, r, 2), "1") == 0 && json_is_null(json_object_get(rec, "adapted_from"));
        json_decref(rec);
    }
    for (long r = 0; r < ad.rows; r++) {
        const char *region = at(&ad, r, 0), *key = at(&ad, r, 2), *version = at(&ad, r, 3),
                   *mode = at(&ad, r, 4), *made = at(&ad, r, 5), *when = at(&ad, r, 6);
        assert_true(lt_demo_id_is_demo(at(&ad, r, 1)));
        char pub[32];
        published_at(&v, key, version, pub, sizeof pub);
        assert_true(pub[0] && strcmp(when, pub) > 0); /* a published version, later */
        long src = version_row(&v, key, version);
        if (src >= 0) {
            assert_string_not_equal(at(&v, src, 0), region); /* not its own */
            if (!is_null(at(&v, src, 8)))
                assert_true(strcmp(when, at(&v, src, 8)) < 0); /* while active */
        } else {
            of_fai++;
        }
        for (long o = 0; o < r; o++) /* once per region, version and mode */
            assert_false(strcmp(at(&ad, o, 0), region) == 0 && strcmp(at(&ad, o, 2), key) == 0 &&
                         strcmp(at(&ad, o, 3), version) == 0 && strcmp(at(&ad, o, 4), mode) == 0);
        per_region[atoi(region) - 10]++;
        if (strcmp(mode, "as_is") == 0) {
            as_is++;
            assert_true(is_null(made));
            continue;
        }
        adapt++;
        assert_string_equal(mode, "adapt");
        long copy = version_row(&v, made, "1");
        assert_true(copy >= 0);
        assert_string_equal(at(&v, copy, 0), region);
        assert_string_equal(at(&v, copy, 5), when); /* made as it was adopted */
        json_t *rec = record_at(&v, copy), *from = json_object_get(rec, "adapted_from");
        assert_string_equal(member(from, "key"), key);
        assert_int_equal(json_integer_value(json_object_get(from, "version")), atoi(version));
        json_decref(rec);
    }
    assert_true(as_is > 0 && adapt > 0 && of_fai > 0);
    for (int k = 0; k < 3; k++)
        assert_true(per_region[k] > 0 && own[k] > 0);

    for (long r = 0; r < f.rows; r++) {
        const char *region = at(&f, r, 0), *key = at(&f, r, 1), *version = at(&f, r, 2);
        assert_in_range(atoi(at(&f, r, 3)), 1, 5);
        assert_in_range(atoi(at(&f, r, 5)), 1, 2);
        assert_true(strcmp(at(&f, r, 7), at(&f, r, 6)) >= 0);
        assert_true(lt_demo_id_is_demo(at(&f, r, 8)));
        char pub[32];
        published_at(&v, key, version, pub, sizeof pub);
        assert_true(pub[0] && strcmp(at(&f, r, 6), pub) > 0);
        long src = version_row(&v, key, version);
        if (src >= 0) {
            assert_string_not_equal(at(&v, src, 0), region);
            if (!is_null(at(&v, src, 8))) /* given while the version was active */
                assert_true(strcmp(at(&f, r, 7), at(&v, src, 8)) < 0);
        }
        for (long o = 0; o < r; o++)
            assert_false(strcmp(at(&f, o, 0), region) == 0 && strcmp(at(&f, o, 1), key) == 0 &&
                         strcmp(at(&f, o, 2), version) == 0);
    }

    static const char *const kinds[] = {"comment", "returned", "approved", "published",
                                        "deactivated"};
    for (long r = 0; r < rv.rows; r++) {
        assert_true(lt_demo_id_is_demo(at(&rv, r, 0)));
        long k = version_row(&v, at(&rv, r, 1), at(&rv, r, 2));
        assert_true(k >= 0);
        assert_string_equal(at(&rv, r, 3), at(&v, k, 0)); /* the owner's */
        assert_false(is_null(at(&v, k, 6)));              /* submitted */
        assert_true(strcmp(at(&rv, r, 7), at(&v, k, 6)) >= 0);
        bool known = false;
        for (size_t i = 0; i < 5; i++)
            known |= strcmp(at(&rv, r, 4), kinds[i]) == 0;
        assert_true(known);
        if (strcmp(at(&rv, r, 4), "returned") == 0)
            assert_true(strlen(at(&rv, r, 5)) > 0);
        assert_true(strlen(at(&rv, r, 6)) > 0);
        for (long o = 0; o < r; o++)
            assert_string_not_equal(at(&rv, o, 0), at(&rv, r, 0));
    }
    drop(&v);
    drop(&ad);
    drop(&f);
    drop(&rv);
    lt_demo_destroy(d);
}

static long own_processes(uint64_t seed, double scale)
{
    lt_demo *d = create(seed, scale);
    table v;
    take(d, LT_DEMO_PROCESS_VERSIONS, &v);
    long n = 0;
    for (long r = 0; r < v.rows; r++) {
        json_t *rec = record_at(&v, r);
        n += strcmp(at(&v, r, 2), "1") == 0 && json_is_null(json_object_get(rec, "adapted_from"));
        json_decref(rec);
    }
    drop(&v);
    lt_demo_destroy(d);
    return n;
}

static void processes_grow_far_slower_than_the_scale(void **state)
{
    (void)state;
    long tiny = own_processes(6, 0.02), one = own_processes(6, 1), hundred = own_processes(6, 100),
         most = own_processes(6, 1000);
    assert_int_equal(tiny, 3); /* one per region */
    assert_in_range(one, 3, 9);
    assert_in_range(hundred, 8 * one, 10 * one + 3);
    assert_int_equal(most, hundred); /* capped */
}

static void what_a_region_did_itself_is_left_to_it(void **state)
{
    (void)state;
    lt_demo *d = create(7, 4);
    table v, ad, f;
    take(d, LT_DEMO_PROCESS_VERSIONS, &v);
    take(d, LT_DEMO_PROCESS_ADOPTIONS, &ad);
    take(d, LT_DEMO_PROCESS_FEEDBACK, &f);
    long of_fai = 0, rated_fai = 0;
    for (long r = 0; r < ad.rows; r++)
        of_fai += strcmp(at(&ad, r, 2), "fachkraft-fai") == 0;
    for (long r = 0; r < f.rows; r++)
        rated_fai += strcmp(at(&f, r, 1), "fachkraft-fai") == 0;
    assert_true(of_fai > 0 && rated_fai > 0);
    char *key = strdup(at(&v, 0, 1));
    drop(&v);
    drop(&ad);
    drop(&f);
    lt_demo_destroy(d);

    /* every region adopted and rated the FAI's process itself; someone took the key */
    const int all[] = {10, 11, 12};
    lt_demo_library library[] = {{.record = fai_record,
                                  .adopted_by = all,
                                  .n_adopted_by = 3,
                                  .rated_by = all,
                                  .n_rated_by = 3}};
    const char *taken[] = {key};
    lt_demo_params p = {.seed = 7,
                        .scale = 4,
                        .until = day("2026-09-30"),
                        .library = library,
                        .n_library = 1,
                        .taken_keys = taken,
                        .n_taken_keys = 1};
    d = lt_demo_create(&p, regions, 3);
    assert_non_null(d);
    take(d, LT_DEMO_PROCESS_VERSIONS, &v);
    take(d, LT_DEMO_PROCESS_ADOPTIONS, &ad);
    take(d, LT_DEMO_PROCESS_FEEDBACK, &f);
    assert_true(v.rows > 0);
    for (long r = 0; r < v.rows; r++)
        assert_string_not_equal(at(&v, r, 1), key);
    for (long r = 0; r < ad.rows; r++)
        assert_string_not_equal(at(&ad, r, 2), "fachkraft-fai");
    for (long r = 0; r < f.rows; r++)
        assert_string_not_equal(at(&f, r, 1), "fachkraft-fai");
    free(key);
    drop(&v);
    drop(&ad);
    drop(&f);
    lt_demo_destroy(d);
}

int main(void)
{
    make_regions();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_record_passes_the_format_check),
        cmocka_unit_test(the_largest_record_makes_valid_bpmn),
        cmocka_unit_test(adoptions_feedback_and_reviews_fall_where_the_product_allows),
        cmocka_unit_test(processes_grow_far_slower_than_the_scale),
        cmocka_unit_test(what_a_region_did_itself_is_left_to_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
