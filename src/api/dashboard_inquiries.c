/*
 * dashboard_inquiries.c - employer inquiries across the regions
 * (GET /api/v1/dashboards/inquiries; docs/dashboards.md): by region and month,
 * topic, sector, size class, target country, receiver and referral, and the
 * distinct supported SMEs (ESF+ output indicator EECO19).
 *
 * Every count here is of inquiries (each one company's) or of companies, so
 * every figure is protected (dashboard.h). The figures that count each inquiry
 * once share their row totals (a region's inquiries) and grand total; the
 * topics by region and by month share their column totals.
 */
#include "lotse/api.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

static const char *const sectors[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
                                      "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "unknown"};
static const char *const sizes[] = {"micro", "small", "medium", "large", "unknown"};
static const char *const referrals[] = {"fai:referred", "fai:stays_with_fai", "fai:not_referred",
                                        "region:referred", "region:not_referred"};
static const char *const topics[] = {
    "recognition",          "visa_and_entry", "feg_pathways", "onboarding",
    "family_reunification", "housing",        "language",     "funding",
    "recruitment_agencies", "other",          "none"};
static const char *const smes[] = {"micro", "small", "medium"};

#define N(a) (sizeof a / sizeof a[0])

/* Every characteristic counted once per inquiry or per mention, over the range. */
#define FACTS_SQL                                                                                  \
    "SELECT s.region_id, s.dim, s.key, s.n FROM lotse.dash_inquiry_sums($1::smallint[],"           \
    " '{sector,size_class,referral,topic,country}', $2::date, $3::date) s"
/* Inquiries and topics per month (one rollup row each: its key is region, dim, month, key). */
#define MONTHS_SQL                                                                                 \
    "SELECT f.region_id, f.dim, to_char(f.month, 'YYYY-MM'), f.key, f.n::bigint"                   \
    " FROM lotse.dash_inquiry_facts f WHERE f.region_id = ANY ($1::smallint[])"                    \
    "  AND f.dim = ANY ('{total,topic}'::text[]) AND f.month BETWEEN $2::date AND $3::date"
/* Distinct companies: one of their months in the range whose previous month is not. */
#define COMPANIES_SQL                                                                              \
    "SELECT c.region_id, c.size_class, sum(c.n)::bigint FROM lotse.dash_company_counts c"          \
    " WHERE c.region_id = ANY ($1::smallint[]) AND c.month BETWEEN $2::date AND $3::date"          \
    "  AND c.prev_month < $2::date AND c.size_class = ANY ('{micro,small,medium}'::text[])"        \
    " GROUP BY 1, 2"

const char *const lt_dash_inquiries_sql[] = {FACTS_SQL, MONTHS_SQL, COMPANIES_SQL, NULL};

static int cmp_text(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    /* "none" last */
    return strcmp(x, "none") == 0 ? 1 : strcmp(y, "none") == 0 ? -1 : strcmp(x, y);
}

/* The target countries that occur, sorted, "none" last (the array in arena memory, the
 * names in the results; the grids copy them). */
static const char **countries_of(lt_dash *d, PGresult *mine, PGresult *others, size_t *n)
{
    size_t cap = (size_t)PQntuples(mine) + (size_t)PQntuples(others) + 1, count = 0;
    const char **keys = lt_arena_calloc(d->req->arena, cap, sizeof *keys);
    for (int pass = 0; pass < 2; pass++) {
        PGresult *res = pass ? others : mine;
        for (int i = 0; i < PQntuples(res); i++) {
            if (strcmp(PQgetvalue(res, i, 1), "country") != 0)
                continue;
            keys[count++] = PQgetvalue(res, i, 2);
        }
    }
    qsort(keys, count, sizeof *keys, cmp_text);
    size_t distinct = 0;
    for (size_t i = 0; i < count; i++)
        if (distinct == 0 || strcmp(keys[distinct - 1], keys[i]) != 0)
            keys[distinct++] = keys[i];
    *n = distinct;
    return keys;
}

/* The sum of keys [from, to) of a part, and whether every one is shown. */
static bool sum_of(const lt_dash *d, const lt_dash_grid *g, int part, size_t from, size_t to,
                   long *sum)
{
    bool shown = true;
    long v;
    *sum = 0;
    for (size_t k = from; k < to; k++) {
        shown &= lt_dash_value(d, g, part, k, &v);
        *sum += v;
    }
    return shown;
}

/* Received by the FAI or a region, and the referral rates, where they follow
 * from shown figures. */
static void referral_extras(const lt_dash *d, const lt_dash_grid *g, int part)
{
    json_t *o = lt_dash_part(g, part);
    if (!o)
        return;
    long fai, region, fai_referred, region_referred, total;
    bool fai_shown = sum_of(d, g, part, 0, 3, &fai);
    bool region_shown = sum_of(d, g, part, 3, 5, &region);
    bool fr = lt_dash_value(d, g, part, 0, &fai_referred);
    bool rr = lt_dash_value(d, g, part, 3, &region_referred);
    bool t = lt_dash_value(d, g, part, g->nkeys, &total);
    json_object_set_new(o, "received_by_fai", lt_dash_count(fai_shown, fai));
    json_object_set_new(o, "received_by_region", lt_dash_count(region_shown, region));
    json_object_set_new(o, "referral_rate",
                        lt_dash_ratio(fr && rr && t, fai_referred + region_referred, total));
    json_object_set_new(o, "fai_referral_rate", lt_dash_ratio(fr && fai_shown, fai_referred, fai));
}

static void define(lt_dash *d)
{
    lt_dash_define(d, "by_month",
                   "Employer inquiries (lotse.inquiries, each one company's) per region and month"
                   " of receipt (received_on).");
    lt_dash_define(d, "by_topic",
                   "Mentions of each topic by inquiries received in the range, per region: an"
                   " inquiry counts once for each of its topics, and once under none when it has"
                   " no topic.");
    lt_dash_define(d, "topic_by_month",
                   "The same mentions state-wide, per month of receipt: the development of"
                   " inquiries by topic.");
    lt_dash_define(d, "by_sector",
                   "Inquiries received in the range per region and WZ 2008 section of the company"
                   " (the company's when the inquiry names one, else the inquiry's own), unknown"
                   " when none was recorded.");
    lt_dash_define(d, "by_size_class",
                   "Inquiries received in the range per region and EU size class of the company"
                   " (taken like the sector).");
    lt_dash_define(d, "by_target_country",
                   "Mentions of each target country (ISO 3166-1) by inquiries received in the"
                   " range, per region; none for an inquiry without one.");
    lt_dash_define(d, "by_receiver_and_referral",
                   "Inquiries received in the range per region, by who received them (the FAI or"
                   " the region) and what became of them: referred (outcome referred, to a regional"
                   " offer), stays_with_fai (the employer chose the FAI's advice), not_referred."
                   " received_by_fai and received_by_region add them up; referral_rate is referred"
                   " of all, fai_referral_rate referred of those the FAI received.");
    lt_dash_define(d, "smes",
                   "ESF+ output indicator EECO19: distinct companies of size micro, small or"
                   " medium (their size class now) with at least one inquiry received in the"
                   " range, per region. Only companies with a record count: an inquiry without"
                   " one cannot be told apart from another.");
}

int lt_dash_inquiries(lt_dash *d, lt_resp *resp)
{
    PGresult *facts, *months, *companies, *others, *others_months, *others_companies;
    lt_db_status st;
    if ((st = lt_dash_read(d, FACTS_SQL, 3, &facts)) != LT_DB_OK ||
        (st = lt_dash_read(d, MONTHS_SQL, 3, &months)) != LT_DB_OK ||
        (st = lt_dash_read(d, COMPANIES_SQL, 3, &companies)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "inquiries", &others)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "inquiry_months", &others_months)) != LT_DB_OK ||
        (st = lt_dash_read_others(d, "companies", &others_companies)) != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);

    size_t ncountries;
    const char **countries = countries_of(d, facts, others, &ncountries);
    lt_dash_grid *by_month =
        lt_dash_region_grid(d, "by_month", "inquiries", true, d->nmonths, d->months);
    lt_dash_grid *by_topic =
        lt_dash_region_grid(d, "by_topic", "topic mentions", true, N(topics), topics);
    lt_dash_grid *topic_by_month = lt_dash_matrix(d, "topic_by_month", "topic mentions", true,
                                                  d->nmonths, d->months, N(topics), topics);
    lt_dash_grid *by_sector =
        lt_dash_region_grid(d, "by_sector", "inquiries", true, N(sectors), sectors);
    lt_dash_grid *by_size =
        lt_dash_region_grid(d, "by_size_class", "inquiries", true, N(sizes), sizes);
    lt_dash_grid *by_country = lt_dash_region_grid(d, "by_target_country", "country mentions", true,
                                                   ncountries, countries);
    lt_dash_grid *by_referral = lt_dash_region_grid(d, "by_receiver_and_referral", "inquiries",
                                                    true, N(referrals), referrals);
    lt_dash_grid *sme = lt_dash_region_grid(d, "smes", "companies", true, N(smes), smes);
    lt_dash_link(by_month, "inquiries", NULL);
    lt_dash_link(by_sector, "inquiries", NULL);
    lt_dash_link(by_size, "inquiries", NULL);
    lt_dash_link(by_referral, "inquiries", NULL);
    lt_dash_link(by_topic, NULL, "topics");
    lt_dash_link(topic_by_month, NULL, "topics");

    lt_dash_grid *by_dim[] = {by_sector, by_size, by_referral, by_topic, by_country};
    static const char *const dims[] = {"sector", "size_class", "referral", "topic", "country"};
    for (int i = 0; i < PQntuples(facts); i++)
        for (size_t j = 0; j < N(dims); j++)
            if (strcmp(PQgetvalue(facts, i, 1), dims[j]) == 0)
                lt_dash_add(d, by_dim[j], atoi(PQgetvalue(facts, i, 0)), PQgetvalue(facts, i, 2),
                            atol(PQgetvalue(facts, i, 3)));
    for (int i = 0; i < PQntuples(others); i++)
        for (size_t j = 0; j < N(dims); j++)
            if (strcmp(PQgetvalue(others, i, 1), dims[j]) == 0)
                lt_dash_add_others(by_dim[j], PQgetvalue(others, i, 2),
                                   atol(PQgetvalue(others, i, 3)));
    for (int i = 0; i < PQntuples(months); i++) {
        long n = atol(PQgetvalue(months, i, 4));
        if (strcmp(PQgetvalue(months, i, 1), "total") == 0)
            lt_dash_add(d, by_month, atoi(PQgetvalue(months, i, 0)), PQgetvalue(months, i, 2), n);
        else
            lt_dash_matrix_add(topic_by_month, PQgetvalue(months, i, 2), PQgetvalue(months, i, 3),
                               n, false);
    }
    for (int i = 0; i < PQntuples(others_months); i++) {
        long n = atol(PQgetvalue(others_months, i, 3));
        if (strcmp(PQgetvalue(others_months, i, 1), "total") == 0)
            lt_dash_add_others(by_month, PQgetvalue(others_months, i, 0), n);
        else if (strcmp(PQgetvalue(others_months, i, 1), "topic") == 0)
            lt_dash_matrix_add(topic_by_month, PQgetvalue(others_months, i, 0),
                               PQgetvalue(others_months, i, 2), n, true);
    }
    for (int i = 0; i < PQntuples(companies); i++)
        lt_dash_add(d, sme, atoi(PQgetvalue(companies, i, 0)), PQgetvalue(companies, i, 1),
                    atol(PQgetvalue(companies, i, 2)));
    for (int i = 0; i < PQntuples(others_companies); i++)
        lt_dash_add_others(sme, PQgetvalue(others_companies, i, 2),
                           atol(PQgetvalue(others_companies, i, 3)));

    int status = lt_dash_protect(d, resp);
    if (status)
        return status;
    lt_dash_emit(d);
    for (size_t r = 0; r < d->nregions; r++)
        referral_extras(d, by_referral, (int)r);
    referral_extras(d, by_referral, LT_DASH_SELECTED);
    referral_extras(d, by_referral, LT_DASH_STATE);
    define(d);
    return 0;
}

int lt_api_dashboard_inquiries(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "inquiries", false, &d);
    if (!status)
        status = lt_dash_inquiries(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
