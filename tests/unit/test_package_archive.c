/*
 * test_package_archive.c - archives refused for their shape before any
 * signature is believed (src/library/package_read.c): path traversal and other
 * unsafe names, duplicate names, unexpected, missing and non-regular entries,
 * a declared size of 1 GB (zip bomb) and sizes that lie, truncation, too many
 * entries, encryption, other compression methods - and any single changed byte
 * anywhere in the archive never yielding changed content.
 */
#include "lotse/package.h"
#include "package_craft.h"
#include "process_fixtures.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

typedef struct fx {
    lt_arena *a;
    lt_signing_key *key;
    const lt_public_key *trusted[1];
    lt_buf good;      /* a good package of the nurse process */
    craft_entry e[6]; /* its files */
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->a = lt_arena_create(1 << 16);
    f->key = lt_signing_key_generate();
    f->trusted[0] = lt_signing_key_public(f->key);
    json_t *r = process_fixture("nurse");
    lt_buf_init(&f->good, f->a);
    lt_package_failure fail;
    assert_int_equal(lt_package_build(f->a, r, f->key, &f->good, &fail), LT_PKG_OK);
    json_decref(r);
    lt_package pkg;
    assert_int_equal(
        lt_package_read(f->a, f->good.data, f->good.len, f->trusted, 1, NULL, &pkg, &fail),
        LT_PKG_OK);
    for (int i = 0; i < 6; i++)
        f->e[i] = (craft_entry){
            .name = lt_package_files[i], .data = pkg.files[i].data, .len = pkg.files[i].len};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    lt_signing_key_free(f->key);
    lt_arena_destroy(f->a);
    free(f);
    return 0;
}

static lt_package_status read_zip(fx *f, const void *data, size_t len, lt_package_failure *fail)
{
    lt_package pkg;
    lt_package_status st = lt_package_read(f->a, data, len, f->trusted, 1, NULL, &pkg, fail);
    if (st != LT_PKG_OK)
        assert_null(pkg.record);
    json_decref(fail->errors);
    fail->errors = NULL;
    return st;
}

/* The archive of entries e (n of them) must be refused with status, naming file. */
static void expect_entries(fx *f, const craft_entry *e, size_t n, lt_package_status status,
                           const char *file, const char *part)
{
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(e, n, &zip);
    lt_package_failure fail;
    lt_package_status st = read_zip(f, zip.data, zip.len, &fail);
    if (st != status)
        fail_msg("expected %s, got %s: %s", lt_package_status_slug(status),
                 lt_package_status_slug(st), fail.message ? fail.message : "(accepted)");
    if (file)
        assert_string_equal(fail.file, file);
    if (part && !strstr(fail.message, part))
        fail_msg("message \"%s\" lacks \"%s\"", fail.message, part);
}

static void refuses_path_traversal_and_other_unsafe_names(void **state)
{
    fx *f = *state;
    const char *names[] = {"../x", "../process.json", "a/../../x", "/etc/passwd", "docs\\x",
                           "C:x",  "x\001y",          NULL};
    for (const char **n = names; *n; n++) {
        craft_entry e[7];
        memcpy(e, f->e, sizeof f->e);
        e[6] = (craft_entry){.name = *n, .data = "x", .len = 1};
        expect_entries(f, e, 7, LT_PKG_UNSAFE_NAME, NULL, "unsafe name");
        /* also in the place of a real file */
        e[2].name = *n;
        expect_entries(f, e, 6, LT_PKG_UNSAFE_NAME, NULL, "unsafe name");
    }
}

static void refuses_unexpected_missing_and_non_regular_entries(void **state)
{
    fx *f = *state;
    craft_entry e[7];
    memcpy(e, f->e, sizeof f->e);
    e[6] = (craft_entry){.name = "install.sh", .data = "rm -rf /", .len = 8};
    expect_entries(f, e, 7, LT_PKG_UNEXPECTED_FILE, "install.sh", "does not belong");
    e[6] = (craft_entry){.name = "docs/", .data = "", .len = 0};
    expect_entries(f, e, 7, LT_PKG_UNEXPECTED_FILE, "docs/", NULL);
    memcpy(e, f->e, sizeof f->e);
    e[3] = e[5]; /* README.md left out */
    expect_entries(f, e, 5, LT_PKG_MISSING_FILE, LT_PACKAGE_README, "lacks README.md");
    memcpy(e, f->e, sizeof f->e);
    e[3].unix_mode = 0120777; /* a symbolic link */
    expect_entries(f, e, 6, LT_PKG_UNEXPECTED_FILE, LT_PACKAGE_README, "not a regular file");
    expect_entries(f, e, 0, LT_PKG_NOT_ZIP, NULL, NULL); /* libzip writes nothing for none */
}

