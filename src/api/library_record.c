/*
 * library_record.c - the process record of docs/process-format.md: its
 * validation, reading it back and creating a process; see library.h.
 *
 * Why the graph is checked here and again in the database: here every fault
 * is named by its path in one answer, so a person can fix a long record in one
 * go; the triggers of sql/0014_library.sql stop whatever reaches the tables by
 * another way.
 */
#include "lotse/library.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/problem.h"
#include "lotse/process_record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_STEPS = 200, MAX_VERSION = 100000 };

static const char *const formats[] = {"lotse-process/1", NULL};
static const char *const owner_kinds[] = {"region", "fai", NULL};

/* The members a client sets: the body of a create or change, and the part of
 * process.json lotse.process_content_set reads. */
#define CONTENT_FIELDS                                                                             \
    {"key", LT_F_TEXT, LT_FIELD_REQUIRED, 3, 64, NULL},                                            \
        {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},                                      \
        {"description", LT_F_LONGTEXT, 0, 0, 20000, NULL},                                         \
        {"target_groups", LT_F_ENUM_SET, LT_FIELD_REQUIRED, 1, 7, lt_process_target_groups},       \
        {"level", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, lt_process_levels},                          \
        {"legal_basis", LT_F_TEXT_LIST, 0, 0, 50, NULL},                                           \
        {"valid_from", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},                                  \
        {"valid_to", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},                                    \
        {"authors", LT_F_OBJECT_LIST, LT_FIELD_REQUIRED, 1, 50, NULL},                             \
        {"licence", LT_F_TEXT, 0, 1, 64, NULL}, {"tags", LT_F_TEXT_LIST, 0, 0, 50, NULL},          \
    {                                                                                              \
        "steps", LT_F_OBJECT_LIST, LT_FIELD_REQUIRED, 1, MAX_STEPS, NULL                           \
    }

static const lt_field body_fields[] = {
    {"format", LT_F_ENUM, 0, 0, 0, formats},
    CONTENT_FIELDS,
};
static const lt_schema body_schema = {"process", body_fields,
                                      sizeof body_fields / sizeof body_fields[0]};

/* process.json whole: the members the server owns too, each present. */
#define PRESENT (LT_FIELD_REQUIRED | LT_FIELD_NULLABLE)
static const lt_field file_fields[] = {
    {"format", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, formats},
    CONTENT_FIELDS,
    {"version", LT_F_INT, LT_FIELD_REQUIRED, 1, MAX_VERSION, NULL},
    {"status", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, lt_process_statuses},
    {"published_at", LT_F_TEXT, PRESENT, 20, 20, NULL},
    {"owner", LT_F_OBJECT, LT_FIELD_REQUIRED, 0, 0, NULL},
    {"adapted_from", LT_F_OBJECT, PRESENT, 0, 0, NULL},
};
static const lt_schema file_schema = {"process", file_fields,
                                      sizeof file_fields / sizeof file_fields[0]};

static const lt_field author_fields[] = {
    {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"organisation", LT_F_TEXT, 0, 0, 200, NULL},
};
static const lt_schema author_schema = {"author", author_fields,
                                        sizeof author_fields / sizeof author_fields[0]};

static const lt_field step_fields[] = {
    {"id", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 32, NULL},
    {"phase", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, lt_process_phases},
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"description", LT_F_LONGTEXT, 0, 0, 5000, NULL},
    {"actor", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, lt_process_actors},
    {"duration_days", LT_F_INT, LT_FIELD_NULLABLE, 0, 3650, NULL},
    {"documents", LT_F_NOTE_LIST, 0, 0, 50, NULL},
    {"checklist", LT_F_NOTE_LIST, 0, 0, 50, NULL},
    {"links", LT_F_OBJECT_LIST, 0, 0, 20, NULL},
    {"predecessors", LT_F_TEXT_LIST, 0, 0, MAX_STEPS, NULL},
};
static const lt_schema step_schema = {"step", step_fields,
                                      sizeof step_fields / sizeof step_fields[0]};

static const lt_field link_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"url", LT_F_URL, LT_FIELD_REQUIRED, 0, 2000, NULL},
};
static const lt_schema link_schema = {"link", link_fields,
                                      sizeof link_fields / sizeof link_fields[0]};

