/* test_strindex.c - finding a name's position in a fixed list. */
#include "lotse/strindex.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

static void every_name_is_found_at_its_position(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(0);
    enum { N = 300 };
    const char *names[N];
    for (int i = 0; i < N; i++)
        names[i] = lt_arena_printf(a, "country:%03d", i);
    lt_strindex x;
    lt_strindex_init(&x, a, N, names);
    for (int i = 0; i < N; i++)
        assert_int_equal(lt_strindex_find(&x, lt_arena_printf(a, "country:%03d", i)), i);
    lt_arena_destroy(a);
}

static void an_absent_name_is_not_found(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(0);
    const char *names[] = {"DE", "TR", "IN", ""};
    lt_strindex x;
    lt_strindex_init(&x, a, 4, names);
    assert_int_equal(lt_strindex_find(&x, "de"), SIZE_MAX);
    assert_int_equal(lt_strindex_find(&x, "DEU"), SIZE_MAX);
    assert_int_equal(lt_strindex_find(&x, ""), 3);
    lt_strindex empty;
    lt_strindex_init(&empty, a, 0, names);
    assert_int_equal(lt_strindex_find(&empty, "DE"), SIZE_MAX);
    lt_arena_destroy(a);
}

static void of_equal_names_the_first_counts(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(0);
    const char *names[] = {"topic", "month", "topic"};
    lt_strindex x;
    lt_strindex_init(&x, a, 3, names);
    assert_int_equal(lt_strindex_find(&x, "topic"), 0);
    assert_int_equal(lt_strindex_find(&x, "month"), 1);
    lt_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_name_is_found_at_its_position),
        cmocka_unit_test(an_absent_name_is_not_found),
        cmocka_unit_test(of_equal_names_the_first_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
