/*
 * signing.h - the Ed25519 keys that sign best-practice packages.
 *
 * A Lotse instance has one signing key: a PKCS#8 PEM file ("BEGIN PRIVATE
 * KEY") readable by its owner only, made by `lotse keygen`, named by the
 * configuration key signing_key (config.h). Its public half is a
 * SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), served at
 * GET /api/v1/library/signing-key; whoever trusts that key can check a package
 * with `openssl pkeyutl -verify -rawin` (docs/packages.md). A signature is the
 * raw 64 bytes of RFC 8032 Ed25519 (no hash chosen by us: Ed25519 hashes itself).
 *
 * A key's fingerprint is the SHA-256 of its SubjectPublicKeyInfo DER, in
 * lower-case hex: `openssl pkey -pubin -in key.pem -outform DER | sha256sum`.
 *
 * Keys are long-lived, malloc'd objects (not arena memory), created once per
 * process or thread and released with their _free function. After creation
 * they are read-only: signing and verifying with one key from several threads
 * at once is safe. Functions that can fail write a one-line reason into err.
 */
#ifndef LOTSE_SIGNING_H
#define LOTSE_SIGNING_H

#include "lotse/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define LT_SIGNATURE_LEN   64
#define LT_FINGERPRINT_HEX 64 /* characters of a fingerprint, without the NUL */

typedef struct lt_signing_key lt_signing_key; /* a private key and its public half */
typedef struct lt_public_key lt_public_key;   /* a public key someone trusts */

/* A new random key (never NULL; aborts if the system has no randomness). */
lt_signing_key *lt_signing_key_generate(void);
/*
 * Reads a private key file. Refused (NULL, reason in err): a file that is not
 * a regular file, one whose mode lets group or others read or write it (like
 * ssh: `chmod 600` it), a key that is encrypted, not PEM, or not Ed25519.
 */
lt_signing_key *lt_signing_key_load(const char *path, char *err, size_t errlen);
/* A private key from PEM text in memory (no file mode to check); NULL with err. */
lt_signing_key *lt_signing_key_from_pem(const char *pem, size_t len, char *err, size_t errlen);
void lt_signing_key_free(lt_signing_key *k);

/*
 * Writes k as private_path (PKCS#8 PEM, mode 0600) and public_path (SPKI PEM,
 * mode 0644). Never overwrites: if either file exists, nothing is written and
 * -1 returned. Returns 0, or -1 with err (and no file left behind).
 */
int lt_signing_key_write(const lt_signing_key *k, const char *private_path, const char *public_path,
                         char *err, size_t errlen);

/* The public half of k; borrowed, lives as long as k. */
const lt_public_key *lt_signing_key_public(const lt_signing_key *k);

/* Signs len bytes of msg into sig. Returns 0, or -1 if OpenSSL fails (a bug). */
int lt_signing_sign(const lt_signing_key *k, const void *msg, size_t len,
                    unsigned char sig[LT_SIGNATURE_LEN]);

/* A public key from PEM text ("BEGIN PUBLIC KEY"); NULL with err. */
lt_public_key *lt_public_key_from_pem(const char *pem, size_t len, char *err, size_t errlen);
/*
 * A public key from a file: an SPKI PEM, or a private key PEM whose public
 * half is taken (for an operator checking with the server's own key file; no
 * file-mode check here, since nothing secret is kept). NULL with err.
 */
lt_public_key *lt_public_key_load(const char *path, char *err, size_t errlen);
void lt_public_key_free(lt_public_key *k);

/* Appends the SPKI PEM text of k ("-----BEGIN PUBLIC KEY-----\n...") to out. */
void lt_public_key_pem(const lt_public_key *k, lt_buf *out);
/* The fingerprint of k: 64 hex digits and a NUL, owned by k. */
const char *lt_public_key_fingerprint(const lt_public_key *k);
/* True when sig (siglen bytes) is k's Ed25519 signature of msg. */
bool lt_public_key_verify(const lt_public_key *k, const void *msg, size_t len,
                          const unsigned char *sig, size_t siglen);

#endif
