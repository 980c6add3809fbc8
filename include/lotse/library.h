/*
 * library.h - the shared library of model processes (agreement §4,
 * "Musterprozesse"): the process record of docs/process-format.md as the API
 * answers it, a best-practice package carries it and an import reads it back.
 *
 * The record lives in PostgreSQL (sql/0014_library.sql); these functions are
 * the C side every library route shares: the {key} and {n} of a path, the
 * validation of a record (every error at once, named by its path, e.g.
 * "steps[3].actor"), reading a version as the caller may see it, and creating
 * a process. They allocate from the request's arena and run in the request's
 * transaction; row-level security decides what the caller sees, so a version
 * the caller may not see is simply not found. docs/library.md describes the
 * lifecycle and the routes.
 */
#ifndef LOTSE_LIBRARY_H
#define LOTSE_LIBRARY_H

#include "lotse/http.h"

#include <jansson.h>
#include <stdbool.h>

/* The values of a step's phase and actor and of a process's target groups
 * (NULL-terminated), lt_process_input and lt_process_key_ok are
 * process_record.h's. */
#include "lotse/process_record.h"

/*
 * The {key} and {n} of the route's path: 0 with *key and *version set (and
 * *version_text, the decimal text, when not NULL) when both are well-formed,
 * else the status of the 404 written into resp. Asks no database.
 */
int lt_process_path(lt_req *req, lt_resp *resp, const char **key, int *version,
                    const char **version_text);

/*
 * Validates record against docs/process-format.md with the package format's
 * own check (process_record.h's lt_process_check_as: members and types at
 * every level, unknown members refused, key, dates, step ids unique, every
 * predecessor a step of the record, no cycle), so whatever the API stores
 * can later be made into a package. 0 when valid; otherwise writes one 400
 * problem (LT_E_VALIDATION) naming every error by its path
 * ("steps[3].predecessors[0]", indexes from 0) and returns 400. record is
 * borrowed.
 */
int lt_process_validate(lt_req *req, lt_resp *resp, json_t *record, lt_process_input input);

/*
 * Version `version` of process key as the caller may see it (row-level
 * security decides): 0 with *record (the process.json object, owned by the
 * request arena: do not decref) and *revision (its ETag) set, or the status of
 * the problem written into resp (404 when the caller sees no such version).
 * The SQL behind it is lotse.process_record(key, version), which answers the
 * same object as json text.
 */
int lt_process_load(lt_req *req, lt_resp *resp, const char *key, int version, json_t **record,
                    int *revision);

/*
 * Creates process key, owned by region_id (0: the FAI), with version 1: a
 * draft with the content of record (validated with lt_process_validate; its
 * own key and the members the server owns are ignored). adapted_from is the
 * {key, version, owner} of the version it came from, or NULL. Audits
 * "process_created". 0 on success (nothing written into resp); 409 naming key
 * when the key is taken, or the status of another problem written into resp.
 * The caller needs the right to write the owner's drafts (a coordinator of the
 * region; fai_staff for the FAI), else the database refuses.
 */
int lt_process_create(lt_req *req, lt_resp *resp, int region_id, const char *key, json_t *record,
                      json_t *adapted_from);

/* Answers version `version` of process key (lt_process_load) with its ETag and
 * the given status. Returns the status. */
int lt_process_answer(lt_req *req, lt_resp *resp, const char *key, int version, int status);

#endif
