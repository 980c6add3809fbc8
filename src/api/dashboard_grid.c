/*
 * dashboard_grid.c - the counts of a dashboard's figures, their protection
 * and their JSON; see dashboard.h.
 *
 * Which table is protected, and why:
 *   - FAI view: the whole table of every region (or the state-wide matrix), so
 *     the pattern of suppression does not depend on the regions asked for. A
 *     sum over the regions shown is shown only when every part of it is.
 *   - member view: only the sums of the other regions, one row per figure (or
 *     the others' matrix). The state is the caller's own figures, which they
 *     know in full, plus those sums: shown exactly when the sum is.
 */
#include "lotse/dashboard.h"
#include "lotse/api.h"
#include "lotse/log.h"
#include "lotse/problem.h"

#include <stdint.h>
#include <string.h>

static void enlist(lt_dash *d, lt_dash_grid *g)
{
    if (d->ngrids == d->grids_cap) {
        size_t cap = d->grids_cap ? 2 * d->grids_cap : 16;
        lt_dash_grid **grids = lt_arena_calloc(d->req->arena, cap, sizeof *grids);
        if (d->ngrids)
            memcpy(grids, d->grids, d->ngrids * sizeof *grids);
        d->grids = grids;
        d->grids_cap = cap;
    }
    d->grids[d->ngrids++] = g;
}

static const char **copy_strings(lt_arena *a, size_t n, const char *const *s)
{
    const char **c = lt_arena_calloc(a, n ? n : 1, sizeof *c);
    for (size_t i = 0; i < n; i++)
        c[i] = lt_arena_strdup(a, s[i]);
    return c;
}

static lt_dash_grid *grid(lt_dash *d, const char *figure, const char *unit, bool people,
                          size_t nrows, size_t nkeys, const char *const *keys)
{
    lt_arena *a = d->req->arena;
    lt_dash_grid *g = lt_arena_calloc(a, 1, sizeof *g);
    g->figure = figure;
    g->unit = unit;
    g->people = people;
    g->nrows = nrows;
    g->nkeys = nkeys;
    g->keys = copy_strings(a, nkeys, keys);
    lt_strindex_init(&g->key_index, a, nkeys, g->keys);
    g->mine = lt_arena_calloc(a, nrows * nkeys + 1, sizeof *g->mine);
    g->row_json = lt_arena_calloc(a, nrows + 1, sizeof *g->row_json);
    enlist(d, g);
    return g;
}

lt_dash_grid *lt_dash_region_grid(lt_dash *d, const char *figure, const char *unit, bool people,
                                  size_t nkeys, const char *const *keys)
{
    lt_dash_grid *g = grid(d, figure, unit, people, d->nregions, nkeys, keys);
    g->by_region = true;
    g->others = lt_arena_calloc(d->req->arena, nkeys + 1, sizeof *g->others);
    return g;
}

lt_dash_grid *lt_dash_matrix(lt_dash *d, const char *figure, const char *unit, bool people,
                             size_t nrows, const char *const *labels, size_t nkeys,
                             const char *const *keys)
{
    lt_dash_grid *g = grid(d, figure, unit, people, nrows, nkeys, keys);
    g->labels = copy_strings(d->req->arena, nrows, labels);
    lt_strindex_init(&g->label_index, d->req->arena, nrows, g->labels);
    g->others = lt_arena_calloc(d->req->arena, nrows * nkeys + 1, sizeof *g->others);
    return g;
}

void lt_dash_link(lt_dash_grid *g, const char *row_link, const char *col_link)
{
    g->row_link = row_link;
    g->col_link = col_link;
}

void lt_dash_add(lt_dash *d, lt_dash_grid *g, int region_id, const char *key, long n)
{
    int r = lt_dash_region_index(d, region_id);
    size_t k = lt_strindex_find(&g->key_index, key);
    if (r >= 0 && k != SIZE_MAX && (d->fai || d->regions[r].own))
        g->mine[(size_t)r * g->nkeys + k] += n;
}

void lt_dash_add_others(lt_dash_grid *g, const char *key, long n)
{
    size_t k = lt_strindex_find(&g->key_index, key);
    if (k != SIZE_MAX)
        g->others[k] += n;
}

