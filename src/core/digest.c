/* digest.c - SHA-256 as hex; see include/lotse/digest.h. */
#include "lotse/digest.h"

#include <openssl/sha.h>
#include <stdio.h>

void lt_sha256_hex(const void *data, size_t len, char out[LT_SHA256_HEX_LEN + 1])
{
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(data, len, d);
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
        snprintf(out + 2 * i, 3, "%02x", d[i]);
}
