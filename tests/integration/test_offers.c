/*
 * test_offers.c - the region's offers and contacts (agreement §4.1, §4.2): consent
 * before a contact is linked, publication, withdrawal that unpublishes at once, the
 * public feed (only consented details, ETag and 304), audited contact reads, and the
 * failure paths (stale If-Match, a reused Idempotency-Key, invalid fields, another
 * region).
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

#define REGION   "ostwestfalen-lippe"
#define OTHER    "meo"
#define CONTACTS "/api/v1/regions/" REGION "/contacts"
#define OFFERS   "/api/v1/regions/" REGION "/offers"
#define FEED     "/api/v1/public/offers?region=" REGION "&limit=100"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];             /* coordinator of REGION */
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE]; /* coordinator of OTHER */

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_sign_in(owner, "offers", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "offers-other", NULL, OTHER, "coordinator", other_token, other_csrf, NULL);
    /* audit_log's RLS binds the owner too: read it as an administrator */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
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

/* The public feed, without a session, with If-None-Match when given. */
static int feed(lt_resp *resp, const char *if_none_match)
{
    lt_pair headers[1] = {{"if-none-match", if_none_match}};
    return th_request_h(th_group_app, th_group_arena, resp, "GET", FEED, NULL, NULL, headers,
                        if_none_match ? 1 : 0);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Creates a contact (consented when given_by is not NULL); returns its id. */
static const char *new_contact(const char *name, const char *given_by)
{
    lt_resp resp;
    char body[512];
    snprintf(body, sizeof body,
             "{\"name\": \"%s\", \"organisation\": \"Welcome Center OWL\", \"function\":"
             " \"Beratung\", \"email\": \"kontakt@example.org\", \"phone\": \"+49 521 0\","
             " \"role\": \"offer_contact\"}",
             name);
    assert_int_equal(call(&resp, "POST", CONTACTS, body, NULL), 201);
    const char *id = lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
    if (given_by) {
        char uri[256];
        snprintf(uri, sizeof uri, CONTACTS "/%s/consent", id);
        snprintf(body, sizeof body, "{\"given_by\": \"%s\", \"how\": \"written\"}", given_by);
        assert_int_equal(call(&resp, "PUT", uri, body, NULL), 200);
        assert_true(json_is_true(json_object_get(json_of(&resp), "has_consent")));
    }
    return id;
}

/* Creates an offer naming contact (may be NULL); returns its id. */
static const char *new_offer(const char *title, const char *contact)
{
    lt_resp resp;
    char body[512];
    snprintf(body, sizeof body,
             "{\"title\": \"%s\", \"provider\": \"welcome_office\", \"topics\": [\"recognition\","
             " \"onboarding\"], \"url\": \"https://example.org/angebot\"%s%s%s}",
             title, contact ? ", \"contact_id\": \"" : "", contact ? contact : "",
             contact ? "\"" : "");
    assert_int_equal(call(&resp, "POST", OFFERS, body, NULL), 201);
    return lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
}

/* The feed's item with this title, or NULL. */
static json_t *in_feed(const char *title)
{
    lt_resp resp;
    assert_int_equal(feed(&resp, NULL), 200);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(json_of(&resp), "items"), i, item)
    {
        if (strcmp(str(item, "title"), title) == 0)
            return item;
    }
    return NULL;
}

static void a_published_offer_with_a_consented_contact_appears_in_the_public_feed(void **state)
{
    (void)state;
    const char *contact = new_contact("Erika Muster", "Erika Muster");
    const char *offer = new_offer("Anerkennungsberatung OWL", contact);
    assert_null(in_feed("Anerkennungsberatung OWL")); /* not yet published */
    char uri[256];
    snprintf(uri, sizeof uri, OFFERS "/%s/publication", offer);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, NULL, NULL), 200);
    assert_true(json_is_true(json_object_get(json_of(&resp), "published")));
    json_t *item = in_feed("Anerkennungsberatung OWL");
    assert_non_null(item);
    assert_string_equal(str(item, "region"), REGION);
    assert_string_equal(str(json_object_get(item, "contact"), "name"), "Erika Muster");
    assert_string_equal(str(json_object_get(item, "contact"), "email"), "kontakt@example.org");
    /* the feed carries nothing of the consent record or the region's bookkeeping */
    assert_null(json_object_get(item, "version"));
    assert_null(json_object_get(json_object_get(item, "contact"), "consent"));
    assert_string_equal(th_header(&resp, "ETag"), "\"2\"");
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 200);
    assert_null(in_feed("Anerkennungsberatung OWL"));
}

