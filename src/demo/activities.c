/*
 * activities.c - the regions' activities, the notices of the high-profile
 * ones, the cost splits of joint events and their participant lists.
 *
 * Activities fall on working days, seldom in the summer holidays or between
 * Christmas and Epiphany, and reach two months past the last day (planned
 * ones). A high-profile activity is told to the partner when it is created,
 * mostly two weeks or more ahead, sometimes late. Only joint events that are
 * over have participants; the same people come again (a pool per region).
 */
#include "demo_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLANNED_AHEAD 60 /* days past the last day with planned activities */

static const demo_weighted kinds[] = {{"event", 25},
                                      {"workshop", 20},
                                      {"network_meeting", 25},
                                      {"press_release", 15},
                                      {"social_media", 15}};

static bool is_kind(const demo_activity *a, const char *kind)
{
    return strcmp(demo_activity_texts[a->text].kind, kind) == 0;
}

/* Where people meet: the only kind with cost splits and participants (sql/0013). */
static bool joint_event(const demo_activity *a)
{
    return a->joint &&
           (is_kind(a, "event") || is_kind(a, "workshop") || is_kind(a, "network_meeting"));
}

static int32_t activity_day(lt_rand *r, const lt_demo *d)
{
    int32_t day = d->first;
    for (int tries = 0; tries < 20; tries++) {
        day = d->first + (int32_t)lt_rand_below(r, (uint64_t)d->n_days + PLANNED_AHEAD);
        int y, m, dd;
        demo_civil_from_days(day, &y, &m, &dd);
        bool holiday = m == 8 || (m == 12 && dd >= 20) || (m == 1 && dd <= 6);
        if (demo_weekday(day) < 5 && !demo_holiday(day) && !(holiday && lt_rand_percent(r, 70)))
            break;
    }
    return day;
}

