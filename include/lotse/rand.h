/*
 * rand.h - a small seeded pseudo-random generator for reproducible data:
 * xoshiro256** (Blackman and Vigna), its state filled from the seed by
 * splitmix64, as the authors recommend.
 *
 * Not for secrets: session tokens, salts and passwords come from OpenSSL's
 * RAND_bytes. This is for synthetic data (`lotse demo-data`), where the same
 * seed must give the same numbers on every run, build and machine: integer
 * arithmetic only (lt_rand_unit is exact: 53 bits scaled by a power of two).
 *
 * An lt_rand is a plain value: no allocation, one owner at a time.
 */
#ifndef LOTSE_RAND_H
#define LOTSE_RAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct lt_rand {
    uint64_t s[4];
} lt_rand;

/* One step of splitmix64: advances *state and returns the next output. */
uint64_t lt_splitmix64(uint64_t *state);

/* A well-mixed 64-bit hash of two words (splitmix64's finaliser over both):
 * derives independent streams from one seed, e.g. lt_rand_mix(seed, region). */
uint64_t lt_rand_mix(uint64_t a, uint64_t b);

/* Seeds r from one word (any value, 0 included). */
void lt_rand_seed(lt_rand *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t lt_rand_next(lt_rand *r);

/* Uniform in [0, n); n must be > 0. Unbiased (rejection sampling). */
uint64_t lt_rand_below(lt_rand *r, uint64_t n);

/* Uniform in [lo, hi], both included; lo <= hi. */
int64_t lt_rand_range(lt_rand *r, int64_t lo, int64_t hi);

/* Uniform in [0, 1), a multiple of 2^-53. */
double lt_rand_unit(lt_rand *r);

/* True with probability percent/100 (0: never, 100 and more: always). */
bool lt_rand_percent(lt_rand *r, unsigned percent);

/* An index in [0, n) drawn with probability weights[i] / sum(weights);
 * n > 0 and the sum > 0 (zero weights are never drawn). */
size_t lt_rand_weighted(lt_rand *r, const unsigned *weights, size_t n);

#endif
