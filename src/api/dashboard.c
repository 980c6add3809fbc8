/*
 * dashboard.c - the request and the answer every dashboard shares: range,
 * regions, format and the caller's view, checked before any figure is read;
 * the JSON answer and its flat CSV form. See dashboard.h; the grids of counts
 * and their protection are in dashboard_grid.c.
 */
#include "lotse/dashboard.h"
#include "lotse/api.h"
#include "lotse/access.h"
#include "lotse/app.h"
#include "lotse/problem.h"
#include "lotse/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void decref(void *v)
{
    json_decref(v);
}

/* A jansson value released with the arena. */
static json_t *owned(lt_arena *a, json_t *v)
{
    lt_arena_on_reset(a, decref, v);
    return v;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && leap(y));
}

static int read_format(lt_req *req, lt_resp *resp, bool report, lt_dash *d)
{
    const char *f = lt_req_query(req, "format");
    bool known = true;
    d->dialect = LT_CSV_RFC4180;
    if (report && (!f || strcmp(f, "html") == 0))
        d->format = LT_DASH_HTML;
    else if (report && strcmp(f, "markdown") == 0)
        d->format = LT_DASH_MARKDOWN;
    else if (!report && (!f || strcmp(f, "json") == 0))
        d->format = LT_DASH_JSON;
    else if (!report && (strcmp(f, "csv") == 0 || strcmp(f, "csv-excel") == 0))
        d->format = LT_DASH_CSV;
    else
        known = false;
    if (d->format == LT_DASH_CSV)
        d->dialect = lt_csv_dialect_of(f);
    if (known)
        return 0;
    json_t *errors = NULL;
    lt_field_error(&errors, "format",
                   report ? "must be html or markdown" : "must be json, csv or csv-excel");
    return lt_problem(resp, req, LT_E_BAD_QUERY, "The format is not one this answer has.", errors);
}

/* Every region, today's date and the time of the answer, in one statement. */
static int load_regions(lt_req *req, lt_resp *resp, lt_dash *d)
{
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT g.id, g.slug, g.name, (now() AT TIME ZONE 'Europe/Berlin')::date::text,"
        " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        " (SELECT to_char(b.rebuilt_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        "  FROM lotse.dash_rebuilds b),"
        " to_char(now() AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD\"T\"HH24:MI')"
        " FROM lotse.regions g ORDER BY g.slug",
        0, NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    int n = PQntuples(res);
    if (n == 0)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    d->nregions = (size_t)n;
    d->regions = lt_arena_calloc(req->arena, (size_t)n, sizeof *d->regions);
    for (int i = 0; i < n; i++) {
        lt_dash_region *g = &d->regions[i];
        g->id = atoi(PQgetvalue(res, i, 0));
        g->slug = lt_arena_strdup(req->arena, PQgetvalue(res, i, 1));
        g->name = lt_arena_strdup(req->arena, PQgetvalue(res, i, 2));
        for (size_t m = 0; m < req->who->nmemberships; m++)
            g->own |= req->who->memberships[m].region_id == g->id &&
                      (req->who->memberships[m].roles & (LT_MEMBER_COORDINATOR | LT_MEMBER_VIEWER));
    }
    d->today = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 3));
    d->as_of = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 4));
    d->rebuilt_at = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 5));
    d->as_of_berlin = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 6));
    return 0;
}

