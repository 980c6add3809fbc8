/*
 * test_package.c - building a package and reading it back (src/library/
 * package_write.c, package_read.c): the same bytes for the same version,
 * everything recovered, and every change after signing refused - one byte in
 * any file, a manifest re-signed by an untrusted key, a process.json that is
 * no valid process even when properly signed. The archives that are refused
 * for their shape are in test_package_archive.c.
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
    lt_signing_key *key, *stranger;
    const lt_public_key *trusted[1];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    f->a = lt_arena_create(1 << 16);
    f->key = lt_signing_key_generate();
    f->stranger = lt_signing_key_generate();
    f->trusted[0] = lt_signing_key_public(f->key);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    lt_signing_key_free(f->key);
    lt_signing_key_free(f->stranger);
    lt_arena_destroy(f->a);
    free(f);
    return 0;
}

static lt_buf build(fx *f, const char *fixture, const lt_signing_key *key)
{
    json_t *r = process_fixture(fixture);
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    lt_package_failure fail;
    lt_package_status st = lt_package_build(f->a, r, key, &zip, &fail);
    if (st != LT_PKG_OK)
        fail_msg("%s: %s", fixture, fail.message);
    json_decref(r);
    return zip;
}

static lt_package_status read_pkg(fx *f, const lt_buf *zip, lt_package *pkg,
                                  lt_package_failure *fail)
{
    return lt_package_read(f->a, zip->data, zip->len, f->trusted, 1, NULL, pkg, fail);
}

/* Reads zip and expects status (and, when file is not NULL, that file named). */
static void expect(fx *f, const lt_buf *zip, lt_package_status status, const char *file)
{
    lt_package pkg;
    lt_package_failure fail;
    lt_package_status st = read_pkg(f, zip, &pkg, &fail);
    if (st != status)
        fail_msg("expected %s, got %s: %s", lt_package_status_slug(status),
                 lt_package_status_slug(st), fail.message ? fail.message : "(accepted)");
    if (status != LT_PKG_OK) {
        assert_non_null(fail.message);
        assert_null(pkg.record);
    }
    if (file)
        assert_string_equal(fail.file, file);
    json_decref(fail.errors);
}

static void builds_the_same_bytes_for_the_same_version(void **state)
{
    fx *f = *state;
    for (const char *const *name = process_fixture_names; *name; name++) {
        lt_buf one = build(f, *name, f->key), two = build(f, *name, f->key);
        assert_int_equal(one.len, two.len);
        assert_memory_equal(one.data, two.data, one.len);
        /* another key changes the signature and nothing else */
        lt_buf other = build(f, *name, f->stranger);
        assert_int_equal(other.len, one.len);
        size_t differ = 0;
        for (size_t i = 0; i < one.len; i++)
            differ += one.data[i] != other.data[i];
        assert_true(differ > 0 && differ <= LT_SIGNATURE_LEN + 8);
    }
}

