/*
 * test_library_package.c - a published version as a signed best-practice
 * package, and packages imported into a region's drafts: the same version
 * gives the same bytes and verifies with the server's key; a draft is not
 * packaged; an import keeps its provenance; a package with one byte changed,
 * or signed by a key the region does not trust, is refused whole with nothing
 * stored, and is taken once the region trusts that key; hostile archives
 * (a path-traversal name, duplicate names, a zip bomb, a truncated file, a
 * record with a cycle or an unknown field, properly signed) are each refused
 * with a problem naming the reason.
 */
#include "../unit/package_craft.h"
#include "library_fixture.h"
#include "lotse/package.h"
#include "lotse/signing.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#define REGION "siegen-wittgenstein-olpe"
#define OTHER  "mittlerer-niederrhein"

static PGconn *owner;
static const char *seed_key; /* a published process of the seed */
static int seed_version;

static int post_zip(enum lib_caller c, lt_resp *resp, const char *uri, const char *zip, size_t len)
{
    lt_pair headers[] = {
        {"cookie", lt_arena_printf(th_group_arena, "__Host-lotse=%s", lib_sessions[c].token)},
        {"x-csrf-token", lib_sessions[c].csrf},
    };
    return th_request_bytes(th_group_app, th_group_arena, resp, "POST", uri, "application/zip", zip,
                            len, headers, 2);
}

static int processes(void)
{
    /* every region's drafts, as their members see them */
    th_scalar(owner, "SELECT set_config('lotse.roles', 'admin,fai_staff', false),"
                     " set_config('lotse.region_ids', (SELECT '{' || string_agg(id::text, ',')"
                     " || '}' FROM lotse.regions), false)");
    return atoi(th_scalar(owner, "SELECT count(*) FROM lotse.processes"));
}

static const char *package_uri(const char *key, int version)
{
    return lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s/versions/%d/package", key,
                           version);
}

static int setup(void **state)
{
    th_setup(state);
    owner = th_owner();
    lib_sign_in_all(owner, REGION, OTHER);
    lt_resp resp;
    assert_int_equal(
        lib_call(COORD_A, &resp, "GET", "/api/v1/library/processes?limit=1", NULL, NULL), 200);
    json_t *first = json_array_get(json_object_get(lib_json(&resp), "items"), 0);
    seed_key = strdup(lib_str(first, "key"));
    seed_version = (int)json_integer_value(json_object_get(first, "version"));
    assert_true(seed_version >= 1);
    return 0;
}

static int teardown(void **state)
{
    free((void *)seed_key);
    PQfinish(owner);
    return th_teardown(state);
}

static lt_public_key *server_key(void)
{
    char err[256];
    lt_public_key *k = lt_public_key_load(getenv("LOTSE_SIGNING_KEY"), err, sizeof err);
    if (!k)
        fail_msg("server key: %s", err);
    return k;
}

static void a_published_version_is_a_signed_package_of_fixed_bytes(void **state)
{
    (void)state;
    lt_resp a, b;
    assert_int_equal(lib_call(COORD_A, &a, "GET", package_uri(seed_key, seed_version), NULL, NULL),
                     200);
    assert_string_equal(a.content_type, "application/zip");
    assert_non_null(strstr(th_header(&a, "Content-Disposition"), seed_key));
    assert_int_equal(lib_call(STAFF, &b, "GET", package_uri(seed_key, seed_version), NULL, NULL),
                     200);
    assert_int_equal(a.body.len, b.body.len);
    assert_memory_equal(a.body.data, b.body.data, a.body.len);
    assert_string_equal(th_header(&a, "ETag"), th_header(&b, "ETag"));

    /* it verifies with the key the server publishes, and holds the version */
    lt_public_key *k = server_key();
    const lt_public_key *trusted[] = {k};
    lt_package pkg;
    lt_package_failure fail = {0};
    assert_int_equal(
        lt_package_read(th_group_arena, a.body.data, a.body.len, trusted, 1, NULL, &pkg, &fail),
        LT_PKG_OK);
    assert_string_equal(lib_str(pkg.record, "key"), seed_key);
    lt_public_key_free(k);

    /* nobody signed in, no such version, a bad version number */
    assert_int_equal(th_request(th_group_app, th_group_arena, &a, "GET",
                                package_uri(seed_key, seed_version), NULL, NULL),
                     401);
    assert_int_equal(lib_call(COORD_A, &a, "GET", package_uri(seed_key, 999), NULL, NULL), 404);
    assert_int_equal(lib_call(COORD_A, &a, "GET",
                              "/api/v1/library/processes/no-such-process/versions/1/package", NULL,
                              NULL),
                     404);
}

