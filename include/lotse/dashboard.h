/*
 * dashboard.h - what the dashboards share (docs/dashboards.md): the range, the
 * regions and the format of a request, who sees what, the figures with their
 * definitions, disclosure control of counts of companies and people (sdc.h),
 * and the answer as JSON or as one flat CSV table.
 *
 * Who sees what. FAI staff and leadership see every region: each figure is
 * one table of all 16 regions (or one state-wide table), protected as a whole
 * once, whichever regions were asked for, so that two requests for different
 * regions cannot be subtracted from each other; the rows of the regions asked
 * for are shown, with their sums where those follow from shown figures. A
 * member of a region (coordinator or viewer) sees their own regions in full and
 * the state as their own figures plus the sums of every other region, and only
 * those sums are protected: subtracting their own figures from the state gives
 * them exactly the protected sums, nothing more.
 *
 * A dashboard handler: lt_dash_begin (checks everything, before any figure is
 * read), then grids filled from the rollups (lt_dash_add, lt_dash_add_others,
 * lt_dash_matrix_add), then lt_dash_protect, lt_dash_emit, extras on the
 * emitted parts (lt_dash_part), lt_dash_finish.
 * Everything lives in the request arena; jansson values are released with it.
 */
#ifndef LOTSE_DASHBOARD_H
#define LOTSE_DASHBOARD_H

#include "lotse/csv.h"
#include "lotse/db.h"
#include "lotse/http.h"
#include "lotse/sdc.h"
#include "lotse/strindex.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum { LT_DASH_MAX_MONTHS = 120 };

typedef enum lt_dash_format {
    LT_DASH_JSON,
    LT_DASH_CSV,
    LT_DASH_HTML,
    LT_DASH_MARKDOWN,
} lt_dash_format;

typedef struct lt_dash_region {
    int id;
    const char *slug, *name;
    bool own;   /* a region of the caller's (member view) */
    bool shown; /* a row of the answer */
} lt_dash_region;

struct lt_dash_grid;

typedef struct lt_dash {
    lt_req *req;
    const char *name;      /* "inquiries" */
    bool fai;              /* FAI staff or leadership: every region, all protected */
    long k;                /* cfg sdc_k */
    char from[11], to[11]; /* the applied range: whole months */
    const char *asked_from, *asked_to;
    size_t nmonths;
    const char **months; /* "YYYY-MM", from first to last */
    size_t nregions;     /* every region, by slug */
    lt_dash_region *regions;
    const char *readable;     /* "{..}" the regions whose own rows the caller reads */
    const char *today;        /* German date */
    const char *as_of;        /* when the answer was read (UTC, ISO 8601) */
    const char *as_of_berlin; /* the same in German time, YYYY-MM-DDTHH:MM */
    const char *rebuilt_at;
    lt_dash_format format;
    lt_csv_dialect dialect;
    json_t *figures;     /* name -> figure, in order */
    json_t *definitions; /* name -> what the figure counts, in words */
    struct lt_dash_grid **grids;
    size_t ngrids, grids_cap;
    const char **links; /* link names; a cell's link id is its index + 1 */
    size_t nlinks, links_cap;
} lt_dash;

/*
 * Reads ?from=, ?to=, ?regions= and ?format= (json, csv, csv-excel; or html,
 * markdown when report is true) and who the caller is, and loads the regions.
 * Every refusal is a problem answered here: 400 naming the field (a date that
 * is none, from after to, more than LT_DASH_MAX_MONTHS months, a region that
 * does not exist or is named twice, an unknown format), 403 for a member who
 * names a region that is not theirs. Returns 0 or the status written.
 */
int lt_dash_begin(lt_req *req, lt_resp *resp, const char *name, bool report, lt_dash *d);

/* Runs a dashboard statement with its first nparams of $1 the readable regions
 * (d->readable), $2 and $3 the applied range; the result lives in the arena. */
lt_db_status lt_dash_read(lt_dash *d, const char *sql, int nparams, PGresult **res);

/* The other regions' sums of a source of lotse.dashboard_others() (member view):
 * rows of month ("YYYY-MM" or NULL), dim, key, n, regions. In the FAI view there
 * are none and *res is NULL (PQntuples gives 0). */
lt_db_status lt_dash_read_others(lt_dash *d, const char *source, PGresult **res);
extern const char lt_dash_others_sql[];

/* Starts d as another dashboard over the range, regions and view of from (no
 * figures yet): the policy report reads several with one set of checks. */
void lt_dash_again(lt_dash *d, const lt_dash *from, const char *name);

/* ---- grids: the counts of one figure ---- */

enum { LT_DASH_SELECTED = -1, LT_DASH_STATE = -2 };

