/*
 * library.c - the plan of the process library's demo records: each region's
 * model processes (process.json records built from the themes of
 * process_texts.c) and how far each version got through review, the
 * adoptions of published versions by other regions - as they are, or adapted
 * into a draft of the adopter's own - and the feedback the regions gave.
 * library_rows.c writes them.
 *
 * How much: at scale 1 a region contributes 1 to 3 processes and adopts 1 to
 * 6 (some regions contribute a lot, some mostly learn from others), the FAI's
 * published processes among them. Processes do not grow like inquiries: the
 * counts follow the square root of the scale, ten times those of scale 1 at
 * most; at least one each at the smallest scales.
 *
 * Every record is built here in full, as lotse.process_record answers it once
 * loaded (src/cli/demo_library.c compares the two), and the unit test runs the
 * format's own check on each.
 */
#include "demo_internal.h"
#include "lotse/process_record.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY      86400
#define KEY_STEM 60 /* a key's stem, leaving room for "-NN" */

/* What a version is meant to reach, if the last day comes late enough. */
typedef enum aim {
    AIM_DRAFT,
    AIM_RETURNED,
    AIM_REVIEW,
    AIM_APPROVED,
    AIM_PUBLISHED,
    AIM_INACTIVE
} aim;

typedef struct planner {
    lt_demo *d;
    json_t *(*json)[2]; /* the records while planning, by process and version */
    int cap;
    int64_t limit;    /* nothing happens after the start of the last day */
    int32_t from_day; /* the library's first day */
} planner;

/* ------------------------------------------------------------ lifecycle */

/* The next moment some days after t, in working hours (07:00 to 17:00 UTC). */
static int64_t later(lt_rand *r, int64_t t, int lo, int hi)
{
    int64_t day = t / DAY + lo + (int64_t)lt_rand_below(r, (uint64_t)(hi - lo + 1));
    return day * DAY + 7 * 3600 + (int64_t)lt_rand_below(r, 10 * 3600);
}

/* The dates of a version created at `created` that aims at a, cut off at the
 * limit: its status is how far it got. */
static void lifecycle(const planner *pl, lt_rand *r, demo_process_version *v, int64_t created,
                      aim a)
{
    int64_t limit = pl->limit, t;
    v->created = v->updated = created;
    v->status = "draft";
    if (a == AIM_DRAFT) { /* edited now and then since */
        int64_t room = (limit - created) / DAY;
        v->updated = room > 0 ? later(r, created, 0, (int)(room < 30 ? room : 30)) : created;
        if (v->updated > limit || v->updated < created)
            v->updated = created;
        return;
    }
    if ((t = later(r, created, 5, 30)) > limit)
        return;
    v->submitted = v->updated = t;
    v->status = "in_progress";
    if (a == AIM_REVIEW)
        return;
    if (a == AIM_RETURNED || lt_rand_percent(r, 25)) {
        if ((t = later(r, t, 3, 12)) > limit)
            return;
        v->returned = v->updated = t;
        v->status = "draft";
        if (a == AIM_RETURNED || (t = later(r, t, 4, 20)) > limit)
            return;
        v->resubmitted = v->updated = t;
        v->status = "in_progress";
    }
    if ((t = later(r, t, 2, 14)) > limit)
        return;
    v->approved = v->updated = t;
    v->status = "approved";
    if (a == AIM_APPROVED || (t = later(r, t, 1, 7)) > limit)
        return;
    v->published = v->updated = t;
    if (a != AIM_INACTIVE || (t = later(r, t, 60, 300)) > limit)
        return;
    v->deactivated = v->updated = t;
    v->status = "inactive";
}

/* A day to create a version on that leaves room for what it aims at. */
static int64_t created_for(const planner *pl, lt_rand *r, aim a)
{
    int32_t last = (int32_t)(pl->limit / DAY) - 1, lo = pl->from_day, hi = last;
    if (a == AIM_PUBLISHED || a == AIM_INACTIVE)
        hi = last - 60;
    else if (a != AIM_DRAFT)
        lo = last - 75 > lo ? last - 75 : lo, hi = last - 20;
    else
        lo = last - 150 > lo ? last - 150 : lo;
    if (hi < lo)
        hi = lo;
    int32_t day = lo + (int32_t)lt_rand_below(r, (uint64_t)(hi - lo + 1));
    return later(r, (int64_t)day * DAY, 0, 0);
}

static aim draw_aim(lt_rand *r, const unsigned weights[6])
{
    return (aim)lt_rand_weighted(r, weights, 6);
}

/* ------------------------------------------------------------ processes */

