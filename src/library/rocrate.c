/*
 * rocrate.c - ro-crate-metadata.json of a package; see rocrate.h.
 *
 * Why a flat graph with #local ids: RO-Crate 1.1 wants every entity once at
 * the top of @graph and references as {"@id": ...}; people and organisations
 * of the network have no stable URLs, so they get ids local to the crate.
 */
#include "lotse/rocrate.h"
#include "lotse/package.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *spdx, *url, *name;
} known_licences[] = {
    {"CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"},
    {"CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/", "CC BY-SA 4.0"},
    {"CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", "CC0 1.0"},
};

static const struct {
    const char *name, *description, *format;
} file_entities[] = {
    {LT_PACKAGE_BPMN, "The steps and their order as BPMN 2.0 XML with a diagram",
     "application/xml"},
    {LT_PACKAGE_RECORD, "The complete process version in Lotse's format lotse-process/1",
     "application/json"},
    {LT_PACKAGE_README, "The process as a readable document", "text/markdown"},
    {LT_PACKAGE_MANIFEST, "SHA-256 of every other file, as sha256sum -c reads it", "text/plain"},
    {LT_PACKAGE_SIGNATURE, "Ed25519 signature of manifest-sha256.txt by the publishing instance",
     "application/octet-stream"},
};

const char *lt_licence_url(lt_arena *a, const char *spdx)
{
    for (size_t i = 0; i < sizeof known_licences / sizeof *known_licences; i++)
        if (strcmp(known_licences[i].spdx, spdx) == 0)
            return known_licences[i].url;
    return lt_arena_printf(a, "https://spdx.org/licenses/%s.html", spdx);
}

static const char *licence_name(const char *spdx)
{
    for (size_t i = 0; i < sizeof known_licences / sizeof *known_licences; i++)
        if (strcmp(known_licences[i].spdx, spdx) == 0)
            return known_licences[i].name;
    return spdx;
}

static json_t *ref(const char *id)
{
    return json_pack("{s:s}", "@id", id);
}

/* Appends entity to graph unless one with its @id is there already. */
static void add(json_t *graph, json_t *entity)
{
    const char *id = json_string_value(json_object_get(entity, "@id"));
    size_t i;
    json_t *e;
    json_array_foreach(graph, i, e)
    {
        if (strcmp(json_string_value(json_object_get(e, "@id")), id) == 0) {
            json_decref(entity);
            return;
        }
    }
    json_array_append_new(graph, entity);
}

static const char *owner_id(lt_arena *a, const lt_process_owner *o)
{
    return o->region ? lt_arena_printf(a, "#region-%s", o->region) : "#fai";
}

static json_t *owner_entity(lt_arena *a, const lt_process_owner *o)
{
    json_t *e = json_pack("{s:s, s:s, s:s}", "@id", owner_id(a, o), "@type", "Organization", "name",
                          o->name);
    if (o->region)
        json_object_set_new(e, "identifier", json_string(o->region));
    return e;
}

/* The id of the organisation named `name` among the authors' (numbered by first mention). */
static const char *organisation_id(lt_arena *a, const lt_process *p, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nauthors; i++) {
        const char *org = p->authors[i].organisation;
        if (!*org)
            continue;
        bool earlier = false;
        for (size_t j = 0; j < i; j++)
            earlier |= strcmp(p->authors[j].organisation, org) == 0;
        if (!earlier)
            n++;
        if (strcmp(org, name) == 0)
            return lt_arena_printf(a, "#organisation-%zu", n);
    }
    abort(); /* only called with an author's organisation */
}

