/*
 * package_read.c - reads and checks an untrusted package; see package.h.
 *
 * The order is the order of cost and of trust: first what the central
 * directory declares (names, kinds, encryption, methods, sizes), refused before
 * a byte is decompressed; then each entry read with a cap of what it declared;
 * then the signature over the manifest (nothing unsigned is believed), then the
 * checksums (nothing unlisted is believed), and only then is process.json
 * parsed. The archive is never extracted to disk, so a name can do no harm
 * beyond being refused - but unsafe names are still named as such, because an
 * operator who unzips a refused upload by hand deserves the warning.
 */
#include "lotse/package.h"
#include "lotse/digest.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

typedef struct reader {
    lt_arena *a;
    zip_t *za;
    const lt_package_limits *limits;
    lt_package_failure *fail;
    zip_uint64_t index[LT_PACKAGE_NFILES]; /* entry of each expected file */
    zip_uint64_t size[LT_PACKAGE_NFILES];  /* its declared uncompressed size */
    bool seen[LT_PACKAGE_NFILES];
} reader;

__attribute__((format(printf, 4, 5))) static lt_package_status
refuse(reader *r, lt_package_status status, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    r->fail->status = status;
    r->fail->file = file ? lt_arena_strdup(r->a, file) : NULL;
    r->fail->message = lt_arena_vprintf(r->a, fmt, ap);
    va_end(ap);
    return status;
}

/* A name as it may appear in a message: printable ASCII, cut to 100 bytes. */
static const char *shown(lt_arena *a, const char *name)
{
    lt_buf b;
    lt_buf_init(&b, a);
    for (size_t i = 0; name[i] && i < 100; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
            lt_buf_append(&b, &name[i], 1);
        else
            lt_buf_printf(&b, "\\x%02x", c);
    }
    return b.data;
}

static bool unsafe_name(const char *name)
{
    if (!*name || name[0] == '/' || strchr(name, '\\') || strchr(name, ':'))
        return true;
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return true;
    for (const char *seg = name; seg;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.')
            return true;
        seg = slash ? slash + 1 : NULL;
    }
    return false;
}

static int expected(const char *name)
{
    for (int i = 0; i < LT_PACKAGE_NFILES; i++)
        if (strcmp(lt_package_files[i], name) == 0)
            return i;
    return -1;
}

static zip_t *open_zip(const void *zip, size_t len, int flags, int *code)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_t *za = NULL;
    zip_source_t *src = zip_source_buffer_create(zip, len, 0, &ze);
    if (src) {
        za = zip_open_from_source(src, flags, &ze);
        if (!za)
            zip_source_free(src);
    }
    *code = zip_error_code_zip(&ze);
    zip_error_fini(&ze);
    return za;
}

/* libzip's consistency check refuses an archive with a repeated name before
 * we see the names; open it again without, only to say which name it is. */
static lt_package_status duplicate(reader *r, const void *zip, size_t len)
{
    int code;
    zip_t *za = open_zip(zip, len, ZIP_RDONLY, &code);
    zip_int64_t n = za ? zip_get_num_entries(za, 0) : 0;
    const char *twice = NULL;
    for (zip_int64_t i = 0; i < n && (zip_uint64_t)i < r->limits->max_entries && !twice; i++)
        for (zip_int64_t j = 0; j < i && !twice; j++) {
            const char *a = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
            const char *b = zip_get_name(za, (zip_uint64_t)j, ZIP_FL_ENC_RAW);
            if (a && b && strcmp(a, b) == 0)
                twice = shown(r->a, a);
        }
    if (za)
        zip_discard(za);
    if (twice)
        return refuse(r, LT_PKG_DUPLICATE_NAME, twice, "The archive holds \"%s\" twice.", twice);
    return refuse(r, LT_PKG_DUPLICATE_NAME, NULL,
                  "The archive holds two entries of the same name.");
}

