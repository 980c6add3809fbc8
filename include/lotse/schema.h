/*
 * schema.h - declarative validation of JSON bodies.
 *
 * Each resource describes its fields once (name, type, required, bounds,
 * allowed values) in a static lt_schema; lt_validate reads a request body
 * against it and either answers one 400 problem whose errors[] names every
 * field at fault (unknown, missing, wrong type, too long, not an allowed value,
 * not a date ...) or hands the handler each field as statement-parameter text
 * in schema order. Rules that tie fields together (an end after its start) stay
 * in the handler, which reports them with lt_field_error in the same shape.
 */
#ifndef LOTSE_SCHEMA_H
#define LOTSE_SCHEMA_H

#include "lotse/http.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum lt_field_type {
    LT_F_TEXT,      /* one line of text: min..max characters, no control characters */
    LT_F_LONGTEXT,  /* text with line breaks and tabs: min..max characters */
    LT_F_ENUM,      /* one of choices */
    LT_F_ENUM_SET,  /* array of distinct values from choices, min..max items */
    LT_F_TEXT_LIST, /* array of one-line texts (each 1..200 characters), min..max items */
    LT_F_DATE,      /* "YYYY-MM-DD", a real calendar date */
    LT_F_BOOL,      /* true or false */
    LT_F_INT,       /* a whole number from min to max */
    LT_F_URL,       /* an http or https URL of at most max characters */
    LT_F_EMAIL,     /* an email address (one @, no spaces), at most 254 bytes */
    LT_F_UUID,      /* a UUID in its canonical text form */
    LT_F_NOTE_LIST, /* array of one-line texts (each 1..500 characters), min..max items */
    /* Nested records: lt_validate checks only the shape (a JSON object; an array of
     * min..max objects) and hands the JSON text on; the handler checks the members of
     * each object with its own schema through lt_check_object. */
    LT_F_OBJECT,
    LT_F_OBJECT_LIST,
} lt_field_type;

enum {
    LT_FIELD_REQUIRED = 1u << 0, /* must be present on create and replace */
    LT_FIELD_NULLABLE = 1u << 1, /* null is accepted (stored as SQL NULL) */
};

typedef struct lt_field {
    const char *name;
    lt_field_type type;
    unsigned flags;
    long min, max;              /* characters, items or value, by type; max 0: type default */
    const char *const *choices; /* NULL-terminated, for the enum types */
} lt_field;

typedef struct lt_schema {
    const char *name; /* for messages: "measure" */
    const lt_field *fields;
    size_t nfields;
} lt_schema;

typedef enum lt_validate_mode {
    LT_VALIDATE_CREATE,  /* POST: required fields must be present */
    LT_VALIDATE_REPLACE, /* PUT: the same */
    LT_VALIDATE_PATCH,   /* PATCH: any subset, at least one field */
} lt_validate_mode;

/*
 * The validated values, one per schema field in schema order (arena memory):
 * text[i] is the value as a statement parameter (NULL for SQL NULL or absent;
 * arrays as JSON array text, booleans "true"/"false", numbers in decimal), and
 * given[i] says whether the body had the field (for PATCH: "t"/"f" text in
 * given_text[i], ready to bind as a boolean parameter).
 */
typedef struct lt_values {
    const char **text;
    bool *given;
    const char **given_text;
    size_t n;
} lt_values;

/*
 * Validates req->json against s. Returns 0 and fills *out, or writes a 400
 * problem (LT_E_VALIDATION, every error in errors[]) and returns 400.
 */
int lt_validate(lt_req *req, lt_resp *resp, const lt_schema *s, lt_validate_mode mode,
                lt_values *out);

/*
 * lt_validate without a request, for bodies that do not come as one (a row of
 * an imported file, csv_read.h): checks body against s, fills *out and returns
 * 0, or appends every error to *errors (created when NULL; the caller decrefs)
 * and returns -1. Values live in arena a.
 */
int lt_validate_json(lt_arena *a, json_t *body, const lt_schema *s, lt_validate_mode mode,
                     lt_values *out, json_t **errors);

/*
 * Checks one JSON object against s like lt_validate does a body (mode
 * LT_VALIDATE_CREATE or _REPLACE: required fields must be present), for the
 * nested records of a body: each error goes to *errors (created when NULL)
 * with its field named under path ("steps[3]" gives "steps[3].actor"; "" gives
 * "actor"). Fills *out (arena a). Returns true when it added no error. *errors
 * is the caller's: hand it to lt_problem (which takes it) or json_decref it.
 */
bool lt_check_object(lt_arena *a, const lt_schema *s, json_t *obj, lt_validate_mode mode,
                     const char *path, lt_values *out, json_t **errors);

/*
 * The statement parameters of a PATCH: the nlead parameters first, then for
 * each field i its pair given_text[i], text[i] — so $(nlead + 2i + 1) says
 * whether field i was sent and $(nlead + 2i + 2) is its value, for
 * "SET col = CASE WHEN $g THEN $v ELSE col END". *n receives the count.
 * Arena memory.
 */
const char **lt_values_patch_params(lt_arena *a, const lt_values *v, const char *const *lead,
                                    int nlead, int *n);

/* The index of a field by name; aborts if the schema has none (a programming error). */
size_t lt_schema_index(const lt_schema *s, const char *name);

/* Appends {"field": field, "message": message} to errors (created when *errors is NULL). */
void lt_field_error(json_t **errors, const char *field, const char *message);

/* True when v is one of the NULL-terminated choices. */
bool lt_is_choice(const char *const *choices, const char *v);
/* True when s is a real calendar date written YYYY-MM-DD (years 1900..2200). */
bool lt_is_date(const char *s);
/* True when s is a UUID in canonical text form (any case). */
bool lt_is_uuid(const char *s);
/* True when s is what LT_F_EMAIL accepts: one @ with text on both sides, no spaces or
 * control characters, 3 to 254 bytes. */
bool lt_is_email(const char *s);

/* Number of UTF-8 characters (code points) in s. */
size_t lt_utf8_chars(const char *s, size_t len);

#endif
