/*
 * test_companies.c - the companies a region's inquiries come from: create, read,
 * change with If-Match, search, delete (keeping the size class and sector on the
 * inquiries that named the company), bad input refused naming the field with
 * nothing stored, and who may see a company at all.
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

#define REGION    "duesseldorf-mettmann"
#define OTHER     "bergisches-staedtedreieck"
#define COMPANIES "/api/v1/regions/" REGION "/companies"
#define INQUIRIES "/api/v1/regions/" REGION "/inquiries"

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} caller;

static PGconn *owner;
static caller coord, viewer, other, staff;

static int call_as(const caller *c, lt_resp *resp, const char *method, const char *uri,
                   const char *body, const char *if_match, const char *key)
{
    return th_request_signed(th_group_app, th_group_arena, resp, method, uri, body, c->token,
                             c->csrf, if_match, key);
}

static int call(lt_resp *resp, const char *method, const char *uri, const char *body,
                const char *if_match)
{
    return call_as(&coord, resp, method, uri, body, if_match, NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static const char *first_field(const lt_resp *resp)
{
    return str(json_array_get(json_object_get(json_of(resp), "errors"), 0), "field");
}

static int companies(void)
{
    return atoi(th_scalar(owner, "SELECT count(*) FROM lotse.companies"));
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    /* audit_log's RLS binds the owner too: read it as an administrator */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    th_sign_in(owner, "co-coord", NULL, REGION, "coordinator", coord.token, coord.csrf, NULL);
    th_sign_in(owner, "co-viewer", NULL, REGION, "region_viewer", viewer.token, viewer.csrf, NULL);
    th_sign_in(owner, "co-other", NULL, OTHER, "coordinator", other.token, other.csrf, NULL);
    th_sign_in(owner, "co-staff", "fai_staff", NULL, NULL, staff.token, staff.csrf, NULL);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void creates_reads_changes_and_finds_a_company(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", COMPANIES,
                          "{\"name\": \"Rheinische Werkzeug KG\", \"location\": \"Mettmann\","
                          " \"size_class\": \"small\", \"sector\": \"C\"}",
                          NULL),
                     201);
    json_t *c = json_of(&resp);
    const char *id = lt_arena_strdup(th_group_arena, str(c, "id"));
    assert_int_equal(json_integer_value(json_object_get(c, "inquiries")), 0);
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    const char *uri = lt_arena_printf(th_group_arena, COMPANIES "/%s", id);

    assert_int_equal(call_as(&viewer, &resp, "GET", uri, NULL, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "location"), "Mettmann");
    assert_int_equal(
        call_as(&viewer, &resp, "PATCH", uri, "{\"size_class\": \"medium\"}", "\"1\"", NULL), 403);

    assert_int_equal(call(&resp, "PATCH", uri, "{\"size_class\": \"medium\"}", "\"1\""), 200);
    assert_string_equal(str(json_of(&resp), "size_class"), "medium");
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");
    assert_int_equal(call(&resp, "PATCH", uri, "{\"sector\": \"G\"}", "\"1\""), 412);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"sector\": \"G\"}", NULL), 428);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "sector"), "C");

    /* found by a part of its name, any case; filtered by class and section */
    assert_int_equal(call(&resp, "GET", COMPANIES "?q=WERKZEUG", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 1);
    assert_int_equal(call(&resp, "GET", COMPANIES "?q=werkzeug&size_class=large", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 0);
    assert_int_equal(call(&resp, "GET", COMPANIES "?q=werkzeug&sector=C", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 1);
    assert_int_equal(call(&resp, "GET", COMPANIES "?q=werkzeug&format=csv", NULL, NULL), 200);
    assert_non_null(strstr(resp.body.data, "name,location,size_class,sector,inquiries,updated_at"
                                           "\r\nRheinische Werkzeug KG,Mettmann,medium,C,0,"));
    assert_int_equal(call(&resp, "GET", COMPANIES "?sector=V", NULL, NULL), 400);
    assert_string_equal(first_field(&resp), "sector");
    assert_int_equal(call(&resp, "GET", COMPANIES "?size_class=sme", NULL, NULL), 400);
    assert_string_equal(first_field(&resp), "size_class");
}

static void refuses_bad_companies_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
    struct {
        const char *body, *field;
    } bad[] = {
        {"{\"name\": \"X\", \"sector\": \"V\"}", "sector"},
        {"{\"name\": \"X\", \"sector\": \"CC\"}", "sector"},
        {"{\"name\": \"X\", \"size_class\": \"sme\"}", "size_class"},
        {"{\"location\": \"Hilden\"}", "name"},
        {"{\"name\": \"\"}", "name"},
        {"{\"name\": \"X\", \"region_id\": 3}", "region_id"},
        {"{\"name\": \"X\", \"inquiries\": 4}", "inquiries"},
    };
    int before = companies();
    lt_resp resp;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "POST", COMPANIES, bad[i].body, NULL), 400);
        assert_string_equal(first_field(&resp), bad[i].field);
    }
    /* a 100 KB name */
    size_t big = 100 * 1024;
    char *body = lt_arena_alloc(th_group_arena, big + 32);
    strcpy(body, "{\"name\": \"");
    memset(body + 10, 'N', big);
    strcpy(body + 10 + big, "\"}");
    assert_int_equal(call(&resp, "POST", COMPANIES, body, NULL), 400);
    assert_string_equal(first_field(&resp), "name");
    /* a reused Idempotency-Key with another body */
    const char *key = lt_arena_printf(th_group_arena, "company-%d", (int)getpid());
    assert_int_equal(
        call_as(&coord, &resp, "POST", COMPANIES, "{\"name\": \"Einmal GmbH\"}", NULL, key), 201);
    assert_int_equal(
        call_as(&coord, &resp, "POST", COMPANIES, "{\"name\": \"Zweimal GmbH\"}", NULL, key), 422);
    assert_int_equal(companies(), before + 1);
}

