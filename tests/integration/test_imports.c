/*
 * test_imports.c - inquiries and participants imported from CSV files as office
 * tools save them (Windows-1252 with ';', UTF-8 with a BOM and ','), all or
 * nothing: a file with a bad row anywhere is refused whole with every bad row
 * and field listed, including those only the database can judge, and nothing
 * is stored; a dry run judges without storing; a replayed Idempotency-Key
 * imports nothing twice.
 */
#include "harness.h"
#include "lotse/import.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#define REGION  "koeln"
#define OTHER   "aachen"
#define BASE    "/api/v1/regions/" REGION
#define IMPORTS BASE "/imports/inquiries"

static PGconn *owner;
static char token[TH_TOKEN_SIZE], csrf[TH_TOKEN_SIZE];
static char other_token[TH_TOKEN_SIZE], other_csrf[TH_TOKEN_SIZE];
static char other_offer_id[TH_UUID_SIZE], joint_event[TH_UUID_SIZE], lone_event[TH_UUID_SIZE];

/* POSTs a file (content_type, body) as the coordinator, with an Idempotency-Key when key. */
static int post_file(lt_resp *resp, const char *uri, const char *content_type, const char *body,
                     const char *key)
{
    lt_pair headers[3];
    size_t n = 0;
    headers[n++] = (lt_pair){"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", token)};
    headers[n++] = (lt_pair){"x-csrf-token", csrf};
    if (key)
        headers[n++] = (lt_pair){"idempotency-key", key};
    return th_request_h(th_group_app, th_group_arena, resp, "POST", uri, content_type, body,
                        headers, n);
}

static int post_csv(lt_resp *resp, const char *uri, const char *body)
{
    return post_file(resp, uri, "text/csv; charset=windows-1252", body, NULL);
}

static json_t *json_of(const lt_resp *resp)
{
    return th_json(th_group_arena, resp);
}

static int inquiries(void)
{
    return atoi(th_scalar(owner, "SELECT count(*) FROM lotse.inquiries i JOIN lotse.regions r"
                                 " ON r.id = i.region_id WHERE r.slug = '" REGION "'"));
}

/* Error i of a problem: its line, field and message must be as given. */
static void expect_error(json_t *problem, size_t i, int line, const char *field)
{
    json_t *e = json_array_get(json_object_get(problem, "errors"), i);
    if (!e)
        fail_msg("no error %zu in %s", i, json_dumps(problem, 0));
    assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
    assert_string_equal(json_string_value(json_object_get(e, "field")), field);
    assert_non_null(json_string_value(json_object_get(e, "message")));
}

static void create(const char *t, const char *c, const char *uri, const char *body, char *id)
{
    lt_resp resp;
    int status =
        th_request_signed(th_group_app, th_group_arena, &resp, "POST", uri, body, t, c, NULL, NULL);
    if (status != 201)
        fail_msg("POST %s: %d %s", uri, status, resp.body.data);
    snprintf(id, TH_UUID_SIZE, "%s", json_string_value(json_object_get(json_of(&resp), "id")));
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    th_scalar(owner, "SELECT set_config('lotse.region_ids', (SELECT '{' ||"
                     " string_agg(id::text, ',') || '}' FROM lotse.regions), false)");
    th_sign_in(owner, "import", NULL, REGION, "coordinator", token, csrf, NULL);
    th_sign_in(owner, "import-other", NULL, OTHER, "coordinator", other_token, other_csrf, NULL);
    create(other_token, other_csrf, "/api/v1/regions/" OTHER "/offers",
           "{\"title\": \"Fremd\", \"provider\": \"ihk\", \"url\": \"https://example.org/x\"}",
           other_offer_id);
    create(token, csrf, BASE "/activities",
           "{\"title\": \"Netzwerktreffen\", \"kind\": \"event\", \"starts_on\": \"2026-03-10\","
           " \"joint\": true}",
           joint_event);
    create(token, csrf, BASE "/activities",
           "{\"title\": \"Eigene Veranstaltung\", \"kind\": \"event\", \"starts_on\":"
           " \"2026-03-11\"}",
           lone_event);
    lt_arena_reset(th_group_arena);
    return 0;
}

