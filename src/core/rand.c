/*
 * rand.c - xoshiro256** seeded by splitmix64 (include/lotse/rand.h), after the
 * public-domain reference code at https://prng.di.unimi.it/.
 */
#include "lotse/rand.h"

#include <assert.h>

uint64_t lt_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

uint64_t lt_rand_mix(uint64_t a, uint64_t b)
{
    uint64_t state = a;
    uint64_t first = lt_splitmix64(&state);
    state = first ^ b;
    return lt_splitmix64(&state);
}

void lt_rand_seed(lt_rand *r, uint64_t seed)
{
    uint64_t state = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = lt_splitmix64(&state);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t lt_rand_next(lt_rand *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t lt_rand_below(lt_rand *r, uint64_t n)
{
    assert(n > 0);
    /* 2^64 mod n: outputs below it would make the low residues more likely */
    uint64_t threshold = -n % n;
    for (;;) {
        uint64_t x = lt_rand_next(r);
        if (x >= threshold)
            return x % n;
    }
}

int64_t lt_rand_range(lt_rand *r, int64_t lo, int64_t hi)
{
    assert(lo <= hi);
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    if (span == 0) /* the whole 64-bit range */
        return (int64_t)lt_rand_next(r);
    return (int64_t)((uint64_t)lo + lt_rand_below(r, span));
}

double lt_rand_unit(lt_rand *r)
{
    return (double)(lt_rand_next(r) >> 11) * 0x1.0p-53;
}

bool lt_rand_percent(lt_rand *r, unsigned percent)
{
    return lt_rand_below(r, 100) < percent;
}

size_t lt_rand_weighted(lt_rand *r, const unsigned *weights, size_t n)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += weights[i];
    assert(n > 0 && total > 0);
    uint64_t x = lt_rand_below(r, total);
    for (size_t i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1; /* not reached */
}