static lt_package_status open_archive(reader *r, const void *zip, size_t len)
{
    int code = ZIP_ER_NOZIP;
    /* 22 bytes: the smallest end of central directory; less is no archive, not an empty one */
    if (len >= 22)
        r->za = open_zip(zip, len, ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (r->za)
        return LT_PKG_OK;
    if (code == ZIP_ER_MEMORY)
        return refuse(r, LT_PKG_INTERNAL, NULL, "Out of memory while opening the archive.");
    if (code == ZIP_ER_EXISTS)
        return duplicate(r, zip, len);
    return refuse(r, LT_PKG_NOT_ZIP, NULL,
                  "The package is not a complete ZIP archive: it is truncated, damaged or "
                  "of another format.");
}

/* Everything the central directory says about each entry, before reading any. */
static lt_package_status check_entries(reader *r)
{
    zip_int64_t n = zip_get_num_entries(r->za, 0);
    if (n < 0 || (zip_uint64_t)n > r->limits->max_entries)
        return refuse(r, LT_PKG_TOO_MANY_ENTRIES, NULL,
                      "The archive has %lld entries; a package has %d.", (long long)n,
                      LT_PACKAGE_NFILES);
    zip_uint64_t total = 0;
    for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
        const char *name = zip_get_name(r->za, i, ZIP_FL_ENC_RAW);
        if (!name)
            return refuse(r, LT_PKG_NOT_ZIP, NULL, "Entry %llu of the archive has no name.",
                          (unsigned long long)i);
        const char *show = shown(r->a, name);
        if (unsafe_name(name))
            return refuse(r, LT_PKG_UNSAFE_NAME, show,
                          "The entry \"%s\" has an unsafe name (absolute, with .., a backslash, "
                          "a drive or control characters).",
                          show);
        for (zip_uint64_t j = 0; j < i; j++)
            if (strcmp(zip_get_name(r->za, j, ZIP_FL_ENC_RAW), name) == 0)
                return refuse(r, LT_PKG_DUPLICATE_NAME, show, "The archive holds \"%s\" twice.",
                              show);
        int f = expected(name);
        if (f < 0)
            return refuse(r, LT_PKG_UNEXPECTED_FILE, show,
                          "The entry \"%s\" does not belong in a package.", show);
        zip_uint8_t opsys;
        zip_uint32_t attributes;
        if (zip_file_get_external_attributes(r->za, i, 0, &opsys, &attributes) == 0 &&
            opsys == ZIP_OPSYS_UNIX && (attributes >> 16) != 0 &&
            ((attributes >> 16) & S_IFMT) != S_IFREG)
            return refuse(r, LT_PKG_UNEXPECTED_FILE, show,
                          "The entry \"%s\" is not a regular file (a link or a directory).", show);
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(r->za, i, 0, &st) != 0 ||
            (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD)) !=
                (ZIP_STAT_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_ENCRYPTION_METHOD))
            return refuse(r, LT_PKG_NOT_ZIP, show, "The entry \"%s\" cannot be read.", show);
        if (st.encryption_method != ZIP_EM_NONE)
            return refuse(r, LT_PKG_ENCRYPTED, show,
                          "The entry \"%s\" is encrypted; a package is not.", show);
        if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
            return refuse(r, LT_PKG_UNSUPPORTED_COMPRESSION, show,
                          "The entry \"%s\" is compressed with method %u; only stored and "
                          "deflated entries are read.",
                          show, (unsigned)st.comp_method);
        if (st.size > r->limits->max_file_size)
            return refuse(r, LT_PKG_TOO_LARGE, show,
                          "The entry \"%s\" declares %llu bytes; at most %zu are accepted.", show,
                          (unsigned long long)st.size, r->limits->max_file_size);
        total += st.size;
        if (total > r->limits->max_total_size)
            return refuse(r, LT_PKG_TOO_LARGE, show,
                          "The entries declare more than %zu bytes in all.",
                          r->limits->max_total_size);
        r->index[f] = i;
        r->size[f] = st.size;
        r->seen[f] = true;
    }
    for (int f = 0; f < LT_PACKAGE_NFILES; f++)
        if (!r->seen[f])
            return refuse(r, LT_PKG_MISSING_FILE, lt_package_files[f], "The package lacks %s.",
                          lt_package_files[f]);
    return LT_PKG_OK;
}