static void refuses_duplicate_names(void **state)
{
    fx *f = *state;
    craft_entry e[7];
    memcpy(e, f->e, sizeof f->e);
    e[6] = (craft_entry){.name = "process.jsoX", .data = "{}", .len = 2};
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(e, 7, &zip);
    /* rename the seventh entry to process.json in its local and central header */
    size_t local, central;
    assert_int_equal(craft_find_headers(&zip, "process.jsoX", &local, &central), 2);
    zip.data[local + 30 + 11] = 'n';
    zip.data[central + 46 + 11] = 'n';
    lt_package_failure fail;
    assert_int_equal(read_zip(f, zip.data, zip.len, &fail), LT_PKG_DUPLICATE_NAME);
    assert_non_null(strstr(fail.message, "process.json"));
}

static void refuses_a_zip_bomb_by_its_declared_size(void **state)
{
    fx *f = *state;
    /* one entry declaring 1 GB: patched into both headers, so they agree */
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(f->e, 6, &zip);
    size_t local, central;
    assert_int_equal(craft_find_headers(&zip, "process.bpmn", &local, &central), 2);
    craft_put32(&zip, local + 22, 1u << 30);
    craft_put32(&zip, central + 24, 1u << 30);
    lt_package_failure fail;
    assert_int_equal(read_zip(f, zip.data, zip.len, &fail), LT_PKG_TOO_LARGE);
    assert_string_equal(fail.file, LT_PACKAGE_BPMN);
    assert_non_null(strstr(fail.message, "declares 1073741824 bytes"));
    /* a real 9 MiB of zeros deflates to a few KB and is still refused unread */
    size_t big = 9u << 20;
    char *zeros = calloc(1, big);
    craft_entry e[6];
    memcpy(e, f->e, sizeof f->e);
    e[1] = (craft_entry){.name = LT_PACKAGE_BPMN, .data = zeros, .len = big};
    expect_entries(f, e, 6, LT_PKG_TOO_LARGE, LT_PACKAGE_BPMN, "declares 9437184 bytes");
    free(zeros);
    /* sizes within the limits but above the total */
    lt_package_limits small = {
        .max_entries = 16, .max_file_size = 1 << 20, .max_total_size = 30000};
    lt_package pkg;
    assert_int_equal(
        lt_package_read(f->a, f->good.data, f->good.len, f->trusted, 1, &small, &pkg, &fail),
        LT_PKG_TOO_LARGE);
    assert_non_null(strstr(fail.message, "in all"));
}

static void refuses_an_entry_whose_size_lies(void **state)
{
    fx *f = *state;
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(f->e, 6, &zip);
    size_t local, central;
    assert_int_equal(craft_find_headers(&zip, "process.bpmn", &local, &central), 2);
    /* declares 100 bytes (both headers agree) but inflates to far more */
    craft_put32(&zip, local + 22, 100);
    craft_put32(&zip, central + 24, 100);
    lt_package_failure fail;
    lt_package_status st = read_zip(f, zip.data, zip.len, &fail);
    assert_int_equal(st, LT_PKG_DAMAGED);
    assert_string_equal(fail.file, LT_PACKAGE_BPMN);
}

static void refuses_a_truncated_archive(void **state)
{
    fx *f = *state;
    for (size_t len = 0; len < f->good.len; len++) {
        lt_package_failure fail;
        lt_package_status st = read_zip(f, f->good.data, len, &fail);
        if (st != LT_PKG_NOT_ZIP)
            fail_msg("cut to %zu of %zu bytes: %s (%s)", len, f->good.len,
                     lt_package_status_slug(st), fail.message ? fail.message : "accepted");
    }
    lt_package_failure fail;
    assert_int_equal(read_zip(f, "PK\003\004", 4, &fail), LT_PKG_NOT_ZIP);
    assert_non_null(strstr(fail.message, "truncated"));
}

static void refuses_too_many_entries(void **state)
{
    fx *f = *state;
    craft_entry e[17];
    memcpy(e, f->e, sizeof f->e);
    char names[11][24];
    for (int i = 6; i < 17; i++) {
        snprintf(names[i - 6], sizeof names[0], "extra-%d", i);
        e[i] = (craft_entry){.name = names[i - 6], .data = "x", .len = 1};
    }
    expect_entries(f, e, 17, LT_PKG_TOO_MANY_ENTRIES, NULL, "17 entries");
}

static void refuses_encrypted_entries_and_other_methods(void **state)
{
    fx *f = *state;
    craft_entry e[6];
    int tried = 0;
    zip_uint16_t methods[] = {ZIP_EM_AES_256, ZIP_EM_TRAD_PKWARE};
    for (size_t m = 0; m < 2; m++) {
        if (!zip_encryption_method_supported(methods[m], 1))
            continue;
        memcpy(e, f->e, sizeof f->e);
        e[2].encrypt = methods[m];
        expect_entries(f, e, 6, LT_PKG_ENCRYPTED, LT_PACKAGE_RECORD, "encrypted");
        tried++;
    }
    if (!tried)
        skip(); /* this libzip cannot write encrypted entries */
    if (zip_compression_method_supported(ZIP_CM_BZIP2, 1)) {
        memcpy(e, f->e, sizeof f->e);
        e[0].method = ZIP_CM_BZIP2;
        expect_entries(f, e, 6, LT_PKG_UNSUPPORTED_COMPRESSION, LT_PACKAGE_ROCRATE, "method 12");
    }
    /* stored (not deflated) entries are fine: other tools write them */
    memcpy(e, f->e, sizeof f->e);
    for (int i = 0; i < 6; i++)
        e[i].method = ZIP_CM_STORE;
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(e, 6, &zip);
    lt_package_failure fail;
    assert_int_equal(read_zip(f, zip.data, zip.len, &fail), LT_PKG_OK);
}

