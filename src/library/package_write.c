/*
 * package_write.c - builds the signed ZIP of a process version; see package.h.
 *
 * Why libzip writes into memory: a package is small (a few hundred KB at
 * most), is answered to one request, and must never touch a temporary file
 * that another process could read or that a crash would leave behind.
 *
 * Byte-identical output: the entries are added in a fixed order, each with the
 * version's publication time as DOS time (local header and central directory),
 * Unix mode 0644 (external attributes), deflate level 9, and no extra fields;
 * the texts themselves are deterministic (bpmn.h, rocrate.h, canonical JSON),
 * and Ed25519 signatures are deterministic too.
 */
#include "lotse/bpmn.h"
#include "lotse/package.h"
#include "lotse/digest.h"
#include "lotse/rocrate.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

const char *const lt_package_files[LT_PACKAGE_NFILES] = {
    LT_PACKAGE_ROCRATE, LT_PACKAGE_BPMN,     LT_PACKAGE_RECORD,
    LT_PACKAGE_README,  LT_PACKAGE_MANIFEST, LT_PACKAGE_SIGNATURE,
};

const lt_package_limits lt_package_default_limits = {
    .max_entries = 16,
    .max_file_size = 8u << 20,
    .max_total_size = 32u << 20,
};

static const char *const slugs[LT_PKG__COUNT] = {
    [LT_PKG_OK] = "ok",
    [LT_PKG_INVALID_RECORD] = "invalid-record",
    [LT_PKG_NOT_PUBLISHED] = "not-published",
    [LT_PKG_INTERNAL] = "internal",
    [LT_PKG_NO_TRUSTED_KEY] = "no-trusted-key",
    [LT_PKG_NOT_ZIP] = "not-zip",
    [LT_PKG_TOO_MANY_ENTRIES] = "too-many-entries",
    [LT_PKG_UNSAFE_NAME] = "unsafe-name",
    [LT_PKG_DUPLICATE_NAME] = "duplicate-name",
    [LT_PKG_UNEXPECTED_FILE] = "unexpected-file",
    [LT_PKG_MISSING_FILE] = "missing-file",
    [LT_PKG_ENCRYPTED] = "encrypted",
    [LT_PKG_UNSUPPORTED_COMPRESSION] = "unsupported-compression",
    [LT_PKG_TOO_LARGE] = "too-large",
    [LT_PKG_DAMAGED] = "damaged",
    [LT_PKG_BAD_SIGNATURE] = "bad-signature",
    [LT_PKG_BAD_MANIFEST] = "bad-manifest",
    [LT_PKG_CHECKSUM_MISMATCH] = "checksum-mismatch",
};

const char *lt_package_status_slug(lt_package_status s)
{
    return (unsigned)s < LT_PKG__COUNT ? slugs[s] : "unknown";
}

static lt_package_status failed(lt_package_failure *fail, lt_package_status status,
                                const char *message)
{
    fail->status = status;
    fail->message = message;
    return status;
}

/* The UTC time of an RFC 3339 timestamp (process_record.c checked its shape). */
static time_t utc_of(const char *ts)
{
    struct tm tm = {0};
    tm.tm_year = atoi(ts) - 1900;
    tm.tm_mon = atoi(ts + 5) - 1;
    tm.tm_mday = atoi(ts + 8);
    tm.tm_hour = atoi(ts + 11);
    tm.tm_min = atoi(ts + 14);
    tm.tm_sec = atoi(ts + 17);
    time_t t = timegm(&tm);
    const char *zone = ts + 19;
    if (*zone == '.')
        zone += 1 + strspn(zone + 1, "0123456789");
    if (*zone == '+' || *zone == '-') {
        long offset = atol(zone + 1) * 3600 + atol(zone + 4) * 60;
        t += *zone == '+' ? -offset : offset;
    }
    return t;
}