/* Reads entry f, refusing more (or fewer) bytes than it declared. */
static lt_package_status read_entry(reader *r, int f, lt_package_file *out)
{
    const char *name = lt_package_files[f];
    zip_file_t *zf = zip_fopen_index(r->za, r->index[f], 0);
    if (!zf) {
        int code = zip_error_code_zip(zip_get_error(r->za));
        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP)
            return refuse(r, LT_PKG_ENCRYPTED, name, "The entry %s is encrypted.", name);
        if (code == ZIP_ER_COMPNOTSUPP)
            return refuse(r, LT_PKG_UNSUPPORTED_COMPRESSION, name,
                          "The entry %s uses an unsupported compression.", name);
        return refuse(r, LT_PKG_DAMAGED, name, "The entry %s cannot be opened: %s.", name,
                      zip_strerror(r->za));
    }
    size_t want = (size_t)r->size[f];
    unsigned char *data = lt_arena_alloc(r->a, want + 2);
    size_t got = 0;
    lt_package_status st = LT_PKG_OK;
    for (;;) {
        zip_int64_t n = zip_fread(zf, data + got, want + 1 - got);
        if (n < 0) {
            st = refuse(r, LT_PKG_DAMAGED, name, "The entry %s is damaged: %s.", name,
                        zip_file_strerror(zf));
            break;
        }
        got += (size_t)n;
        if (n == 0 || got > want)
            break;
    }
    zip_fclose(zf);
    if (st != LT_PKG_OK)
        return st;
    if (got != want)
        return refuse(r, LT_PKG_DAMAGED, name,
                      "The entry %s holds %s bytes than its %zu declared ones.", name,
                      got > want ? "more" : "fewer", want);
    data[got] = '\0';
    *out = (lt_package_file){.name = name, .data = data, .len = got};
    return LT_PKG_OK;
}

static lt_package_status check_signature(reader *r, const lt_package *pkg,
                                         const lt_public_key *const *trusted, size_t ntrusted,
                                         const lt_public_key **signer)
{
    const lt_package_file *manifest = &pkg->files[4], *sig = &pkg->files[5];
    if (sig->len != LT_SIGNATURE_LEN)
        return refuse(r, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE,
                      "%s holds %zu bytes, not a %d-byte Ed25519 signature.", LT_PACKAGE_SIGNATURE,
                      sig->len, LT_SIGNATURE_LEN);
    for (size_t k = 0; k < ntrusted; k++)
        if (lt_public_key_verify(trusted[k], manifest->data, manifest->len, sig->data, sig->len)) {
            *signer = trusted[k];
            return LT_PKG_OK;
        }
    return refuse(r, LT_PKG_BAD_SIGNATURE, LT_PACKAGE_SIGNATURE,
                  "The manifest is not signed by a trusted key (it was changed, or signed by a "
                  "key this instance does not trust).");
}

