/*
 * csv_row.c - the rows of an imported CSV file as records a resource's schema
 * can check, and names compared as a person compares them; see
 * include/lotse/csv_read.h ("rows as records").
 *
 * Why conversion and validation are apart: lt_validate is the one judge of a
 * record, whether it came as JSON or from a file, so the rules of a field live
 * in one place. What a file adds is only how office users write values (dates
 * as DD.MM.YYYY, WAHR and ja for true, lists in one cell); that is turned into
 * the JSON lt_validate expects here, and everything else is left to it.
 */
#include "lotse/csv_read.h"
#include "lotse/parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- names */

/* The next character of s that counts for a name, folded to lower case, or 0 at
 * the end; advances *s. Latin-1 capitals (U+00C0..U+00DE but U+00D7) are C3 80..9E. */
static unsigned name_unit(const char **s)
{
    for (;;) {
        unsigned char c = (unsigned char)**s;
        if (c == 0)
            return 0;
        (*s)++;
        if (c == ' ' || c == '_' || c == '-' || c == '.')
            continue;
        if (c >= 'A' && c <= 'Z')
            return c + 32u;
        if (c == 0xC3 && **s) {
            unsigned char d = (unsigned char)*(*s)++;
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                d += 0x20;
            return 0xC300u | d;
        }
        return c;
    }
}

bool lt_csv_name_equal(const char *x, const char *y)
{
    for (;;) {
        unsigned a = name_unit(&x), b = name_unit(&y);
        if (a != b)
            return false;
        if (a == 0)
            return true;
    }
}

/* ---------------------------------------------------------------- the column map */

/* How many bytes of a name from the file a message repeats (printf's %.*s). */
static int shown(const char *name)
{
    return (int)lt_utf8_prefix(name, strlen(name), 100);
}

static bool names_column(const lt_csv_import_column *c, const char *header)
{
    if (lt_csv_name_equal(c->field, header))
        return true;
    for (const char *const *alias = c->aliases; alias && *alias; alias++)
        if (lt_csv_name_equal(*alias, header))
            return true;
    return false;
}

static const char *expected_columns(lt_arena *a, const lt_csv_import_column *cols, size_t n)
{
    lt_buf b;
    lt_buf_init(&b, a);
    for (size_t i = 0; i < n; i++)
        lt_buf_printf(&b, "%s%s", i ? ", " : "", cols[i].field);
    return b.data;
}

static const char *missing_message(lt_arena *a, const lt_csv_import_column *c)
{
    lt_buf b;
    lt_buf_init(&b, a);
    lt_buf_printf(&b, "the required column \"%s\" is missing", c->field);
    for (const char *const *alias = c->aliases; alias && *alias; alias++)
        lt_buf_printf(&b, "%s\"%s\"", alias == c->aliases ? " (it may also be named " : ", ",
                      *alias);
    if (c->aliases && *c->aliases)
        lt_buf_puts(&b, ")");
    return b.data;
}

lt_csv_column_map *lt_csv_map_columns(lt_arena *a, const lt_csv_table *t, const lt_schema *s,
                                      const lt_csv_import_column *columns, size_t ncolumns,
                                      unsigned flags, lt_csv_errors *errors)
{
    if (!columns) {
        lt_csv_import_column *all = lt_arena_calloc(a, s->nfields, sizeof *all);
        for (size_t i = 0; i < s->nfields; i++)
            all[i].field = s->fields[i].name;
        columns = all;
        ncolumns = s->nfields;
    }
    lt_csv_column_map *m = lt_arena_calloc(a, 1, sizeof *m);
    *m = (lt_csv_column_map){s, columns, ncolumns, lt_arena_alloc(a, ncolumns * sizeof(int)),
                             lt_arena_alloc(a, ncolumns * sizeof(char *))};
    for (size_t i = 0; i < ncolumns; i++) {
        (void)lt_schema_index(s, columns[i].field); /* aborts when the field is unknown */
        m->file_column[i] = -1;
        m->name[i] = columns[i].field;
    }
    size_t before = errors->total;
    for (size_t j = 0; j < t->ncols; j++) {
        const char *h = t->header[j];
        if (!h[0])
            continue; /* the reader has named it */
        size_t i = 0;
        while (i < ncolumns && !names_column(&columns[i], h))
            i++;
        if (i == ncolumns) {
            if (!(flags & LT_CSV_MAP_IGNORE_UNKNOWN))
                lt_csv_errors_add(errors, t->header_line, h, NULL,
                                  lt_arena_printf(a,
                                                  "the import has no such column; its columns "
                                                  "are: %s",
                                                  expected_columns(a, columns, ncolumns)));
            continue;
        }
        if (m->file_column[i] >= 0) {
            lt_csv_errors_add(errors, t->header_line, h, columns[i].field,
                              lt_arena_printf(a, "the columns \"%.*s\" and \"%.*s\" both give %s",
                                              shown(m->name[i]), m->name[i], shown(h), h,
                                              columns[i].field));
            continue;
        }
        m->file_column[i] = (int)j;
        m->name[i] = h;
    }
    for (size_t i = 0; i < ncolumns; i++) {
        const lt_field *f = &s->fields[lt_schema_index(s, columns[i].field)];
        bool required = columns[i].required || (f->flags & LT_FIELD_REQUIRED);
        if (required && m->file_column[i] < 0)
            lt_csv_errors_add(errors, t->header_line, NULL, columns[i].field,
                              missing_message(a, &columns[i]));
    }
    return errors->total > before ? NULL : m;
}

