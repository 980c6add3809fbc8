/*
 * process_record.h - one version of a model process (docs/process-format.md),
 * checked and read into plain C structs.
 *
 * The record travels as JSON: the library answers it, a best-practice package
 * carries it as process.json, an import reads it back. lt_process_check is the
 * one place that decides whether a record is acceptable; everything that
 * writes a package (bpmn.h, rocrate.h, package.h) works on the lt_process that
 * lt_process_parse makes of an accepted record, so it never meets a value the
 * format does not allow.
 *
 * Beyond the table of docs/process-format.md the check refuses, so that every
 * accepted record can be written as XML and Markdown: texts holding U+FFFE or
 * U+FFFF (not allowed in XML), a published_at on a draft or in_progress
 * version, and more than 50 entries in legal_basis, tags or authors.
 *
 * Errors are {"field", "message"} objects (schema.h's lt_field_error) whose
 * field is a path into the record: "steps[3].predecessors[0]",
 * "owner.region", "authors[0].name". Every error is reported, not only the first.
 * The messages are the API's (schema.h's wording where a rule is the same:
 * "is required", "is not a field of this record", "must be one of: ..."), so
 * a record is refused in the same words whether it came as the body of a
 * create or change (library.h's lt_process_validate), in an imported package,
 * or is a stored version that a package is made of.
 */
#ifndef LOTSE_PROCESS_RECORD_H
#define LOTSE_PROCESS_RECORD_H

#include "lotse/arena.h"
#include "lotse/buf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define LT_PROCESS_FORMAT      "lotse-process/1"
#define LT_PROCESS_MAX_STEPS   200
#define LT_PROCESS_MAX_VERSION 100000 /* lotse.process_versions allows no more */

/* What a record to check is. */
typedef enum lt_process_input {
    /* A whole process.json (a package's, or a stored version as the API
     * answers it): every member of docs/process-format.md present, null where
     * the format allows it. */
    LT_PROCESS_FILE,
    /* The body of a create or change: the members a client sets. The members
     * the server owns (version, owner, status, published_at, adapted_from) are
     * refused like unknown ones; format, description, legal_basis, valid_from,
     * valid_to, licence, tags, an author's organisation and a step's
     * description, duration_days, documents, checklist, links and predecessors
     * may be left out (the database fills in the format's defaults). Every
     * member that is there is checked as in a file. */
    LT_PROCESS_BODY,
} lt_process_input;

typedef struct lt_process_owner {
    const char *kind;   /* "region" or "fai" */
    const char *region; /* the region's slug; NULL for the FAI */
    const char *name;
} lt_process_owner;

typedef struct lt_process_author {
    const char *name;
    const char *organisation; /* "" when none */
} lt_process_author;

typedef struct lt_process_link {
    const char *title, *url;
} lt_process_link;

typedef struct lt_process_step {
    const char *id, *phase, *title, *description, *actor;
    int duration_days; /* -1: not known (null) */
    const char **documents;
    size_t ndocuments;
    const char **checklist;
    size_t nchecklist;
    lt_process_link *links;
    size_t nlinks;
    size_t *pred; /* indexes into lt_process.steps, in the record's order */
    size_t npred;
    size_t *succ; /* the steps that name this one, in step order */
    size_t nsucc;
    int rank; /* the longest path from a step without predecessors: 0 for those */
} lt_process_step;

typedef struct lt_process {
    const char *key;
    long version;
    const char *name, *description;
    const char **target_groups;
    size_t ntarget_groups;
    const char *level;
    const char **legal_basis;
    size_t nlegal_basis;
    const char *valid_from, *valid_to; /* NULL: open */
    lt_process_owner owner;
    lt_process_author *authors;
    size_t nauthors;
    const char *licence;
    const char **tags;
    size_t ntags;
    const char *status;
    const char *published_at; /* NULL: not published */
    bool has_adapted_from;
    struct {
        const char *key;
        long version;
        lt_process_owner owner;
    } adapted_from;
    lt_process_step *steps;
    size_t nsteps;
} lt_process;

/* The allowed values (NULL-terminated), in the order docs/process-format.md lists them. */
extern const char *const lt_process_phases[];
extern const char *const lt_process_actors[];
extern const char *const lt_process_target_groups[];
extern const char *const lt_process_levels[];
extern const char *const lt_process_statuses[];

/*
 * Checks record against docs/process-format.md. Returns the number of errors
 * (0: acceptable). When there are errors, *errors receives a new JSON array of
 * {"field","message"} objects that the caller owns (hand it to lt_problem,
 * which steals it, or json_decref it); otherwise *errors is left NULL.
 * Never fails for any JSON value, however malformed.
 */
size_t lt_process_check(lt_arena *a, json_t *record, json_t **errors);

/* lt_process_check of a record that is what input says (LT_PROCESS_FILE: the same). */
size_t lt_process_check_as(lt_arena *a, json_t *record, lt_process_input input, json_t **errors);

/* True when key is a process key: 3 to 64 of a-z, 0-9 and '-', a letter first. */
bool lt_process_key_ok(const char *key);

/*
 * lt_process_check, then on success fills *out with copies in arena a (the
 * record may be freed afterwards) and computes each step's successors and rank.
 * Returns 0, or the number of errors as lt_process_check does.
 */
size_t lt_process_parse(lt_arena *a, json_t *record, lt_process *out, json_t **errors);

/*
 * The canonical text of p (what a package carries as process.json): the
 * members in the order of docs/process-format.md, indented by two spaces, one
 * trailing newline, UTF-8 unescaped. The same process always gives the same
 * bytes. Appends to out.
 */
void lt_process_canonical(const lt_process *p, lt_buf *out);

/* Human-readable English label of a phase or actor value ("Visa and entry"). */
const char *lt_process_phase_label(const char *phase);
const char *lt_process_actor_label(const char *actor);
/* The German name of an actor value, as a BPMN lane names it ("Arbeitgeber",
 * "Ausländerbehörde"; the web's words for the same values). */
const char *lt_process_actor_lane(const char *actor);

#endif
