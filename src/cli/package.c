/*
 * package.c - `lotse package verify` and `lotse package build`: best-practice
 * packages (package.h) on the command line.
 *
 * verify is what a person who received a package runs when they have Lotse at
 * hand (docs/packages.md shows the same checks with unzip, sha256sum and
 * openssl only); build signs a package from a record file, for operators and
 * the tests, without a database.
 */
#include "lotse/cli.h"
#include "lotse/package.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_KEYS = 16, MAX_INPUT = 64 << 20 };

static const char *const usage_text =
    "usage: lotse package verify FILE [--key PEM]...\n"
    "       lotse package build RECORD.json [--key PEM] [--out FILE]\n"
    "Without --key: LOTSE_SIGNING_KEY, else var/keys/signing.pem.\n";

static const char *default_key(void)
{
    const char *k = getenv("LOTSE_SIGNING_KEY");
    return k && *k ? k : "var/keys/signing.pem";
}

/* The whole of a file (at most MAX_INPUT bytes) in the arena; NULL with a message. */
static char *slurp(lt_arena *a, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "lotse package: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    lt_buf b;
    lt_buf_init(&b, a);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= MAX_INPUT)
        lt_buf_append(&b, chunk, n);
    bool failed = ferror(f);
    fclose(f);
    if (failed || b.len > MAX_INPUT) {
        fprintf(stderr, "lotse package: %s: %s\n", path,
                failed ? "read error" : "larger than 64 MiB: no package is");
        return NULL;
    }
    *len = b.len;
    return b.data;
}

static void print_owner(const char *label, const lt_process_owner *o)
{
    printf("%-14s%s", label, o->name);
    if (o->region)
        printf(" (region %s)", o->region);
    else
        printf(" (the FAI)");
    printf("\n");
}

static void print_package(const char *file, const char *keyfile, const lt_package *pkg)
{
    const lt_process *p = &pkg->process;
    printf("%-14s%s\n", "package:", file);
    printf("%-14svalid, by key %s (%s)\n", "signature:", lt_public_key_fingerprint(pkg->signer),
           keyfile);
    printf("%-14sall 4 files match %s\n", "checksums:", LT_PACKAGE_MANIFEST);
    printf("%-14s%s\n", "key:", p->key);
    printf("%-14s%ld\n", "version:", p->version);
    printf("%-14s%s\n", "name:", p->name);
    print_owner("owner:", &p->owner);
    printf("%-14s%s%s%s\n", "status:", p->status, p->published_at ? ", published " : "",
           p->published_at ? p->published_at : "");
    printf("%-14s%zu\n", "steps:", p->nsteps);
    if (p->has_adapted_from) {
        printf("%-14s%s, version %ld, by %s\n", "adapted from:", p->adapted_from.key,
               p->adapted_from.version, p->adapted_from.owner.name);
    } else {
        printf("%-14s(nothing: an original)\n", "adapted from:");
    }
    printf("files:\n");
    for (int i = 0; i < LT_PACKAGE_NFILES; i++)
        printf("  %-26s %8zu bytes\n", pkg->files[i].name, pkg->files[i].len);
}

