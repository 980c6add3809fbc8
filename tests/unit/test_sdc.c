/*
 * test_sdc.c - statistical disclosure control (src/core/sdc.c) on crafted
 * tables, each checked by two attackers that know every shown figure:
 *   - one who subtracts along single lines, again and again, each figure found
 *     becoming known for the next line (the "subtraction attack");
 *   - one who solves the whole linear system of rows, columns and totals
 *     (Gaussian elimination): a hidden figure is lost when it is the same in
 *     every solution.
 * Neither may recover a hidden figure; no count from 1 to k-1 may be shown and
 * no 0 hidden.
 */
#include "lotse/sdc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static lt_arena *arena;

static double absolute(double x)
{
    return x < 0 ? -x : x;
}

static int setup(void **state)
{
    (void)state;
    arena = lt_arena_create(1 << 16);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lt_arena_destroy(arena);
    return 0;
}

/* A table of nrows x ncols counts given row by row, with its margins. */
static lt_sdc_table *table_of(size_t nrows, size_t ncols, const long *counts)
{
    lt_sdc_table *t = lt_arena_calloc(arena, 1, sizeof *t);
    lt_sdc_init(t, arena, nrows, ncols);
    for (size_t r = 0; r < nrows; r++)
        for (size_t c = 0; c < ncols; c++)
            lt_sdc_add(t, r, c, counts[r * ncols + c]);
    lt_sdc_sum(t);
    return t;
}

static size_t nfigures(const lt_sdc_table *t)
{
    return (t->nrows + 1) * (t->ncols + 1);
}

/* Marks every figure from 1 to k-1 hidden, nothing else: primary suppression
 * only, to show what the attackers would find without the rest. */
static void primary_only(lt_sdc_table *t, long k)
{
    for (size_t i = 0; i < nfigures(t); i++)
        t->state[i] = t->value[i] >= 1 && t->value[i] < k ? LT_SDC_PRIMARY : LT_SDC_SHOWN;
}

/* ---- the equations of a set of tables ---- */

/* One unknown per hidden figure; figures of one link share it. */
struct system {
    size_t nunknowns;
    size_t nequations;
    double *a;     /* nequations x nunknowns */
    int *terms;    /* per equation: how many unknowns it has (for the line attacker) */
    size_t **vars; /* per equation: its unknowns */
};

static struct system *system_of(lt_sdc_table *const *ts, size_t nt)
{
    size_t total = 0, neq = 0;
    for (size_t j = 0; j < nt; j++) {
        total += nfigures(ts[j]);
        neq += ts[j]->nrows + 1 + ts[j]->ncols + 1;
    }
    /* the unknown of each figure (SIZE_MAX: shown); a link's figures share one */
    size_t *ids = lt_arena_alloc(arena, total * sizeof *ids);
    int *links = lt_arena_calloc(arena, total, sizeof *links);
    size_t *link_ids = lt_arena_calloc(arena, total, sizeof *link_ids);
    size_t n = 0, nlinks = 0;
    for (size_t j = 0, off = 0; j < nt; off += nfigures(ts[j]), j++)
        for (size_t i = 0; i < nfigures(ts[j]); i++) {
            ids[off + i] = SIZE_MAX;
            if (!ts[j]->state[i])
                continue;
            int link = ts[j]->link[i];
            size_t l = 0;
            while (link && l < nlinks && links[l] != link)
                l++;
            if (link && l < nlinks) {
                ids[off + i] = link_ids[l];
                continue;
            }
            if (link) {
                links[nlinks] = link;
                link_ids[nlinks++] = n;
            }
            ids[off + i] = n++;
        }
    struct system *s = lt_arena_calloc(arena, 1, sizeof *s);
    s->nunknowns = n;
    s->nequations = neq;
    s->a = lt_arena_calloc(arena, neq * (n ? n : 1), sizeof *s->a);
    s->terms = lt_arena_calloc(arena, neq, sizeof *s->terms);
    s->vars = lt_arena_calloc(arena, neq, sizeof *s->vars);
    size_t e = 0;
    for (size_t j = 0, off = 0; j < nt; off += nfigures(ts[j]), j++) {
        const lt_sdc_table *t = ts[j];
        size_t R = t->nrows, C = t->ncols;
        for (size_t line = 0; line < R + 1 + C + 1; line++, e++) {
            bool row = line <= R;
            size_t len = row ? C + 1 : R + 1;
            s->vars[e] = lt_arena_calloc(arena, len, sizeof **s->vars);
            for (size_t k = 0; k < len; k++) {
                size_t r = row ? line : k, c = row ? k : line - R - 1;
                size_t id = ids[off + lt_sdc_index(t, r, c)];
                if (id == SIZE_MAX)
                    continue;
                /* the margin of the line (its last figure) with a minus sign */
                s->a[e * s->nunknowns + id] += k == len - 1 ? -1.0 : 1.0;
                s->vars[e][s->terms[e]++] = id;
            }
        }
    }
    return s;
}

