/* test_password.c - scrypt hashes, PHC strings, policy and hash slots (src/auth/password.c). */
#include "lotse/password.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

/* Small enough to keep the suite fast: N=1024, r=8 is 1 MiB and a few milliseconds. */
#define FAST   ((lt_scrypt_params){10, 8, 1})
#define LIT(s) s, sizeof(s) - 1

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void hex_to_bytes(const char *hex, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
}

static void check_vector(const char *pass, const char *salt, uint64_t n, uint32_t r, uint32_t p,
                         const char *hex)
{
    unsigned char want[64], got[64];
    hex_to_bytes(hex, want, sizeof want);
    assert_int_equal(lt_scrypt_raw(pass, strlen(pass), salt, strlen(salt), n, r, p, got, 64), 0);
    assert_memory_equal(got, want, sizeof want);
}

/* RFC 7914, section 12. The fourth vector (N=1048576, 1 GiB, several seconds
 * and more under ASan) is left out: the three below already exercise every
 * parameter, and the default-parameter test covers a large N. */
static void scrypt_matches_rfc7914_vectors(void **state)
{
    (void)state;
    check_vector("", "", 16, 1, 1,
                 "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                 "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
    check_vector("password", "NaCl", 1024, 8, 16,
                 "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                 "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
    check_vector("pleaseletmein", "SodiumChloride", 16384, 8, 1,
                 "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                 "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

static void scrypt_refuses_n_not_a_power_of_two(void **state)
{
    (void)state;
    unsigned char out[32];
    assert_int_equal(lt_scrypt_raw("a", 1, "b", 1, 1000, 8, 1, out, sizeof out), -1);
}

static void hash_writes_phc_string_with_parameters_salt_and_key(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h), 0);
    const char *prefix = "$scrypt$ln=10,r=8,p=1$";
    assert_int_equal(strncmp(h, prefix, strlen(prefix)), 0);
    const char *salt = h + strlen(prefix);
    assert_int_equal(strspn(salt, B64), 22); /* 16 bytes, no padding */
    assert_int_equal(salt[22], '$');
    assert_int_equal(strspn(salt + 23, B64), 43); /* 32 bytes, no padding */
    assert_int_equal(strlen(salt + 23), 43);
}

static void hash_then_verify_matches(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    bool rehash = true;
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h), 0);
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), h, FAST, &rehash),
                     LT_PW_MATCH);
    assert_false(rehash);
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), h, FAST, NULL), LT_PW_MATCH);
}

static void hash_then_verify_matches_multibyte_unicode(void **state)
{
    (void)state;
    /* "Grüße aus Köln 🌍 日本語" */
    const char pw[] = "Gr\xc3\xbc\xc3\x9f"
                      "e aus K\xc3\xb6ln \xf0\x9f\x8c\x8d \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
    const char other[] = "Gr\xc3\xbc\xc3\x9f"
                         "e aus K\xc3\xb6ln \xf0\x9f\x8c\x8e \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
    char h[LT_PASSWORD_HASH_MAX];
    assert_null(lt_password_unacceptable(LIT(pw)));
    assert_int_equal(lt_password_hash(LIT(pw), FAST, h, sizeof h), 0);
    assert_int_equal(lt_password_verify(LIT(pw), h, FAST, NULL), LT_PW_MATCH);
    assert_int_equal(lt_password_verify(LIT(other), h, FAST, NULL), LT_PW_MISMATCH);
}

static void wrong_password_is_mismatch_and_never_needs_rehash(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    bool rehash = true;
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h), 0);
    assert_int_equal(lt_password_verify(LIT("correct horse batterY"), h, FAST, NULL),
                     LT_PW_MISMATCH);
    assert_int_equal(lt_password_verify(LIT("correct horse batter"), h, FAST, NULL),
                     LT_PW_MISMATCH);
    assert_int_equal(lt_password_verify("", 0, h, FAST, NULL), LT_PW_MISMATCH);
    /* Stronger configuration, but a wrong password says nothing about rehashing. */
    assert_int_equal(lt_password_verify(LIT("wrong"), h, (lt_scrypt_params){12, 8, 1}, &rehash),
                     LT_PW_MISMATCH);
    assert_false(rehash);
}

