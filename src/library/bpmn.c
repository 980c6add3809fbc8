/*
 * bpmn.c - writes the BPMN 2.0 XML of a process with libxml2's xmlTextWriter;
 * see bpmn.h. The layout (which nodes, where) is bpmn_layout.c's.
 *
 * Why a writer and not a DOM: the document is written once, front to back, in
 * the order the schema wants; the writer escapes every text and attribute.
 */
#include "lotse/bpmn.h"
#include "bpmn_layout.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>

#define NS_BPMN   "http://www.omg.org/spec/BPMN/20100524/MODEL"
#define NS_BPMNDI "http://www.omg.org/spec/BPMN/20100524/DI"
#define NS_DC     "http://www.omg.org/spec/DD/20100524/DC"
#define NS_DI     "http://www.omg.org/spec/DD/20100524/DI"

typedef struct writer {
    xmlTextWriterPtr w;
    lt_arena *a;
    bool failed;
} writer;

static const xmlChar *X(const char *s)
{
    return (const xmlChar *)s;
}

static void check(writer *w, int rc)
{
    if (rc < 0)
        w->failed = true;
}

static void start(writer *w, const char *prefix, const char *name)
{
    check(w, xmlTextWriterStartElementNS(w->w, X(prefix), X(name), NULL));
}

static void end(writer *w)
{
    check(w, xmlTextWriterEndElement(w->w));
}

static void attr(writer *w, const char *name, const char *value)
{
    check(w, xmlTextWriterWriteAttribute(w->w, X(name), X(value)));
}

static void attr_int(writer *w, const char *name, long value)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", value);
    attr(w, name, buf);
}

/* <prefix:name>text</prefix:name> */
static void element(writer *w, const char *prefix, const char *name, const char *text)
{
    check(w, xmlTextWriterWriteElementNS(w->w, X(prefix), X(name), NULL, X(text)));
}

static const char *tag_of(bpmn_kind k)
{
    switch (k) {
    case BPMN_START:
        return "startEvent";
    case BPMN_TASK:
        return "task";
    case BPMN_END:
        return "endEvent";
    default:
        return "parallelGateway";
    }
}

/* Lotse's own fields of a step, which BPMN has no place for. */
static void step_extension(writer *w, const lt_process_step *s)
{
    start(w, "bpmn", "extensionElements");
    start(w, "lotse", "step");
    attr(w, "id", s->id);
    attr(w, "phase", s->phase);
    attr(w, "actor", s->actor);
    if (s->duration_days >= 0)
        attr_int(w, "durationDays", s->duration_days);
    for (size_t i = 0; i < s->ndocuments; i++)
        element(w, "lotse", "document", s->documents[i]);
    for (size_t i = 0; i < s->nchecklist; i++)
        element(w, "lotse", "checklistItem", s->checklist[i]);
    for (size_t i = 0; i < s->nlinks; i++) {
        start(w, "lotse", "link");
        attr(w, "title", s->links[i].title);
        attr(w, "url", s->links[i].url);
        end(w);
    }
    end(w);
    end(w);
}

static void flow_node(writer *w, const lt_process *p, const bpmn_layout *L, size_t n)
{
    const bpmn_node *node = &L->nodes[n];
    const lt_process_step *s = &p->steps[node->step];
    start(w, "bpmn", tag_of(node->kind));
    attr(w, "id", node->id);
    if (node->kind == BPMN_TASK)
        attr(w, "name", s->title);
    if (node->kind == BPMN_JOIN)
        attr(w, "gatewayDirection", "Converging");
    if (node->kind == BPMN_FORK || node->kind == BPMN_START_FORK)
        attr(w, "gatewayDirection", "Diverging");
    if (node->kind == BPMN_TASK) {
        if (*s->description)
            element(w, "bpmn", "documentation", s->description);
        step_extension(w, s);
    }
    for (size_t f = 0; f < L->nflows; f++)
        if (L->flows[f].to == n)
            element(w, "bpmn", "incoming", L->flows[f].id);
    for (size_t f = 0; f < L->nflows; f++)
        if (L->flows[f].from == n)
            element(w, "bpmn", "outgoing", L->flows[f].id);
    end(w);
}

