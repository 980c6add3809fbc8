/*
 * test_agreement.c - the region's agreement: signatures by the three parties,
 * amendments proposed, agreed and signed in writing, the history of every
 * section version, termination in writing, and the failure paths (written form
 * missing, decisions that do not apply, stale If-Match, another region).
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

#define REGION "maerkische-region"
#define OTHER  "mittlerer-niederrhein"
#define BASE   "/api/v1/regions/" REGION "/agreement"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];             /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE]; /* coordinator of OTHER */

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "agreement", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "agreement-other", NULL, OTHER, "coordinator", other_token, other_csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

/* A request as the coordinator of REGION (or of OTHER), with If-Match when not NULL. */
static int call_as(bool other, lt_resp *resp, const char *method, const char *uri, const char *body,
                   const char *if_match)
{
    lt_pair headers[3] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", other ? other_token : token)},
        {"x-csrf-token", other ? other_csrf : csrf},
        {"if-match", if_match},
    };
    return th_request_h(th_group_app, th_group_arena, resp, method, uri,
                        body ? "application/json" : NULL, body, headers, if_match ? 3 : 2);
}

static int call(lt_resp *resp, const char *method, const char *uri, const char *body,
                const char *if_match)
{
    return call_as(false, resp, method, uri, body, if_match);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static const char *etag(const lt_resp *resp)
{
    return lt_arena_strdup(th_group_arena, th_header(resp, "ETag"));
}

/* The effective text of a section of REGION's agreement. */
static const char *effective_text(const char *section)
{
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE, NULL, NULL), 200);
    json_t *s = json_object_get(json_object_get(json_of(&resp), "sections"), section);
    return lt_arena_strdup(th_group_arena, str(s, "text"));
}

/* Every field named in a 400's errors[] must be among the expected ones, and each of them there. */
static void assert_fields(const lt_resp *resp, const char *const *fields, size_t n)
{
    json_t *errors = json_object_get(json_of(resp), "errors");
    assert_int_equal(json_array_size(errors), n);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t k = 0; k < json_array_size(errors); k++)
            found |= strcmp(str(json_array_get(errors, k), "field"), fields[i]) == 0;
        assert_true(found);
    }
}

/* Proposes an amendment of section; returns its id. */
static const char *propose(const char *section, const char *text)
{
    lt_resp resp;
    char body[512];
    snprintf(body, sizeof body,
             "{\"section\": \"%s\", \"proposed_text\": \"%s\", \"reason\": \"Beiratsbeschluss\"}",
             section, text);
    assert_int_equal(call(&resp, "POST", BASE "/amendments", body, NULL), 201);
    json_t *m = json_of(&resp);
    assert_string_equal(str(m, "status"), "proposed");
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    return lt_arena_strdup(th_group_arena, str(m, "id"));
}

static int decide(const char *id, const char *body, const char *if_match, lt_resp *resp)
{
    char uri[256];
    snprintf(uri, sizeof uri, BASE "/amendments/%s/decision", id);
    return call(resp, "POST", uri, body, if_match);
}

static void every_region_starts_with_a_draft_agreement_of_six_sections(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE, NULL, NULL), 200);
    json_t *a = json_of(&resp);
    assert_string_equal(str(a, "term_end"), "2027-09-30");
    assert_int_equal(json_object_size(json_object_get(a, "sections")), 6);
    assert_true(json_is_null(json_object_get(a, "termination")));
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.agreements"
                                         " WHERE term_end = '2027-09-30'"),
                        "16");
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.agreement_sections"), "96");
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.agreement_sections c"
                                         " JOIN lotse.regions r ON r.id = c.region_id"
                                         " WHERE r.slug = 'mittleres-ruhrgebiet'"
                                         "  AND c.text LIKE '%Schriftform%'"),
                        "1");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', '', false)");
}

