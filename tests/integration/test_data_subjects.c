/*
 * test_data_subjects.c - a person's access and erasure requests, by email, across
 * every region: the export names all their records; the erasure deletes their
 * participant and contact records, unlinks and unpublishes the offers naming them,
 * anonymises their account, and leaves everyone else's records alone; the audit
 * log gets the address's hash, never the address. Failure paths: an unknown person
 * (404, nothing changed), a non-administrator (refused, audited), a bad address,
 * an administrator erasing themselves.
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

#define REGION_A "bergisches-staedtedreieck"
#define REGION_B "duesseldorf-mettmann"
#define BASE     "/api/v1/data-subjects/"

static PGconn *owner;
static char admin[TH_TOKEN_SIZE], admin_csrf[TH_TOKEN_SIZE], admin_id[TH_UUID_SIZE];
static char coord_a[TH_TOKEN_SIZE], coord_a_csrf[TH_TOKEN_SIZE];
static char coord_b[TH_TOKEN_SIZE], coord_b_csrf[TH_TOKEN_SIZE];
static char esf[TH_TOKEN_SIZE], esf_csrf[TH_TOKEN_SIZE];
static char subject[128];   /* the person asking, as stored in most places */
static char bystander[128]; /* someone else at the same event */
static char offer_uri[256]; /* a published offer naming the subject as contact */

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static const char *str(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int as(const char *token, const char *csrf, lt_resp *resp, const char *method,
              const char *uri, const char *body)
{
    return th_request_as(th_group_app, th_group_arena, resp, method, uri, body, token, csrf);
}

/* A joint event of region that took place 20 days ago, with the subject and the
 * bystander (subject_email: the subject's address as written there). */
static void event_with_participants(const char *region, const char *token, const char *csrf,
                                    const char *subject_email)
{
    lt_resp resp;
    const char *day = lt_arena_strdup(th_group_arena, th_scalar(owner, "SELECT (current_date -"
                                                                       " 20)::text"));
    const char *base = lt_arena_printf(th_group_arena, "/api/v1/regions/%s/activities", region);
    const char *body = lt_arena_printf(th_group_arena,
                                       "{\"title\": \"Fachkräftetag\", \"kind\": \"event\","
                                       " \"starts_on\": \"%s\", \"joint\": true}",
                                       day);
    assert_int_equal(as(token, csrf, &resp, "POST", base, body), 201);
    const char *list =
        lt_arena_printf(th_group_arena, "%s/%s/participants", base, str(json_of(&resp), "id"));
    const char *who[] = {subject_email, bystander};
    for (int i = 0; i < 2; i++) {
        body = lt_arena_printf(th_group_arena,
                               "{\"name\": \"Person %d\", \"email\": \"%s\","
                               " \"participated_on\": \"%s\", \"attendance_confirmed_by\":"
                               " \"signature\", \"information_given_on\": \"%s\","
                               " \"information_how\": \"registration_form\","
                               " \"esf_reporting_consent\": true}",
                               i, who[i], day, day);
        assert_int_equal(as(token, csrf, &resp, "POST", list, body), 201);
    }
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    snprintf(subject, sizeof subject, "erika.muster-%d@example.org", (int)getpid());
    snprintf(bystander, sizeof bystander, "max.muster-%d@example.org", (int)getpid());
    th_sign_in(owner, "subjects-admin", "admin", NULL, NULL, admin, admin_csrf, admin_id);
    th_sign_in(owner, "subjects-a", NULL, REGION_A, "coordinator", coord_a, coord_a_csrf, NULL);
    th_sign_in(owner, "subjects-b", NULL, REGION_B, "coordinator", coord_b, coord_b_csrf, NULL);
    th_sign_in(owner, "subjects-esf", "fai_esf", NULL, NULL, esf, esf_csrf, NULL);

    char upper[128];
    snprintf(upper, sizeof upper, "%s", subject);
    upper[0] = 'E'; /* stored as written: found regardless of case */
    event_with_participants(REGION_A, coord_a, coord_a_csrf, subject);
    event_with_participants(REGION_B, coord_b, coord_b_csrf, upper);

    /* a consented contact in A named by a published offer, and the bystander's contact */
    lt_resp resp;
    const char *contacts = "/api/v1/regions/" REGION_A "/contacts";
    const char *body = lt_arena_printf(
        th_group_arena,
        "{\"name\": \"Erika Muster\", \"email\": \"%s\", \"role\": \"offer_contact\"}", subject);
    assert_int_equal(as(coord_a, coord_a_csrf, &resp, "POST", contacts, body), 201);
    const char *contact_id = lt_arena_strdup(th_group_arena, str(json_of(&resp), "id"));
    assert_int_equal(as(coord_a, coord_a_csrf, &resp, "PUT",
                        lt_arena_printf(th_group_arena, "%s/%s/consent", contacts, contact_id),
                        "{\"given_by\": \"Erika Muster\", \"how\": \"written\"}"),
                     200);
    body = lt_arena_printf(
        th_group_arena,
        "{\"name\": \"Max Muster\", \"email\": \"%s\", \"role\": \"region_contact\"}", bystander);
    assert_int_equal(as(coord_a, coord_a_csrf, &resp, "POST", contacts, body), 201);
    body = lt_arena_printf(th_group_arena,
                           "{\"title\": \"Welcome Center\", \"provider\": \"other\","
                           " \"url\": \"https://example.org/welcome\", \"contact_id\": \"%s\"}",
                           contact_id);
    assert_int_equal(
        as(coord_a, coord_a_csrf, &resp, "POST", "/api/v1/regions/" REGION_A "/offers", body), 201);
    snprintf(offer_uri, sizeof offer_uri, "/api/v1/regions/" REGION_A "/offers/%s",
             str(json_of(&resp), "id"));
    assert_int_equal(as(coord_a, coord_a_csrf, &resp, "PUT",
                        lt_arena_printf(th_group_arena, "%s/publication", offer_uri), NULL),
                     200);

    /* an account under the address, with a session and failed sign-ins */
    th_add_user(owner, th_group_arena, subject, "a long enough password", 10);
    const char *params[] = {subject};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "INSERT INTO lotse.sessions (token_hash, user_id, csrf_token,"
                                 " expires_at) SELECT sha256(convert_to(gen_random_uuid()::text,"
                                 " 'UTF8')), id, 'csrf', now() + interval '1 hour'"
                                 " FROM lotse.users WHERE email = $1 RETURNING 1",
                                 1, params),
                        "1");
    assert_string_equal(th_value(owner, th_group_arena,
                                 "INSERT INTO lotse.login_throttle (key, failures)"
                                 " VALUES ('email:' || lower($1), 2) RETURNING 1",
                                 1, params),
                        "1");
    lt_arena_reset(th_group_arena);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static long count(const char *sql, const char *param)
{
    const char *params[] = {param};
    return atol(th_value(owner, th_group_arena, sql, param ? 1 : 0, params));
}

