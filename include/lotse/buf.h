/*
 * buf.h - a growable byte string in an arena (response bodies, CSV, logs).
 *
 * The bytes are always NUL-terminated so a buffer can be used as a C string;
 * `len` does not count the terminator. Growth reallocates inside the arena, so
 * earlier copies of `data` become stale after an append.
 */
#ifndef LOTSE_BUF_H
#define LOTSE_BUF_H

#include "lotse/arena.h"

#include <stddef.h>

typedef struct lt_buf {
    lt_arena *arena;
    char *data;
    size_t len, cap;
} lt_buf;

void lt_buf_init(lt_buf *b, lt_arena *a);
void lt_buf_append(lt_buf *b, const void *bytes, size_t n);
void lt_buf_puts(lt_buf *b, const char *s);
void lt_buf_printf(lt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lt_buf_reset(lt_buf *b);

#endif
