/*
 * employers.c - companies, obstacles, employer inquiries and the obstacles
 * each inquiry met.
 *
 * Inquiries come day by day, in date order as they would be logged: a day's
 * share follows the month (fewer in August and at Christmas), the weekday
 * (next to none at weekends), a slow growth over the years and some noise of
 * its own. Companies come into the records over the period; an inquiry names
 * one that is known by its day, now and then a newcomer, often one that asked
 * before - so a company's first inquiry is never older than the company.
 */
#include "demo_internal.h"

#include <stdlib.h>
#include <string.h>

/* percent per month, January first */
static const unsigned season[12] = {110, 115, 120, 105, 100, 95, 80, 60, 105, 115, 110, 70};
/* percent per weekday, Monday first */
static const unsigned weekday_share[7] = {110, 105, 100, 100, 85, 4, 2};

static const demo_weighted channels[] = {{"phone", 30}, {"email", 35},   {"meeting", 10},
                                         {"event", 8},  {"website", 12}, {"referral", 5}};
static const demo_weighted outcomes[] = {
    {"advised", 55}, {"recruiting", 20}, {"no_need", 13}, {"other", 5}, {"open", 7}};
static const demo_weighted fai_outcomes[] = {
    {"advised", 55}, {"recruiting", 35}, {"other", 5}, {"open", 5}};

/* ------------------------------------------------------------ companies */

void demo_write_companies(lt_demo *d, demo_out *o)
{
    for (size_t k = 0; k < d->n_plans && !o->failed; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (long i = 0; i < g->n_companies && !o->failed; i++) {
            demo_company c;
            demo_company_full(d, g, i, &c);
            int32_t seconds = 25200 + (int32_t)(lt_rand_mix(g->key, (uint64_t)i) % 32400);
            demo_out_int(o, g->region->id);
            demo_out_id(o, &c.id);
            demo_out_text(o, c.name);
            demo_out_text(o, c.location);
            demo_out_text(o, c.size_class);
            char sector[2] = {c.sector, '\0'};
            demo_out_text(o, sector);
            demo_out_ts(o, c.intro, seconds);
            demo_out_ts(o, c.intro, seconds);
            demo_out_row_end(o);
        }
    }
}

/* ------------------------------------------------------------ obstacles */

static const char *const severities[] = {"low", "medium", "high", "critical"};

void demo_write_obstacles(lt_demo *d, demo_out *o)
{
    for (size_t k = 0; k < d->n_plans; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (int i = 0; i < g->n_obstacles; i++) {
            const demo_obstacle *ob = &g->obstacles[i];
            const demo_obstacle_text *t = &demo_obstacle_texts[ob->text];
            lt_rand r;
            demo_rand(&r, g->key, ST_OBSTACLE, (uint64_t)i);
            size_t sev = 0;
            while (sev < 3 && strcmp(severities[sev], t->severity) != 0)
                sev++;
            if (lt_rand_percent(&r, 25)) /* the region weighs it a step differently */
                sev = sev == 0 ? 1 : sev == 3 ? 2 : lt_rand_percent(&r, 50) ? sev + 1 : sev - 1;
            bool proposal = lt_rand_percent(&r, 75);
            int32_t first_seen = DEMO_NO_DATE, last_seen = DEMO_NO_DATE;
            if (lt_rand_percent(&r, 40)) {
                first_seen = d->first + (int32_t)lt_rand_below(&r, (uint64_t)d->n_days / 2);
                last_seen = first_seen +
                            (int32_t)lt_rand_below(&r, (uint64_t)(d->p.until - first_seen) + 1);
            }
            demo_id id;
            demo_id_make(&id, g->key, DK_OBSTACLE, (uint64_t)i);
            demo_out_int(o, g->region->id);
            demo_out_id(o, &id);
            demo_out_text(o, t->title);
            demo_out_text(o, t->category);
            demo_out_text(o, t->description);
            demo_out_date_or_null(o, first_seen);
            demo_out_date_or_null(o, last_seen);
            demo_out_text(o, severities[sev]);
            demo_out_text(o, proposal ? t->proposal : "");
            if (proposal)
                demo_out_text(o, t->level);
            else
                demo_out_null(o);
            demo_out_ts(o, ob->created, 36000 + i * 60);
            demo_out_ts(o, ob->created, 36000 + i * 60);
            demo_out_row_end(o);
        }
    }
}

