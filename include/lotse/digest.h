/*
 * digest.h - SHA-256 as lowercase hex, the form migrations record, package
 * manifests list and ETags carry. Thread-safe; no allocation.
 */
#ifndef LOTSE_DIGEST_H
#define LOTSE_DIGEST_H

#include <stddef.h>

#define LT_SHA256_HEX_LEN 64

/* Writes the SHA-256 of len bytes at data into out: 64 hex digits and a NUL. */
void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX_LEN + 1]);

#endif
