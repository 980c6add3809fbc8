/*
 * password.c - salted scrypt password hashes in PHC strings, the password
 * policy and the limit on concurrent hashes; see password.h.
 *
 * The stored string is parsed strictly and its parameters are bounded before
 * scrypt runs: the string comes from our database, but a corrupt or tampered
 * row must not turn one login into a gigabyte allocation.
 */
#include "lotse/password.h"
#include "lotse/log.h"
#include "lotse/parse.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PHC_PREFIX "$scrypt$"
/* Length of n bytes in unpadded base64 (16: 22, 32: 43). */
#define B64_LEN(n) (((n)*4 + 2) / 3)
/* EVP_EncodeBlock writes the padded form and a NUL before we strip the padding. */
#define B64_BUF(n) (4 * (((n) + 2) / 3) + 1)
/* A UTF-8 code point is at most 4 bytes: anything longer cannot be acceptable. */
#define MAX_POLICY_BYTES (4 * LT_PASSWORD_MAX_CHARS)

static atomic_int slots_max = 1;
static atomic_int slots_used = 0;

static bool params_sane(lt_scrypt_params pa);
static int derive(const char *password, size_t len, lt_scrypt_params pa, const unsigned char *salt,
                  unsigned char *key);
static size_t b64_encode(char *out, const unsigned char *in, size_t n);
static bool b64_decode(unsigned char *out, size_t want, const char *in, size_t n);
static bool parse_uint(const char **s, const char *name, unsigned *value);
static bool parse_phc(const char *s, lt_scrypt_params *pa, unsigned char *salt, unsigned char *key);

int lt_scrypt_raw(const void *pass, size_t passlen, const void *salt, size_t saltlen, uint64_t n,
                  uint32_t r, uint32_t p, unsigned char *out, size_t outlen)
{
    int rc = -1;
    uint64_t maxmem = LT_SCRYPT_MAX_MEMORY;
    /* OpenSSL copies the octet strings; it wants a pointer even for none. */
    OSSL_PARAM params[] = {
        OSSL_PARAM_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)(pass ? pass : ""), passlen),
        OSSL_PARAM_octet_string(OSSL_KDF_PARAM_SALT, (void *)(salt ? salt : ""), saltlen),
        OSSL_PARAM_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
        OSSL_PARAM_END,
    };
    EVP_KDF_CTX *ctx = NULL;
    EVP_KDF *kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_SCRYPT, NULL);
    if (!kdf)
        goto done;
    ctx = EVP_KDF_CTX_new(kdf);
    if (!ctx)
        goto done;
    if (EVP_KDF_derive(ctx, out, outlen, params) == 1)
        rc = 0;
done:
    EVP_KDF_CTX_free(ctx);
    EVP_KDF_free(kdf);
    return rc;
}

int lt_password_hash(const char *password, size_t len, lt_scrypt_params params, char *out,
                     size_t outlen)
{
    unsigned char salt[LT_PASSWORD_SALT_LEN];
    unsigned char key[LT_PASSWORD_KEY_LEN];
    char salt_b64[B64_BUF(LT_PASSWORD_SALT_LEN)], key_b64[B64_BUF(LT_PASSWORD_KEY_LEN)];
    int rc = -1;

    if (outlen > 0)
        out[0] = '\0';
    if (outlen < LT_PASSWORD_HASH_MAX || !params_sane(params))
        return -1;
    if (RAND_bytes(salt, sizeof salt) != 1)
        goto done;
    if (derive(password, len, params, salt, key) != 0)
        goto done;
    b64_encode(salt_b64, salt, sizeof salt);
    b64_encode(key_b64, key, sizeof key);
    int n = snprintf(out, outlen, PHC_PREFIX "ln=%u,r=%u,p=%u$%s$%s", params.log2_n, params.r,
                     params.p, salt_b64, key_b64);
    if (n > 0 && (size_t)n < outlen)
        rc = 0;
    else
        out[0] = '\0';
done:
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(key_b64, sizeof key_b64);
    return rc;
}

lt_pw_result lt_password_verify(const char *password, size_t len, const char *stored,
                                lt_scrypt_params configured, bool *needs_rehash)
{
    lt_scrypt_params pa;
    unsigned char salt[LT_PASSWORD_SALT_LEN];
    unsigned char want[LT_PASSWORD_KEY_LEN], got[LT_PASSWORD_KEY_LEN];
    lt_pw_result result = LT_PW_MISMATCH;

    if (needs_rehash)
        *needs_rehash = false;
    if (!stored || !parse_phc(stored, &pa, salt, want))
        return LT_PW_MALFORMED;
    if (derive(password, len, pa, salt, got) != 0)
        goto done;
    if (CRYPTO_memcmp(got, want, sizeof got) == 0) {
        result = LT_PW_MATCH;
        if (needs_rehash)
            *needs_rehash =
                pa.log2_n < configured.log2_n || pa.r < configured.r || pa.p < configured.p;
    }
done:
    OPENSSL_cleanse(got, sizeof got);
    OPENSSL_cleanse(want, sizeof want);
    return result;
}

void lt_password_burn(const char *password, size_t len, lt_scrypt_params params)
{
    unsigned char salt[LT_PASSWORD_SALT_LEN];
    unsigned char key[LT_PASSWORD_KEY_LEN];

    if (!params_sane(params))
        return;
    /* A fixed salt would do as well; a random one keeps the work identical to a hash. */
    if (RAND_bytes(salt, sizeof salt) != 1)
        memset(salt, 0, sizeof salt);
    (void)derive(password, len, params, salt, key);
    OPENSSL_cleanse(key, sizeof key);
}

