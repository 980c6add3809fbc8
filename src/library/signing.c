/*
 * signing.c - Ed25519 keys with OpenSSL's EVP interface; see signing.h.
 *
 * Why EVP_DigestSign with no digest: Ed25519 is a "one-shot" algorithm that
 * hashes the message itself (PureEdDSA); that is what `openssl pkeyutl -sign
 * -rawin` produces too, so a package can be checked without Lotse.
 */
#include "lotse/signing.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct lt_public_key {
    EVP_PKEY *pkey;
    char fingerprint[LT_FINGERPRINT_HEX + 1];
};

struct lt_signing_key {
    EVP_PKEY *pkey;
    lt_public_key *pub;
};

enum { MAX_KEY_FILE = 16384 };

static void say(char *err, size_t errlen, const char *fmt, const char *arg)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, arg);
    ERR_clear_error(); /* OpenSSL's queue is per thread: leave nothing for the next caller */
}

/* OpenSSL would prompt on the terminal for an encrypted key; refuse instead. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

static lt_public_key *public_of(EVP_PKEY *pkey)
{
    unsigned char raw[32];
    size_t len = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(pkey, raw, &len) != 1 || len != sizeof raw)
        return NULL;
    lt_public_key *k = calloc(1, sizeof *k);
    if (!k)
        abort();
    k->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, len);
    unsigned char *der = NULL;
    int n = k->pkey ? i2d_PUBKEY(k->pkey, &der) : -1;
    if (n <= 0) {
        EVP_PKEY_free(k->pkey);
        free(k);
        return NULL;
    }
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(der, (size_t)n, digest);
    OPENSSL_free(der);
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(k->fingerprint + 2 * i, 3, "%02x", digest[i]);
    return k;
}

static lt_signing_key *wrap_private(EVP_PKEY *pkey, char *err, size_t errlen)
{
    if (!pkey) {
        say(err, errlen, "%s", "not a PEM private key (PKCS#8 \"BEGIN PRIVATE KEY\", unencrypted)");
        return NULL;
    }
    if (!EVP_PKEY_is_a(pkey, "ED25519")) {
        EVP_PKEY_free(pkey);
        say(err, errlen, "%s", "not an Ed25519 key");
        return NULL;
    }
    lt_signing_key *k = calloc(1, sizeof *k);
    if (!k)
        abort();
    k->pkey = pkey;
    k->pub = public_of(pkey);
    if (!k->pub) {
        lt_signing_key_free(k);
        say(err, errlen, "%s", "cannot derive the public key");
        return NULL;
    }
    ERR_clear_error();
    return k;
}

lt_signing_key *lt_signing_key_generate(void)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    lt_signing_key *k = pkey ? wrap_private(pkey, NULL, 0) : NULL;
    if (!k)
        abort(); /* no randomness: nothing sensible is left to do */
    return k;
}

lt_signing_key *lt_signing_key_from_pem(const char *pem, size_t len, char *err, size_t errlen)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio)
        abort();
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    return wrap_private(pkey, err, errlen);
}

/* Reads a whole small file; returns its length or -1 with err. */
static long read_small(const char *path, char *buf, size_t cap, struct stat *st, char *err,
                       size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        say(err, errlen, "cannot open: %s", strerror(errno));
        return -1;
    }
    long n = -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode))
        say(err, errlen, "%s", "not a regular file");
    else if (st->st_size >= (off_t)cap)
        say(err, errlen, "%s", "too large for a key file");
    else {
        ssize_t got = read(fd, buf, cap - 1);
        if (got < 0)
            say(err, errlen, "cannot read: %s", strerror(errno));
        else {
            buf[got] = '\0';
            n = (long)got;
        }
    }
    close(fd);
    return n;
}

lt_signing_key *lt_signing_key_load(const char *path, char *err, size_t errlen)
{
    char buf[MAX_KEY_FILE];
    struct stat st;
    long n = read_small(path, buf, sizeof buf, &st, err, errlen);
    if (n < 0)
        return NULL;
    if (st.st_mode & 077) {
        char why[96];
        snprintf(why, sizeof why, "group or others may read or write it (mode %04o): chmod 600 it",
                 (unsigned)(st.st_mode & 07777));
        OPENSSL_cleanse(buf, sizeof buf);
        say(err, errlen, "%s", why);
        return NULL;
    }
    lt_signing_key *k = lt_signing_key_from_pem(buf, (size_t)n, err, errlen);
    OPENSSL_cleanse(buf, sizeof buf);
    return k;
}

void lt_signing_key_free(lt_signing_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    lt_public_key_free(k->pub);
    free(k);
}

