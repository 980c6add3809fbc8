/* test_rand.c - the seeded generator of src/core/rand.c. */
#include "lotse/rand.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* The reference outputs (the authors' C code, https://prng.di.unimi.it/):
 * splitmix64 from state 0, and xoshiro256** seeded through it. */
static void matches_the_reference_outputs(void **state)
{
    (void)state;
    uint64_t s = 0;
    assert_true(lt_splitmix64(&s) == 0xe220a8397b1dcdafu);
    assert_true(lt_splitmix64(&s) == 0x6e789e6aa1b965f4u);
    assert_true(lt_splitmix64(&s) == 0x06c45d188009454fu);

    lt_rand r;
    lt_rand_seed(&r, 42);
    assert_true(lt_rand_next(&r) == 0x15780b2e0c2ec716u);
    assert_true(lt_rand_next(&r) == 0x6104d9866d113a7eu);
    assert_true(lt_rand_next(&r) == 0xae17533239e499a1u);
    assert_true(lt_rand_next(&r) == 0xecb8ad4703b360a1u);
    lt_rand_seed(&r, 0);
    assert_true(lt_rand_next(&r) == 0x99ec5f36cb75f2b4u);
    assert_true(lt_rand_next(&r) == 0xbf6e1f784956452au);
}

static void the_same_seed_gives_the_same_numbers_another_seed_others(void **state)
{
    (void)state;
    lt_rand a, b, c;
    lt_rand_seed(&a, 2026);
    lt_rand_seed(&b, 2026);
    lt_rand_seed(&c, 2027);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = lt_rand_next(&a);
        assert_true(x == lt_rand_next(&b));
        differ += x != lt_rand_next(&c);
    }
    assert_int_equal(differ, 1000);
    assert_true(lt_rand_mix(1, 2) != lt_rand_mix(2, 1));
    assert_true(lt_rand_mix(1, 2) == lt_rand_mix(1, 2));
}

static void below_and_range_stay_in_bounds_and_reach_both_ends(void **state)
{
    (void)state;
    lt_rand r;
    lt_rand_seed(&r, 7);
    int seen[7] = {0};
    for (int i = 0; i < 7000; i++) {
        uint64_t x = lt_rand_below(&r, 7);
        assert_true(x < 7);
        seen[x]++;
    }
    for (int i = 0; i < 7; i++) /* about 1000 each */
        assert_in_range(seen[i], 850, 1150);
    assert_int_equal(lt_rand_below(&r, 1), 0);
    int64_t lo = 0, hi = 0;
    for (int i = 0; i < 2000; i++) {
        int64_t x = lt_rand_range(&r, -3, 3);
        assert_in_range(x + 3, 0, 6);
        lo += x == -3;
        hi += x == 3;
    }
    assert_true(lo > 0 && hi > 0);
    for (int i = 0; i < 1000; i++) {
        double u = lt_rand_unit(&r);
        assert_true(u >= 0.0 && u < 1.0);
    }
}

static void weighted_draws_follow_the_weights_and_skip_zeros(void **state)
{
    (void)state;
    lt_rand r;
    lt_rand_seed(&r, 11);
    const unsigned w[] = {1, 0, 3};
    int seen[3] = {0};
    for (int i = 0; i < 4000; i++)
        seen[lt_rand_weighted(&r, w, 3)]++;
    assert_int_equal(seen[1], 0);
    assert_in_range(seen[0], 850, 1150);
    assert_in_range(seen[2], 2850, 3150);
    int yes = 0;
    for (int i = 0; i < 1000; i++)
        yes += lt_rand_percent(&r, 30);
    assert_in_range(yes, 240, 360);
    for (int i = 0; i < 100; i++) {
        assert_false(lt_rand_percent(&r, 0));
        assert_true(lt_rand_percent(&r, 100));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_the_reference_outputs),
        cmocka_unit_test(the_same_seed_gives_the_same_numbers_another_seed_others),
        cmocka_unit_test(below_and_range_stay_in_bounds_and_reach_both_ends),
        cmocka_unit_test(weighted_draws_follow_the_weights_and_skip_zeros),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
