/*
 * json.c - request bodies: the JSON media type and strict parsing.
 *
 * Why a pre-scan before jansson: jansson parses recursively and only stops at
 * 2048 levels, so a body of 10,000 '[' would cost a deep stack and many small
 * allocations before being refused. One pass over the bytes counting brackets
 * outside strings refuses it first, in linear time and without allocating.
 *
 * Why our own error sentences: jansson's messages quote up to 20 bytes of the
 * input ("near '...'"), which may be anything. Details here name the kind of
 * error and its position; the only client text quoted is a duplicate key, after
 * jansson has decoded it to valid UTF-8, and at most KEY_ECHO_MAX bytes of it.
 */
#include "lotse/parse.h"

#include <string.h>
#include <strings.h>

enum { KEY_ECHO_MAX = 64 };

enum shape { SHAPE_OK, SHAPE_EMPTY, SHAPE_SCALAR, SHAPE_TOO_DEEP };

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Checks what jansson cannot check cheaply: that there is a value, that it is
 * an object or an array, and that no point is nested deeper than max_depth.
 * Brackets inside strings do not count; everything else is left to jansson.
 */
static enum shape prescan(const char *body, size_t len, int max_depth)
{
    size_t i = 0;
    while (i < len && is_ws((unsigned char)body[i]))
        i++;
    if (i == len)
        return SHAPE_EMPTY;
    if (body[i] != '[' && body[i] != '{')
        return SHAPE_SCALAR;

    long depth = 0;
    bool in_string = false;
    for (; i < len; i++) {
        char c = body[i];
        if (in_string) {
            if (c == '\\')
                i++; /* the escaped byte cannot end the string */
            else if (c == '"')
                in_string = false;
        } else if (c == '"')
            in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                return SHAPE_TOO_DEEP;
        } else if ((c == ']' || c == '}') && depth > 0)
            depth--;
    }
    return SHAPE_OK;
}

static void decref(void *v)
{
    json_decref(v);
}

/*
 * jansson refuses a duplicate key right after reading it, so the error
 * position is just past the key's closing quote. Finds the key's text by
 * walking back to its opening quote (the only quote inside a string that is
 * not escaped) and lets jansson decode it. NULL when that does not work out.
 */
static const char *duplicate_key(lt_arena *a, const char *body, size_t len, int position)
{
    if (position < 2 || (size_t)position > len || body[position - 1] != '"')
        return NULL;
    size_t end = (size_t)position - 1;
    for (size_t i = end; i-- > 0;) {
        if (body[i] != '"')
            continue;
        size_t backslashes = 0;
        while (backslashes < i && body[i - 1 - backslashes] == '\\')
            backslashes++;
        if (backslashes % 2)
            continue;
        json_error_t error;
        json_t *key = json_loadb(body + i, end + 1 - i, JSON_DECODE_ANY, &error);
        if (!json_is_string(key)) {
            json_decref(key);
            return NULL;
        }
        const char *s = json_string_value(key);
        char *copy =
            lt_arena_strndup(a, s, lt_utf8_prefix(s, json_string_length(key), KEY_ECHO_MAX));
        json_decref(key);
        return copy;
    }
    return NULL;
}

/* Our sentence for a jansson error; sets *err. */
static const char *explain(lt_arena *a, const char *body, size_t len, const json_error_t *error,
                           lt_error *err)
{
    *err = LT_E_INVALID_JSON;
    const char *what;
    switch (json_error_code(error)) {
    case json_error_duplicate_key: {
        const char *key = duplicate_key(a, body, len, error->position);
        return key ? lt_arena_printf(a, "duplicate key '%s' at line %d", key, error->line)
                   : lt_arena_printf(a, "duplicate key at line %d", error->line);
    }
    case json_error_invalid_utf8:
        *err = LT_E_INVALID_UTF8;
        what = "the request body is not valid UTF-8";
        break;
    case json_error_stack_overflow:
        *err = LT_E_JSON_TOO_DEEP;
        what = "the JSON value is nested too deeply";
        break;
    case json_error_out_of_memory:
        *err = LT_E_INTERNAL;
        return NULL;
    case json_error_premature_end_of_input:
        what = "the JSON value ends early";
        break;
    case json_error_end_of_input_expected:
        what = "there is more text after the JSON value";
        break;
    case json_error_null_character:
        what = "a JSON string contains \\u0000";
        break;
    case json_error_numeric_overflow:
        what = "a JSON number is out of range";
        break;
    default:
        what = "the request body is not valid JSON";
        break;
    }
    return lt_arena_printf(a, "%s (line %d, column %d)", what, error->line, error->column);
}

