/* test_schema.c - declarative validation (src/http/schema.c). */
#include "lotse/schema.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static const char *const categories[] = {"events", "speaker_referrals", "other", NULL};
static const lt_field measure_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"category", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, categories},
    {"topics", LT_F_ENUM_SET, 0, 0, 3, categories},
    {"notes", LT_F_LONGTEXT, LT_FIELD_NULLABLE, 0, 1000, NULL},
    {"starts_on", LT_F_DATE, 0, 0, 0, NULL},
    {"joint", LT_F_BOOL, 0, 0, 0, NULL},
    {"seats", LT_F_INT, 0, 1, 500, NULL},
    {"url", LT_F_URL, 0, 0, 0, NULL},
    {"contact", LT_F_EMAIL, 0, 0, 0, NULL},
    {"owner", LT_F_UUID, 0, 0, 0, NULL},
    {"tags", LT_F_TEXT_LIST, 0, 0, 2, NULL},
};
static const lt_schema measure = {"measure", measure_fields,
                                  sizeof measure_fields / sizeof measure_fields[0]};

static int setup(void **state)
{
    *state = lt_arena_create(4096);
    return 0;
}

static int teardown(void **state)
{
    lt_arena_destroy(*state);
    return 0;
}

static void decref(void *v)
{
    json_decref(v);
}

/* Validates body; returns the status and, on 400, the errors array. */
static int check(lt_arena *a, const char *body, lt_validate_mode mode, lt_values *vals,
                 json_t **errors)
{
    lt_req req = {.arena = a, .method = "POST", .raw_uri = "/x", .request_id = "0123456789abcdef"};
    json_error_t e;
    req.json = json_loads(body, 0, &e);
    assert_non_null(req.json);
    lt_arena_on_reset(a, decref, req.json);
    lt_resp resp;
    lt_resp_init(&resp, a);
    int status = lt_validate(&req, &resp, &measure, mode, vals);
    *errors = NULL;
    if (status) {
        json_t *p = json_loads(resp.body.data, 0, &e);
        assert_non_null(p);
        lt_arena_on_reset(a, decref, p);
        *errors = json_object_get(p, "errors");
        assert_string_equal(resp.content_type, "application/problem+json");
    }
    return status;
}

/* The message for field in errors, or NULL. */
static const char *message_for(json_t *errors, const char *field)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "field")), field) == 0)
            return json_string_value(json_object_get(e, "message"));
    }
    return NULL;
}

static void accepts_a_complete_record_and_hands_out_parameter_text(void **state)
{
    lt_values v;
    json_t *errors;
    assert_int_equal(check(*state,
                           "{\"title\": \"Infoabend FEG\", \"category\": \"events\","
                           " \"topics\": [\"events\", \"other\"], \"notes\": null,"
                           " \"starts_on\": \"2028-02-29\", \"joint\": true, \"seats\": 40,"
                           " \"url\": \"https://example.org/a?b=c\", \"contact\": \"a@b.de\","
                           " \"owner\": \"123e4567-e89b-12d3-a456-426614174000\","
                           " \"tags\": [\"Bochum\"]}",
                           LT_VALIDATE_CREATE, &v, &errors),
                     0);
    assert_string_equal(v.text[lt_schema_index(&measure, "title")], "Infoabend FEG");
    assert_string_equal(v.text[lt_schema_index(&measure, "topics")], "[\"events\",\"other\"]");
    assert_null(v.text[lt_schema_index(&measure, "notes")]);
    assert_true(v.given[lt_schema_index(&measure, "notes")]);
    assert_string_equal(v.text[lt_schema_index(&measure, "joint")], "true");
    assert_string_equal(v.text[lt_schema_index(&measure, "seats")], "40");
    assert_string_equal(v.given_text[lt_schema_index(&measure, "url")], "t");
}

static void names_every_invalid_field_in_one_answer(void **state)
{
    lt_values v;
    json_t *errors;
    char *long_title = malloc(100 * 1024 + 512);
    strcpy(long_title, "{\"category\": \"parties\", \"title\": \"");
    size_t prefix = strlen(long_title);
    memset(long_title + prefix, 'x', 100 * 1024);
    long_title[prefix + 100 * 1024] = '\0';
    strcpy(long_title + strlen(long_title),
           "\", \"starts_on\": \"2027-02-29\", \"seats\": 0, \"joint\": \"yes\","
           " \"url\": \"javascript:alert(1)\", \"contact\": \"no-at\", \"owner\": \"42\","
           " \"topics\": [\"events\", \"events\"], \"tags\": [\"a\", \"b\", \"c\"],"
           " \"notes\": \"bell\\u0007\", \"region_id\": 7}");
    assert_int_equal(check(*state, long_title, LT_VALIDATE_CREATE, &v, &errors), 400);
    free(long_title);
    assert_string_equal(message_for(errors, "title"), "must be 1 to 200 characters");
    assert_non_null(strstr(message_for(errors, "category"), "must be one of: events"));
    assert_string_equal(message_for(errors, "starts_on"), "must be a date as YYYY-MM-DD");
    assert_non_null(message_for(errors, "seats"));
    assert_string_equal(message_for(errors, "joint"), "must be true or false");
    assert_non_null(message_for(errors, "url"));
    assert_non_null(message_for(errors, "contact"));
    assert_non_null(message_for(errors, "owner"));
    assert_string_equal(message_for(errors, "topics"), "must not name a value twice");
    assert_non_null(message_for(errors, "tags"));
    assert_non_null(message_for(errors, "notes"));
    /* a field the record does not have, e.g. another region's id, is refused, not ignored */
    assert_string_equal(message_for(errors, "region_id"), "is not a field of this record");
    assert_int_equal(json_array_size(errors), 12);
}

