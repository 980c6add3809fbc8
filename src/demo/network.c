/*
 * network.c - the region's offers and contacts, the FAI's bulletins and
 * which region read which.
 *
 * Every region has the core offers (Welcome Office, chambers, employment
 * agency, integration centre) and some of its own. Most contacts consented to
 * be named and linked; a few withdrew later. An offer is published only with
 * no contact or a consenting one - the rule sql/0010 enforces - and a few
 * stay unpublished anyway (still being written).
 */
#include "demo_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define CORE_OFFERS 5

static const demo_weighted consent_how[] = {
    {"email", 50}, {"written", 25}, {"form", 20}, {"verbal_documented", 5}};

void demo_plan_network(lt_demo *d, demo_region_plan *g)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_OFFER, 1000000);
    int n = 6 + (int)floor(log2(1.0 + g->volume));
    if (n > (int)demo_n_offer_texts)
        n = (int)demo_n_offer_texts;
    int order[32];
    for (int i = 0; i < (int)demo_n_offer_texts; i++)
        order[i] = i;
    for (int i = (int)demo_n_offer_texts - 1; i > CORE_OFFERS; i--) {
        int j = CORE_OFFERS + (int)lt_rand_below(&r, (uint64_t)(i - CORE_OFFERS + 1));
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    g->n_offers = n;
    g->offers = lt_arena_calloc(d->arena, (size_t)n, sizeof *g->offers);
    g->contacts = lt_arena_calloc(d->arena, (size_t)n + 2, sizeof *g->contacts);
    g->n_contacts = 0;
    const char *roles[2] = {"region_contact", "fai_contact"};
    for (int i = 0; i < 2; i++)
        g->contacts[g->n_contacts++] = (demo_contact){.role = roles[i], .offer = -1};
    for (int i = 0; i < n; i++) {
        demo_offer *of = &g->offers[i];
        of->text = order[i];
        of->contact = -1;
        for (int t = 0; t < 4 && demo_offer_texts[of->text].topics[t]; t++)
            for (int k = 0; k < DEMO_N_TOPICS; k++)
                if (strcmp(demo_offer_texts[of->text].topics[t], demo_topics[k]) == 0)
                    of->topics |= 1u << k;
        if (lt_rand_percent(&r, 85)) {
            of->contact = g->n_contacts;
            g->contacts[g->n_contacts++] = (demo_contact){.role = "offer_contact", .offer = i};
        }
    }
    for (int i = 0; i < g->n_contacts; i++) {
        demo_contact *c = &g->contacts[i];
        demo_rand(&r, g->key, ST_CONTACT, (uint64_t)i);
        c->created = d->first + (int32_t)lt_rand_below(&r, 60);
        c->consent_on = DEMO_NO_DATE;
        c->withdrawn_on = DEMO_NO_DATE;
        if (lt_rand_percent(&r, 88)) {
            c->consent_on = c->created + (int32_t)lt_rand_below(&r, 20);
            int32_t withdrawn = c->consent_on + 30 + (int32_t)lt_rand_below(&r, 271);
            if (lt_rand_percent(&r, 4) && withdrawn <= d->p.until)
                c->withdrawn_on = withdrawn;
        }
    }
    for (int i = 0; i < n; i++) {
        demo_offer *of = &g->offers[i];
        const demo_contact *c = of->contact >= 0 ? &g->contacts[of->contact] : NULL;
        bool may = !c || (c->consent_on != DEMO_NO_DATE && c->withdrawn_on == DEMO_NO_DATE);
        of->published = may && lt_rand_percent(&r, 90);
    }
}

/* "IHK Bochum", but "IQ Netzwerk NRW" as it is. */
static void provider_name(const demo_region_plan *g, const demo_offer_text *t, char *out,
                          size_t cap)
{
    if (strstr(t->provider_name, "NRW") || strstr(t->provider_name, "Faire"))
        snprintf(out, cap, "%s", t->provider_name);
    else
        snprintf(out, cap, "%s %s", t->provider_name,
                 g->n_places > 0 ? g->places[0] : g->locations[0]);
}

void demo_write_contacts(lt_demo *d, demo_out *o)
{
    for (size_t k = 0; k < d->n_plans; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (int i = 0; i < g->n_contacts; i++) {
            const demo_contact *c = &g->contacts[i];
            lt_rand r;
            demo_rand(&r, g->key, ST_CONTACT, 1000 + (uint64_t)i);
            demo_person p;
            demo_person_make(g, ST_CONTACT, i, &p);
            char org[200];
            const char *function;
            if (c->offer >= 0) {
                const demo_offer_text *t = &demo_offer_texts[g->offers[c->offer].text];
                provider_name(g, t, org, sizeof org);
                function = t->contact_function;
            } else if (strcmp(c->role, "region_contact") == 0) {
                snprintf(org, sizeof org, "Koordinierungsstelle %s", g->region->name);
                function = "Regionalkoordination";
            } else {
                snprintf(org, sizeof org, "FAI NRW");
                function = "Regionalbetreuung";
            }
            demo_id id;
            demo_id_make(&id, g->key, DK_CONTACT, (uint64_t)i);
            demo_out_int(o, g->region->id);
            demo_out_id(o, &id);
            demo_out_text(o, p.name);
            demo_out_text(o, org);
            demo_out_text(o, function);
            demo_out_text(o, p.email);
            demo_out_text(o, "");
            demo_out_text(o, c->role);
            int32_t changed = c->created;
            if (c->consent_on != DEMO_NO_DATE) {
                demo_out_ts(o, c->consent_on, 43200);
                demo_out_text(o, p.name);
                demo_out_text(o, DEMO_PICK(&r, consent_how));
                changed = c->consent_on;
            } else {
                demo_out_null(o);
                demo_out_null(o);
                demo_out_null(o);
            }
            if (c->withdrawn_on != DEMO_NO_DATE) {
                demo_out_ts(o, c->withdrawn_on, 43200);
                changed = c->withdrawn_on;
            } else {
                demo_out_null(o);
            }
            demo_out_ts(o, c->created, 32400);
            demo_out_ts(o, changed, changed == c->created ? 32400 : 43200);
            demo_out_row_end(o);
        }
    }
}

