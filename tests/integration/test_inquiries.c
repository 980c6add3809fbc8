/*
 * test_inquiries.c - employer inquiries (agreement §4): logging one with its
 * company, referral and obstacles, reading, changing with If-Match, deleting;
 * every kind of bad input refused naming its field with nothing stored; FAI
 * staff logging for a region and seeing only what the FAI received; FAI
 * leadership kept out; the list's filters and its CSV export.
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

#define REGION    "westfaelisches-ruhrgebiet"
#define OTHER     "bergisches-staedtedreieck"
#define BASE      "/api/v1/regions/" REGION
#define INQUIRIES BASE "/inquiries"

typedef struct caller {
    char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
} caller;

static PGconn *owner;
static caller coord, viewer, other, staff, lead, lead_coord, both;
static char company_id[TH_UUID_SIZE], other_company_id[TH_UUID_SIZE];
static char offer_id[TH_UUID_SIZE], published_offer_id[TH_UUID_SIZE], other_offer_id[TH_UUID_SIZE];
static char obstacle_id[TH_UUID_SIZE], other_obstacle_id[TH_UUID_SIZE];

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

/* The field the first error of a problem names. */
static const char *first_field(const lt_resp *resp)
{
    return str(json_array_get(json_object_get(json_of(resp), "errors"), 0), "field");
}

/* POSTs body as c to uri, expects 201 and copies the new id into id. */
static void create_as(const caller *c, const char *uri, const char *body, char *id)
{
    lt_resp resp;
    int status = call_as(c, &resp, "POST", uri, body, NULL, NULL);
    if (status != 201)
        fail_msg("POST %s: %d %s", uri, status, resp.body.data);
    snprintf(id, TH_UUID_SIZE, "%s", str(json_of(&resp), "id"));
}