static void a_draft_is_not_packaged(void **state)
{
    (void)state;
    const char *key = lib_key("paket-entwurf");
    lt_resp resp;
    assert_int_equal(lib_call(COORD_A, &resp, "POST",
                              "/api/v1/regions/" REGION "/library/processes",
                              lib_record(key, "Entwurf"), NULL),
                     201);
    assert_int_equal(lib_call(COORD_A, &resp, "GET", package_uri(key, 1), NULL, NULL), 409);
    assert_string_equal(lib_str(lib_json(&resp), "current_status"), "draft");
    /* another region does not even learn that the draft exists */
    assert_int_equal(lib_call(COORD_B, &resp, "GET", package_uri(key, 1), NULL, NULL), 404);
}

/* Runs sql as the owner with the lifecycle guard off (the only way to change a
 * published version), in one transaction; fails the test if it fails. */
static void behind_the_guard(const char *sql)
{
    const char *steps[] = {
        "BEGIN",
        "ALTER TABLE lotse.process_versions DISABLE TRIGGER process_version_guard",
        "SELECT set_config('lotse.roles', 'fai_staff', true)",
        sql,
        "ALTER TABLE lotse.process_versions ENABLE TRIGGER process_version_guard",
        "COMMIT",
    };
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
        PGresult *r = PQexec(owner, steps[i]);
        ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            const char *why = lt_arena_strdup(th_group_arena, PQresultErrorMessage(r));
            PQclear(r);
            PQclear(PQexec(owner, "ROLLBACK"));
            fail_msg("%s: %s", steps[i], why);
        }
        PQclear(r);
    }
}

/* A published version whose stored record the package check refuses (changed by
 * hand behind the guard) is a 500 that says which version and why, not a bare
 * internal error; once repaired it is packaged again. */
static void a_broken_published_version_is_a_precise_server_error(void **state)
{
    (void)state;
    const char *key = lib_key("paket-kaputt");
    lt_resp resp;
    const char *at =
        lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s/versions/1", key);
    assert_int_equal(
        lib_call(STAFF, &resp, "POST", "/api/v1/library/processes", lib_record(key, "Heil"), NULL),
        201);
    assert_int_equal(lib_call(STAFF, &resp, "POST",
                              lt_arena_printf(th_group_arena, "%s/submit", at), NULL, NULL),
                     200);
    assert_int_equal(lib_call(STAFF, &resp, "POST",
                              lt_arena_printf(th_group_arena, "%s/approve", at), NULL, NULL),
                     200);
    assert_int_equal(lib_call(LEAD, &resp, "POST",
                              lt_arena_printf(th_group_arena, "%s/publish", at), NULL, NULL),
                     200);
    assert_int_equal(lib_call(COORD_A, &resp, "GET", package_uri(key, 1), NULL, NULL), 200);

    /* a name XML cannot carry, and an author without a name */
    behind_the_guard(
        lt_arena_printf(th_group_arena,
                        "UPDATE lotse.process_versions SET name = 'Kaputt \xef\xbf\xbf',"
                        " authors = '[{\"name\": \"\", \"organisation\": \"\"}]'"
                        " WHERE key = '%s' AND version = 1",
                        key));
    assert_int_equal(lib_call(COORD_A, &resp, "GET", package_uri(key, 1), NULL, NULL), 500);
    assert_string_equal(resp.content_type, "application/problem+json");
    json_t *problem = lib_json(&resp);
    assert_string_equal(lib_str(problem, "type"), "urn:lotse:problem:stored-record-invalid");
    assert_string_equal(lib_str(problem, "title"), "Stored Record Invalid");
    assert_non_null(strstr(lib_str(problem, "detail"), key));
    assert_non_null(strstr(lib_str(problem, "detail"), "fails the package check"));
    assert_string_equal(lib_str(problem, "process"), key);
    assert_int_equal(json_integer_value(json_object_get(problem, "version")), 1);
    assert_non_null(lib_str(problem, "request_id"));
    assert_string_equal(lib_error(problem, "name"),
                        "must not contain the non-characters U+FFFE or U+FFFF");
    assert_string_equal(lib_error(problem, "authors[0].name"), "must be 1 to 200 characters");
    assert_int_equal(json_array_size(json_object_get(problem, "errors")), 2);

    /* repaired, it is a package again */
    behind_the_guard(lt_arena_printf(th_group_arena,
                                     "UPDATE lotse.process_versions SET name = 'Heil',"
                                     " authors = '[{\"name\": \"Koordination\","
                                     " \"organisation\": \"IHK\"}]'"
                                     " WHERE key = '%s' AND version = 1",
                                     key));
    assert_int_equal(lib_call(COORD_A, &resp, "GET", package_uri(key, 1), NULL, NULL), 200);
}