void demo_write_offers(lt_demo *d, demo_out *o)
{
    for (size_t k = 0; k < d->n_plans; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (int i = 0; i < g->n_offers; i++) {
            const demo_offer *of = &g->offers[i];
            const demo_offer_text *t = &demo_offer_texts[of->text];
            lt_rand r;
            demo_rand(&r, g->key, ST_OFFER, (uint64_t)i);
            int32_t created = d->first + (int32_t)lt_rand_below(&r, 90);
            if (of->contact >= 0 && g->contacts[of->contact].created > created)
                created = g->contacts[of->contact].created;
            int32_t published = created + (int32_t)lt_rand_below(&r, 30);
            if (of->contact >= 0 && g->contacts[of->contact].consent_on > published)
                published = g->contacts[of->contact].consent_on;
            char name[200], url[300];
            provider_name(g, t, name, sizeof name);
            snprintf(url, sizeof url, "https://www.example.org/%s/%s", g->region->slug, t->path);
            size_t n_topics = 0;
            while (n_topics < 4 && t->topics[n_topics])
                n_topics++;
            demo_id id;
            demo_id_make(&id, g->key, DK_OFFER, (uint64_t)i);
            demo_out_int(o, g->region->id);
            demo_out_id(o, &id);
            demo_out_text(o, t->title);
            demo_out_text(o, t->provider);
            demo_out_text(o, name);
            demo_out_array(o, t->topics, n_topics);
            demo_out_text(o, url);
            if (of->contact >= 0) {
                demo_id contact;
                demo_id_make(&contact, g->key, DK_CONTACT, (uint64_t)of->contact);
                demo_out_id(o, &contact);
            } else {
                demo_out_null(o);
            }
            demo_out_bool(o, of->published);
            if (of->published)
                demo_out_ts(o, published, 50400);
            else
                demo_out_null(o);
            demo_out_ts(o, created, 36000);
            demo_out_ts(o, of->published ? published : created, of->published ? 50400 : 36000);
            demo_out_row_end(o);
        }
    }
}

/* ------------------------------------------------------------ bulletins */

void demo_write_bulletins(lt_demo *d, demo_out *o)
{
    for (long b = 0; b < d->n_bulletins; b++) {
        const demo_bulletin *bu = &d->bulletins[b];
        const demo_bulletin_text *t = &demo_bulletin_texts[bu->text];
        lt_rand r;
        demo_rand(&r, d->key, ST_BULLETIN, 1000000 + (uint64_t)b);
        int y, m, dd;
        demo_civil_from_days(bu->day, &y, &m, &dd);
        char title[240];
        snprintf(title, sizeof title, "%s (%02d/%04d)", t->title, m, y);
        size_t n_refs = 0;
        while (n_refs < 3 && t->refs[n_refs])
            n_refs++;
        demo_id id;
        demo_id_make(&id, d->key, DK_BULLETIN, (uint64_t)b);
        int32_t seconds = 28800 + (int32_t)lt_rand_below(&r, 21600);
        demo_out_id(o, &id);
        demo_out_text(o, title);
        demo_out_text(o, t->body);
        demo_out_text(o, t->topic);
        demo_out_array(o, t->refs, n_refs);
        demo_out_date_or_null(o, t->effective ? bu->day + 14 + (int32_t)lt_rand_below(&r, 77)
                                              : DEMO_NO_DATE);
        demo_out_null(o);
        demo_out_ts(o, bu->day, seconds);
        demo_out_ts(o, bu->day, seconds);
        demo_out_row_end(o);
    }
}

void demo_write_bulletin_reads(lt_demo *d, demo_out *o)
{
    static const unsigned delay_weights[] = {30, 20, 12, 20, 18}; /* 0, 1, 2, 3-7, 8-30 days */
    for (size_t k = 0; k < d->n_plans; k++) {
        const demo_region_plan *g = &d->plans[k];
        for (long b = 0; b < d->n_bulletins; b++) {
            lt_rand r;
            demo_rand(&r, g->key, ST_READ, (uint64_t)b);
            if (!lt_rand_percent(&r, 88))
                continue;
            size_t bucket = lt_rand_weighted(&r, delay_weights, DEMO_N(delay_weights));
            int32_t delay = bucket < 3    ? (int32_t)bucket
                            : bucket == 3 ? 3 + (int32_t)lt_rand_below(&r, 5)
                                          : 8 + (int32_t)lt_rand_below(&r, 23);
            int32_t day = d->bulletins[b].day + delay;
            if (day > d->p.until)
                continue; /* not read yet */
            demo_id bulletin;
            demo_id_make(&bulletin, d->key, DK_BULLETIN, (uint64_t)b);
            demo_out_int(o, g->region->id);
            demo_out_id(o, &bulletin);
            /* after publication (at most 14:00 UTC) on the same day */
            demo_out_ts(o, day, 52200 + (int32_t)lt_rand_below(&r, 14400));
            demo_out_null(o);
            demo_out_row_end(o);
        }
    }
}
