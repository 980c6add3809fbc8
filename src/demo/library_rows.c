/*
 * library_rows.c - the rows of the process library's demo records as the
 * plan of library.c has them: one row per version of a demo process (the
 * record and the dates of its lifecycle, which src/cli/demo_library.c turns
 * into a process, its steps and the moves through review), the adoptions,
 * the feedback, and the review entries FAI staff and leadership wrote on the
 * way: comments while a version was in review, the reason it was returned,
 * its approval, publication and deactivation.
 */
#include "demo_internal.h"

#include <stdio.h>

#define DAY 86400

static void out_moment(demo_out *o, int64_t t)
{
    if (t == 0)
        demo_out_null(o);
    else
        demo_out_ts(o, (int32_t)(t / DAY), (int32_t)(t % DAY));
}

static void write_versions(lt_demo *d, demo_out *o)
{
    for (int i = 0; i < d->n_processes; i++) {
        const demo_process *p = &d->processes[i];
        if (p->owner < 0)
            continue;
        for (int n = 0; n < p->n_versions; n++) {
            const demo_process_version *v = &p->v[n];
            demo_out_int(o, d->plans[p->owner].region->id);
            demo_out_text(o, p->key);
            demo_out_int(o, v->number);
            demo_out_text(o, v->record);
            demo_out_id(o, &p->creator);
            out_moment(o, v->created);
            out_moment(o, v->submitted);
            out_moment(o, v->approved);
            out_moment(o, v->deactivated);
            out_moment(o, v->updated);
            demo_out_row_end(o);
        }
    }
}

static void write_adoptions(lt_demo *d, demo_out *o)
{
    for (int a = 0; a < d->n_adoptions; a++) {
        const demo_adoption *ad = &d->adoptions[a];
        const demo_region_plan *g = &d->plans[ad->region];
        const demo_process *p = &d->processes[ad->process];
        demo_id id;
        demo_id_make(&id, g->key, DK_ADOPTION, (uint64_t)ad->serial);
        demo_out_int(o, g->region->id);
        demo_out_id(o, &id);
        demo_out_text(o, p->key);
        demo_out_int(o, p->v[ad->version].number);
        demo_out_text(o, ad->adapted >= 0 ? "adapt" : "as_is");
        if (ad->adapted >= 0)
            demo_out_text(o, d->processes[ad->adapted].key);
        else
            demo_out_null(o);
        out_moment(o, ad->at);
        demo_out_row_end(o);
    }
}

static void write_feedback(lt_demo *d, demo_out *o)
{
    for (int i = 0; i < d->n_feedback; i++) {
        const demo_feedback *f = &d->feedback[i];
        const demo_region_plan *g = &d->plans[f->region];
        const demo_process *p = &d->processes[f->process];
        demo_id by;
        demo_id_make(&by, g->key, DK_FEEDBACK, (uint64_t)f->serial);
        demo_out_int(o, g->region->id);
        demo_out_text(o, p->key);
        demo_out_int(o, p->v[f->version].number);
        demo_out_int(o, f->rating);
        demo_out_text(o, f->comment);
        demo_out_int(o, f->revision);
        out_moment(o, f->created);
        out_moment(o, f->updated);
        demo_out_id(o, &by);
        demo_out_row_end(o);
    }
}

typedef struct review_writer {
    demo_out *o;
    const demo_region_plan *g;
    const demo_process *p;
    int version;
    uint64_t serial; /* the entries' ids */
} review_writer;

static void review(review_writer *w, const char *kind, const char *body, const char *author,
                   int64_t at)
{
    demo_id id;
    demo_id_make(&id, w->g->key, DK_REVIEW, w->serial++);
    demo_out_id(w->o, &id);
    demo_out_text(w->o, w->p->key);
    demo_out_int(w->o, w->p->v[w->version].number);
    demo_out_int(w->o, w->g->region->id);
    demo_out_text(w->o, kind);
    demo_out_text(w->o, body);
    demo_out_text(w->o, author);
    out_moment(w->o, at);
    demo_out_row_end(w->o);
}

/* FAI staff 0 to 2 review; 3 is the leadership that publishes. */
static void reviewer(const lt_demo *d, lt_rand *r, bool lead, char *name, size_t cap)
{
    demo_fai_staff(d, lead ? 3 : (int)lt_rand_below(r, 3), name, cap);
}

static void write_reviews(lt_demo *d, demo_out *o)
{
    for (int i = 0; i < d->n_processes; i++) {
        const demo_process *p = &d->processes[i];
        if (p->owner < 0)
            continue;
        const demo_region_plan *g = &d->plans[p->owner];
        for (int n = 0; n < p->n_versions; n++) {
            const demo_process_version *v = &p->v[n];
            if (!v->submitted)
                continue;
            lt_rand r;
            demo_rand(&r, g->key, ST_REVIEW, 2 * (uint64_t)p->serial + (uint64_t)n);
            review_writer w = {o, g, p, n, 64 * (uint64_t)p->serial + 32 * (uint64_t)n};
            char staff[120], lead[120];
            reviewer(d, &r, false, staff, sizeof staff);
            reviewer(d, &r, true, lead, sizeof lead);
            /* comments while it was in review, before the first decision */
            int64_t end = v->returned   ? v->returned
                          : v->approved ? v->approved
                                        : (int64_t)d->p.until * DAY;
            int comments = (int)lt_rand_below(&r, 3);
            for (int c = 0; c < comments && end - v->submitted > 2; c++) {
                int64_t at = v->submitted + 1 +
                             (int64_t)lt_rand_below(&r, (uint64_t)(end - v->submitted - 1));
                review(&w, "comment", demo_any(&r, demo_review_comments, demo_n_review_comments),
                       staff, at);
            }
            if (v->returned)
                review(&w, "returned", demo_any(&r, demo_review_returns, demo_n_review_returns),
                       staff, v->returned);
            if (v->approved)
                review(&w, "approved",
                       lt_rand_percent(&r, 70)
                           ? demo_any(&r, demo_review_approvals, demo_n_review_approvals)
                           : "",
                       staff, v->approved);
            if (v->published)
                review(&w, "published", "", lead, v->published);
            if (v->deactivated)
                review(&w, "deactivated",
                       demo_any(&r, demo_review_deactivations, demo_n_review_deactivations), lead,
                       v->deactivated);
        }
    }
}

void demo_write_library(lt_demo *d, demo_out *o, lt_demo_table t)
{
    switch (t) {
    case LT_DEMO_PROCESS_VERSIONS:
        write_versions(d, o);
        break;
    case LT_DEMO_PROCESS_ADOPTIONS:
        write_adoptions(d, o);
        break;
    case LT_DEMO_PROCESS_FEEDBACK:
        write_feedback(d, o);
        break;
    case LT_DEMO_PROCESS_REVIEWS:
        write_reviews(d, o);
        break;
    default:
        break;
    }
}