/* A draft changed by hand (its author, straight in the database) into what the
 * package check refuses is not approved: 409 naming the fault, and it stays in
 * review for staff to return. An approved version changed behind the guard is
 * not published either. */
static void what_cannot_be_packaged_is_not_approved_or_published(void **state)
{
    (void)state;
    const char *key = lib_key("paket-nie");
    lt_resp resp;
    const char *at =
        lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s/versions/1", key);
#define MOVE(who, what)                                                                            \
    lib_call(who, &resp, "POST", lt_arena_printf(th_group_arena, "%s/" what, at), NULL, NULL)
    assert_int_equal(
        lib_call(STAFF, &resp, "POST", "/api/v1/library/processes", lib_record(key, "Heil"), NULL),
        201);
    const char *p[] = {key};
    th_scalar(owner, "SELECT set_config('lotse.roles', 'fai_staff', false)");
    assert_string_equal(th_value(owner, th_group_arena,
                                 "UPDATE lotse.process_versions SET name = 'Kaputt \xef\xbf\xbe'"
                                 " WHERE key = $1 AND version = 1 RETURNING status",
                                 1, p),
                        "draft");
    th_scalar(owner, "SELECT set_config('lotse.roles', '', false)");
    assert_int_equal(MOVE(STAFF, "submit"), 200);
    assert_int_equal(MOVE(STAFF, "approve"), 409);
    json_t *problem = lib_json(&resp);
    assert_string_equal(lib_str(problem, "current_status"), "in_progress");
    assert_non_null(strstr(lib_str(problem, "detail"), "cannot be approved"));
    assert_non_null(strstr(lib_str(problem, "detail"), "fails the package check"));
    assert_string_equal(lib_error(problem, "name"),
                        "must not contain the non-characters U+FFFE or U+FFFF");
    assert_int_equal(lib_call(STAFF, &resp, "GET", at, NULL, NULL), 200);
    assert_string_equal(lib_str(lib_json(&resp), "status"), "in_progress");

    /* returned, corrected and submitted again, it is approved */
    assert_int_equal(lib_call(STAFF, &resp, "POST",
                              lt_arena_printf(th_group_arena, "%s/return", at),
                              "{\"comment\": \"Der Name ist kaputt.\"}", NULL),
                     200);
    const char *etag = lt_arena_strdup(th_group_arena, th_header(&resp, "ETag"));
    assert_int_equal(lib_call(STAFF, &resp, "PUT", at, lib_record(key, "Heil"), etag), 200);
    assert_int_equal(MOVE(STAFF, "submit"), 200);
    assert_int_equal(MOVE(STAFF, "approve"), 200);

    /* approved, then changed behind the guard: not published, and stays approved */
    behind_the_guard(lt_arena_printf(th_group_arena,
                                     "UPDATE lotse.process_versions SET authors = '[]'"
                                     " WHERE key = '%s' AND version = 1",
                                     key));
    assert_int_equal(MOVE(LEAD, "publish"), 409);
    problem = lib_json(&resp);
    assert_string_equal(lib_str(problem, "current_status"), "approved");
    assert_non_null(strstr(lib_str(problem, "detail"), "cannot be published"));
    assert_string_equal(lib_error(problem, "authors"), "must have 1 to 50 entries");
    assert_int_equal(lib_call(STAFF, &resp, "GET", at, NULL, NULL), 200);
    assert_true(json_is_null(json_object_get(lib_json(&resp), "published_at")));
    behind_the_guard(lt_arena_printf(th_group_arena,
                                     "UPDATE lotse.process_versions SET authors ="
                                     " '[{\"name\": \"Koordination\", \"organisation\": \"IHK\"}]'"
                                     " WHERE key = '%s' AND version = 1",
                                     key));
    assert_int_equal(MOVE(LEAD, "publish"), 200);
    assert_int_equal(lib_call(COORD_A, &resp, "GET", package_uri(key, 1), NULL, NULL), 200);
#undef MOVE
}