static void same_password_hashes_differently_each_time(void **state)
{
    (void)state;
    char a[LT_PASSWORD_HASH_MAX], b[LT_PASSWORD_HASH_MAX];
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, a, sizeof a), 0);
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, b, sizeof b), 0);
    assert_string_not_equal(a, b);
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), a, FAST, NULL), LT_PW_MATCH);
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), b, FAST, NULL), LT_PW_MATCH);
}

static void needs_rehash_when_any_configured_parameter_is_stronger(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    bool rehash;
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h), 0);

    const struct {
        lt_scrypt_params configured;
        bool rehash;
    } cases[] = {
        {{10, 8, 1}, false}, /* equal */
        {{9, 8, 1}, false},  /* stored is stronger */
        {{10, 4, 1}, false}, {{11, 8, 1}, true}, {{10, 16, 1}, true}, {{10, 8, 2}, true},
        {{17, 8, 1}, true},  {{9, 16, 1}, true}, /* lower N does not make up for a higher r */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rehash = !cases[i].rehash;
        assert_int_equal(
            lt_password_verify(LIT("correct horse battery"), h, cases[i].configured, &rehash),
            LT_PW_MATCH);
        assert_int_equal(rehash, cases[i].rehash);
    }
}

static void malformed_stored_strings_are_refused_without_hashing(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX], s[2 * LT_PASSWORD_HASH_MAX];
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h), 0);
    const char *tail = strchr(h + strlen("$scrypt$"), '$'); /* "$<salt>$<key>" */
    const char *key = strrchr(h, '$') + 1;

    const char *whole[] = {
        "",
        "garbage",
        "$scrypt$",
        "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    };
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        assert_int_equal(lt_password_verify(LIT("correct horse battery"), whole[i], FAST, NULL),
                         LT_PW_MALFORMED);
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), NULL, FAST, NULL),
                     LT_PW_MALFORMED);

    /* A valid salt and key behind parameters that must be refused before scrypt runs. */
    const char *heads[] = {
        "$scrypt$ln=40,r=8,p=1",  "$scrypt$ln=21,r=8,p=1",
        "$scrypt$ln=0,r=8,p=1",   "$scrypt$ln=10,r=0,p=1",
        "$scrypt$ln=10,r=8,p=0",  "$scrypt$ln=10,r=33,p=1",
        "$scrypt$ln=10,r=8,p=17", "$scrypt$ln=20,r=16,p=1", /* 2 GiB */
        "$scrypt$ln=20,r=8,p=16",                           /* 16 x the work ceiling */
        "$scrypt$ln=16,r=1,p=1",                            /* N >= 2^(16 r) */
        "$scrypt$ln=010,r=8,p=1", "$scrypt$ln=99999999999999999999,r=8,p=1",
        "$scrypt$ln=-1,r=8,p=1",  "$scrypt$ln=10,r=8",
        "$scrypt$r=8,ln=10,p=1",  "$scrypt$ln=10,r=8,p=1,x=1",
        "$SCRYPT$ln=10,r=8,p=1",  "$scrypt$ln=10;r=8;p=1",
        "$scrypt$ln=10,r=8,p=1$", " $scrypt$ln=10,r=8,p=1",
    };
    double start = now();
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        snprintf(s, sizeof s, "%s%s", heads[i], tail);
        assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                         LT_PW_MALFORMED);
    }
    /* ln=20,r=8,p=16 alone would take many seconds if it ran. */
    assert_true(now() - start < 0.5);

    /* The original with one defect each. */
    size_t len = strlen(h);
    memcpy(s, h, len - 1); /* key truncated by one character */
    s[len - 1] = '\0';
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                     LT_PW_MALFORMED);
    snprintf(s, sizeof s, "%sA", h); /* one character too many */
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                     LT_PW_MALFORMED);
    snprintf(s, sizeof s, "%s=", h); /* padding */
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                     LT_PW_MALFORMED);
    snprintf(s, sizeof s, "%.*sAAAA", (int)(key - h), h); /* key far too short */
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                     LT_PW_MALFORMED);
    snprintf(s, sizeof s, "%.*s$$%s", (int)(key - h - 1), h, key); /* "$$": an empty field */
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                     LT_PW_MALFORMED);
    snprintf(s, sizeof s, "%.*s%s", (int)(tail - h), h, strrchr(h, '$')); /* no salt */
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                     LT_PW_MALFORMED);

    const char bad_chars[] = {'*', '-', '_', '=', '.', ' '};
    for (size_t i = 0; i < sizeof bad_chars; i++) {
        strcpy(s, h);
        s[key - h + 5] = bad_chars[i]; /* inside the key */
        assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                         LT_PW_MALFORMED);
        strcpy(s, h);
        s[tail - h + 3] = bad_chars[i]; /* inside the salt */
        assert_int_equal(lt_password_verify(LIT("correct horse battery"), s, FAST, NULL),
                         LT_PW_MALFORMED);
    }
}

