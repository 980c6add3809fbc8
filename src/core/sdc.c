/*
 * sdc.c - primary and secondary suppression of tables of counts; see sdc.h.
 *
 * Why cycles: give the margins a minus sign and every row and every column of
 * the (R + 1) x (C + 1) table adds up to 0. What the shown figures leave open
 * is then exactly a circulation on the hidden ones: a vector on the hidden
 * figures whose sums along every row and column are 0. In the bipartite graph
 * of rows and columns, with an edge for each hidden figure, those vectors are
 * the cycle space; a hidden figure is fixed by the shown ones exactly when its
 * edge lies on no cycle (a bridge). Secondary suppression therefore looks for
 * bridges and closes a cycle through each with the cheapest path of further
 * figures. Every figure of the new cycle is on a cycle, and adding edges never
 * breaks one, so each round removes at least one bridge and the loop ends.
 */
#include "lotse/sdc.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UNREACHABLE (LLONG_MAX / 4)

void lt_sdc_init(lt_sdc_table *t, lt_arena *a, size_t nrows, size_t ncols)
{
    size_t n = (nrows + 1) * (ncols + 1);
    t->nrows = nrows;
    t->ncols = ncols;
    t->value = lt_arena_calloc(a, n, sizeof *t->value);
    t->state = lt_arena_calloc(a, n, sizeof *t->state);
    t->link = lt_arena_calloc(a, n, sizeof *t->link);
}

size_t lt_sdc_index(const lt_sdc_table *t, size_t r, size_t c)
{
    return r * (t->ncols + 1) + c;
}

void lt_sdc_add(lt_sdc_table *t, size_t r, size_t c, long n)
{
    long *v = &t->value[lt_sdc_index(t, r, c)];
    *v = *v + n < 0 ? 0 : *v + n;
}

void lt_sdc_sum(lt_sdc_table *t)
{
    size_t R = t->nrows, C = t->ncols;
    for (size_t r = 0; r <= R; r++)
        t->value[lt_sdc_index(t, r, C)] = 0;
    for (size_t c = 0; c < C; c++)
        t->value[lt_sdc_index(t, R, c)] = 0;
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < C; c++) {
            long v = t->value[lt_sdc_index(t, r, c)];
            t->value[lt_sdc_index(t, r, C)] += v;
            t->value[lt_sdc_index(t, R, c)] += v;
            t->value[lt_sdc_index(t, R, C)] += v;
        }
}

bool lt_sdc_hidden(const lt_sdc_table *t, size_t r, size_t c)
{
    return t->state[lt_sdc_index(t, r, c)] != LT_SDC_SHOWN;
}

long lt_sdc_value(const lt_sdc_table *t, size_t r, size_t c)
{
    return t->value[lt_sdc_index(t, r, c)];
}

/* ---- the graph: vertex i <= R is row i, vertex R + 1 + j is column j ---- */

struct graph {
    const lt_sdc_table *t;
    size_t nrows, ncols; /* with the margins: R + 1 and C + 1 */
    size_t nvertices;
    /* scratch of the searches, nvertices each, allocated once per table */
    size_t *disc, *low, *parent, *next, *stack, *prev;
    long long *dist;
    bool *done;
};

/* The figure joining vertex u and its neighbour w (one a row, the other a column). */
static size_t edge(const struct graph *g, size_t u, size_t w)
{
    size_t r = u < g->nrows ? u : w, c = (u < g->nrows ? w : u) - g->nrows;
    return r * g->ncols + c;
}

/* The k-th vertex on the other side of u. */
static size_t neighbour(const struct graph *g, size_t u, size_t k)
{
    return u < g->nrows ? g->nrows + k : k;
}

static size_t degree_bound(const struct graph *g, size_t u)
{
    return u < g->nrows ? g->ncols : g->nrows;
}

/*
 * Finds a bridge among the hidden figures (Tarjan's lowpoint, iteratively);
 * of several, the one with the lowest index. Returns its index, or SIZE_MAX.
 */
static size_t find_bridge(const struct graph *g)
{
    size_t n = g->nvertices, best = SIZE_MAX;
    size_t *disc = g->disc, *low = g->low, *parent = g->parent, *next = g->next, *stack = g->stack;
    memset(disc, 0, n * sizeof *disc); /* 0: not visited; else the order of the visit */
    memset(next, 0, n * sizeof *next); /* the next neighbour to try */
    size_t order = 0;
    for (size_t s = 0; s < n; s++) {
        if (disc[s])
            continue;
        size_t top = 0;
        stack[top++] = s;
        parent[s] = SIZE_MAX;
        disc[s] = low[s] = ++order;
        while (top) {
            size_t u = stack[top - 1];
            if (next[u] < degree_bound(g, u)) {
                size_t w = neighbour(g, u, next[u]++);
                if (!g->t->state[edge(g, u, w)] || w == parent[u])
                    continue;
                if (disc[w]) {
                    low[u] = disc[w] < low[u] ? disc[w] : low[u];
                } else {
                    parent[w] = u;
                    disc[w] = low[w] = ++order;
                    stack[top++] = w;
                }
                continue;
            }
            top--;
            size_t p = parent[u];
            if (p == SIZE_MAX)
                continue;
            low[p] = low[u] < low[p] ? low[u] : low[p];
            if (low[u] > disc[p]) {
                size_t e = edge(g, p, u);
                best = e < best ? e : best;
            }
        }
    }
    return best;
}

