/* test_log.c - JSON lines (src/core/log.c): fields, escaping, threads, reopening. */
#include "lotse/log.h"

#include <jansson.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char path[64];

static int open_temp_log(void **state)
{
    (void)state;
    strcpy(path, "/tmp/lotse-log-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(lt_log_open(path), 0);
    return 0;
}

static int close_temp_log(void **state)
{
    (void)state;
    lt_log_close();
    unlink(path);
    return 0;
}

/* Every line of the file, parsed; fails the test if any line is not a JSON object. */
static json_t *read_lines(const char *file)
{
    FILE *f = fopen(file, "r");
    assert_non_null(f);
    json_t *lines = json_array();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t e;
        json_t *v = json_loads(line, JSON_REJECT_DUPLICATES, &e);
        if (!v)
            fail_msg("line does not parse (%s): %s", e.text, line);
        assert_true(json_is_object(v));
        json_array_append_new(lines, v);
    }
    free(line);
    fclose(f);
    return lines;
}

static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static void request_line_has_every_field(void **state)
{
    (void)state;
    lt_log_request("GET", "/api/v1/regions?limit=5", 200, 1.23456, "abc123");
    json_t *lines = read_lines(path);
    assert_int_equal(json_array_size(lines), 1);
    json_t *l = json_array_get(lines, 0);
    assert_string_equal(str(l, "level"), "info");
    assert_string_equal(str(l, "event"), "request");
    assert_string_equal(str(l, "method"), "GET");
    assert_string_equal(str(l, "path"), "/api/v1/regions"); /* no query string */
    assert_int_equal(json_integer_value(json_object_get(l, "status")), 200);
    assert_true(json_real_value(json_object_get(l, "duration_ms")) > 1.2);
    assert_string_equal(str(l, "request_id"), "abc123");
    assert_int_equal(json_integer_value(json_object_get(l, "pid")), getpid());
    /* 2024-05-01T12:34:56.789Z */
    const char *ts = str(l, "ts");
    assert_int_equal(strlen(ts), 24);
    assert_true(ts[4] == '-' && ts[10] == 'T' && ts[19] == '.' && ts[23] == 'Z');
    json_decref(lines);
}

static void a_data_subject_path_is_logged_without_the_address(void **state)
{
    (void)state;
    lt_log_request("GET", "/api/v1/data-subjects/erika.mustermann%40example.org?x=1", 200, 1.0,
                   "abc");
    json_t *lines = read_lines(path);
    assert_string_equal(str(json_array_get(lines, 0), "path"), "/api/v1/data-subjects/(redacted)");
    json_decref(lines);
}

static void missing_request_id_is_null(void **state)
{
    (void)state;
    lt_log_request("GET", "/", 404, 0.1, NULL);
    json_t *lines = read_lines(path);
    assert_true(json_is_null(json_object_get(json_array_get(lines, 0), "request_id")));
    json_decref(lines);
}

static void hostile_strings_are_escaped(void **state)
{
    (void)state;
    const char *path_in = "/a\"b\\c\nd\te\x01\x1f\x7f/\xc3\xa9/\xff\xfe/\xc0\xaf/\xed\xa0\x80/end";
    lt_log_request("GE\"T", path_in, 400, 0.5, "id\r\n{\"forged\":1}");
    lt_log_event("warn", "ev\"ent", "msg with %s and %d", "\"quotes\"\n\x02", 42);
    json_t *lines = read_lines(path);
    assert_int_equal(json_array_size(lines), 2);
    json_t *r = json_array_get(lines, 0);
    assert_string_equal(str(r, "method"), "GE\"T");
    /* valid UTF-8 (é) survives; each invalid byte (\xff, \xfe, overlong, surrogate)
     * becomes U+FFFD */
    assert_string_equal(str(r, "path"), "/a\"b\\c\nd\te\x01\x1f\x7f/\xc3\xa9/"
                                        "\xef\xbf\xbd\xef\xbf\xbd/\xef\xbf\xbd\xef\xbf\xbd/"
                                        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd/end");
    assert_string_equal(str(r, "request_id"), "id\r\n{\"forged\":1}");
    assert_null(json_object_get(r, "forged"));
    json_t *e = json_array_get(lines, 1);
    assert_string_equal(str(e, "level"), "warn");
    assert_string_equal(str(e, "event"), "ev\"ent");
    assert_string_equal(str(e, "msg"), "msg with \"quotes\"\n\x02 and 42");
    json_decref(lines);
}

static void long_messages_stay_one_line(void **state)
{
    (void)state;
    char *big = malloc(20000);
    memset(big, 'x', 19999);
    big[19999] = '\0';
    lt_log_event("info", "big", "%s", big);
    json_t *lines = read_lines(path);
    assert_int_equal(json_array_size(lines), 1);
    assert_int_equal(strlen(str(json_array_get(lines, 0), "msg")), 19999);
    json_decref(lines);
    free(big);
}

#define THREADS    4
#define PER_THREAD 500

static void *log_many(void *arg)
{
    for (int i = 0; i < PER_THREAD; i++)
        lt_log_request("POST", "/api/v1/inquiries", 201, (double)i, (const char *)arg);
    return NULL;
}

static void threads_never_interleave(void **state)
{
    (void)state;
    pthread_t t[THREADS];
    const char *ids[THREADS] = {"t0", "t1", "t2", "t3"};
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, log_many, (void *)ids[i]);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    json_t *lines = read_lines(path); /* fails on any torn line */
    assert_int_equal(json_array_size(lines), THREADS * PER_THREAD);
    json_decref(lines);
}

static void reopen_moves_to_the_new_file(void **state)
{
    (void)state;
    char second[64] = "/tmp/lotse-log2-XXXXXX";
    int fd = mkstemp(second);
    close(fd);
    lt_log_event("info", "before", "one");
    assert_int_equal(lt_log_open(second), 0);
    lt_log_event("info", "after", "two");
    json_t *a = read_lines(path), *b = read_lines(second);
    assert_int_equal(json_array_size(a), 1);
    assert_int_equal(json_array_size(b), 1);
    assert_string_equal(str(json_array_get(b, 0), "event"), "after");
    json_decref(a);
    json_decref(b);
    unlink(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(request_line_has_every_field, open_temp_log,
                                        close_temp_log),
        cmocka_unit_test_setup_teardown(a_data_subject_path_is_logged_without_the_address,
                                        open_temp_log, close_temp_log),
        cmocka_unit_test_setup_teardown(missing_request_id_is_null, open_temp_log, close_temp_log),
        cmocka_unit_test_setup_teardown(hostile_strings_are_escaped, open_temp_log, close_temp_log),
        cmocka_unit_test_setup_teardown(long_messages_stay_one_line, open_temp_log, close_temp_log),
        cmocka_unit_test_setup_teardown(threads_never_interleave, open_temp_log, close_temp_log),
        cmocka_unit_test_setup_teardown(reopen_moves_to_the_new_file, open_temp_log,
                                        close_temp_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