/* The last character of an unpadded 16-byte salt carries 2 bits; the other 4
 * must be zero. A spelling with them set decodes to the same bytes and is refused. */
static void non_canonical_base64_is_malformed(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h), 0);
    char *key = strrchr(h, '$');
    char *last = key - 1;
    size_t idx = (size_t)(strchr(B64, *last) - B64);
    assert_int_equal(idx % 16, 0);
    *last = B64[idx | 1];
    assert_int_equal(lt_password_verify(LIT("correct horse battery"), h, FAST, NULL),
                     LT_PW_MALFORMED);
}

static void hash_refuses_small_buffer_and_absurd_parameters(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), FAST, h, sizeof h - 1), -1);
    assert_string_equal(h, "");
    assert_int_equal(
        lt_password_hash(LIT("correct horse battery"), (lt_scrypt_params){21, 8, 1}, h, sizeof h),
        -1);
    assert_int_equal(
        lt_password_hash(LIT("correct horse battery"), (lt_scrypt_params){10, 0, 1}, h, sizeof h),
        -1);
    assert_int_equal(
        lt_password_hash(LIT("correct horse battery"), (lt_scrypt_params){10, 8, 0}, h, sizeof h),
        -1);
    assert_string_equal(h, "");
}

static void burn_runs_the_hash_and_ignores_absurd_parameters(void **state)
{
    (void)state;
    lt_password_burn(LIT("anything at all"), FAST);
    lt_password_burn(NULL, 0, FAST);
    double start = now();
    lt_password_burn(LIT("anything at all"), (lt_scrypt_params){40, 8, 1});
    assert_true(now() - start < 0.1);
}

static void default_parameters_hash_and_verify(void **state)
{
    (void)state;
    char h[LT_PASSWORD_HASH_MAX];
    bool rehash = true;
    assert_int_equal(lt_password_hash(LIT("correct horse battery"), LT_SCRYPT_DEFAULT, h, sizeof h),
                     0);
    assert_int_equal(strncmp(h, "$scrypt$ln=17,r=8,p=1$", 22), 0);
    assert_int_equal(
        lt_password_verify(LIT("correct horse battery"), h, LT_SCRYPT_DEFAULT, &rehash),
        LT_PW_MATCH);
    assert_false(rehash);
}

static void policy_refuses_fewer_than_12_characters(void **state)
{
    (void)state;
    assert_string_equal(lt_password_unacceptable(LIT("abcdefghijk")),
                        "must be at least 12 characters");
    assert_null(lt_password_unacceptable(LIT("abcdefghijkl")));
    assert_string_equal(lt_password_unacceptable(NULL, 0), "must be at least 12 characters");
    /* 11 code points in 22 bytes: characters are counted, not bytes. */
    assert_string_equal(lt_password_unacceptable(LIT("\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
                                                     "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
                                                     "\xc3\xa4")),
                        "must be at least 12 characters");
    /* Spaces only, digits only: no composition rules. */
    assert_null(lt_password_unacceptable(LIT("            ")));
    assert_null(lt_password_unacceptable(LIT("123456789012")));
}