/* The applied range: whole months around the dates asked (or the last 12 months). */
static int read_range(lt_req *req, lt_resp *resp, lt_dash *d)
{
    const char *from = d->asked_from, *to = d->asked_to ? d->asked_to : d->today;
    int ty = atoi(to), tm = atoi(to + 5), fy, fm;
    if (from) {
        fy = atoi(from);
        fm = atoi(from + 5);
    } else {
        int n = ty * 12 + (tm - 1) - 11;
        fy = n / 12;
        fm = n % 12 + 1;
        from = lt_arena_printf(req->arena, "%04d-%02d-01", fy, fm);
    }
    json_t *errors = NULL;
    long months = (long)(ty * 12 + tm) - (fy * 12 + fm) + 1;
    if (strcmp(from, to) > 0)
        lt_field_error(&errors, "from",
                       d->asked_to ? "must not be after to" : "must not be after today (to)");
    else if (months > LT_DASH_MAX_MONTHS)
        lt_field_error(&errors, "to",
                       lt_arena_printf(req->arena,
                                       "the range covers %ld months; at most %d (10 years)", months,
                                       LT_DASH_MAX_MONTHS));
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "The range is not valid.", errors);
    snprintf(d->from, sizeof d->from, "%04d-%02d-01", fy, fm);
    snprintf(d->to, sizeof d->to, "%04d-%02d-%02d", ty, tm, days_in(ty, tm));
    d->nmonths = (size_t)months;
    d->months = lt_arena_calloc(req->arena, d->nmonths, sizeof *d->months);
    for (size_t i = 0; i < d->nmonths; i++) {
        int n = fy * 12 + (fm - 1) + (int)i;
        d->months[i] = lt_arena_printf(req->arena, "%04d-%02d", n / 12, n % 12 + 1);
    }
    return 0;
}

static bool is_slug(const char *s, size_t n)
{
    if (n == 0 || n > 64 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              (s[i] == '-' && s[i + 1] != '-')))
            return false;
    return true;
}

/* ?regions=: which rows the answer shows. Nothing is read before this passed. */
static int read_regions(lt_req *req, lt_resp *resp, lt_dash *d)
{
    const char *list = lt_req_query(req, "regions");
    bool *named = lt_arena_calloc(req->arena, d->nregions, sizeof *named);
    json_t *errors = NULL, *foreign = NULL;
    for (const char *p = list; p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *slug = lt_arena_strndup(req->arena, p, n);
        p = comma ? comma + 1 : NULL;
        size_t i = 0;
        while (i < d->nregions && strcmp(d->regions[i].slug, slug) != 0)
            i++;
        if (!is_slug(slug, n))
            lt_field_error(&errors, "regions", "names something that is not a region's slug");
        else if (i == d->nregions)
            lt_field_error(&errors, "regions",
                           lt_arena_printf(req->arena, "there is no region \"%s\"", slug));
        else if (named[i])
            lt_field_error(&errors, "regions",
                           lt_arena_printf(req->arena, "names \"%s\" twice", slug));
        else if (!d->fai && !d->regions[i].own)
            lt_field_error(&foreign, "regions",
                           lt_arena_printf(req->arena,
                                           "\"%s\" is not one of your regions: the other regions"
                                           " are only in the state-wide figures",
                                           slug));
        else
            named[i] = true;
    }
    if (errors) {
        json_decref(foreign);
        return lt_problem(resp, req, LT_E_BAD_QUERY, "The regions are not valid.", errors);
    }
    if (foreign)
        return lt_problem(resp, req, LT_E_FORBIDDEN,
                          "A region's own figures are for its members; ask for your own"
                          " regions, or for none.",
                          foreign);
    lt_buf b;
    lt_buf_init(&b, req->arena);
    lt_buf_puts(&b, "{");
    for (size_t i = 0, n = 0; i < d->nregions; i++) {
        lt_dash_region *g = &d->regions[i];
        g->shown = (d->fai || g->own) && (list ? named[i] : true);
        if (d->fai || g->own)
            lt_buf_printf(&b, "%s%d", n++ ? "," : "", g->id);
    }
    lt_buf_puts(&b, "}");
    d->readable = b.data;
    return 0;
}

int lt_dash_begin(lt_req *req, lt_resp *resp, const char *name, bool report, lt_dash *d)
{
    memset(d, 0, sizeof *d);
    d->req = req;
    d->name = name;
    d->k = req->app->cfg->sdc_k;
    d->fai = req->who->roles & (LT_ROLE_FAI_STAFF | LT_ROLE_FAI_LEAD);
    d->figures = owned(req->arena, json_object());
    d->definitions = owned(req->arena, json_object());
    int status = read_format(req, resp, report, d);
    if (status)
        return status;
    d->asked_from = lt_req_query(req, "from");
    d->asked_to = lt_req_query(req, "to");
    json_t *errors = NULL;
    if (d->asked_from && !lt_is_date(d->asked_from))
        lt_field_error(&errors, "from", "must be a date as YYYY-MM-DD");
    if (d->asked_to && !lt_is_date(d->asked_to))
        lt_field_error(&errors, "to", "must be a date as YYYY-MM-DD");
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "The range is not valid.", errors);
    if ((status = load_regions(req, resp, d)) || (status = read_range(req, resp, d)))
        return status;
    return read_regions(req, resp, d);
}

