/*
 * bpmn_layout.h - the flow nodes, sequence flows and lanes a process becomes
 * in BPMN, with their places in the diagram (private to src/library).
 *
 * From the steps: one start event (and, when several steps have no
 * predecessor, a parallel gateway that starts them all), one task per step, a
 * converging parallel gateway before a step with two or more predecessors, a
 * diverging one after a step with two or more successors, and an end event
 * after every step without successors. Parallel, not exclusive: the format has
 * no conditions, a step waits for all its predecessors, and every step that
 * names a predecessor follows it - so every branch is taken and every join
 * waits for all of its branches. One start event, not one per first step: in
 * BPMN each start event begins an instance of its own, and a join would then
 * wait forever for a token from another instance.
 *
 * Layout: columns by the longest path from the start event, one lane per actor
 * (in the order actors first appear among the steps), and within a lane one
 * row per node sharing a column. Edges leave a node on its right and enter the
 * next on its left, with right-angled bends in the gaps between columns; a
 * long edge that would cross a node runs along the free band at the top of its
 * target's row. Nothing overlaps and nothing depends on anything but the
 * process, so the same process always gives the same diagram.
 */
#ifndef LOTSE_LIBRARY_BPMN_LAYOUT_H
#define LOTSE_LIBRARY_BPMN_LAYOUT_H

#include "lotse/process_record.h"

typedef enum bpmn_kind {
    BPMN_START,      /* bpmn:startEvent */
    BPMN_START_FORK, /* bpmn:parallelGateway after the start event, when several steps start */
    BPMN_TASK,       /* bpmn:task, one per step */
    BPMN_JOIN,       /* bpmn:parallelGateway, converging, before its step */
    BPMN_FORK,       /* bpmn:parallelGateway, diverging, after its step */
    BPMN_END,        /* bpmn:endEvent after its step */
} bpmn_kind;

typedef struct bpmn_box {
    int x, y, w, h;
} bpmn_box;

typedef struct bpmn_node {
    bpmn_kind kind;
    const char *id;
    size_t step; /* the step it belongs to (for the start: the first step that starts) */
    size_t lane;
    int col, row;
    bpmn_box box;
} bpmn_node;

enum { BPMN_MAX_WAYPOINTS = 6 };

typedef struct bpmn_flow {
    const char *id;
    size_t from, to; /* node indexes */
    int npoints;
    int px[BPMN_MAX_WAYPOINTS], py[BPMN_MAX_WAYPOINTS];
} bpmn_flow;

typedef struct bpmn_lane {
    const char *actor;
    const char *id;
    bpmn_box box;
} bpmn_lane;

typedef struct bpmn_layout {
    bpmn_node *nodes;
    size_t nnodes;
    bpmn_flow *flows;
    size_t nflows;
    bpmn_lane *lanes;
    size_t nlanes;
    bpmn_box pool;
} bpmn_layout;

/* Builds the nodes, flows and lanes of p and places them. Arena memory. */
void bpmn_layout_build(lt_arena *a, const lt_process *p, bpmn_layout *out);

#endif