/* The attacker along single lines: how many unknowns they recover. */
static size_t line_attack(const struct system *s)
{
    bool *known = lt_arena_calloc(arena, s->nunknowns + 1, sizeof *known);
    size_t recovered = 0;
    for (bool progress = true; progress;) {
        progress = false;
        for (size_t e = 0; e < s->nequations; e++) {
            size_t open = 0, last = 0;
            for (int k = 0; k < s->terms[e]; k++)
                if (!known[s->vars[e][k]]) {
                    open++;
                    last = s->vars[e][k];
                }
            if (open == 1) {
                known[last] = true;
                recovered++;
                progress = true;
            }
        }
    }
    return recovered;
}

/* The attacker solving the whole system: how many unknowns are the same in
 * every solution (the unit vector of the unknown lies in the row space). */
static size_t system_attack(const struct system *s)
{
    size_t n = s->nunknowns, m = s->nequations;
    if (n == 0)
        return 0;
    double *a = lt_arena_alloc(arena, m * n * sizeof *a);
    memcpy(a, s->a, m * n * sizeof *a);
    size_t rank = 0;
    size_t *pivot = lt_arena_calloc(arena, n, sizeof *pivot);
    for (size_t col = 0; col < n && rank < m; col++) {
        size_t best = rank;
        for (size_t r = rank; r < m; r++)
            if (absolute(a[r * n + col]) > absolute(a[best * n + col]))
                best = r;
        if (absolute(a[best * n + col]) < 1e-9)
            continue;
        for (size_t k = 0; k < n; k++) {
            double x = a[rank * n + k];
            a[rank * n + k] = a[best * n + k];
            a[best * n + k] = x;
        }
        double p = a[rank * n + col];
        for (size_t k = 0; k < n; k++)
            a[rank * n + k] /= p;
        for (size_t r = 0; r < m; r++) {
            if (r == rank || absolute(a[r * n + col]) < 1e-12)
                continue;
            double f = a[r * n + col];
            for (size_t k = 0; k < n; k++)
                a[r * n + k] -= f * a[rank * n + k];
        }
        pivot[rank++] = col;
    }
    size_t recovered = 0;
    double *v = lt_arena_alloc(arena, n * sizeof *v);
    for (size_t u = 0; u < n; u++) {
        memset(v, 0, n * sizeof *v);
        v[u] = 1.0;
        for (size_t r = 0; r < rank; r++) {
            double f = v[pivot[r]];
            if (absolute(f) < 1e-12)
                continue;
            for (size_t k = 0; k < n; k++)
                v[k] -= f * a[r * n + k];
        }
        double norm = 0;
        for (size_t k = 0; k < n; k++)
            norm += absolute(v[k]);
        recovered += norm < 1e-9;
    }
    return recovered;
}

/* The rules every protected table keeps. */
static void assert_rules(const lt_sdc_table *t, long k)
{
    for (size_t i = 0; i < nfigures(t); i++) {
        if (t->value[i] >= 1 && t->value[i] < k)
            assert_int_not_equal(t->state[i], LT_SDC_SHOWN);
        if (t->value[i] == 0)
            assert_int_equal(t->state[i], LT_SDC_SHOWN);
    }
}