/* Rows of a table in every region, as the owner (it reads every region). */
static int rows(const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM lotse.%s", table);
    return atoi(th_scalar(owner, sql));
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    th_sign_in(owner, "inq-coord", NULL, REGION, "coordinator", coord.token, coord.csrf, NULL);
    th_sign_in(owner, "inq-viewer", NULL, REGION, "region_viewer", viewer.token, viewer.csrf, NULL);
    th_sign_in(owner, "inq-other", NULL, OTHER, "coordinator", other.token, other.csrf, NULL);
    th_sign_in(owner, "inq-staff", "fai_staff", NULL, NULL, staff.token, staff.csrf, NULL);
    th_sign_in(owner, "inq-lead", "fai_lead", NULL, NULL, lead.token, lead.csrf, NULL);
    th_sign_in(owner, "inq-lead-coord", "fai_lead", REGION, "coordinator", lead_coord.token,
               lead_coord.csrf, NULL);
    /* a coordinator of both regions: the composite keys, not the caller's reach, bind */
    char both_id[TH_UUID_SIZE];
    th_sign_in(owner, "inq-both", NULL, REGION, "coordinator", both.token, both.csrf, both_id);
    char sql[256];
    snprintf(sql, sizeof sql,
             "INSERT INTO lotse.memberships (region_id, user_id, role) SELECT id, '%s',"
             " 'coordinator' FROM lotse.regions WHERE slug = '" OTHER "' RETURNING 1",
             both_id);
    th_scalar(owner, sql);

    create_as(&coord, BASE "/companies",
              "{\"name\": \"Stahlbau Hamm GmbH\", \"location\": \"Hamm\", \"size_class\":"
              " \"medium\", \"sector\": \"C\"}",
              company_id);
    create_as(&other, "/api/v1/regions/" OTHER "/companies", "{\"name\": \"Anderswo AG\"}",
              other_company_id);
    create_as(&coord, BASE "/offers",
              "{\"title\": \"Anerkennungsberatung\", \"provider\": \"ihk\","
              " \"url\": \"https://example.org/anerkennung\"}",
              offer_id);
    create_as(&coord, BASE "/offers",
              "{\"title\": \"Welcome Center\", \"provider\": \"welcome_office\","
              " \"url\": \"https://example.org/welcome\"}",
              published_offer_id);
    lt_resp resp;
    assert_int_equal(
        call(&resp, "PUT",
             lt_arena_printf(th_group_arena, BASE "/offers/%s/publication", published_offer_id),
             NULL, NULL),
        200);
    create_as(&other, "/api/v1/regions/" OTHER "/offers",
              "{\"title\": \"Fremd\", \"provider\": \"ihk\", \"url\": \"https://example.org/x\"}",
              other_offer_id);
    create_as(&coord, BASE "/obstacles",
              "{\"title\": \"Visa-Termine Istanbul\", \"category\": \"visa_appointment_wait\","
              " \"description\": \"Neun Monate Wartezeit\", \"severity\": \"high\"}",
              obstacle_id);
    create_as(&other, "/api/v1/regions/" OTHER "/obstacles",
              "{\"title\": \"Fremd\", \"category\": \"other\", \"description\": \"x\","
              " \"severity\": \"low\"}",
              other_obstacle_id);
    lt_arena_reset(th_group_arena);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void logs_reads_changes_and_deletes_an_inquiry(void **state)
{
    (void)state;
    lt_resp resp;
    char body[1024];
    snprintf(body, sizeof body,
             "{\"received_on\": \"2026-01-12\", \"channel\": \"phone\", \"company_id\": \"%s\","
             " \"topics\": [\"recognition\", \"visa_and_entry\"], \"target_countries\":"
             " [\"IN\", \"PH\"], \"occupation\": \"Schweißer\", \"offer_id\": \"%s\","
             " \"outcome\": \"referred\", \"follow_up_on\": \"2026-02-01\", \"obstacle_ids\":"
             " [\"%s\"], \"notes\": \"Zwei Stellen\"}",
             company_id, offer_id, obstacle_id);
    assert_int_equal(call(&resp, "POST", INQUIRIES, body, NULL), 201);
    json_t *q = json_of(&resp);
    const char *id = lt_arena_strdup(th_group_arena, str(q, "id"));
    assert_string_equal(str(q, "received_by"), "region");
    assert_string_equal(str(json_object_get(q, "company"), "name"), "Stahlbau Hamm GmbH");
    /* size class and sector come from the company */
    assert_string_equal(str(q, "size_class"), "medium");
    assert_string_equal(str(q, "sector"), "C");
    assert_string_equal(json_string_value(json_array_get(json_object_get(q, "obstacle_ids"), 0)),
                        obstacle_id);
    assert_false(json_is_true(json_object_get(q, "stays_with_fai")));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_non_null(strstr(th_header(&resp, "Location"), id));

    const char *uri = lt_arena_printf(th_group_arena, INQUIRIES "/%s", id);
    /* a viewer reads it */
    assert_int_equal(call_as(&viewer, &resp, "GET", uri, NULL, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "occupation"), "Schweißer");
    /* the viewer cannot change it */
    assert_int_equal(call_as(&viewer, &resp, "PATCH", uri, "{\"notes\": \"x\"}", "\"1\"", NULL),
                     403);

    /* unlinking the company keeps its size class and sector on the inquiry */
    assert_int_equal(call(&resp, "PATCH", uri,
                          "{\"company_id\": null, \"outcome\": \"advised\", \"obstacle_ids\": []}",
                          "\"1\""),
                     200);
    q = json_of(&resp);
    assert_true(json_is_null(json_object_get(q, "company")));
    assert_string_equal(str(q, "size_class"), "medium");
    assert_string_equal(str(q, "outcome"), "advised");
    assert_int_equal(json_array_size(json_object_get(q, "obstacle_ids")), 0);
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");

    /* stale and missing If-Match: refused, nothing changes */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"outcome\": \"no_need\"}", "\"1\""), 412);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "current_version")), 2);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"outcome\": \"no_need\"}", NULL), 428);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "outcome"), "advised");

    /* linking a company again drops the inquiry's own size class */
    snprintf(body, sizeof body, "{\"company_id\": \"%s\"}", company_id);
    assert_int_equal(call(&resp, "PATCH", uri, body, "\"2\""), 200);
    assert_string_equal(str(json_of(&resp), "size_class"), "medium");
    assert_string_equal(th_scalar(owner, lt_arena_printf(th_group_arena,
                                                         "SELECT coalesce(size_class, 'none') FROM"
                                                         " lotse.inquiries WHERE id = '%s'",
                                                         id)),
                        "none");

    /* with a company, its sector and size class are changed on the company */
    assert_int_equal(call(&resp, "PATCH", uri, "{\"sector\": \"F\"}", "\"3\""), 400);
    assert_string_equal(first_field(&resp), "sector");
    assert_int_equal(call(&resp, "PATCH", uri, "{\"size_class\": \"large\"}", "\"3\""), 400);
    assert_string_equal(first_field(&resp), "size_class");

    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 404);
}