const lt_public_key *lt_signing_key_public(const lt_signing_key *k)
{
    return k->pub;
}

/* Writes the PEM that `write` puts into a memory BIO to a new file of `mode`. */
static int write_pem(const char *path, mode_t mode, const lt_signing_key *k, bool private_key,
                     char *err, size_t errlen)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio)
        abort();
    int ok = private_key ? PEM_write_bio_PrivateKey(bio, k->pkey, NULL, NULL, 0, NULL, NULL)
                         : PEM_write_bio_PUBKEY(bio, k->pub->pkey);
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    int rc = -1;
    int fd = ok == 1 ? open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode) : -1;
    if (ok != 1)
        say(err, errlen, "%s", "OpenSSL cannot write the key as PEM");
    else if (fd < 0)
        say(err, errlen, "%s", strerror(errno));
    else if (fchmod(fd, mode) != 0 || write(fd, data, (size_t)len) != (ssize_t)len ||
             fsync(fd) != 0)
        say(err, errlen, "%s", strerror(errno));
    else
        rc = 0;
    if (fd >= 0 && close(fd) != 0 && rc == 0) {
        say(err, errlen, "%s", strerror(errno));
        rc = -1;
    }
    if (fd >= 0 && rc != 0)
        unlink(path);
    if (private_key && data)
        OPENSSL_cleanse(data, (size_t)len);
    BIO_free(bio);
    return rc;
}

int lt_signing_key_write(const lt_signing_key *k, const char *private_path, const char *public_path,
                         char *err, size_t errlen)
{
    char why[256];
    struct stat st;
    const char *paths[] = {private_path, public_path};
    for (int i = 0; i < 2; i++)
        if (lstat(paths[i], &st) == 0) {
            snprintf(err, errlen, "%s exists already: refusing to overwrite a key", paths[i]);
            return -1;
        }
    if (write_pem(private_path, 0600, k, true, why, sizeof why) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", private_path, why);
        return -1;
    }
    if (write_pem(public_path, 0644, k, false, why, sizeof why) != 0) {
        unlink(private_path);
        snprintf(err, errlen, "cannot write %s: %s", public_path, why);
        return -1;
    }
    return 0;
}

int lt_signing_sign(const lt_signing_key *k, const void *msg, size_t len,
                    unsigned char sig[LT_SIGNATURE_LEN])
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = LT_SIGNATURE_LEN;
    int ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
             EVP_DigestSign(ctx, sig, &siglen, msg, len) == 1 && siglen == LT_SIGNATURE_LEN;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok ? 0 : -1;
}

lt_public_key *lt_public_key_from_pem(const char *pem, size_t len, char *err, size_t errlen)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    if (!bio)
        abort();
    EVP_PKEY *pkey = PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    if (!pkey) {
        say(err, errlen, "%s", "not a PEM public key (\"BEGIN PUBLIC KEY\")");
        return NULL;
    }
    lt_public_key *k = EVP_PKEY_is_a(pkey, "ED25519") ? public_of(pkey) : NULL;
    EVP_PKEY_free(pkey);
    if (!k)
        say(err, errlen, "%s", "not an Ed25519 public key");
    ERR_clear_error();
    return k;
}

lt_public_key *lt_public_key_load(const char *path, char *err, size_t errlen)
{
    char buf[MAX_KEY_FILE];
    struct stat st;
    long n = read_small(path, buf, sizeof buf, &st, err, errlen);
    if (n < 0)
        return NULL;
    if (strstr(buf, "PRIVATE KEY-----")) {
        lt_signing_key *priv = lt_signing_key_from_pem(buf, (size_t)n, err, errlen);
        OPENSSL_cleanse(buf, sizeof buf);
        if (!priv)
            return NULL;
        lt_public_key *k = public_of(priv->pkey);
        lt_signing_key_free(priv);
        return k;
    }
    return lt_public_key_from_pem(buf, (size_t)n, err, errlen);
}

void lt_public_key_free(lt_public_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    free(k);
}

void lt_public_key_pem(const lt_public_key *k, lt_buf *out)
{
    BIO *bio = BIO_new(BIO_s_mem());
    if (!bio || PEM_write_bio_PUBKEY(bio, k->pkey) != 1)
        abort();
    char *data;
    long len = BIO_get_mem_data(bio, &data);
    lt_buf_append(out, data, (size_t)len);
    BIO_free(bio);
}

const char *lt_public_key_fingerprint(const lt_public_key *k)
{
    return k->fingerprint;
}

bool lt_public_key_verify(const lt_public_key *k, const void *msg, size_t len,
                          const unsigned char *sig, size_t siglen)
{
    if (siglen != LT_SIGNATURE_LEN)
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
              EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}