/* Protects the tables with k and asserts that neither attacker recovers anything. */
static void protect_and_attack(lt_sdc_table *const *ts, size_t nt, long k)
{
    assert_int_equal(lt_sdc_protect(arena, ts, nt, k), 0);
    for (size_t j = 0; j < nt; j++)
        assert_rules(ts[j], k);
    struct system *s = system_of(ts, nt);
    assert_int_equal(line_attack(s), 0);
    assert_int_equal(system_attack(s), 0);
}

static size_t hidden_count(const lt_sdc_table *t)
{
    size_t n = 0;
    for (size_t i = 0; i < nfigures(t); i++)
        n += t->state[i] != LT_SDC_SHOWN;
    return n;
}

static void one_small_count_is_not_recovered_by_subtraction(void **state)
{
    (void)state;
    static const long counts[] = {2, 12, 30, 15, 20, 40, 25, 9, 50};
    lt_sdc_table *t = table_of(3, 3, counts);
    lt_sdc_table *ts[] = {t};
    /* primary suppression alone: the 2 is the row total minus 12 and 30 */
    primary_only(t, 5);
    assert_true(line_attack(system_of(ts, 1)) >= 1);
    protect_and_attack(ts, 1, 5);
    assert_int_equal(t->state[lt_sdc_index(t, 0, 0)], LT_SDC_PRIMARY);
    /* the cheapest rectangle: the smallest counts beside the 2 */
    assert_true(lt_sdc_hidden(t, 0, 1));
    assert_true(lt_sdc_hidden(t, 2, 0) || lt_sdc_hidden(t, 1, 0));
    /* the margins stay shown */
    for (size_t c = 0; c <= 3; c++)
        assert_false(lt_sdc_hidden(t, 3, c));
    assert_int_equal(hidden_count(t), 4);
}

static void the_same_table_is_always_protected_the_same_way(void **state)
{
    (void)state;
    static const long counts[] = {3, 7, 7, 1, 9, 9, 6, 6, 8, 2, 30, 11};
    lt_sdc_table *a = table_of(3, 4, counts), *b = table_of(3, 4, counts);
    lt_sdc_table *ta[] = {a}, *tb[] = {b};
    protect_and_attack(ta, 1, 5);
    protect_and_attack(tb, 1, 5);
    assert_memory_equal(a->state, b->state, nfigures(a));
}

/*
 * Two blocks of small counts joined by one more small count: every line has
 * two hidden figures, so no single line gives one away, but adding rows 0 and
 * 1 and subtracting columns 0 and 1 leaves exactly the joining figure [1][2].
 */
static void a_figure_recovered_across_several_lines_is_protected(void **state)
{
    (void)state;
    static const long counts[] = {
        2,  3,  40, 50, 60, /* */
        4,  1,  3,  70, 80, /* */
        90, 60, 2,  4,  55, /* */
        70, 80, 1,  3,  65, /* */
        50, 40, 30, 20, 10,
    };
    lt_sdc_table *t = table_of(5, 5, counts);
    lt_sdc_table *ts[] = {t};
    primary_only(t, 5);
    struct system *s = system_of(ts, 1);
    assert_int_equal(line_attack(s), 0);
    assert_true(system_attack(s) >= 1);
    protect_and_attack(ts, 1, 5);
}

static void zeros_are_shown_and_never_hidden_to_protect_another(void **state)
{
    (void)state;
    static const long counts[] = {0, 3, 0, 0, 0, 0, 0, 0, 20, 0, 14, 8};
    lt_sdc_table *t = table_of(3, 4, counts);
    lt_sdc_table *ts[] = {t};
    protect_and_attack(ts, 1, 5);
    assert_true(lt_sdc_hidden(t, 0, 1));
    assert_false(lt_sdc_hidden(t, 0, 0));
    assert_int_equal(lt_sdc_value(t, 0, 0), 0);
}

static void a_table_of_zeros_hides_nothing(void **state)
{
    (void)state;
    static const long counts[] = {0, 0, 0, 0, 0, 0};
    lt_sdc_table *t = table_of(2, 3, counts);
    lt_sdc_table *ts[] = {t};
    protect_and_attack(ts, 1, 5);
    assert_int_equal(hidden_count(t), 0);
}

