/*
 * arena.c - a bump allocator over a chain of blocks, with reset callbacks.
 *
 * Why: a request allocates many small strings (headers, decoded parameters,
 * JSON output) that all die together. Bumping a pointer is cheaper than malloc
 * and a single reset cannot forget one.
 */
#include "lotse/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16u

struct block {
    struct block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
};

struct cleanup {
    struct cleanup *next;
    lt_cleanup_fn fn;
    void *ptr;
};

struct lt_arena {
    struct block *first, *current;
    struct cleanup *cleanups;
    size_t handed_out;
};

static struct block *block_new(size_t size)
{
    struct block *b = malloc(sizeof *b + size);
    if (!b)
        abort();
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

lt_arena *lt_arena_create(size_t first_block)
{
    lt_arena *a = malloc(sizeof *a);
    if (!a)
        abort();
    a->first = a->current = block_new(first_block < 256 ? 256 : first_block);
    a->cleanups = NULL;
    a->handed_out = 0;
    return a;
}

static void run_cleanups(lt_arena *a)
{
    while (a->cleanups) {
        struct cleanup *c = a->cleanups;
        a->cleanups = c->next; /* unlink first: a cleanup may not re-enter */
        c->fn(c->ptr);
    }
}

void lt_arena_reset(lt_arena *a)
{
    run_cleanups(a);
    struct block *b = a->first->next;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    a->first->next = NULL;
    a->first->used = 0;
    a->current = a->first;
    a->handed_out = 0;
}

void lt_arena_destroy(lt_arena *a)
{
    if (!a)
        return;
    lt_arena_reset(a);
    free(a->first);
    free(a);
}

void *lt_arena_alloc(lt_arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - ALIGN)
        abort();
    size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    struct block *b = a->current;
    if (b->size - b->used < need) {
        size_t size = b->size * 2;
        if (size < need)
            size = need;
        struct block *nb = block_new(size);
        b->next = nb;
        a->current = b = nb;
    }
    void *p = b->data + b->used;
    b->used += need;
    a->handed_out += need;
    return p;
}

void *lt_arena_calloc(lt_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        abort();
    void *p = lt_arena_alloc(a, count * size);
    memset(p, 0, count * size);
    return p;
}

char *lt_arena_strndup(lt_arena *a, const char *s, size_t n)
{
    char *p = lt_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *lt_arena_strdup(lt_arena *a, const char *s)
{
    return s ? lt_arena_strndup(a, s, strlen(s)) : NULL;
}

char *lt_arena_vprintf(lt_arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        abort();
    char *p = lt_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *lt_arena_printf(lt_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = lt_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void lt_arena_on_reset(lt_arena *a, lt_cleanup_fn fn, void *ptr)
{
    struct cleanup *c = lt_arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->ptr = ptr;
    c->next = a->cleanups;
    a->cleanups = c;
}

size_t lt_arena_used(const lt_arena *a)
{
    return a->handed_out;
}