static void writes_the_six_files_in_order_with_fixed_times_and_modes(void **state)
{
    fx *f = *state;
    lt_buf zip = build(f, "multi_start_end", f->key);
    zip_error_t ze;
    zip_source_t *src = zip_source_buffer_create(zip.data, zip.len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    assert_non_null(za);
    assert_int_equal(zip_get_num_entries(za, 0), LT_PACKAGE_NFILES);
    for (zip_uint64_t i = 0; i < LT_PACKAGE_NFILES; i++) {
        assert_string_equal(zip_get_name(za, i, 0), lt_package_files[i]);
        zip_stat_t st;
        assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
        assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
        zip_uint8_t opsys;
        zip_uint32_t attr;
        assert_int_equal(zip_file_get_external_attributes(za, i, 0, &opsys, &attr), 0);
        assert_int_equal(opsys, ZIP_OPSYS_UNIX);
        assert_int_equal(attr >> 16, 0100644);
        assert_int_equal(zip_file_extra_fields_count(za, i, ZIP_FL_LOCAL | ZIP_FL_CENTRAL), 0);
    }
    zip_discard(za);
    /* published 2026-02-01T12:00:00+01:00 = 11:00 UTC: DOS time and date of every local header */
    size_t local, central;
    assert_int_equal(craft_find_headers(&zip, "process.json", &local, &central), 2);
    const unsigned char *h = (const unsigned char *)zip.data + local;
    unsigned dtime = h[10] | h[11] << 8, ddate = h[12] | h[13] << 8;
    assert_int_equal(dtime, (11u << 11) | (0 << 5) | 0);
    assert_int_equal(ddate, ((2026u - 1980) << 9) | (2 << 5) | 1);
}

static void reads_back_what_it_built(void **state)
{
    fx *f = *state;
    for (const char *const *name = process_fixture_names; *name; name++) {
        lt_buf zip = build(f, *name, f->key);
        lt_package pkg;
        lt_package_failure fail;
        assert_int_equal(read_pkg(f, &zip, &pkg, &fail), LT_PKG_OK);
        assert_ptr_equal(pkg.signer, f->trusted[0]);
        json_t *want = process_fixture(*name);
        assert_true(json_equal(pkg.record, want)); /* nothing lost */
        json_decref(want);
        assert_int_equal(pkg.process.nsteps, json_array_size(json_object_get(pkg.record, "steps")));
        for (int i = 0; i < LT_PACKAGE_NFILES; i++) {
            assert_string_equal(pkg.files[i].name, lt_package_files[i]);
            assert_true(pkg.files[i].len > 0);
        }
        assert_int_equal(pkg.files[5].len, LT_SIGNATURE_LEN);
        assert_non_null(strstr((const char *)pkg.files[0].data, "https://w3id.org/ro/crate/1.1"));
        assert_true(strncmp((const char *)pkg.files[3].data, "# ", 2) == 0);
    }
}

static void accepts_any_of_several_trusted_keys(void **state)
{
    fx *f = *state;
    lt_buf zip = build(f, "linear", f->key);
    const lt_public_key *keys[] = {lt_signing_key_public(f->stranger), f->trusted[0]};
    lt_package pkg;
    lt_package_failure fail;
    assert_int_equal(lt_package_read(f->a, zip.data, zip.len, keys, 2, NULL, &pkg, &fail),
                     LT_PKG_OK);
    assert_ptr_equal(pkg.signer, keys[1]);
    assert_int_equal(lt_package_read(f->a, zip.data, zip.len, keys, 0, NULL, &pkg, &fail),
                     LT_PKG_NO_TRUSTED_KEY);
}

/* The files of a good package, as craft entries in archive order. */
static void files_of(fx *f, const lt_buf *zip, craft_entry e[6])
{
    lt_package pkg;
    lt_package_failure fail;
    assert_int_equal(read_pkg(f, zip, &pkg, &fail), LT_PKG_OK);
    for (int i = 0; i < 6; i++) {
        unsigned char *copy = lt_arena_alloc(f->a, pkg.files[i].len);
        memcpy(copy, pkg.files[i].data, pkg.files[i].len);
        e[i] = (craft_entry){.name = lt_package_files[i], .data = copy, .len = pkg.files[i].len};
    }
}

static void refuses_one_changed_byte_in_any_file(void **state)
{
    fx *f = *state;
    lt_buf good = build(f, "nurse", f->key);
    for (int i = 0; i < LT_PACKAGE_NFILES; i++) {
        craft_entry e[6];
        files_of(f, &good, e);
        ((unsigned char *)e[i].data)[e[i].len / 2] ^= 0x01;
        lt_buf zip;
        lt_buf_init(&zip, f->a);
        craft_zip(e, 6, &zip);
        if (i < 4)
            expect(f, &zip, LT_PKG_CHECKSUM_MISMATCH, lt_package_files[i]);
        else
            expect(f, &zip, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE);
    }
    /* a changed file with a manifest to match, but the old signature */
    craft_entry e[6];
    files_of(f, &good, e);
    const char *sig = e[5].data;
    lt_package_file content[4];
    for (int i = 0; i < 4; i++)
        content[i] = (lt_package_file){.data = e[i].data, .len = e[i].len};
    ((unsigned char *)content[2].data)[10] ^= 0x01;
    craft_package_files(f->a, content, f->key, e);
    e[5].data = sig;
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(e, 6, &zip);
    expect(f, &zip, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE);
}

static void refuses_a_package_re_signed_by_an_untrusted_key(void **state)
{
    fx *f = *state;
    /* a whole package of another instance this one does not trust */
    lt_buf foreign = build(f, "nurse", f->stranger);
    expect(f, &foreign, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE);
    /* our package, changed, with a new manifest signed by the changer */
    lt_buf good = build(f, "nurse", f->key);
    craft_entry e[6];
    files_of(f, &good, e);
    lt_package_file content[4];
    for (int i = 0; i < 4; i++)
        content[i] = (lt_package_file){.data = e[i].data, .len = e[i].len};
    const char *evil = "{\"format\": \"lotse-process/1\"}";
    content[2] = (lt_package_file){.data = (const unsigned char *)evil, .len = strlen(evil)};
    craft_package_files(f->a, content, f->stranger, e);
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(e, 6, &zip);
    expect(f, &zip, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE);
}

/* A properly signed package whose process.json is `json`. */
static lt_buf signed_with_record(fx *f, const char *json)
{
    lt_buf good = build(f, "branch_join", f->key);
    craft_entry e[6];
    files_of(f, &good, e);
    lt_package_file content[4];
    for (int i = 0; i < 4; i++)
        content[i] = (lt_package_file){.data = e[i].data, .len = e[i].len};
    content[2] = (lt_package_file){.data = (const unsigned char *)json, .len = strlen(json)};
    craft_package_files(f->a, content, f->key, e);
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    craft_zip(e, 6, &zip);
    return zip;
}

/* Expects process.json of zip refused with an error at field containing part. */
static void expect_record_error(fx *f, const lt_buf *zip, const char *field, const char *part)
{
    lt_package pkg;
    lt_package_failure fail;
    assert_int_equal(read_pkg(f, zip, &pkg, &fail), LT_PKG_INVALID_RECORD);
    assert_string_equal(fail.file, LT_PACKAGE_RECORD);
    assert_null(pkg.record);
    bool found = false;
    size_t i;
    json_t *err;
    json_array_foreach(fail.errors, i, err)
    {
        found |= strcmp(json_string_value(json_object_get(err, "field")), field) == 0 &&
                 strstr(json_string_value(json_object_get(err, "message")), part);
    }
    json_decref(fail.errors);
    assert_true(found);
}

static char *edited_record(void (*edit)(json_t *))
{
    json_t *r = process_fixture("branch_join");
    edit(r);
    char *text = json_dumps(r, 0);
    json_decref(r);
    return text;
}

static void add_unknown_member(json_t *r)
{
    json_object_set_new(json_array_get(json_object_get(r, "steps"), 0), "lane", json_string("x"));
}

static void add_unknown_predecessor(json_t *r)
{
    json_object_set_new(json_array_get(json_object_get(r, "steps"), 3), "predecessors",
                        json_pack("[s]", "ghost"));
}

static void add_cycle(json_t *r)
{
    json_object_set_new(json_array_get(json_object_get(r, "steps"), 0), "predecessors",
                        json_pack("[s]", "entry"));
}

static void refuses_a_signed_process_json_that_is_no_valid_process(void **state)
{
    fx *f = *state;
    struct {
        void (*edit)(json_t *);
        const char *field, *part;
    } cases[] = {
        {add_unknown_member, "steps[0].lane", "is not a field of this record"},
        {add_unknown_predecessor, "steps[3].predecessors[0]", "names no step"},
        {add_cycle, "steps[0].predecessors", "form a cycle"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        char *json = edited_record(cases[c].edit);
        lt_buf zip = signed_with_record(f, json);
        expect_record_error(f, &zip, cases[c].field, cases[c].part);
        free(json);
    }
    lt_buf zip = signed_with_record(f, "{\"format\": \"lotse-process/1\", \"format\": \"x\"}");
    expect(f, &zip, LT_PKG_INVALID_RECORD, LT_PACKAGE_RECORD);
    zip = signed_with_record(f, "not json");
    expect(f, &zip, LT_PKG_INVALID_RECORD, LT_PACKAGE_RECORD);
}

static void refuses_to_build_an_invalid_or_unpublished_record(void **state)
{
    fx *f = *state;
    json_t *r = process_fixture("linear");
    json_object_set_new(r, "extra", json_true());
    lt_buf zip;
    lt_buf_init(&zip, f->a);
    lt_package_failure fail;
    assert_int_equal(lt_package_build(f->a, r, f->key, &zip, &fail), LT_PKG_INVALID_RECORD);
    assert_int_equal(json_array_size(fail.errors), 1);
    json_decref(fail.errors);
    json_object_del(r, "extra");
    json_object_set_new(r, "published_at", json_null());
    assert_int_equal(lt_package_build(f->a, r, f->key, &zip, &fail), LT_PKG_NOT_PUBLISHED);
    assert_null(fail.errors);
    assert_int_equal(zip.len, 0);
    json_decref(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(builds_the_same_bytes_for_the_same_version, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(writes_the_six_files_in_order_with_fixed_times_and_modes,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(reads_back_what_it_built, setup, teardown),
        cmocka_unit_test_setup_teardown(accepts_any_of_several_trusted_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_one_changed_byte_in_any_file, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_a_package_re_signed_by_an_untrusted_key, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(refuses_a_signed_process_json_that_is_no_valid_process,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_to_build_an_invalid_or_unpublished_record, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
