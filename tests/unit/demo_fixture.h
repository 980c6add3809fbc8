/*
 * demo_fixture.h - what the unit tests of the demo data generator share: three
 * regions with their seeded measures, a published process of the FAI, and a
 * table's rows as written, split into fields. Included by one test file each.
 */
#ifndef LOTSE_TEST_DEMO_FIXTURE_H
#define LOTSE_TEST_DEMO_FIXTURE_H

#include "demo_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_FIXTURE __attribute__((unused)) static

/* ------------------------------------------------------------ fixture */

DEMO_FIXTURE const char *const ruhr[] = {"Dortmund", "Hamm", "Kreis Unna"};
DEMO_FIXTURE const char *const maerk[] = {"Hagen", "Märkischer Kreis",
                                          "Ennepe-Ruhr-Kreis (ohne Witten, Hattingen)"};
DEMO_FIXTURE const char *const aachen[] = {"StädteRegion Aachen", "Kreis Düren"};
DEMO_FIXTURE const char *const categories[] = {"law_change_information", "exchange_formats",
                                               "information_material",   "events",
                                               "speaker_referrals",      "lighthouse_projects"};
DEMO_FIXTURE lt_demo_measure measures[3][6];
DEMO_FIXTURE lt_demo_region regions[3];

DEMO_FIXTURE void make_regions(void)
{
    const char *slugs[] = {"westfaelisches-ruhrgebiet", "maerkische-region", "aachen"};
    const char *names[] = {"Westfälisches Ruhrgebiet", "Märkische Region", "Region Aachen"};
    const char *const *areas[] = {ruhr, maerk, aachen};
    size_t n_areas[] = {3, 3, 2};
    for (int i = 0; i < 3; i++) {
        for (int m = 0; m < 6; m++) {
            memcpy(measures[i][m].id, "00000000-0000-4000-8000-000000000000", 37);
            measures[i][m].id[7] = (char)('0' + i);
            measures[i][m].id[35] = (char)('0' + m);
            measures[i][m].category = categories[m];
        }
        regions[i] = (lt_demo_region){.id = 10 + i,
                                      .slug = slugs[i],
                                      .name = names[i],
                                      .areas = areas[i],
                                      .n_areas = n_areas[i],
                                      .measures = measures[i],
                                      .n_measures = 6};
    }
}

DEMO_FIXTURE int32_t day(const char *text)
{
    int32_t d = 0;
    assert_true(lt_demo_parse_date(text, &d));
    return d;
}

/* A table's rows as written, split into fields. */
typedef struct table {
    char *bytes;
    size_t len, cap;
    long emitted_rows;
    char **field; /* rows * columns, pointers into bytes */
    long rows;
    int columns;
} table;

DEMO_FIXTURE bool capture(void *ctx, const char *bytes, size_t len, long rows)
{
    table *t = ctx;
    if (t->len + len + 1 > t->cap) {
        t->cap = (t->len + len + 1) * 2;
        t->bytes = realloc(t->bytes, t->cap);
        assert_non_null(t->bytes);
    }
    memcpy(t->bytes + t->len, bytes, len);
    t->len += len;
    t->bytes[t->len] = '\0';
    t->emitted_rows += rows;
    return true;
}

DEMO_FIXTURE void take(lt_demo *d, lt_demo_table which, table *t)
{
    memset(t, 0, sizeof *t);
    long long rows = lt_demo_write(d, which, capture, t);
    assert_true(rows >= 0);
    assert_int_equal(rows, t->emitted_rows);
    const char *cols = lt_demo_table_columns(which);
    t->columns = 1;
    for (const char *c = cols; *c; c++)
        t->columns += *c == ',';
    t->rows = (long)rows;
    t->field = calloc((size_t)(t->rows * t->columns + 1), sizeof *t->field);
    char *p = t->bytes;
    for (long r = 0; r < t->rows; r++) {
        for (int c = 0; c < t->columns; c++) {
            t->field[r * t->columns + c] = p;
            size_t n = strcspn(p, c + 1 < t->columns ? "\t\n" : "\n");
            assert_int_equal(p[n], c + 1 < t->columns ? '\t' : '\n'); /* the column count */
            p[n] = '\0';
            p += n + 1;
        }
    }
    assert_true(p == t->bytes + t->len);
}

DEMO_FIXTURE const char *at(const table *t, long row, int column)
{
    return t->field[row * t->columns + column];
}

DEMO_FIXTURE void drop(table *t)
{
    free(t->bytes);
    free(t->field);
}

/* A published process of the FAI, as lotse.process_record answers one: the
 * regions adopt, adapt and rate it too. */
DEMO_FIXTURE const char *const fai_record =
    "{\"format\": \"lotse-process/1\", \"key\": \"fachkraft-fai\", \"version\": 1,"
    " \"name\": \"Fachkraft aus einem Drittstaat\", \"description\": \"Musterprozess der FAI.\","
    " \"target_groups\": [\"skilled_workers\"], \"level\": \"reference\","
    " \"legal_basis\": [\"§ 81a AufenthG\"], \"valid_from\": \"2025-11-03\", \"valid_to\": null,"
    " \"owner\": {\"kind\": \"fai\", \"region\": null,"
    " \"name\": \"NRW Fachkräfteagentur International\"},"
    " \"authors\": [{\"name\": \"Redaktion Musterprozesse\","
    " \"organisation\": \"NRW Fachkräfteagentur International\"}],"
    " \"licence\": \"CC-BY-4.0\", \"tags\": [\"Visum\"], \"status\": \"approved\","
    " \"published_at\": \"2025-11-03T09:00:00Z\", \"adapted_from\": null, \"steps\": ["
    " {\"id\": \"vertrag\", \"phase\": \"recruitment\", \"title\": \"Arbeitsvertrag\","
    " \"description\": \"\", \"actor\": \"employer\", \"duration_days\": 14, \"documents\": [],"
    " \"checklist\": [], \"links\": [], \"predecessors\": []},"
    " {\"id\": \"visum\", \"phase\": \"visa_and_entry\", \"title\": \"Visum\","
    " \"description\": \"\", \"actor\": \"foreign_mission\", \"duration_days\": null,"
    " \"documents\": [], \"checklist\": [], \"links\": [], \"predecessors\": [\"vertrag\"]},"
    " {\"id\": \"anmeldung\", \"phase\": \"arrival\", \"title\": \"Anmeldung\","
    " \"description\": \"\", \"actor\": \"municipality\", \"duration_days\": 14,"
    " \"documents\": [], \"checklist\": [], \"links\": [], \"predecessors\": [\"visum\"]}]}";

DEMO_FIXTURE lt_demo *create(uint64_t seed, double scale)
{
    lt_demo_library library[] = {{.record = fai_record}};
    lt_demo_params p = {.seed = seed,
                        .scale = scale,
                        .until = day("2026-09-30"),
                        .library = library,
                        .n_library = 1};
    lt_demo *d = lt_demo_create(&p, regions, 3);
    assert_non_null(d);
    return d;
}

#endif