static int verify(lt_arena *a, int argc, char **argv)
{
    const char *file = NULL, *keyfiles[MAX_KEYS];
    size_t nkeys = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--key") == 0 && i + 1 < argc && nkeys < MAX_KEYS)
            keyfiles[nkeys++] = argv[++i];
        else if (!file && argv[i][0] != '-')
            file = argv[i];
        else {
            fputs(usage_text, stderr);
            return 2;
        }
    }
    if (!file) {
        fputs(usage_text, stderr);
        return 2;
    }
    if (nkeys == 0)
        keyfiles[nkeys++] = default_key();
    lt_public_key *keys[MAX_KEYS] = {0};
    int rc = 1;
    for (size_t k = 0; k < nkeys; k++) {
        char err[256];
        keys[k] = lt_public_key_load(keyfiles[k], err, sizeof err);
        if (!keys[k]) {
            fprintf(stderr, "lotse package verify: key %s: %s\n", keyfiles[k], err);
            goto done;
        }
    }
    size_t len;
    char *zip = slurp(a, file, &len);
    if (!zip)
        goto done;
    lt_package pkg;
    lt_package_failure fail;
    lt_package_status st =
        lt_package_read(a, zip, len, (const lt_public_key *const *)keys, nkeys, NULL, &pkg, &fail);
    if (st != LT_PKG_OK) {
        fprintf(stderr, "lotse package verify: %s: REFUSED (%s): %s\n", file,
                lt_package_status_slug(st), fail.message);
        size_t i;
        json_t *e;
        json_array_foreach(fail.errors, i, e)
        {
            fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(e, "field")),
                    json_string_value(json_object_get(e, "message")));
        }
        json_decref(fail.errors);
        goto done;
    }
    const char *signer_file = keyfiles[0];
    for (size_t k = 0; k < nkeys; k++)
        if (keys[k] == pkg.signer)
            signer_file = keyfiles[k];
    print_package(file, signer_file, &pkg);
    rc = 0;
done:
    for (size_t k = 0; k < nkeys; k++)
        lt_public_key_free(keys[k]);
    return rc;
}

static int write_file(const char *path, const char *data, size_t len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) == 0)
        return 0;
    fprintf(stderr, "lotse package build: cannot write %s: %s\n", path, strerror(errno));
    unlink(tmp);
    return -1;
}

static int build(lt_arena *a, int argc, char **argv)
{
    const char *record_file = NULL, *keyfile = default_key(), *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
            keyfile = argv[++i];
        else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (!record_file && argv[i][0] != '-')
            record_file = argv[i];
        else {
            fputs(usage_text, stderr);
            return 2;
        }
    }
    if (!record_file) {
        fputs(usage_text, stderr);
        return 2;
    }
    json_error_t je;
    json_t *record = json_load_file(record_file, JSON_REJECT_DUPLICATES, &je);
    if (!record) {
        fprintf(stderr, "lotse package build: %s: not JSON: %s (line %d)\n", record_file, je.text,
                je.line);
        return 1;
    }
    char err[256];
    lt_signing_key *key = lt_signing_key_load(keyfile, err, sizeof err);
    int rc = 1;
    if (!key) {
        fprintf(stderr, "lotse package build: key %s: %s\n", keyfile, err);
        json_decref(record);
        return 1;
    }
    lt_buf zip;
    lt_buf_init(&zip, a);
    lt_package_failure fail;
    lt_package_status st = lt_package_build(a, record, key, &zip, &fail);
    if (st != LT_PKG_OK) {
        fprintf(stderr, "lotse package build: %s: %s\n", record_file, fail.message);
        size_t i;
        json_t *e;
        json_array_foreach(fail.errors, i, e)
        {
            fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(e, "field")),
                    json_string_value(json_object_get(e, "message")));
        }
        json_decref(fail.errors);
    } else {
        if (!out)
            out = lt_arena_printf(a, "%s-v%" JSON_INTEGER_FORMAT ".zip",
                                  json_string_value(json_object_get(record, "key")),
                                  json_integer_value(json_object_get(record, "version")));
        if (write_file(out, zip.data, zip.len) == 0) {
            printf("%s (%zu bytes, signed by %s)\n", out, zip.len,
                   lt_public_key_fingerprint(lt_signing_key_public(key)));
            rc = 0;
        }
    }
    lt_signing_key_free(key);
    json_decref(record);
    return rc;
}

int lt_cli_package(int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage_text, stderr);
        return 2;
    }
    lt_arena *a = lt_arena_create(1 << 16);
    int rc;
    if (strcmp(argv[0], "verify") == 0)
        rc = verify(a, argc - 1, argv + 1);
    else if (strcmp(argv[0], "build") == 0)
        rc = build(a, argc - 1, argv + 1);
    else {
        fputs(usage_text, stderr);
        rc = 2;
    }
    lt_arena_destroy(a);
    return rc;
}