static long hashed_audit_rows(const char *action, const char *email)
{
    const char *params[] = {action, email};
    return atol(th_value(owner, th_group_arena,
                         "SELECT count(*) FROM lotse.audit_log WHERE action = $1"
                         " AND entity = 'data_subject' AND entity_id = lotse.data_subject_hash($2)",
                         2, params));
}

/* The counts that must not move when nothing is to be erased. */
static const char *totals(void)
{
    return lt_arena_strdup(
        th_group_arena, th_scalar(owner, "SELECT (SELECT count(*) FROM lotse.participants) || '/'"
                                         " || (SELECT count(*) FROM lotse.contacts) || '/'"
                                         " || (SELECT count(*) FROM lotse.users WHERE NOT"
                                         " disabled) || '/' || (SELECT count(*) FROM"
                                         " lotse.offers WHERE published)"));
}

static void exports_everything_stored_about_one_person(void **state)
{
    (void)state;
    lt_resp resp;
    char uri[256];
    snprintf(uri, sizeof uri, BASE "%s", subject);
    uri[strlen(BASE)] = 'E'; /* asked for in another case */
    long before = hashed_audit_rows("data_subject_exported", subject);
    assert_int_equal(as(admin, admin_csrf, &resp, "GET", uri, NULL), 200);
    json_t *e = json_of(&resp);
    assert_int_equal(json_array_size(json_object_get(e, "participants")), 2);
    assert_int_equal(json_array_size(json_object_get(e, "contacts")), 1);
    json_t *contact = json_array_get(json_object_get(e, "contacts"), 0);
    assert_int_equal(json_array_size(json_object_get(contact, "named_in_offers")), 1);
    json_t *account = json_object_get(e, "user_account");
    assert_string_equal(str(account, "email"), subject);
    assert_int_equal(json_array_size(json_object_get(account, "sessions")), 1);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(e, "failed_sign_ins"), "failures")), 2);
    assert_null(strstr(resp.body.data, bystander));
    assert_string_equal(th_header(&resp, "Cache-Control"), "no-store");
    /* audited with the address's hash, and nowhere in the log in clear */
    assert_int_equal(hashed_audit_rows("data_subject_exported", subject), before + 1);
    assert_int_equal(count("SELECT count(*) FROM lotse.audit_log WHERE position(lower($1) IN"
                           " lower(coalesce(entity_id, ''))) > 0",
                           subject),
                     0);
}

