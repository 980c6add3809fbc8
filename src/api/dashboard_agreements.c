/*
 * dashboard_agreements.c - the regions' cooperation agreements
 * (GET /api/v1/dashboards/agreements; docs/dashboards.md): when the parties
 * signed, the term and its end, a termination, and the amendments pending or
 * signed in writing.
 *
 * Only dates and counts: never a signatory's name or an amendment's text.
 * Agreements are not people: nothing is suppressed.
 */
#include "lotse/api.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = {"proposed", "agreed", "rejected", "signed_in_writing"};
static const char *const events[] = {"proposed", "agreed", "signed"};
static const char *const states[] = {"draft", "signed", "terminated"};

#define N(a) (sizeof a / sizeof a[0])

#define STATES_SQL                                                                                 \
    "SELECT a.region_id, a.status, a.mags_signed_on::text, a.region_signed_on::text,"              \
    " a.fai_signed_on::text, a.term_start::text, a.term_end::text, a.terminated_on::text,"         \
    " a.amendments_proposed, a.amendments_agreed, a.amendments_rejected, a.amendments_signed"      \
    " FROM lotse.dash_agreement_states a WHERE a.region_id = ANY ($1::smallint[])"
#define EVENTS_SQL                                                                                 \
    "SELECT e.region_id, e.event, sum(e.n)::bigint FROM lotse.dash_amendment_events e"             \
    " WHERE e.region_id = ANY ($1::smallint[]) AND e.month BETWEEN $2::date AND $3::date"          \
    " GROUP BY 1, 2"

const char *const lt_dash_agreements_sql[] = {STATES_SQL, EVENTS_SQL, NULL};

int lt_dash_agreements(lt_dash *d, lt_resp *resp)
{
    PGresult *rows, *evs, *others, *others_events;
    lt_db_status st;
    if ((st = lt_dash_read(d, STATES_SQL, 1, &rows)) != LT_DB_OK ||
        (st = lt_dash_read(d, EVENTS_SQL, 3, &evs)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "agreements", &others)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "amendment_events", &others_events)) != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);
    lt_dash_grid *g =
        lt_dash_region_grid(d, "amendments", "amendments", false, N(statuses), statuses);
    lt_arena *a = d->req->arena;
    /* per region, the selected regions and the state: events in the range and agreements by
     * status */
    long *region_events = lt_arena_calloc(a, d->nregions * N(events), sizeof *region_events);
    long selected_events[N(events)] = {0}, state_events[N(events)] = {0};
    long selected_states[N(states)] = {0}, state_states[N(states)] = {0};
    for (int i = 0; i < PQntuples(rows); i++) {
        int region = atoi(PQgetvalue(rows, i, 0)), r = lt_dash_region_index(d, region);
        for (size_t s = 0; s < N(statuses); s++)
            lt_dash_add(d, g, region, statuses[s], atol(PQgetvalue(rows, i, 8 + (int)s)));
        for (size_t s = 0; r >= 0 && s < N(states); s++)
            if (strcmp(PQgetvalue(rows, i, 1), states[s]) == 0) {
                state_states[s]++;
                selected_states[s] += d->regions[r].shown;
            }
    }
    for (int i = 0; i < PQntuples(evs); i++) {
        int r = lt_dash_region_index(d, atoi(PQgetvalue(evs, i, 0)));
        for (size_t e = 0; r >= 0 && e < N(events); e++)
            if (strcmp(PQgetvalue(evs, i, 1), events[e]) == 0) {
                long n = atol(PQgetvalue(evs, i, 2));
                region_events[(size_t)r * N(events) + e] += n;
                state_events[e] += n;
                selected_events[e] += d->regions[r].shown ? n : 0;
            }
    }
    for (int i = 0; i < PQntuples(others); i++) {
        const char *dim = PQgetvalue(others, i, 1), *key = PQgetvalue(others, i, 2);
        long n = atol(PQgetvalue(others, i, 3));
        if (strcmp(dim, "amendments") == 0)
            lt_dash_add_others(g, key, n);
        for (size_t s = 0; strcmp(dim, "status") == 0 && s < N(states); s++)
            state_states[s] += strcmp(key, states[s]) == 0 ? n : 0;
    }
    for (int i = 0; i < PQntuples(others_events); i++)
        for (size_t e = 0; e < N(events); e++)
            state_events[e] += strcmp(PQgetvalue(others_events, i, 2), events[e]) == 0
                                   ? atol(PQgetvalue(others_events, i, 3))
                                   : 0;

    int status = lt_dash_protect(d, resp);
    if (status)
        return status;
    lt_dash_emit(d);
    static const char *const dates[] = {"status",        "mags_signed_on", "region_signed_on",
                                        "fai_signed_on", "term_start",     "term_end",
                                        "terminated_on"};
    for (int i = 0; i < PQntuples(rows); i++) {
        int r = lt_dash_region_index(d, atoi(PQgetvalue(rows, i, 0)));
        json_t *o = r >= 0 ? lt_dash_part(g, r) : NULL;
        if (!o)
            continue;
        for (int c = 0; c < (int)N(dates); c++)
            json_object_set_new(o, dates[c],
                                PQgetisnull(rows, i, c + 1)
                                    ? json_null()
                                    : json_string(PQgetvalue(rows, i, c + 1)));
        for (size_t e = 0; e < N(events); e++)
            json_object_set_new(o, lt_arena_printf(a, "%s_in_range", events[e]),
                                json_integer(region_events[(size_t)r * N(events) + e]));
    }
    /* pending: proposed or agreed, not yet signed in writing */
    for (int p = LT_DASH_STATE; p < (int)d->nregions; p++) {
        long proposed, agreed;
        json_t *o = lt_dash_part(g, p);
        if (!o)
            continue;
        lt_dash_value(d, g, p, 0, &proposed);
        lt_dash_value(d, g, p, 1, &agreed);
        json_object_set_new(o, "pending", json_integer(proposed + agreed));
    }
    json_t *parts[] = {lt_dash_part(g, LT_DASH_SELECTED), lt_dash_part(g, LT_DASH_STATE)};
    const long *part_events[] = {selected_events, state_events};
    const long *part_states[] = {selected_states, state_states};
    for (size_t p = 0; p < 2; p++) {
        for (size_t s = 0; s < N(states); s++)
            json_object_set_new(parts[p], lt_arena_printf(a, "agreements_%s", states[s]),
                                json_integer(part_states[p][s]));
        for (size_t e = 0; e < N(events); e++)
            json_object_set_new(parts[p], lt_arena_printf(a, "%s_in_range", events[e]),
                                json_integer(part_events[p][e]));
    }
    lt_dash_define(d, "amendments",
                   "Each region's agreement (lotse.agreements) as it stands now: its status, the"
                   " dates the ministry (mags), the region and the FAI signed, the term (from the"
                   " last of the three signatures to term_end) and a termination; its amendments"
                   " now by status (proposed and agreed are pending, as pending says;"
                   " signed_in_writing are in force); and the amendments proposed (created), "
                   "agreed and signed in writing"
                   " in the range. The selected regions and the state add up agreements by status"
                   " and the amendments.");
    return 0;
}

int lt_api_dashboard_agreements(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "agreements", false, &d);
    if (!status)
        status = lt_dash_agreements(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
