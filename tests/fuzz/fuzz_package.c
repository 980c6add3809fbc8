/*
 * fuzz_package.c - libFuzzer target for lt_package_read, the reader of
 * uploaded best-practice packages (src/library/package_read.c).
 *
 * Two kinds of input, by the first byte:
 *   even: the rest is the archive, as an uploader could send it;
 *   odd:  the rest is a list of (offset, xor) triples applied to a valid
 *         package built at start, so that the fuzzer works deep inside a
 *         real archive (local headers, deflate streams, the central directory).
 * Properties beyond "does not crash": a refusal has a status and a message of
 * printable UTF-8; an acceptance has all six files and the record; and an
 * accepted changed archive holds exactly the original files (the reader never
 * accepts changed content, whatever byte changed).
 *
 * Built with -DLOTSE_FUZZ=ON and CC=clang (tests/fuzz/CMakeLists.txt).
 */
#include "lotse/package.h"
#include "lotse/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A fixed key, so that runs are reproducible (for fuzzing only). */
static const char key_pem[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MC4CAQAwBQYDK2VwBCIEIP2opJOunhIibToG4Nrvp4clEZTIKnr0kGX6CBsG+TAr\n"
                              "-----END PRIVATE KEY-----\n";

static const char record[] =
    "{\"format\": \"lotse-process/1\", \"key\": \"fuzz\", \"version\": 1, \"name\": \"F\","
    " \"description\": \"\", \"target_groups\": [\"other\"], \"level\": \"local\","
    " \"legal_basis\": [], \"valid_from\": null, \"valid_to\": null,"
    " \"owner\": {\"kind\": \"fai\", \"region\": null, \"name\": \"FAI\"},"
    " \"authors\": [{\"name\": \"A\", \"organisation\": \"\"}], \"licence\": \"CC-BY-4.0\","
    " \"tags\": [], \"status\": \"approved\", \"published_at\": \"2026-01-01T00:00:00Z\","
    " \"adapted_from\": null, \"steps\": ["
    "{\"id\": \"a\", \"phase\": \"orientation\", \"title\": \"A\", \"description\": \"\","
    " \"actor\": \"employer\", \"duration_days\": 1, \"documents\": [\"D\"], \"checklist\": [],"
    " \"links\": [], \"predecessors\": []},"
    "{\"id\": \"b\", \"phase\": \"arrival\", \"title\": \"B\", \"description\": \"\","
    " \"actor\": \"skilled_worker\", \"duration_days\": null, \"documents\": [],"
    " \"checklist\": [\"C\"], \"links\": [], \"predecessors\": [\"a\"]}]}";

static lt_signing_key *key;
static const lt_public_key *trusted[1];
static unsigned char *good;
static size_t good_len;
static lt_package_file good_files[LT_PACKAGE_NFILES];

static void check(bool ok)
{
    if (!ok)
        abort();
}

static void init(void)
{
    char err[256];
    key = lt_signing_key_from_pem(key_pem, sizeof key_pem - 1, err, sizeof err);
    check(key != NULL);
    trusted[0] = lt_signing_key_public(key);
    lt_arena *a = lt_arena_create(1 << 16);
    json_error_t je;
    json_t *r = json_loads(record, 0, &je);
    lt_buf zip;
    lt_buf_init(&zip, a);
    lt_package_failure fail;
    check(r && lt_package_build(a, r, key, &zip, &fail) == LT_PKG_OK);
    json_decref(r);
    good_len = zip.len;
    good = malloc(good_len);
    memcpy(good, zip.data, good_len);
    lt_package pkg;
    check(lt_package_read(a, good, good_len, trusted, 1, NULL, &pkg, &fail) == LT_PKG_OK);
    for (int i = 0; i < LT_PACKAGE_NFILES; i++) {
        unsigned char *copy = malloc(pkg.files[i].len);
        memcpy(copy, pkg.files[i].data, pkg.files[i].len);
        good_files[i] = (lt_package_file){pkg.files[i].name, copy, pkg.files[i].len};
    }
    lt_arena_destroy(a); /* key, good and good_files live for the whole run */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!key)
        init();
    if (size < 1)
        return 0;
    bool mutate = data[0] & 1;
    unsigned char *zip;
    size_t len;
    if (mutate) {
        len = good_len;
        zip = malloc(len);
        memcpy(zip, good, len);
        for (size_t i = 1; i + 2 < size; i += 3)
            zip[(data[i] | (size_t)data[i + 1] << 8) % len] ^= data[i + 2];
    } else {
        len = size - 1;
        zip = malloc(len ? len : 1);
        memcpy(zip, data + 1, len);
    }
    lt_arena *a = lt_arena_create(4096);
    lt_package pkg;
    lt_package_failure fail;
    lt_package_status st = lt_package_read(a, zip, len, trusted, 1, NULL, &pkg, &fail);
    if (st == LT_PKG_OK) {
        check(pkg.record != NULL && pkg.signer == trusted[0] && pkg.process.nsteps > 0);
        for (int i = 0; i < LT_PACKAGE_NFILES; i++)
            check(pkg.files[i].data != NULL);
        /* only the signed files, unchanged, can be accepted */
        for (int i = 0; i < LT_PACKAGE_NFILES; i++)
            check(pkg.files[i].len == good_files[i].len &&
                  memcmp(pkg.files[i].data, good_files[i].data, good_files[i].len) == 0);
    } else {
        check(st > LT_PKG_OK && st < LT_PKG__COUNT && fail.message != NULL);
        check(lt_utf8_valid(fail.message, strlen(fail.message)));
        check(st == LT_PKG_INVALID_RECORD || fail.errors == NULL);
        json_decref(fail.errors);
    }
    lt_arena_destroy(a);
    free(zip);
    return 0;
}