static void requires_fields_on_create_but_not_on_patch(void **state)
{
    lt_values v;
    json_t *errors;
    assert_int_equal(check(*state, "{}", LT_VALIDATE_CREATE, &v, &errors), 400);
    assert_string_equal(message_for(errors, "title"), "is required");
    assert_string_equal(message_for(errors, "category"), "is required");
    assert_int_equal(check(*state, "{\"seats\": 12}", LT_VALIDATE_PATCH, &v, &errors), 0);
    assert_false(v.given[lt_schema_index(&measure, "title")]);
    assert_string_equal(v.given_text[lt_schema_index(&measure, "title")], "f");
    assert_int_equal(check(*state, "{}", LT_VALIDATE_PATCH, &v, &errors), 400);
    assert_int_equal(check(*state, "{\"title\": null}", LT_VALIDATE_PATCH, &v, &errors), 400);
    assert_string_equal(message_for(errors, "title"), "must not be null");
}

static void counts_characters_not_bytes_and_refuses_control_characters(void **state)
{
    lt_values v;
    json_t *errors;
    /* 200 "ä" are 400 bytes but 200 characters */
    char body[1024] = "{\"category\": \"other\", \"title\": \"";
    for (int i = 0; i < 200; i++)
        strcat(body, "\xc3\xa4");
    strcat(body, "\"}");
    assert_int_equal(check(*state, body, LT_VALIDATE_CREATE, &v, &errors), 0);
    assert_int_equal(check(*state, "{\"category\": \"other\", \"title\": \"a\\nb\"}",
                           LT_VALIDATE_CREATE, &v, &errors),
                     400);
    assert_int_equal(check(*state,
                           "{\"category\": \"other\", \"title\": \"t\", \"notes\": \"a\\nb\\tc\"}",
                           LT_VALIDATE_CREATE, &v, &errors),
                     0);
    assert_int_equal(check(*state, "[1, 2]", LT_VALIDATE_CREATE, &v, &errors), 400);
}

static void knows_the_calendar(void **state)
{
    lt_values v;
    json_t *errors;
    const char *good[] = {"2024-02-29", "2000-02-29", "2027-09-30"};
    const char *bad[] = {"1900-02-29", "2027-02-29", "2027-04-31",      "2027-13-01",
                         "27-09-30",   "2027-9-30",  "2027-09-30T00:00"};
    char body[128];
    for (size_t i = 0; i < 3; i++) {
        snprintf(body, sizeof body, "{\"starts_on\": \"%s\"}", good[i]);
        assert_int_equal(check(*state, body, LT_VALIDATE_PATCH, &v, &errors), 0);
    }
    for (size_t i = 0; i < 7; i++) {
        snprintf(body, sizeof body, "{\"starts_on\": \"%s\"}", bad[i]);
        assert_int_equal(check(*state, body, LT_VALIDATE_PATCH, &v, &errors), 400);
    }
}

/* Without a request: errors are appended to the caller's list, and a call
 * fails only for what it found itself (an import checks row after row). */
static void validate_json_appends_to_the_callers_errors(void **state)
{
    lt_values v;
    json_t *errors = NULL;
    json_t *bad = json_loads("{\"title\": \"\", \"seats\": 0}", 0, NULL);
    json_t *good = json_loads("{\"title\": \"x\", \"category\": \"other\"}", 0, NULL);
    json_t *empty = json_object();
    assert_int_equal(lt_validate_json(*state, bad, &measure, LT_VALIDATE_CREATE, &v, &errors), -1);
    assert_int_equal(json_array_size(errors), 3); /* title, category, seats */
    assert_int_equal(lt_validate_json(*state, good, &measure, LT_VALIDATE_CREATE, &v, &errors), 0);
    assert_string_equal(v.text[0], "x");
    assert_int_equal(lt_validate_json(*state, empty, &measure, LT_VALIDATE_PATCH, &v, &errors), -1);
    assert_int_equal(json_array_size(errors), 4);
    assert_string_equal(message_for(errors, ""), "name at least one field to change");
    json_decref(bad);
    json_decref(good);
    json_decref(empty);
    json_decref(errors);
}

