/*
 * fuzz_process.c - libFuzzer target for process records and what a package
 * makes of them (src/library/process_record.c, process_model.c, bpmn*.c,
 * rocrate.c, readme.c).
 *
 * Two kinds of input, by the first byte:
 *   even: the rest is JSON text, checked as a record (an import's process.json);
 *   odd:  the rest describes a flow - how many steps, each one's actor and
 *         predecessors (any steps, so cycles happen) - built into a record, so
 *         the fuzzer explores graphs rather than JSON syntax.
 * Properties: a record is accepted exactly when its predecessors form no cycle
 * (for built records); every accepted record gives a canonical text that reads
 * back as the same record, well-formed BPMN whose shapes do not overlap and
 * whose edges are right-angled lines of 2 or more points crossing no other
 * node, and a README and RO-Crate.
 */
#include "../../src/library/bpmn_layout.h"
#include "lotse/bpmn.h"
#include "lotse/rocrate.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check(bool ok)
{
    if (!ok)
        abort();
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx, (void)msg;
}

static bool crosses(int x1, int y1, int x2, int y2, const bpmn_box *r)
{
    int lx = x1 < x2 ? x1 : x2, hx = x1 < x2 ? x2 : x1;
    int ly = y1 < y2 ? y1 : y2, hy = y1 < y2 ? y2 : y1;
    return lx < r->x + r->w && hx > r->x && ly < r->y + r->h && hy > r->y;
}

static void check_layout(lt_arena *a, const lt_process *p)
{
    bpmn_layout L;
    bpmn_layout_build(a, p, &L);
    for (size_t i = 0; i < L.nnodes; i++)
        for (size_t j = i + 1; j < L.nnodes; j++)
            check(!crosses(L.nodes[i].box.x, L.nodes[i].box.y, L.nodes[i].box.x + L.nodes[i].box.w,
                           L.nodes[i].box.y + L.nodes[i].box.h, &L.nodes[j].box));
    for (size_t f = 0; f < L.nflows; f++) {
        const bpmn_flow *fl = &L.flows[f];
        check(fl->npoints >= 2);
        for (int k = 1; k < fl->npoints; k++) {
            check(fl->px[k] == fl->px[k - 1] || fl->py[k] == fl->py[k - 1]);
            for (size_t n = 0; n < L.nnodes; n++)
                if (n != fl->from && n != fl->to)
                    check(!crosses(fl->px[k - 1], fl->py[k - 1], fl->px[k], fl->py[k],
                                   &L.nodes[n].box));
        }
    }
}

static void exercise(lt_arena *a, json_t *r, bool want_acyclic, bool known)
{
    json_t *errors = NULL;
    lt_process p;
    size_t n = lt_process_parse(a, r, &p, &errors);
    if (known)
        check((n == 0) == want_acyclic);
    json_decref(errors);
    if (n)
        return;
    lt_buf canon, bpmn, readme, crate;
    lt_buf_init(&canon, a);
    lt_buf_init(&bpmn, a);
    lt_buf_init(&readme, a);
    lt_buf_init(&crate, a);
    lt_process_canonical(&p, &canon);
    json_error_t je;
    json_t *again = json_loads(canon.data, JSON_REJECT_DUPLICATES, &je);
    check(again && json_equal(again, r));
    json_decref(again);
    check(lt_bpmn_write(a, &p, &bpmn) == 0);
    xmlDocPtr doc = xmlReadMemory(bpmn.data, (int)bpmn.len, "p.bpmn", NULL, XML_PARSE_NONET);
    check(doc != NULL);
    xmlFreeDoc(doc);
    check_layout(a, &p);
    lt_readme_write(a, &p, &readme);
    lt_rocrate_write(a, &p, &crate);
    check(readme.len > 0 && crate.len > 0);
}

static const char *const actors[] = {"employer",       "skilled_worker", "immigration_office",
                                     "welcome_office", "municipality",   "fai"};

/* A record whose steps come from the bytes: n, then per step an actor byte and
 * a predecessor mask byte pair. Returns whether its graph has no cycle. */
static json_t *built(const uint8_t *d, size_t size, bool *acyclic)
{
    size_t n = size ? d[0] % 24 + 1 : 1;
    json_t *steps = json_array();
    unsigned preds[24] = {0};
    for (size_t i = 0; i < n; i++) {
        size_t at = 1 + 3 * i;
        uint8_t actor = at < size ? d[at] : 0;
        unsigned mask = (at + 1 < size ? d[at + 1] : 0) | (at + 2 < size ? d[at + 2] : 0) << 8;
        /* predecessors among the 16 steps before (and, when bit 15 is set, after) */
        json_t *p = json_array();
        for (int b = 0; b < 15; b++)
            if (mask & (1u << b)) {
                size_t k = (mask & 0x8000) ? (i + 1 + (size_t)b) % n : (i + n - 1 - (size_t)b) % n;
                if (k == i || (preds[i] & (1u << k)))
                    continue;
                preds[i] |= 1u << k;
                json_array_append_new(p, json_sprintf("s%zu", k));
            }
        json_array_append_new(
            steps, json_pack("{s:o, s:s, s:s, s:s, s:s, s:i, s:[s], s:[], s:[], s:o}", "id",
                             json_sprintf("s%zu", i), "phase", "arrival", "title", "T",
                             "description", "", "actor", actors[actor % 6], "duration_days", 1,
                             "documents", "D", "checklist", "links", "predecessors", p));
    }
    /* acyclic: Kahn's algorithm on the masks */
    unsigned done = 0;
    for (bool progress = true; progress;) {
        progress = false;
        for (size_t i = 0; i < n; i++)
            if (!(done & (1u << i)) && (preds[i] & ~done) == 0) {
                done |= 1u << i;
                progress = true;
            }
    }
    *acyclic = done == (n == 32 ? ~0u : (1u << n) - 1);
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:[s], s:s, s:[], s:n, s:n,"
                     " s:{s:s, s:n, s:s}, s:[{s:s, s:s}], s:s, s:[], s:s, s:s, s:n, s:o}",
                     "format", "lotse-process/1", "key", "fuzz", "version", 1, "name", "F",
                     "description", "", "target_groups", "other", "level", "local", "legal_basis",
                     "valid_from", "valid_to", "owner", "kind", "fai", "region", "name", "FAI",
                     "authors", "name", "A", "organisation", "", "licence", "CC-BY-4.0", "tags",
                     "status", "approved", "published_at", "2026-01-01T00:00:00Z", "adapted_from",
                     "steps", steps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool quiet;
    if (!quiet) {
        xmlSetGenericErrorFunc(NULL, silent);
        quiet = true;
    }
    if (size < 1)
        return 0;
    lt_arena *a = lt_arena_create(1 << 16);
    json_t *r;
    bool acyclic = false, known = data[0] & 1;
    if (known) {
        r = built(data + 1, size - 1, &acyclic);
    } else {
        json_error_t je;
        r = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &je);
    }
    if (r)
        exercise(a, r, acyclic, known);
    json_decref(r);
    lt_arena_destroy(a);
    return 0;
}