/* ------------------------------------------------------------ inquiries */

typedef struct inquiry {
    demo_id id;
    int32_t day, follow_up, updated;
    int32_t seconds;
    const char *channel, *received_by, *size_class, *sector, *outcome, *occupation, *notes;
    long company; /* -1: none */
    int offer;    /* -1: none */
    bool stays_with_fai;
    const char *topics[3], *countries[3];
    int n_topics, n_countries;
    int obstacles[2], n_obstacles;
} inquiry;

/* How many inquiries each day of the period gets: the shares, apportioned so
 * the days add up to the region's count exactly. */
static long *inquiry_days(const lt_demo *d, const demo_region_plan *g)
{
    long *count = calloc((size_t)d->n_days, sizeof *count);
    uint64_t *weight = calloc((size_t)d->n_days, sizeof *weight);
    if (!count || !weight)
        abort();
    lt_rand r;
    demo_rand(&r, g->key, ST_DAYS, 0);
    uint64_t total = 0;
    for (long t = 0; t < d->n_days; t++) {
        int y, m, day;
        demo_civil_from_days(d->first + (int32_t)t, &y, &m, &day);
        int32_t today = d->first + (int32_t)t;
        unsigned weekday = demo_holiday(today) ? 3 : weekday_share[demo_weekday(today)];
        uint64_t w = (uint64_t)season[m - 1] * weekday;
        w = w * (uint64_t)(100 + 30 * t / d->n_days) / 100;
        w = w * (uint64_t)(70 + lt_rand_below(&r, 61));
        weight[t] = w;
        total += w;
    }
    uint64_t before = 0, n = (uint64_t)g->n_inquiries;
    for (long t = 0; t < d->n_days; t++) {
        uint64_t after = before + weight[t];
        count[t] = (long)(n * after / total - n * before / total);
        before = after;
    }
    free(weight);
    return count;
}

static void draw_topics(lt_rand *r, inquiry *q)
{
    static const unsigned how_many[] = {60, 30, 10};
    int want = 1 + (int)lt_rand_weighted(r, how_many, 3);
    unsigned mask = 0;
    for (int tries = 0; tries < 12 && __builtin_popcount(mask) < want; tries++)
        mask |= 1u << lt_rand_weighted(r, demo_topic_weights, DEMO_N_TOPICS);
    q->n_topics = 0;
    for (int i = 0; i < DEMO_N_TOPICS; i++) /* in the CHECK's order */
        if (mask & (1u << i))
            q->topics[q->n_topics++] = demo_topics[i];
}

static void draw_countries(lt_rand *r, inquiry *q)
{
    static const unsigned how_many[] = {25, 55, 15, 5};
    int want = (int)lt_rand_weighted(r, how_many, 4);
    q->n_countries = 0;
    for (int tries = 0; tries < 12 && q->n_countries < want; tries++) {
        const char *c = demo_pick(r, demo_countries, demo_n_countries);
        bool seen = false;
        for (int i = 0; i < q->n_countries; i++)
            seen |= strcmp(q->countries[i], c) == 0;
        if (!seen)
            q->countries[q->n_countries++] = c;
    }
}

static unsigned topic_mask(const inquiry *q)
{
    unsigned mask = 0;
    for (int i = 0; i < q->n_topics; i++)
        for (int k = 0; k < DEMO_N_TOPICS; k++)
            if (q->topics[i] == demo_topics[k])
                mask |= 1u << k;
    return mask;
}