/* What hiding one more figure costs: nothing when hidden, its count, never a 0. */
static long long cost(const lt_sdc_table *t, size_t e)
{
    if (t->state[e])
        return 0;
    return t->value[e] > 0 ? t->value[e] : UNREACHABLE;
}

/*
 * Hides the cheapest path from the row to the column of the bridge e that does
 * not use e itself, closing a cycle through it (Dijkstra on the dense graph).
 * Returns false when no such path exists without a 0 (cannot happen when the
 * hidden figures are all above 0; see sdc.h).
 */
static bool close_cycle(const struct graph *g, lt_sdc_table *t, size_t e)
{
    size_t n = g->nvertices;
    size_t from = e / g->ncols, to = g->nrows + e % g->ncols;
    long long *dist = g->dist;
    size_t *prev = g->prev;
    bool *done = g->done;
    for (size_t v = 0; v < n; v++) {
        dist[v] = UNREACHABLE;
        prev[v] = SIZE_MAX;
        done[v] = false;
    }
    dist[from] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t v = 0; v < n; v++)
            if (!done[v] && dist[v] < UNREACHABLE && (u == SIZE_MAX || dist[v] < dist[u]))
                u = v;
        if (u == SIZE_MAX || u == to)
            break;
        done[u] = true;
        for (size_t k = 0; k < degree_bound(g, u); k++) {
            size_t w = neighbour(g, u, k), f = edge(g, u, w);
            long long c = cost(t, f);
            if (f == e || done[w] || c >= UNREACHABLE)
                continue;
            if (dist[u] + c < dist[w]) {
                dist[w] = dist[u] + c;
                prev[w] = u;
            }
        }
    }
    if (dist[to] >= UNREACHABLE)
        return false;
    for (size_t v = to; v != from; v = prev[v]) {
        size_t f = edge(g, prev[v], v);
        if (!t->state[f])
            t->state[f] = LT_SDC_SECONDARY;
    }
    return true;
}

/* Primary suppression, then bridges closed until none is left. True when
 * anything was hidden. */
static bool protect_one(lt_arena *a, lt_sdc_table *t, long k)
{
    size_t n = (t->nrows + 1) * (t->ncols + 1);
    bool changed = false;
    for (size_t i = 0; i < n; i++)
        if (!t->state[i] && t->value[i] >= 1 && t->value[i] < k) {
            t->state[i] = LT_SDC_PRIMARY;
            changed = true;
        }
    size_t v = t->nrows + t->ncols + 2;
    struct graph g = {.t = t, .nrows = t->nrows + 1, .ncols = t->ncols + 1, .nvertices = v};
    g.disc = lt_arena_calloc(a, v, sizeof *g.disc);
    g.low = lt_arena_calloc(a, v, sizeof *g.low);
    g.parent = lt_arena_calloc(a, v, sizeof *g.parent);
    g.next = lt_arena_calloc(a, v, sizeof *g.next);
    g.stack = lt_arena_calloc(a, v, sizeof *g.stack);
    g.prev = lt_arena_calloc(a, v, sizeof *g.prev);
    g.dist = lt_arena_calloc(a, v, sizeof *g.dist);
    g.done = lt_arena_calloc(a, v, sizeof *g.done);
    for (;;) {
        size_t e = find_bridge(&g);
        if (e == SIZE_MAX)
            break;
        if (!close_cycle(&g, t, e))
            abort(); /* a hidden 0: the invariant of sdc.h is broken */
        changed = true;
    }
    return changed;
}

struct linked {
    int link;
    lt_sdc_table *t;
    size_t i;
};

static int by_link(const void *x, const void *y)
{
    const struct linked *p = x, *q = y;
    return (p->link > q->link) - (p->link < q->link);
}

/* Every figure of the tables that carries a link, sorted by link (arena memory). */
static struct linked *linked_figures(lt_arena *a, lt_sdc_table *const *tables, size_t n,
                                     size_t *count)
{
    size_t total = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < (tables[j]->nrows + 1) * (tables[j]->ncols + 1); i++)
            total += tables[j]->link[i] != 0;
    struct linked *l = lt_arena_calloc(a, total ? total : 1, sizeof *l);
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < (tables[j]->nrows + 1) * (tables[j]->ncols + 1); i++)
            if (tables[j]->link[i])
                l[m++] = (struct linked){tables[j]->link[i], tables[j], i};
    qsort(l, m, sizeof *l, by_link);
    *count = m;
    return l;
}

int lt_sdc_protect(lt_arena *a, lt_sdc_table *const *tables, size_t n, long k)
{
    if (k <= 1)
        return 0;
    size_t nlinked;
    struct linked *l = linked_figures(a, tables, n, &nlinked);
    for (size_t i = 1; i < nlinked; i++)
        if (l[i].link == l[i - 1].link && l[i].t->value[l[i].i] != l[i - 1].t->value[l[i - 1].i])
            return -1;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t j = 0; j < n; j++)
            changed |= protect_one(a, tables[j], k);
        /* a figure hidden in one table is hidden in every table that publishes it */
        for (size_t i = 0; i < nlinked;) {
            size_t end = i;
            bool hidden = false;
            for (; end < nlinked && l[end].link == l[i].link; end++)
                hidden |= l[end].t->state[l[end].i] != LT_SDC_SHOWN;
            for (; hidden && i < end; i++)
                if (!l[i].t->state[l[i].i]) {
                    l[i].t->state[l[i].i] = LT_SDC_SECONDARY;
                    changed = true;
                }
            i = end;
        }
    }
    return 0;
}
