/* test_signing.c - Ed25519 keys, their files and signatures (src/library/signing.c). */
#include "lotse/signing.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

typedef struct fixture {
    lt_arena *arena;
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->arena = lt_arena_create(4096);
    strcpy(f->dir, "/tmp/lotse-signing-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    lt_arena_destroy(f->arena);
    free(f);
    return 0;
}

static const char *in(fixture *f, const char *name)
{
    return lt_arena_printf(f->arena, "%s/%s", f->dir, name);
}

static void write_file(const char *path, const char *data, size_t len, mode_t mode)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
    assert_int_equal(chmod(path, mode), 0);
}

static void signs_and_verifies(void **state)
{
    (void)state;
    lt_signing_key *k = lt_signing_key_generate(), *other = lt_signing_key_generate();
    const char msg[] = "abc  ro-crate-metadata.json\n";
    unsigned char sig[LT_SIGNATURE_LEN];
    assert_int_equal(lt_signing_sign(k, msg, strlen(msg), sig), 0);
    const lt_public_key *pub = lt_signing_key_public(k);
    assert_true(lt_public_key_verify(pub, msg, strlen(msg), sig, sizeof sig));
    /* Ed25519 is deterministic: the same message gives the same signature */
    unsigned char again[LT_SIGNATURE_LEN];
    assert_int_equal(lt_signing_sign(k, msg, strlen(msg), again), 0);
    assert_memory_equal(sig, again, sizeof sig);
    /* one bit of the message, one bit of the signature, another key, a short signature */
    char changed[sizeof msg];
    memcpy(changed, msg, sizeof msg);
    changed[0] ^= 1;
    assert_false(lt_public_key_verify(pub, changed, strlen(changed), sig, sizeof sig));
    sig[10] ^= 0x80;
    assert_false(lt_public_key_verify(pub, msg, strlen(msg), sig, sizeof sig));
    sig[10] ^= 0x80;
    assert_false(
        lt_public_key_verify(lt_signing_key_public(other), msg, strlen(msg), sig, sizeof sig));
    assert_false(lt_public_key_verify(pub, msg, strlen(msg), sig, sizeof sig - 1));
    assert_int_equal(strlen(lt_public_key_fingerprint(pub)), LT_FINGERPRINT_HEX);
    assert_string_not_equal(lt_public_key_fingerprint(pub),
                            lt_public_key_fingerprint(lt_signing_key_public(other)));
    lt_signing_key_free(k);
    lt_signing_key_free(other);
}