/* An offer of the region on one of the topics, or any offer; -1 if none. */
static int choose_offer(lt_rand *r, const demo_region_plan *g, unsigned topics)
{
    if (g->n_offers == 0)
        return -1;
    int fits = 0;
    for (int i = 0; i < g->n_offers; i++)
        fits += (g->offers[i].topics & topics) != 0;
    if (fits == 0)
        return (int)lt_rand_below(r, (uint64_t)g->n_offers);
    int pick = (int)lt_rand_below(r, (uint64_t)fits);
    for (int i = 0; i < g->n_offers; i++)
        if ((g->offers[i].topics & topics) && pick-- == 0)
            return i;
    return -1;
}

/* The region's obstacles an inquiry on these topics may meet, the more common
 * and the growing ones likelier; -1 if none fits. */
static int choose_obstacle(lt_rand *r, const lt_demo *d, const demo_region_plan *g, unsigned topics,
                           int32_t day, int not )
{
    unsigned categories = 0;
    for (int k = 0; k < DEMO_N_TOPICS; k++)
        if (topics & (1u << k))
            categories |= demo_topic_obstacle_categories((size_t)k);
    unsigned weights[64];
    unsigned total = 0;
    long phase = 120L * (day - d->first) / d->n_days - 60; /* -60 .. +60 over the period */
    for (int i = 0; i < g->n_obstacles; i++) {
        const demo_obstacle_text *t = &demo_obstacle_texts[g->obstacles[i].text];
        weights[i] = 0;
        if (i != not &&(demo_obstacle_category_bit(t->category) & categories))
            weights[i] = t->weight * (unsigned)(100 + t->trend * phase);
        total += weights[i];
    }
    return total == 0 ? -1 : (int)lt_rand_weighted(r, weights, (size_t)g->n_obstacles);
}

static void make_inquiry(const lt_demo *d, const demo_region_plan *g, long j, int32_t day,
                         inquiry *q)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_INQUIRY, (uint64_t)j);
    memset(q, 0, sizeof *q);
    demo_id_make(&q->id, g->key, DK_INQUIRY, (uint64_t)j);
    q->day = day;
    q->seconds = 25200 + (int32_t)lt_rand_below(&r, 32400);
    q->channel = DEMO_PICK(&r, channels);
    q->received_by = lt_rand_percent(&r, 22) ? "fai" : "region";
    q->company = -1;
    char sector = 'N';
    long known = demo_companies_known_by(d, g, day);
    if (known > 0 && lt_rand_percent(&r, 85)) {
        long window = known / 25 > 0 ? known / 25 : 1;
        q->company = lt_rand_percent(&r, 45) ? known - 1 - (long)lt_rand_below(&r, (uint64_t)window)
                                             : (long)lt_rand_below(&r, (uint64_t)known);
        demo_company c;
        demo_company_traits(d, g, q->company, &c);
        sector = c.sector;
    } else {
        q->size_class =
            lt_rand_percent(&r, 75) ? demo_pick(&r, demo_size_classes, demo_n_size_classes) : NULL;
        q->sector = lt_rand_percent(&r, 75) ? demo_pick(&r, demo_sectors, demo_n_sectors) : NULL;
        if (q->sector)
            sector = q->sector[0];
    }
    draw_topics(&r, q);
    draw_countries(&r, q);
    q->occupation = demo_occupation(&r, sector);

    long age = d->p.until - day;
    unsigned route = (unsigned)lt_rand_below(&r, 100);
    bool fai = q->received_by[0] == 'f';
    q->offer = -1;
    if (route < (fai ? 40u : 28u))
        q->offer = choose_offer(&r, g, topic_mask(q));
    else if (fai && route < 75)
        q->stays_with_fai = true;
    if (q->offer >= 0)
        q->outcome = "referred";
    else if ((age < 21 && lt_rand_percent(&r, 60)) || (age < 60 && lt_rand_percent(&r, 15)))
        q->outcome = "open";
    else
        q->outcome = q->stays_with_fai ? DEMO_PICK(&r, fai_outcomes) : DEMO_PICK(&r, outcomes);

    unsigned follow = strcmp(q->outcome, "open") == 0         ? 60
                      : strcmp(q->outcome, "recruiting") == 0 ? 50
                                                              : 12;
    q->follow_up =
        lt_rand_percent(&r, follow) ? day + 7 + (int32_t)lt_rand_below(&r, 54) : DEMO_NO_DATE;
    q->notes =
        lt_rand_percent(&r, 35) ? demo_any(&r, demo_inquiry_notes, demo_n_inquiry_notes) : "";
    long later = strcmp(q->outcome, "open") == 0 ? 0 : (age < 10 ? age : 10);
    q->updated = day + (int32_t)lt_rand_below(&r, (uint64_t)later + 1);

    q->n_obstacles = 0;
    if (lt_rand_percent(&r, 34)) {
        unsigned topics = topic_mask(q);
        int a = choose_obstacle(&r, d, g, topics, day, -1);
        if (a >= 0) {
            q->obstacles[q->n_obstacles++] = a;
            int b = lt_rand_percent(&r, 25) ? choose_obstacle(&r, d, g, topics, day, a) : -1;
            if (b >= 0)
                q->obstacles[q->n_obstacles++] = b;
        }
    }
}

