/*
 * policy_report.c - the report FAI leadership hands to the ministry
 * (GET /api/v1/dashboards/policy-report; docs/dashboards.md): the top
 * obstacles with the regions and inquiries behind each, the regions'
 * proposals, the development of inquiries by topic and the state of the
 * measures, as printable HTML or as Markdown.
 *
 * The figures are the dashboards' own (the same builders, all regions, so the
 * same suppression: the report and a dashboard of the same range cannot be
 * played off against each other). The proposals are the regions' free text,
 * written for the ministry: they appear here and in no dashboard, escaped for
 * the format (HTML: every text; Markdown: its syntax and any HTML in it). No
 * inline style: the future Content-Security-Policy forbids it.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/dashboard.h"
#include "lotse/problem.h"
#include "lotse/schema.h"
#include "policy_report_words.h"

#include <stdlib.h>
#include <string.h>

/* ---- writing either format ---- */

typedef struct report {
    lt_buf *out;
    bool html;
    lt_report_lang lang;
    lt_arena *a;
} report;

/* A text of the report in its language. */
static const char *say(const report *w, lt_report_text t)
{
    return lt_report_text_of(w->lang, t);
}

/*
 * Appends s as text of the format. HTML: the five special characters as
 * entities. Markdown: HTML's as entities too (a Markdown viewer would pass raw
 * HTML on), every character that starts inline markup (links, images,
 * emphasis, code, tables) with a backslash, line breaks as spaces.
 */
static void text(report *w, const char *s)
{
    for (; *s; s++) {
        const char *e = NULL;
        if (*s == '&' || *s == '<' || *s == '>')
            e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : "&gt;";
        else if (w->html && (*s == '"' || *s == '\''))
            e = *s == '"' ? "&quot;" : "&#39;";
        else if (!w->html && (*s == '\r' || *s == '\n'))
            e = " ";
        else if (!w->html && strchr("\\`*_[]|~#!", *s))
            lt_buf_append(w->out, "\\", 1);
        if (e)
            lt_buf_puts(w->out, e);
        else
            lt_buf_append(w->out, s, 1);
    }
}

static void heading(report *w, int level, const char *s)
{
    if (w->html) {
        lt_buf_printf(w->out, "<h%d>", level);
        text(w, s);
        lt_buf_printf(w->out, "</h%d>\n", level);
    } else {
        lt_buf_printf(w->out, "\n%.*s ", level, "######");
        text(w, s);
        lt_buf_puts(w->out, "\n\n");
    }
}

static void paragraph(report *w, const char *s)
{
    lt_buf_puts(w->out, w->html ? "<p>" : "");
    text(w, s);
    lt_buf_puts(w->out, w->html ? "</p>\n" : "\n\n");
}

static void row(report *w, size_t n, const char *const *cells, bool header)
{
    if (w->html) {
        lt_buf_puts(w->out, "<tr>");
        for (size_t i = 0; i < n; i++) {
            lt_buf_puts(w->out, header ? "<th>" : "<td>");
            text(w, cells[i]);
            lt_buf_puts(w->out, header ? "</th>" : "</td>");
        }
        lt_buf_puts(w->out, "</tr>\n");
        return;
    }
    lt_buf_puts(w->out, "|");
    for (size_t i = 0; i < n; i++) {
        lt_buf_puts(w->out, " ");
        text(w, cells[i]);
        lt_buf_puts(w->out, " |");
    }
    lt_buf_puts(w->out, "\n");
    if (header) {
        lt_buf_puts(w->out, "|");
        for (size_t i = 0; i < n; i++)
            lt_buf_puts(w->out, " --- |");
        lt_buf_puts(w->out, "\n");
    }
}

static void table_begin(report *w, size_t n, const char *const *headers)
{
    lt_buf_puts(w->out, w->html ? "<table>\n" : "");
    row(w, n, headers, true);
}

static void table_end(report *w)
{
    lt_buf_puts(w->out, w->html ? "</table>\n" : "\n");
}

/* A region's proposal: its own words, line by line, as a quotation. */
static void proposal(report *w, const char *who, const char *s)
{
    if (w->html) {
        lt_buf_puts(w->out, "<blockquote><p>");
        for (; *s; s++) {
            if (*s == '\n') {
                lt_buf_puts(w->out, "<br>");
                continue;
            }
            char c[2] = {*s, 0};
            text(w, c);
        }
        lt_buf_puts(w->out, "</p><footer>");
        text(w, who);
        lt_buf_puts(w->out, "</footer></blockquote>\n");
        return;
    }
    lt_buf_puts(w->out, "> ");
    for (bool start = true; *s; s++) {
        if (*s == '\n') {
            lt_buf_puts(w->out, "\n> ");
            start = true;
            continue;
        }
        if (start && strchr("-+=", *s)) /* no list or heading of the region's making */
            lt_buf_append(w->out, "\\", 1);
        start = false;
        char c[2] = {*s, 0};
        text(w, c);
    }
    lt_buf_puts(w->out, "\n>\n> — ");
    text(w, who);
    lt_buf_puts(w->out, "\n\n");
}