lt_db_status lt_dash_read(lt_dash *d, const char *sql, int nparams, PGresult **res)
{
    const char *params[] = {d->readable, d->from, d->to};
    return lt_db_exec(d->req->app->db, d->req->arena, res, sql, nparams, params);
}

const char lt_dash_others_sql[] = "SELECT to_char(o.month, 'YYYY-MM'), o.dim, o.key, o.n, o.regions"
                                  " FROM lotse.dashboard_others($1, $2::date, $3::date) o";

lt_db_status lt_dash_read_others(lt_dash *d, const char *source, PGresult **res)
{
    *res = NULL;
    if (d->fai)
        return LT_DB_OK;
    const char *params[] = {source, d->from, d->to};
    return lt_db_exec(d->req->app->db, d->req->arena, res, lt_dash_others_sql, 3, params);
}

void lt_dash_again(lt_dash *d, const lt_dash *from, const char *name)
{
    *d = *from;
    d->name = name;
    d->figures = owned(from->req->arena, json_object());
    d->definitions = owned(from->req->arena, json_object());
    d->grids = NULL;
    d->ngrids = d->grids_cap = 0;
    d->links = NULL;
    d->nlinks = d->links_cap = 0;
}

int lt_dash_region_index(const lt_dash *d, int region_id)
{
    for (size_t i = 0; i < d->nregions; i++)
        if (d->regions[i].id == region_id)
            return (int)i;
    return -1;
}

void lt_dash_put(lt_dash *d, const char *figure, json_t *value)
{
    json_object_set_new(d->figures, figure, value);
}

void lt_dash_define(lt_dash *d, const char *figure, const char *text)
{
    json_object_set_new(d->definitions, figure, json_string(text));
}

json_t *lt_dash_count(bool shown, long n)
{
    return shown ? json_integer(n) : json_pack("{s:b}", "suppressed", 1);
}

json_t *lt_dash_ratio(bool shown, long a, long b)
{
    if (!shown)
        return json_pack("{s:b}", "suppressed", 1);
    if (b <= 0)
        return json_null();
    long long q = ((long long)a * 20000 + b) / (2LL * b); /* a/b to 4 places, rounded */
    return json_real((double)q / 10000.0);
}

/* ---- the answer ---- */

static json_t *answer_json(lt_dash *d)
{
    json_t *months = json_array(), *regions = json_array();
    for (size_t i = 0; i < d->nmonths; i++)
        json_array_append_new(months, json_string(d->months[i]));
    for (size_t i = 0; i < d->nregions; i++)
        if (d->regions[i].shown)
            json_array_append_new(regions, json_pack("{s:s, s:s}", "slug", d->regions[i].slug,
                                                     "name", d->regions[i].name));
    return json_pack(
        "{s:s, s:s, s:{s:s, s:s, s:s?, s:s?, s:o}, s:o, s:{s:s, s:b, s:s?, s:s},"
        " s:{s:I, s:{s:b}, s:s}, s:O, s:O}",
        "dashboard", d->name, "scope", d->fai ? "all_regions" : "own_regions", "range", "from",
        d->from, "to", d->to, "asked_from", d->asked_from, "asked_to", d->asked_to, "months",
        months, "regions", regions, "freshness", "as_of", d->as_of, "current", 1,
        "rollups_rebuilt_at", d->rebuilt_at, "note",
        "Every figure is kept in the same transaction as each write it counts: the answer"
        " holds everything committed before as_of.",
        "protection", "k", (json_int_t)d->k, "marker", "suppressed", 1, "rule",
        d->fai ? "Counts of companies or people from 1 to k-1 are suppressed in every region and"
                 " in the state, and so are the figures they could be worked out from."
               : "Your own regions are shown in full. In the state-wide figures, the sums of the"
                 " other regions are protected: counts of companies or people from 1 to k-1 are"
                 " suppressed, and so are the figures they could be worked out from.",
        "definitions", d->definitions, "figures", d->figures);
}

