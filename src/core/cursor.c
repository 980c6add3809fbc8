/* cursor.c - opaque paging cursors (base64url of "kind:key"); see cursor.h. */
#include "lotse/cursor.h"
#include "lotse/parse.h"

#include <openssl/evp.h>
#include <string.h>

#define MAX_CURSOR 512

char *lt_cursor_encode(lt_arena *a, const char *kind, const char *key)
{
    char *plain = lt_arena_printf(a, "%s:%s", kind, key);
    int n = (int)strlen(plain);
    char *out = lt_arena_alloc(a, (size_t)(4 * ((n + 2) / 3) + 1));
    int len = EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)plain, n);
    while (len > 0 && out[len - 1] == '=')
        len--;
    out[len] = '\0';
    for (char *p = out; *p; p++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    return out;
}

char *lt_cursor_decode(lt_arena *a, const char *kind, const char *cursor)
{
    size_t n = strlen(cursor);
    if (n == 0 || n > MAX_CURSOR || n % 4 == 1)
        return NULL;
    char *std = lt_arena_alloc(a, n + 4);
    for (size_t i = 0; i < n; i++) {
        char c = cursor[i];
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '/';
        else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return NULL;
        std[i] = c;
    }
    size_t padded = n;
    while (padded % 4)
        std[padded++] = '=';
    std[padded] = '\0';
    unsigned char *plain = lt_arena_alloc(a, padded / 4 * 3 + 1);
    int len = EVP_DecodeBlock(plain, (const unsigned char *)std, (int)padded);
    if (len < 0)
        return NULL;
    len -= (int)(padded - n); /* EVP_DecodeBlock counts the padding as zero bytes */
    plain[len] = '\0';
    size_t klen = strlen(kind);
    if ((size_t)len <= klen + 1 || memcmp(plain, kind, klen) != 0 || plain[klen] != ':' ||
        !lt_utf8_valid((const char *)plain, (size_t)len))
        return NULL;
    return (char *)plain + klen + 1;
}