static void process(writer *w, const lt_process *p, const bpmn_layout *L)
{
    start(w, "bpmn", "process");
    attr(w, "id", lt_arena_printf(w->a, "Process_%s", p->key));
    attr(w, "name", p->name);
    attr(w, "isExecutable", "false");
    if (*p->description)
        element(w, "bpmn", "documentation", p->description);
    start(w, "bpmn", "extensionElements");
    start(w, "lotse", "process");
    attr(w, "format", LT_PROCESS_FORMAT);
    attr(w, "key", p->key);
    attr_int(w, "version", p->version);
    attr(w, "level", p->level);
    attr(w, "status", p->status);
    attr(w, "licence", p->licence);
    end(w);
    end(w);
    start(w, "bpmn", "laneSet");
    attr(w, "id", "LaneSet_1");
    for (size_t l = 0; l < L->nlanes; l++) {
        start(w, "bpmn", "lane");
        attr(w, "id", L->lanes[l].id);
        attr(w, "name", lt_process_actor_lane(L->lanes[l].actor));
        for (size_t n = 0; n < L->nnodes; n++)
            if (L->nodes[n].lane == l)
                element(w, "bpmn", "flowNodeRef", L->nodes[n].id);
        end(w);
    }
    end(w);
    for (size_t n = 0; n < L->nnodes; n++)
        flow_node(w, p, L, n);
    for (size_t f = 0; f < L->nflows; f++) {
        start(w, "bpmn", "sequenceFlow");
        attr(w, "id", L->flows[f].id);
        attr(w, "sourceRef", L->nodes[L->flows[f].from].id);
        attr(w, "targetRef", L->nodes[L->flows[f].to].id);
        end(w);
    }
    end(w);
}

static void shape(writer *w, const char *element_id, const bpmn_box *b, bool horizontal)
{
    start(w, "bpmndi", "BPMNShape");
    attr(w, "id", lt_arena_printf(w->a, "%s_di", element_id));
    attr(w, "bpmnElement", element_id);
    if (horizontal)
        attr(w, "isHorizontal", "true");
    start(w, "dc", "Bounds");
    attr_int(w, "x", b->x);
    attr_int(w, "y", b->y);
    attr_int(w, "width", b->w);
    attr_int(w, "height", b->h);
    end(w);
    end(w);
}

static void diagram(writer *w, const lt_process *p, const bpmn_layout *L)
{
    const char *participant = lt_arena_printf(w->a, "Participant_%s", p->key);
    start(w, "bpmndi", "BPMNDiagram");
    attr(w, "id", "BPMNDiagram_1");
    start(w, "bpmndi", "BPMNPlane");
    attr(w, "id", "BPMNPlane_1");
    attr(w, "bpmnElement", lt_arena_printf(w->a, "Collaboration_%s", p->key));
    shape(w, participant, &L->pool, true);
    for (size_t l = 0; l < L->nlanes; l++)
        shape(w, L->lanes[l].id, &L->lanes[l].box, true);
    for (size_t n = 0; n < L->nnodes; n++)
        shape(w, L->nodes[n].id, &L->nodes[n].box, false);
    for (size_t f = 0; f < L->nflows; f++) {
        const bpmn_flow *flow = &L->flows[f];
        start(w, "bpmndi", "BPMNEdge");
        attr(w, "id", lt_arena_printf(w->a, "%s_di", flow->id));
        attr(w, "bpmnElement", flow->id);
        for (int i = 0; i < flow->npoints; i++) {
            start(w, "di", "waypoint");
            attr_int(w, "x", flow->px[i]);
            attr_int(w, "y", flow->py[i]);
            end(w);
        }
        end(w);
    }
    end(w);
    end(w);
}

static void document(writer *w, const lt_process *p, const bpmn_layout *L)
{
    check(w, xmlTextWriterSetIndent(w->w, 1));
    check(w, xmlTextWriterSetIndentString(w->w, X("  ")));
    check(w, xmlTextWriterStartDocument(w->w, NULL, "UTF-8", NULL));
    start(w, "bpmn", "definitions");
    attr(w, "xmlns:bpmn", NS_BPMN);
    attr(w, "xmlns:bpmndi", NS_BPMNDI);
    attr(w, "xmlns:dc", NS_DC);
    attr(w, "xmlns:di", NS_DI);
    attr(w, "xmlns:lotse", LT_BPMN_LOTSE_NS);
    attr(w, "id", lt_arena_printf(w->a, "Definitions_%s_%ld", p->key, p->version));
    attr(w, "targetNamespace", LT_BPMN_LOTSE_NS);
    attr(w, "exporter", "Lotse");
    attr(w, "exporterVersion", LT_PROCESS_FORMAT);
    start(w, "bpmn", "collaboration");
    attr(w, "id", lt_arena_printf(w->a, "Collaboration_%s", p->key));
    start(w, "bpmn", "participant");
    attr(w, "id", lt_arena_printf(w->a, "Participant_%s", p->key));
    attr(w, "name", p->name);
    attr(w, "processRef", lt_arena_printf(w->a, "Process_%s", p->key));
    end(w);
    end(w);
    process(w, p, L);
    diagram(w, p, L);
    end(w);
    check(w, xmlTextWriterEndDocument(w->w));
}

int lt_bpmn_write(lt_arena *a, const lt_process *p, lt_buf *out)
{
    bpmn_layout L;
    bpmn_layout_build(a, p, &L);
    xmlBufferPtr buf = xmlBufferCreate();
    xmlTextWriterPtr tw = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
    writer w = {.w = tw, .a = a, .failed = !tw};
    if (tw) {
        document(&w, p, &L);
        xmlFreeTextWriter(tw); /* flushes into buf */
    }
    if (!w.failed)
        lt_buf_append(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    if (buf)
        xmlBufferFree(buf);
    return w.failed ? -1 : 0;
}
