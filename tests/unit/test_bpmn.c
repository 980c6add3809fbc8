/*
 * test_bpmn.c - the BPMN of a process (src/library/bpmn.c, bpmn_layout.c):
 * valid against the OMG BPMN 2.0 schema (tests/data/bpmn/), the same bytes
 * every time, the structure the steps call for, and a diagram in which no two
 * shapes overlap and every edge is a right-angled line from its source to its
 * target that crosses no other shape.
 */
#include "lotse/bpmn.h"
#include "lotse/process_record.h"
#include "lotse/schema.h"
#include "process_fixtures.h"

#include <glob.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static xmlSchemaPtr schema;

static int load_schema(void **state)
{
    (void)state;
    char path[1024];
    xmlSchemaParserCtxtPtr pc =
        xmlSchemaNewParserCtxt(test_data_path(path, sizeof path, "bpmn/BPMN20.xsd"));
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    return schema ? 0 : -1;
}

static int free_schema(void **state)
{
    (void)state;
    xmlSchemaFree(schema);
    xmlCleanupParser();
    return 0;
}

typedef struct doc {
    lt_arena *arena;
    lt_process p;
    lt_buf xml;
    xmlDocPtr xdoc;
    xmlXPathContextPtr xp;
} doc;

static void open_doc(doc *d, const char *fixture)
{
    d->arena = lt_arena_create(4096);
    json_t *r = process_fixture(fixture), *errors = NULL;
    assert_int_equal(lt_process_parse(d->arena, r, &d->p, &errors), 0);
    json_decref(r);
    lt_buf_init(&d->xml, d->arena);
    assert_int_equal(lt_bpmn_write(d->arena, &d->p, &d->xml), 0);
    d->xdoc = xmlReadMemory(d->xml.data, (int)d->xml.len, "process.bpmn", NULL, XML_PARSE_NONET);
    assert_non_null(d->xdoc);
    d->xp = xmlXPathNewContext(d->xdoc);
    xmlXPathRegisterNs(d->xp, BAD_CAST "bpmn",
                       BAD_CAST "http://www.omg.org/spec/BPMN/20100524/MODEL");
    xmlXPathRegisterNs(d->xp, BAD_CAST "bpmndi",
                       BAD_CAST "http://www.omg.org/spec/BPMN/20100524/DI");
    xmlXPathRegisterNs(d->xp, BAD_CAST "dc", BAD_CAST "http://www.omg.org/spec/DD/20100524/DC");
    xmlXPathRegisterNs(d->xp, BAD_CAST "di", BAD_CAST "http://www.omg.org/spec/DD/20100524/DI");
    xmlXPathRegisterNs(d->xp, BAD_CAST "lotse", BAD_CAST LT_BPMN_LOTSE_NS);
}

static void close_doc(doc *d)
{
    xmlXPathFreeContext(d->xp);
    xmlFreeDoc(d->xdoc);
    lt_arena_destroy(d->arena);
}

static double number(doc *d, const char *fmt, ...)
{
    char expr[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(expr, sizeof expr, fmt, ap);
    va_end(ap);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
    assert_non_null(o);
    double v = xmlXPathCastToNumber(o);
    xmlXPathFreeObject(o);
    return v;
}

static xmlNodeSetPtr nodes(doc *d, const char *expr, xmlXPathObjectPtr *keep)
{
    *keep = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
    assert_non_null(*keep);
    return (*keep)->nodesetval;
}

static char *prop(xmlNodePtr n, const char *name)
{
    return (char *)xmlGetProp(n, BAD_CAST name);
}

static int iprop(xmlNodePtr n, const char *name)
{
    char *v = prop(n, name);
    assert_non_null(v);
    int i = atoi(v);
    xmlFree(v);
    return i;
}

typedef struct rect {
    char *id;
    int x, y, w, h;
} rect;

static rect bounds_of(xmlNodePtr shape)
{
    rect r = {.id = prop(shape, "bpmnElement")};
    for (xmlNodePtr c = shape->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "Bounds") == 0) {
            r.x = iprop(c, "x");
            r.y = iprop(c, "y");
            r.w = iprop(c, "width");
            r.h = iprop(c, "height");
        }
    assert_true(r.w > 0 && r.h > 0);
    return r;
}