static demo_process *add_process(planner *pl, int owner)
{
    lt_demo *d = pl->d;
    if (d->n_processes == pl->cap)
        abort(); /* the bound in demo_plan_library is wrong */
    demo_process *p = &d->processes[d->n_processes++];
    memset(p, 0, sizeof *p);
    p->owner = owner;
    p->theme = p->source = -1;
    p->v[0].number = 1;
    p->v[1].number = 2;
    if (owner >= 0) {
        demo_region_plan *g = &d->plans[owner];
        p->serial = g->n_library++;
        demo_id_make(&p->creator, g->key, DK_PROCESS, (uint64_t)p->serial);
    }
    return p;
}

/* A key no other process has: "demo-<region>-<base>", then -2, -3, ... */
static void unique_key(const lt_demo *d, const demo_region_plan *g, const char *base, char *out)
{
    char stem[KEY_STEM + 1];
    snprintf(stem, sizeof stem, "demo-%s-%s", g->region->slug, base);
    size_t len = strlen(stem);
    while (len > 0 && stem[len - 1] == '-')
        stem[--len] = '\0';
    for (int n = 1;; n++) {
        if (n == 1)
            snprintf(out, 65, "%s", stem);
        else
            snprintf(out, 65, "%s-%d", stem, n);
        bool taken = false;
        for (int i = 0; i < d->n_processes && !taken; i++) /* out is the last one's */
            taken = d->processes[i].key != out && strcmp(d->processes[i].key, out) == 0;
        for (size_t i = 0; i < d->p.n_taken_keys && !taken; i++)
            taken = strcmp(d->p.taken_keys[i], out) == 0;
        if (!taken)
            return;
    }
}

static const unsigned own_aims[6] = {20, 6, 12, 5, 52, 5}; /* by enum aim */
static const unsigned next_aims[6] = {30, 5, 15, 5, 45, 0};
static const unsigned adapted_aims[6] = {55, 5, 15, 0, 25, 0};