static void is_signed_when_all_three_parties_have_signed(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE, NULL, NULL), 200);
    const char *v = etag(&resp);
    static const struct {
        const char *party, *body;
    } signatures[] = {
        {"mags", "{\"signatory_name\": \"Matthias Heidmeier\", \"signatory_function\":"
                 " \"Staatssekretär\", \"signed_on\": \"2025-10-15\"}"},
        {"region", "{\"signatory_name\": \"Tobias Schmidt\", \"signatory_function\":"
                   " \"Vorsitzender des Beirates\", \"signed_on\": \"2025-10-28\"}"},
        {"fai", "{\"signatory_name\": \"Almut Schmitz\", \"signatory_function\":"
                " \"Leitung FAI NRW\", \"signed_on\": \"2025-10-30\"}"},
    };
    for (size_t i = 0; i < 3; i++) {
        char uri[128];
        snprintf(uri, sizeof uri, BASE "/signatures/%s", signatures[i].party);
        assert_int_equal(call(&resp, "PUT", uri, signatures[i].body, v), 200);
        assert_string_equal(str(json_of(&resp), "status"), i < 2 ? "draft" : "signed");
        v = etag(&resp);
        /* the old version no longer signs */
        if (i == 0) {
            assert_int_equal(call(&resp, "PUT", uri, signatures[i].body, "\"1\""), 412);
            assert_int_equal(call(&resp, "PUT", uri, signatures[i].body, NULL), 428);
        }
    }
    json_t *sigs = json_object_get(json_of(&resp), "signatures");
    assert_int_equal(json_array_size(sigs), 3);
    assert_string_equal(str(json_array_get(sigs, 1), "signed_on"), "2025-10-28");
    /* a party that is none, and a signature missing its date */
    assert_int_equal(call(&resp, "PUT", BASE "/signatures/ihk", signatures[0].body, v), 404);
    assert_int_equal(call(&resp, "PUT", BASE "/signatures/fai",
                          "{\"signatory_name\": \"A\", \"signatory_function\": \"B\"}", v),
                     400);
    const char *date[] = {"signed_on"};
    assert_fields(&resp, date, 1);
}

static void an_amendment_takes_effect_only_when_signed_in_writing(void **state)
{
    (void)state;
    lt_resp resp;
    const char *before = effective_text("finances");
    const char *id = propose("finances", "Kosten gemeinsamer Veranstaltungen je zur Hälfte.");
    /* proposed: the text is unchanged */
    assert_string_equal(effective_text("finances"), before);

    assert_int_equal(decide(id, "{\"decision\": \"agree\"}", "\"1\"", &resp), 200);
    assert_string_equal(str(json_of(&resp), "status"), "agreed");
    assert_non_null(str(json_of(&resp), "agreed_on"));
    assert_string_equal(effective_text("finances"), before);

    /* signing without the written form names both fields and changes nothing */
    assert_int_equal(decide(id, "{\"decision\": \"sign_in_writing\"}", "\"2\"", &resp), 400);
    const char *both[] = {"document_ref", "signed_on"};
    assert_fields(&resp, both, 2);
    assert_int_equal(decide(id,
                            "{\"decision\": \"sign_in_writing\", \"document_ref\": \"Az. 7/2026\"}",
                            "\"2\"", &resp),
                     400);
    assert_fields(&resp, both + 1, 1);
    char uri[256];
    snprintf(uri, sizeof uri, BASE "/amendments/%s", id);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "status"), "agreed");
    assert_string_equal(effective_text("finances"), before);

    const char *signing = "{\"decision\": \"sign_in_writing\", \"document_ref\": \"Az. 7/2026\","
                          " \"signed_on\": \"2026-02-01\"}";
    assert_int_equal(decide(id, signing, "\"1\"", &resp), 412); /* stale */
    assert_int_equal(decide(id, signing, NULL, &resp), 428);
    assert_int_equal(decide(id, signing, "\"2\"", &resp), 200);
    assert_string_equal(str(json_of(&resp), "status"), "signed_in_writing");
    assert_string_equal(effective_text("finances"),
                        "Kosten gemeinsamer Veranstaltungen je zur Hälfte.");

    /* the old text stays in the history, the new one names its amendment */
    assert_int_equal(call(&resp, "GET", BASE "/history", NULL, NULL), 200);
    json_t *items = json_object_get(json_of(&resp), "items");
    size_t versions = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *v = json_array_get(items, i);
        if (strcmp(str(v, "section"), "finances") != 0)
            continue;
        versions++;
        json_t *by = json_object_get(v, "amendment");
        if (json_integer_value(json_object_get(v, "version_no")) == 1) {
            assert_string_equal(str(v, "text"), before);
            assert_true(json_is_null(by));
        } else {
            assert_string_equal(str(by, "id"), id);
            assert_string_equal(str(by, "document_ref"), "Az. 7/2026");
        }
    }
    assert_int_equal(versions, 2);

    /* each decision left its audit entry */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    const char *key[] = {id};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT string_agg(action, ',' ORDER BY at) FROM lotse.audit_log"
                                 " WHERE entity = 'amendment' AND entity_id = $1",
                                 1, key),
                        "amendment_proposed,amendment_agreed,amendment_signed_in_writing");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");

    /* a signed amendment is not rejected, and the answer names its status */
    assert_int_equal(decide(id, "{\"decision\": \"reject\"}", "\"3\"", &resp), 409);
    assert_string_equal(str(json_of(&resp), "current_status"), "signed_in_writing");
    assert_int_equal(call(&resp, "GET", BASE "/amendments", NULL, NULL), 200);
    assert_true(json_array_size(json_object_get(json_of(&resp), "items")) >= 1);
}

