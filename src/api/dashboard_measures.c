/*
 * dashboard_measures.c - the measures of the two-year plans across the regions
 * (GET /api/v1/dashboards/measures; docs/dashboards.md): planned, in progress,
 * done and dropped per region and category, against the time elapsed in each
 * region's agreement term.
 *
 * A measure's status is its status now: the range does not apply (it is still
 * checked like every dashboard's). Measures are the plan's work, not people:
 * nothing is suppressed.
 */
#include "lotse/api.h"
#include "lotse/codes.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

#define NSTATUSES   LT_MEASURE_STATUS_COUNT
#define NCATEGORIES LT_MEASURE_CATEGORY_COUNT

#define TODAY "(now() AT TIME ZONE 'Europe/Berlin')::date"
#define MEASURES_SQL                                                                               \
    "SELECT m.region_id, m.category, m.status, sum(m.n)::bigint,"                                  \
    " coalesce(sum(m.n) FILTER (WHERE m.planned_to < " TODAY                                       \
    "  AND m.status IN ('planned', 'in_progress')), 0)::bigint"                                    \
    " FROM lotse.dash_measure_facts m WHERE m.region_id = ANY ($1::smallint[])"                    \
    " GROUP BY 1, 2, 3"
/* Days of each signed agreement's term, elapsed and in all (a termination ends it). */
#define TERMS_SQL                                                                                  \
    "SELECT a.region_id, a.term_start::text, a.term_end::text, a.terminated_on::text,"             \
    " greatest(least(" TODAY ", coalesce(a.terminated_on, a.term_end)) - a.term_start, 0),"        \
    " greatest(coalesce(a.terminated_on, a.term_end) - a.term_start, 0)"                           \
    " FROM lotse.dash_agreement_states a WHERE a.region_id = ANY ($1::smallint[])"

const char *const lt_dash_measures_sql[] = {MEASURES_SQL, TERMS_SQL, NULL};

struct term {
    long elapsed, total, overdue;
};

static void extras(const lt_dash *d, const lt_dash_grid *g, int part, const struct term *t)
{
    json_t *o = lt_dash_part(g, part);
    long done = 0, dropped = 0, all = 0;
    if (!o)
        return;
    lt_dash_value(d, g, part, 2, &done);
    lt_dash_value(d, g, part, 3, &dropped);
    lt_dash_value(d, g, part, g->nkeys, &all);
    json_object_set_new(o, "overdue", json_integer(t->overdue));
    json_object_set_new(o, "done_share", lt_dash_ratio(true, done, all - dropped));
    json_object_set_new(o, "term_elapsed_share", lt_dash_ratio(true, t->elapsed, t->total));
}