static int teardown(void **state)
{
    PQfinish(owner);
    return th_teardown(state);
}

static void a_windows_1252_file_with_semicolons_keeps_its_umlauts(void **state)
{
    (void)state;
    int before = inquiries();
    /* as German Excel saves "CSV (Trennzeichen-getrennt)": Windows-1252, ';' */
    const char *file = "Eingangsdatum;Kanal;Unternehmen;Ort;Gr\xF6\xDF"
                       "e;Branche;Themen;Zill\xE4nder;Beruf\r\n"
                       "15.01.2026;Telefon;B\xE4"
                       "ckerei M\xFCller;K\xF6ln;Klein;C;\"Anerkennung, Visum\";TR;B\xE4"
                       "cker\r\n"
                       "2026-01-16;E-Mail;Stra\xDF"
                       "enbau \x80uro GmbH;K\xF6ln;mittel;F;Familiennachzug;\"SY\nAF\";Maurer\r\n";
    lt_resp resp;
    int status = post_csv(&resp, IMPORTS, file);
    if (status != 400) /* "Zillnder" is not a column: the header is checked first */
        fail_msg("status %d: %s", status, resp.body.data);
    json_t *p = json_of(&resp);
    expect_error(p, 0, 1, "");
    assert_non_null(strstr(json_string_value(json_object_get(
                               json_array_get(json_object_get(p, "errors"), 0), "column")),
                           "Zill\xC3\xA4nder"));
    assert_int_equal(inquiries(), before);

    file = "Eingangsdatum;Kanal;Unternehmen;Ort;Gr\xF6\xDF"
           "e;Branche;Themen;Ziell\xE4nder;Beruf\r\n"
           "15.01.2026;Telefon;B\xE4"
           "ckerei M\xFCller;K\xF6ln;Klein;C;\"Anerkennung, Visum\";TR;B\xE4"
           "cker\r\n"
           "2026-01-16;E-Mail;Stra\xDF"
           "enbau \x80uro GmbH;K\xF6ln;mittel;F;Familiennachzug;\"SY\nAF\";Maurer\r\n";
    status = post_csv(&resp, IMPORTS, file);
    if (status != 201)
        fail_msg("status %d: %s", status, resp.body.data);
    p = json_of(&resp);
    assert_int_equal(json_integer_value(json_object_get(p, "imported")), 2);
    assert_int_equal(json_array_size(json_object_get(p, "ids")), 2);
    assert_string_equal(json_string_value(json_object_get(p, "encoding")), "windows-1252");
    assert_string_equal(json_string_value(json_object_get(p, "separator")), ";");
    assert_int_equal(inquiries(), before + 2);

    /* stored as UTF-8, the labels become the codes */
    const char *id = json_string_value(json_array_get(json_object_get(p, "ids"), 0));
    assert_int_equal(th_request_signed(th_group_app, th_group_arena, &resp, "GET",
                                       lt_arena_printf(th_group_arena, BASE "/inquiries/%s", id),
                                       NULL, token, csrf, NULL, NULL),
                     200);
    json_t *inquiry = json_of(&resp);
    assert_string_equal(json_string_value(json_object_get(inquiry, "occupation")), "B\xC3\xA4"
                                                                                   "cker");
    assert_string_equal(json_string_value(json_object_get(inquiry, "channel")), "phone");
    assert_string_equal(json_string_value(json_object_get(inquiry, "received_on")), "2026-01-15");
    json_t *company = json_object_get(inquiry, "company");
    assert_string_equal(json_string_value(json_object_get(company, "name")),
                        "B\xC3\xA4"
                        "ckerei M\xC3\xBCller");
    assert_string_equal(json_string_value(json_object_get(inquiry, "size_class")), "small");
    json_t *topics = json_object_get(inquiry, "topics");
    assert_int_equal(json_array_size(topics), 2);
    assert_string_equal(json_string_value(json_array_get(topics, 0)), "recognition");
    assert_string_equal(json_string_value(json_array_get(topics, 1)), "visa_and_entry");
    assert_string_equal(th_scalar(owner, "SELECT name FROM lotse.companies WHERE name LIKE "
                                         "'Stra%enbau%'"),
                        "Stra\xC3\x9F"
                        "enbau \xE2\x82\xACuro GmbH");
}