static void a_single_row_hides_a_second_count_or_its_total(void **state)
{
    (void)state;
    static const long counts[] = {40, 3, 12, 25};
    lt_sdc_table *t = table_of(1, 4, counts);
    lt_sdc_table *ts[] = {t};
    primary_only(t, 5);
    assert_true(line_attack(system_of(ts, 1)) >= 1);
    protect_and_attack(ts, 1, 5);
    assert_true(lt_sdc_hidden(t, 0, 1));
    /* the smallest other count goes with it; the total stays */
    assert_true(lt_sdc_hidden(t, 0, 2));
    assert_false(lt_sdc_hidden(t, 0, 4));
    assert_false(lt_sdc_hidden(t, 0, 0));
}

static void a_single_row_of_one_count_hides_the_total_too(void **state)
{
    (void)state;
    static const long counts[] = {0, 3, 0};
    lt_sdc_table *t = table_of(1, 3, counts);
    lt_sdc_table *ts[] = {t};
    protect_and_attack(ts, 1, 5);
    assert_true(lt_sdc_hidden(t, 0, 1));
    assert_true(lt_sdc_hidden(t, 0, 3)); /* the total is the 3 itself */
    assert_true(lt_sdc_hidden(t, 1, 3));
}

static void an_all_small_table_is_hidden_but_not_given_away(void **state)
{
    (void)state;
    static const long counts[] = {1, 2, 3, 4, 4, 3, 2, 1, 2, 2, 2, 2};
    lt_sdc_table *t = table_of(3, 4, counts);
    lt_sdc_table *ts[] = {t};
    protect_and_attack(ts, 1, 5);
    for (size_t r = 0; r < 3; r++)
        for (size_t c = 0; c < 4; c++)
            assert_true(lt_sdc_hidden(t, r, c));
    /* a total of at least 5 may stay: it gives no single count away */
    assert_false(lt_sdc_hidden(t, 3, 4));
}

static void an_all_small_table_with_a_small_grand_total_hides_everything(void **state)
{
    (void)state;
    static const long counts[] = {1, 0, 0, 2};
    lt_sdc_table *t = table_of(2, 2, counts);
    lt_sdc_table *ts[] = {t};
    protect_and_attack(ts, 1, 5);
    assert_true(lt_sdc_hidden(t, 2, 2));
    assert_false(lt_sdc_hidden(t, 0, 1)); /* zeros stay */
}

static void k_of_one_hides_nothing(void **state)
{
    (void)state;
    static const long counts[] = {1, 2, 3, 4};
    lt_sdc_table *t = table_of(2, 2, counts);
    lt_sdc_table *ts[] = {t};
    assert_int_equal(lt_sdc_protect(arena, ts, 1, 1), 0);
    assert_int_equal(hidden_count(t), 0);
    assert_int_equal(lt_sdc_protect(arena, ts, 1, 0), 0);
    assert_int_equal(hidden_count(t), 0);
}

static void a_larger_k_hides_larger_counts(void **state)
{
    (void)state;
    static const long counts[] = {8, 30, 40, 50, 60, 70};
    lt_sdc_table *t = table_of(2, 3, counts);
    lt_sdc_table *ts[] = {t};
    protect_and_attack(ts, 1, 10);
    assert_true(lt_sdc_hidden(t, 0, 0));
}

/* Two tables publish the same row totals (inquiries per region, by sector and
 * by size): a total hidden in one is hidden in the other, and the two together
 * give nothing away. */
static void figures_two_tables_publish_are_hidden_in_both(void **state)
{
    (void)state;
    static const long by_sector[] = {1, 30, 20, 40, 2, 50, 60, 70};
    static const long by_size[] = {11, 20, 30, 30, 12, 40, 65, 65};
    lt_sdc_table *a = table_of(4, 2, by_sector), *b = table_of(4, 2, by_size);
    int link = 1;
    for (size_t r = 0; r <= 4; r++) {
        a->link[lt_sdc_index(a, r, 2)] = link;
        b->link[lt_sdc_index(b, r, 2)] = link++;
    }
    lt_sdc_table *ts[] = {a, b};
    protect_and_attack(ts, 2, 5);
    for (size_t r = 0; r <= 4; r++)
        assert_int_equal(lt_sdc_hidden(a, r, 2), lt_sdc_hidden(b, r, 2));
    assert_true(lt_sdc_hidden(a, 0, 0));
}