static void an_erase_request_for_an_unknown_person_changes_nothing(void **state)
{
    (void)state;
    const char *before = totals();
    const char *unknown = "nobody-at-all@example.org";
    long audited = hashed_audit_rows("data_subject_not_found", unknown);
    lt_resp resp;
    assert_int_equal(as(admin, admin_csrf, &resp, "DELETE", BASE "nobody-at-all@example.org", NULL),
                     404);
    assert_non_null(strstr(str(json_of(&resp), "detail"), "Nothing was changed"));
    assert_int_equal(as(admin, admin_csrf, &resp, "GET", BASE "nobody-at-all@example.org", NULL),
                     404);
    assert_string_equal(totals(), before);
    /* the two requests stay in the audit log, refused as they were */
    assert_int_equal(hashed_audit_rows("data_subject_not_found", unknown), audited + 2);
}

static void only_an_administrator_may_ask_and_a_refusal_is_audited(void **state)
{
    (void)state;
    const char *before = totals();
    long refused = count("SELECT count(*) FROM lotse.audit_log WHERE action = 'access_refused'"
                         " AND entity = $1",
                         "data_subject");
    char uri[256];
    snprintf(uri, sizeof uri, BASE "%s", subject);
    lt_resp resp;
    assert_int_equal(as(coord_a, coord_a_csrf, &resp, "DELETE", uri, NULL), 403);
    assert_int_equal(as(esf, esf_csrf, &resp, "GET", uri, NULL), 403);
    assert_null(strstr(resp.body.data, "Erika"));
    assert_int_equal(as(NULL, NULL, &resp, "GET", uri, NULL), 401);
    assert_string_equal(totals(), before);
    assert_int_equal(count("SELECT count(*) FROM lotse.audit_log WHERE action = 'access_refused'"
                           " AND entity = $1",
                           "data_subject"),
                     refused + 2);
}

static void a_bad_address_or_the_callers_own_account_is_refused(void **state)
{
    (void)state;
    const char *before = totals();
    lt_resp resp;
    const char *bad[] = {BASE "not-an-email", BASE "two@at@example.org", BASE "a%20b@example.org"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(as(admin, admin_csrf, &resp, "DELETE", bad[i], NULL), 400);
        assert_string_equal(
            str(json_array_get(json_object_get(json_of(&resp), "errors"), 0), "field"), "email");
    }
    const char *params[] = {admin_id};
    const char *own =
        th_value(owner, th_group_arena, "SELECT email FROM lotse.users WHERE id = $1", 1, params);
    assert_int_equal(as(admin, admin_csrf, &resp, "DELETE",
                        lt_arena_printf(th_group_arena, BASE "%s", own), NULL),
                     409);
    assert_string_equal(totals(), before);
}

