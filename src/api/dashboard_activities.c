/*
 * dashboard_activities.c - the regions' activities and events
 * (GET /api/v1/dashboards/activities; docs/dashboards.md): by region and month,
 * topic, kind, joint or not; the participants of joint events; the lead times
 * of the partner notices of high-profile activities and how many went out late.
 *
 * Activities and notices are the regions' own work, not people: their counts
 * are shown as they are. Participants are people: protected.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

static const char *const topics[] = {"diversity",   "feg",         "onboarding",
                                     "recruitment", "recognition", "family_reunification",
                                     "other",       "none"};
static const char *const kinds[] = {"event", "workshop", "network_meeting", "press_release",
                                    "social_media"};
static const char *const joint[] = {"joint", "not_joint"};
static const char *const notices[] = {"on_time", "late"};

#define N(a) (sizeof a / sizeof a[0])

#define FACTS_SQL                                                                                  \
    "SELECT f.region_id, f.dim, f.key, to_char(f.month, 'YYYY-MM'), sum(f.n)::bigint"              \
    " FROM lotse.dash_activity_facts f WHERE f.region_id = ANY ($1::smallint[])"                   \
    "  AND f.dim = ANY ('{total,kind,joint,topic,participants}'::text[])"                          \
    "  AND f.month BETWEEN $2::date AND $3::date GROUP BY 1, 2, 3, 4"
#define LEADS_SQL                                                                                  \
    "SELECT l.region_id, l.lead_days, sum(l.n)::bigint FROM lotse.dash_notice_leads l"             \
    " WHERE l.region_id = ANY ($1::smallint[]) AND l.month BETWEEN $2::date AND $3::date"          \
    " GROUP BY 1, 2 HAVING sum(l.n) > 0 ORDER BY 1, 2"

const char *const lt_dash_activities_sql[] = {FACTS_SQL, LEADS_SQL, NULL};

/* A histogram of lead times: days ascending, with how many notices each. */
struct leads {
    size_t n;
    long *days, *count;
};

static void leads_add(lt_arena *a, struct leads *h, long days, long count)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->days[i] == days) {
            h->count[i] += count;
            return;
        }
    long *d = lt_arena_calloc(a, h->n + 1, sizeof *d), *c = lt_arena_calloc(a, h->n + 1, sizeof *c);
    size_t at = 0;
    while (at < h->n && h->days[at] < days)
        at++;
    for (size_t i = 0, j = 0; i <= h->n; i++) {
        d[i] = i == at ? days : h->days[j];
        c[i] = i == at ? count : h->count[j++];
    }
    h->days = d;
    h->count = c;
    h->n++;
}

/* The notices' extras of one part: the median (lower of the two middle ones) and
 * the shortest lead time; and the counts into the grid. */
static void leads_extras(json_t *part, const struct leads *h)
{
    long total = 0, seen = 0;
    for (size_t i = 0; i < h->n; i++)
        total += h->count[i];
    json_t *median = json_null();
    for (size_t i = 0; i < h->n && total; i++) {
        seen += h->count[i];
        if (2 * seen >= total) {
            json_decref(median);
            median = json_integer(h->days[i]);
            break;
        }
    }
    json_object_set_new(part, "median_lead_days", median);
    json_object_set_new(part, "shortest_lead_days", h->n ? json_integer(h->days[0]) : json_null());
}

static void define(lt_dash *d)
{
    lt_dash_define(d, "by_month",
                   "Activities (lotse.activities) per region and month of their first day"
                   " (starts_on).");
    lt_dash_define(d, "by_topic",
                   "Mentions of each topic by activities starting in the range: an activity"
                   " counts once per topic, and once under none when it has no topic.");
    lt_dash_define(d, "by_kind", "Activities starting in the range per region and kind.");
    lt_dash_define(d, "joint",
                   "Activities starting in the range per region, joint with the FAI or not"
                   " (agreement 4.1).");
    lt_dash_define(d, "participants_by_month",
                   "Participants recorded for joint events (lotse.participants; people, so"
                   " protected) per region and month of participation. Records removed after"
                   " their retention period no longer count.");
    lt_dash_define(d, "notices",
                   "Partner notices of high-profile activities (lotse.activity_notices) sent in"
                   " the range (German time decides the month), per region: on time and late (the"
                   " total is all of them; late: a lead time from sending to the activity's first "
                   "day below the"
                   " configured minimum, notice_min_lead_days), the median lead time (the lower"
                   " middle one) and the shortest, in days.");
}

