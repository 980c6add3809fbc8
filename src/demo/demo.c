/*
 * demo.c - the plan of the demo data (include/lotse/demo.h): how much of
 * everything each region gets, the small records every table refers to, and
 * the writer for each table.
 *
 * A region's volume is the scale times its share: the larger regions (Köln,
 * OstWestfalenLippe, Düsseldorf) get more than the smaller ones, and the
 * shares average 1, so scale 1 is about 2,000 inquiries per region and 32,000
 * in all. A scale above 1 also reaches further back (lt_demo_years).
 */
#include "demo_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Relative sizes of the regions by slug (sql/0002); one not listed counts 1. */
static const struct {
    const char *slug;
    unsigned share; /* percent */
} region_shares[] = {
    {"mittleres-ruhrgebiet", 90},
    {"westfaelisches-ruhrgebiet", 120},
    {"meo", 100},
    {"aachen", 110},
    {"duesseldorf-mettmann", 140},
    {"bonn-rhein-sieg", 110},
    {"ostwestfalen-lippe", 170},
    {"muensterland", 130},
    {"koeln", 180},
    {"bergisches-staedtedreieck", 60},
    {"emscher-lippe", 90},
    {"mittlerer-niederrhein", 100},
    {"niederrhein", 90},
    {"maerkische-region", 70},
    {"hellweg-hochsauerland", 60},
    {"siegen-wittgenstein-olpe", 50},
};

static const struct {
    const char *name;
    const char *columns;
} tables[LT_DEMO_TABLES] = {
    [LT_DEMO_BULLETINS] = {"bulletins", "id, title, body, topic, legal_references, effective_on,"
                                        " published_by, published_at, updated_at"},
    [LT_DEMO_BULLETIN_READS] = {"bulletin_reads", "region_id, bulletin_id, read_at, read_by"},
    [LT_DEMO_CONTACTS] = {"contacts",
                          "region_id, id, name, organisation, function, email, phone, role,"
                          " consent_given_at, consent_given_by, consent_how, consent_withdrawn_at,"
                          " created_at, updated_at"},
    [LT_DEMO_OFFERS] = {"offers", "region_id, id, title, provider, provider_name, topics, url,"
                                  " contact_id, published, published_at, created_at, updated_at"},
    [LT_DEMO_COMPANIES] = {"companies", "region_id, id, name, location, size_class, sector,"
                                        " created_at, updated_at"},
    [LT_DEMO_OBSTACLES] = {"obstacles",
                           "region_id, id, title, category, description, first_seen, last_seen,"
                           " severity, policy_proposal, policy_level, created_at, updated_at"},
    [LT_DEMO_INQUIRIES] = {"inquiries",
                           "region_id, id, received_on, channel, received_by, company_id,"
                           " size_class, sector, topics, target_countries, occupation, offer_id,"
                           " stays_with_fai, outcome, follow_up_on, notes, created_at, updated_at"},
    [LT_DEMO_INQUIRY_OBSTACLES] = {"inquiry_obstacles", "region_id, inquiry_id, obstacle_id"},
    [LT_DEMO_ACTIVITIES] = {"activities",
                            "region_id, id, title, kind, starts_on, ends_on, topics, joint,"
                            " speaker_referred_by_fai, high_profile, statewide_fai, description,"
                            " created_at, updated_at"},
    [LT_DEMO_NOTICES] = {"activity_notices", "region_id, id, activity_id, sent_at, lead_time_days,"
                                             " acknowledged_at, acknowledged_by_name"},
    [LT_DEMO_COST_SPLITS] = {"activity_cost_splits",
                             "region_id, activity_id, estimated_cost_cents,"
                             " region_share_basis_points, fai_share_basis_points, agreed_on,"
                             " late_agreement, late_reason, created_at, updated_at"},
    [LT_DEMO_PARTICIPANTS] = {"participants",
                              "region_id, id, activity_id, name, email, organisation,"
                              " participated_on, attendance_confirmed_by, information_given_on,"
                              " information_how, esf_reporting_consent, retain_until, created_at,"
                              " updated_at"},
    [LT_DEMO_MEASURES] = {"measures", "region_id, id, title, category, description, planned_from,"
                                      " planned_to, owner, status, created_at, updated_at"},
    [LT_DEMO_MEASURE_PROGRESS] = {"measure_progress",
                                  "region_id, id, measure_id, noted_on, note, created_by,"
                                  " created_at"},
    [LT_DEMO_PROCESS_VERSIONS] = {"process_versions",
                                  "region_id, key, version, record, created_by, created_at,"
                                  " submitted_at, approved_at, deactivated_at, updated_at"},
    [LT_DEMO_PROCESS_ADOPTIONS] = {"process_adoptions",
                                   "region_id, id, key, version, mode, adapted_key, adopted_at"},
    [LT_DEMO_PROCESS_FEEDBACK] = {"process_feedback",
                                  "region_id, key, version, rating, comment, revision, created_at,"
                                  " updated_at, updated_by"},
    [LT_DEMO_PROCESS_REVIEWS] = {"process_reviews",
                                 "id, key, version, region_id, kind, body, author_name,"
                                 " created_at"},
    [LT_DEMO_MEASURE_STATUS] = {"measure_status", "region_id, id, status, updated_at"},
};