static const lt_field owner_fields[] = {
    {"kind", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, owner_kinds},
    {"region", LT_F_TEXT, PRESENT, 1, 64, NULL},
    {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
};
static const lt_schema owner_schema = {"owner", owner_fields,
                                       sizeof owner_fields / sizeof owner_fields[0]};

static const lt_field source_fields[] = {
    {"key", LT_F_TEXT, LT_FIELD_REQUIRED, 3, 64, NULL},
    {"version", LT_F_INT, LT_FIELD_REQUIRED, 1, MAX_VERSION, NULL},
    {"owner", LT_F_OBJECT, LT_FIELD_REQUIRED, 0, 0, NULL},
};
static const lt_schema source_schema = {"process version", source_fields,
                                        sizeof source_fields / sizeof source_fields[0]};

static void decref(void *v)
{
    json_decref(v);
}

bool lt_process_key_ok(const char *key)
{
    size_t n = strlen(key);
    if (n < 3 || n > 64 || !islower((unsigned char)key[0]))
        return false;
    return strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

static bool step_id_ok(const char *id)
{
    size_t n = strlen(id);
    return n >= 1 && n <= 32 && strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static bool licence_ok(const char *licence)
{
    size_t n = strlen(licence);
    return n >= 1 && n <= 64 &&
           strspn(licence, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-") ==
               n;
}

/* "2026-11-02T10:15:00Z", as lotse.utc writes a point in time. */
static bool utc_time_ok(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    return lt_is_date(date) && atoi(s + 11) < 24 && atoi(s + 14) < 60 && atoi(s + 17) < 60;
}

/* The validated text of field name in v, or NULL when it was absent, null or invalid. */
static const char *value_of(const lt_schema *s, const lt_values *v, const char *name)
{
    return v->text[lt_schema_index(s, name)];
}

/* Checks the elements of the array at member name of obj, each against s, under
 * path "<prefix><name>[i]". Only called when the array itself passed. */
static void check_each(lt_arena *a, json_t *obj, const char *prefix, const char *name,
                       const lt_schema *s, json_t **errors)
{
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(obj, name), i, item)
    {
        lt_values v;
        lt_check_object(a, s, item, LT_VALIDATE_CREATE,
                        lt_arena_printf(a, "%s%s[%zu]", prefix, name, i), &v, errors);
    }
}

/* An owner object at path: kind region names a region slug, kind fai none. */
static void check_owner(lt_arena *a, json_t *owner, const char *path, json_t **errors)
{
    lt_values v;
    if (!lt_check_object(a, &owner_schema, owner, LT_VALIDATE_CREATE, path, &v, errors))
        return;
    const char *kind = value_of(&owner_schema, &v, "kind");
    bool has_region = value_of(&owner_schema, &v, "region") != NULL;
    if (strcmp(kind, "region") == 0 && !has_region)
        lt_field_error(errors, lt_arena_printf(a, "%s.region", path), "names the owning region");
    if (strcmp(kind, "fai") == 0 && has_region)
        lt_field_error(errors, lt_arena_printf(a, "%s.region", path),
                       "must be null when the FAI owns the process");
}

/* The steps of one record while their graph is checked. */
struct graph {
    lt_arena *a;
    size_t n;
    const char **id; /* NULL when the step's id is not valid */
    size_t **preds;  /* indexes of each step's predecessors */
    size_t *npreds;
    unsigned char *mark; /* 0 unvisited, 1 on the current path, 2 done */
    size_t *path;        /* the current path of the depth-first search */
    size_t depth;
    bool cycle;
    json_t **errors;
};

static size_t index_of(const struct graph *g, const char *id)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->id[i] && strcmp(g->id[i], id) == 0)
            return i;
    return g->n;
}

/* Depth-first along predecessors; the first edge back into the current path is a
 * cycle, reported once at the step whose predecessor closes it. */
static void visit(struct graph *g, size_t i)
{
    g->mark[i] = 1;
    g->path[g->depth++] = i;
    for (size_t k = 0; k < g->npreds[i] && !g->cycle; k++) {
        size_t j = g->preds[i][k];
        if (g->mark[j] == 0) {
            visit(g, j);
        } else if (g->mark[j] == 1) {
            /* the path runs i_m <- ... <- i (each after the one before it) and j = i_m:
             * in the order of the flow that is j, i, the steps before i back to j */
            size_t m = g->depth;
            while (g->path[m - 1] != j)
                m--;
            lt_buf b;
            lt_buf_init(&b, g->a);
            lt_buf_printf(&b, "closes a cycle: %s", g->id[j]);
            for (size_t p = g->depth; p-- > m - 1;)
                lt_buf_printf(&b, " \xe2\x86\x92 %s", g->id[g->path[p]]);
            lt_field_error(g->errors, lt_arena_printf(g->a, "steps[%zu].predecessors", i), b.data);
            g->cycle = true;
        }
    }
    g->depth--;
    g->mark[i] = 2;
}

/* Step ids unique, predecessors steps of this record (not the step itself, none
 * twice), and no cycle. Only called when every step passed its schema. */
static void check_graph(lt_arena *a, json_t *steps, json_t **errors)
{
    struct graph g = {.a = a, .n = json_array_size(steps), .errors = errors};
    g.id = lt_arena_calloc(a, g.n, sizeof *g.id);
    g.preds = lt_arena_calloc(a, g.n, sizeof *g.preds);
    g.npreds = lt_arena_calloc(a, g.n, sizeof *g.npreds);
    g.mark = lt_arena_calloc(a, g.n, 1);
    g.path = lt_arena_calloc(a, g.n, sizeof *g.path);
    bool whole = true;
    for (size_t i = 0; i < g.n; i++) {
        const char *id = json_string_value(json_object_get(json_array_get(steps, i), "id"));
        size_t twin = index_of(&g, id);
        if (!step_id_ok(id)) {
            lt_field_error(errors, lt_arena_printf(a, "steps[%zu].id", i),
                           "must be 1 to 32 of a-z, 0-9, _ and -");
            whole = false;
        } else if (twin < g.n) {
            lt_field_error(errors, lt_arena_printf(a, "steps[%zu].id", i),
                           lt_arena_printf(a, "is also the id of steps[%zu]", twin));
            whole = false;
        } else {
            g.id[i] = id;
        }
    }
    for (size_t i = 0; i < g.n; i++) {
        json_t *preds = json_object_get(json_array_get(steps, i), "predecessors");
        g.preds[i] = lt_arena_calloc(a, json_array_size(preds) + 1, sizeof *g.preds[i]);
        size_t k;
        json_t *pred;
        json_array_foreach(preds, k, pred)
        {
            const char *name = json_string_value(pred);
            size_t j = index_of(&g, name);
            const char *field = lt_arena_printf(a, "steps[%zu].predecessors", i);
            bool twice = false;
            for (size_t p = 0; p < g.npreds[i]; p++)
                twice |= g.preds[i][p] == j;
            if (j == g.n) {
                lt_field_error(errors, field,
                               lt_arena_printf(a, "names no step of this process: %s", name));
                whole = false;
            } else if (j == i) {
                lt_field_error(errors, field, "must not name the step itself");
                whole = false;
            } else if (twice) {
                lt_field_error(errors, field, lt_arena_printf(a, "names %s twice", name));
                whole = false;
            } else {
                g.preds[i][g.npreds[i]++] = j;
            }
        }
    }
    for (size_t i = 0; whole && i < g.n && !g.cycle; i++)
        if (g.mark[i] == 0)
            visit(&g, i);
}

int lt_process_validate(lt_req *req, lt_resp *resp, json_t *record, lt_process_input input)
{
    lt_arena *a = req->arena;
    const lt_schema *s = input == LT_PROCESS_FILE ? &file_schema : &body_schema;
    json_t *errors = NULL;
    lt_values v;
    lt_check_object(a, s, record, LT_VALIDATE_CREATE, "", &v, &errors);
    const char *key = value_of(s, &v, "key");
    if (key && !lt_process_key_ok(key))
        lt_field_error(&errors, "key", "must be 3 to 64 of a-z, 0-9 and -, starting with a letter");
    const char *from = value_of(s, &v, "valid_from"), *to = value_of(s, &v, "valid_to");
    if (from && to && strcmp(to, from) < 0)
        lt_field_error(&errors, "valid_to", "must not be before valid_from");
    const char *licence = value_of(s, &v, "licence");
    if (licence && !licence_ok(licence))
        lt_field_error(&errors, "licence", "must be an SPDX licence identifier (e.g. CC-BY-4.0)");
    if (value_of(s, &v, "authors"))
        check_each(a, record, "", "authors", &author_schema, &errors);
    if (value_of(s, &v, "steps")) {
        json_t *steps = json_object_get(record, "steps");
        size_t before = errors ? json_array_size(errors) : 0, i;
        json_t *step;
        json_array_foreach(steps, i, step)
        {
            const char *path = lt_arena_printf(a, "steps[%zu]", i);
            lt_values sv;
            if (lt_check_object(a, &step_schema, step, LT_VALIDATE_CREATE, path, &sv, &errors) &&
                value_of(&step_schema, &sv, "links"))
                check_each(a, step, lt_arena_printf(a, "%s.", path), "links", &link_schema,
                           &errors);
        }
        if ((errors ? json_array_size(errors) : 0) == before)
            check_graph(a, steps, &errors);
    }
    if (input == LT_PROCESS_FILE) {
        const char *published = value_of(s, &v, "published_at");
        if (published && !utc_time_ok(published))
            lt_field_error(&errors, "published_at", "must be a UTC time as YYYY-MM-DDTHH:MM:SSZ");
        if (value_of(s, &v, "owner"))
            check_owner(a, json_object_get(record, "owner"), "owner", &errors);
        lt_values sv;
        if (value_of(s, &v, "adapted_from") &&
            lt_check_object(a, &source_schema, json_object_get(record, "adapted_from"),
                            LT_VALIDATE_CREATE, "adapted_from", &sv, &errors))
            check_owner(a, json_object_get(json_object_get(record, "adapted_from"), "owner"),
                        "adapted_from.owner", &errors);
    }
    if (!errors)
        return 0;
    return lt_problem(resp, req, LT_E_VALIDATION, "The process is not valid.", errors);
}

int lt_process_path(lt_req *req, lt_resp *resp, const char **key, int *version,
                    const char **version_text)
{
    const char *k = lt_req_param(req, "key"), *n = lt_req_param(req, "n");
    size_t len = n ? strlen(n) : 0;
    if (!k || !lt_process_key_ok(k) ||
        (n && (len < 1 || len > 6 || n[0] == '0' || strspn(n, "0123456789") != len ||
               atoi(n) > MAX_VERSION)))
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    *key = k;
    if (version)
        *version = n ? atoi(n) : 0;
    if (version_text)
        *version_text = n;
    return 0;
}

int lt_process_load(lt_req *req, lt_resp *resp, const char *key, int version, json_t **record,
                    int *revision)
{
    const char *params[] = {key, lt_arena_printf(req->arena, "%d", version)};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT lotse.process_record(v.key, v.version)::text, v.revision"
                                 " FROM lotse.process_versions v"
                                 " WHERE v.key = $1 AND v.version = $2::int",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, NULL, NULL);
    json_error_t e;
    *record = json_loads(PQgetvalue(res, 0, 0), 0, &e);
    if (!*record)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    lt_arena_on_reset(req->arena, decref, *record);
    *revision = atoi(PQgetvalue(res, 0, 1));
    return 0;
}

