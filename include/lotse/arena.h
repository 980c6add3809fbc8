/*
 * arena.h - per-request memory.
 *
 * Every request owns one arena. Handlers allocate from it and never free; the
 * whole arena is released at once when the request ends. Resources that are not
 * memory (a PGresult, a jansson value) are registered with lt_arena_on_reset so
 * that no path can leak them.
 *
 * An arena is used by one thread at a time. Allocation failure aborts: running
 * out of memory is not a condition a request can recover from, and the arena's
 * owner bounds what one request may allocate (body and header limits).
 */
#ifndef LOTSE_ARENA_H
#define LOTSE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct lt_arena lt_arena;
typedef void (*lt_cleanup_fn)(void *ptr);

/* Creates an arena whose first block holds `first_block` bytes. Never NULL. */
lt_arena *lt_arena_create(size_t first_block);
/* Runs the cleanups (last registered first) and frees every block. NULL is a no-op. */
void lt_arena_destroy(lt_arena *a);
/* Runs the cleanups and forgets every allocation, keeping the first block for reuse. */
void lt_arena_reset(lt_arena *a);

/* Memory aligned for any type; never NULL. Contents are undefined. */
void *lt_arena_alloc(lt_arena *a, size_t n);
/* Zero-filled memory; never NULL. */
void *lt_arena_calloc(lt_arena *a, size_t count, size_t size);
/* A NUL-terminated copy of s (NULL gives NULL). */
char *lt_arena_strdup(lt_arena *a, const char *s);
/* A NUL-terminated copy of the first n bytes of s. */
char *lt_arena_strndup(lt_arena *a, const char *s, size_t n);
/* printf into the arena. */
char *lt_arena_printf(lt_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *lt_arena_vprintf(lt_arena *a, const char *fmt, va_list ap);

/* Calls fn(ptr) when the arena is reset or destroyed. */
void lt_arena_on_reset(lt_arena *a, lt_cleanup_fn fn, void *ptr);

/* Bytes handed out since the last reset (for limits and tests). */
size_t lt_arena_used(const lt_arena *a);

#endif