void lt_dash_matrix_add(lt_dash_grid *g, const char *label, const char *key, long n, bool others)
{
    size_t k = lt_strindex_find(&g->key_index, key), r = lt_strindex_find(&g->label_index, label);
    if (r != SIZE_MAX && k != SIZE_MAX)
        (others ? g->others : g->mine)[r * g->nkeys + k] += n;
}

lt_dash_grid *lt_dash_find(const lt_dash *d, const char *figure)
{
    for (size_t i = 0; i < d->ngrids; i++)
        if (strcmp(d->grids[i]->figure, figure) == 0)
            return d->grids[i];
    return NULL;
}

/* ---- protection ---- */

static int link_id(lt_dash *d, const char *name)
{
    for (size_t i = 0; i < d->nlinks; i++)
        if (strcmp(d->links[i], name) == 0)
            return (int)i + 1;
    if (d->nlinks == d->links_cap) {
        size_t cap = d->links_cap ? 2 * d->links_cap : 64;
        const char **links = lt_arena_calloc(d->req->arena, cap, sizeof *links);
        if (d->nlinks)
            memcpy(links, d->links, d->nlinks * sizeof *links);
        d->links = links;
        d->links_cap = cap;
    }
    d->links[d->nlinks++] = name;
    return (int)d->nlinks;
}

static void set_link(lt_dash *d, lt_sdc_table *t, size_t r, size_t c, const char *ns,
                     const char *what)
{
    t->link[lt_sdc_index(t, r, c)] = link_id(d, lt_arena_printf(d->req->arena, "%s:%s", ns, what));
}

/* The table a grid's protection works on (sdc.h), its margins and links. */
static void build_table(lt_dash *d, lt_dash_grid *g)
{
    bool one_row = g->by_region && !d->fai;
    size_t R = one_row ? 1 : g->nrows, C = g->nkeys;
    const long *counts = d->fai ? g->mine : g->others;
    lt_sdc_init(&g->table, d->req->arena, R, C);
    for (size_t r = 0; r < R; r++)
        for (size_t c = 0; c < C; c++)
            lt_sdc_add(&g->table, r, c, counts[r * C + c]);
    lt_sdc_sum(&g->table);
    if (!g->people)
        return;
    lt_sdc_table *t = &g->table;
    if (g->row_link)
        for (size_t r = 0; r < R; r++)
            set_link(d, t, r, C, g->row_link,
                     one_row     ? "grand"
                     : g->labels ? g->labels[r]
                                 : d->regions[r].slug);
    if (g->col_link)
        for (size_t c = 0; c < C; c++) {
            set_link(d, t, R, c, g->col_link, g->keys[c]);
            if (one_row)
                set_link(d, t, 0, c, g->col_link, g->keys[c]);
        }
    if (g->row_link || g->col_link)
        set_link(d, t, R, C, g->row_link ? g->row_link : g->col_link, "grand");
}

int lt_dash_protect(lt_dash *d, lt_resp *resp)
{
    lt_sdc_table **tables = lt_arena_calloc(d->req->arena, d->ngrids + 1, sizeof *tables);
    size_t n = 0;
    for (size_t i = 0; i < d->ngrids; i++) {
        build_table(d, d->grids[i]);
        if (d->grids[i]->people)
            tables[n++] = &d->grids[i]->table;
    }
    if (lt_sdc_protect(d->req->arena, tables, n, d->k) == 0)
        return 0;
    lt_log_event("error", "dashboard_links", "request %s: linked figures of %s differ",
                 d->req->request_id, d->name);
    return lt_problem(resp, d->req, LT_E_INTERNAL, NULL, NULL);
}

/* ---- values ---- */

static long mine_at(const lt_dash_grid *g, size_t r, size_t key)
{
    if (key < g->nkeys)
        return g->mine[r * g->nkeys + key];
    long sum = 0;
    for (size_t k = 0; k < g->nkeys; k++)
        sum += g->mine[r * g->nkeys + k];
    return sum;
}

static bool table_at(const lt_dash_grid *g, size_t r, size_t key, long *out)
{
    *out = lt_sdc_value(&g->table, r, key);
    return !lt_sdc_hidden(&g->table, r, key);
}