static bool overlap(const rect *a, const rect *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static bool inside(const rect *in, const rect *out)
{
    return in->x >= out->x && in->y >= out->y && in->x + in->w <= out->x + out->w &&
           in->y + in->h <= out->y + out->h;
}

static bool on_border(int x, int y, const rect *r)
{
    bool in_x = x >= r->x && x <= r->x + r->w, in_y = y >= r->y && y <= r->y + r->h;
    return (in_y && (x == r->x || x == r->x + r->w)) || (in_x && (y == r->y || y == r->y + r->h));
}

/* Does the axis-parallel segment pass through the inside of r? */
static bool crosses(int x1, int y1, int x2, int y2, const rect *r)
{
    int lx = x1 < x2 ? x1 : x2, hx = x1 < x2 ? x2 : x1;
    int ly = y1 < y2 ? y1 : y2, hy = y1 < y2 ? y2 : y1;
    return lx < r->x + r->w && hx > r->x && ly < r->y + r->h && hy > r->y;
}

static const rect *find(rect *rs, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rs[i].id, id) == 0)
            return &rs[i];
    fail_msg("no shape for %s", id);
    return NULL;
}

/* Every record in tests/data/process/, not only the named fixtures: a record
 * added there is validated without touching this test. */
static void validates_against_the_bpmn_schema(void **state)
{
    (void)state;
    char pattern[1024];
    glob_t g;
    assert_int_equal(glob(test_data_path(pattern, sizeof pattern, "process/*.json"), 0, NULL, &g),
                     0);
    assert_true(g.gl_pathc >= 5);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        char name[256];
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        snprintf(name, sizeof name, "%.*s", (int)(strlen(base) - 5), base);
        doc d;
        open_doc(&d, name);
        xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
        int rc = xmlSchemaValidateDoc(vc, d.xdoc);
        if (rc != 0)
            print_error("%s: not valid BPMN 2.0:\n%s\n", name, d.xml.data);
        assert_int_equal(rc, 0);
        xmlSchemaFreeValidCtxt(vc);
        close_doc(&d);
    }
    globfree(&g);
}

