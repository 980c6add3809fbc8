/*
 * bpmn.h - a process as BPMN 2.0 XML with diagram interchange (process.bpmn
 * of a best-practice package).
 *
 * The XML is a collaboration with one participant (the pool) whose process has
 * one lane per actor, a task per step, start and end events, parallel gateways
 * where the flow forks or joins, and a sequence flow for every arrow; BPMNDI
 * gives every flow node, lane and the pool a shape and every flow an edge with
 * right-angled waypoints, laid out so that no two shapes overlap (what becomes
 * what, and why parallel gateways: src/library/bpmn_layout.h).
 *
 * Element ids come from the step ids, which the format keeps to [a-z0-9_-]:
 * Task_<id>, Gateway_join_<id>, Gateway_fork_<id>, EndEvent_<id>, Lane_<actor>,
 * Process_<key>; flows are Flow_1, Flow_2, ... in a fixed order. Lotse's own
 * step fields (phase, actor, duration, documents, checklist, links) travel in
 * each task's extensionElements as <lotse:step> in the namespace
 * LT_BPMN_LOTSE_NS, which modelers keep but do not draw.
 *
 * Validated in the tests against the OMG BPMN 2.0 schema (tests/data/bpmn/)
 * and read by bpmn-moddle without a warning.
 */
#ifndef LOTSE_BPMN_H
#define LOTSE_BPMN_H

#include "lotse/buf.h"
#include "lotse/process_record.h"

#define LT_BPMN_LOTSE_NS "https://lotse.nrw/ns/process/1"

/*
 * Appends the BPMN document of p (UTF-8, two-space indented, one trailing
 * newline) to out. The same process always gives the same bytes. Returns 0, or
 * -1 if libxml2 fails (out of memory); out then holds nothing new.
 */
int lt_bpmn_write(lt_arena *a, const lt_process *p, lt_buf *out);

#endif
