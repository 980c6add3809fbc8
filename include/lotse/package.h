/*
 * package.h - best-practice packages: one published process version as a
 * signed ZIP that a person can open and check with ordinary tools
 * (docs/packages.md), and that another Lotse instance can import.
 *
 * The archive holds exactly these files, deflated, in this order:
 *   ro-crate-metadata.json   RO-Crate 1.1 metadata (rocrate.h)
 *   process.bpmn             BPMN 2.0 with diagram (bpmn.h)
 *   process.json             the record, canonical (process_record.h)
 *   README.md                the process as a document (rocrate.h)
 *   manifest-sha256.txt      "<sha256 hex>  <name>\n" for the four files above,
 *                            in that order: what `sha256sum -c` reads
 *   manifest-sha256.txt.sig  the raw 64-byte Ed25519 signature of the manifest
 * Every entry has the version's publication time (in UTC, as DOS time) and
 * Unix mode 0644, and no extra fields, so the same version always gives the
 * same bytes (as long as zlib compresses the same way).
 *
 * Reading trusts nothing: the archive comes from an upload. It is read from
 * memory, never extracted; an entry is refused for its name (unsafe, repeated,
 * unexpected), its kind (not a regular file), encryption, compression method,
 * or size (declared or actual, per file and in total) before anything is
 * decompressed beyond the limits; then the signature is checked against the
 * trusted keys, then every checksum of the manifest, then process.json against
 * docs/process-format.md. Each refusal is a status with a precise message;
 * nothing is half-accepted.
 *
 * Memory: everything handed out lives in the arena given (jansson values are
 * registered for cleanup on it), except lt_package_failure.errors, which the
 * caller owns (lt_problem steals it).
 */
#ifndef LOTSE_PACKAGE_H
#define LOTSE_PACKAGE_H

#include "lotse/buf.h"
#include "lotse/process_record.h"
#include "lotse/signing.h"

#include <jansson.h>

#define LT_PACKAGE_ROCRATE    "ro-crate-metadata.json"
#define LT_PACKAGE_BPMN       "process.bpmn"
#define LT_PACKAGE_RECORD     "process.json"
#define LT_PACKAGE_README     "README.md"
#define LT_PACKAGE_MANIFEST   "manifest-sha256.txt"
#define LT_PACKAGE_SIGNATURE  "manifest-sha256.txt.sig"
#define LT_PACKAGE_NFILES     6
#define LT_PACKAGE_MEDIA_TYPE "application/zip"

/* The file names in archive order; the first four are in the manifest. */
extern const char *const lt_package_files[LT_PACKAGE_NFILES];

typedef enum lt_package_status {
    LT_PKG_OK = 0,
    /* building */
    LT_PKG_INVALID_RECORD, /* the record (or an upload's process.json) is no valid process */
    LT_PKG_NOT_PUBLISHED,  /* only a published version (published_at set) becomes a package */
    LT_PKG_INTERNAL,       /* libzip, libxml2 or OpenSSL failed: a bug or out of memory */
    /* reading */
    LT_PKG_NO_TRUSTED_KEY,          /* called without any key to trust */
    LT_PKG_NOT_ZIP,                 /* not a ZIP archive, or truncated or damaged */
    LT_PKG_TOO_MANY_ENTRIES,        /* more entries than limits.max_entries */
    LT_PKG_UNSAFE_NAME,             /* ../x, /x, a\x, C:x, control characters */
    LT_PKG_DUPLICATE_NAME,          /* two entries of one name */
    LT_PKG_UNEXPECTED_FILE,         /* a name not among the six, or not a regular file */
    LT_PKG_MISSING_FILE,            /* one of the six is missing */
    LT_PKG_ENCRYPTED,               /* an entry is encrypted */
    LT_PKG_UNSUPPORTED_COMPRESSION, /* neither stored nor deflated */
    LT_PKG_TOO_LARGE,               /* a size (declared or read) above the limits */
    LT_PKG_DAMAGED,                 /* an entry does not decompress or fails its CRC */
    LT_PKG_BAD_SIGNATURE,           /* no trusted key signed this manifest */
    LT_PKG_BAD_MANIFEST,            /* the manifest is not the four lines it must be */
    LT_PKG_CHECKSUM_MISMATCH,       /* a file is not what the manifest says */
    LT_PKG__COUNT
} lt_package_status;

typedef struct lt_package_failure {
    lt_package_status status;
    const char *message; /* one sentence naming the file and what is wrong; arena memory */
    const char *file;    /* the entry at fault, or NULL */
    json_t *errors;      /* LT_PKG_INVALID_RECORD: {"field","message"} array, caller-owned */
} lt_package_failure;

/* A short stable name of a status for problem types and logs: "bad-signature". */
const char *lt_package_status_slug(lt_package_status s);

typedef struct lt_package_limits {
    size_t max_entries;    /* entries in the central directory */
    size_t max_file_size;  /* uncompressed bytes of one entry */
    size_t max_total_size; /* uncompressed bytes of all entries */
} lt_package_limits;

/* 16 entries, 8 MiB per file, 32 MiB in all: far above any valid package. */
extern const lt_package_limits lt_package_default_limits;

/*
 * Builds the package of record (a process version, docs/process-format.md)
 * signed by key, and appends the ZIP to zip_out. Returns LT_PKG_OK, or
 * LT_PKG_INVALID_RECORD (fail->errors set), LT_PKG_NOT_PUBLISHED or
 * LT_PKG_INTERNAL with fail filled; zip_out then holds nothing new.
 */
lt_package_status lt_package_build(lt_arena *a, json_t *record, const lt_signing_key *key,
                                   lt_buf *zip_out, lt_package_failure *fail);

typedef struct lt_package_file {
    const char *name;
    const unsigned char *data; /* arena memory, NUL-terminated for convenience */
    size_t len;
} lt_package_file;

typedef struct lt_package {
    json_t *record;              /* process.json, parsed; freed with the arena */
    lt_process process;          /* the same as structs */
    const lt_public_key *signer; /* the trusted key that signed it (one of `trusted`) */
    lt_package_file files[LT_PACKAGE_NFILES]; /* in lt_package_files order */
} lt_package;

/*
 * Reads and checks the untrusted ZIP of len bytes at zip (not copied; it must
 * stay valid during the call) against the ntrusted keys (at least one) and
 * limits (NULL: the defaults). Returns LT_PKG_OK and fills *out, or the first
 * reason to refuse it with fail filled. Never crashes or reads beyond limits,
 * whatever the bytes.
 */
lt_package_status lt_package_read(lt_arena *a, const void *zip, size_t len,
                                  const lt_public_key *const *trusted, size_t ntrusted,
                                  const lt_package_limits *limits, lt_package *out,
                                  lt_package_failure *fail);

#endif