static void a_bad_row_on_line_4999_of_5000_refuses_the_whole_file(void **state)
{
    (void)state;
    int before = inquiries();
    lt_buf file;
    lt_buf_init(&file, th_group_arena);
    lt_buf_puts(&file, "received_on,channel,occupation\n");
    for (int line = 2; line <= LT_IMPORT_MAX_ROWS + 1; line++)
        lt_buf_printf(&file, "%s,email,Pflegefachkraft %d\n",
                      line == 4999 ? "31.02.2026" : "20.01.2026", line);
    lt_resp resp;
    assert_int_equal(post_csv(&resp, IMPORTS, file.data), 400);
    json_t *p = json_of(&resp);
    assert_int_equal(json_array_size(json_object_get(p, "errors")), 1);
    expect_error(p, 0, 4999, "received_on");
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(p, "errors"), 0), "column")),
                        "received_on");
    assert_int_equal(inquiries(), before);
}

/* More rows than one savepoint's chunk: stored whole, each once, audited per row. */
static void a_file_of_several_chunks_is_stored_whole(void **state)
{
    (void)state;
    int before = inquiries();
    int rows = 2 * LT_IMPORT_CHUNK_ROWS + 500;
    lt_buf file;
    lt_buf_init(&file, th_group_arena);
    lt_buf_puts(&file, "received_on,channel,topics,occupation\n");
    for (int i = 0; i < rows; i++)
        lt_buf_printf(&file, "2026-0%d-1%d,phone,\"housing; language\",chunked %d\n", i % 9 + 1,
                      i % 10, i);
    lt_resp resp;
    int status = post_csv(&resp, IMPORTS, file.data);
    if (status != 201)
        fail_msg("status %d: %.300s", status, resp.body.data);
    json_t *p = json_of(&resp);
    assert_int_equal(json_integer_value(json_object_get(p, "imported")), rows);
    json_t *ids = json_object_get(p, "ids");
    assert_int_equal(json_array_size(ids), rows);
    assert_int_equal(inquiries(), before + rows);
    /* the ids answered are those stored, in the file's order */
    const char *first[] = {json_string_value(json_array_get(ids, 0))};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT occupation FROM lotse.inquiries WHERE id = $1", 1, first),
                        "chunked 0");
    const char *last[] = {json_string_value(json_array_get(ids, (size_t)rows - 1))};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT occupation FROM lotse.inquiries WHERE id = $1", 1, last),
                        lt_arena_printf(th_group_arena, "chunked %d", rows - 1));
    assert_int_equal(atoi(th_scalar(owner, "SELECT count(DISTINCT occupation) FROM lotse.inquiries"
                                           " WHERE occupation LIKE 'chunked %'")),
                     rows);
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    assert_int_equal(atoi(th_scalar(owner, "SELECT count(*) FROM lotse.audit_log a JOIN"
                                           " lotse.inquiries i ON i.id::text = a.entity_id"
                                           " WHERE a.action = 'inquiry_created'"
                                           " AND i.occupation LIKE 'chunked %'")),
                     rows);
}

/*
 * Rows the database refuses (a trigger's rule, which aborts the statement) and
 * rows the handler refuses after a query (another region's offer), first, last,
 * on both sides of a chunk's end and next to each other: every one is listed
 * once, the good rows around them are not, and nothing is stored.
 */