/* ---------------------------------------------------------------- values */

/* s without white space (spaces, tabs, line breaks, no-break spaces) around
 * it: an arena copy. */
static char *trimmed(lt_arena *a, const char *s, size_t len)
{
    for (;;) {
        if (len > 0 && strchr(" \t\r\n", s[0])) {
            s++;
            len--;
        } else if (len > 1 && s[0] == '\xC2' && s[1] == '\xA0') {
            s += 2;
            len -= 2;
        } else
            break;
    }
    for (;;) {
        if (len > 0 && strchr(" \t\r\n", s[len - 1]))
            len--;
        else if (len > 1 && s[len - 2] == '\xC2' && s[len - 1] == '\xA0')
            len -= 2;
        else
            break;
    }
    return lt_arena_strndup(a, s, len);
}

/* The canonical choice for what a person wrote, or NULL. */
static const char *choice_of(const lt_field *f, const lt_csv_import_column *c, const char *v)
{
    for (const char *const *choice = f->choices; choice && *choice; choice++)
        if (lt_csv_name_equal(*choice, v))
            return *choice;
    for (const lt_csv_label *l = c->labels; l && l->label; l++)
        if (lt_csv_name_equal(l->label, v))
            return l->value;
    return NULL;
}

static json_t *enum_value(const lt_field *f, const lt_csv_import_column *c, const char *v)
{
    const char *choice = choice_of(f, c, v);
    return json_string(choice ? choice : v); /* unknown: lt_validate names the choices */
}