static void rejects_decisions_that_do_not_apply(void **state)
{
    (void)state;
    lt_resp resp;
    const char *id = propose("goals", "Neue Ziele");
    /* a proposed amendment is not signed before it is agreed */
    assert_int_equal(decide(id,
                            "{\"decision\": \"sign_in_writing\", \"document_ref\": \"X\","
                            " \"signed_on\": \"2026-01-01\"}",
                            "\"1\"", &resp),
                     409);
    assert_string_equal(str(json_of(&resp), "current_status"), "proposed");
    assert_int_equal(decide(id, "{\"decision\": \"reject\"}", "\"1\"", &resp), 200);
    assert_int_equal(decide(id, "{\"decision\": \"agree\"}", "\"2\"", &resp), 409);
    assert_int_equal(decide(id, "{\"decision\": \"approve\"}", "\"2\"", &resp), 400);
    assert_int_equal(
        decide(id, "{\"decision\": \"reject\", \"document_ref\": \"X\"}", "\"2\"", &resp), 400);
    const char *ref[] = {"document_ref"};
    assert_fields(&resp, ref, 1);
    assert_int_equal(decide("not-a-uuid", "{\"decision\": \"agree\"}", "\"1\"", &resp), 404);
}

static void refuses_invalid_amendments_naming_the_field(void **state)
{
    (void)state;
    lt_resp resp;
    const char *section[] = {"section"};
    assert_int_equal(
        call(&resp, "POST", BASE "/amendments",
             "{\"section\": \"preamble\", \"proposed_text\": \"x\", \"reason\": \"y\"}", NULL),
        400);
    assert_fields(&resp, section, 1);
    const char *missing[] = {"proposed_text", "reason"};
    assert_int_equal(call(&resp, "POST", BASE "/amendments", "{\"section\": \"goals\"}", NULL),
                     400);
    assert_fields(&resp, missing, 2);
    /* a 100 KB text is longer than any section */
    size_t n = 100 * 1024;
    char *big = lt_arena_alloc(th_group_arena, n + 128);
    int len =
        snprintf(big, 128, "{\"section\": \"goals\", \"reason\": \"r\", \"proposed_text\": \"");
    memset(big + len, 'x', n);
    strcpy(big + len + n, "\"}");
    assert_int_equal(call(&resp, "POST", BASE "/amendments", big, NULL), 400);
    const char *text[] = {"proposed_text"};
    assert_fields(&resp, text, 1);
}

