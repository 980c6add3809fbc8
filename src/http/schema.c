/*
 * schema.c - checks a JSON body against a resource's field descriptions; see
 * schema.h.
 *
 * Why every error at once: a person filling a form wants all their mistakes
 * named in one answer, not one per round trip.
 */
#include "lotse/schema.h"
#include "lotse/problem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    DEFAULT_TEXT_MAX = 200,
    DEFAULT_LONGTEXT_MAX = 20000,
    LIST_ITEM_MAX = 200,
    NOTE_ITEM_MAX = 500,
    DEFAULT_LIST_MAX = 50,
    URL_MAX = 2000,
    EMAIL_MAX = 254
};

void lt_field_error(json_t **errors, const char *field, const char *message)
{
    if (!*errors)
        *errors = json_array();
    json_array_append_new(*errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

size_t lt_utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

const char **lt_values_patch_params(lt_arena *a, const lt_values *v, const char *const *lead,
                                    int nlead, int *n)
{
    *n = nlead + 2 * (int)v->n;
    const char **params = lt_arena_calloc(a, (size_t)*n, sizeof *params);
    for (int i = 0; i < nlead; i++)
        params[i] = lead[i];
    for (size_t i = 0; i < v->n; i++) {
        params[nlead + 2 * i] = v->given_text[i];
        params[nlead + 2 * i + 1] = v->text[i];
    }
    return params;
}

size_t lt_schema_index(const lt_schema *s, const char *name)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (strcmp(s->fields[i].name, name) == 0)
            return i;
    abort();
}

static bool has_control(const char *s, bool allow_breaks)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c < 0x20 || c == 0x7f) && !(allow_breaks && (c == '\n' || c == '\r' || c == '\t')))
            return true;
    }
    return false;
}

bool lt_is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

bool lt_is_uuid(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

bool lt_is_email(const char *s)
{
    const char *at = strchr(s, '@');
    size_t n = strlen(s);
    return n >= 3 && n <= EMAIL_MAX && at && at != s && at[1] && !strchr(at + 1, '@') &&
           !strpbrk(s, " \t\r\n") && !has_control(s, false);
}

static bool is_url(const char *s)
{
    return (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) && strlen(s) > 8 &&
           !strpbrk(s, " \"<>\\^`{|}") && !has_control(s, false);
}

bool lt_is_choice(const char *const *choices, const char *v)
{
    for (const char *const *c = choices; c && *c; c++)
        if (strcmp(*c, v) == 0)
            return true;
    return false;
}

static const char *choices_message(lt_arena *a, const lt_field *f)
{
    lt_buf b;
    lt_buf_init(&b, a);
    lt_buf_puts(&b, "must be one of: ");
    for (const char *const *c = f->choices; c && *c; c++)
        lt_buf_printf(&b, "%s%s", c == f->choices ? "" : ", ", *c);
    return b.data;
}

/* A text value's problem, or NULL when it fits. */
static const char *text_problem(lt_arena *a, const lt_field *f, json_t *v, bool breaks, long dmax)
{
    if (!json_is_string(v))
        return "must be a text";
    const char *s = json_string_value(v);
    size_t chars = lt_utf8_chars(s, json_string_length(v));
    long max = f->max ? f->max : dmax, min = f->min;
    if ((long)chars < min || (long)chars > max)
        return min > 0 ? lt_arena_printf(a, "must be %ld to %ld characters", min, max)
                       : lt_arena_printf(a, "must be at most %ld characters", max);
    if (strlen(s) != json_string_length(v) || has_control(s, breaks))
        return breaks ? "must not contain control characters"
                      : "must be one line without control characters";
    return NULL;
}

/* Checks an array field; on success *text is its JSON text. */
static const char *list_problem(lt_arena *a, const lt_field *f, json_t *v, const char **text)
{
    long max = f->max ? f->max : DEFAULT_LIST_MAX;
    if (!json_is_array(v))
        return "must be a list";
    if ((long)json_array_size(v) < f->min || (long)json_array_size(v) > max)
        return lt_arena_printf(a, "must have %ld to %ld entries", f->min, max);
    size_t i, j;
    json_t *item;
    json_array_foreach(v, i, item)
    {
        if (f->type == LT_F_ENUM_SET) {
            if (!json_is_string(item) || !lt_is_choice(f->choices, json_string_value(item)))
                return choices_message(a, f);
            for (j = 0; j < i; j++)
                if (json_equal(item, json_array_get(v, j)))
                    return "must not name a value twice";
        } else if (f->type == LT_F_OBJECT_LIST) {
            if (!json_is_object(item))
                return "entries must be JSON objects";
        } else {
            long item_max = f->type == LT_F_NOTE_LIST ? NOTE_ITEM_MAX : LIST_ITEM_MAX;
            lt_field item_field = {"", LT_F_TEXT, 0, 1, item_max, NULL};
            if (text_problem(a, &item_field, item, false, item_max))
                return lt_arena_printf(a, "entries must be one line of 1 to %ld characters each",
                                       item_max);
        }
    }
    char *dump = json_dumps(v, JSON_COMPACT);
    if (!dump)
        abort();
    *text = lt_arena_strdup(a, dump);
    free(dump);
    return NULL;
}

/* Checks one present, non-null value; sets *text or returns the problem. */
static const char *value_problem(lt_arena *a, const lt_field *f, json_t *v, const char **text)
{
    const char *p = NULL, *s = json_string_value(v);
    switch (f->type) {
    case LT_F_TEXT:
        p = text_problem(a, f, v, false, DEFAULT_TEXT_MAX);
        break;
    case LT_F_LONGTEXT:
        p = text_problem(a, f, v, true, DEFAULT_LONGTEXT_MAX);
        break;
    case LT_F_ENUM:
        p = s && lt_is_choice(f->choices, s) ? NULL : choices_message(a, f);
        break;
    case LT_F_ENUM_SET:
    case LT_F_TEXT_LIST:
    case LT_F_NOTE_LIST:
    case LT_F_OBJECT_LIST:
        return list_problem(a, f, v, text);
    case LT_F_OBJECT: {
        if (!json_is_object(v))
            return "must be a JSON object";
        char *dump = json_dumps(v, JSON_COMPACT);
        if (!dump)
            abort();
        *text = lt_arena_strdup(a, dump);
        free(dump);
        return NULL;
    }
    case LT_F_DATE:
        p = s && lt_is_date(s) ? NULL : "must be a date as YYYY-MM-DD";
        break;
    case LT_F_BOOL:
        if (!json_is_boolean(v))
            return "must be true or false";
        *text = json_is_true(v) ? "true" : "false";
        return NULL;
    case LT_F_INT:
        if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max)
            return lt_arena_printf(a, "must be a whole number from %ld to %ld", f->min, f->max);
        *text = lt_arena_printf(a, "%lld", (long long)json_integer_value(v));
        return NULL;
    case LT_F_URL:
        p = s && json_string_length(v) <= (size_t)(f->max ? f->max : URL_MAX) && is_url(s)
                ? NULL
                : "must be an http or https address";
        break;
    case LT_F_EMAIL:
        p = s && lt_is_email(s) ? NULL : "must be an email address";
        break;
    case LT_F_UUID:
        p = s && lt_is_uuid(s) ? NULL : "must be an id (UUID)";
        break;
    }
    if (!p)
        *text = lt_arena_strdup(a, s);
    return p;
}