const char *lt_demo_table_name(lt_demo_table t)
{
    return t < LT_DEMO_TABLES ? tables[t].name : NULL;
}

const char *lt_demo_table_columns(lt_demo_table t)
{
    return t < LT_DEMO_TABLES ? tables[t].columns : NULL;
}

int lt_demo_years(double scale)
{
    if (scale <= 1.0)
        return 1;
    int years = 1 + (int)ceil(log10(scale) * 2.0);
    return years > 5 ? 5 : years;
}

int32_t lt_demo_first_day(const lt_demo *d)
{
    return d->first;
}

static uint64_t slug_key(uint64_t seed, const char *slug)
{
    uint64_t h = 0xcbf29ce484222325u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)slug; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    return lt_rand_mix(seed, h);
}

/* "Kreis Unna" -> location "Kreis Unna", place "Unna"; "Ennepe-Ruhr-Kreis (ohne
 * Witten, Hattingen)" -> location "Ennepe-Ruhr-Kreis", no place. */
static void plan_areas(lt_arena *a, demo_region_plan *g)
{
    const lt_demo_region *region = g->region;
    for (size_t i = 0; i < region->n_areas && g->n_locations < (int)DEMO_N(g->locations); i++) {
        const char *area = region->areas[i];
        size_t n = strcspn(area, "(");
        while (n > 0 && area[n - 1] == ' ')
            n--;
        if (n == 0)
            continue;
        char *location = lt_arena_strndup(a, area, n);
        g->locations[g->n_locations++] = location;
        const char *place = location;
        if (strncmp(place, "Kreis ", 6) == 0)
            place += 6;
        else if (strncmp(place, "StädteRegion ", 14) == 0)
            place += 14;
        if (!strstr(place, "Kreis") && !strstr(place, "kreis") && !strchr(place, ' ')) {
            g->places[g->n_places++] = place;
            g->location_place[g->n_locations - 1] = place;
        }
    }
    if (g->n_locations == 0)
        g->locations[g->n_locations++] = region->name;
}

static void plan_obstacles(lt_demo *d, demo_region_plan *g)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_OBSTACLE, 1000000);
    int n = 8 + (int)lround(3.0 * log2(1.0 + g->volume));
    if (n > (int)demo_n_obstacle_texts)
        n = (int)demo_n_obstacle_texts;
    int order[64];
    for (int i = 0; i < (int)demo_n_obstacle_texts; i++)
        order[i] = i;
    /* the first four trouble every region; the rest is the region's own mix */
    for (int i = (int)demo_n_obstacle_texts - 1; i > 4; i--) {
        int j = 4 + (int)lt_rand_below(&r, (uint64_t)(i - 4 + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    g->obstacles = lt_arena_calloc(d->arena, (size_t)n, sizeof *g->obstacles);
    g->n_obstacles = n;
    long early = d->n_days / 4 < 90 ? d->n_days / 4 : 90;
    for (int i = 0; i < n; i++) {
        g->obstacles[i].text = order[i];
        g->obstacles[i].created = d->first + (int32_t)lt_rand_below(&r, (uint64_t)early + 1);
    }
}

static void plan_bulletins(lt_demo *d)
{
    /* about three a month, the same for every region: the FAI writes them */
    d->n_bulletins = 36L * d->years;
    d->bulletins = lt_arena_calloc(d->arena, (size_t)d->n_bulletins, sizeof *d->bulletins);
    long step = d->n_days / d->n_bulletins;
    for (long b = 0; b < d->n_bulletins; b++) {
        lt_rand r;
        demo_rand(&r, d->key, ST_BULLETIN, (uint64_t)b);
        d->bulletins[b].day = d->first + (int32_t)(b * d->n_days / d->n_bulletins +
                                                   (long)lt_rand_below(&r, (uint64_t)step));
        d->bulletins[b].text = (int)lt_rand_below(&r, demo_n_bulletin_texts);
    }
}

static void plan_measures(demo_region_plan *g)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_MEASURE, 1000000);
    g->n_measures = g->volume >= 1.0 ? 3 : 2;
    int first = (int)lt_rand_below(&r, demo_n_measure_texts);
    for (int i = 0; i < g->n_measures; i++)
        g->measure_texts[i] = (first + i * 3) % (int)demo_n_measure_texts;
}