const char *lt_password_unacceptable(const char *password, size_t len)
{
    if (len > MAX_POLICY_BYTES)
        return "must be at most 128 characters";
    if (len > 0 && !lt_utf8_valid(password, len))
        return "must be valid UTF-8 text";
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)password[i] & 0xc0) != 0x80;
    if (chars < LT_PASSWORD_MIN_CHARS)
        return "must be at least 12 characters";
    if (chars > LT_PASSWORD_MAX_CHARS)
        return "must be at most 128 characters";
    return NULL;
}

void lt_password_limit_set(int max)
{
    atomic_store(&slots_max, max > 0 ? max : 1);
}

bool lt_password_slot_try(void)
{
    int used = atomic_load(&slots_used);
    do {
        if (used >= atomic_load(&slots_max))
            return false;
    } while (!atomic_compare_exchange_weak(&slots_used, &used, used + 1));
    return true;
}

void lt_password_slot_release(void)
{
    int before = atomic_fetch_sub(&slots_used, 1);
    if (before <= 0)
        abort(); /* a release without a slot: the pairing is broken */
}

static bool params_sane(lt_scrypt_params pa)
{
    if (pa.log2_n < 1 || pa.log2_n > LT_SCRYPT_MAX_LOG2_N || pa.r < 1 || pa.r > LT_SCRYPT_MAX_R ||
        pa.p < 1 || pa.p > LT_SCRYPT_MAX_P)
        return false;
    uint64_t n = (uint64_t)1 << pa.log2_n;
    /* scrypt requires N < 2^(16 r); r >= 4 always satisfies it under these bounds. */
    if (pa.r < 4 && pa.log2_n >= 16 * pa.r)
        return false;
    if (128 * (uint64_t)pa.r * (n + 2 + pa.p) > LT_SCRYPT_MAX_MEMORY)
        return false;
    return n * pa.r * pa.p <= LT_SCRYPT_MAX_WORK;
}

static int derive(const char *password, size_t len, lt_scrypt_params pa, const unsigned char *salt,
                  unsigned char *key)
{
    if (lt_scrypt_raw(password, len, salt, LT_PASSWORD_SALT_LEN, (uint64_t)1 << pa.log2_n, pa.r,
                      pa.p, key, LT_PASSWORD_KEY_LEN) == 0)
        return 0;
    lt_log_event("error", "scrypt_failed", "scrypt ln=%u r=%u p=%u failed", pa.log2_n, pa.r, pa.p);
    return -1;
}

/* Standard base64 of n bytes without padding, NUL-terminated, into B64_BUF(n)
 * bytes; returns its length. */
static size_t b64_encode(char *out, const unsigned char *in, size_t n)
{
    int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n);
    while (len > 0 && out[len - 1] == '=')
        len--;
    out[len] = '\0';
    return (size_t)len;
}

/*
 * Decodes n characters of unpadded standard base64 into exactly `want` bytes.
 * Refuses other characters, other lengths and non-canonical encodings (unused
 * low bits set), so every value has one spelling.
 */
static bool b64_decode(unsigned char *out, size_t want, const char *in, size_t n)
{
    char padded[B64_BUF(LT_PASSWORD_KEY_LEN)];
    unsigned char plain[LT_PASSWORD_KEY_LEN + 3];
    char check[B64_BUF(LT_PASSWORD_KEY_LEN)];

    if (n != B64_LEN(want) || want > LT_PASSWORD_KEY_LEN)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/'))
            return false;
        padded[i] = c;
    }
    size_t plen = n;
    while (plen % 4)
        padded[plen++] = '=';
    int len = EVP_DecodeBlock(plain, (const unsigned char *)padded, (int)plen);
    if (len < 0)
        return false;
    len -= (int)(plen - n); /* EVP_DecodeBlock counts the padding as zero bytes */
    if ((size_t)len != want)
        return false;
    if (b64_encode(check, plain, want) != n || memcmp(check, in, n) != 0)
        return false;
    memcpy(out, plain, want);
    OPENSSL_cleanse(plain, sizeof plain);
    return true;
}

/* Reads "<name>=<decimal>" at *s: at most 3 digits, no leading zero. */
static bool parse_uint(const char **s, const char *name, unsigned *value)
{
    size_t nlen = strlen(name);
    const char *p = *s;
    if (strncmp(p, name, nlen) != 0 || p[nlen] != '=')
        return false;
    p += nlen + 1;
    unsigned v = 0;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 4) {
        v = v * 10 + (unsigned)(*p - '0');
        p++;
        digits++;
    }
    if (digits == 0 || digits > 3 || (digits > 1 && (*s)[nlen + 1] == '0'))
        return false;
    *value = v;
    *s = p;
    return true;
}

/* $scrypt$ln=<n>,r=<n>,p=<n>$<salt>$<key>, parameters within bounds. */
static bool parse_phc(const char *s, lt_scrypt_params *pa, unsigned char *salt, unsigned char *key)
{
    if (strncmp(s, PHC_PREFIX, strlen(PHC_PREFIX)) != 0)
        return false;
    s += strlen(PHC_PREFIX);
    if (!parse_uint(&s, "ln", &pa->log2_n) || *s++ != ',' || !parse_uint(&s, "r", &pa->r) ||
        *s++ != ',' || !parse_uint(&s, "p", &pa->p) || *s++ != '$')
        return false;
    if (!params_sane(*pa))
        return false;
    const char *dollar = strchr(s, '$');
    if (!dollar || !b64_decode(salt, LT_PASSWORD_SALT_LEN, s, (size_t)(dollar - s)))
        return false;
    s = dollar + 1;
    return b64_decode(key, LT_PASSWORD_KEY_LEN, s, strlen(s));
}