static const char *label(const report *w, lt_report_kind kind, const char *code)
{
    return lt_report_label(w->lang, kind, code);
}

/* A count as the report shows it: "suppressed" where the dashboards suppress it. */
static const char *count(report *w, bool shown, long n)
{
    return shown ? lt_report_number(w->a, w->lang, n) : say(w, LT_RT_SUPPRESSED);
}

/* ---- the sections ---- */

static void obstacles(report *w, const lt_dash *d, PGresult *proposals)
{
    lt_dash_grid *ranking = lt_dash_find(d, "ranking");
    heading(w, 2, say(w, LT_RT_TOP_OBSTACLES));
    paragraph(w, say(w, LT_RT_TOP_OBSTACLES_ABOUT));
    const char *const head[] = {say(w, LT_RT_RANK),       say(w, LT_RT_CATEGORY),
                                say(w, LT_RT_REGIONS),    say(w, LT_RT_INQUIRIES),
                                say(w, LT_RT_FIRST_HALF), say(w, LT_RT_SECOND_HALF),
                                say(w, LT_RT_TREND)};
    table_begin(w, 7, head);
    size_t *order = lt_arena_calloc(w->a, ranking->nrows + 1, sizeof *order);
    for (size_t c = 0; c < ranking->nrows; c++)
        order[json_integer_value(json_object_get(lt_dash_part(ranking, (int)c), "rank")) - 1] = c;
    for (size_t i = 0; i < ranking->nrows; i++) {
        size_t c = order[i];
        json_t *part = lt_dash_part(ranking, (int)c);
        long total, first, second;
        bool t = lt_dash_value(d, ranking, (int)c, 2, &total);
        bool f = lt_dash_value(d, ranking, (int)c, 0, &first);
        bool s = lt_dash_value(d, ranking, (int)c, 1, &second);
        if (t && total == 0)
            continue;
        const char *trend = json_string_value(json_object_get(part, "trend"));
        const char *cells[] = {
            lt_report_number(w->a, w->lang, (long)i + 1),
            label(w, LT_RK_OBSTACLE_CATEGORY, ranking->labels[c]),
            lt_report_number(w->a, w->lang,
                             (long)json_integer_value(json_object_get(part, "regions"))),
            count(w, t, total),
            count(w, f, first),
            count(w, s, second),
            trend ? label(w, LT_RK_TREND, trend) : (f && s ? "" : say(w, LT_RT_SUPPRESSED))};
        row(w, 7, cells, false);
    }
    table_end(w);
    heading(w, 2, say(w, LT_RT_PROPOSALS));
    paragraph(w, say(w, LT_RT_PROPOSALS_ABOUT));
    if (PQntuples(proposals) == 0)
        paragraph(w, say(w, LT_RT_NO_PROPOSAL));
    for (size_t i = 0; i < ranking->nrows; i++) {
        const char *category = ranking->labels[order[i]];
        bool first = true;
        for (int p = 0; p < PQntuples(proposals); p++) {
            if (strcmp(category, PQgetvalue(proposals, p, 1)) != 0)
                continue;
            if (first)
                heading(w, 3, label(w, LT_RK_OBSTACLE_CATEGORY, category));
            first = false;
            const char *level = PQgetisnull(proposals, p, 3) ? NULL : PQgetvalue(proposals, p, 3);
            const char *who =
                lt_arena_printf(w->a, say(w, LT_RT_PROPOSED_BY), PQgetvalue(proposals, p, 0),
                                label(w, LT_RK_SEVERITY, PQgetvalue(proposals, p, 2)));
            if (level)
                who = lt_arena_printf(w->a, "%s%s", who,
                                      lt_arena_printf(w->a, say(w, LT_RT_ADDRESSED_TO),
                                                      label(w, LT_RK_POLICY_LEVEL, level)));
            proposal(w, who, PQgetvalue(proposals, p, 4));
        }
    }
}

/* Inquiries by topic per quarter (per year for ranges over two years): a period's
 * mentions where every month of it is shown. */
static void topics(report *w, const lt_dash *d)
{
    lt_dash_grid *g = lt_dash_find(d, "topic_by_month");
    bool years = d->nmonths > 24;
    const char **periods = lt_arena_calloc(w->a, d->nmonths + 2, sizeof *periods);
    size_t *first = lt_arena_calloc(w->a, d->nmonths + 1, sizeof *first), np = 0;
    for (size_t m = 0; m < d->nmonths; m++) {
        int month = atoi(d->months[m] + 5);
        const char *p = years ? lt_arena_strndup(w->a, d->months[m], 4)
                              : lt_arena_printf(w->a, say(w, LT_RT_QUARTER), atoi(d->months[m]),
                                                (month - 1) / 3 + 1);
        if (np == 0 || strcmp(periods[np], p) != 0) {
            first[np] = m;
            periods[++np] = p;
        }
    }
    first[np] = d->nmonths;
    heading(w, 2, say(w, LT_RT_TOPICS));
    paragraph(w, say(w, years ? LT_RT_TOPICS_PER_YEAR : LT_RT_TOPICS_PER_QUARTER));
    periods[0] = say(w, LT_RT_TOPIC);
    table_begin(w, np + 1, periods);
    const char **cells = lt_arena_calloc(w->a, np + 1, sizeof *cells);
    for (size_t k = 0; k < g->nkeys; k++) {
        cells[0] = label(w, LT_RK_TOPIC, g->keys[k]);
        for (size_t p = 0; p < np; p++) {
            long sum = 0, v;
            bool shown = true;
            for (size_t m = first[p]; m < first[p + 1]; m++) {
                shown &= lt_dash_value(d, g, (int)m, k, &v);
                sum += v;
            }
            cells[p + 1] = count(w, shown, sum);
        }
        row(w, np + 1, cells, false);
    }
    table_end(w);
}