static void an_import_makes_a_draft_that_remembers_its_source(void **state)
{
    (void)state;
    lt_resp zip, resp;
    assert_int_equal(
        lib_call(COORD_A, &zip, "GET", package_uri(seed_key, seed_version), NULL, NULL), 200);
    int before = processes();
    /* the seed's key is taken: the import says so and stores nothing */
    assert_int_equal(post_zip(COORD_A, &resp, "/api/v1/regions/" REGION "/library/imports",
                              zip.body.data, zip.body.len),
                     409);
    assert_int_equal(processes(), before);

    const char *key = lib_key("import");
    const char *uri =
        lt_arena_printf(th_group_arena, "/api/v1/regions/" REGION "/library/imports?key=%s", key);
    int status = post_zip(COORD_A, &resp, uri, zip.body.data, zip.body.len);
    if (status != 201)
        fail_msg("import: %d %s", status, resp.body.data);
    json_t *draft = lib_json(&resp);
    assert_string_equal(lib_str(draft, "key"), key);
    assert_string_equal(lib_str(draft, "status"), "draft");
    json_t *source = json_object_get(draft, "adapted_from");
    assert_string_equal(lib_str(source, "key"), seed_key);
    assert_int_equal(json_integer_value(json_object_get(source, "version")), seed_version);
    assert_int_equal(processes(), before + 1);
    const char *p[] = {key};
    assert_string_equal(th_value(owner, th_group_arena,
                                 "SELECT signer_name || '|' || source_key FROM"
                                 " lotse.library_imports WHERE process_key = $1",
                                 1, p),
                        lt_arena_printf(th_group_arena, "this Lotse instance|%s", seed_key));
    /* the other region cannot see the new draft */
    assert_int_equal(
        lib_call(COORD_B, &resp, "GET",
                 lt_arena_printf(th_group_arena, "/api/v1/library/processes/%s/versions/1", key),
                 NULL, NULL),
        404);
}

