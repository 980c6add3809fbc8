/*
 * process_model.c - an accepted process record as C structs, its canonical
 * JSON text, and the readable names of phases and actors; see
 * process_record.h.
 *
 * Why copy into the arena: the package writers hold on to the strings longer
 * than the caller may keep the jansson tree, and the struct is all they read.
 */
#include "lotse/process_record.h"

#include <stdlib.h>
#include <string.h>

static const char *const phase_labels[] = {"Orientation",        "Recruitment", "Visa and entry",
                                           "Recognition",        "Arrival",     "Onboarding",
                                           "Social integration", "Retention"};
static const char *const actor_labels[] = {"Employer",
                                           "Skilled worker",
                                           "Foreign mission (embassy or consulate)",
                                           "Immigration office (Ausländerbehörde)",
                                           "Federal Employment Agency (Bundesagentur für Arbeit)",
                                           "Recognition body",
                                           "Welcome Office",
                                           "Chamber of industry and commerce (IHK)",
                                           "Chamber of crafts (HWK)",
                                           "Employment agency (Agentur für Arbeit)",
                                           "Municipality",
                                           "NRW Fachkräfteagentur International (FAI)",
                                           "Other"};

/*
 * The actors in German, as a diagram's lanes name them: the records are
 * German, and these are the words the web interface uses for the same values
 * (web/src/i18n-de.js, codes.processActor).
 */
static const char *const actor_lanes[] = {"Arbeitgeber",
                                          "Fachkraft",
                                          "Auslandsvertretung",
                                          "Ausländerbehörde",
                                          "Bundesagentur für Arbeit",
                                          "Anerkennungsstelle",
                                          "Welcome Center",
                                          "IHK",
                                          "HWK",
                                          "Agentur für Arbeit",
                                          "Kommune",
                                          "FAI",
                                          "Sonstige"};

static const char *label(const char *const *values, const char *const *labels, const char *v)
{
    for (size_t i = 0; values[i]; i++)
        if (strcmp(values[i], v) == 0)
            return labels[i];
    return v;
}

const char *lt_process_phase_label(const char *phase)
{
    return label(lt_process_phases, phase_labels, phase);
}

const char *lt_process_actor_label(const char *actor)
{
    return label(lt_process_actors, actor_labels, actor);
}

const char *lt_process_actor_lane(const char *actor)
{
    return label(lt_process_actors, actor_lanes, actor);
}

/* ---------------------------------------------------------------- parse */

static const char *str(lt_arena *a, json_t *obj, const char *name)
{
    return lt_arena_strdup(a, json_string_value(json_object_get(obj, name)));
}

static const char *str_or_null(lt_arena *a, json_t *obj, const char *name)
{
    json_t *v = json_object_get(obj, name);
    return json_is_string(v) ? lt_arena_strdup(a, json_string_value(v)) : NULL;
}