static void rows_the_database_refuses_are_listed_in_every_chunk(void **state)
{
    (void)state;
    int before = inquiries();
    int rows = 2 * LT_IMPORT_CHUNK_ROWS + 500;
    const int bad[] = {2,
                       500,
                       501,
                       LT_IMPORT_CHUNK_ROWS + 1,
                       LT_IMPORT_CHUNK_ROWS + 2,
                       LT_IMPORT_CHUNK_ROWS + 3,
                       2 * LT_IMPORT_CHUNK_ROWS + 100,
                       rows + 1};
    const size_t nbad = sizeof bad / sizeof bad[0];
    lt_buf file;
    lt_buf_init(&file, th_group_arena);
    lt_buf_puts(&file, "received_on,channel,received_by,stays_with_fai,offer_id,occupation\n");
    for (int line = 2; line <= rows + 1; line++) {
        size_t k = 0;
        while (k < nbad && bad[k] != line)
            k++;
        if (k == nbad)
            lt_buf_printf(&file, "2026-02-01,email,region,,,refused %d\n", line);
        else if (k % 3 == 1) /* another region's offer: refused after a query */
            lt_buf_printf(&file, "2026-02-01,email,region,,%s,refused %d\n", other_offer_id, line);
        else /* only the FAI's inquiries stay with it: the trigger refuses */
            lt_buf_printf(&file, "2026-02-01,email,region,ja,,refused %d\n", line);
    }
    lt_resp resp;
    int status = post_csv(&resp, IMPORTS, file.data);
    if (status != 400)
        fail_msg("status %d: %.300s", status, resp.body.data);
    json_t *p = json_of(&resp);
    assert_int_equal(json_array_size(json_object_get(p, "errors")), nbad);
    for (size_t k = 0; k < nbad; k++)
        expect_error(p, k, bad[k], k % 3 == 1 ? "offer_id" : "stays_with_fai");
    assert_int_equal(inquiries(), before);
    assert_string_equal(th_scalar(owner, "SELECT count(*) FROM lotse.inquiries"
                                         " WHERE occupation LIKE 'refused %'"),
                        "0");
    /* the same file as a dry run: the same errors */
    assert_int_equal(post_csv(&resp, IMPORTS "?dry_run=true", file.data), 400);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "errors")), nbad);
}

/* Every row refused by the database: the first ones fill the list, the rest are
 * not run, and the answer says from which line on. */
static void a_file_of_more_refusals_than_are_listed_stops_being_judged(void **state)
{
    (void)state;
    int before = inquiries();
    lt_buf file;
    lt_buf_init(&file, th_group_arena);
    lt_buf_puts(&file, "received_on,channel,received_by,stays_with_fai\n");
    for (int i = 0; i < LT_CSV_MAX_ERRORS + 200; i++)
        lt_buf_puts(&file, "2026-02-01,email,region,ja\n");
    lt_resp resp;
    assert_int_equal(post_csv(&resp, IMPORTS, file.data), 400);
    json_t *p = json_of(&resp);
    json_t *errors = json_object_get(p, "errors");
    assert_int_equal(json_array_size(errors), LT_CSV_MAX_ERRORS);
    /* the file as a whole first (no line), then line 2 on */
    json_t *stop = json_array_get(errors, 0);
    assert_null(json_object_get(stop, "line"));
    assert_non_null(strstr(json_string_value(json_object_get(stop, "message")),
                           lt_arena_printf(th_group_arena, "from line %d on were not checked",
                                           LT_CSV_MAX_ERRORS + 1)));
    expect_error(p, 1, 2, "stays_with_fai");
    expect_error(p, LT_CSV_MAX_ERRORS - 1, LT_CSV_MAX_ERRORS, "stays_with_fai");
    assert_int_equal(inquiries(), before);
}

static void more_rows_than_an_import_takes_are_refused_before_any_is_judged(void **state)
{
    (void)state;
    int before = inquiries();
    lt_buf file;
    lt_buf_init(&file, th_group_arena);
    lt_buf_puts(&file, "received_on;channel\n");
    for (int i = 0; i < LT_IMPORT_MAX_ROWS + 1; i++)
        lt_buf_puts(&file, "01.02.2026;Telefon\n");
    lt_resp resp;
    assert_int_equal(post_csv(&resp, IMPORTS, file.data), 413);
    json_t *p = json_of(&resp);
    assert_string_equal(resp.content_type, "application/problem+json");
    assert_non_null(strstr(json_string_value(json_object_get(p, "detail")),
                           lt_arena_printf(th_group_arena,
                                           "The file has %d rows; an import takes"
                                           " at most %d rows per file: split it",
                                           LT_IMPORT_MAX_ROWS + 1, LT_IMPORT_MAX_ROWS)));
    assert_int_equal(inquiries(), before);
}

