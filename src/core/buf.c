/* buf.c - growable arena-backed byte strings; see include/lotse/buf.h. */
#include "lotse/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lt_buf_init(lt_buf *b, lt_arena *a)
{
    b->arena = a;
    b->cap = 256;
    b->data = lt_arena_alloc(a, b->cap);
    b->data[0] = '\0';
    b->len = 0;
}

static void reserve(lt_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap * 2;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = lt_arena_alloc(b->arena, cap);
    memcpy(data, b->data, b->len + 1);
    b->data = data;
    b->cap = cap;
}

void lt_buf_append(lt_buf *b, const void *bytes, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void lt_buf_puts(lt_buf *b, const char *s)
{
    lt_buf_append(b, s, strlen(s));
}

void lt_buf_printf(lt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    if ((size_t)n >= b->cap - b->len) {
        reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void lt_buf_reset(lt_buf *b)
{
    b->len = 0;
    b->data[0] = '\0';
}