static void a_changed_or_foreign_package_is_refused_until_its_key_is_trusted(void **state)
{
    (void)state;
    lt_resp zip, resp;
    assert_int_equal(
        lib_call(COORD_A, &zip, "GET", package_uri(seed_key, seed_version), NULL, NULL), 200);
    int before = processes();
    const char *uri = lt_arena_printf(
        th_group_arena, "/api/v1/regions/" REGION "/library/imports?key=%s", lib_key("fremd"));

    /* one byte changed somewhere in the middle */
    char *changed = lt_arena_alloc(th_group_arena, zip.body.len);
    memcpy(changed, zip.body.data, zip.body.len);
    changed[zip.body.len / 2] ^= 0x20;
    assert_int_equal(post_zip(COORD_A, &resp, uri, changed, zip.body.len), 422);
    assert_non_null(lib_str(lib_json(&resp), "reason"));
    /* not a ZIP at all, and not sent as one */
    assert_int_equal(post_zip(COORD_A, &resp, uri, "hello", 5), 422);
    assert_string_equal(lib_str(lib_json(&resp), "reason"), "not-zip");
    assert_int_equal(lib_call(COORD_A, &resp, "POST", uri, "{}", NULL), 415);

    /* the same version, signed by another instance's key */
    lt_signing_key *foreign = lt_signing_key_generate();
    assert_non_null(foreign);
    json_t *record = NULL;
    {
        lt_public_key *k = server_key();
        const lt_public_key *trusted[] = {k};
        lt_package pkg;
        lt_package_failure fail = {0};
        assert_int_equal(lt_package_read(th_group_arena, zip.body.data, zip.body.len, trusted, 1,
                                         NULL, &pkg, &fail),
                         LT_PKG_OK);
        record = pkg.record;
        lt_public_key_free(k);
    }
    lt_buf other;
    lt_buf_init(&other, th_group_arena);
    lt_package_failure fail = {0};
    assert_int_equal(lt_package_build(th_group_arena, record, foreign, &other, &fail), LT_PKG_OK);
    assert_int_equal(post_zip(COORD_A, &resp, uri, other.data, other.len), 422);
    assert_string_equal(lib_str(lib_json(&resp), "reason"), "bad-signature");
    assert_int_equal(processes(), before);

    /* the region decides to trust that instance; a viewer may not */
    lt_buf pem;
    lt_buf_init(&pem, th_group_arena);
    lt_public_key_pem(lt_signing_key_public(foreign), &pem);
    json_t *body = json_pack("{s:s, s:s}", "name", "Lotse Hessen", "public_key", pem.data);
    char *text = json_dumps(body, 0);
    const char *keys = "/api/v1/regions/" REGION "/library/trusted-keys";
    assert_int_equal(lib_call(VIEWER_A, &resp, "POST", keys, text, NULL), 403);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", keys, text, NULL), 201);
    assert_string_equal(lib_str(lib_json(&resp), "fingerprint"),
                        lt_public_key_fingerprint(lt_signing_key_public(foreign)));
    assert_int_equal(lib_call(COORD_A, &resp, "POST", keys, text, NULL), 409);
    free(text);
    json_decref(body);
    assert_int_equal(lib_call(COORD_A, &resp, "POST", keys,
                              "{\"name\": \"kaputt\", \"public_key\": \"-----BEGIN nonsense\"}",
                              NULL),
                     400);
    assert_string_equal(lib_error(lib_json(&resp), "public_key") ? "public_key" : "", "public_key");

    int status = post_zip(COORD_A, &resp, uri, other.data, other.len);
    if (status != 201)
        fail_msg("trusted import: %d %s", status, resp.body.data);
    assert_int_equal(processes(), before + 1);
    /* the other region trusts nobody but this instance */
    assert_int_equal(
        post_zip(COORD_B, &resp,
                 lt_arena_printf(th_group_arena, "/api/v1/regions/" OTHER "/library/imports?key=%s",
                                 lib_key("fremd-b")),
                 other.data, other.len),
        422);

    /* withdrawing the trust */
    const char *one = lt_arena_printf(th_group_arena, "%s/%s", keys,
                                      lt_public_key_fingerprint(lt_signing_key_public(foreign)));
    assert_int_equal(lib_call(COORD_A, &resp, "DELETE", one, NULL, NULL), 204);
    assert_int_equal(lib_call(COORD_A, &resp, "DELETE", one, NULL, NULL), 404);
    lt_signing_key_free(foreign);
}

/* The four signed contents of the seed's package, read back with the server's key. */
static void seed_contents(lt_package_file content[4], lt_buf *zip)
{
    lt_resp resp;
    assert_int_equal(
        lib_call(COORD_A, &resp, "GET", package_uri(seed_key, seed_version), NULL, NULL), 200);
    lt_buf_init(zip, th_group_arena);
    lt_buf_append(zip, resp.body.data, resp.body.len);
    lt_public_key *k = server_key();
    const lt_public_key *trusted[] = {k};
    lt_package pkg;
    lt_package_failure fail = {0};
    assert_int_equal(
        lt_package_read(th_group_arena, zip->data, zip->len, trusted, 1, NULL, &pkg, &fail),
        LT_PKG_OK);
    lt_public_key_free(k);
    for (int i = 0; i < 4; i++)
        content[i] = pkg.files[i];
}

/* Posts zip and expects status with the problem's reason (NULL: a 400 naming field). */
static void expect_refusal(const lt_buf *zip, int status, const char *reason, const char *field)
{
    lt_resp resp;
    int before = processes();
    const char *uri = lt_arena_printf(
        th_group_arena, "/api/v1/regions/" REGION "/library/imports?key=%s", lib_key("boese"));
    int got = post_zip(COORD_A, &resp, uri, zip->data, zip->len);
    if (got != status)
        fail_msg("status %d, want %d: %s", got, status, resp.body.data);
    assert_string_equal(resp.content_type, "application/problem+json");
    json_t *p = lib_json(&resp);
    if (reason)
        assert_string_equal(lib_str(p, "reason"), reason);
    if (field && !lib_error(p, field))
        fail_msg("no error for %s: %s", field, resp.body.data);
    assert_int_equal(processes(), before);
}