lt_demo *lt_demo_create(const lt_demo_params *params, const lt_demo_region *regions,
                        size_t n_regions)
{
    if (!(params->scale > 0.0 && params->scale <= LT_DEMO_SCALE_MAX) ||
        params->until < demo_days_from_civil(2000, 1, 1) || n_regions == 0)
        return NULL;
    lt_arena *a = lt_arena_create(1u << 16);
    lt_demo *d = lt_arena_calloc(a, 1, sizeof *d);
    d->arena = a;
    d->p = *params;
    d->years = lt_demo_years(params->scale);
    int y, m, day;
    demo_civil_from_days(params->until, &y, &m, &day);
    if (m == 2 && day == 29)
        day = 28;
    d->first = demo_days_from_civil(y - d->years, m, day) + 1;
    d->n_days = params->until - d->first + 1;
    d->key = lt_rand_mix(params->seed, 0x6c6f747365u);

    unsigned total = 0;
    unsigned *share = lt_arena_calloc(a, n_regions, sizeof *share);
    for (size_t i = 0; i < n_regions; i++) {
        share[i] = 100;
        for (size_t k = 0; k < DEMO_N(region_shares); k++)
            if (strcmp(regions[i].slug, region_shares[k].slug) == 0)
                share[i] = region_shares[k].share;
        total += share[i];
    }
    d->n_plans = n_regions;
    d->plans = lt_arena_calloc(a, n_regions, sizeof *d->plans);
    for (size_t i = 0; i < n_regions; i++) {
        demo_region_plan *g = &d->plans[i];
        g->region = &regions[i];
        g->key = slug_key(params->seed, regions[i].slug);
        g->volume = params->scale * (double)share[i] * (double)n_regions / (double)total;
        g->n_inquiries = lround(2000.0 * g->volume);
        if (g->n_inquiries < 1)
            g->n_inquiries = 1;
        g->n_companies = lround((double)g->n_inquiries * 0.42);
        if (g->n_companies < 1)
            g->n_companies = 1;
        g->n_companies_known = g->n_companies * 3 / 10;
        plan_areas(a, g);
        plan_obstacles(d, g);
        demo_plan_activities(d, g);
        demo_plan_network(d, g);
        plan_measures(g);
    }
    plan_bulletins(d);
    demo_plan_library(d);
    return d;
}

void lt_demo_destroy(lt_demo *d)
{
    if (d)
        lt_arena_destroy(d->arena);
}

