/*
 * process_records.c - the process.json of each version of a demo process
 * (docs/process-format.md), built with jansson: a region's own process from
 * a theme of process_texts.c, its second version, and the copy a region
 * adapts from another's. The members are those lotse.process_record answers,
 * in its order, so the loaded record is the built one (src/cli/demo_library.c
 * compares them).
 */
#include "demo_internal.h"
#include "lotse/process_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY      86400
#define FLOW_MAX 32
#define PRED_MAX 8

/* tmpl with "{R}" the region, "{P}" the place and "{F}" the focus put in. */
static void fill(char *out, size_t cap, const char *tmpl, const char *region, const char *place,
                 const char *focus)
{
    size_t n = 0;
    for (const char *p = tmpl; *p && n + 1 < cap;) {
        const char *put = NULL;
        if (p[0] == '{' && p[1] && p[2] == '}')
            put = p[1] == 'R' ? region : p[1] == 'P' ? place : p[1] == 'F' ? focus : NULL;
        if (put) {
            n += (size_t)snprintf(out + n, cap - n, "%s", put);
            if (n >= cap)
                n = cap - 1;
            p += 3;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
}

static const char *place_of(const demo_region_plan *g)
{
    return g->n_places > 0 ? g->places[0] : g->locations[0];
}

static void format_day(char *out, size_t cap, int64_t t)
{
    int y, m, d;
    demo_civil_from_days((int32_t)(t / DAY), &y, &m, &d);
    snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
}

/* "2026-03-02T10:15:00Z", as lotse.utc writes it. */
static json_t *utc(int64_t t)
{
    char b[40], day[16];
    format_day(day, sizeof day, t);
    int s = (int)(t % DAY);
    snprintf(b, sizeof b, "%sT%02d:%02d:%02dZ", day, s / 3600, s / 60 % 60, s % 60);
    return json_string(b);
}

bool demo_utc_parse(const char *s, int64_t *t)
{
    int y, mo, d, h, mi, se, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 ||
        s[n] != '\0')
        return false;
    *t = (int64_t)demo_days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + se;
    return true;
}

/* "a|b|c" as a JSON array of texts; "" as an empty one. */
static json_t *strings(const char *list)
{
    json_t *a = json_array();
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, "|");
        json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == '|');
    }
    return a;
}

static bool has_string(json_t *array, const char *s)
{
    for (size_t i = 0; i < json_array_size(array); i++)
        if (strcmp(json_string_value(json_array_get(array, i)), s) == 0)
            return true;
    return false;
}

static json_t *owner_of(const demo_region_plan *g)
{
    return json_pack("{s:s, s:s, s:s}", "kind", "region", "region", g->region->slug, "name",
                     g->region->name);
}

static const demo_step_text *step_text(const char *id)
{
    for (size_t i = 0; i < demo_n_step_texts; i++)
        if (strcmp(demo_step_texts[i].id, id) == 0)
            return &demo_step_texts[i];
    abort(); /* a theme names a step the catalogue lacks: a bug in process_texts.c */
}

/* ------------------------------------------------------------ records */

static void set_state(json_t *rec, const demo_process_version *v)
{
    json_object_set_new(rec, "status", json_string(v->status));
    json_object_set_new(rec, "published_at", v->published ? utc(v->published) : json_null());
}

/* The record's members in the order of docs/process-format.md. */
static json_t *record_new(const char *key, int version, const char *name, const char *description)
{
    json_t *rec = json_object();
    json_object_set_new(rec, "format", json_string(LT_PROCESS_FORMAT));
    json_object_set_new(rec, "key", json_string(key));
    json_object_set_new(rec, "version", json_integer(version));
    json_object_set_new(rec, "name", json_string(name));
    json_object_set_new(rec, "description", json_string(description));
    return rec;
}

typedef struct flow_step {
    char id[33];
    bool optional, kept;
    int pred[PRED_MAX], n_pred;
    int eff[PRED_MAX], n_eff; /* the predecessors once the steps left out are gone */
} flow_step;

