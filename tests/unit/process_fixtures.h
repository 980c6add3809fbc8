/*
 * process_fixtures.h - the process records of tests/data/process/ for the unit
 * tests of src/library (header-only: each unit test is one file).
 *
 * LOTSE_ROOT (set by CTest) names the source tree.
 */
#ifndef LOTSE_TEST_PROCESS_FIXTURES_H
#define LOTSE_TEST_PROCESS_FIXTURES_H

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const process_fixture_names[] = {"linear",     "branch_join", "multi_start_end",
                                                    "many_lanes", "nurse",       NULL};

/* tests/data/DIR/NAME as a path in buf. */
static inline const char *test_data_path(char *buf, size_t len, const char *rel)
{
    const char *root = getenv("LOTSE_ROOT");
    snprintf(buf, len, "%s/tests/data/%s", root ? root : "..", rel);
    return buf;
}

/* The record tests/data/process/NAME.json (a new reference), or a failed test. */
static inline json_t *process_fixture(const char *name)
{
    char rel[256], path[1024];
    snprintf(rel, sizeof rel, "process/%s.json", name);
    json_error_t e;
    json_t *r = json_load_file(test_data_path(path, sizeof path, rel), JSON_REJECT_DUPLICATES, &e);
    if (!r) {
        fprintf(stderr, "cannot load %s: %s (line %d)\n", path, e.text, e.line);
        abort();
    }
    return r;
}

#endif