static void writes_key_files_owner_only_and_never_overwrites(void **state)
{
    fixture *f = *state;
    char err[256];
    lt_signing_key *k = lt_signing_key_generate();
    const char *priv = in(f, "signing.pem"), *pub = in(f, "signing.pub.pem");
    umask(0);
    assert_int_equal(lt_signing_key_write(k, priv, pub, err, sizeof err), 0);
    umask(022);
    struct stat st;
    assert_int_equal(stat(priv, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(stat(pub, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    /* a second key must not replace the first */
    lt_signing_key *second = lt_signing_key_generate();
    assert_int_equal(lt_signing_key_write(second, priv, in(f, "other.pub.pem"), err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "exists already"));
    assert_int_equal(access(in(f, "other.pub.pem"), F_OK), -1);
    assert_int_equal(lt_signing_key_write(second, in(f, "other.pem"), pub, err, sizeof err), -1);
    assert_int_equal(access(in(f, "other.pem"), F_OK), -1);

    lt_signing_key *loaded = lt_signing_key_load(priv, err, sizeof err);
    assert_non_null(loaded);
    const char *want = lt_public_key_fingerprint(lt_signing_key_public(k));
    assert_string_equal(lt_public_key_fingerprint(lt_signing_key_public(loaded)), want);
    lt_public_key *p1 = lt_public_key_load(pub, err, sizeof err);
    lt_public_key *p2 = lt_public_key_load(priv, err, sizeof err); /* the public half */
    assert_non_null(p1);
    assert_non_null(p2);
    assert_string_equal(lt_public_key_fingerprint(p1), want);
    assert_string_equal(lt_public_key_fingerprint(p2), want);
    lt_public_key_free(p1);
    lt_public_key_free(p2);
    lt_signing_key_free(loaded);
    lt_signing_key_free(second);
    lt_signing_key_free(k);
}

static void public_pem_round_trips(void **state)
{
    fixture *f = *state;
    lt_signing_key *k = lt_signing_key_generate();
    lt_buf pem;
    lt_buf_init(&pem, f->arena);
    lt_public_key_pem(lt_signing_key_public(k), &pem);
    assert_true(strncmp(pem.data, "-----BEGIN PUBLIC KEY-----\n", 27) == 0);
    char err[256];
    lt_public_key *p = lt_public_key_from_pem(pem.data, pem.len, err, sizeof err);
    assert_non_null(p);
    assert_string_equal(lt_public_key_fingerprint(p),
                        lt_public_key_fingerprint(lt_signing_key_public(k)));
    lt_public_key_free(p);
    lt_signing_key_free(k);
}

static void refuses_a_private_key_others_may_read(void **state)
{
    fixture *f = *state;
    char err[256];
    lt_signing_key *k = lt_signing_key_generate();
    const char *priv = in(f, "k.pem");
    assert_int_equal(lt_signing_key_write(k, priv, in(f, "k.pub.pem"), err, sizeof err), 0);
    assert_int_equal(chmod(priv, 0640), 0);
    assert_null(lt_signing_key_load(priv, err, sizeof err));
    assert_non_null(strstr(err, "mode 0640"));
    assert_null(lt_signing_key_load(in(f, "missing.pem"), err, sizeof err));
    assert_non_null(strstr(err, "cannot open"));
    assert_null(lt_signing_key_load(f->dir, err, sizeof err));
    lt_signing_key_free(k);
}

static void refuses_keys_that_are_not_ed25519_or_not_pem(void **state)
{
    fixture *f = *state;
    char err[256];
    /* an EC key */
    EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    BIO *bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PrivateKey(bio, ec, NULL, NULL, 0, NULL, NULL), 1);
    char *data;
    long len = BIO_get_mem_data(bio, &data);
    write_file(in(f, "ec.pem"), data, (size_t)len, 0600);
    assert_null(lt_signing_key_load(in(f, "ec.pem"), err, sizeof err));
    assert_non_null(strstr(err, "not an Ed25519 key"));
    BIO_free(bio);
    bio = BIO_new(BIO_s_mem());
    assert_int_equal(PEM_write_bio_PUBKEY(bio, ec), 1);
    len = BIO_get_mem_data(bio, &data);
    assert_null(lt_public_key_from_pem(data, (size_t)len, err, sizeof err));
    assert_non_null(strstr(err, "not an Ed25519 public key"));
    BIO_free(bio);
    EVP_PKEY_free(ec);
    /* an encrypted Ed25519 key: refused, never a prompt */
    EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    bio = BIO_new(BIO_s_mem());
    assert_int_equal(
        PEM_write_bio_PKCS8PrivateKey(bio, ed, EVP_aes_256_cbc(), "secret", 6, NULL, NULL), 1);
    len = BIO_get_mem_data(bio, &data);
    assert_null(lt_signing_key_from_pem(data, (size_t)len, err, sizeof err));
    assert_non_null(strstr(err, "unencrypted"));
    BIO_free(bio);
    EVP_PKEY_free(ed);
    /* not PEM at all */
    write_file(in(f, "junk.pem"), "hello\n", 6, 0600);
    assert_null(lt_signing_key_load(in(f, "junk.pem"), err, sizeof err));
    assert_null(lt_public_key_load(in(f, "junk.pem"), err, sizeof err));
    assert_null(lt_public_key_from_pem("", 0, err, sizeof err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(signs_and_verifies, setup, teardown),
        cmocka_unit_test_setup_teardown(writes_key_files_owner_only_and_never_overwrites, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(public_pem_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_private_key_others_may_read, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_keys_that_are_not_ed25519_or_not_pem, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