static int compare_days(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static short pick_text(lt_rand *r, const char *kind)
{
    size_t n = 0;
    for (size_t i = 0; i < demo_n_activity_texts; i++)
        n += strcmp(demo_activity_texts[i].kind, kind) == 0;
    size_t pick = lt_rand_below(r, n);
    for (size_t i = 0; i < demo_n_activity_texts; i++)
        if (strcmp(demo_activity_texts[i].kind, kind) == 0 && pick-- == 0)
            return (short)i;
    return 0;
}

void demo_plan_activities(lt_demo *d, demo_region_plan *g)
{
    long n = lround(45.0 * g->volume);
    if (n < 6)
        n = 6;
    g->n_activities = n;
    g->activities = lt_arena_calloc(d->arena, (size_t)n, sizeof *g->activities);
    int32_t *days = calloc((size_t)n, sizeof *days);
    if (!days)
        abort();
    lt_rand r;
    demo_rand(&r, g->key, ST_ACTIVITY_DAYS, 0);
    for (long i = 0; i < n; i++)
        days[i] = activity_day(&r, d);
    qsort(days, (size_t)n, sizeof *days, compare_days);
    if (days[0] > d->p.until - 7) /* the first is over: a joint event with a list */
        days[0] = d->p.until - 7;

    long people = 0;
    for (long i = 0; i < n; i++) {
        demo_activity *a = &g->activities[i];
        demo_rand(&r, g->key, ST_ACTIVITY, (uint64_t)i);
        const char *kind = i == 0 ? "workshop" : DEMO_PICK(&r, kinds);
        a->text = pick_text(&r, kind);
        a->starts = days[i];
        a->ends = DEMO_NO_DATE;
        bool meeting = !is_kind(a, "press_release") && !is_kind(a, "social_media");
        if ((is_kind(a, "event") && lt_rand_percent(&r, 15)) ||
            (is_kind(a, "workshop") && lt_rand_percent(&r, 10)))
            a->ends = a->starts + 1;
        a->joint = i == 0 || lt_rand_percent(&r, meeting                       ? 35
                                                 : is_kind(a, "press_release") ? 10
                                                                               : 5);
        a->speaker = (is_kind(a, "event") || is_kind(a, "workshop")) && lt_rand_percent(&r, 20);
        unsigned high = is_kind(a, "event")           ? 35
                        : is_kind(a, "press_release") ? 50
                        : is_kind(a, "social_media")  ? 20
                        : is_kind(a, "workshop")      ? 10
                                                      : 5;
        a->high_profile = lt_rand_percent(&r, high);
        a->statewide = !meeting && lt_rand_percent(&r, 10);
        a->created_seconds = 28800 + (int32_t)lt_rand_below(&r, 28800);
        a->notice_sent = DEMO_NO_DATE;
        if (a->high_profile && !a->statewide) {
            int32_t lead = lt_rand_percent(&r, 85) ? 14 + (int32_t)lt_rand_below(&r, 57)
                                                   : 1 + (int32_t)lt_rand_below(&r, 13);
            int32_t sent = a->starts - lead;
            while (demo_weekday(sent) >= 5 || demo_holiday(sent)) /* sent on a working day */
                sent--;
            if (sent > d->p.until)
                sent = d->p.until - (int32_t)lt_rand_below(&r, 4);
            if (sent < d->first)
                sent = d->first;
            a->notice_sent = sent;
            a->created = sent; /* created as high-profile: the notice went out at once */
        } else {
            a->created = a->starts - 7 - (int32_t)lt_rand_below(&r, 54);
            if (a->created > d->p.until)
                a->created = d->p.until;
            if (a->created < d->first)
                a->created = d->first;
        }
        int32_t last = a->ends == DEMO_NO_DATE ? a->starts : a->ends;
        if (joint_event(a) && last <= d->p.until) {
            a->participants = is_kind(a, "network_meeting") ? 6 + (short)lt_rand_below(&r, 20)
                              : is_kind(a, "workshop")      ? 8 + (short)lt_rand_below(&r, 23)
                                                            : 15 + (short)lt_rand_below(&r, 66);
            people += a->participants;
        }
    }
    free(days);
    /* most come once, some come to many: a pool of 40 % of the attendances */
    g->n_people = people * 2 / 5 > 30 ? people * 2 / 5 : 30;
}

void demo_write_activities(lt_demo *d, demo_out *o)
{
    for (size_t k = 0; k < d->n_plans && !o->failed; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (long i = 0; i < g->n_activities && !o->failed; i++) {
            const demo_activity *a = &g->activities[i];
            const demo_activity_text *t = &demo_activity_texts[a->text];
            demo_id id;
            demo_id_make(&id, g->key, DK_ACTIVITY, (uint64_t)i);
            size_t n_topics = 0;
            while (n_topics < 3 && t->topics[n_topics])
                n_topics++;
            demo_out_int(o, g->region->id);
            demo_out_id(o, &id);
            demo_out_text(o, t->title);
            demo_out_text(o, t->kind);
            demo_out_date(o, a->starts);
            demo_out_date_or_null(o, a->ends);
            demo_out_array(o, t->topics, n_topics);
            demo_out_bool(o, a->joint);
            demo_out_bool(o, a->speaker);
            demo_out_bool(o, a->high_profile);
            demo_out_bool(o, a->statewide);
            demo_out_text(o, t->description);
            demo_out_ts(o, a->created, a->created_seconds);
            demo_out_ts(o, a->created, a->created_seconds);
            demo_out_row_end(o);
        }
    }
}

void demo_write_notices(lt_demo *d, demo_out *o)
{
    char staff[6][120];
    for (int i = 0; i < 6; i++)
        demo_fai_staff(d, i, staff[i], sizeof staff[i]);
    for (size_t k = 0; k < d->n_plans && !o->failed; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (long i = 0; i < g->n_activities && !o->failed; i++) {
            const demo_activity *a = &g->activities[i];
            if (a->notice_sent == DEMO_NO_DATE)
                continue;
            lt_rand r;
            demo_rand(&r, g->key, ST_NOTICE, (uint64_t)i);
            demo_id id, activity;
            demo_id_make(&id, g->key, DK_NOTICE, (uint64_t)i);
            demo_id_make(&activity, g->key, DK_ACTIVITY, (uint64_t)i);
            demo_out_int(o, g->region->id);
            demo_out_id(o, &id);
            demo_out_id(o, &activity);
            demo_out_ts(o, a->notice_sent, a->created_seconds);
            demo_out_int(o, a->starts - a->notice_sent);
            int32_t ack = a->notice_sent + 1 + (int32_t)lt_rand_below(&r, 6);
            if (ack <= d->p.until && lt_rand_percent(&r, 85)) {
                demo_out_ts(o, ack, 30600 + (int32_t)lt_rand_below(&r, 25200));
                demo_out_text(o, staff[lt_rand_below(&r, 6)]);
            } else {
                demo_out_null(o);
                demo_out_null(o);
            }
            demo_out_row_end(o);
        }
    }
}

static const struct {
    int region_share; /* basis points */
    unsigned weight;
} shares[] = {{5000, 45}, {6000, 15}, {7000, 10}, {4000, 10}, {10000, 10}, {0, 10}};

void demo_write_cost_splits(lt_demo *d, demo_out *o)
{
    unsigned weights[DEMO_N(shares)];
    for (size_t i = 0; i < DEMO_N(shares); i++)
        weights[i] = shares[i].weight;
    for (size_t k = 0; k < d->n_plans && !o->failed; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (long i = 0; i < g->n_activities && !o->failed; i++) {
            const demo_activity *a = &g->activities[i];
            lt_rand r;
            demo_rand(&r, g->key, ST_COST_SPLIT, (uint64_t)i);
            if (!joint_event(a) || !lt_rand_percent(&r, 55))
                continue;
            long euros = is_kind(a, "network_meeting") ? 50 + (long)lt_rand_below(&r, 451)
                         : is_kind(a, "workshop")      ? 300 + (long)lt_rand_below(&r, 2701)
                                                       : 1000 + (long)lt_rand_below(&r, 14001);
            long long cents = (long long)(euros / 50 * 50) * 100;
            int region = shares[lt_rand_weighted(&r, weights, DEMO_N(shares))].region_share;
            bool late = lt_rand_percent(&r, 10);
            int32_t agreed = late ? a->starts + 1 + (int32_t)lt_rand_below(&r, 14)
                                  : a->starts - 7 - (int32_t)lt_rand_below(&r, 39);
            if (agreed < a->created)
                agreed = a->created;
            if (agreed > d->p.until)
                continue; /* not agreed yet */
            demo_out_int(o, g->region->id);
            demo_id activity;
            demo_id_make(&activity, g->key, DK_ACTIVITY, (uint64_t)i);
            demo_out_id(o, &activity);
            demo_out_int(o, cents);
            demo_out_int(o, region);
            demo_out_int(o, 10000 - region);
            demo_out_date(o, agreed);
            demo_out_bool(o, agreed > a->starts);
            if (agreed > a->starts)
                demo_out_text(o, demo_any(&r, demo_late_reasons, demo_n_late_reasons));
            else
                demo_out_null(o);
            demo_out_ts(o, agreed, 36000);
            demo_out_ts(o, agreed, 36000);
            demo_out_row_end(o);
        }
    }
}

static const demo_weighted confirmations[] = {
    {"signature", 70}, {"online_attendance", 20}, {"organiser_confirmation", 10}};
static const demo_weighted informed[] = {
    {"attendance_list_notice", 50}, {"registration_form", 35}, {"email", 10}, {"handout", 5}};

static long gcd(long a, long b)
{
    while (b) {
        long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* What the participant wrote as their organisation: a company of the region,
 * an institution, or nothing. */
static void organisation(lt_rand *r, const lt_demo *d, const demo_region_plan *g, char *out,
                         size_t cap)
{
    unsigned x = (unsigned)lt_rand_below(r, 100);
    if (x < 65) {
        demo_company c;
        demo_company_full(d, g, (long)lt_rand_below(r, (uint64_t)g->n_companies), &c);
        snprintf(out, cap, "%s", c.name);
    } else if (x < 90) {
        const char *where = g->locations[lt_rand_below(r, (uint64_t)g->n_locations)];
        snprintf(out, cap, demo_any(r, demo_institutions, demo_n_institutions), where);
    } else {
        out[0] = '\0';
    }
}

void demo_write_participants(lt_demo *d, demo_out *o)
{
    for (size_t k = 0; k < d->n_plans && !o->failed; k++) {
        const demo_region_plan *g = &d->plans[k];
        long serial = 0;
        for (long i = 0; i < g->n_activities && !o->failed; i++) {
            const demo_activity *a = &g->activities[i];
            if (a->participants == 0)
                continue;
            lt_rand r;
            demo_rand(&r, g->key, ST_PARTICIPANTS, (uint64_t)i);
            /* distinct people: a walk through the pool with a step prime to its size */
            long pool = g->n_people, start = (long)lt_rand_below(&r, (uint64_t)pool), step = 1;
            if (pool > 1)
                do
                    step = 1 + (long)lt_rand_below(&r, (uint64_t)pool - 1);
                while (gcd(step, pool) != 1);
            long count = a->participants < pool ? a->participants : pool;
            demo_id activity;
            demo_id_make(&activity, g->key, DK_ACTIVITY, (uint64_t)i);
            for (long n = 0; n < count; n++, serial++) {
                demo_person p;
                demo_person_make(g, ST_PERSON, (start + n * step) % pool, &p);
                char org[200];
                organisation(&r, d, g, org, sizeof org);
                int32_t day =
                    a->ends != DEMO_NO_DATE && lt_rand_percent(&r, 50) ? a->ends : a->starts;
                const char *how = DEMO_PICK(&r, informed);
                int32_t told = day;
                if (strcmp(how, "registration_form") == 0 || strcmp(how, "email") == 0)
                    told -= 3 + (int32_t)lt_rand_below(&r, 12);
                int y, m, dd;
                demo_civil_from_days(day, &y, &m, &dd);
                int32_t retain = demo_days_from_civil((y > 2028 ? y : 2028) + 5, 12, 31);
                int32_t entered = day + 1 + (int32_t)lt_rand_below(&r, 3);
                if (entered > d->p.until)
                    entered = d->p.until;
                demo_id id;
                demo_id_make(&id, g->key, DK_PARTICIPANT, (uint64_t)serial);
                demo_out_int(o, g->region->id);
                demo_out_id(o, &id);
                demo_out_id(o, &activity);
                demo_out_text(o, p.name);
                if (p.email[0])
                    demo_out_text(o, p.email);
                else
                    demo_out_null(o);
                demo_out_text(o, org);
                demo_out_date(o, day);
                demo_out_text(o, DEMO_PICK(&r, confirmations));
                demo_out_date(o, told);
                demo_out_text(o, how);
                demo_out_bool(o, lt_rand_percent(&r, 85));
                demo_out_date(o, retain);
                demo_out_ts(o, entered, 39600 + (int32_t)(n % 600) * 30);
                demo_out_ts(o, entered, 39600 + (int32_t)(n % 600) * 30);
                demo_out_row_end(o);
            }
        }
    }
}