static void policy_accepts_128_characters_of_four_bytes_and_refuses_129(void **state)
{
    (void)state;
    char pw[129 * 4];
    for (size_t i = 0; i < 129; i++)
        memcpy(pw + 4 * i, "\xf0\x9f\x98\x80", 4); /* U+1F600 */
    assert_null(lt_password_unacceptable(pw, 128 * 4));
    assert_string_equal(lt_password_unacceptable(pw, 129 * 4), "must be at most 128 characters");

    char ascii[129];
    memset(ascii, 'x', sizeof ascii);
    assert_null(lt_password_unacceptable(ascii, 128));
    assert_string_equal(lt_password_unacceptable(ascii, 129), "must be at most 128 characters");
}

static void policy_refuses_invalid_utf8_and_embedded_nul(void **state)
{
    (void)state;
    assert_string_equal(lt_password_unacceptable(LIT("abcdefghijkl\xff")),
                        "must be valid UTF-8 text");
    assert_string_equal(lt_password_unacceptable(LIT("abcdef\xc3(ghijkl")),
                        "must be valid UTF-8 text");
    assert_string_equal(lt_password_unacceptable(LIT("abcdef\xed\xa0\x80ghijkl")), /* surrogate */
                        "must be valid UTF-8 text");
    assert_string_equal(lt_password_unacceptable(LIT("abcdef\0ghijkl")),
                        "must be valid UTF-8 text");
}

static void long_password_is_never_truncated(void **state)
{
    (void)state;
    char pw[128], h[LT_PASSWORD_HASH_MAX];
    memset(pw, 'p', sizeof pw);
    assert_null(lt_password_unacceptable(pw, sizeof pw));
    assert_int_equal(lt_password_hash(pw, sizeof pw, FAST, h, sizeof h), 0);
    assert_int_equal(lt_password_verify(pw, sizeof pw, h, FAST, NULL), LT_PW_MATCH);
    pw[127] = 'q';
    assert_int_equal(lt_password_verify(pw, sizeof pw, h, FAST, NULL), LT_PW_MISMATCH);
    assert_int_equal(lt_password_verify(pw, sizeof pw - 1, h, FAST, NULL), LT_PW_MISMATCH);
}

static void slot_limit_refuses_beyond_the_limit_until_released(void **state)
{
    (void)state;
    lt_password_limit_set(2);
    assert_true(lt_password_slot_try());
    assert_true(lt_password_slot_try());
    assert_false(lt_password_slot_try());
    lt_password_slot_release();
    assert_true(lt_password_slot_try());
    assert_false(lt_password_slot_try());
    lt_password_slot_release();
    lt_password_slot_release();

    lt_password_limit_set(0); /* means 1 */
    assert_true(lt_password_slot_try());
    assert_false(lt_password_slot_try());
    lt_password_slot_release();
    lt_password_limit_set(-5);
    assert_true(lt_password_slot_try());
    assert_false(lt_password_slot_try());
    lt_password_slot_release();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scrypt_matches_rfc7914_vectors),
        cmocka_unit_test(scrypt_refuses_n_not_a_power_of_two),
        cmocka_unit_test(hash_writes_phc_string_with_parameters_salt_and_key),
        cmocka_unit_test(hash_then_verify_matches),
        cmocka_unit_test(hash_then_verify_matches_multibyte_unicode),
        cmocka_unit_test(wrong_password_is_mismatch_and_never_needs_rehash),
        cmocka_unit_test(same_password_hashes_differently_each_time),
        cmocka_unit_test(needs_rehash_when_any_configured_parameter_is_stronger),
        cmocka_unit_test(malformed_stored_strings_are_refused_without_hashing),
        cmocka_unit_test(non_canonical_base64_is_malformed),
        cmocka_unit_test(hash_refuses_small_buffer_and_absurd_parameters),
        cmocka_unit_test(burn_runs_the_hash_and_ignores_absurd_parameters),
        cmocka_unit_test(default_parameters_hash_and_verify),
        cmocka_unit_test(policy_refuses_fewer_than_12_characters),
        cmocka_unit_test(policy_accepts_128_characters_of_four_bytes_and_refuses_129),
        cmocka_unit_test(policy_refuses_invalid_utf8_and_embedded_nul),
        cmocka_unit_test(long_password_is_never_truncated),
        cmocka_unit_test(slot_limit_refuses_beyond_the_limit_until_released),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