typedef struct lt_dash_grid {
    const char *figure, *unit;
    bool people;    /* counts of companies or people: protected */
    bool by_region; /* rows are regions; else a state-wide matrix of labelled rows */
    size_t nrows;   /* regions: d->nregions; matrix: its labels */
    size_t nkeys;
    const char **keys;
    const char **labels; /* matrix rows */
    lt_strindex key_index, label_index;
    long *mine;   /* [nrows][nkeys]: what the caller reads in full (FAI: the state) */
    long *others; /* member view: [nrows][nkeys] for a matrix, [nkeys] by region */
    const char *row_link, *col_link;
    lt_sdc_table table; /* FAI: mine; member: others (1 row by region) */
    json_t **row_json;  /* the emitted part of each row (NULL: not shown) */
    json_t *selected_json, *state_json;
} lt_dash_grid;

/* A figure of counts per region and key. Its keys are copied. */
lt_dash_grid *lt_dash_region_grid(lt_dash *d, const char *figure, const char *unit, bool people,
                                  size_t nkeys, const char *const *keys);
/* A state-wide figure of nrows labelled rows and nkeys keys. */
lt_dash_grid *lt_dash_matrix(lt_dash *d, const char *figure, const char *unit, bool people,
                             size_t nrows, const char *const *labels, size_t nkeys,
                             const char *const *keys);
/* Figures that other grids publish too: the row totals (row_link) or the column
 * totals (col_link) carry "<link>:<row or key>", the grand total "<link>:grand". */
void lt_dash_link(lt_dash_grid *g, const char *row_link, const char *col_link);

/* Adds n to a readable region's count of key (unknown region or key: ignored). */
void lt_dash_add(lt_dash *d, lt_dash_grid *g, int region_id, const char *key, long n);
/* Adds n to the other regions' sum of key (member view). */
void lt_dash_add_others(lt_dash_grid *g, const char *key, long n);
/* Adds n to row label, key of a matrix: the caller's own part, or the others'. */
void lt_dash_matrix_add(lt_dash_grid *g, const char *label, const char *key, long n, bool others);

/* The grid of a figure, or NULL. */
lt_dash_grid *lt_dash_find(const lt_dash *d, const char *figure);

/* Protects every grid of counts of companies or people together. 0, or the
 * status of the 500 problem written (linked figures that disagree: a bug). */
int lt_dash_protect(lt_dash *d, lt_resp *resp);

/* Writes every grid into d->figures (rows shown, selected sums, the state). */
void lt_dash_emit(lt_dash *d);

/*
 * The value of a figure where it is shown: part is a region's index (by
 * region), a row's index (matrix), LT_DASH_SELECTED or LT_DASH_STATE; key an
 * index, or nkeys for the total. False when it is hidden.
 */
bool lt_dash_value(const lt_dash *d, const lt_dash_grid *g, int part, size_t key, long *out);
/* The emitted JSON object of that part (NULL when not shown); extras go there. */
json_t *lt_dash_part(const lt_dash_grid *g, int part);

/* A shown count as JSON, or the marker {"suppressed": true}. */
json_t *lt_dash_count(bool shown, long n);
/* a / b rounded to 4 places, or the marker when either is hidden; null when b is 0. */
json_t *lt_dash_ratio(bool shown, long a, long b);

/* Puts a figure built by hand (same shape as the emitted ones) and defines it. */
void lt_dash_put(lt_dash *d, const char *figure, json_t *value);
/* What a figure counts, from which records, which date decides its month. */
void lt_dash_define(lt_dash *d, const char *figure, const char *text);

/*
 * Answers 200: JSON (dashboard, scope, range, regions, freshness, protection,
 * definitions, figures) or CSV (one row per value: figure, scope, region, row,
 * key, value; a hidden count is "s"). Returns the status.
 */
int lt_dash_finish(lt_dash *d, lt_resp *resp);

/* ---- the dashboards ---- */

/* Each fills d with its figures (after lt_dash_begin); the policy report reuses
 * them, so its figures are protected exactly like the dashboards'. 0 or the
 * status of the problem written. */
int lt_dash_inquiries(lt_dash *d, lt_resp *resp);
int lt_dash_activities(lt_dash *d, lt_resp *resp);
int lt_dash_measures(lt_dash *d, lt_resp *resp);
int lt_dash_obstacles(lt_dash *d, lt_resp *resp);
int lt_dash_bulletins(lt_dash *d, lt_resp *resp);
int lt_dash_agreements(lt_dash *d, lt_resp *resp);
int lt_dash_library(lt_dash *d, lt_resp *resp);

/* Their statements, NULL-terminated, for the test of their plans: parameters
 * as lt_dash_read gives them. */
extern const char *const lt_dash_inquiries_sql[];
extern const char *const lt_dash_activities_sql[];
extern const char *const lt_dash_measures_sql[];
extern const char *const lt_dash_obstacles_sql[];
extern const char *const lt_dash_bulletins_sql[];
extern const char *const lt_dash_agreements_sql[];
extern const char *const lt_dash_library_sql[];
/* The policy report's own statement: $1 and $2 the range. */
extern const char *const lt_dash_report_sql[];

/* The index of a region id in d->regions, or -1. */
int lt_dash_region_index(const lt_dash *d, int region_id);

#endif