static void refuses_bad_input_naming_the_field_and_stores_nothing(void **state)
{
    (void)state;
#define OK_START "{\"received_on\": \"2026-01-12\", \"channel\": \"email\""
    struct {
        const char *body, *field;
    } bad[] = {
        /* a country code that does not exist, and two that are not assigned */
        {OK_START ", \"target_countries\": [\"IN\", \"XX\"]}", "target_countries"},
        {OK_START ", \"target_countries\": [\"UK\"]}", "target_countries"},
        {OK_START ", \"target_countries\": [\"in\"]}", "target_countries"},
        {OK_START ", \"target_countries\": [\"IN\", \"IN\"]}", "target_countries"},
        /* a WZ section outside A-U */
        {OK_START ", \"sector\": \"V\"}", "sector"},
        {OK_START ", \"sector\": \"c\"}", "sector"},
        /* unknown enum values */
        {"{\"received_on\": \"2026-01-12\", \"channel\": \"fax\"}", "channel"},
        {OK_START ", \"topics\": [\"taxes\"]}", "topics"},
        {OK_START ", \"outcome\": \"hired\"}", "outcome"},
        {OK_START ", \"size_class\": \"sme\"}", "size_class"},
        {OK_START ", \"received_by\": \"ihk\"}", "received_by"},
        /* missing, unknown, derived */
        {"{\"channel\": \"email\"}", "received_on"},
        {OK_START ", \"region_id\": 1}", "region_id"},
        {"{\"received_on\": \"2026-02-30\", \"channel\": \"email\"}", "received_on"},
        /* rules across fields (the trigger) */
        {"{\"received_on\": \"2199-01-01\", \"channel\": \"email\"}", "received_on"},
        {OK_START ", \"follow_up_on\": \"2026-01-01\"}", "follow_up_on"},
        {OK_START ", \"outcome\": \"referred\"}", "outcome"},
        {OK_START ", \"stays_with_fai\": true}", "stays_with_fai"},
        {OK_START
         ", \"received_by\": \"fai\", \"stays_with_fai\": true, \"offer_id\": \"{offer}\"}",
         "stays_with_fai"},
        {OK_START ", \"company_id\": \"{company}\", \"size_class\": \"small\"}", "size_class"},
        {OK_START ", \"company_id\": \"{company}\", \"company_name\": \"X\"}", "company_name"},
        {OK_START ", \"company_location\": \"Hamm\"}", "company_location"},
        /* another region's offer, company, obstacle: like ones that do not exist */
        {OK_START ", \"offer_id\": \"{other_offer}\"}", "offer_id"},
        {OK_START ", \"company_id\": \"{other_company}\"}", "company_id"},
        {OK_START ", \"obstacle_ids\": [\"{other_obstacle}\"]}", "obstacle_ids"},
        {OK_START ", \"offer_id\": \"00000000-0000-4000-8000-000000000000\"}", "offer_id"},
        {OK_START ", \"obstacle_ids\": [\"not-an-id\"]}", "obstacle_ids"},
    };
    int inquiries = rows("inquiries"), companies = rows("companies"),
        links = rows("inquiry_obstacles");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[1024];
        const char *b = bad[i].body;
        size_t n = 0;
        /* fill in the ids */
        while (*b && n < sizeof body - 64) {
            static const struct {
                const char *name;
                const char *value;
            } ids[] = {{"{offer}", offer_id},
                       {"{company}", company_id},
                       {"{other_offer}", other_offer_id},
                       {"{other_company}", other_company_id},
                       {"{other_obstacle}", other_obstacle_id}};
            size_t k = 0;
            while (k < 5 && strncmp(b, ids[k].name, strlen(ids[k].name)) != 0)
                k++;
            if (k < 5) {
                n += (size_t)snprintf(body + n, sizeof body - n, "%s", ids[k].value);
                b += strlen(ids[k].name);
            } else {
                body[n++] = *b++;
            }
        }
        body[n] = '\0';
        lt_resp resp;
        /* the coordinator of both regions: only the composite keys tell the regions apart */
        int status = call_as(&both, &resp, "POST", INQUIRIES, body, NULL, NULL);
        if (status != 400 || !first_field(&resp) || strcmp(first_field(&resp), bad[i].field) != 0)
            fail_msg("%s: %d %s, want 400 naming %s", body, status, resp.body.data, bad[i].field);
        assert_string_equal(resp.content_type, "application/problem+json");
        /* another region's record is refused like one that does not exist */
        assert_null(strstr(resp.body.data, "Anderswo"));
    }
    /* a 100 KB text */
    size_t big = 100 * 1024;
    char *body = lt_arena_alloc(th_group_arena, big + 128);
    int n = snprintf(body, 128, OK_START ", \"notes\": \"");
    memset(body + n, 'N', big);
    strcpy(body + n + big, "\"}");
    lt_resp resp;
    assert_int_equal(call(&resp, "POST", INQUIRIES, body, NULL), 400);
    assert_string_equal(first_field(&resp), "notes");
    assert_int_equal(rows("inquiries"), inquiries);
    assert_int_equal(rows("companies"), companies);
    assert_int_equal(rows("inquiry_obstacles"), links);
}