static void rules_only_the_database_knows_are_listed_for_every_row(void **state)
{
    (void)state;
    int before = inquiries();
    const char *file = lt_arena_printf(th_group_arena,
                                       "received_on,channel,offer_id,stays_with_fai,received_by\n"
                                       "2026-02-01,email,,,\n"
                                       "2026-02-02,email,%s,,\n" /* another region's offer */
                                       "2026-02-03,phone,,,\n"
                                       "2026-02-04,phone,,ja,region\n", /* stays with FAI? */
                                       other_offer_id);
    lt_resp resp;
    int status = post_csv(&resp, IMPORTS, file);
    if (status != 400)
        fail_msg("status %d: %s", status, resp.body.data);
    json_t *p = json_of(&resp);
    assert_int_equal(json_array_size(json_object_get(p, "errors")), 2);
    expect_error(p, 0, 3, "offer_id");
    expect_error(p, 1, 5, "stays_with_fai");
    assert_int_equal(inquiries(), before); /* lines 2 and 4 were good, and are not stored */
}

static void a_dry_run_judges_without_storing(void **state)
{
    (void)state;
    int before = inquiries();
    const char *file = "\xEF\xBB\xBFreceived_on,channel,topics\r\n"
                       "2026-02-10,website,housing\r\n"
                       "2026-02-11,referral,\"language; funding\"\r\n";
    lt_resp resp;
    assert_int_equal(post_csv(&resp, IMPORTS "?dry_run=true", file), 200);
    json_t *p = json_of(&resp);
    assert_true(json_is_true(json_object_get(p, "dry_run")));
    assert_int_equal(json_integer_value(json_object_get(p, "rows")), 2);
    assert_int_equal(json_integer_value(json_object_get(p, "imported")), 0);
    assert_string_equal(json_string_value(json_object_get(p, "encoding")), "utf-8");
    assert_int_equal(inquiries(), before);
    assert_int_equal(post_csv(&resp, IMPORTS "?dry_run=maybe", file), 400);

    /* the same file for real, twice with one Idempotency-Key: stored once */
    const char *key = lt_arena_printf(th_group_arena, "import-%d", (int)getpid());
    assert_int_equal(post_file(&resp, IMPORTS, "text/csv", file, key), 201);
    assert_int_equal(inquiries(), before + 2);
    assert_int_equal(post_file(&resp, IMPORTS, "text/csv", file, key), 201);
    assert_string_equal(th_header(&resp, "Idempotent-Replayed"), "true");
    assert_int_equal(inquiries(), before + 2);
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin', false)");
    assert_string_equal(th_scalar(owner, "SELECT count(*) > 0 FROM lotse.audit_log"
                                         " WHERE action = 'inquiries_imported'"),
                        "t");
}

static void a_file_that_is_not_a_table_is_refused_clearly(void **state)
{
    (void)state;
    int before = inquiries();
    lt_resp resp;
    /* JSON is not a CSV file */
    assert_int_equal(post_file(&resp, IMPORTS, "application/json", "{}", NULL), 415);
    /* a header with an unknown column and without the required ones */
    assert_int_equal(post_csv(&resp, IMPORTS, "Farbe,occupation\nrot,Koch\n"), 400);
    json_t *p = json_of(&resp);
    assert_true(json_array_size(json_object_get(p, "errors")) >= 3);
    expect_error(p, 0, 1, "");
    /* a header and nothing else */
    assert_int_equal(post_csv(&resp, IMPORTS, "received_on,channel\n"), 400);
    /* an Excel workbook sent as if it were CSV */
    assert_int_equal(post_csv(&resp, IMPORTS, "PK\x03\x04xl/workbook.xml"), 400);
    /* rows of the wrong width */
    assert_int_equal(post_csv(&resp, IMPORTS, "received_on,channel\n2026-01-01,email,x\n"), 400);
    expect_error(json_of(&resp), 0, 2, "");
    assert_int_equal(inquiries(), before);
}

