/*
 * utf8.c - strict UTF-8 validation (RFC 3629).
 *
 * Why strict: every string that reaches a handler, the database or a log has
 * passed through here, so an overlong '/' or '.', a surrogate or a NUL byte can
 * never be smuggled past a check that compares bytes. Anything RFC 3629 does not
 * call well-formed is refused; nothing is repaired.
 */
#include "lotse/parse.h"

#include <stdint.h>
#include <string.h>

/*
 * Length of the well-formed character at s[0..n), or 0 when there is none.
 * The second-byte ranges are those of RFC 3629's table: they exclude overlongs
 * (E0 80..9F, F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF
 * (F4 90..BF, F5..FF).
 */
static size_t char_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */

    if (c >= 0x01 && c <= 0x7F)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0; /* NUL, a lone continuation byte, C0, C1 or F5..FF */

    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Bytes of the leading ASCII run (without NUL), eight at a time where possible. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* High bit set anywhere, or a zero byte: leave it to char_len. */
        if ((w & 0x8080808080808080u) || ((w - 0x0101010101010101u) & ~w & 0x8080808080808080u))
            break;
        i += 8;
    }
    while (i < n && s[i] >= 0x01 && s[i] <= 0x7F)
        i++;
    return i;
}

bool lt_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        i += ascii_run(p + i, n - i);
        if (i == n)
            break;
        size_t len = char_len(p + i, n - i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

size_t lt_utf8_prefix(const char *s, size_t n, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n > max)
        n = max; /* a character cut by max fails char_len and ends the prefix */
    size_t i = 0;
    while (i < n) {
        size_t len = char_len(p + i, n - i);
        if (len == 0)
            break;
        i += len;
    }
    return i;
}