int lt_dash_measures(lt_dash *d, lt_resp *resp)
{
    PGresult *measures, *terms, *others, *others_terms;
    lt_db_status st;
    if ((st = lt_dash_read(d, MEASURES_SQL, 1, &measures)) != LT_DB_OK ||
        (st = lt_dash_read(d, TERMS_SQL, 1, &terms)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "measures", &others)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "agreements", &others_terms)) != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);
    const char *both[NSTATUSES * NCATEGORIES];
    for (size_t c = 0; c < NCATEGORIES; c++)
        for (size_t s = 0; s < NSTATUSES; s++)
            both[c * NSTATUSES + s] = lt_arena_printf(
                d->req->arena, "%s/%s", lt_measure_categories[c], lt_measure_statuses[s]);
    lt_dash_grid *by_status =
        lt_dash_region_grid(d, "by_status", "measures", false, NSTATUSES, lt_measure_statuses);
    lt_dash_grid *by_category =
        lt_dash_matrix(d, "by_category", "measures", false, NCATEGORIES, lt_measure_categories,
                       NSTATUSES, lt_measure_statuses);
    lt_dash_grid *by_both = lt_dash_region_grid(d, "by_region_and_category", "measures", false,
                                                NSTATUSES * NCATEGORIES, both);
    struct term *per = lt_arena_calloc(d->req->arena, d->nregions, sizeof *per);
    struct term selected = {0}, state = {0};
    for (int i = 0; i < PQntuples(measures); i++) {
        int region = atoi(PQgetvalue(measures, i, 0)), r = lt_dash_region_index(d, region);
        const char *category = PQgetvalue(measures, i, 1), *status = PQgetvalue(measures, i, 2);
        long n = atol(PQgetvalue(measures, i, 3)), overdue = atol(PQgetvalue(measures, i, 4));
        lt_dash_add(d, by_status, region, status, n);
        lt_dash_matrix_add(by_category, category, status, n, false);
        lt_dash_add(d, by_both, region, lt_arena_printf(d->req->arena, "%s/%s", category, status),
                    n);
        if (r < 0)
            continue;
        per[r].overdue += overdue;
        state.overdue += overdue;
        selected.overdue += d->regions[r].shown ? overdue : 0;
    }
    for (int i = 0; i < PQntuples(others); i++) {
        const char *category = PQgetvalue(others, i, 1), *key = PQgetvalue(others, i, 2);
        long n = atol(PQgetvalue(others, i, 3));
        if (strncmp(key, "overdue:", 8) == 0) {
            state.overdue += n;
            continue;
        }
        lt_dash_add_others(by_status, key, n);
        lt_dash_matrix_add(by_category, category, key, n, true);
    }
    for (int i = 0; i < PQntuples(terms); i++) {
        int r = lt_dash_region_index(d, atoi(PQgetvalue(terms, i, 0)));
        if (r < 0 || PQgetisnull(terms, i, 1))
            continue;
        per[r].elapsed = atol(PQgetvalue(terms, i, 4));
        per[r].total = atol(PQgetvalue(terms, i, 5));
        state.elapsed += per[r].elapsed;
        state.total += per[r].total;
        selected.elapsed += d->regions[r].shown ? per[r].elapsed : 0;
        selected.total += d->regions[r].shown ? per[r].total : 0;
    }
    for (int i = 0; i < PQntuples(others_terms); i++)
        if (strcmp(PQgetvalue(others_terms, i, 1), "term_days") == 0)
            *(strcmp(PQgetvalue(others_terms, i, 2), "elapsed") == 0 ? &state.elapsed
                                                                     : &state.total) +=
                atol(PQgetvalue(others_terms, i, 3));

    int status = lt_dash_protect(d, resp);
    if (status)
        return status;
    lt_dash_emit(d);
    for (size_t r = 0; r < d->nregions; r++)
        extras(d, by_status, (int)r, &per[r]);
    for (int i = 0; i < PQntuples(terms); i++) {
        int r = lt_dash_region_index(d, atoi(PQgetvalue(terms, i, 0)));
        json_t *o = r >= 0 ? lt_dash_part(by_status, r) : NULL;
        if (!o)
            continue;
        for (int c = 1; c <= 3; c++) {
            static const char *const names[] = {NULL, "term_start", "term_end", "terminated_on"};
            json_object_set_new(o, names[c],
                                PQgetisnull(terms, i, c) ? json_null()
                                                         : json_string(PQgetvalue(terms, i, c)));
        }
    }
    extras(d, by_status, LT_DASH_SELECTED, &selected);
    extras(d, by_status, LT_DASH_STATE, &state);
    lt_dash_define(d, "by_status",
                   "Measures of the regions' plans (lotse.measures) as they stand now, per region"
                   " and status; the range does not apply. overdue: planned or in progress with"
                   " a planned end before today. done_share: done of the measures not dropped."
                   " term_elapsed_share: the part of the agreement's term (from the last of its"
                   " three signatures to its end, or to its termination) that has passed today;"
                   " summed over the signed agreements for the selected regions and the state.");
    lt_dash_define(d, "by_category", "The measures state-wide, per category and status.");
    lt_dash_define(d, "by_region_and_category",
                   "The measures per region, per category and status (\"category/status\").");
    return 0;
}

int lt_api_dashboard_measures(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "measures", false, &d);
    if (!status)
        status = lt_dash_measures(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