static void deleting_a_company_keeps_its_figures_on_the_inquiries(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", COMPANIES,
                          "{\"name\": \"Klinik am See\", \"size_class\": \"large\","
                          " \"sector\": \"Q\"}",
                          NULL),
                     201);
    const char *id = lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
    const char *body = lt_arena_printf(
        th_group_arena,
        "{\"received_on\": \"2026-01-05\", \"channel\": \"meeting\", \"company_id\":"
        " \"%s\"}",
        id);
    assert_int_equal(call(&resp, "POST", INQUIRIES, body, NULL), 201);
    const char *inquiry = lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
    const char *uri = lt_arena_printf(th_group_arena, COMPANIES "/%s", id);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "inquiries")), 1);

    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    const char *inquiry_uri = lt_arena_printf(th_group_arena, INQUIRIES "/%s", inquiry);
    assert_int_equal(call(&resp, "GET", inquiry_uri, NULL, NULL), 200);
    json_t *q = json_of(&resp);
    assert_true(json_is_null(json_object_get(q, "company_id")));
    assert_string_equal(str(q, "size_class"), "large");
    assert_string_equal(str(q, "sector"), "Q");
    /* the inquiry changed, so its version moved */
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");
    /* the change to the inquiry is audited beside the deletion */
    assert_string_equal(
        th_scalar(owner, lt_arena_printf(th_group_arena,
                                         "SELECT count(*) FROM lotse.audit_log WHERE action ="
                                         " 'inquiry_updated' AND entity_id = '%s'",
                                         inquiry)),
        "1");
    assert_string_equal(
        th_scalar(owner, lt_arena_printf(th_group_arena,
                                         "SELECT count(*) FROM lotse.audit_log WHERE action ="
                                         " 'company_deleted' AND entity_id = '%s'",
                                         id)),
        "1");
    /* the name is gone from the database, not only from the answers */
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.companies"
                                         " WHERE name = 'Klinik am See'"),
                        "0");
}

static void only_the_region_sees_its_companies(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", COMPANIES, "{\"name\": \"Vertraulich AG\"}", NULL), 201);
    const char *uri = lt_arena_printf(th_group_arena, COMPANIES "/%s", str(json_of(&resp), "id"));
    const caller *outsiders[] = {&other, &staff};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(call_as(outsiders[i], &resp, "GET", uri, NULL, NULL, NULL), 404);
        assert_int_equal(call_as(outsiders[i], &resp, "GET", COMPANIES, NULL, NULL, NULL), 404);
        assert_null(strstr(resp.body.data, "Vertraulich"));
        assert_int_equal(
            call_as(outsiders[i], &resp, "PATCH", uri, "{\"name\": \"X\"}", "\"1\"", NULL), 404);
        assert_int_equal(call_as(outsiders[i], &resp, "DELETE", uri, NULL, NULL, NULL), 404);
    }
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "name"), "Vertraulich AG");
    /* the id under the other region's path */
    assert_int_equal(
        call_as(&other, &resp, "GET",
                lt_arena_printf(th_group_arena, "/api/v1/regions/" OTHER "/companies/%s",
                                str(json_of(&resp), "id")),
                NULL, NULL, NULL),
        404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(creates_reads_changes_and_finds_a_company),
        cmocka_unit_test(refuses_bad_companies_naming_the_field_and_stores_nothing),
        cmocka_unit_test(deleting_a_company_keeps_its_figures_on_the_inquiries),
        cmocka_unit_test(only_the_region_sees_its_companies),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
