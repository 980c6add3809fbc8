/* test_arena.c - the per-request arena and its reset callbacks. */
#include "lotse/arena.h"
#include "lotse/buf.h"
#include "lotse/cursor.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static int cleaned;
static void count_cleanup(void *p)
{
    cleaned += *(int *)p;
}

static void allocations_are_aligned_and_survive_growth(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(256);
    char *first = lt_arena_strdup(a, "first");
    for (int i = 0; i < 1000; i++) {
        void *p = lt_arena_alloc(a, (size_t)i % 97 + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xab, (size_t)i % 97 + 1);
    }
    char *big = lt_arena_alloc(a, 1 << 20);
    memset(big, 1, 1 << 20);
    assert_string_equal(first, "first");
    lt_arena_destroy(a);
}

static void reset_runs_cleanups_last_first_and_only_once(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(0);
    int one = 1, ten = 10;
    cleaned = 0;
    lt_arena_on_reset(a, count_cleanup, &one);
    lt_arena_on_reset(a, count_cleanup, &ten);
    lt_arena_reset(a);
    assert_int_equal(cleaned, 11);
    assert_int_equal(lt_arena_used(a), 0);
    lt_arena_reset(a);
    assert_int_equal(cleaned, 11);
    lt_arena_on_reset(a, count_cleanup, &one);
    lt_arena_destroy(a);
    assert_int_equal(cleaned, 12);
}

static void printf_and_buffers_grow_as_needed(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(0);
    assert_string_equal(lt_arena_printf(a, "%s-%d", "region", 16), "region-16");
    lt_buf b;
    lt_buf_init(&b, a);
    for (int i = 0; i < 500; i++)
        lt_buf_printf(&b, "%04d,", i);
    assert_int_equal(b.len, 2500);
    assert_memory_equal(b.data + 2495, "0499,", 5);
    assert_int_equal(b.data[b.len], '\0');
    lt_arena_destroy(a);
}

static void cursors_round_trip_and_refuse_other_kinds(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(0);
    const char *keys[] = {"meo", "Münster/€", "a", "ab", "abc"};
    for (size_t i = 0; i < 5; i++) {
        char *c = lt_cursor_encode(a, "region", keys[i]);
        assert_null(strpbrk(c, "+/="));
        assert_string_equal(lt_cursor_decode(a, "region", c), keys[i]);
        assert_null(lt_cursor_decode(a, "measure", c));
    }
    assert_null(lt_cursor_decode(a, "region", ""));
    assert_null(lt_cursor_decode(a, "region", "!!!!"));
    assert_null(lt_cursor_decode(a, "region", "a"));
    /* "region:\xff" is not UTF-8 */
    assert_null(lt_cursor_decode(a, "region", "cmVnaW9uOv8"));
    lt_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(allocations_are_aligned_and_survive_growth),
        cmocka_unit_test(reset_runs_cleanups_last_first_and_only_once),
        cmocka_unit_test(printf_and_buffers_grow_as_needed),
        cmocka_unit_test(cursors_round_trip_and_refuse_other_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