bool lt_dash_value(const lt_dash *d, const lt_dash_grid *g, int part, size_t key, long *out)
{
    size_t R = g->table.nrows;
    long own = 0;
    *out = 0;
    if (d->fai) {
        if (part >= 0)
            return table_at(g, (size_t)part, key, out);
        bool all = true;
        for (size_t r = 0; g->by_region && r < d->nregions; r++)
            all &= d->regions[r].shown;
        if (part == LT_DASH_STATE || all || !g->by_region)
            return table_at(g, R, key, out);
        bool shown = true;
        for (size_t r = 0; r < d->nregions; r++) {
            long v;
            if (!d->regions[r].shown)
                continue;
            shown &= table_at(g, r, key, &v);
            *out += v;
        }
        return shown;
    }
    if (g->by_region) {
        for (size_t r = 0; r < d->nregions; r++)
            if (part == (int)r || (part == LT_DASH_SELECTED && d->regions[r].shown) ||
                (part == LT_DASH_STATE && d->regions[r].own))
                own += mine_at(g, r, key);
        if (part != LT_DASH_STATE) {
            *out = own;
            return true;
        }
        bool shown = table_at(g, 0, key, out);
        *out += own;
        return shown;
    }
    if (part >= 0) {
        own = mine_at(g, (size_t)part, key);
    } else {
        for (size_t r = 0; r < g->nrows; r++)
            own += mine_at(g, r, key);
    }
    bool shown = table_at(g, part >= 0 ? (size_t)part : R, key, out);
    *out += own;
    return shown;
}

json_t *lt_dash_part(const lt_dash_grid *g, int part)
{
    if (part == LT_DASH_SELECTED)
        return g->selected_json;
    if (part == LT_DASH_STATE)
        return g->state_json;
    return part >= 0 && (size_t)part < g->nrows ? g->row_json[part] : NULL;
}

/* ---- the JSON of a figure ---- */

static json_t *part_json(const lt_dash *d, const lt_dash_grid *g, int part)
{
    json_t *values = json_array();
    long v;
    for (size_t k = 0; k < g->nkeys; k++) {
        bool shown = lt_dash_value(d, g, part, k, &v);
        json_array_append_new(values, lt_dash_count(shown, v));
    }
    bool shown = lt_dash_value(d, g, part, g->nkeys, &v);
    return json_pack("{s:o, s:o}", "values", values, "total", lt_dash_count(shown, v));
}

static json_t *protected_parts(const lt_dash *d, const lt_dash_grid *g)
{
    if (!g->people)
        return json_array();
    if (d->fai && g->by_region)
        return json_pack("[s, s, s]", "rows", "selected", "state");
    return d->fai ? json_pack("[s, s]", "rows", "state") : json_pack("[s]", "state");
}

void lt_dash_emit(lt_dash *d)
{
    for (size_t i = 0; i < d->ngrids; i++) {
        lt_dash_grid *g = d->grids[i];
        json_t *keys = json_array(), *rows = json_array();
        for (size_t k = 0; k < g->nkeys; k++)
            json_array_append_new(keys, json_string(g->keys[k]));
        for (size_t r = 0; r < g->nrows; r++) {
            if (g->by_region && !d->regions[r].shown)
                continue;
            json_t *row = part_json(d, g, (int)r);
            if (g->by_region) {
                json_object_set_new(row, "region", json_string(d->regions[r].slug));
                json_object_set_new(row, "name", json_string(d->regions[r].name));
            } else {
                json_object_set_new(row, "label", json_string(g->labels[r]));
            }
            g->row_json[r] = row;
            json_array_append_new(rows, row);
        }
        json_t *fig = json_pack("{s:s, s:s, s:o, s:o, s:o}", "unit", g->unit, "protection",
                                g->people ? "sdc" : "none", "protected", protected_parts(d, g),
                                "keys", keys, "rows", rows);
        if (g->by_region) {
            g->selected_json = part_json(d, g, LT_DASH_SELECTED);
            json_object_set_new(fig, "selected", g->selected_json);
        }
        g->state_json = part_json(d, g, LT_DASH_STATE);
        json_object_set_new(fig, "state", g->state_json);
        lt_dash_put(d, g->figure, fig);
    }
}