static void plan_own(planner *pl, int k, int count)
{
    lt_demo *d = pl->d;
    demo_region_plan *g = &d->plans[k];
    lt_rand r;
    demo_rand(&r, g->key, ST_LIBRARY, 1);
    int order[16], n_themes = (int)demo_n_process_themes;
    if (n_themes > 16)
        abort(); /* order[] is too small for the themes */
    for (int i = 0; i < n_themes; i++)
        order[i] = i;
    for (int i = n_themes - 1; i > 0; i--) {
        int j = (int)lt_rand_below(&r, (uint64_t)i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int i = 0; i < count; i++) {
        demo_process *p = add_process(pl, k);
        p->theme = order[i % n_themes];
        unique_key(d, g, demo_process_themes[p->theme].slug, p->key);
        lt_rand pr;
        demo_rand(&pr, g->key, ST_PROCESS, (uint64_t)p->serial);
        static const unsigned quality[4] = {15, 35, 35, 15};
        p->quality = 2 + (unsigned)lt_rand_weighted(&pr, quality, 4);
        aim a = draw_aim(&pr, own_aims);
        lifecycle(pl, &pr, &p->v[0], created_for(pl, &pr, a), a);
        p->n_versions = 1;
        int64_t next = p->v[0].published ? later(&pr, p->v[0].published, 20, 240) : 0;
        if (p->v[0].published && !p->v[0].deactivated && lt_rand_percent(&pr, 30) &&
            next < pl->limit) {
            lifecycle(pl, &pr, &p->v[1], next, draw_aim(&pr, next_aims));
            p->n_versions = 2;
        }
        int idx = (int)(p - d->processes);
        pl->json[idx][0] = demo_record_own(g, p, i / n_themes);
        if (p->n_versions == 2)
            pl->json[idx][1] = demo_record_next(g, p, pl->json[idx][0]);
    }
}

/* The library's published records that are not demo data. */
static void plan_sources(planner *pl)
{
    const lt_demo_params *params = &pl->d->p;
    lt_arena *a = lt_arena_create(1u << 14);
    for (size_t i = 0; i < params->n_library; i++) {
        json_t *rec = json_loads(params->library[i].record, 0, NULL), *errors = NULL;
        int64_t published;
        const char *key = json_string_value(json_object_get(rec, "key"));
        if (!rec || lt_process_check(a, rec, &errors) != 0 ||
            strcmp(json_string_value(json_object_get(rec, "status")), "approved") != 0 ||
            !demo_utc_parse(json_string_value(json_object_get(rec, "published_at")), &published) ||
            strlen(key) > 64) {
            json_decref(errors);
            json_decref(rec);
            continue;
        }
        demo_process *p = add_process(pl, -1);
        p->external = &params->library[i];
        snprintf(p->key, sizeof p->key, "%s", key);
        p->quality = 5;
        p->n_versions = 1;
        p->v[0].number = (int)json_integer_value(json_object_get(rec, "version"));
        p->v[0].published = p->v[0].created = p->v[0].updated = published;
        p->v[0].status = "approved";
        pl->json[p - pl->d->processes][0] = rec;
    }
    lt_arena_destroy(a);
}

/* ------------------------------------------------------------ adoptions and feedback */

static bool among(const int *ids, size_t n, int id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

static void plan_adoptions(planner *pl, int k, int count)
{
    lt_demo *d = pl->d;
    demo_region_plan *g = &d->plans[k];
    int n = d->n_processes; /* what is adapted from here on is no source */
    unsigned *weights = calloc((size_t)n + 1, sizeof *weights);
    if (!weights)
        abort();
    unsigned total = 0;
    for (int i = 0; i < n; i++) {
        const demo_process *p = &d->processes[i];
        const demo_process_version *v = &p->v[0];
        int64_t lo = v->published + 3 * DAY;
        bool open =
            v->published && lo <= pl->limit && (!v->deactivated || lo < v->deactivated - DAY);
        const lt_demo_library *e = p->external;
        if (e && among(e->adopted_by, e->n_adopted_by, g->region->id))
            continue; /* the region adopted it itself */
        if (open && (p->owner < 0 || (p->theme >= 0 && p->owner != k)))
            total += weights[i] = p->owner < 0 ? 40 : p->quality * p->quality * 2;
    }
    for (int a = 0; a < count && total > 0; a++) {
        lt_rand r;
        demo_rand(&r, g->key, ST_ADOPTION, (uint64_t)a);
        int i = (int)lt_rand_weighted(&r, weights, (size_t)n);
        total -= weights[i];
        weights[i] = 0;
        demo_process *src = &d->processes[i];
        int64_t lo = src->v[0].published + 3 * DAY, hi = pl->limit;
        if (src->v[0].deactivated && src->v[0].deactivated - DAY < hi)
            hi = src->v[0].deactivated - DAY;
        int64_t at = lo + (int64_t)lt_rand_below(&r, (uint64_t)(hi - lo) + 1);
        demo_adoption *ad = &d->adoptions[d->n_adoptions++];
        *ad = (demo_adoption){.region = k, .process = i, .adapted = -1, .at = at};
        ad->version = src->n_versions == 2 && src->v[1].published && src->v[1].published < at;
        ad->serial = g->n_adopted++;
        if (!lt_rand_percent(&r, src->owner < 0 ? 50 : 40))
            continue;
        demo_process *p = add_process(pl, k);
        p->source = i;
        p->quality = 3;
        p->n_versions = 1;
        unique_key(d, g, src->theme >= 0 ? demo_process_themes[src->theme].slug : src->key, p->key);
        lt_rand pr;
        demo_rand(&pr, g->key, ST_PROCESS, (uint64_t)p->serial);
        lifecycle(pl, &pr, &p->v[0], at, draw_aim(&pr, adapted_aims));
        ad->adapted = (int)(p - d->processes);
        pl->json[ad->adapted][0] = demo_record_adapted(
            g, p, pl->json[i][ad->version], src->owner >= 0 ? &d->plans[src->owner] : NULL);
    }
    free(weights);
}

static bool rated(const lt_demo *d, int region, int process, int version)
{
    for (int i = 0; i < d->n_feedback; i++) {
        const demo_feedback *f = &d->feedback[i];
        if (f->region == region && f->process == process && f->version == version)
            return true;
    }
    return false;
}

/* Feedback of region k on version (index) of the process, at `at` if the
 * version is still active then and the region has not rated it yet. */
static void add_feedback(planner *pl, lt_rand *r, int k, int process, int version, int64_t at)
{
    lt_demo *d = pl->d;
    const demo_process *p = &d->processes[process];
    int64_t off = p->v[version].deactivated;
    const lt_demo_library *e = p->external;
    if (at > pl->limit || (off && at >= off) || rated(d, k, process, version) ||
        (e && among(e->rated_by, e->n_rated_by, d->plans[k].region->id)))
        return;
    static const unsigned spread[3] = {25, 50, 25};
    int rating = (int)p->quality - 1 + (int)lt_rand_weighted(r, spread, 3);
    rating = rating < 1 ? 1 : rating > 5 ? 5 : rating;
    size_t matching = 0;
    for (size_t i = 0; i < demo_n_feedback_texts; i++)
        matching += demo_feedback_texts[i].rating == (unsigned)rating;
    size_t pick = (size_t)lt_rand_below(r, matching);
    const char *comment = "";
    for (size_t i = 0; i < demo_n_feedback_texts; i++)
        if (demo_feedback_texts[i].rating == (unsigned)rating && pick-- == 0)
            comment = demo_feedback_texts[i].comment;
    demo_feedback *f = &d->feedback[d->n_feedback++];
    *f = (demo_feedback){.region = k,
                         .process = process,
                         .version = version,
                         .rating = (unsigned)rating,
                         .revision = 1,
                         .comment = lt_rand_percent(r, 85) ? comment : "",
                         .serial = d->plans[k].n_rated++,
                         .created = at,
                         .updated = at};
    int64_t changed = later(r, at, 10, 90);
    if (lt_rand_percent(r, 15) && changed <= pl->limit && !(off && changed >= off)) {
        f->updated = changed;
        f->revision = 2;
    }
}

static void plan_feedback(planner *pl)
{
    lt_demo *d = pl->d;
    /* most adopters say how it went */
    for (int a = 0; a < d->n_adoptions; a++) {
        const demo_adoption *ad = &d->adoptions[a];
        lt_rand r;
        demo_rand(&r, d->plans[ad->region].key, ST_FEEDBACK, (uint64_t)ad->serial);
        if (lt_rand_percent(&r, 65))
            add_feedback(pl, &r, ad->region, ad->process, ad->version, later(&r, ad->at, 14, 150));
    }
    /* and now and then a region that only read it */
    for (int i = 0; i < d->n_processes; i++) {
        const demo_process *p = &d->processes[i];
        for (int v = 0; v < p->n_versions; v++) {
            if (!p->v[v].published || (p->owner >= 0 && p->theme < 0))
                continue;
            for (int k = 0; k < (int)d->n_plans; k++) {
                lt_rand r;
                demo_rand(&r, d->plans[k].key, ST_FEEDBACK,
                          1000000 + 2 * (uint64_t)i + (uint64_t)v);
                if (k != p->owner && lt_rand_percent(&r, 4))
                    add_feedback(pl, &r, k, i, v, later(&r, p->v[v].published, 7, 200));
            }
        }
    }
}

void demo_plan_library(lt_demo *d)
{
    double f = sqrt(d->p.scale);
    f = f > 10.0 ? 10.0 : f;
    int n = (int)d->n_plans, *own = calloc((size_t)n, sizeof *own),
        *adopt = calloc((size_t)n, sizeof *adopt), own_total = 0, adopt_total = 0;
    if (!own || !adopt)
        abort();
    for (int k = 0; k < n; k++) {
        demo_region_plan *g = &d->plans[k];
        lt_rand r;
        demo_rand(&r, g->key, ST_LIBRARY, 0);
        int contributes = 1 + (int)lt_rand_below(&r, 3);
        if (g->volume >= 1.3 * d->p.scale && contributes < 3 && lt_rand_percent(&r, 50))
            contributes++; /* the larger regions write more down */
        int adopts = 1 + (int)lt_rand_below(&r, 6) + (contributes == 1 ? 2 : 0);
        own[k] = (int)lround(contributes * f);
        own[k] = own[k] < 1 ? 1 : own[k];
        adopt[k] = (int)lround(adopts * f);
        adopt[k] = adopt[k] < 1 ? 1 : adopt[k];
        own_total += own[k];
        adopt_total += adopt[k];
    }
    planner pl = {.d = d,
                  .cap = own_total + (int)d->p.n_library + adopt_total,
                  .limit = (int64_t)d->p.until * DAY,
                  .from_day = d->first + 14};
    d->processes = lt_arena_calloc(d->arena, (size_t)pl.cap, sizeof *d->processes);
    d->adoptions = lt_arena_calloc(d->arena, (size_t)adopt_total + 1, sizeof *d->adoptions);
    pl.json = calloc((size_t)pl.cap, sizeof *pl.json);
    if (!pl.json)
        abort();
    for (int k = 0; k < n; k++)
        plan_own(&pl, k, own[k]);
    plan_sources(&pl);
    for (int k = 0; k < n; k++)
        plan_adoptions(&pl, k, adopt[k]);
    size_t feedback_cap = (size_t)d->n_adoptions + 2 * (size_t)n * (size_t)d->n_processes + 1;
    d->feedback = lt_arena_calloc(d->arena, feedback_cap, sizeof *d->feedback);
    plan_feedback(&pl);
    for (int i = 0; i < d->n_processes; i++)
        for (int v = 0; v < 2; v++) {
            if (pl.json[i][v] && d->processes[i].owner >= 0) {
                char *text = json_dumps(pl.json[i][v], JSON_COMPACT);
                if (!text)
                    abort();
                d->processes[i].v[v].record = lt_arena_strdup(d->arena, text);
                free(text);
            }
            json_decref(pl.json[i][v]);
        }
    free(pl.json);
    free(adopt);
    free(own);
}