/* The entries of a list cell, split at any of seps, trimmed, empty ones dropped. */
static json_t *list_value(lt_arena *a, const lt_field *f, const lt_csv_import_column *c,
                          const char *v, const char *seps)
{
    json_t *list = json_array();
    while (*v) {
        size_t n = strcspn(v, seps);
        char *item = trimmed(a, v, n);
        if (*item)
            json_array_append_new(list, f->type == LT_F_ENUM_SET ? enum_value(f, c, item)
                                                                 : json_string(item));
        v += n;
        if (*v)
            v++;
    }
    return list;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

/* YYYY-MM-DD for a date written so or as D.M.YYYY (one or two digits), or NULL. */
static const char *iso_date(lt_arena *a, const char *v)
{
    if (lt_is_date(v))
        return v;
    const char *month = strchr(v, '.');
    const char *year = month ? strchr(month + 1, '.') : NULL;
    if (!year)
        return NULL;
    month++;
    year++;
    size_t nd = (size_t)(month - 1 - v), nm = (size_t)(year - 1 - month);
    if (nd > 2 || nm > 2 || !all_digits(v, nd) || !all_digits(month, nm) || strlen(year) != 4 ||
        !all_digits(year, 4))
        return NULL;
    char *iso = lt_arena_printf(a, "%s-%02d-%02d", year, atoi(month), atoi(v));
    return lt_is_date(iso) ? iso : NULL;
}

static json_t *bool_value(const char *v)
{
    static const char *const yes[] = {"ja", "j", "yes", "y", "true", "wahr", "1", "x", NULL};
    static const char *const no[] = {"nein", "n", "no", "false", "falsch", "0", NULL};
    for (const char *const *w = yes; *w; w++)
        if (lt_csv_name_equal(*w, v))
            return json_true();
    for (const char *const *w = no; *w; w++)
        if (lt_csv_name_equal(*w, v))
            return json_false();
    return NULL;
}

static json_t *int_value(const char *v)
{
    const char *digits = v + (*v == '+' || *v == '-');
    if (!all_digits(digits, strlen(digits)))
        return NULL;
    errno = 0;
    long long n = strtoll(v, NULL, 10);
    return errno ? NULL : json_integer((json_int_t)n);
}

/* A leading ' the CSV writer put before what looks like a formula (csv.h). */
static const char *undefused(const char *v)
{
    return v[0] == '\'' && v[1] && strchr("=+-@", v[1]) ? v + 1 : v;
}

/*
 * The JSON value of one cell for field f: NULL with *problem NULL when the cell
 * is empty, NULL with *problem set when it cannot be converted.
 */
static json_t *cell_value(lt_arena *a, const lt_field *f, const lt_csv_import_column *c,
                          const char *cell, const char **problem)
{
    *problem = NULL;
    char *v = trimmed(a, cell, strlen(cell));
    if (!*v)
        return NULL;
    json_t *out = NULL;
    switch (f->type) {
    case LT_F_LONGTEXT:
        out = json_string(undefused(cell)); /* as written, not trimmed */
        break;
    case LT_F_TEXT:
        out = json_string(undefused(v));
        break;
    case LT_F_ENUM:
        out = enum_value(f, c, v);
        break;
    case LT_F_ENUM_SET:
        out = list_value(a, f, c, v, ";,|\n");
        break;
    case LT_F_TEXT_LIST:
        out = list_value(a, f, c, v, ";\n");
        break;
    case LT_F_DATE: {
        const char *iso = iso_date(a, v);
        out = iso ? json_string(iso) : NULL;
        *problem = iso ? NULL : "must be a date as DD.MM.YYYY or YYYY-MM-DD";
        break;
    }
    case LT_F_BOOL:
        out = bool_value(v);
        *problem = out ? NULL : "must be yes or no (ja/nein, wahr/falsch, true/false, 1/0, x)";
        break;
    case LT_F_INT:
        out = int_value(v);
        *problem = out ? NULL : "must be a whole number (digits only)";
        break;
    default:
        out = json_string(v);
        break;
    }
    if (!out && !*problem)
        *problem = "is not valid text"; /* json_string refused it; the reader gives UTF-8 */
    return out;
}

static void decref(void *v)
{
    json_decref(v);
}

/* The row's object (a new reference); failed[i] set for the columns whose
 * value could not be converted, each named in errors. */
static json_t *row_object(lt_arena *a, const lt_csv_column_map *m, const lt_csv_row *row,
                          bool *failed, lt_csv_errors *errors)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < m->ncolumns; i++) {
        if (m->file_column[i] < 0)
            continue;
        const lt_csv_import_column *c = &m->columns[i];
        const lt_field *f = &m->schema->fields[lt_schema_index(m->schema, c->field)];
        const char *problem;
        json_t *v = cell_value(a, f, c, row->values[m->file_column[i]], &problem);
        if (problem) {
            lt_csv_errors_add(errors, row->line, m->name[i], c->field, problem);
            if (failed)
                failed[i] = true;
        }
        if (v)
            json_object_set_new(obj, c->field, v);
    }
    return obj;
}

json_t *lt_csv_row_json(lt_arena *a, const lt_csv_column_map *m, const lt_csv_row *row,
                        lt_csv_errors *errors)
{
    json_t *obj = row_object(a, m, row, NULL, errors);
    lt_arena_on_reset(a, decref, obj);
    return obj;
}

int lt_csv_row_validate(lt_arena *a, const lt_csv_column_map *m, const lt_csv_row *row,
                        lt_values *out, json_t **json, lt_csv_errors *errors)
{
    bool *failed = lt_arena_calloc(a, m->ncolumns ? m->ncolumns : 1, sizeof *failed);
    size_t before = errors->total;
    json_t *obj = row_object(a, m, row, failed, errors);
    json_t *found = NULL;
    lt_validate_json(a, obj, m->schema, LT_VALIDATE_CREATE, out, &found);
    if (json) {
        lt_arena_on_reset(a, decref, obj);
        *json = obj;
    } else {
        json_decref(obj);
    }
    size_t k;
    json_t *e;
    json_array_foreach(found, k, e)
    {
        const char *field = json_string_value(json_object_get(e, "field"));
        const char *column = NULL;
        bool named = false;
        for (size_t i = 0; i < m->ncolumns && !named; i++)
            if (strcmp(m->columns[i].field, field) == 0) {
                named = failed[i];
                column = m->file_column[i] >= 0 ? m->name[i] : NULL;
            }
        if (!named)
            lt_csv_errors_add(errors, row->line, column, lt_arena_strdup(a, field),
                              lt_arena_strdup(a, json_string_value(json_object_get(e, "message"))));
    }
    json_decref(found);
    return errors->total > before ? -1 : 0;
}