static int parse_flow(const char *flow, flow_step *steps)
{
    int n = 0;
    for (const char *p = flow; *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        if (!*p)
            break;
        if (n == FLOW_MAX)
            abort();
        flow_step *s = &steps[n];
        memset(s, 0, sizeof *s);
        if ((s->optional = *p == '?'))
            p++;
        size_t len = strcspn(p, ":; ");
        if (len == 0 || len >= sizeof s->id)
            abort();
        memcpy(s->id, p, len);
        p += len;
        if (*p == ':')
            for (p++;;) {
                while (*p == ' ')
                    p++;
                size_t m = strcspn(p, " ;");
                if (m == 0)
                    break;
                int k = 0;
                while (k < n && !(strlen(steps[k].id) == m && strncmp(steps[k].id, p, m) == 0))
                    k++;
                if (k == n || s->n_pred == PRED_MAX) /* a predecessor must come first */
                    abort();
                s->pred[s->n_pred++] = k;
                p += m;
            }
        n++;
    }
    return n;
}

static void add_pred(flow_step *s, int k)
{
    for (int i = 0; i < s->n_eff; i++)
        if (s->eff[i] == k)
            return;
    if (s->n_eff < PRED_MAX)
        s->eff[s->n_eff++] = k;
}

static json_t *step_json(lt_rand *r, const demo_step_text *t, const char *id, json_t *preds)
{
    int days = t->duration * (80 + (int)lt_rand_below(r, 51)) / 100;
    if (t->duration > 0 && days < 1)
        days = 1;
    json_t *links = json_array();
    if (t->link_title)
        json_array_append_new(links,
                              json_pack("{s:s, s:s}", "title", t->link_title, "url", t->link_url));
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o}", "id", id, "phase",
                     t->phase, "title", t->title, "description", t->description, "actor", t->actor,
                     "duration_days", days, "documents", strings(t->documents), "checklist",
                     strings(t->checklist), "links", links, "predecessors", preds);
}

static json_t *theme_steps(lt_rand *r, const demo_process_theme *th)
{
    flow_step f[FLOW_MAX];
    int n = parse_flow(th->flow, f);
    json_t *steps = json_array();
    for (int i = 0; i < n; i++) {
        f[i].kept = !f[i].optional || lt_rand_percent(r, 65);
        for (int k = 0; k < f[i].n_pred; k++)
            if (f[f[i].pred[k]].kept)
                add_pred(&f[i], f[i].pred[k]);
        for (int k = 0; f[i].n_eff == 0 && k < f[i].n_pred; k++)
            for (int e = 0; e < f[f[i].pred[k]].n_eff; e++)
                add_pred(&f[i], f[f[i].pred[k]].eff[e]);
        if (!f[i].kept)
            continue;
        json_t *preds = json_array();
        for (int k = 0; k < f[i].n_eff; k++)
            json_array_append_new(preds, json_string(f[f[i].eff[k]].id));
        json_array_append_new(steps, step_json(r, step_text(f[i].id), f[i].id, preds));
    }
    return steps;
}

static void add_author(json_t *authors, const demo_region_plan *g, long index,
                       const char *organisation)
{
    demo_person p;
    demo_person_make(g, ST_PROCESS_AUTHOR, index, &p);
    json_array_append_new(authors,
                          json_pack("{s:s, s:s}", "name", p.name, "organisation", organisation));
}