static void withdrawing_consent_unpublishes_every_offer_naming_the_contact_at_once(void **state)
{
    (void)state;
    const char *contact = new_contact("Max Beispiel", "Max Beispiel");
    const char *offer = new_offer("Visa-Sprechstunde", contact);
    char uri[256];
    snprintf(uri, sizeof uri, OFFERS "/%s/publication", offer);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, NULL, NULL), 200);
    assert_non_null(in_feed("Visa-Sprechstunde"));

    snprintf(uri, sizeof uri, CONTACTS "/%s/consent", contact);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 200);
    json_t *c = json_of(&resp);
    assert_true(json_is_false(json_object_get(c, "has_consent")));
    assert_non_null(str(json_object_get(c, "consent"), "withdrawn_at"));
    assert_null(in_feed("Visa-Sprechstunde"));
    snprintf(uri, sizeof uri, OFFERS "/%s", offer);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_true(json_is_false(json_object_get(json_of(&resp), "published")));
    /* and it cannot be published again until consent is given anew */
    snprintf(uri, sizeof uri, OFFERS "/%s/publication", offer);
    assert_int_equal(call(&resp, "PUT", uri, NULL, NULL), 400);
}

static void publishing_with_an_unconsented_contact_is_refused_naming_contact_id(void **state)
{
    (void)state;
    const char *contact = new_contact("Ohne Zustimmung", NULL);
    const char *offer = new_offer("Familiennachzug Beratung", contact);
    char uri[256];
    snprintf(uri, sizeof uri, OFFERS "/%s/publication", offer);
    lt_resp resp;
    assert_int_equal(call(&resp, "PUT", uri, NULL, NULL), 400);
    json_t *error = json_array_get(json_object_get(json_of(&resp), "errors"), 0);
    assert_string_equal(str(error, "field"), "contact_id");
    assert_string_equal(str(error, "message"), "the contact has not consented to be linked");
    /* nothing changed */
    snprintf(uri, sizeof uri, OFFERS "/%s", offer);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_true(json_is_false(json_object_get(json_of(&resp), "published")));
    assert_string_equal(th_header(&resp, "ETag"), "\"1\"");
    assert_null(in_feed("Familiennachzug Beratung"));

    /* nor can a published offer be changed to name the unconsented contact */
    const char *consented = new_contact("Mit Zustimmung", "Mit Zustimmung");
    const char *other = new_offer("Wohnungssuche", consented);
    snprintf(uri, sizeof uri, OFFERS "/%s/publication", other);
    assert_int_equal(call(&resp, "PUT", uri, NULL, NULL), 200);
    snprintf(uri, sizeof uri, OFFERS "/%s", other);
    char body[128];
    snprintf(body, sizeof body, "{\"contact_id\": \"%s\"}", contact);
    assert_int_equal(call(&resp, "PATCH", uri, body, "\"2\""), 400);
    error = json_array_get(json_object_get(json_of(&resp), "errors"), 0);
    assert_string_equal(str(error, "field"), "contact_id");
    json_t *item = in_feed("Wohnungssuche");
    assert_non_null(item);
    /* the feed never shows an unconsented contact's details */
    assert_string_equal(str(json_object_get(item, "contact"), "name"), "Mit Zustimmung");
}

static void the_feed_answers_304_when_nothing_changed(void **state)
{
    (void)state;
    lt_resp first, again, stale;
    assert_int_equal(feed(&first, NULL), 200);
    const char *tag = lt_arena_strdup(th_group_arena, th_header(&first, "ETag"));
    assert_int_equal(strlen(tag), 66);
    assert_string_equal(th_header(&first, "Cache-Control"), "public, max-age=300");
    assert_int_equal(feed(&again, tag), 304);
    assert_int_equal(again.body.len, 0);
    assert_int_equal(feed(&stale, "\"0000\""), 200);
    assert_string_equal(th_header(&stale, "ETag"), tag);
}