static void a_retried_log_makes_one_inquiry_and_a_reused_key_is_refused(void **state)
{
    (void)state;
    const char *key = lt_arena_printf(th_group_arena, "inquiry-%d", (int)getpid());
    const char *body =
        OK_START ", \"company_name\": \"Bäckerei Sonne\", \"size_class\": \"micro\"}";
    int inquiries = rows("inquiries"), companies = rows("companies");
    lt_resp first, again, other_body;
    assert_int_equal(call_as(&coord, &first, "POST", INQUIRIES, body, NULL, key), 201);
    assert_int_equal(call_as(&coord, &again, "POST", INQUIRIES, body, NULL, key), 201);
    assert_string_equal(again.body.data, first.body.data);
    assert_string_equal(th_header(&again, "Idempotent-Replayed"), "true");
    assert_int_equal(call_as(&coord, &other_body, "POST", INQUIRIES,
                             OK_START ", \"company_name\": \"Bäckerei Mond\"}", NULL, key),
                     422);
    /* one inquiry and the one company it added */
    assert_int_equal(rows("inquiries"), inquiries + 1);
    assert_int_equal(rows("companies"), companies + 1);
    json_t *q = json_of(&first);
    assert_string_equal(str(json_object_get(q, "company"), "name"), "Bäckerei Sonne");
    assert_string_equal(str(q, "size_class"), "micro");
}