static void another_regions_agreement_and_amendments_stay_out_of_reach(void **state)
{
    (void)state;
    lt_resp resp;
    const char *id = propose("cooperation", "Abgestimmte Kommunikation über die IHK.");
    char uri[256];
    snprintf(uri, sizeof uri, BASE "/amendments/%s", id);
    assert_int_equal(call_as(true, &resp, "GET", uri, NULL, NULL), 404);
    snprintf(uri, sizeof uri, BASE "/amendments/%s/decision", id);
    assert_int_equal(call_as(true, &resp, "POST", uri, "{\"decision\": \"agree\"}", "\"1\""), 404);
    assert_int_equal(call_as(true, &resp, "GET", BASE, NULL, NULL), 404);
    /* the other region's own route does not reach this amendment either */
    snprintf(uri, sizeof uri, "/api/v1/regions/" OTHER "/agreement/amendments/%s/decision", id);
    assert_int_equal(call_as(true, &resp, "POST", uri, "{\"decision\": \"agree\"}", "\"1\""), 404);
    snprintf(uri, sizeof uri, BASE "/amendments/%s", id);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "status"), "proposed");
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
}

/* A proposal sent twice with one Idempotency-Key makes one amendment; the key with
 * another body is refused. */
static void a_retried_proposal_makes_one_amendment_and_a_reused_key_is_refused(void **state)
{
    (void)state;
    const char *key = lt_arena_printf(th_group_arena, "amend-%d", (int)getpid());
    const char *bodies[] = {
        "{\"section\": \"data_protection\", \"proposed_text\": \"DSGVO\", \"reason\": \"r\"}",
        "{\"section\": \"data_protection\", \"proposed_text\": \"DSGVO\", \"reason\": \"r\"}",
        "{\"section\": \"data_protection\", \"proposed_text\": \"anders\", \"reason\": \"r\"}",
    };
    int expect[] = {201, 201, 422};
    const char *ids[2] = {NULL, NULL};
    for (size_t i = 0; i < 3; i++) {
        lt_resp resp;
        lt_pair headers[3] = {
            {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", token)},
            {"x-csrf-token", csrf},
            {"idempotency-key", key},
        };
        assert_int_equal(th_request_h(th_group_app, th_group_arena, &resp, "POST",
                                      BASE "/amendments", "application/json", bodies[i], headers,
                                      3),
                         expect[i]);
        if (i < 2)
            ids[i] = lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
    }
    assert_string_equal(ids[0], ids[1]);
}

/* Runs last: the agreement ends in writing, and nothing more is signed or amended. */
static void is_terminated_only_in_writing(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", BASE, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "status"), "signed");
    const char *v = etag(&resp);
    assert_int_equal(call(&resp, "PUT", BASE "/termination", "{}", v), 400);
    const char *both[] = {"document_ref", "signed_on"};
    assert_fields(&resp, both, 2);
    assert_int_equal(call(&resp, "PUT", BASE "/termination", "{\"document_ref\": \"K-1\"}", v),
                     400);
    assert_fields(&resp, both + 1, 1);
    assert_int_equal(call(&resp, "GET", BASE, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "status"), "signed");

    const char *written = "{\"document_ref\": \"Kündigung K-1\", \"signed_on\": \"2026-06-30\"}";
    assert_int_equal(call(&resp, "PUT", BASE "/termination", written, "\"1\""), 412);
    assert_int_equal(call(&resp, "PUT", BASE "/termination", written, v), 200);
    json_t *a = json_of(&resp);
    assert_string_equal(str(a, "status"), "terminated");
    assert_string_equal(str(json_object_get(a, "termination"), "document_ref"), "Kündigung K-1");
    v = etag(&resp);
    assert_int_equal(call(&resp, "PUT", BASE "/termination", written, v), 409);
    assert_string_equal(str(json_of(&resp), "current_status"), "terminated");
    assert_int_equal(call(&resp, "POST", BASE "/amendments",
                          "{\"section\": \"goals\", \"proposed_text\": \"x\", \"reason\": \"y\"}",
                          NULL),
                     409);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_region_starts_with_a_draft_agreement_of_six_sections),
        cmocka_unit_test(is_signed_when_all_three_parties_have_signed),
        cmocka_unit_test(an_amendment_takes_effect_only_when_signed_in_writing),
        cmocka_unit_test(rejects_decisions_that_do_not_apply),
        cmocka_unit_test(refuses_invalid_amendments_naming_the_field),
        cmocka_unit_test(another_regions_agreement_and_amendments_stay_out_of_reach),
        cmocka_unit_test(a_retried_proposal_makes_one_amendment_and_a_reused_key_is_refused),
        cmocka_unit_test(is_terminated_only_in_writing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