static void every_read_of_a_contact_is_audited(void **state)
{
    (void)state;
    const char *contact = new_contact("Gelesen Werden", NULL);
    char uri[256], sql[256];
    snprintf(uri, sizeof uri, CONTACTS "/%s", contact);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM lotse.audit_log WHERE action = 'contact_read'"
             " AND entity = 'contact' AND entity_id = '%s'",
             contact);
    assert_string_equal(th_scalar(owner, sql), "0");
    lt_resp resp;
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(th_scalar(owner, sql), "1");
    const char *listed = "SELECT count(*) FROM lotse.audit_log WHERE action = 'contacts_listed'";
    int before = atoi(th_scalar(owner, listed));
    assert_int_equal(call(&resp, "GET", CONTACTS, NULL, NULL), 200);
    assert_int_equal(atoi(th_scalar(owner, listed)), before + 1);
}

static void another_regions_offers_and_contacts_are_not_found_and_unchanged(void **state)
{
    (void)state;
    const char *contact = new_contact("Nur Hier", "Nur Hier");
    const char *offer = new_offer("Nur in OWL", contact);
    char uri[256];
    lt_resp resp;
    snprintf(uri, sizeof uri, "/api/v1/regions/" OTHER "/offers/%s", offer);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
    snprintf(uri, sizeof uri, OFFERS "/%s/publication", offer);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "PUT", uri, NULL,
                                   other_token, other_csrf),
                     404);
    snprintf(uri, sizeof uri, CONTACTS "/%s/consent", contact);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "DELETE", uri, NULL,
                                   other_token, other_csrf),
                     404);
    snprintf(uri, sizeof uri, CONTACTS "/%s", contact);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "GET", uri, NULL,
                                   other_token, other_csrf),
                     404);
    /* an offer of OTHER cannot name our contact */
    char body[256];
    snprintf(body, sizeof body,
             "{\"title\": \"Fremd\", \"provider\": \"ihk\", \"url\": \"https://example.org\","
             " \"contact_id\": \"%s\"}",
             contact);
    assert_int_equal(th_request_as(th_group_app, th_group_arena, &resp, "POST",
                                   "/api/v1/regions/" OTHER "/offers", body, other_token,
                                   other_csrf),
                     400);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_true(json_is_true(json_object_get(json_of(&resp), "has_consent")));
    snprintf(uri, sizeof uri, OFFERS "/%s", offer);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_true(json_is_false(json_object_get(json_of(&resp), "published")));
}

static void a_stale_or_missing_if_match_is_refused(void **state)
{
    (void)state;
    const char *contact = new_contact("Versioniert", NULL);
    const char *offer = new_offer("Versioniertes Angebot", NULL);
    char uri[256];
    lt_resp resp;
    snprintf(uri, sizeof uri, OFFERS "/%s", offer);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"provider_name\": \"IHK OWL\"}", "\"1\""), 200);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"provider_name\": \"HWK\"}", "\"1\""), 412);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"provider_name\": \"HWK\"}", NULL), 428);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 200);
    assert_string_equal(str(json_of(&resp), "provider_name"), "IHK OWL");
    snprintf(uri, sizeof uri, CONTACTS "/%s", contact);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"phone\": \"0521 1\"}", "\"1\""), 200);
    assert_int_equal(call(&resp, "PATCH", uri, "{\"phone\": \"0521 2\"}", "\"1\""), 412);
    assert_int_equal(call(&resp, "DELETE", uri, NULL, NULL), 204);
    assert_int_equal(call(&resp, "GET", uri, NULL, NULL), 404);
}