/* DOS date and time (2-second steps, 1980..2107) of an instant, in UTC. */
static void dos_time(const char *published_at, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    time_t t = utc_of(published_at);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (tm.tm_year < 80)
        tm = (struct tm){.tm_year = 80, .tm_mday = 1};
    if (tm.tm_year > 207)
        tm = (struct tm){
            .tm_year = 207, .tm_mon = 11, .tm_mday = 31, .tm_hour = 23, .tm_min = 59, .tm_sec = 58};
    *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
    *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* Writes the entries into an archive in memory and appends its bytes to out. */
static int zip_files(const lt_buf *files, const char *published_at, lt_buf *out)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = NULL;
    int rc = -1;
    if (!src)
        goto done;
    zip_source_keep(src); /* it must outlive zip_close, which writes into it */
    za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    if (!za)
        goto done;
    zip_uint16_t dtime, ddate;
    dos_time(published_at, &dtime, &ddate);
    for (int i = 0; i < LT_PACKAGE_NFILES; i++) {
        zip_source_t *fs = zip_source_buffer(za, files[i].data, files[i].len, 0);
        zip_int64_t idx = fs ? zip_file_add(za, lt_package_files[i], fs, 0) : -1;
        if (idx < 0) {
            zip_source_free(fs);
            goto done;
        }
        zip_uint64_t ix = (zip_uint64_t)idx;
        if (zip_set_file_compression(za, ix, ZIP_CM_DEFLATE, 9) != 0 ||
            zip_file_set_dostime(za, ix, dtime, ddate, 0) != 0 ||
            zip_file_set_external_attributes(za, ix, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0)
            goto done;
    }
    if (zip_close(za) != 0)
        goto done;
    za = NULL;
    zip_int64_t len;
    if (zip_source_open(src) != 0)
        goto done;
    if (zip_source_seek(src, 0, SEEK_END) == 0 && (len = zip_source_tell(src)) > 0 &&
        zip_source_seek(src, 0, SEEK_SET) == 0) {
        char *bytes = lt_arena_alloc(out->arena, (size_t)len);
        if (zip_source_read(src, bytes, (zip_uint64_t)len) == len) {
            lt_buf_append(out, bytes, (size_t)len);
            rc = 0;
        }
    }
    zip_source_close(src);
done:
    if (za)
        zip_discard(za);
    if (src)
        zip_source_free(src);
    zip_error_fini(&ze);
    return rc;
}

lt_package_status lt_package_build(lt_arena *a, json_t *record, const lt_signing_key *key,
                                   lt_buf *zip_out, lt_package_failure *fail)
{
    memset(fail, 0, sizeof *fail);
    lt_process p;
    if (lt_process_parse(a, record, &p, &fail->errors))
        return failed(fail, LT_PKG_INVALID_RECORD,
                      "The record is not a valid process (docs/process-format.md).");
    if (!p.published_at)
        return failed(fail, LT_PKG_NOT_PUBLISHED,
                      "Only a published version (published_at set) becomes a package.");
    lt_buf files[LT_PACKAGE_NFILES];
    for (int i = 0; i < LT_PACKAGE_NFILES; i++)
        lt_buf_init(&files[i], a);
    lt_rocrate_write(a, &p, &files[0]);
    if (lt_bpmn_write(a, &p, &files[1]) != 0)
        return failed(fail, LT_PKG_INTERNAL, "The BPMN could not be written.");
    lt_process_canonical(&p, &files[2]);
    lt_readme_write(a, &p, &files[3]);
    for (int i = 0; i < 4; i++) {
        char hex[65];
        lt_sha256_hex(files[i].data, files[i].len, hex);
        lt_buf_printf(&files[4], "%s  %s\n", hex, lt_package_files[i]);
    }
    unsigned char sig[LT_SIGNATURE_LEN];
    if (lt_signing_sign(key, files[4].data, files[4].len, sig) != 0)
        return failed(fail, LT_PKG_INTERNAL, "The manifest could not be signed.");
    lt_buf_append(&files[5], sig, sizeof sig);
    if (zip_files(files, p.published_at, zip_out) != 0)
        return failed(fail, LT_PKG_INTERNAL, "The ZIP archive could not be written.");
    return LT_PKG_OK;
}
