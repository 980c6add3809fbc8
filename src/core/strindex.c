/*
 * strindex.c - open addressing with linear probing over FNV-1a; see strindex.h.
 */
#include "lotse/strindex.h"

#include <stdint.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

void lt_strindex_init(lt_strindex *x, lt_arena *a, size_t n, const char *const *names)
{
    size_t slots = 8;
    while (slots < 2 * n + 1)
        slots *= 2;
    x->mask = slots - 1;
    x->slot = lt_arena_calloc(a, slots, sizeof *x->slot);
    x->names = (const char **)names;
    for (size_t i = 0; i < n; i++) {
        size_t s = hash(names[i]) & x->mask;
        while (x->slot[s] && strcmp(names[x->slot[s] - 1], names[i]) != 0)
            s = (s + 1) & x->mask;
        if (!x->slot[s])
            x->slot[s] = i + 1;
    }
}

size_t lt_strindex_find(const lt_strindex *x, const char *name)
{
    if (!x->slot)
        return SIZE_MAX;
    for (size_t s = hash(name) & x->mask; x->slot[s]; s = (s + 1) & x->mask)
        if (strcmp(x->names[x->slot[s] - 1], name) == 0)
            return x->slot[s] - 1;
    return SIZE_MAX;
}
