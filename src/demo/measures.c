/*
 * measures.c - progress on the two-year plans: a status and dated notes for
 * each of the six measures every region started with (sql/0005), and a few
 * measures of the region's own.
 *
 * The further the agreement term (1 October 2025 to 30 September 2027, as
 * sql/0005 plans the six) has run by the last day, the more is done; some
 * measures are dropped. A measure's last note is its last change: the status
 * the demo sets carries the time of that note as updated_at, which is how the
 * removal recognises a measure nobody has changed since (src/cli/demo_data.c).
 */
#include "demo_internal.h"
#include "lotse/codes.h"

#include <stdlib.h>
#include <string.h>

#define MAX_NOTES 6

typedef struct measure_plan {
    const char *status;
    int n_notes;
    int32_t days[MAX_NOTES];
} measure_plan;

static int compare_days(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static void plan_measure(const lt_demo *d, const demo_region_plan *g, uint64_t index, int32_t from,
                         int32_t to, measure_plan *mp)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_MEASURE, index);
    int32_t until = d->p.until;
    long elapsed = to > from ? 1000L * (until - from) / (to - from) : 1000;
    elapsed = elapsed < 0 ? 0 : elapsed > 1000 ? 1000 : elapsed;
    unsigned done = (unsigned)(500 * elapsed / 1000), dropped = 80;
    unsigned planned = (unsigned)(400 * (1000 - elapsed) / 1000);
    /* in the order of lt_measure_statuses */
    unsigned weights[LT_MEASURE_STATUS_COUNT] = {planned, 1000 - done - dropped - planned, done,
                                                 dropped};
    size_t s = until < from ? 0 : lt_rand_weighted(&r, weights, LT_MEASURE_STATUS_COUNT);
    mp->status = lt_measure_statuses[s];
    static const int least[4] = {1, 2, 3, 1}, most[4] = {1, 5, 6, 2};
    mp->n_notes = least[s] + (int)lt_rand_below(&r, (uint64_t)(most[s] - least[s] + 1));
    int32_t lo = from > d->first ? from : d->first;
    if (lo > until)
        lo = until - 30 > d->first ? until - 30 : d->first;
    for (int i = 0; i < mp->n_notes; i++)
        mp->days[i] = lo + (int32_t)lt_rand_below(&r, (uint64_t)(until - lo) + 1);
    qsort(mp->days, (size_t)mp->n_notes, sizeof mp->days[0], compare_days);
}

/* The planned period of the region's own measure i. */
static void own_period(const lt_demo *d, const demo_region_plan *g, int i, int32_t *from,
                       int32_t *to)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_MEASURE, 2000 + (uint64_t)i);
    long room = d->n_days / 2 < 180 ? d->n_days / 2 : 180;
    *from = d->first + (int32_t)lt_rand_below(&r, (uint64_t)room + 1);
    *to = *from + 180 + (int32_t)lt_rand_below(&r, 361);
}

/* The time of a measure's note n: in the afternoon, in the order written. */
static int32_t note_seconds(int n)
{
    return 50400 + n * 60;
}

void demo_write_measures(lt_demo *d, demo_out *o, lt_demo_table t)
{
    int32_t term_from = demo_days_from_civil(2025, 10, 1);
    int32_t term_to = demo_days_from_civil(2027, 9, 30);
    for (size_t k = 0; k < d->n_plans; k++) {
        const demo_region_plan *g = &d->plans[k];
        long serial = 0;
        size_t n_seeded = g->region->n_measures;
        for (size_t m = 0; m < n_seeded + (size_t)g->n_measures; m++) {
            bool seeded = m < n_seeded;
            int own = (int)(m - n_seeded);
            int32_t from = term_from, to = term_to;
            const char *category;
            demo_id own_id;
            if (seeded) {
                category = g->region->measures[m].category;
            } else {
                own_period(d, g, own, &from, &to);
                category = demo_measure_texts[g->measure_texts[own]].category;
                demo_id_make(&own_id, g->key, DK_MEASURE, (uint64_t)own);
            }
            const char *id = seeded ? g->region->measures[m].id : own_id.s;
            measure_plan mp;
            plan_measure(d, g, seeded ? m : 100 + (uint64_t)own, from, to, &mp);
            int32_t last = mp.days[mp.n_notes - 1];

            if (t == LT_DEMO_MEASURE_STATUS && seeded) {
                demo_out_int(o, g->region->id);
                demo_out_text(o, id);
                demo_out_text(o, mp.status);
                demo_out_ts(o, last, note_seconds(mp.n_notes - 1));
                demo_out_row_end(o);
            } else if (t == LT_DEMO_MEASURES && !seeded) {
                const demo_measure_text *mt = &demo_measure_texts[g->measure_texts[own]];
                int32_t created = from - 14 > d->first ? from - 14 : d->first;
                demo_out_int(o, g->region->id);
                demo_out_text(o, id);
                demo_out_text(o, mt->title);
                demo_out_text(o, mt->category);
                demo_out_text(o, mt->description);
                demo_out_date(o, from);
                demo_out_date(o, to);
                demo_out_text(o, g->region->name);
                demo_out_text(o, mp.status);
                demo_out_ts(o, created < last ? created : last, 32400);
                demo_out_ts(o, last, note_seconds(mp.n_notes - 1));
                demo_out_row_end(o);
            } else if (t == LT_DEMO_MEASURE_PROGRESS) {
                lt_rand r;
                demo_rand(&r, g->key, ST_MEASURE, 3000 + m);
                for (int n = 0; n < mp.n_notes; n++, serial++) {
                    demo_id note;
                    demo_id_make(&note, g->key, DK_PROGRESS, (uint64_t)serial);
                    demo_out_int(o, g->region->id);
                    demo_out_id(o, &note);
                    demo_out_text(o, id);
                    demo_out_date(o, mp.days[n]);
                    demo_out_text(o,
                                  demo_progress_note(&r, category, mp.status, n == mp.n_notes - 1));
                    demo_out_null(o);
                    demo_out_ts(o, mp.days[n], note_seconds(n));
                    demo_out_row_end(o);
                }
            }
        }
    }
}