static void refuses_bad_manifests_even_when_signed(void **state)
{
    fx *f = *state;
    const char *bodies[] = {
        "",                     /* lists nothing */
        "0123  process.json\n", /* short hash */
        "not a manifest at all, but long enough to be parsed as one line...\n",
    };
    for (size_t b = 0; b < sizeof bodies / sizeof *bodies; b++) {
        craft_entry e[6];
        memcpy(e, f->e, sizeof f->e);
        e[4] =
            (craft_entry){.name = LT_PACKAGE_MANIFEST, .data = bodies[b], .len = strlen(bodies[b])};
        unsigned char *sig = lt_arena_alloc(f->a, LT_SIGNATURE_LEN);
        assert_int_equal(lt_signing_sign(f->key, bodies[b], strlen(bodies[b]), sig), 0);
        e[5] = (craft_entry){.name = LT_PACKAGE_SIGNATURE, .data = sig, .len = LT_SIGNATURE_LEN};
        expect_entries(f, e, 6, LT_PKG_BAD_MANIFEST, LT_PACKAGE_MANIFEST, NULL);
    }
    /* the good manifest with a line repeated, and with one line left out */
    const char *m = (const char *)f->e[4].data;
    size_t first_line = (size_t)(strchr(m, '\n') - m) + 1;
    const char *variants[] = {lt_arena_printf(f->a, "%s%.*s", m, (int)first_line, m),
                              m + first_line};
    for (size_t v = 0; v < 2; v++) {
        craft_entry e[6];
        memcpy(e, f->e, sizeof f->e);
        e[4] = (craft_entry){
            .name = LT_PACKAGE_MANIFEST, .data = variants[v], .len = strlen(variants[v])};
        unsigned char *sig = lt_arena_alloc(f->a, LT_SIGNATURE_LEN);
        assert_int_equal(lt_signing_sign(f->key, variants[v], strlen(variants[v]), sig), 0);
        e[5] = (craft_entry){.name = LT_PACKAGE_SIGNATURE, .data = sig, .len = LT_SIGNATURE_LEN};
        expect_entries(f, e, 6, LT_PKG_BAD_MANIFEST, LT_PACKAGE_MANIFEST,
                       v == 0 ? "names twice" : "does not list ro-crate-metadata.json");
    }
    /* a signature of the wrong length */
    craft_entry e[6];
    memcpy(e, f->e, sizeof f->e);
    e[5].len = 63;
    expect_entries(f, e, 6, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE, "holds 63 bytes");
}

static bool same_files(const lt_package *pkg, const craft_entry *e)
{
    for (int i = 0; i < 6; i++)
        if (pkg->files[i].len != e[i].len || memcmp(pkg->files[i].data, e[i].data, e[i].len) != 0)
            return false;
    return true;
}

static void never_accepts_changed_content_whatever_byte_changes(void **state)
{
    fx *f = *state;
    /* the good archive and its files outside the arena, which is reset per read */
    size_t len = f->good.len;
    char *orig = malloc(len), *copy = malloc(len);
    memcpy(orig, f->good.data, len);
    craft_entry want[6];
    for (int i = 0; i < 6; i++) {
        void *data = malloc(f->e[i].len);
        memcpy(data, f->e[i].data, f->e[i].len);
        want[i] = (craft_entry){.name = f->e[i].name, .data = data, .len = f->e[i].len};
    }
    size_t accepted = 0;
    for (size_t at = 0; at < len; at++) {
        memcpy(copy, orig, len);
        copy[at] ^= 0x20;
        lt_arena_reset(f->a);
        lt_package pkg;
        lt_package_failure fail;
        lt_package_status st = lt_package_read(f->a, copy, len, f->trusted, 1, NULL, &pkg, &fail);
        json_decref(fail.errors);
        if (st == LT_PKG_OK) {
            accepted++; /* a byte nobody reads (a timestamp, a version field) */
            if (!same_files(&pkg, want))
                fail_msg("byte %zu changed: accepted with changed content", at);
        }
    }
    /* most bytes matter: only header fields outside the content may change */
    assert_true(accepted < len / 20);
    for (int i = 0; i < 6; i++)
        free((void *)want[i].data);
    free(orig);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(refuses_path_traversal_and_other_unsafe_names, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_unexpected_missing_and_non_regular_entries, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_duplicate_names, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_zip_bomb_by_its_declared_size, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_an_entry_whose_size_lies, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_truncated_archive, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_too_many_entries, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_encrypted_entries_and_other_methods, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_manifests_even_when_signed, setup, teardown),
        cmocka_unit_test_setup_teardown(never_accepts_changed_content_whatever_byte_changes, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