static void fai_staff_log_for_the_region_and_see_only_what_the_fai_received(void **state)
{
    (void)state;
    lt_resp resp;
    /* the region's own inquiry */
    char own[TH_UUID_SIZE];
    create_as(&coord, INQUIRIES, OK_START ", \"occupation\": \"Pflege\"}", own);
    /* FAI staff log one, naming the company inline and the employer's choice */
    assert_int_equal(call_as(&staff, &resp, "POST", INQUIRIES,
                             "{\"received_on\": \"2026-01-20\", \"channel\": \"website\","
                             " \"company_name\": \"Pflegedienst Lippe\", \"company_location\":"
                             " \"Unna\", \"size_class\": \"small\", \"sector\": \"Q\","
                             " \"stays_with_fai\": true, \"target_countries\": [\"XK\"]}",
                             NULL, NULL),
                     201);
    json_t *q = json_of(&resp);
    const char *fai_id = lt_arena_strdup(th_group_arena, str(q, "id"));
    const char *new_company = lt_arena_strdup(th_group_arena, str(q, "company_id"));
    assert_string_equal(str(q, "received_by"), "fai");
    assert_string_equal(str(json_object_get(q, "company"), "name"), "Pflegedienst Lippe");
    assert_string_equal(str(q, "sector"), "Q");

    /* their list holds the FAI's inquiry and not the region's */
    assert_int_equal(call_as(&staff, &resp, "GET", INQUIRIES "?limit=100", NULL, NULL, NULL), 200);
    json_t *items = json_object_get(json_of(&resp), "items");
    size_t i;
    json_t *item;
    bool saw_fai = false;
    json_array_foreach(items, i, item)
    {
        assert_string_equal(str(item, "received_by"), "fai");
        saw_fai |= strcmp(str(item, "id"), fai_id) == 0;
    }
    assert_true(saw_fai);
    const char *own_uri = lt_arena_printf(th_group_arena, INQUIRIES "/%s", own);
    assert_int_equal(call_as(&staff, &resp, "GET", own_uri, NULL, NULL, NULL), 404);
    assert_int_equal(call_as(&staff, &resp, "PATCH", own_uri, "{\"notes\": \"x\"}", "\"1\"", NULL),
                     404);
    assert_int_equal(call_as(&staff, &resp, "DELETE", own_uri, NULL, NULL, NULL), 404);

    /* they change their own, and refer the employer to a published offer of the region */
    const char *fai_uri = lt_arena_printf(th_group_arena, INQUIRIES "/%s", fai_id);
    char body[512];
    snprintf(body, sizeof body,
             "{\"stays_with_fai\": false, \"offer_id\": \"%s\", \"outcome\": \"referred\"}",
             published_offer_id);
    assert_int_equal(call_as(&staff, &resp, "PATCH", fai_uri, body, "\"1\"", NULL), 200);
    /* an unpublished offer of the region is not theirs to see */
    snprintf(body, sizeof body, "{\"offer_id\": \"%s\"}", offer_id);
    assert_int_equal(call_as(&staff, &resp, "PATCH", fai_uri, body, "\"2\"", NULL), 400);
    assert_string_equal(first_field(&resp), "offer_id");
    /* nor the region's other companies, nor linking obstacles, nor another receiver */
    snprintf(body, sizeof body, "{\"company_id\": \"%s\"}", company_id);
    assert_int_equal(call_as(&staff, &resp, "PATCH", fai_uri, body, "\"2\"", NULL), 400);
    assert_string_equal(first_field(&resp), "company_id");
    assert_int_equal(
        call_as(&staff, &resp, "PATCH", fai_uri, "{\"received_by\": \"region\"}", "\"2\"", NULL),
        400);
    assert_string_equal(first_field(&resp), "received_by");
    snprintf(body, sizeof body, "{\"obstacle_ids\": [\"%s\"]}", obstacle_id);
    assert_int_equal(call_as(&staff, &resp, "PATCH", fai_uri, body, "\"2\"", NULL), 400);
    assert_string_equal(first_field(&resp), "obstacle_ids");
    assert_int_equal(call_as(&staff, &resp, "POST", INQUIRIES,
                             OK_START ", \"received_by\": \"region\"}", NULL, NULL),
                     400);
    assert_string_equal(first_field(&resp), "received_by");

    /* the region's companies stay closed to them, the new one included */
    assert_int_equal(call_as(&staff, &resp, "GET", BASE "/companies", NULL, NULL, NULL), 404);
    assert_int_equal(call_as(&staff, &resp, "GET",
                             lt_arena_printf(th_group_arena, BASE "/companies/%s", new_company),
                             NULL, NULL, NULL),
                     404);
    assert_int_equal(call_as(&staff, &resp, "GET", BASE "/obstacles", NULL, NULL, NULL), 404);
    /* the coordinator sees the FAI's inquiry and the company it added */
    assert_int_equal(call(&resp, "GET", fai_uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "outcome"), "referred");
    assert_int_equal(call(&resp, "GET", BASE "/companies?q=pflegedienst", NULL, NULL), 200);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "items")), 1);
    /* FAI staff may not remove what they logged: that is the region's */
    assert_int_equal(call_as(&staff, &resp, "DELETE", fai_uri, NULL, NULL, NULL), 404);
}