/* Version 1 of a region's own process of theme th. */
json_t *demo_record_own(const demo_region_plan *g, const demo_process *p, int repeat)
{
    const demo_process_theme *th = &demo_process_themes[p->theme];
    lt_rand r;
    demo_rand(&r, g->key, ST_PROCESS_TEXT, (uint64_t)p->serial);
    const char *region = g->region->name, *place = place_of(g);
    char name[400], title[300], note[600], description[2000], org[300];
    json_t *focus = strings(th->focus);
    size_t pick = ((size_t)lt_rand_below(&r, 3) + (size_t)repeat) % json_array_size(focus);
    fill(title, sizeof title, th->name, region, place,
         json_string_value(json_array_get(focus, pick)));
    json_decref(focus);
    snprintf(name, sizeof name, "%s – %s", title, region);
    fill(note, sizeof note, demo_any(&r, demo_process_region_notes, demo_n_process_region_notes),
         region, place, "");
    snprintf(description, sizeof description, "%s %s", th->description, note);
    json_t *rec = record_new(p->key, 1, name, description);
    json_object_set_new(rec, "target_groups", strings(th->target_groups));
    json_object_set_new(rec, "level", json_string(lt_rand_percent(&r, 70) ? "local" : "reference"));
    json_object_set_new(rec, "legal_basis", strings(th->legal_basis));
    char day[16];
    format_day(day, sizeof day, p->v[0].created);
    json_object_set_new(rec, "valid_from",
                        lt_rand_percent(&r, 80) ? json_string(day) : json_null());
    json_object_set_new(rec, "valid_to", json_null());
    json_object_set_new(rec, "owner", owner_of(g));
    json_t *authors = json_array();
    snprintf(org, sizeof org, "Koordinierungsstelle %s", region);
    add_author(authors, g, 2L * p->serial, org);
    if (lt_rand_percent(&r, 40)) {
        snprintf(org, sizeof org, "Welcome Center %s", place);
        add_author(authors, g, 2L * p->serial + 1, org);
    }
    json_object_set_new(rec, "authors", authors);
    json_object_set_new(rec, "licence",
                        json_string(lt_rand_percent(&r, 88) ? "CC-BY-4.0" : "CC-BY-SA-4.0"));
    json_t *tags = strings(th->tags);
    json_array_append_new(tags, json_string(place));
    json_object_set_new(rec, "tags", tags);
    set_state(rec, &p->v[0]);
    json_object_set_new(rec, "adapted_from", json_null());
    json_object_set_new(rec, "steps", theme_steps(&r, th));
    return rec;
}

/* The member's text and text after it, if the description's 20,000 characters
 * leave room (counted in bytes, which is never fewer). */
static void append_text(json_t *rec, const char *member, const char *text)
{
    const char *old = json_string_value(json_object_get(rec, member));
    size_t n = strlen(old) + 1 + strlen(text);
    if (n > 20000)
        return;
    size_t a = strlen(old);
    char *buf = malloc(n + 1);
    if (!buf)
        abort();
    memcpy(buf, old, a);
    buf[a] = ' ';
    memcpy(buf + a + 1, text, strlen(text) + 1);
    json_object_set_new(rec, member, json_string(buf));
    free(buf);
}

/* A step id not yet in steps: base, or base-2, base-3, ... */
static void free_step_id(json_t *steps, const char *base, char *out, size_t cap)
{
    for (int n = 1;; n++) {
        if (n == 1)
            snprintf(out, cap, "%s", base);
        else
            snprintf(out, cap, "%s-%d", base, n);
        bool taken = false;
        for (size_t i = 0; i < json_array_size(steps) && !taken; i++)
            taken = strcmp(json_string_value(json_object_get(json_array_get(steps, i), "id")),
                           out) == 0;
        if (!taken)
            return;
    }
}

/* Version 2: version 1 revised after a while. */
json_t *demo_record_next(const demo_region_plan *g, const demo_process *p, json_t *first)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_PROCESS_TEXT, 100000 + (uint64_t)p->serial);
    json_t *rec = json_deep_copy(first);
    json_object_set_new(rec, "version", json_integer(2));
    append_text(rec, "description",
                demo_any(&r, demo_process_version_notes, demo_n_process_version_notes));
    char day[16];
    format_day(day, sizeof day, p->v[1].created);
    json_object_set_new(rec, "valid_from", json_string(day));
    set_state(rec, &p->v[1]);
    json_t *steps = json_object_get(rec, "steps");
    json_t *step = json_array_get(steps, lt_rand_below(&r, json_array_size(steps)));
    json_int_t days = json_integer_value(json_object_get(step, "duration_days"));
    json_object_set_new(step, "duration_days", json_integer(days + 1 + days / 3));
    json_t *checklist = json_object_get(step, "checklist");
    const char *item = "Zeitplan mit allen Beteiligten abgestimmt";
    if (!has_string(checklist, item))
        json_array_append_new(checklist, json_string(item));
    char id[40];
    free_step_id(steps, "rueckmeldung", id, sizeof id);
    if (strcmp(id, "rueckmeldung") == 0 && lt_rand_percent(&r, 50)) {
        json_t *last = json_array_get(steps, json_array_size(steps) - 1);
        json_t *preds = json_array();
        json_array_append(preds, json_object_get(last, "id"));
        json_array_append_new(steps, step_json(&r, step_text(id), id, preds));
    }
    return rec;
}