static json_t *root(lt_arena *a, const lt_process *p)
{
    json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s}", "@id", "./", "@type", "Dataset", "name",
                          p->name, "description", p->description, "identifier", p->key);
    json_object_set_new(r, "version", json_string(lt_arena_printf(a, "%ld", p->version)));
    if (p->published_at)
        json_object_set_new(r, "datePublished", json_string(p->published_at));
    json_object_set_new(r, "license", ref(lt_licence_url(a, p->licence)));
    json_t *authors = json_array();
    for (size_t i = 0; i < p->nauthors; i++)
        json_array_append_new(authors, ref(lt_arena_printf(a, "#author-%zu", i + 1)));
    json_object_set_new(r, "author", authors);
    json_object_set_new(r, "publisher", ref(owner_id(a, &p->owner)));
    if (p->ntags) {
        json_t *tags = json_array();
        for (size_t i = 0; i < p->ntags; i++)
            json_array_append_new(tags, json_string(p->tags[i]));
        json_object_set_new(r, "keywords", tags);
    }
    if (p->valid_from || p->valid_to)
        json_object_set_new(
            r, "temporalCoverage",
            json_string(lt_arena_printf(a, "%s/%s", p->valid_from ? p->valid_from : "..",
                                        p->valid_to ? p->valid_to : "..")));
    if (p->has_adapted_from)
        json_object_set_new(r, "isBasedOn", ref("#adapted-from"));
    json_t *parts = json_array();
    for (size_t i = 0; i < sizeof file_entities / sizeof *file_entities; i++)
        json_array_append_new(parts, ref(file_entities[i].name));
    json_object_set_new(r, "hasPart", parts);
    return r;
}

void lt_rocrate_write(lt_arena *a, const lt_process *p, lt_buf *out)
{
    json_t *graph = json_array();
    add(graph,
        json_pack("{s:s, s:s, s:o, s:o}", "@id", "ro-crate-metadata.json", "@type", "CreativeWork",
                  "conformsTo", ref(LT_ROCRATE_CONFORMS_TO), "about", ref("./")));
    add(graph, root(a, p));
    for (size_t i = 0; i < sizeof file_entities / sizeof *file_entities; i++)
        add(graph,
            json_pack("{s:s, s:s, s:s, s:s, s:s}", "@id", file_entities[i].name, "@type", "File",
                      "name", file_entities[i].name, "description", file_entities[i].description,
                      "encodingFormat", file_entities[i].format));
    add(graph,
        json_pack("{s:s, s:s, s:s, s:s}", "@id", lt_licence_url(a, p->licence), "@type",
                  "CreativeWork", "name", licence_name(p->licence), "identifier", p->licence));
    add(graph, owner_entity(a, &p->owner));
    for (size_t i = 0; i < p->nauthors; i++) {
        json_t *person =
            json_pack("{s:s, s:s, s:s}", "@id", lt_arena_printf(a, "#author-%zu", i + 1), "@type",
                      "Person", "name", p->authors[i].name);
        if (*p->authors[i].organisation)
            json_object_set_new(person, "affiliation",
                                ref(organisation_id(a, p, p->authors[i].organisation)));
        add(graph, person);
    }
    for (size_t i = 0; i < p->nauthors; i++)
        if (*p->authors[i].organisation)
            add(graph, json_pack("{s:s, s:s, s:s}", "@id",
                                 organisation_id(a, p, p->authors[i].organisation), "@type",
                                 "Organization", "name", p->authors[i].organisation));
    if (p->has_adapted_from) {
        const lt_process_owner *o = &p->adapted_from.owner;
        json_t *origin = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:o}", "@id", "#adapted-from", "@type", "CreativeWork",
            "name",
            lt_arena_printf(a, "%s, version %ld", p->adapted_from.key, p->adapted_from.version),
            "identifier", p->adapted_from.key, "version",
            lt_arena_printf(a, "%ld", p->adapted_from.version), "publisher", ref(owner_id(a, o)));
        add(graph, origin);
        add(graph, owner_entity(a, o));
    }
    json_t *crate = json_pack("{s:s, s:o}", "@context", LT_ROCRATE_CONTEXT, "@graph", graph);
    char *text = json_dumps(crate, JSON_INDENT(2));
    json_decref(crate);
    if (!text)
        abort();
    lt_buf_puts(out, text);
    lt_buf_puts(out, "\n");
    free(text);
}
