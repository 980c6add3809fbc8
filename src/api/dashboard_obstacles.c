/*
 * dashboard_obstacles.c - the obstacles employers meet, across the regions
 * (GET /api/v1/dashboards/obstacles; docs/dashboards.md): a ranking of the
 * obstacle categories by the inquiries and the regions they touch, with the
 * trend between the two halves of the range.
 *
 * An obstacle is a region's own record with its own words; across regions only
 * its category is comparable, so the figures count categories. Counts of
 * inquiries are counts of companies: protected. The category totals are
 * published twice (by region and by half), so they are linked.
 */
#include "lotse/api.h"
#include "lotse/codes.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

static const char *const halves[] = {"first_half", "second_half"};

#define NCATEGORIES LT_OBSTACLE_CATEGORY_COUNT

/* Inquiries meeting each category, per region and month (an inquiry once per category;
 * one rollup row each). */
#define OBSTACLES_SQL                                                                              \
    "SELECT f.region_id, f.key, to_char(f.month, 'YYYY-MM'), f.n::bigint"                          \
    " FROM lotse.dash_inquiry_facts f WHERE f.region_id = ANY ($1::smallint[])"                    \
    "  AND f.dim = 'obstacle' AND f.month BETWEEN $2::date AND $3::date"

const char *const lt_dash_obstacles_sql[] = {OBSTACLES_SQL, NULL};

/* The half of the range a month ("YYYY-MM") falls in. */
static const char *half_of(const lt_dash *d, const char *month)
{
    return strcmp(month, d->months[d->nmonths / 2]) < 0 ? halves[0] : halves[1];
}

struct rank {
    size_t category;
    bool shown;
    long inquiries, regions;
};

/* Most inquiries first (a suppressed count after every shown one: its size must not
 * show through the order), then most regions, then the category's order. */
static int by_rank(const void *a, const void *b)
{
    const struct rank *x = a, *y = b;
    if (x->shown != y->shown)
        return x->shown ? -1 : 1;
    if (x->shown && x->inquiries != y->inquiries)
        return x->inquiries > y->inquiries ? -1 : 1;
    if (x->regions != y->regions)
        return x->regions > y->regions ? -1 : 1;
    return (x->category > y->category) - (x->category < y->category);
}

/* "rising" or "falling" when the monthly average of one half is 10 % above the
 * other's, "steady" otherwise; null when a half is empty or hidden. */
static json_t *trend(const lt_dash *d, bool shown, long first, long second)
{
    long first_months = (long)(d->nmonths / 2), second_months = (long)d->nmonths - first_months;
    if (!shown)
        return json_pack("{s:b}", "suppressed", 1);
    if (first_months == 0)
        return json_null();
    long a = first * second_months, b = second * first_months; /* both per month, scaled */
    return json_string(b * 10 > a * 11 ? "rising" : b * 11 < a * 10 ? "falling" : "steady");
}

int lt_dash_obstacles(lt_dash *d, lt_resp *resp)
{
    PGresult *mine, *others, *others_months;
    lt_db_status st;
    if ((st = lt_dash_read(d, OBSTACLES_SQL, 3, &mine)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "obstacles", &others)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "obstacle_months", &others_months)) != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);
    lt_dash_grid *by_region =
        lt_dash_region_grid(d, "by_region", "inquiries", true, NCATEGORIES, lt_obstacle_categories);
    lt_dash_grid *ranking = lt_dash_matrix(d, "ranking", "inquiries", true, NCATEGORIES,
                                           lt_obstacle_categories, 2, halves);
    lt_dash_link(by_region, NULL, "obstacles");
    lt_dash_link(ranking, "obstacles", NULL);
    /* regions touched: the caller's own regions from their rows, the others' counted
     * by the database */
    long *regions = lt_arena_calloc(d->req->arena, NCATEGORIES, sizeof *regions);
    for (int i = 0; i < PQntuples(mine); i++) {
        long n = atol(PQgetvalue(mine, i, 3));
        lt_dash_add(d, by_region, atoi(PQgetvalue(mine, i, 0)), PQgetvalue(mine, i, 1), n);
        lt_dash_matrix_add(ranking, PQgetvalue(mine, i, 1), half_of(d, PQgetvalue(mine, i, 2)), n,
                           false);
    }
    for (int i = 0; i < PQntuples(others); i++) {
        if (strcmp(PQgetvalue(others, i, 1), "obstacle") != 0)
            continue;
        lt_dash_add_others(by_region, PQgetvalue(others, i, 2), atol(PQgetvalue(others, i, 3)));
        for (size_t c = 0; c < NCATEGORIES; c++)
            if (strcmp(lt_obstacle_categories[c], PQgetvalue(others, i, 2)) == 0)
                regions[c] += atol(PQgetvalue(others, i, 4));
    }
    for (int i = 0; i < PQntuples(others_months); i++)
        if (strcmp(PQgetvalue(others_months, i, 1), "obstacle") == 0)
            lt_dash_matrix_add(ranking, PQgetvalue(others_months, i, 2),
                               half_of(d, PQgetvalue(others_months, i, 0)),
                               atol(PQgetvalue(others_months, i, 3)), true);
    for (size_t r = 0; r < d->nregions; r++)
        for (size_t c = 0; c < NCATEGORIES; c++)
            regions[c] += (d->fai || d->regions[r].own) && by_region->mine[r * NCATEGORIES + c] > 0;

    int status = lt_dash_protect(d, resp);
    if (status)
        return status;
    lt_dash_emit(d);
    struct rank ranks[NCATEGORIES];
    for (size_t c = 0; c < NCATEGORIES; c++) {
        long first, second;
        bool f = lt_dash_value(d, ranking, (int)c, 0, &first);
        bool s = lt_dash_value(d, ranking, (int)c, 1, &second);
        ranks[c] = (struct rank){c, false, 0, regions[c]};
        ranks[c].shown = lt_dash_value(d, ranking, (int)c, 2, &ranks[c].inquiries);
        json_t *row = lt_dash_part(ranking, (int)c);
        json_object_set_new(row, "regions", json_integer(regions[c]));
        json_object_set_new(row, "trend", trend(d, f && s, first, second));
    }
    qsort(ranks, NCATEGORIES, sizeof ranks[0], by_rank);
    for (size_t i = 0; i < NCATEGORIES; i++)
        json_object_set_new(lt_dash_part(ranking, (int)ranks[i].category), "rank",
                            json_integer((json_int_t)i + 1));
    lt_dash_define(d, "by_region",
                   "Inquiries received in the range that met an obstacle of each category"
                   " (lotse.inquiry_obstacles), per region: an inquiry counts once per category,"
                   " however many of the region's obstacles of that category it met. Obstacles"
                   " seen outside logged inquiries do not count.");
    lt_dash_define(d, "ranking",
                   "The categories state-wide: inquiries in the first and the second half of the"
                   " range (the first half is the first months/2 months), regions with at least"
                   " one such inquiry, rank (most inquiries first; a suppressed count ranks after"
                   " every shown one), and trend: rising or falling when the monthly average of"
                   " the second half is at least 10 % above or below the first's, else steady.");
    return 0;
}

int lt_api_dashboard_obstacles(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "obstacles", false, &d);
    if (!status)
        status = lt_dash_obstacles(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