int lt_process_answer(lt_req *req, lt_resp *resp, const char *key, int version, int status)
{
    json_t *record;
    int revision, failed = lt_process_load(req, resp, key, version, &record, &revision);
    if (failed)
        return failed;
    char *text = json_dumps(record, JSON_COMPACT);
    if (!text)
        abort();
    lt_buf_puts(&resp->body, text);
    free(text);
    lt_etag_set(resp, revision);
    resp->content_type = "application/json";
    return resp->status = status;
}

int lt_process_create(lt_req *req, lt_resp *resp, int region_id, const char *key, json_t *record,
                      json_t *adapted_from)
{
    char *content = json_dumps(record, JSON_COMPACT);
    char *source = adapted_from ? json_dumps(adapted_from, JSON_COMPACT) : NULL;
    if (!content || (adapted_from && !source))
        abort();
    const char *params[] = {key, region_id ? lt_arena_printf(req->arena, "%d", region_id) : NULL,
                            lt_arena_strdup(req->arena, content),
                            source ? lt_arena_strdup(req->arena, source) : NULL};
    free(content);
    free(source);
    lt_db_status st = lt_db_exec(req->app->db, req->arena, NULL,
                                 "SELECT lotse.process_create($1, $2::smallint, $3::jsonb,"
                                 " $4::jsonb)",
                                 4, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23505") == 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "key", "is taken by another process: choose another key");
        return lt_problem(resp, req, LT_E_CONFLICT, "The key is taken.", errors);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, region_id, "process_created", "process_version",
                       lt_arena_printf(req->arena, "%s/1", key))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return 0;
}