static const lt_field link_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"url", LT_F_URL, LT_FIELD_REQUIRED, 0, 0, NULL},
};
static const lt_schema link = {"link", link_fields, sizeof link_fields / sizeof link_fields[0]};
static const lt_field step_fields[] = {
    {"notes", LT_F_NOTE_LIST, 0, 0, 2, NULL},
    {"links", LT_F_OBJECT_LIST, LT_FIELD_REQUIRED, 1, 3, NULL},
    {"owner", LT_F_OBJECT, LT_FIELD_NULLABLE, 0, 0, NULL},
};
static const lt_schema step = {"step", step_fields, sizeof step_fields / sizeof step_fields[0]};

static json_t *parsed(lt_arena *a, const char *text)
{
    json_t *v = json_loads(text, 0, NULL);
    assert_non_null(v);
    lt_arena_on_reset(a, decref, v);
    return v;
}

/* Hands errors (the caller's, as lt_check_object leaves them) to the arena to free. */
static void drop(lt_arena *a, json_t **errors)
{
    if (*errors)
        lt_arena_on_reset(a, decref, *errors);
    *errors = NULL;
}

static void nested_records_are_checked_and_named_by_their_path(void **state)
{
    lt_arena *a = *state;
    lt_values v;
    json_t *errors = NULL;
    json_t *obj = parsed(a, "{\"links\": [{\"title\": \"a\", \"url\": \"https://a.de\"}],"
                            " \"owner\": {\"kind\": \"fai\"}}");
    assert_true(lt_check_object(a, &step, obj, LT_VALIDATE_CREATE, "steps[2]", &v, &errors));
    assert_null(errors);
    assert_string_equal(v.text[1], "[{\"title\":\"a\",\"url\":\"https://a.de\"}]");
    assert_string_equal(v.text[2], "{\"kind\":\"fai\"}");
    /* the members of each element with the element's own schema, under its path */
    assert_true(lt_check_object(a, &link, json_array_get(json_object_get(obj, "links"), 0),
                                LT_VALIDATE_CREATE, "steps[2].links[0]", &v, &errors));
    obj = parsed(a, "{\"links\": [{\"url\": \"ftp://a\", \"rel\": 1}]}");
    assert_false(lt_check_object(a, &link, json_array_get(json_object_get(obj, "links"), 0),
                                 LT_VALIDATE_CREATE, "steps[2].links[0]", &v, &errors));
    assert_string_equal(message_for(errors, "steps[2].links[0].title"), "is required");
    assert_string_equal(message_for(errors, "steps[2].links[0].url"),
                        "must be an http or https address");
    assert_string_equal(message_for(errors, "steps[2].links[0].rel"),
                        "is not a field of this record");
    /* the shape of nested members: objects, counted */
    drop(a, &errors);
    obj = parsed(a, "{\"links\": [1], \"owner\": []}");
    assert_false(lt_check_object(a, &step, obj, LT_VALIDATE_CREATE, "", &v, &errors));
    assert_string_equal(message_for(errors, "links"), "entries must be JSON objects");
    assert_string_equal(message_for(errors, "owner"), "must be a JSON object");
    drop(a, &errors);
    obj = parsed(a, "{\"links\": []}");
    assert_false(lt_check_object(a, &step, obj, LT_VALIDATE_CREATE, "", &v, &errors));
    assert_string_equal(message_for(errors, "links"), "must have 1 to 3 entries");
    drop(a, &errors);
    assert_false(
        lt_check_object(a, &step, parsed(a, "[]"), LT_VALIDATE_CREATE, "steps[0]", &v, &errors));
    assert_string_equal(message_for(errors, "steps[0]"), "a step must be a JSON object");
    drop(a, &errors);
}

static void note_lists_take_entries_of_up_to_five_hundred_characters(void **state)
{
    lt_arena *a = *state;
    lt_values v;
    json_t *errors = NULL;
    char body[1200] = "{\"links\": [{}], \"notes\": [\"";
    size_t n = strlen(body);
    memset(body + n, 'x', 500);
    strcpy(body + n + 500, "\"]}");
    json_t *obj = parsed(a, body);
    lt_check_object(a, &step, obj, LT_VALIDATE_CREATE, "", &v, &errors);
    assert_null(message_for(errors, "notes"));
    strcpy(body + n + 500, "y\"]}");
    drop(a, &errors);
    lt_check_object(a, &step, parsed(a, body), LT_VALIDATE_CREATE, "", &v, &errors);
    assert_string_equal(message_for(errors, "notes"),
                        "entries must be one line of 1 to 500 characters each");
    drop(a, &errors);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(accepts_a_complete_record_and_hands_out_parameter_text),
        T(names_every_invalid_field_in_one_answer),
        T(requires_fields_on_create_but_not_on_patch),
        T(counts_characters_not_bytes_and_refuses_control_characters),
        T(knows_the_calendar),
        T(validate_json_appends_to_the_callers_errors),
        T(nested_records_are_checked_and_named_by_their_path),
        T(note_lists_take_entries_of_up_to_five_hundred_characters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