/* The manifest is exactly "<64 hex>  <name>\n" for the four files, in any order. */
static lt_package_status check_manifest(reader *r, const lt_package *pkg)
{
    const char *p = (const char *)pkg->files[4].data, *end = p + pkg->files[4].len;
    bool listed[4] = {false};
    for (int line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl || nl - p < 67 || strspn(p, "0123456789abcdef") != 64 || p[64] != ' ' ||
            p[65] != ' ')
            return refuse(r, LT_PKG_BAD_MANIFEST, LT_PACKAGE_MANIFEST,
                          "Line %d of %s is not \"<sha256 in lower-case hex>  <file name>\".", line,
                          LT_PACKAGE_MANIFEST);
        char *name = lt_arena_strndup(r->a, p + 66, (size_t)(nl - p - 66));
        int f = expected(name);
        if (f < 0 || f >= 4 || listed[f])
            return refuse(r, LT_PKG_BAD_MANIFEST, LT_PACKAGE_MANIFEST,
                          "Line %d of %s names \"%s\", which it %s.", line, LT_PACKAGE_MANIFEST,
                          shown(r->a, name), f >= 0 && f < 4 ? "names twice" : "must not list");
        listed[f] = true;
        char hex[LT_SHA256_HEX_LEN + 1];
        lt_sha256_hex(pkg->files[f].data, pkg->files[f].len, hex);
        if (CRYPTO_memcmp(hex, p, 64) != 0)
            return refuse(r, LT_PKG_CHECKSUM_MISMATCH, lt_package_files[f],
                          "%s is not the file the manifest lists: its SHA-256 differs.",
                          lt_package_files[f]);
        p = nl + 1;
    }
    for (int f = 0; f < 4; f++)
        if (!listed[f])
            return refuse(r, LT_PKG_BAD_MANIFEST, LT_PACKAGE_MANIFEST, "%s does not list %s.",
                          LT_PACKAGE_MANIFEST, lt_package_files[f]);
    return LT_PKG_OK;
}

static void decref(void *v)
{
    json_decref(v);
}

static lt_package_status check_record(reader *r, lt_package *pkg)
{
    json_error_t je;
    const lt_package_file *file = &pkg->files[2];
    json_t *record = json_loadb((const char *)file->data, file->len, JSON_REJECT_DUPLICATES, &je);
    if (!record)
        return refuse(r, LT_PKG_INVALID_RECORD, LT_PACKAGE_RECORD, "%s is not JSON: %s (line %d).",
                      LT_PACKAGE_RECORD, je.text, je.line);
    lt_arena_on_reset(r->a, decref, record);
    if (lt_process_parse(r->a, record, &pkg->process, &r->fail->errors))
        return refuse(r, LT_PKG_INVALID_RECORD, LT_PACKAGE_RECORD,
                      "%s is not a valid process (docs/process-format.md): see errors.",
                      LT_PACKAGE_RECORD);
    pkg->record = record;
    return LT_PKG_OK;
}

lt_package_status lt_package_read(lt_arena *a, const void *zip, size_t len,
                                  const lt_public_key *const *trusted, size_t ntrusted,
                                  const lt_package_limits *limits, lt_package *out,
                                  lt_package_failure *fail)
{
    memset(fail, 0, sizeof *fail);
    memset(out, 0, sizeof *out);
    reader r = {.a = a, .limits = limits ? limits : &lt_package_default_limits, .fail = fail};
    if (ntrusted == 0)
        return refuse(&r, LT_PKG_NO_TRUSTED_KEY, NULL,
                      "No key is trusted, so no package can be accepted.");
    lt_package_status st = open_archive(&r, zip, len);
    if (st == LT_PKG_OK)
        st = check_entries(&r);
    for (int f = 0; f < LT_PACKAGE_NFILES && st == LT_PKG_OK; f++)
        st = read_entry(&r, f, &out->files[f]);
    if (r.za)
        zip_discard(r.za);
    if (st == LT_PKG_OK)
        st = check_signature(&r, out, trusted, ntrusted, &out->signer);
    if (st == LT_PKG_OK)
        st = check_manifest(&r, out);
    if (st == LT_PKG_OK)
        st = check_record(&r, out);
    if (st != LT_PKG_OK) {
        memset(out, 0, sizeof *out);
        if (st != LT_PKG_INVALID_RECORD && fail->errors) {
            json_decref(fail->errors);
            fail->errors = NULL;
        }
    }
    return st;
}