/* The name of field under path: "name" or "path.name" (arena memory). */
static const char *field_path(lt_arena *a, const char *path, const char *name)
{
    return *path ? lt_arena_printf(a, "%s.%s", path, name) : name;
}

/* Empty values for every field of s. */
static void values_init(lt_arena *a, const lt_schema *s, lt_values *out)
{
    out->n = s->nfields;
    out->text = lt_arena_calloc(a, s->nfields, sizeof *out->text);
    out->given = lt_arena_calloc(a, s->nfields, sizeof *out->given);
    out->given_text = lt_arena_calloc(a, s->nfields, sizeof *out->given_text);
    for (size_t i = 0; i < s->nfields; i++)
        out->given_text[i] = "f";
}

/* Checks the object obj against s; each error into *errors, named under path. */
static void check_members(lt_arena *a, const lt_schema *s, json_t *obj, lt_validate_mode mode,
                          const char *path, lt_values *out, json_t **errors)
{
    values_init(a, s, out);
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        bool known = false;
        for (size_t i = 0; i < s->nfields && !known; i++)
            known = strcmp(s->fields[i].name, key) == 0;
        if (!known) {
            size_t n = strlen(key) > 64 ? 64 : strlen(key);
            while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80)
                n--; /* cut on a character boundary */
            lt_field_error(errors, field_path(a, path, lt_arena_strndup(a, key, n)),
                           "is not a field of this record");
        }
    }
    for (size_t i = 0; i < s->nfields; i++) {
        const lt_field *f = &s->fields[i];
        v = json_object_get(obj, f->name);
        out->given[i] = v != NULL;
        out->given_text[i] = v ? "t" : "f";
        const char *problem = NULL;
        if (!v)
            problem =
                (f->flags & LT_FIELD_REQUIRED) && mode != LT_VALIDATE_PATCH ? "is required" : NULL;
        else if (json_is_null(v))
            problem = f->flags & LT_FIELD_NULLABLE ? NULL : "must not be null";
        else
            problem = value_problem(a, f, v, &out->text[i]);
        if (problem)
            lt_field_error(errors, field_path(a, path, f->name), problem);
    }
}

bool lt_check_object(lt_arena *a, const lt_schema *s, json_t *obj, lt_validate_mode mode,
                     const char *path, lt_values *out, json_t **errors)
{
    size_t before = *errors ? json_array_size(*errors) : 0;
    if (!json_is_object(obj)) {
        values_init(a, s, out);
        lt_field_error(errors, path, lt_arena_printf(a, "a %s must be a JSON object", s->name));
        return false;
    }
    check_members(a, s, obj, mode, path, out, errors);
    return (*errors ? json_array_size(*errors) : 0) == before;
}

int lt_validate_json(lt_arena *a, json_t *body, const lt_schema *s, lt_validate_mode mode,
                     lt_values *out, json_t **errors)
{
    size_t before = *errors ? json_array_size(*errors) : 0;
    if (!json_is_object(body)) {
        values_init(a, s, out);
        lt_field_error(errors, "", lt_arena_printf(a, "a %s must be a JSON object", s->name));
        return -1;
    }
    check_members(a, s, body, mode, "", out, errors);
    size_t given = 0;
    for (size_t i = 0; i < s->nfields; i++)
        given += out->given[i];
    bool found = *errors && json_array_size(*errors) > before;
    if (mode == LT_VALIDATE_PATCH && given == 0 && !found) {
        lt_field_error(errors, "", "name at least one field to change");
        found = true;
    }
    return found ? -1 : 0;
}

int lt_validate(lt_req *req, lt_resp *resp, const lt_schema *s, lt_validate_mode mode,
                lt_values *out)
{
    json_t *errors = NULL;
    if (lt_validate_json(req->arena, req->json, s, mode, out, &errors) == 0)
        return 0;
    if (!json_is_object(req->json))
        return lt_problem(resp, req, LT_E_VALIDATION, NULL, errors);
    return lt_problem(resp, req, LT_E_VALIDATION,
                      lt_arena_printf(req->arena, "The %s is not valid.", s->name), errors);
}