static void hostile_packages_are_refused_with_their_reason(void **state)
{
    (void)state;
    lt_package_file content[4];
    lt_buf good;
    seed_contents(content, &good);
    char err[256];
    lt_signing_key *key = lt_signing_key_load(getenv("LOTSE_SIGNING_KEY"), err, sizeof err);
    assert_non_null(key);
    craft_entry e[7];
    craft_package_files(th_group_arena, content, key, e);

    lt_buf zip;
    lt_buf_init(&zip, th_group_arena);
    e[6] = (craft_entry){.name = "../x", .data = "x", .len = 1};
    craft_zip(e, 7, &zip);
    expect_refusal(&zip, 422, "unsafe-name", NULL);

    lt_buf_reset(&zip);
    e[6] = (craft_entry){.name = "process.jsoX", .data = "{}", .len = 2};
    craft_zip(e, 7, &zip);
    size_t local, central;
    assert_int_equal(craft_find_headers(&zip, "process.jsoX", &local, &central), 2);
    zip.data[local + 30 + 11] = 'n';
    zip.data[central + 46 + 11] = 'n';
    expect_refusal(&zip, 422, "duplicate-name", NULL);

    /* a zip bomb: process.bpmn declares 1 GB */
    lt_buf_reset(&zip);
    craft_zip(e, 6, &zip);
    assert_int_equal(craft_find_headers(&zip, LT_PACKAGE_BPMN, &local, &central), 2);
    craft_put32(&zip, local + 22, 1u << 30);
    craft_put32(&zip, central + 24, 1u << 30);
    expect_refusal(&zip, 413, "too-large", NULL);

    /* cut in half */
    lt_buf half = good;
    half.len = good.len / 2;
    expect_refusal(&half, 422, "not-zip", NULL);

    /* signed properly, but the record's steps run in a circle, or it has a field too many */
    json_t *record = json_loadb((const char *)content[2].data, content[2].len, 0, NULL);
    json_t *steps = json_object_get(record, "steps");
    json_t *last = json_array_get(steps, json_array_size(steps) - 1);
    json_array_append(json_object_get(json_array_get(steps, 0), "predecessors"),
                      json_object_get(last, "id"));
    lt_package_file changed[4];
    memcpy(changed, content, sizeof changed);
    char *text = json_dumps(record, JSON_INDENT(2));
    changed[2].data = (const unsigned char *)lt_arena_strdup(th_group_arena, text);
    changed[2].len = strlen(text);
    free(text);
    craft_package_files(th_group_arena, changed, key, e);
    lt_buf_reset(&zip);
    craft_zip(e, 6, &zip);
    expect_refusal(&zip, 400, NULL, "steps[0].predecessors");
    json_decref(record);

    record = json_loadb((const char *)content[2].data, content[2].len, 0, NULL);
    json_object_set_new(record, "farbe", json_string("rot"));
    text = json_dumps(record, JSON_INDENT(2));
    changed[2].data = (const unsigned char *)lt_arena_strdup(th_group_arena, text);
    changed[2].len = strlen(text);
    free(text);
    json_decref(record);
    craft_package_files(th_group_arena, changed, key, e);
    lt_buf_reset(&zip);
    craft_zip(e, 6, &zip);
    expect_refusal(&zip, 400, NULL, "farbe");
    lt_signing_key_free(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_published_version_is_a_signed_package_of_fixed_bytes),
        cmocka_unit_test(a_draft_is_not_packaged),
        cmocka_unit_test(a_broken_published_version_is_a_precise_server_error),
        cmocka_unit_test(what_cannot_be_packaged_is_not_approved_or_published),
        cmocka_unit_test(an_import_makes_a_draft_that_remembers_its_source),
        cmocka_unit_test(a_changed_or_foreign_package_is_refused_until_its_key_is_trusted),
        cmocka_unit_test(hostile_packages_are_refused_with_their_reason),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