static void erases_the_person_everywhere_and_leaves_everyone_else(void **state)
{
    (void)state;
    long bystanders = count("SELECT count(*) FROM lotse.participants WHERE email = $1", bystander);
    assert_int_equal(bystanders, 2);
    char uri[256];
    snprintf(uri, sizeof uri, BASE "%s", subject);
    lt_resp resp;
    assert_int_equal(as(admin, admin_csrf, &resp, "DELETE", uri, NULL), 200);
    const char *request_id = lt_arena_strdup(th_group_arena, th_last_request_id);
    json_t *r = json_of(&resp);
    assert_int_equal(json_integer_value(json_object_get(r, "participants_deleted")), 2);
    assert_int_equal(json_integer_value(json_object_get(r, "contacts_deleted")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "offers_unpublished")), 1);
    assert_int_equal(json_integer_value(json_object_get(r, "failed_sign_ins_deleted")), 1);
    json_t *account = json_object_get(r, "user_account");
    assert_true(json_is_true(json_object_get(account, "anonymised")));
    assert_int_equal(json_integer_value(json_object_get(account, "sessions_deleted")), 1);
    assert_null(strstr(resp.body.data, subject));

    /* nothing of the person is left under the address */
    assert_int_equal(
        count("SELECT count(*) FROM lotse.participants WHERE lower(email) = $1", subject), 0);
    assert_int_equal(count("SELECT count(*) FROM lotse.contacts WHERE lower(email) = $1", subject),
                     0);
    assert_int_equal(count("SELECT count(*) FROM lotse.users WHERE lower(email) = $1", subject), 0);
    const char *params[] = {(const char *)json_string_value(json_object_get(account, "id"))};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT display_name || ' ' || disabled || ' ' ||"
                                 " (password_hash IS NULL) || ' ' || (SELECT count(*) FROM"
                                 " lotse.sessions s WHERE s.user_id = u.id)"
                                 " FROM lotse.users u WHERE id = $1",
                                 1, params),
                        "Erased account true true 0");
    /* the offer stays, without the contact and unpublished until the region reviews it */
    assert_int_equal(as(coord_a, coord_a_csrf, &resp, "GET", offer_uri, NULL), 200);
    json_t *offer = json_of(&resp);
    assert_true(json_is_null(json_object_get(offer, "contact_id")));
    assert_true(json_is_false(json_object_get(offer, "published")));
    /* everyone else's records are where they were */
    assert_int_equal(count("SELECT count(*) FROM lotse.participants WHERE email = $1", bystander),
                     bystanders);
    assert_int_equal(count("SELECT count(*) FROM lotse.contacts WHERE email = $1", bystander), 1);
    /* each erased record has its audit row in its region; the request its hash */
    assert_int_equal(count("SELECT count(DISTINCT region_id) FROM lotse.audit_log"
                           " WHERE action = 'participant_erased' AND request_id = $1",
                           request_id),
                     2);
    assert_int_equal(hashed_audit_rows("data_subject_erased", subject), 1);
    /* asked again, nothing is left to export or erase */
    assert_int_equal(as(admin, admin_csrf, &resp, "GET", uri, NULL), 404);
    assert_int_equal(as(admin, admin_csrf, &resp, "DELETE", uri, NULL), 404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exports_everything_stored_about_one_person),
        cmocka_unit_test(an_erase_request_for_an_unknown_person_changes_nothing),
        cmocka_unit_test(only_an_administrator_may_ask_and_a_refusal_is_audited),
        cmocka_unit_test(a_bad_address_or_the_callers_own_account_is_refused),
        cmocka_unit_test(erases_the_person_everywhere_and_leaves_everyone_else),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