static void write_inquiry(const demo_region_plan *g, const inquiry *q, demo_out *o)
{
    demo_out_int(o, g->region->id);
    demo_out_id(o, &q->id);
    demo_out_date(o, q->day);
    demo_out_text(o, q->channel);
    demo_out_text(o, q->received_by);
    if (q->company >= 0) {
        demo_id company;
        demo_id_make(&company, g->key, DK_COMPANY, (uint64_t)q->company);
        demo_out_id(o, &company);
    } else {
        demo_out_null(o);
    }
    if (q->size_class)
        demo_out_text(o, q->size_class);
    else
        demo_out_null(o);
    if (q->sector)
        demo_out_text(o, q->sector);
    else
        demo_out_null(o);
    demo_out_array(o, q->topics, (size_t)q->n_topics);
    demo_out_array(o, q->countries, (size_t)q->n_countries);
    demo_out_text(o, q->occupation);
    if (q->offer >= 0) {
        demo_id offer;
        demo_id_make(&offer, g->key, DK_OFFER, (uint64_t)q->offer);
        demo_out_id(o, &offer);
    } else {
        demo_out_null(o);
    }
    demo_out_bool(o, q->stays_with_fai);
    demo_out_text(o, q->outcome);
    demo_out_date_or_null(o, q->follow_up);
    demo_out_text(o, q->notes);
    demo_out_ts(o, q->day, q->seconds);
    demo_out_ts(o, q->updated, q->seconds + (q->updated > q->day ? 3600 : 0));
    demo_out_row_end(o);
}

void demo_write_inquiries(lt_demo *d, demo_out *o, bool links)
{
    for (size_t k = 0; k < d->n_plans && !o->failed; k++) {
        const demo_region_plan *g = &d->plans[k];
        long *per_day = inquiry_days(d, g);
        long j = 0;
        for (long t = 0; t < d->n_days && !o->failed; t++) {
            for (long n = 0; n < per_day[t] && !o->failed; n++, j++) {
                inquiry q;
                make_inquiry(d, g, j, d->first + (int32_t)t, &q);
                if (!links) {
                    write_inquiry(g, &q, o);
                    continue;
                }
                for (int i = 0; i < q.n_obstacles; i++) {
                    demo_id obstacle;
                    demo_id_make(&obstacle, g->key, DK_OBSTACLE, (uint64_t)q.obstacles[i]);
                    demo_out_int(o, g->region->id);
                    demo_out_id(o, &q.id);
                    demo_out_id(o, &obstacle);
                    demo_out_row_end(o);
                }
            }
        }
        free(per_day);
    }
}