static void fai_leadership_sees_none_of_it(void **state)
{
    (void)state;
    lt_resp resp;
    const char *routes[] = {INQUIRIES, BASE "/companies", BASE "/obstacles"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(call_as(&lead, &resp, "GET", routes[i], NULL, NULL, NULL), 404);
        /* not even as a coordinator of the region */
        assert_int_equal(call_as(&lead_coord, &resp, "GET", routes[i], NULL, NULL, NULL), 403);
        assert_null(strstr(resp.body.data, "Stahlbau"));
    }
    assert_int_equal(call_as(&lead, &resp, "POST", INQUIRIES, OK_START "}", NULL, NULL), 404);
    assert_int_equal(call_as(&lead_coord, &resp, "POST", INQUIRIES, OK_START "}", NULL, NULL), 403);
}

static void another_regions_inquiries_are_not_found(void **state)
{
    (void)state;
    char id[TH_UUID_SIZE];
    create_as(&coord, INQUIRIES, OK_START "}", id);
    lt_resp resp;
    const char *uri = lt_arena_printf(th_group_arena, INQUIRIES "/%s", id);
    assert_int_equal(call_as(&other, &resp, "GET", uri, NULL, NULL, NULL), 404);
    assert_int_equal(call_as(&other, &resp, "PATCH", uri, "{\"notes\": \"x\"}", "\"1\"", NULL),
                     404);
    assert_int_equal(call_as(&other, &resp, "DELETE", uri, NULL, NULL, NULL), 404);
    /* our own id under the other region's path */
    assert_int_equal(
        call_as(&both, &resp, "GET",
                lt_arena_printf(th_group_arena, "/api/v1/regions/" OTHER "/inquiries/%s", id), NULL,
                NULL, NULL),
        404);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_int_equal(json_integer_value(json_object_get(json_of(&resp), "version")), 1);
}

/* The number of items a list answers. */
static size_t count(const char *query)
{
    lt_resp resp;
    const char *uri = lt_arena_printf(th_group_arena, INQUIRIES "?limit=100&%s", query);
    int status = call(&resp, "GET", uri, NULL, NULL);
    if (status != 200)
        fail_msg("GET %s: %d %s", uri, status, resp.body.data);
    return json_array_size(json_object_get(json_of(&resp), "items"));
}