static int participants(void)
{
    const char *id[] = {joint_event};
    return atoi(th_value(owner, th_group_arena,
                         "SELECT count(*) FROM lotse.participants WHERE activity_id = $1", 1, id));
}

static void participants_of_a_joint_event_are_imported(void **state)
{
    (void)state;
    const char *file = "Name;E-Mail;Organisation;Teilnahmedatum;Teilnahme best\xE4tigt durch;"
                       "Informiert am;Informiert durch;ESF-Einwilligung\r\n"
                       "J\xFCrgen Wei\xDF;jw@example.org;Stadtwerke;10.03.2026;Unterschrift;"
                       "10.03.2026;Anmeldeformular;ja\r\n"
                       "Ayse Yilmaz;;;10.03.2026;online;01.03.2026;E-Mail;nein\r\n";
    lt_resp resp;
    const char *uri =
        lt_arena_printf(th_group_arena, BASE "/imports/participants?activity=%s", joint_event);
    int status = post_csv(&resp, uri, file);
    if (status != 201)
        fail_msg("status %d: %s", status, resp.body.data);
    assert_int_equal(participants(), 2);
    assert_string_equal(th_scalar(owner, "SELECT name FROM lotse.participants"
                                         " WHERE email = 'jw@example.org'"),
                        "J\xC3\xBCrgen Wei\xC3\x9F");

    /* a day that is not the event's is that row's error; nothing of the file is stored */
    file = "name,participated_on,attendance_confirmed_by,information_given_on,information_how,"
           "esf_reporting_consent\n"
           "Eva,2026-03-10,signature,2026-03-01,email,true\n"
           "Max,2026-03-12,signature,2026-03-01,email,true\n"
           "Ida,2026-03-10,signature,2026-03-01,email,true\n"
           "Ole,2026-03-13,signature,2026-03-01,email,true\n";
    assert_int_equal(post_csv(&resp, uri, file), 400);
    assert_int_equal(json_array_size(json_object_get(json_of(&resp), "errors")), 2);
    expect_error(json_of(&resp), 0, 3, "participated_on");
    expect_error(json_of(&resp), 1, 5, "participated_on");
    assert_int_equal(participants(), 2);

    /* an event that is not joint: one answer for the file, not one per row */
    uri = lt_arena_printf(th_group_arena, BASE "/imports/participants?activity=%s", lone_event);
    assert_int_equal(post_csv(&resp, uri, file), 409);
    /* no activity, or one that does not exist */
    assert_int_equal(post_csv(&resp, BASE "/imports/participants", file), 400);
    assert_int_equal(
        post_csv(&resp, BASE "/imports/participants?activity=00000000-0000-4000-8000-000000000000",
                 file),
        404);
    assert_int_equal(participants(), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_windows_1252_file_with_semicolons_keeps_its_umlauts),
        cmocka_unit_test(a_bad_row_on_line_4999_of_5000_refuses_the_whole_file),
        cmocka_unit_test(a_file_of_several_chunks_is_stored_whole),
        cmocka_unit_test(rows_the_database_refuses_are_listed_in_every_chunk),
        cmocka_unit_test(a_file_of_more_refusals_than_are_listed_stops_being_judged),
        cmocka_unit_test(more_rows_than_an_import_takes_are_refused_before_any_is_judged),
        cmocka_unit_test(rules_only_the_database_knows_are_listed_for_every_row),
        cmocka_unit_test(a_dry_run_judges_without_storing),
        cmocka_unit_test(a_file_that_is_not_a_table_is_refused_clearly),
        cmocka_unit_test(participants_of_a_joint_event_are_imported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