/* The copy a region makes of version `version` (index) of the source process. */
json_t *demo_record_adapted(const demo_region_plan *g, const demo_process *p, json_t *from,
                            const demo_region_plan *from_region)
{
    lt_rand r;
    demo_rand(&r, g->key, ST_PROCESS_TEXT, 200000 + (uint64_t)p->serial);
    const char *region = g->region->name, *place = place_of(g);
    json_t *rec = json_deep_copy(from);
    json_object_set_new(rec, "key", json_string(p->key));
    json_object_set_new(rec, "version", json_integer(1));
    char name[600];
    const char *old = json_string_value(json_object_get(from, "name"));
    const char *dash = strstr(old, " – ");
    size_t keep = dash ? (size_t)(dash - old) : strlen(old);
    if (keep > 160) /* room for the region, cut between two characters */
        for (keep = 160; keep > 0 && ((unsigned char)old[keep] & 0xc0) == 0x80; keep--)
            ;
    snprintf(name, sizeof name, "%.*s – %s", (int)keep, old, region);
    json_object_set_new(rec, "name", json_string(name));
    char note[600];
    fill(note, sizeof note,
         demo_any(&r, demo_process_adaptation_notes, demo_n_process_adaptation_notes), region,
         place, "");
    append_text(rec, "description", note);
    json_object_set_new(rec, "level", json_string("local"));
    char day[16];
    format_day(day, sizeof day, p->v[0].created);
    json_object_set_new(rec, "valid_from", json_string(day));
    json_object_set_new(rec, "valid_to", json_null());
    json_object_set_new(rec, "owner", owner_of(g));
    char org[300];
    snprintf(org, sizeof org, "Koordinierungsstelle %s", region);
    json_t *authors = json_object_get(rec, "authors");
    if (json_array_size(authors) < 50)
        add_author(authors, g, 2L * p->serial, org);
    /* the place the source named becomes the adopter's */
    json_t *tags = json_object_get(rec, "tags");
    for (size_t i = 0; from_region && i < json_array_size(tags); i++)
        if (strcmp(json_string_value(json_array_get(tags, i)), place_of(from_region)) == 0)
            json_array_remove(tags, i--);
    if (json_array_size(tags) < 50 && !has_string(tags, place))
        json_array_append_new(tags, json_string(place));
    set_state(rec, &p->v[0]);
    json_object_set_new(rec, "adapted_from",
                        json_pack("{s:O, s:O, s:O}", "key", json_object_get(from, "key"), "version",
                                  json_object_get(from, "version"), "owner",
                                  json_object_get(from, "owner")));
    /* the region's own welcome day, after the arrival */
    json_t *steps = json_object_get(rec, "steps");
    if (json_array_size(steps) < LT_PROCESS_MAX_STEPS) {
        json_t *after = json_array_get(steps, json_array_size(steps) - 1), *s;
        size_t i;
        json_array_foreach(steps, i, s)
        {
            if (strcmp(json_string_value(json_object_get(s, "phase")), "arrival") == 0) {
                after = s;
                break;
            }
        }
        char id[40], title[300];
        free_step_id(steps, "willkommen-region", id, sizeof id);
        json_t *preds = json_array();
        json_array_append(preds, json_object_get(after, "id"));
        json_t *step = step_json(&r, step_text("willkommenstag"), id, preds);
        snprintf(title, sizeof title, "Willkommenstag in %s", place);
        json_object_set_new(step, "title", json_string(title));
        json_array_append_new(steps, step);
    }
    return rec;
}
