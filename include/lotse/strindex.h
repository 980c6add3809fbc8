/*
 * strindex.h - where a name stands in a fixed list of names, in constant time.
 * The dashboards look up every count's key (a country, a month, a topic) in
 * their figures' lists; with hundreds of keys and tens of thousands of counts
 * a linear search was most of a dashboard's time in the application.
 */
#ifndef LOTSE_STRINDEX_H
#define LOTSE_STRINDEX_H

#include "lotse/arena.h"

#include <stddef.h>

typedef struct lt_strindex {
    size_t mask;        /* slots - 1; slots is a power of two above twice n */
    size_t *slot;       /* position + 1 in names, 0: empty */
    const char **names; /* not copied: they outlive the index */
} lt_strindex;

/* Indexes the n names (kept, not copied) in arena a. Of equal names the first counts. */
void lt_strindex_init(lt_strindex *x, lt_arena *a, size_t n, const char *const *names);

/* The position of name in the list, or SIZE_MAX when it is not there (or x was
 * zeroed and never initialized). */
size_t lt_strindex_find(const lt_strindex *x, const char *name);

#endif