/* The grand total closes the only cycle in the first table (its other figures
 * are 0); the second table publishes it too and must hide it and protect it. */
static void a_total_hidden_in_one_table_is_protected_in_the_other(void **state)
{
    (void)state;
    static const long first[] = {2, 0, 0, 50}, second[] = {1, 1, 25, 25};
    lt_sdc_table *a = table_of(2, 2, first), *b = table_of(2, 2, second);
    for (size_t r = 0; r <= 2; r++) {
        a->link[lt_sdc_index(a, r, 2)] = (int)r + 1;
        b->link[lt_sdc_index(b, r, 2)] = (int)r + 1;
    }
    lt_sdc_table *ts[] = {a, b};
    protect_and_attack(ts, 2, 5);
    assert_int_equal(a->state[lt_sdc_index(a, 2, 2)], LT_SDC_SECONDARY);
    assert_true(lt_sdc_hidden(b, 2, 2));
    /* and the second table alone does not give it away either */
    lt_sdc_table *only_b[] = {b};
    struct system *s = system_of(only_b, 1);
    assert_int_equal(line_attack(s), 0);
    assert_int_equal(system_attack(s), 0);
}

static void linked_figures_that_differ_are_refused(void **state)
{
    (void)state;
    static const long x[] = {10, 20}, y[] = {10, 21};
    lt_sdc_table *a = table_of(1, 2, x), *b = table_of(1, 2, y);
    a->link[lt_sdc_index(a, 0, 2)] = 7;
    b->link[lt_sdc_index(b, 0, 2)] = 7;
    lt_sdc_table *ts[] = {a, b};
    assert_int_equal(lt_sdc_protect(arena, ts, 2, 5), -1);
}

static void negative_counts_are_counted_as_zero(void **state)
{
    (void)state;
    lt_sdc_table t;
    lt_sdc_init(&t, arena, 1, 1);
    lt_sdc_add(&t, 0, 0, -3);
    assert_int_equal(lt_sdc_value(&t, 0, 0), 0);
}

/* Many random tables of small and large counts: the rules and both attackers. */
static void random_tables_keep_the_rules(void **state)
{
    (void)state;
    srand(20260115);
    for (int round = 0; round < 300; round++) {
        size_t nrows = 1 + (size_t)rand() % 7, ncols = 1 + (size_t)rand() % 9;
        long *counts = lt_arena_calloc(arena, nrows * ncols, sizeof *counts);
        for (size_t i = 0; i < nrows * ncols; i++) {
            int kind = rand() % 4;
            counts[i] = kind == 0 ? 0 : kind == 1 ? 1 + rand() % 4 : rand() % 60;
        }
        lt_sdc_table *t = table_of(nrows, ncols, counts);
        lt_sdc_table *ts[] = {t};
        protect_and_attack(ts, 1, 2 + rand() % 6);
        lt_arena_reset(arena);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_small_count_is_not_recovered_by_subtraction),
        cmocka_unit_test(the_same_table_is_always_protected_the_same_way),
        cmocka_unit_test(a_figure_recovered_across_several_lines_is_protected),
        cmocka_unit_test(zeros_are_shown_and_never_hidden_to_protect_another),
        cmocka_unit_test(a_table_of_zeros_hides_nothing),
        cmocka_unit_test(a_single_row_hides_a_second_count_or_its_total),
        cmocka_unit_test(a_single_row_of_one_count_hides_the_total_too),
        cmocka_unit_test(an_all_small_table_is_hidden_but_not_given_away),
        cmocka_unit_test(an_all_small_table_with_a_small_grand_total_hides_everything),
        cmocka_unit_test(k_of_one_hides_nothing),
        cmocka_unit_test(a_larger_k_hides_larger_counts),
        cmocka_unit_test(figures_two_tables_publish_are_hidden_in_both),
        cmocka_unit_test(a_total_hidden_in_one_table_is_protected_in_the_other),
        cmocka_unit_test(linked_figures_that_differ_are_refused),
        cmocka_unit_test(negative_counts_are_counted_as_zero),
        cmocka_unit_test(random_tables_keep_the_rules),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
