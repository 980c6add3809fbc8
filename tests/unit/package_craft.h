/*
 * package_craft.h - builds ZIP archives by hand for the package tests: good
 * packages from chosen contents (signed by a chosen key), and bad ones (odd
 * names, methods, encryption, modes, patched headers). Header-only: each unit
 * test is one file.
 */
#ifndef LOTSE_TEST_PACKAGE_CRAFT_H
#define LOTSE_TEST_PACKAGE_CRAFT_H

#include "lotse/package.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct craft_entry {
    const char *name;
    const void *data;
    size_t len;
    zip_int32_t method;     /* 0: deflate */
    zip_uint16_t encrypt;   /* 0: none, else a ZIP_EM_* method (password "secret") */
    zip_uint32_t unix_mode; /* 0: 0100644 */
} craft_entry;

/* The archive of the n entries, in order, appended to out. Aborts on failure. */
static inline void craft_zip(const craft_entry *e, size_t n, lt_buf *out)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za)
        abort();
    for (size_t i = 0; i < n; i++) {
        zip_source_t *fs = zip_source_buffer(za, e[i].data, e[i].len, 0);
        zip_int64_t idx = zip_file_add(za, e[i].name, fs, 0);
        if (idx < 0) {
            fprintf(stderr, "craft_zip: %s: %s\n", e[i].name, zip_strerror(za));
            abort();
        }
        zip_set_file_compression(za, (zip_uint64_t)idx, e[i].method ? e[i].method : ZIP_CM_DEFLATE,
                                 0);
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (e[i].unix_mode ? e[i].unix_mode : 0100644u) << 16);
        if (e[i].encrypt &&
            zip_file_set_encryption(za, (zip_uint64_t)idx, e[i].encrypt, "secret") != 0)
            abort();
    }
    if (zip_close(za) != 0)
        abort();
    if (zip_source_open(src) == 0) { /* libzip writes nothing for an archive without entries */
        zip_source_seek(src, 0, SEEK_END);
        zip_int64_t len = zip_source_tell(src);
        zip_source_seek(src, 0, SEEK_SET);
        char *bytes = malloc(len > 0 ? (size_t)len : 1);
        if (len < 0 || zip_source_read(src, bytes, (zip_uint64_t)len) != len)
            abort();
        lt_buf_append(out, bytes, (size_t)len);
        free(bytes);
        zip_source_close(src);
    }
    zip_source_free(src);
    zip_error_fini(&ze);
}

/* The six files of a package: four contents as given, their manifest, and its
 * signature by key. files[] receives the entries (arena memory). */
static inline void craft_package_files(lt_arena *a, const lt_package_file content[4],
                                       const lt_signing_key *key, craft_entry files[6])
{
    lt_buf manifest;
    lt_buf_init(&manifest, a);
    for (int i = 0; i < 4; i++) {
        unsigned char d[SHA256_DIGEST_LENGTH];
        SHA256(content[i].data, content[i].len, d);
        for (int k = 0; k < SHA256_DIGEST_LENGTH; k++)
            lt_buf_printf(&manifest, "%02x", d[k]);
        lt_buf_printf(&manifest, "  %s\n", lt_package_files[i]);
        files[i] = (craft_entry){
            .name = lt_package_files[i], .data = content[i].data, .len = content[i].len};
    }
    unsigned char *sig = lt_arena_alloc(a, LT_SIGNATURE_LEN);
    if (lt_signing_sign(key, manifest.data, manifest.len, sig) != 0)
        abort();
    files[4] =
        (craft_entry){.name = LT_PACKAGE_MANIFEST, .data = manifest.data, .len = manifest.len};
    files[5] = (craft_entry){.name = LT_PACKAGE_SIGNATURE, .data = sig, .len = LT_SIGNATURE_LEN};
}

/* Offsets of every local header (PK\3\4) and central header (PK\1\2) for name. */
static inline size_t craft_find_headers(const lt_buf *zip, const char *name, size_t *local,
                                        size_t *central)
{
    size_t found = 0, nlen = strlen(name);
    *local = *central = 0;
    for (size_t i = 0; i + 46 + nlen <= zip->len; i++) {
        const unsigned char *p = (const unsigned char *)zip->data + i;
        if (p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4 && p[26] == nlen && p[27] == 0 &&
            memcmp(p + 30, name, nlen) == 0) {
            *local = i;
            found++;
        }
        if (p[0] == 'P' && p[1] == 'K' && p[2] == 1 && p[3] == 2 && p[28] == nlen && p[29] == 0 &&
            memcmp(p + 46, name, nlen) == 0) {
            *central = i;
            found++;
        }
    }
    return found;
}

static inline void craft_put32(lt_buf *zip, size_t at, unsigned v)
{
    unsigned char *p = (unsigned char *)zip->data + at;
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
    p[2] = (v >> 16) & 0xff;
    p[3] = (v >> 24) & 0xff;
}

#endif
