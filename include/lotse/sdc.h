/*
 * sdc.h - statistical disclosure control for tables of counts of companies or
 * people (docs/dashboards.md, "Protection").
 *
 * A table is nrows x ncols counts with their margins: row nrows holds the
 * column totals, column ncols the row totals, and [nrows][ncols] the grand
 * total, so a table of R x C counts is stored as (R + 1) x (C + 1) values.
 * Every one of them, margins included, is a published figure.
 *
 * lt_sdc_protect hides (suppresses) figures so that
 *   - primary: every figure from 1 to k-1 is hidden (never shown as 0; a 0 is
 *     shown, it names no one);
 *   - secondary: no hidden figure can be worked out from the shown ones. The
 *     table's equations (each row and each column adds up to its total, the
 *     totals to the grand total) leave a hidden figure undetermined exactly
 *     when it lies on a cycle of hidden figures, seen as edges between their
 *     row and their column (a row and column "graph" of the table with its
 *     margins). A hidden figure on no cycle - a bridge - is recovered by
 *     subtraction, along one line or several; for each, the cheapest path of
 *     further figures that closes a cycle through it is hidden too (cost: the
 *     figure's count, so the smallest counts go first; hidden figures cost
 *     nothing; a 0 is never hidden: a line whose hidden figures must add up
 *     to 0 would give them all away). Repeated until no hidden figure is a
 *     bridge. Ties go to the lowest row, then column: the same table is always
 *     protected the same way.
 *   - linked tables: figures that several tables publish (the inquiries of a
 *     region are the row total of every table of inquiries by one
 *     characteristic) carry the same nonzero link id; hidden in one, they are
 *     hidden in all, and the tables are protected again until nothing changes.
 *
 * Pure computation: no I/O, no database. Memory comes from the arena given.
 */
#ifndef LOTSE_SDC_H
#define LOTSE_SDC_H

#include "lotse/arena.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum lt_sdc_state {
    LT_SDC_SHOWN = 0,
    LT_SDC_PRIMARY,   /* a count from 1 to k-1 */
    LT_SDC_SECONDARY, /* hidden so that a primary one cannot be worked out */
} lt_sdc_state;

typedef struct lt_sdc_table {
    size_t nrows, ncols;  /* the counts, without the margins */
    long *value;          /* (nrows + 1) x (ncols + 1), row by row */
    unsigned char *state; /* the same shape: lt_sdc_state */
    int *link;            /* the same shape: 0, or the id of a figure other tables publish too */
} lt_sdc_table;

/* A table of nrows x ncols counts, all 0 and shown, no links; arrays from a. */
void lt_sdc_init(lt_sdc_table *t, lt_arena *a, size_t nrows, size_t ncols);

/* The index of [r][c] in value, state and link (r <= nrows, c <= ncols). */
size_t lt_sdc_index(const lt_sdc_table *t, size_t r, size_t c);

/* Adds n to the count [r][c] (r < nrows, c < ncols); a negative result stays 0. */
void lt_sdc_add(lt_sdc_table *t, size_t r, size_t c, long n);

/* Fills the margins from the counts. */
void lt_sdc_sum(lt_sdc_table *t);

/* True when the figure [r][c] (margins included) is hidden. */
bool lt_sdc_hidden(const lt_sdc_table *t, size_t r, size_t c);

/* The figure [r][c]. */
long lt_sdc_value(const lt_sdc_table *t, size_t r, size_t c);

/*
 * Protects n tables together with threshold k (k <= 1: nothing is hidden).
 * Call lt_sdc_sum first. Scratch memory from a. Returns 0, or -1 when two
 * figures of one link id differ (a bug of the caller: nothing is then
 * reliable; answer 500).
 */
int lt_sdc_protect(lt_arena *a, lt_sdc_table *const *tables, size_t n, long k);

#endif
