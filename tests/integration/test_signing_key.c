/*
 * test_signing_key.c - GET /api/v1/library/signing-key (src/api/signing_key.c):
 * the public half of the configured key, and a plain 500 (reason logged, no
 * path shown) when the key file cannot be used.
 */
#include "harness.h"
#include "lotse/signing.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#define app   th_group_app
#define arena th_group_arena

static void answers_the_public_half_of_the_configured_key(void **state)
{
    (void)state;
    char err[256];
    lt_public_key *want = lt_public_key_load(getenv("LOTSE_SIGNING_KEY"), err, sizeof err);
    assert_non_null(want);
    for (int round = 0; round < 2; round++) { /* the second answer comes from the kept key */
        lt_resp resp;
        assert_int_equal(
            th_request(app, arena, &resp, "GET", "/api/v1/library/signing-key", NULL, NULL), 200);
        assert_string_equal(resp.content_type, "application/x-pem-file");
        assert_true(strncmp(resp.body.data, "-----BEGIN PUBLIC KEY-----\n", 27) == 0);
        assert_null(strstr(resp.body.data, "PRIVATE"));
        lt_public_key *got = lt_public_key_from_pem(resp.body.data, resp.body.len, err, sizeof err);
        assert_non_null(got);
        assert_string_equal(lt_public_key_fingerprint(got), lt_public_key_fingerprint(want));
        char etag[80];
        snprintf(etag, sizeof etag, "\"%s\"", lt_public_key_fingerprint(want));
        assert_string_equal(th_header(&resp, "ETag"), etag);
        lt_public_key_free(got);
    }
    lt_public_key_free(want);
    lt_resp resp;
    assert_int_equal(
        th_request(app, arena, &resp, "POST", "/api/v1/library/signing-key", NULL, NULL), 405);
}

/* The answer of an app whose signing_key is path. */
static int status_with_key(const char *path, lt_resp *resp)
{
    lt_app *other = th_app(NULL);
    lt_config *cfg = (lt_config *)other->cfg;
    free(cfg->signing_key);
    cfg->signing_key = strdup(path);
    int status = th_request(other, arena, resp, "GET", "/api/v1/library/signing-key", NULL, NULL);
    th_app_destroy(other);
    return status;
}

static void answers_500_without_details_when_the_key_cannot_be_used(void **state)
{
    (void)state;
    lt_resp resp;
    assert_int_equal(status_with_key("/nonexistent/lotse/signing.pem", &resp), 500);
    assert_null(strstr(resp.body.data, "nonexistent"));
    /* a key that others may read is refused like ssh refuses one */
    char dir[] = "/tmp/lotse-key-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char priv[64], pub[64], err[256];
    snprintf(priv, sizeof priv, "%s/k.pem", dir);
    snprintf(pub, sizeof pub, "%s/k.pub.pem", dir);
    lt_signing_key *k = lt_signing_key_generate();
    assert_int_equal(lt_signing_key_write(k, priv, pub, err, sizeof err), 0);
    assert_int_equal(status_with_key(priv, &resp), 200);
    assert_int_equal(chmod(priv, 0644), 0);
    assert_int_equal(status_with_key(priv, &resp), 500);
    assert_int_equal(status_with_key(pub, &resp), 500); /* a public key cannot sign */
    lt_signing_key_free(k);
    unlink(priv);
    unlink(pub);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_the_public_half_of_the_configured_key),
        cmocka_unit_test(answers_500_without_details_when_the_key_cannot_be_used),
    };
    return cmocka_run_group_tests(tests, th_setup, th_teardown);
}
