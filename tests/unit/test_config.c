/* test_config.c - lotsed's configuration file and environment (src/core/config.c). */
#include "lotse/config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char path[64];

/* Writes text to a fresh temporary file whose name is left in `path`. */
static const char *file_with(const char *text)
{
    strcpy(path, "/tmp/lotse-config-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static int cleanup(void **state)
{
    (void)state;
    if (path[0])
        unlink(path);
    path[0] = '\0';
    unsetenv("LOTSE_WORKERS");
    unsetenv("LOTSE_DATABASE");
    unsetenv("LOTSE_READ_DATABASE");
    unsetenv("LOTSE_LISTEN");
    return 0;
}

static void defaults_match_the_header(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    unsetenv("LOTSE_SIGNING_KEY"); /* the test environment names the fixture's key */
    assert_int_equal(lt_config_load(&c, NULL, err, sizeof err), 0);
    assert_string_equal(c.listen, "unix:var/run/lotsed.sock");
    assert_int_equal(c.socket_mode, 0660);
    assert_string_equal(c.socket_group, "");
    assert_int_equal(c.workers, 2);
    assert_int_equal(c.threads, 8);
    assert_int_equal(c.backlog, 128);
    assert_string_equal(c.database, "");
    assert_string_equal(c.read_database, ""); /* no replica: everything reads the primary */
    assert_int_equal(c.max_body, 1048576);
    assert_int_equal(c.max_json_depth, 64);
    assert_string_equal(c.log, "-");
    assert_string_equal(c.pid_file, "");
    assert_int_equal(c.retry_after, 5);
    assert_string_equal(c.signing_key, "var/keys/signing.pem");
    assert_int_equal(c.sdc_k, 5);
    lt_config_free(&c);
}

static void sdc_k_is_a_threshold_from_1_to_100(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    file_with("sdc_k = 11\n");
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), 0);
    assert_int_equal(c.sdc_k, 11);
    lt_config_free(&c);
    file_with("sdc_k = 0\n");
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "sdc_k must be a whole number from 1 to 100"));
    lt_config_free(&c);
}

static void names_the_signing_key_in_file_or_environment(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    unsetenv("LOTSE_SIGNING_KEY");
    assert_int_equal(lt_config_load(&c, file_with("signing_key = \"/etc/lotse/signing.pem\"\n"),
                                    err, sizeof err),
                     0);
    assert_string_equal(c.signing_key, "/etc/lotse/signing.pem");
    lt_config_free(&c);
    setenv("LOTSE_SIGNING_KEY", "/run/secrets/lotse.pem", 1);
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(c.signing_key, "/run/secrets/lotse.pem");
    lt_config_free(&c);
    unsetenv("LOTSE_SIGNING_KEY");
}

static void reads_keys_comments_and_blank_lines(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    file_with("# lotsed\n"
              "\n"
              "listen = 127.0.0.1:9000\n"
              "  workers=4  \n"
              "threads\t=\t16\r\n"
              "socket_mode = 0600\n"
              "max_body = 2048\n"
              "database = host=/tmp dbname=lotse\n");
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(c.listen, "127.0.0.1:9000");
    assert_int_equal(c.workers, 4);
    assert_int_equal(c.threads, 16);
    assert_int_equal(c.socket_mode, 0600);
    assert_int_equal(c.max_body, 2048);
    assert_string_equal(c.database, "host=/tmp dbname=lotse");
    assert_int_equal(c.backlog, 128); /* untouched keys keep their defaults */
    lt_config_free(&c);
}

static void unquotes_values(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    file_with("database = \"host=/tmp  password='a#b'\"\n"
              "log = \"/var/log/lotse \\\"x\\\" \\\\.log\"\n"
              "socket_group = \"\"\n");
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), 0);
    assert_string_equal(c.database, "host=/tmp  password='a#b'");
    assert_string_equal(c.log, "/var/log/lotse \"x\" \\.log");
    assert_string_equal(c.socket_group, "");
    lt_config_free(&c);
}

static void environment_overrides_the_file(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    file_with("workers = 4\ndatabase = from-file\nread_database = replica-from-file\n");
    setenv("LOTSE_WORKERS", "7", 1);
    setenv("LOTSE_DATABASE", "\"kept literally\"", 1);
    setenv("LOTSE_READ_DATABASE", "host=standby dbname=lotse", 1);
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), 0);
    assert_int_equal(c.workers, 7);
    assert_string_equal(c.database, "\"kept literally\"");
    assert_string_equal(c.read_database, "host=standby dbname=lotse");
    lt_config_free(&c);
}

static void refuses_unknown_key_with_file_and_line(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "", want[128];
    file_with("workers = 3\n\nwrokers = 4\n");
    assert_int_equal(lt_config_load(&c, path, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:3:", path);
    assert_non_null(strstr(err, want));
    assert_non_null(strstr(err, "wrokers"));
    assert_int_equal(c.workers, 2); /* left with defaults only */
    lt_config_free(&c);
}

static void refuses_bad_numbers(void **state)
{
    (void)state;
    const char *bad[] = {"workers = x\n",        "workers = -1\n",
                         "workers = 0\n",        "workers = 4x\n",
                         "workers = \n",         "threads = 0x10\n",
                         "max_body = 1e6\n",     "backlog = +5\n",
                         "socket_mode = 0680\n", "workers = 99999999999999999999999\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_config c;
        char err[256] = "";
        file_with(bad[i]);
        assert_int_equal(lt_config_load(&c, path, err, sizeof err), -1);
        assert_non_null(strstr(err, ":1:"));
        lt_config_free(&c);
        unlink(path);
    }
}

static void refuses_malformed_lines(void **state)
{
    (void)state;
    const char *bad[] = {"workers 4\n", "log = \"unterminated\n", "log = \"a\" b\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lt_config c;
        char err[256] = "";
        file_with(bad[i]);
        assert_int_equal(lt_config_load(&c, path, err, sizeof err), -1);
        assert_non_null(strstr(err, ":1:"));
        lt_config_free(&c);
        unlink(path);
    }
}

static void refuses_bad_environment_value(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    setenv("LOTSE_WORKERS", "many", 1);
    assert_int_equal(lt_config_load(&c, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "LOTSE_WORKERS"));
    lt_config_free(&c);
}

static void refuses_missing_file(void **state)
{
    (void)state;
    lt_config c;
    char err[256] = "";
    assert_int_equal(lt_config_load(&c, "/nonexistent/lotsed.conf", err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/lotsed.conf"));
    lt_config_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(defaults_match_the_header, cleanup),
        cmocka_unit_test_teardown(reads_keys_comments_and_blank_lines, cleanup),
        cmocka_unit_test_teardown(sdc_k_is_a_threshold_from_1_to_100, cleanup),
        cmocka_unit_test_teardown(unquotes_values, cleanup),
        cmocka_unit_test_teardown(environment_overrides_the_file, cleanup),
        cmocka_unit_test_teardown(refuses_unknown_key_with_file_and_line, cleanup),
        cmocka_unit_test_teardown(refuses_bad_numbers, cleanup),
        cmocka_unit_test_teardown(refuses_malformed_lines, cleanup),
        cmocka_unit_test_teardown(refuses_bad_environment_value, cleanup),
        cmocka_unit_test_teardown(refuses_missing_file, cleanup),
        cmocka_unit_test_teardown(names_the_signing_key_in_file_or_environment, cleanup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