static const char **texts(lt_arena *a, json_t *arr, size_t *n)
{
    *n = json_array_size(arr);
    const char **out = lt_arena_calloc(a, *n + 1, sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = lt_arena_strdup(a, json_string_value(json_array_get(arr, i)));
    return out;
}

static void parse_owner(lt_arena *a, json_t *v, lt_process_owner *o)
{
    o->kind = str(a, v, "kind");
    o->region = str_or_null(a, v, "region");
    o->name = str(a, v, "name");
}

static size_t index_of(const lt_process *p, const char *id)
{
    for (size_t i = 0; i < p->nsteps; i++)
        if (strcmp(p->steps[i].id, id) == 0)
            return i;
    abort(); /* the check resolved every predecessor */
}

static void parse_step(lt_arena *a, json_t *v, lt_process_step *s)
{
    s->id = str(a, v, "id");
    s->phase = str(a, v, "phase");
    s->title = str(a, v, "title");
    s->description = str(a, v, "description");
    s->actor = str(a, v, "actor");
    json_t *d = json_object_get(v, "duration_days");
    s->duration_days = json_is_integer(d) ? (int)json_integer_value(d) : -1;
    s->documents = texts(a, json_object_get(v, "documents"), &s->ndocuments);
    s->checklist = texts(a, json_object_get(v, "checklist"), &s->nchecklist);
    json_t *links = json_object_get(v, "links");
    s->nlinks = json_array_size(links);
    s->links = lt_arena_calloc(a, s->nlinks + 1, sizeof *s->links);
    for (size_t i = 0; i < s->nlinks; i++) {
        s->links[i].title = str(a, json_array_get(links, i), "title");
        s->links[i].url = str(a, json_array_get(links, i), "url");
    }
}

/* Successors in step order, and each step's rank: the longest path to it. */
static void graph(lt_arena *a, lt_process *p)
{
    for (size_t i = 0; i < p->nsteps; i++)
        p->steps[i].succ = lt_arena_calloc(a, p->nsteps + 1, sizeof(size_t));
    for (size_t i = 0; i < p->nsteps; i++)
        for (size_t k = 0; k < p->steps[i].npred; k++) {
            lt_process_step *q = &p->steps[p->steps[i].pred[k]];
            q->succ[q->nsucc++] = i;
        }
    /* The graph has no cycle, so nsteps rounds of relaxation reach every longest path. */
    for (size_t i = 0; i < p->nsteps; i++)
        p->steps[i].rank = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < p->nsteps; i++)
            for (size_t k = 0; k < p->steps[i].npred; k++) {
                int r = p->steps[p->steps[i].pred[k]].rank + 1;
                if (r > p->steps[i].rank) {
                    p->steps[i].rank = r;
                    changed = true;
                }
            }
    }
}

size_t lt_process_parse(lt_arena *a, json_t *r, lt_process *p, json_t **errors)
{
    size_t n = lt_process_check(a, r, errors);
    if (n)
        return n;
    memset(p, 0, sizeof *p);
    p->key = str(a, r, "key");
    p->version = (long)json_integer_value(json_object_get(r, "version"));
    p->name = str(a, r, "name");
    p->description = str(a, r, "description");
    p->target_groups = texts(a, json_object_get(r, "target_groups"), &p->ntarget_groups);
    p->level = str(a, r, "level");
    p->legal_basis = texts(a, json_object_get(r, "legal_basis"), &p->nlegal_basis);
    p->valid_from = str_or_null(a, r, "valid_from");
    p->valid_to = str_or_null(a, r, "valid_to");
    parse_owner(a, json_object_get(r, "owner"), &p->owner);
    json_t *authors = json_object_get(r, "authors");
    p->nauthors = json_array_size(authors);
    p->authors = lt_arena_calloc(a, p->nauthors, sizeof *p->authors);
    for (size_t i = 0; i < p->nauthors; i++) {
        p->authors[i].name = str(a, json_array_get(authors, i), "name");
        p->authors[i].organisation = str(a, json_array_get(authors, i), "organisation");
    }
    p->licence = str(a, r, "licence");
    p->tags = texts(a, json_object_get(r, "tags"), &p->ntags);
    p->status = str(a, r, "status");
    p->published_at = str_or_null(a, r, "published_at");
    json_t *from = json_object_get(r, "adapted_from");
    if (json_is_object(from)) {
        p->has_adapted_from = true;
        p->adapted_from.key = str(a, from, "key");
        p->adapted_from.version = (long)json_integer_value(json_object_get(from, "version"));
        parse_owner(a, json_object_get(from, "owner"), &p->adapted_from.owner);
    }
    json_t *steps = json_object_get(r, "steps");
    p->nsteps = json_array_size(steps);
    p->steps = lt_arena_calloc(a, p->nsteps, sizeof *p->steps);
    for (size_t i = 0; i < p->nsteps; i++)
        parse_step(a, json_array_get(steps, i), &p->steps[i]);
    for (size_t i = 0; i < p->nsteps; i++) {
        json_t *preds = json_object_get(json_array_get(steps, i), "predecessors");
        lt_process_step *s = &p->steps[i];
        s->npred = json_array_size(preds);
        s->pred = lt_arena_calloc(a, s->npred + 1, sizeof *s->pred);
        for (size_t k = 0; k < s->npred; k++)
            s->pred[k] = index_of(p, json_string_value(json_array_get(preds, k)));
    }
    graph(a, p);
    return 0;
}