/* A share of the dashboards (a real, or null where there is nothing to divide by). */
static const char *share(report *w, json_t *v)
{
    return json_is_real(v) ? lt_report_percent(w->a, w->lang, json_real_value(v))
                           : say(w, LT_RT_NO_SHARE);
}

static void measures(report *w, const lt_dash *d)
{
    lt_dash_grid *g = lt_dash_find(d, "by_category");
    json_t *state = lt_dash_part(lt_dash_find(d, "by_status"), LT_DASH_STATE);
    heading(w, 2, say(w, LT_RT_MEASURES));
    json_t *done = json_object_get(state, "done_share"),
           *elapsed = json_object_get(state, "term_elapsed_share");
    paragraph(w, lt_arena_printf(
                     w->a, say(w, LT_RT_MEASURES_ABOUT), share(w, done),
                     lt_report_number(w->a, w->lang,
                                      (long)json_integer_value(json_object_get(state, "overdue"))),
                     share(w, elapsed)));
    const char *const head[] = {say(w, LT_RT_CATEGORY),    say(w, LT_RT_PLANNED),
                                say(w, LT_RT_IN_PROGRESS), say(w, LT_RT_DONE),
                                say(w, LT_RT_DROPPED),     say(w, LT_RT_ALL)};
    table_begin(w, 6, head);
    for (size_t c = 0; c <= g->nrows; c++) {
        const char *cells[6] = {c < g->nrows ? label(w, LT_RK_MEASURE_CATEGORY, g->labels[c])
                                             : say(w, LT_RT_ALL_CATEGORIES)};
        for (size_t k = 0; k <= g->nkeys; k++) {
            long v;
            bool shown = lt_dash_value(d, g, c < g->nrows ? (int)c : LT_DASH_STATE, k, &v);
            cells[k + 1] = count(w, shown, v);
        }
        row(w, 6, cells, false);
    }
    table_end(w);
}

#define PROPOSALS_SQL                                                                              \
    "SELECT p.region, p.category, p.severity, p.policy_level, p.proposal"                          \
    " FROM lotse.policy_proposals($1::date, $2::date) p"

const char *const lt_dash_report_sql[] = {PROPOSALS_SQL, NULL};

int lt_api_policy_report(lt_req *req, lt_resp *resp)
{
    lt_report_lang lang;
    if (!lt_report_lang_of(lt_req_query(req, "lang"), &lang)) {
        json_t *errors = NULL;
        lt_field_error(&errors, "lang", "must be de or en");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "The language is not one this report has.",
                          errors);
    }
    lt_dash inq, obs, mea;
    int status = lt_dash_begin(req, resp, "policy-report", true, &inq);
    if (status)
        return status;
    lt_dash_again(&obs, &inq, "obstacles");
    lt_dash_again(&mea, &inq, "measures");
    if ((status = lt_dash_inquiries(&inq, resp)) || (status = lt_dash_obstacles(&obs, resp)) ||
        (status = lt_dash_measures(&mea, resp)))
        return status;
    const char *params[] = {inq.from, inq.to};
    PGresult *proposals;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &proposals, PROPOSALS_SQL, 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    report w = {&resp->body, inq.format == LT_DASH_HTML, lang, req->arena};
    const char *title = lt_arena_printf(req->arena, say(&w, LT_RT_TITLE),
                                        lt_report_date(req->arena, lang, inq.from),
                                        lt_report_date(req->arena, lang, inq.to));
    if (w.html) {
        lt_buf_printf(w.out,
                      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<title>",
                      lt_report_lang_code(lang));
        text(&w, title);
        lt_buf_puts(w.out, "</title>\n<link rel=\"stylesheet\" href=\"/assets/report.css\">\n"
                           "</head>\n<body>\n");
    }
    heading(&w, 1, title);
    paragraph(&w, lt_arena_printf(
                      req->arena, say(&w, LT_RT_PREPARED),
                      lt_report_number(req->arena, lang, (long)inq.nregions),
                      lt_report_instant(req->arena, lang, inq.as_of, inq.as_of_berlin),
                      inq.k > 1 ? lt_arena_printf(req->arena, say(&w, LT_RT_PROTECTED), inq.k - 1)
                                : say(&w, LT_RT_UNPROTECTED)));
    obstacles(&w, &obs, proposals);
    topics(&w, &inq);
    measures(&w, &mea);
    if (w.html)
        lt_buf_puts(w.out, "</body>\n</html>\n");
    resp->content_type = w.html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8";
    return resp->status = 200;
}