static void filters_the_list_and_exports_coded_csv(void **state)
{
    (void)state;
    char a[TH_UUID_SIZE], b[TH_UUID_SIZE];
    char body[1024];
    snprintf(body, sizeof body,
             "{\"received_on\": \"2025-03-03\", \"channel\": \"event\", \"company_id\": \"%s\","
             " \"topics\": [\"housing\"], \"target_countries\": [\"VN\"], \"outcome\":"
             " \"recruiting\", \"obstacle_ids\": [\"%s\"]}",
             company_id, obstacle_id);
    create_as(&coord, INQUIRIES, body, a);
    create_as(&coord, INQUIRIES,
              "{\"received_on\": \"2025-03-05\", \"channel\": \"referral\", \"sector\": \"F\","
              " \"size_class\": \"large\", \"topics\": [\"language\"], \"target_countries\":"
              " [\"BR\"], \"outcome\": \"no_need\"}",
              b);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31"), 2);
    assert_int_equal(count("from=2025-03-04&to=2025-03-31"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&topic=housing"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&channel=referral"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&received_by=fai"), 0);
    /* the company's sector and size class count for an inquiry that names it */
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&sector=C"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&sector=F"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&size_class=large"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&country=BR"), 1);
    assert_int_equal(count("from=2025-03-01&to=2025-03-31&outcome=recruiting"), 1);
    assert_int_equal(
        count(lt_arena_printf(th_group_arena, "to=2025-03-31&company_id=%s", company_id)), 1);
    assert_int_equal(
        count(lt_arena_printf(th_group_arena, "to=2025-03-31&obstacle_id=%s", obstacle_id)), 1);
    /* newest first */
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", INQUIRIES "?from=2025-03-01&to=2025-03-31", NULL, NULL),
                     200);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "items"), 0), "id"), b);

    /* paged one by one, the second page holds the older one, and no third follows */
    assert_int_equal(
        call(&resp, "GET", INQUIRIES "?from=2025-03-01&to=2025-03-31&limit=1", NULL, NULL), 200);
    json_t *next = json_object_get(json_of(&resp), "next");
    assert_true(json_is_string(next));
    assert_int_equal(
        call(&resp, "GET",
             lt_arena_printf(th_group_arena,
                             INQUIRIES "?from=2025-03-01&to=2025-03-31&limit=1&after=%s",
                             json_string_value(next)),
             NULL, NULL),
        200);
    json_t *page = json_of(&resp);
    assert_string_equal(str(json_array_get(json_object_get(page, "items"), 0), "id"), a);
    assert_true(json_is_null(json_object_get(page, "next")));

    /* bad filters name themselves */
    const char *bad[][2] = {{"country=XX", "country"},  {"sector=V", "sector"},
                            {"topic=taxes", "topic"},   {"from=2025-13-01", "from"},
                            {"channel=fax", "channel"}, {"company_id=1", "company_id"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "GET",
                              lt_arena_printf(th_group_arena, INQUIRIES "?%s", bad[i][0]), NULL,
                              NULL),
                         400);
        assert_string_equal(first_field(&resp), bad[i][1]);
    }

    /* the CSV export: the same list, in codes */
    assert_int_equal(
        call(&resp, "GET", INQUIRIES "?format=csv&from=2025-03-01&to=2025-03-31", NULL, NULL), 200);
    const char *csv = resp.body.data;
    assert_non_null(strstr(csv, "id,received_on,channel,received_by,company,company_location,"
                                "size_class,sector,topics,target_countries,occupation,offer_id,"
                                "stays_with_fai,outcome,follow_up_on,obstacle_ids,notes,"
                                "updated_at\r\n"));
    assert_non_null(strstr(csv, ",2025-03-05,referral,region,,,large,F,language,BR,,,false,"
                                "no_need,,,,"));
    assert_non_null(strstr(csv, ",2025-03-03,event,region,Stahlbau Hamm GmbH,Hamm,medium,C,"
                                "housing,VN,"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logs_reads_changes_and_deletes_an_inquiry),
        cmocka_unit_test(refuses_bad_input_naming_the_field_and_stores_nothing),
        cmocka_unit_test(a_retried_log_makes_one_inquiry_and_a_reused_key_is_refused),
        cmocka_unit_test(fai_staff_log_for_the_region_and_see_only_what_the_fai_received),
        cmocka_unit_test(fai_leadership_sees_none_of_it),
        cmocka_unit_test(another_regions_inquiries_are_not_found),
        cmocka_unit_test(filters_the_list_and_exports_coded_csv),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
