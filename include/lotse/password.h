/*
 * password.h - storing and checking passwords.
 *
 * A password is kept only as a salted scrypt hash (OpenSSL 3), written as a
 * PHC-style string that carries its own parameters:
 *
 *     $scrypt$ln=17,r=8,p=1$<salt>$<hash>
 *
 * salt is 16 random bytes, hash the 32-byte derived key, both standard base64
 * without padding. Because the parameters travel with the hash, they can be
 * raised later: verification reports when a stored hash is weaker than what is
 * configured, and the caller rehashes on the next successful login.
 *
 * scrypt is memory-hard on purpose (the default costs about 128 MiB and half a
 * second), which makes every hash a lever for denial of service: callers take a
 * slot (lt_password_slot_try) before hashing, verifying or burning, and answer
 * "busy" when none is free instead of queueing.
 *
 * Every function is thread-safe; none keeps a pointer to its arguments. None
 * allocates from an arena: the only memory is scrypt's own, freed on return.
 */
#ifndef LOTSE_PASSWORD_H
#define LOTSE_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* scrypt cost: N = 2^log2_n, block size r, parallelism p. */
typedef struct lt_scrypt_params {
    unsigned log2_n;
    unsigned r;
    unsigned p;
} lt_scrypt_params;

/* OWASP's password storage recommendation: N=2^17, r=8, p=1 (128 MiB). */
#define LT_SCRYPT_DEFAULT ((lt_scrypt_params){17, 8, 1})

/*
 * What a stored string, or a configuration, may ask for. Anything outside is
 * refused (lt_password_verify: LT_PW_MALFORMED; lt_password_hash: -1) before
 * scrypt runs, so a corrupt or hostile row cannot make one login allocate
 * gigabytes or run for minutes:
 *   1 <= log2_n <= 20, 1 <= r <= 32, 1 <= p <= 16,
 *   memory 128 * r * (N + 2 + p) <= LT_SCRYPT_MAX_MEMORY (so ln=20 needs r <= 8),
 *   work N * r * p <= LT_SCRYPT_MAX_WORK (16 times the default),
 *   N < 2^(16 r) (scrypt's own limit: r=1 allows at most ln=15).
 */
#define LT_SCRYPT_MAX_LOG2_N 20
#define LT_SCRYPT_MAX_R      32
#define LT_SCRYPT_MAX_P      16
#define LT_SCRYPT_MAX_MEMORY ((uint64_t)1 << 30 | (uint64_t)1 << 20)
#define LT_SCRYPT_MAX_WORK   ((uint64_t)1 << 24)

#define LT_PASSWORD_SALT_LEN 16
#define LT_PASSWORD_KEY_LEN  32
/* Room for the longest string lt_password_hash writes, NUL included. */
#define LT_PASSWORD_HASH_MAX 160

/* Policy limits, in Unicode code points. */
#define LT_PASSWORD_MIN_CHARS 12
#define LT_PASSWORD_MAX_CHARS 128

/*
 * Hashes the len bytes of password (any bytes; the policy is checked
 * separately) with a fresh random salt and writes the NUL-terminated PHC string
 * into out. Returns 0, or -1 when outlen < LT_PASSWORD_HASH_MAX, params are out
 * of bounds, the random generator fails or scrypt fails (out of memory); on -1
 * out holds an empty string when outlen > 0.
 */
int lt_password_hash(const char *password, size_t len, lt_scrypt_params params, char *out,
                     size_t outlen);

typedef enum { LT_PW_MATCH, LT_PW_MISMATCH, LT_PW_MALFORMED } lt_pw_result;

/*
 * Checks password against a stored PHC string (NUL-terminated). The keys are
 * compared in constant time (CRYPTO_memcmp).
 *
 * LT_PW_MALFORMED: stored is not a string lt_password_hash could have written
 * (other algorithm, syntax, non-canonical or bad base64, salt not 16 bytes, key
 * not 32 bytes) or asks for parameters out of the bounds above; no hash is run.
 * LT_PW_MISMATCH: the password is wrong - or scrypt itself failed (out of
 * memory), which is logged as an error and fails closed.
 *
 * needs_rehash may be NULL. Otherwise it is always written: true only on
 * LT_PW_MATCH when any of the stored log2_n, r, p is lower than in configured.
 */
lt_pw_result lt_password_verify(const char *password, size_t len, const char *stored,
                                lt_scrypt_params configured, bool *needs_rehash);

/*
 * Runs a hash with params and discards it, so that a login for an unknown
 * account costs what one for a known account costs. Params out of bounds:
 * nothing is run.
 */
void lt_password_burn(const char *password, size_t len, lt_scrypt_params params);

/*
 * The policy: 12 to 128 Unicode code points of valid UTF-8, any characters, no
 * composition rules, never truncated. Returns NULL when acceptable, else a
 * static English reason: "must be valid UTF-8 text" (also for a NUL byte inside
 * the len bytes), "must be at least 12 characters", "must be at most 128
 * characters". password may be NULL when len is 0.
 */
const char *lt_password_unacceptable(const char *password, size_t len);

/*
 * The per-process limit on concurrent hashes (hash, verify and burn alike).
 * lt_password_limit_set: call once at start, before any slot is taken; max <= 0
 * means 1. Until it is called, the limit is 1.
 * lt_password_slot_try: takes a slot and returns true if one is free, else
 * returns false at once. Every true is paired with one lt_password_slot_release.
 * All three are thread-safe (atomics).
 */
void lt_password_limit_set(int max);
bool lt_password_slot_try(void);
void lt_password_slot_release(void);

/*
 * Raw scrypt (RFC 7914), exposed for the known-answer tests: derives outlen
 * bytes into out. Returns 0, or -1 when OpenSSL refuses the parameters (n not a
 * power of two above 1, memory above LT_SCRYPT_MAX_MEMORY, ...) or fails. pass
 * and salt may be NULL when their length is 0.
 */
int lt_scrypt_raw(const void *pass, size_t passlen, const void *salt, size_t saltlen, uint64_t n,
                  uint32_t r, uint32_t p, unsigned char *out, size_t outlen);

#endif
