/*
 * demo.h - synthetic, reproducible records for all regions: what
 * `lotse demo-data` loads (src/cli/demo_data.c, docs/demo-data.md).
 *
 * The generator (src/demo/) knows nothing of the database: given the regions,
 * a seed, a scale and the last day of the data, it writes each table's rows in
 * PostgreSQL's COPY text format to a callback. The same input gives the same
 * bytes, every run and every build - identifiers included, as every uuid is
 * drawn from the seeded generator too.
 *
 * Every record it makes carries an id of the demo range: a uuid whose first
 * three bytes are de da 7a and whose version nibble is 8 ("custom", RFC 9562).
 * gen_random_uuid() only makes version 4, so no record the product makes can
 * fall in that range; that is how `--replace` and `--remove` find the demo
 * records, and only them. (The process library keys its records otherwise:
 * see lt_demo_table.)
 *
 * Memory: lt_demo_create allocates the small per-region plans (offers,
 * obstacles, activity dates, the library's records, ...); the large tables
 * (companies, inquiries) are generated row by row as they are written, so
 * memory does not grow with the scale beyond a few bytes per activity (and a
 * few hundred process records). One lt_demo per thread.
 */
#ifndef LOTSE_DEMO_H
#define LOTSE_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes into out (LT_DEMO_ID_SQL_MAX bytes) an SQL condition true exactly
 * when the uuid column `column` (a trusted identifier, never input) holds a
 * demo id; usable by a btree index on the column (a range) and then exact. */
#define LT_DEMO_ID_SQL_MAX 256
void lt_demo_id_sql(char *out, const char *column);
/* True when the uuid text (36 characters, lower case) is in the demo range. */
bool lt_demo_id_is_demo(const char *uuid);

/* A measure every region started with (sql/0005) and nobody has touched yet:
 * the demo gives it a status and progress notes. */
typedef struct lt_demo_measure {
    char id[37];
    const char *category; /* one of measures.category */
} lt_demo_measure;

typedef struct lt_demo_region {
    int id;           /* lotse.regions.id */
    const char *slug; /* seeds the region's streams: ids do not depend on id */
    const char *name;
    const char *const *areas; /* lotse.regions.areas: the companies' locations */
    size_t n_areas;
    const lt_demo_measure *measures;
    size_t n_measures;
} lt_demo_region;

/* A published version of the library that is not demo data (the FAI's
 * seeded processes): the demo regions adopt, adapt and rate it too, but not
 * where a region has done so already. */
typedef struct lt_demo_library {
    const char *record;    /* its process.json, as lotse.process_record answers it */
    const int *adopted_by; /* lotse.regions.id of the regions that adopted the process */
    size_t n_adopted_by;
    const int *rated_by; /* ... and of those that rated this version */
    size_t n_rated_by;
} lt_demo_library;

typedef struct lt_demo_params {
    uint64_t seed;
    double scale;  /* 1: about one year of 2,000 inquiries per region; > 0 */
    int32_t until; /* the last day of the data, in days since 1970-01-01 */
    /* May be none; a record the format refuses (lt_process_check) or that is
     * not published is left out. */
    const lt_demo_library *library;
    size_t n_library;
    /* Process keys "demo-..." that are taken by processes that are not demo
     * data (someone chose one by hand): the demo's keys avoid them. */
    const char *const *taken_keys;
    size_t n_taken_keys;
} lt_demo_params;

/* The tables, in an order that satisfies every foreign key. Two are not
 * product tables as they are written:
 *   - LT_DEMO_PROCESS_VERSIONS holds one row per version of a demo process
 *     (columns region_id, key, version, record, created_by, created_at,
 *     submitted_at, approved_at, deactivated_at, updated_at), record being the
 *     whole process.json; the caller creates the process and its draft from
 *     the record and takes each version along its lifecycle to the record's
 *     status (src/cli/demo_library.c);
 *   - LT_DEMO_MEASURE_STATUS, the last, is the new status of each
 *     lt_demo_measure, which the caller applies with an UPDATE (columns
 *     region_id, id, status, updated_at).
 *
 * Demo processes are recognised by their key, which starts with "demo-", and
 * their created_by, a demo id; feedback (which has no id) by its updated_by,
 * a demo id too. */
typedef enum lt_demo_table {
    LT_DEMO_BULLETINS,
    LT_DEMO_BULLETIN_READS,
    LT_DEMO_CONTACTS,
    LT_DEMO_OFFERS,
    LT_DEMO_COMPANIES,
    LT_DEMO_OBSTACLES,
    LT_DEMO_INQUIRIES,
    LT_DEMO_INQUIRY_OBSTACLES,
    LT_DEMO_ACTIVITIES,
    LT_DEMO_NOTICES,
    LT_DEMO_COST_SPLITS,
    LT_DEMO_PARTICIPANTS,
    LT_DEMO_MEASURES,
    LT_DEMO_MEASURE_PROGRESS,
    LT_DEMO_PROCESS_VERSIONS,
    LT_DEMO_PROCESS_ADOPTIONS,
    LT_DEMO_PROCESS_FEEDBACK,
    LT_DEMO_PROCESS_REVIEWS,
    LT_DEMO_MEASURE_STATUS,
    LT_DEMO_TABLES
} lt_demo_table;

/* "inquiries", "measure_status", ...: the table in schema lotse (but for
 * LT_DEMO_MEASURE_STATUS; LT_DEMO_PROCESS_VERSIONS is "process_versions").
 * Static strings. */
const char *lt_demo_table_name(lt_demo_table t);
/* The column list the rows are written in, e.g. "region_id, id, name". */
const char *lt_demo_table_columns(lt_demo_table t);

/* Receives whole rows: bytes holds `rows` complete lines of COPY text. Returns
 * false to stop the writing (the writer then returns -1). */
typedef bool (*lt_demo_emit)(void *ctx, const char *bytes, size_t len, long rows);

typedef struct lt_demo lt_demo;

/* The plan for these regions (the arrays must outlive it). NULL if params are
 * out of range (scale not in (0, LT_DEMO_SCALE_MAX], until before 2000). */
#define LT_DEMO_SCALE_MAX 1000.0
lt_demo *lt_demo_create(const lt_demo_params *params, const lt_demo_region *regions,
                        size_t n_regions);
void lt_demo_destroy(lt_demo *d);

/* Writes every row of table t, for every region; returns the number of rows,
 * or -1 when emit returned false. */
long long lt_demo_write(lt_demo *d, lt_demo_table t, lt_demo_emit emit, void *ctx);

/* The first day of the data (days since 1970-01-01) and the number of years it
 * spans: 1 up to scale 1, then more (5 at scale 100) - a larger scale is more
 * history as well as more activity per year. */
int32_t lt_demo_first_day(const lt_demo *d);
int lt_demo_years(double scale);

/* Days since 1970-01-01 of a valid YYYY-MM-DD, else false. */
bool lt_demo_parse_date(const char *text, int32_t *days);

#endif