int lt_json_parse(lt_arena *a, const char *body, size_t len, int max_depth, json_t **out,
                  lt_error *err, const char **detail)
{
    *out = NULL;
    *detail = NULL;
    if (!body)
        len = 0;
    switch (prescan(body, len, max_depth)) {
    case SHAPE_OK:
        break;
    case SHAPE_EMPTY:
        *err = LT_E_INVALID_JSON;
        *detail = "the request body is empty";
        return -1;
    case SHAPE_SCALAR:
        *err = LT_E_INVALID_JSON;
        *detail = "the request body must be a JSON object or array";
        return -1;
    case SHAPE_TOO_DEEP:
        *err = LT_E_JSON_TOO_DEEP;
        *detail = lt_arena_printf(a, "the JSON value is nested deeper than %d levels", max_depth);
        return -1;
    }

    /* No JSON_DECODE_ANY (objects and arrays only), no JSON_ALLOW_NUL. */
    json_error_t error;
    json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &error);
    if (!v) {
        *detail = explain(a, body, len, &error, err);
        return -1;
    }
    lt_arena_on_reset(a, decref, v);
    *out = v;
    return 0;
}

/* Skips optional whitespace (RFC 9110 OWS). */
static const char *ows(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* RFC 9110 tchar: what a parameter name or an unquoted value is made of. */
static bool is_tchar(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("!#$%&'*+-.^_`|~", c));
}

/*
 * Reads one "; name=value" parameter (or none) starting at p, just after the ';'.
 * Returns the position after it, or NULL when it is malformed, or (utf8_only)
 * a charset other than UTF-8.
 */
static const char *parameter(const char *p, bool utf8_only)
{
    p = ows(p);
    if (*p == ';' || *p == '\0')
        return p; /* RFC 9110 allows an empty parameter */
    const char *name = p;
    while (is_tchar((unsigned char)*p))
        p++;
    size_t namelen = (size_t)(p - name);
    if (namelen == 0 || *p++ != '=')
        return NULL;
    const char *value = p;
    size_t valuelen;
    if (*p == '"') {
        value = ++p;
        while (*p && *p != '"' && *p != '\\')
            p++;
        if (*p != '"') /* unterminated, or an escape: no charset needs one */
            return NULL;
        valuelen = (size_t)(p++ - value);
    } else {
        while (is_tchar((unsigned char)*p))
            p++;
        valuelen = (size_t)(p - value);
        if (valuelen == 0)
            return NULL;
    }
    if (utf8_only && namelen == 7 && strncasecmp(name, "charset", 7) == 0 &&
        !(valuelen == 5 && strncasecmp(value, "utf-8", 5) == 0))
        return NULL;
    return ows(p);
}

/* lt_media_type_is, and JSON's rule that a charset can only be UTF-8. */
static bool media_type_is(const char *content_type, const char *media, bool utf8_only)
{
    if (!content_type)
        return false;
    size_t n = strlen(media);
    const char *p = ows(content_type);
    if (strncasecmp(p, media, n) != 0)
        return false;
    p = ows(p + n);
    while (*p == ';') {
        p = parameter(p + 1, utf8_only);
        if (!p)
            return false;
    }
    return *p == '\0';
}

bool lt_media_type_is(const char *content_type, const char *media)
{
    return media_type_is(content_type, media, false);
}

bool lt_content_type_is_json(const char *content_type)
{
    return media_type_is(content_type, "application/json", true);
}