static void a_reused_idempotency_key_with_another_body_is_refused(void **state)
{
    (void)state;
    const char *key = lt_arena_printf(th_group_arena, "offer-%d", (int)getpid());
    lt_pair headers[3] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", token)},
        {"x-csrf-token", csrf},
        {"idempotency-key", key},
    };
    const char *body = "{\"title\": \"Einmalig\", \"provider\": \"hwk\", \"url\":"
                       " \"https://example.org/einmal\"}";
    lt_resp first, again, other;
    assert_int_equal(th_request_h(th_group_app, th_group_arena, &first, "POST", OFFERS,
                                  "application/json", body, headers, 3),
                     201);
    assert_int_equal(th_request_h(th_group_app, th_group_arena, &again, "POST", OFFERS,
                                  "application/json", body, headers, 3),
                     201);
    assert_string_equal(again.body.data, first.body.data);
    assert_int_equal(th_request_h(th_group_app, th_group_arena, &other, "POST", OFFERS,
                                  "application/json",
                                  "{\"title\": \"Anders\", \"provider\": \"hwk\", \"url\":"
                                  " \"https://example.org/anders\"}",
                                  headers, 3),
                     422);
}

static void refuses_invalid_offers_and_contacts_naming_the_field(void **state)
{
    (void)state;
    lt_resp resp;
    struct {
        const char *uri, *body, *field;
    } bad[] = {
        {OFFERS, "{\"title\": \"x\", \"provider\": \"chamber\", \"url\": \"https://e.org\"}",
         "provider"},
        {OFFERS, "{\"title\": \"x\", \"provider\": \"ihk\", \"url\": \"ftp://e.org\"}", "url"},
        {OFFERS,
         "{\"title\": \"x\", \"provider\": \"ihk\", \"url\": \"https://e.org\","
         " \"topics\": [\"parties\"]}",
         "topics"},
        {OFFERS,
         "{\"title\": \"x\", \"provider\": \"ihk\", \"url\": \"https://e.org\","
         " \"contact_id\": \"00000000-0000-4000-8000-000000000000\"}",
         "contact_id"},
        {CONTACTS, "{\"name\": \"x\", \"role\": \"boss\"}", "role"},
        {CONTACTS, "{\"name\": \"x\", \"role\": \"fai_contact\", \"email\": \"no-at\"}", "email"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(call(&resp, "POST", bad[i].uri, bad[i].body, NULL), 400);
        json_t *errors = json_object_get(json_of(&resp), "errors");
        assert_string_equal(str(json_array_get(errors, 0), "field"), bad[i].field);
    }
    const char *contact = new_contact("Zustimmung Falsch", NULL);
    char uri[256];
    snprintf(uri, sizeof uri, CONTACTS "/%s/consent", contact);
    assert_int_equal(call(&resp, "PUT", uri, "{\"given_by\": \"x\", \"how\": \"telepathy\"}", NULL),
                     400);
    assert_int_equal(call(&resp, "PUT", uri,
                          "{\"given_by\": \"x\", \"how\": \"email\", \"given_at\": \"2999-01-01\"}",
                          NULL),
                     400);
    assert_string_equal(str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"),
                        "given_at");
    /* a 100 KB title */
    size_t n = 100 * 1024;
    char *big = lt_arena_alloc(th_group_arena, n + 128);
    strcpy(big, "{\"provider\": \"ihk\", \"url\": \"https://e.org\", \"title\": \"");
    size_t at = strlen(big);
    memset(big + at, 'T', n);
    strcpy(big + at + n, "\"}");
    assert_int_equal(call(&resp, "POST", OFFERS, big, NULL), 400);
    assert_int_equal(call(&resp, "GET", OFFERS "?published=maybe", NULL, NULL), 400);
    assert_int_equal(call(&resp, "GET", OFFERS "?published=false&limit=100", NULL, NULL), 200);
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(json_of(&resp), "items"), i, item)
    {
        assert_true(strlen(str(item, "title")) <= 200);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_published_offer_with_a_consented_contact_appears_in_the_public_feed),
        cmocka_unit_test(withdrawing_consent_unpublishes_every_offer_naming_the_contact_at_once),
        cmocka_unit_test(publishing_with_an_unconsented_contact_is_refused_naming_contact_id),
        cmocka_unit_test(the_feed_answers_304_when_nothing_changed),
        cmocka_unit_test(every_read_of_a_contact_is_audited),
        cmocka_unit_test(another_regions_offers_and_contacts_are_not_found_and_unchanged),
        cmocka_unit_test(a_stale_or_missing_if_match_is_refused),
        cmocka_unit_test(a_reused_idempotency_key_with_another_body_is_refused),
        cmocka_unit_test(refuses_invalid_offers_and_contacts_naming_the_field),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
