/*
 * dashboard_bulletins.c - which regions have read which bulletin of the FAI,
 * and how fast (GET /api/v1/dashboards/bulletins; docs/dashboards.md).
 *
 * A bulletin is the FAI's own text to every region, so its title is shown; a
 * read is a region's, never a person's (who marked it read is not shown).
 * Reads are not people: nothing is suppressed. A member sees their own
 * regions' reads and, per bulletin, how many regions read it state-wide.
 */
#include "lotse/api.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

#define READS_SQL                                                                                  \
    "SELECT r.bulletin_id, r.title, r.topic,"                                                      \
    " to_char(r.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), r.region_id,"  \
    " round((extract(epoch FROM r.read_at - r.published_at) / 3600)::numeric, 1)::text,"           \
    " s.regions_read, round(s.median_hours::numeric, 1)::text"                                     \
    " FROM lotse.dashboard_bulletin_reads($2::date, $3::date) r"                                   \
    " JOIN lotse.dashboard_bulletin_state($2::date, $3::date) s ON s.bulletin_id = r.bulletin_id"  \
    " WHERE r.region_id IS NULL OR r.region_id = ANY ($1::smallint[])"                             \
    " ORDER BY r.published_at, r.bulletin_id, r.region_id"

const char *const lt_dash_bulletins_sql[] = {READS_SQL, NULL};

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values (sorted in place), or null. */
static json_t *median(double *v, size_t n)
{
    if (n == 0)
        return json_null();
    qsort(v, n, sizeof *v, by_value);
    double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return json_real((double)(long long)(m * 10 + 0.5) / 10);
}

static json_t *number_or_null(PGresult *res, int i, int c)
{
    return PQgetisnull(res, i, c) ? json_null() : json_real(atof(PQgetvalue(res, i, c)));
}

int lt_dash_bulletins(lt_dash *d, lt_resp *resp)
{
    PGresult *res;
    lt_db_status st = lt_dash_read(d, READS_SQL, 3, &res);
    if (st != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);
    lt_arena *a = d->req->arena;
    int n = PQntuples(res);
    /* the bulletins, in order of publication */
    const char **ids = lt_arena_calloc(a, (size_t)n + 1, sizeof *ids);
    size_t nbulletins = 0;
    json_t *keys = json_array(), *rows = json_array();
    long read_sum = 0, unread_sum = 0;
    for (int i = 0; i < n; i++) {
        const char *id = PQgetvalue(res, i, 0);
        if (nbulletins && strcmp(ids[nbulletins - 1], id) == 0)
            continue;
        ids[nbulletins++] = lt_arena_strdup(a, id);
        long read = atol(PQgetvalue(res, i, 6)), unread = (long)d->nregions - read;
        read_sum += read;
        unread_sum += unread;
        json_array_append_new(keys, json_string(id));
        json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s, s:[I, I], s:I, s:o}", "label",
                                              id, "title", PQgetvalue(res, i, 1), "topic",
                                              PQgetvalue(res, i, 2), "published_at",
                                              PQgetvalue(res, i, 3), "values", (json_int_t)read,
                                              (json_int_t)unread, "total", (json_int_t)d->nregions,
                                              "median_hours_to_read", number_or_null(res, i, 7)));
    }
    lt_dash_put(d, "by_bulletin",
                json_pack("{s:s, s:s, s:[], s:[s, s], s:o, s:{s:[I, I], s:I}}", "unit", "regions",
                          "protection", "none", "protected", "keys", "regions_read",
                          "regions_unread", "rows", rows, "state", "values", (json_int_t)read_sum,
                          (json_int_t)unread_sum, "total", (json_int_t)(read_sum + unread_sum)));

    /* per region shown: hours to read each bulletin, null while unread (-1) */
    double *hours = lt_arena_calloc(a, d->nregions * (nbulletins + 1), sizeof *hours);
    for (size_t i = 0; i < d->nregions * (nbulletins + 1); i++)
        hours[i] = -1;
    for (int i = 0, b = -1; i < n; i++) {
        if (b < 0 || strcmp(ids[b], PQgetvalue(res, i, 0)) != 0)
            b++;
        int r = PQgetisnull(res, i, 4) ? -1 : lt_dash_region_index(d, atoi(PQgetvalue(res, i, 4)));
        if (r >= 0 && !PQgetisnull(res, i, 5))
            hours[(size_t)r * nbulletins + (size_t)b] = atof(PQgetvalue(res, i, 5));
    }
    json_t *region_rows = json_array();
    double *read_hours = lt_arena_calloc(a, nbulletins + 1, sizeof *read_hours);
    for (size_t r = 0; r < d->nregions; r++) {
        if (!d->regions[r].shown)
            continue;
        json_t *values = json_array();
        size_t nread = 0;
        for (size_t b = 0; b < nbulletins; b++) {
            double h = hours[r * nbulletins + b];
            json_array_append_new(values, h < 0 ? json_null() : json_real(h));
            if (h >= 0)
                read_hours[nread++] = h;
        }
        json_array_append_new(
            region_rows, json_pack("{s:s, s:s, s:o, s:I, s:I, s:o}", "region", d->regions[r].slug,
                                   "name", d->regions[r].name, "values", values, "read",
                                   (json_int_t)nread, "unread", (json_int_t)(nbulletins - nread),
                                   "median_hours_to_read", median(read_hours, nread)));
    }
    lt_dash_put(d, "reads",
                json_pack("{s:s, s:s, s:[], s:O, s:o}", "unit", "hours to read", "protection",
                          "none", "protected", "keys", keys, "rows", region_rows));
    json_decref(keys);
    lt_dash_define(d, "by_bulletin",
                   "The FAI's bulletins (lotse.bulletins) published in the range (German time),"
                   " in order of publication: how many of the regions have read each (a region"
                   " has read it once one of its members marked it read) and the median hours"
                   " from publication to a region's read.");
    lt_dash_define(d, "reads",
                   "Per region shown, the hours from each bulletin's publication to the region's"
                   " read (null while unread), how many it has read and the median of its"
                   " hours.");
    return 0;
}

int lt_api_dashboard_bulletins(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "bulletins", false, &d);
    if (!status)
        status = lt_dash_bulletins(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