static void writes_the_same_bytes_every_time(void **state)
{
    (void)state;
    for (const char *const *name = process_fixture_names; *name; name++) {
        doc a, b;
        open_doc(&a, *name);
        open_doc(&b, *name);
        assert_int_equal(a.xml.len, b.xml.len);
        assert_memory_equal(a.xml.data, b.xml.data, a.xml.len);
        assert_true(strncmp(a.xml.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
        assert_int_equal(a.xml.data[a.xml.len - 1], '\n');
        close_doc(&a);
        close_doc(&b);
    }
}

static void has_the_nodes_the_steps_call_for(void **state)
{
    (void)state;
    for (const char *const *name = process_fixture_names; *name; name++) {
        doc d;
        open_doc(&d, *name);
        size_t starts = 0, ends = 0, joins = 0, forks = 0;
        for (size_t i = 0; i < d.p.nsteps; i++) {
            const lt_process_step *s = &d.p.steps[i];
            starts += s->npred == 0;
            ends += s->nsucc == 0;
            joins += s->npred >= 2;
            forks += s->nsucc >= 2;
            assert_int_equal(number(&d, "count(//bpmn:task[@id='Task_%s'])", s->id), 1);
            /* every predecessor is an arrow into the step (through its join) */
            const char *entry = s->npred >= 2 ? "Gateway_join_" : "Task_";
            assert_int_equal(
                number(&d, "count(//bpmn:sequenceFlow[@targetRef='%s%s'])", entry, s->id),
                s->npred ? s->npred : 1);
        }
        assert_int_equal(number(&d, "count(//bpmn:task)"), d.p.nsteps);
        assert_int_equal(number(&d, "count(//bpmn:startEvent)"), 1);
        assert_int_equal(number(&d, "count(//bpmn:endEvent)"), ends);
        assert_int_equal(
            number(&d, "count(//bpmn:parallelGateway[@gatewayDirection='Converging'])"), joins);
        assert_int_equal(number(&d, "count(//bpmn:parallelGateway[@gatewayDirection='Diverging'])"),
                         forks + (starts > 1));
        /* a gateway either forks (one in, several out) or joins (several in, one out) */
        assert_int_equal(number(&d, "count(//bpmn:parallelGateway[not("
                                    "(count(bpmn:incoming) = 1 and count(bpmn:outgoing) >= 2) or "
                                    "(count(bpmn:incoming) >= 2 and count(bpmn:outgoing) = 1))])"),
                         0);
        /* every flow node is in exactly one lane, one lane per actor */
        assert_int_equal(number(&d, "count(//bpmn:lane/bpmn:flowNodeRef)"),
                         number(&d, "count(//bpmn:process/*[bpmn:incoming or bpmn:outgoing])"));
        close_doc(&d);
    }
}

static void keeps_lotse_fields_in_extension_elements(void **state)
{
    (void)state;
    doc d;
    open_doc(&d, "nurse");
    const char *step = "//bpmn:task[@id='Task_anerkennung']/bpmn:extensionElements/lotse:step";
    assert_int_equal(number(&d,
                            "count(%s[@phase='recognition' and @actor='recognition_body' and "
                            "@durationDays='90'])",
                            step),
                     1);
    assert_int_equal(number(&d, "count(%s/lotse:document)", step), 3);
    assert_int_equal(number(&d, "count(%s/lotse:checklistItem)", step), 2);
    assert_int_equal(number(&d, "count(%s/lotse:link[starts-with(@url, 'https://')])", step), 1);
    assert_int_equal(number(&d, "count(//bpmn:task[@id='Task_anerkennung']/bpmn:documentation)"),
                     1);
    assert_int_equal(number(&d, "count(//lotse:process[@key='pflegefachkraft-anerkennung' and "
                                "@version='2'])"),
                     1);
    close_doc(&d);
    /* a null duration leaves the attribute out; escaping survives the round trip */
    open_doc(&d, "linear");
    assert_int_equal(number(&d, "count(//lotse:step[@id='s3'][@durationDays])"), 0);
    close_doc(&d);
    open_doc(&d, "many_lanes");
    assert_int_equal(
        number(&d,
               "count(//bpmn:documentation[. = 'Beschreibung <mit> & \"Sonderzeichen\" * _ | #'])"),
        15);
    close_doc(&d);
}

/* The records are German, and so are the lanes: the web's words for the actors. */
static void names_the_lanes_in_german(void **state)
{
    (void)state;
    doc d;
    open_doc(&d, "nurse");
    const char *german[] = {
        "Arbeitgeber", "Fachkraft",      "Auslandsvertretung", "Ausländerbehörde",
        "Kommune",     "Welcome Center", "Anerkennungsstelle", "Bundesagentur für Arbeit"};
    for (size_t i = 0; i < sizeof german / sizeof german[0]; i++)
        if (number(&d, "count(//bpmn:lane[@name='%s'])", german[i]) != 1)
            fail_msg("no lane named %s", german[i]);
    assert_int_equal(number(&d, "count(//bpmn:lane[@name='Employer' or @name='Skilled worker' or "
                                "@name='Municipality' or @name='Recognition body'])"),
                     0);
    /* one lane per actor, named from the same table */
    assert_int_equal(number(&d, "count(//bpmn:lane)"), 8);
    close_doc(&d);
    assert_string_equal(lt_process_actor_lane("immigration_office"), "Ausländerbehörde");
    assert_string_equal(lt_process_actor_lane("other"), "Sonstige");
    assert_string_equal(lt_process_actor_lane("unknown"), "unknown");
}

static void lays_out_shapes_and_edges_without_overlap(void **state)
{
    (void)state;
    for (const char *const *name = process_fixture_names; *name; name++) {
        doc d;
        open_doc(&d, *name);
        xmlXPathObjectPtr o1, o2, o3, o4;
        xmlNodeSetPtr shapes = nodes(&d, "//bpmndi:BPMNShape", &o1);
        int n = shapes->nodeNr;
        rect *rs = calloc((size_t)n, sizeof *rs);
        for (int i = 0; i < n; i++)
            rs[i] = bounds_of(shapes->nodeTab[i]);
        const rect *pool = find(rs, n, lt_arena_printf(d.arena, "Participant_%s", d.p.key));
        /* every flow node: a shape inside its lane, overlapping no other flow node */
        xmlNodeSetPtr lanes = nodes(&d, "//bpmn:lane", &o2);
        int flow_nodes = 0;
        for (int l = 0; l < lanes->nodeNr; l++) {
            char *lane_id = prop(lanes->nodeTab[l], "id");
            const rect *lane = find(rs, n, lane_id);
            assert_true(inside(lane, pool));
            /* its name fits its band in two lines of 7 px characters: a third would
             * spill over the pool's name band */
            char *lane_name = prop(lanes->nodeTab[l], "name");
            int chars = (int)lt_utf8_chars(lane_name, strlen(lane_name)); /* "Ausländerbehörde" */
            if (2 * lane->h < 7 * chars)
                fail_msg("%s: lane \"%s\" is %d px tall: its name needs two lines of %d px", *name,
                         lane_name, lane->h, 7 * chars / 2);
            xmlFree(lane_name);
            for (int m = l + 1; m < lanes->nodeNr; m++) {
                char *other = prop(lanes->nodeTab[m], "id");
                assert_false(overlap(lane, find(rs, n, other)));
                xmlFree(other);
            }
            for (xmlNodePtr c = lanes->nodeTab[l]->children; c; c = c->next) {
                if (c->type != XML_ELEMENT_NODE)
                    continue;
                char *ref = (char *)xmlNodeGetContent(c);
                assert_true(inside(find(rs, n, ref), lane));
                flow_nodes++;
                xmlFree(ref);
            }
            xmlFree(lane_id);
        }
        int checked_pairs = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                bool containers_i = inside(&rs[j], &rs[i]), containers_j = inside(&rs[i], &rs[j]);
                if (containers_i || containers_j)
                    continue; /* a pool or lane holding a node */
                if (overlap(&rs[i], &rs[j]))
                    fail_msg("%s: shapes %s and %s overlap", *name, rs[i].id, rs[j].id);
                checked_pairs++;
            }
        assert_true(checked_pairs >= flow_nodes * (flow_nodes - 1) / 2);
        /* every sequence flow: an edge of >= 2 right-angled waypoints from source to target */
        xmlNodeSetPtr flows = nodes(&d, "//bpmn:sequenceFlow", &o3);
        xmlNodeSetPtr edges = nodes(&d, "//bpmndi:BPMNEdge", &o4);
        assert_int_equal(flows->nodeNr, edges->nodeNr);
        for (int f = 0; f < flows->nodeNr; f++) {
            char *id = prop(flows->nodeTab[f], "id"), *src = prop(flows->nodeTab[f], "sourceRef"),
                 *dst = prop(flows->nodeTab[f], "targetRef");
            int px[16], py[16], np = 0;
            for (int e = 0; e < edges->nodeNr; e++) {
                char *el = prop(edges->nodeTab[e], "bpmnElement");
                if (strcmp(el, id) == 0)
                    for (xmlNodePtr c = edges->nodeTab[e]->children; c; c = c->next)
                        if (c->type == XML_ELEMENT_NODE && np < 16) {
                            px[np] = iprop(c, "x");
                            py[np++] = iprop(c, "y");
                        }
                xmlFree(el);
            }
            assert_true(np >= 2);
            const rect *rs_src = find(rs, n, src), *rs_dst = find(rs, n, dst);
            assert_true(on_border(px[0], py[0], rs_src));
            assert_true(on_border(px[np - 1], py[np - 1], rs_dst));
            for (int k = 1; k < np; k++) {
                assert_true(px[k] == px[k - 1] || py[k] == py[k - 1]);
                for (int s = 0; s < n; s++) {
                    if (&rs[s] == rs_src || &rs[s] == rs_dst || inside(rs_src, &rs[s]) ||
                        inside(rs_dst, &rs[s]))
                        continue; /* its own ends, and the lanes and pool around them */
                    if (strncmp(rs[s].id, "Lane_", 5) == 0 || &rs[s] == pool)
                        continue; /* an edge may cross from lane to lane */
                    if (crosses(px[k - 1], py[k - 1], px[k], py[k], &rs[s]))
                        fail_msg("%s: %s crosses %s", *name, id, rs[s].id);
                }
            }
            xmlFree(id);
            xmlFree(src);
            xmlFree(dst);
        }
        for (int i = 0; i < n; i++)
            xmlFree(rs[i].id);
        free(rs);
        xmlXPathFreeObject(o1);
        xmlXPathFreeObject(o2);
        xmlXPathFreeObject(o3);
        xmlXPathFreeObject(o4);
        close_doc(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(validates_against_the_bpmn_schema),
        cmocka_unit_test(writes_the_same_bytes_every_time),
        cmocka_unit_test(has_the_nodes_the_steps_call_for),
        cmocka_unit_test(keeps_lotse_fields_in_extension_elements),
        cmocka_unit_test(names_the_lanes_in_german),
        cmocka_unit_test(lays_out_shapes_and_edges_without_overlap),
    };
    return cmocka_run_group_tests(tests, load_schema, free_schema);
}