/* ---------------------------------------------------------------- canonical JSON */

static json_t *nullable(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *string_array(const char *const *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(v[i]));
    return arr;
}

static json_t *owner_json(const lt_process_owner *o)
{
    json_t *obj = json_object();
    json_object_set_new(obj, "kind", json_string(o->kind));
    json_object_set_new(obj, "region", nullable(o->region));
    json_object_set_new(obj, "name", json_string(o->name));
    return obj;
}

static json_t *step_json(const lt_process *p, const lt_process_step *s)
{
    json_t *obj = json_object(), *links = json_array(), *preds = json_array();
    json_object_set_new(obj, "id", json_string(s->id));
    json_object_set_new(obj, "phase", json_string(s->phase));
    json_object_set_new(obj, "title", json_string(s->title));
    json_object_set_new(obj, "description", json_string(s->description));
    json_object_set_new(obj, "actor", json_string(s->actor));
    json_object_set_new(obj, "duration_days",
                        s->duration_days < 0 ? json_null() : json_integer(s->duration_days));
    json_object_set_new(obj, "documents", string_array(s->documents, s->ndocuments));
    json_object_set_new(obj, "checklist", string_array(s->checklist, s->nchecklist));
    for (size_t i = 0; i < s->nlinks; i++)
        json_array_append_new(
            links, json_pack("{s:s, s:s}", "title", s->links[i].title, "url", s->links[i].url));
    json_object_set_new(obj, "links", links);
    for (size_t i = 0; i < s->npred; i++)
        json_array_append_new(preds, json_string(p->steps[s->pred[i]].id));
    json_object_set_new(obj, "predecessors", preds);
    return obj;
}

void lt_process_canonical(const lt_process *p, lt_buf *out)
{
    json_t *r = json_object(), *authors = json_array(), *steps = json_array();
    json_object_set_new(r, "format", json_string(LT_PROCESS_FORMAT));
    json_object_set_new(r, "key", json_string(p->key));
    json_object_set_new(r, "version", json_integer(p->version));
    json_object_set_new(r, "name", json_string(p->name));
    json_object_set_new(r, "description", json_string(p->description));
    json_object_set_new(r, "target_groups", string_array(p->target_groups, p->ntarget_groups));
    json_object_set_new(r, "level", json_string(p->level));
    json_object_set_new(r, "legal_basis", string_array(p->legal_basis, p->nlegal_basis));
    json_object_set_new(r, "valid_from", nullable(p->valid_from));
    json_object_set_new(r, "valid_to", nullable(p->valid_to));
    json_object_set_new(r, "owner", owner_json(&p->owner));
    for (size_t i = 0; i < p->nauthors; i++)
        json_array_append_new(authors, json_pack("{s:s, s:s}", "name", p->authors[i].name,
                                                 "organisation", p->authors[i].organisation));
    json_object_set_new(r, "authors", authors);
    json_object_set_new(r, "licence", json_string(p->licence));
    json_object_set_new(r, "tags", string_array(p->tags, p->ntags));
    json_object_set_new(r, "status", json_string(p->status));
    json_object_set_new(r, "published_at", nullable(p->published_at));
    if (p->has_adapted_from)
        json_object_set_new(r, "adapted_from",
                            json_pack("{s:s, s:I, s:o}", "key", p->adapted_from.key, "version",
                                      (json_int_t)p->adapted_from.version, "owner",
                                      owner_json(&p->adapted_from.owner)));
    else
        json_object_set_new(r, "adapted_from", json_null());
    for (size_t i = 0; i < p->nsteps; i++)
        json_array_append_new(steps, step_json(p, &p->steps[i]));
    json_object_set_new(r, "steps", steps);
    char *text = json_dumps(r, JSON_INDENT(2));
    json_decref(r);
    if (!text)
        abort(); /* out of memory: like an arena allocation */
    lt_buf_puts(out, text);
    lt_buf_puts(out, "\n");
    free(text);
}