int lt_dash_activities(lt_dash *d, lt_resp *resp)
{
    PGresult *facts, *leads, *others, *others_months, *others_leads;
    lt_db_status st;
    if ((st = lt_dash_read(d, FACTS_SQL, 3, &facts)) != LT_DB_OK ||
        (st = lt_dash_read(d, LEADS_SQL, 3, &leads)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "activities", &others)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "activity_months", &others_months)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "notices", &others_leads)) != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);
    lt_dash_grid *by_month =
        lt_dash_region_grid(d, "by_month", "activities", false, d->nmonths, d->months);
    lt_dash_grid *by_topic =
        lt_dash_region_grid(d, "by_topic", "topic mentions", false, N(topics), topics);
    lt_dash_grid *by_kind = lt_dash_region_grid(d, "by_kind", "activities", false, N(kinds), kinds);
    lt_dash_grid *by_joint = lt_dash_region_grid(d, "joint", "activities", false, N(joint), joint);
    lt_dash_grid *participants = lt_dash_region_grid(d, "participants_by_month", "participants",
                                                     true, d->nmonths, d->months);
    lt_dash_grid *by_notice =
        lt_dash_region_grid(d, "notices", "notices", false, N(notices), notices);
    lt_dash_grid *by_dim[] = {by_topic, by_kind, by_joint};
    static const char *const dims[] = {"topic", "kind", "joint"};
    for (int i = 0; i < PQntuples(facts); i++) {
        int region = atoi(PQgetvalue(facts, i, 0));
        const char *dim = PQgetvalue(facts, i, 1), *key = PQgetvalue(facts, i, 2);
        long n = atol(PQgetvalue(facts, i, 4));
        if (strcmp(dim, "total") == 0)
            lt_dash_add(d, by_month, region, PQgetvalue(facts, i, 3), n);
        else if (strcmp(dim, "participants") == 0)
            lt_dash_add(d, participants, region, PQgetvalue(facts, i, 3), n);
        for (size_t j = 0; j < N(dims); j++)
            if (strcmp(dim, dims[j]) == 0)
                lt_dash_add(d, by_dim[j], region, key, n);
    }
    for (int i = 0; i < PQntuples(others); i++)
        for (size_t j = 0; j < N(dims); j++)
            if (strcmp(PQgetvalue(others, i, 1), dims[j]) == 0)
                lt_dash_add_others(by_dim[j], PQgetvalue(others, i, 2),
                                   atol(PQgetvalue(others, i, 3)));
    for (int i = 0; i < PQntuples(others_months); i++)
        lt_dash_add_others(strcmp(PQgetvalue(others_months, i, 1), "total") == 0 ? by_month
                                                                                 : participants,
                           PQgetvalue(others_months, i, 0), atol(PQgetvalue(others_months, i, 3)));

    /* lead times: per region, the selected regions and the state */
    long min_lead = d->req->app->cfg->notice_min_lead_days;
    lt_arena *a = d->req->arena;
    struct leads *per = lt_arena_calloc(a, d->nregions, sizeof *per), selected = {0}, state = {0};
    for (int i = 0; i < PQntuples(leads); i++) {
        int r = lt_dash_region_index(d, atoi(PQgetvalue(leads, i, 0)));
        long days = atol(PQgetvalue(leads, i, 1)), n = atol(PQgetvalue(leads, i, 2));
        if (r < 0)
            continue;
        leads_add(a, &per[r], days, n);
        leads_add(a, &state, days, n);
        if (d->regions[r].shown)
            leads_add(a, &selected, days, n);
        lt_dash_add(d, by_notice, d->regions[r].id, days < min_lead ? "late" : "on_time", n);
    }
    for (int i = 0; i < PQntuples(others_leads); i++) {
        long days = atol(PQgetvalue(others_leads, i, 2)), n = atol(PQgetvalue(others_leads, i, 3));
        leads_add(a, &state, days, n);
        lt_dash_add_others(by_notice, days < min_lead ? "late" : "on_time", n);
    }

    int status = lt_dash_protect(d, resp);
    if (status)
        return status;
    lt_dash_emit(d);
    for (size_t r = 0; r < d->nregions; r++)
        if (lt_dash_part(by_notice, (int)r))
            leads_extras(lt_dash_part(by_notice, (int)r), &per[r]);
    leads_extras(lt_dash_part(by_notice, LT_DASH_SELECTED), &selected);
    leads_extras(lt_dash_part(by_notice, LT_DASH_STATE), &state);
    json_object_set_new(lt_dash_part(by_notice, LT_DASH_STATE), "minimum_lead_days",
                        json_integer(min_lead));
    define(d);
    return 0;
}

int lt_api_dashboard_activities(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "activities", false, &d);
    if (!status)
        status = lt_dash_activities(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