/* One CSV record of the flat table. */
static void csv_record(lt_buf *out, lt_csv_dialect dialect, const char *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            lt_buf_append(out, dialect == LT_CSV_EXCEL ? ";" : ",", 1);
        lt_csv_field(out, dialect, fields[i], strlen(fields[i]));
    }
    lt_buf_append(out, "\r\n", 2);
}

/* The text of a value in the flat table; NULL for one that has none. */
static const char *csv_value(lt_arena *a, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_INTEGER:
        return lt_arena_printf(a, "%lld", (long long)json_integer_value(v));
    case JSON_REAL:
        return lt_arena_printf(a, "%.6g", json_real_value(v));
    case JSON_STRING:
        return json_string_value(v);
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    case JSON_NULL:
        return "";
    case JSON_OBJECT:
        return json_is_true(json_object_get(v, "suppressed")) ? "s" : NULL;
    default:
        return NULL;
    }
}

static void csv_part(lt_dash *d, lt_buf *out, const char *figure, const char *scope, json_t *keys,
                     json_t *part)
{
    const char *region = json_string_value(json_object_get(part, "region"));
    const char *row = json_string_value(json_object_get(part, "label"));
    json_t *values = json_object_get(part, "values"), *v;
    size_t i;
    const char *key;
    json_array_foreach(values, i, v)
    {
        const char *text = csv_value(d->req->arena, v);
        const char *f[] = {figure,
                           scope,
                           region ? region : "",
                           row ? row : "",
                           json_string_value(json_array_get(keys, i)),
                           text};
        if (text && f[4])
            csv_record(out, d->dialect, f, 6);
    }
    json_object_foreach(part, key, v)
    {
        if (!strcmp(key, "region") || !strcmp(key, "name") || !strcmp(key, "label") ||
            !strcmp(key, "values"))
            continue;
        const char *text = csv_value(d->req->arena, v);
        const char *f[] = {figure, scope, region ? region : "", row ? row : "", key, text};
        if (text)
            csv_record(out, d->dialect, f, 6);
    }
}

static int answer_csv(lt_dash *d, lt_resp *resp)
{
    static const lt_csv_column header[] = {{"figure", ""}, {"scope", ""}, {"region", ""},
                                           {"row", ""},    {"key", ""},   {"value", ""}};
    lt_buf *out = &resp->body;
    lt_csv_header(out, d->dialect, header, sizeof header / sizeof header[0]);
    const char *figure;
    json_t *fig;
    json_object_foreach(d->figures, figure, fig)
    {
        json_t *keys = json_object_get(fig, "keys"), *part;
        size_t i;
        json_array_foreach(json_object_get(fig, "rows"), i, part)
        {
            bool region = json_object_get(part, "region") != NULL;
            csv_part(d, out, figure, region ? "region" : "row", keys, part);
        }
        /* further lists of labelled parts (the library's network: nodes, edges) */
        const char *member;
        json_t *list;
        json_object_foreach(fig, member, list)
        {
            if (!json_is_array(list) || !strcmp(member, "rows") || !strcmp(member, "keys") ||
                !strcmp(member, "protected"))
                continue;
            json_array_foreach(list, i, part) if (json_is_object(part))
                csv_part(d, out, figure, member, keys, part);
        }
        if ((part = json_object_get(fig, "selected")))
            csv_part(d, out, figure, "selected", keys, part);
        if ((part = json_object_get(fig, "state")))
            csv_part(d, out, figure, "state", keys, part);
    }
    resp->status = 200;
    resp->content_type = "text/csv; charset=utf-8; header=present";
    lt_resp_header(resp, "Content-Disposition",
                   lt_arena_printf(d->req->arena,
                                   "attachment; filename=\"dashboard-%s-%.7s-%.7s.csv\"", d->name,
                                   d->from, d->to));
    return 200;
}

int lt_dash_finish(lt_dash *d, lt_resp *resp)
{
    if (d->format == LT_DASH_CSV)
        return answer_csv(d, resp);
    return lt_resp_json(resp, 200, answer_json(d));
}