long long lt_demo_write(lt_demo *d, lt_demo_table t, lt_demo_emit emit, void *ctx)
{
    demo_out o;
    demo_out_init(&o, emit, ctx);
    switch (t) {
    case LT_DEMO_BULLETINS:
        demo_write_bulletins(d, &o);
        break;
    case LT_DEMO_BULLETIN_READS:
        demo_write_bulletin_reads(d, &o);
        break;
    case LT_DEMO_CONTACTS:
        demo_write_contacts(d, &o);
        break;
    case LT_DEMO_OFFERS:
        demo_write_offers(d, &o);
        break;
    case LT_DEMO_COMPANIES:
        demo_write_companies(d, &o);
        break;
    case LT_DEMO_OBSTACLES:
        demo_write_obstacles(d, &o);
        break;
    case LT_DEMO_INQUIRIES:
        demo_write_inquiries(d, &o, false);
        break;
    case LT_DEMO_INQUIRY_OBSTACLES:
        demo_write_inquiries(d, &o, true);
        break;
    case LT_DEMO_ACTIVITIES:
        demo_write_activities(d, &o);
        break;
    case LT_DEMO_NOTICES:
        demo_write_notices(d, &o);
        break;
    case LT_DEMO_COST_SPLITS:
        demo_write_cost_splits(d, &o);
        break;
    case LT_DEMO_PARTICIPANTS:
        demo_write_participants(d, &o);
        break;
    case LT_DEMO_MEASURES:
    case LT_DEMO_MEASURE_PROGRESS:
    case LT_DEMO_MEASURE_STATUS:
        demo_write_measures(d, &o, t);
        break;
    case LT_DEMO_PROCESS_VERSIONS:
    case LT_DEMO_PROCESS_ADOPTIONS:
    case LT_DEMO_PROCESS_FEEDBACK:
    case LT_DEMO_PROCESS_REVIEWS:
        demo_write_library(d, &o, t);
        break;
    case LT_DEMO_TABLES:
        break;
    }
    long long rows = o.rows;
    return demo_out_finish(&o) ? rows : -1;
}

/* ------------------------------------------------------------ companies and people */

void demo_company_traits(const lt_demo *d, const demo_region_plan *g, long i, demo_company *c)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_COMPANY, (uint64_t)i);
    demo_id_make(&c->id, g->key, DK_COMPANY, (uint64_t)i);
    long known = g->n_companies_known, later = g->n_companies - known;
    c->intro =
        i < known ? d->first : d->first + (int32_t)((long long)(i - known) * d->n_days / later);
    c->size_class = demo_pick(&r, demo_size_classes, demo_n_size_classes);
    c->sector = demo_pick(&r, demo_sectors, demo_n_sectors)[0];
    c->location_index = (int)lt_rand_below(&r, (uint64_t)g->n_locations);
    c->location = g->locations[c->location_index];
    c->name[0] = '\0';
}

void demo_company_full(const lt_demo *d, const demo_region_plan *g, long i, demo_company *c)
{
    demo_company_traits(d, g, i, c);
    lt_rand r;
    demo_rand(&r, g->key, ST_COMPANY_NAME, (uint64_t)i);
    /* "Stahlbau Hamm" is in Hamm; a company in a district takes no place name */
    demo_company_name(&r, c->sector, c->size_class, g->location_place[c->location_index], c->name,
                      sizeof c->name);
}

long demo_companies_known_by(const lt_demo *d, const demo_region_plan *g, int32_t day)
{
    if (day < d->first)
        return 0;
    long known = g->n_companies_known, later = g->n_companies - known;
    long long t = day - d->first;
    long long count = ((t + 1) * later + d->n_days - 1) / d->n_days;
    return known + (long)(count < later ? count : later);
}

void demo_person_make(const demo_region_plan *g, unsigned stream, long i, demo_person *p)
{
    lt_rand r;
    const char *first, *last;
    demo_rand(&r, g->key, stream, (uint64_t)i);
    demo_person_name(&r, &first, &last);
    snprintf(p->name, sizeof p->name, "%s %s", first, last);
    char f[48], l[48];
    demo_ascii(f, sizeof f, first);
    demo_ascii(l, sizeof l, last);
    const char *domain = lt_rand_percent(&r, 60) ? "example.org" : "example.com";
    if (stream == ST_PERSON && lt_rand_percent(&r, 12))
        p->email[0] = '\0';       /* signed the list, gave no address */
    else if (stream == ST_PERSON) /* the number keeps the pool's addresses apart */
        snprintf(p->email, sizeof p->email, "%s.%s%ld@%s", f, l, i + 1, domain);
    else
        snprintf(p->email, sizeof p->email, "%s.%s@%s", f, l, domain);
}

void demo_fai_staff(const lt_demo *d, int i, char *name, size_t cap)
{
    lt_rand r;
    const char *first, *last;
    demo_rand(&r, d->key, ST_FAI_STAFF, (uint64_t)i);
    demo_person_name(&r, &first, &last);
    snprintf(name, cap, "%s %s", first, last);
}
