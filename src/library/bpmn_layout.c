/*
 * bpmn_layout.c - from steps to BPMN flow nodes, and where each is drawn; see
 * bpmn_layout.h for what becomes what and why.
 */
#include "bpmn_layout.h"
#include "lotse/schema.h"

#include <string.h>

enum {
    POOL_X = 0,
    POOL_Y = 0,
    LABEL_W = 30, /* the pool's and each lane's name band on the left */
    MARGIN = 30,  /* between a lane's name band and the first column, and after the last */
    COL_GAP = 60, /* between columns: where edges bend */
    ROW_H = 120,  /* one row of a lane: a task (80) and 20 free above and below */
    PAD = 5,      /* how close an edge may pass a node it does not touch */
    CHAR_W = 7,   /* the width of a character of a label, as modelers draw them (12 px) */
};

static const bpmn_box sizes[] = {
    [BPMN_START] = {0, 0, 36, 36}, [BPMN_START_FORK] = {0, 0, 50, 50},
    [BPMN_TASK] = {0, 0, 100, 80}, [BPMN_JOIN] = {0, 0, 50, 50},
    [BPMN_FORK] = {0, 0, 50, 50},  [BPMN_END] = {0, 0, 36, 36},
};

typedef struct builder {
    lt_arena *a;
    const lt_process *p;
    bpmn_layout *L;
    size_t *entry, *exit; /* per step: the node a flow into it enters, the node flows leave */
    size_t *lane_of_step;
} builder;

static size_t add_node(builder *b, bpmn_kind kind, const char *id, size_t step)
{
    bpmn_node *n = &b->L->nodes[b->L->nnodes];
    *n = (bpmn_node){.kind = kind, .id = id, .step = step, .lane = b->lane_of_step[step]};
    n->box.w = sizes[kind].w;
    n->box.h = sizes[kind].h;
    return b->L->nnodes++;
}

static void add_flow(builder *b, size_t from, size_t to)
{
    bpmn_flow *f = &b->L->flows[b->L->nflows++];
    *f = (bpmn_flow){.id = lt_arena_printf(b->a, "Flow_%zu", b->L->nflows), .from = from, .to = to};
}

/* One lane per actor, in the order actors first appear among the steps. */
static void lanes(builder *b)
{
    const lt_process *p = b->p;
    b->L->lanes = lt_arena_calloc(b->a, p->nsteps, sizeof *b->L->lanes);
    b->lane_of_step = lt_arena_calloc(b->a, p->nsteps, sizeof *b->lane_of_step);
    for (size_t i = 0; i < p->nsteps; i++) {
        size_t l = 0;
        while (l < b->L->nlanes && strcmp(b->L->lanes[l].actor, p->steps[i].actor) != 0)
            l++;
        if (l == b->L->nlanes) {
            b->L->lanes[l].actor = p->steps[i].actor;
            b->L->lanes[l].id = lt_arena_printf(b->a, "Lane_%s", p->steps[i].actor);
            b->L->nlanes++;
        }
        b->lane_of_step[i] = l;
    }
}

static void nodes_and_flows(builder *b)
{
    const lt_process *p = b->p;
    size_t edges = 0, starts = 0, first_start = 0;
    for (size_t i = 0; i < p->nsteps; i++) {
        edges += p->steps[i].npred;
        if (p->steps[i].npred == 0 && starts++ == 0)
            first_start = i;
    }
    b->L->nodes = lt_arena_calloc(b->a, 2 + 4 * p->nsteps, sizeof *b->L->nodes);
    b->L->flows = lt_arena_calloc(b->a, 2 + 4 * p->nsteps + edges, sizeof *b->L->flows);
    b->entry = lt_arena_calloc(b->a, p->nsteps, sizeof *b->entry);
    b->exit = lt_arena_calloc(b->a, p->nsteps, sizeof *b->exit);

    size_t start = add_node(b, BPMN_START, "StartEvent_1", first_start);
    size_t fork = start;
    if (starts > 1)
        fork = add_node(b, BPMN_START_FORK, "Gateway_start", first_start);
    size_t *task = lt_arena_calloc(b->a, p->nsteps, sizeof *task);
    size_t *end = lt_arena_calloc(b->a, p->nsteps, sizeof *end);
    for (size_t i = 0; i < p->nsteps; i++) {
        const lt_process_step *s = &p->steps[i];
        if (s->npred >= 2)
            b->entry[i] =
                add_node(b, BPMN_JOIN, lt_arena_printf(b->a, "Gateway_join_%s", s->id), i);
        task[i] = add_node(b, BPMN_TASK, lt_arena_printf(b->a, "Task_%s", s->id), i);
        if (s->npred < 2)
            b->entry[i] = task[i];
        b->exit[i] = task[i];
        if (s->nsucc >= 2)
            b->exit[i] = add_node(b, BPMN_FORK, lt_arena_printf(b->a, "Gateway_fork_%s", s->id), i);
        if (s->nsucc == 0)
            end[i] = add_node(b, BPMN_END, lt_arena_printf(b->a, "EndEvent_%s", s->id), i);
    }
    /* Flows in a fixed order: from the start, then step by step. */
    if (starts > 1)
        add_flow(b, start, fork);
    for (size_t i = 0; i < p->nsteps; i++)
        if (p->steps[i].npred == 0)
            add_flow(b, fork, b->entry[i]);
    for (size_t i = 0; i < p->nsteps; i++) {
        const lt_process_step *s = &p->steps[i];
        if (s->npred >= 2)
            add_flow(b, b->entry[i], task[i]);
        if (s->nsucc >= 2)
            add_flow(b, task[i], b->exit[i]);
        if (s->nsucc == 0)
            add_flow(b, task[i], end[i]);
        for (size_t k = 0; k < s->nsucc; k++)
            add_flow(b, b->exit[i], b->entry[s->succ[k]]);
    }
}

/* Columns: the longest path from the start event (Kahn's order over the flows). */
static int columns(builder *b)
{
    bpmn_layout *L = b->L;
    size_t *indeg = lt_arena_calloc(b->a, L->nnodes, sizeof *indeg);
    size_t *queue = lt_arena_calloc(b->a, L->nnodes, sizeof *queue), head = 0, tail = 0;
    /* outgoing flows of each node, as ranges into a sorted index */
    size_t *first = lt_arena_calloc(b->a, L->nnodes + 1, sizeof *first);
    size_t *by_from = lt_arena_calloc(b->a, L->nflows + 1, sizeof *by_from);
    for (size_t f = 0; f < L->nflows; f++) {
        indeg[L->flows[f].to]++;
        first[L->flows[f].from + 1]++;
    }
    for (size_t n = 0; n < L->nnodes; n++)
        first[n + 1] += first[n];
    size_t *fill = lt_arena_calloc(b->a, L->nnodes, sizeof *fill);
    for (size_t f = 0; f < L->nflows; f++) {
        size_t from = L->flows[f].from;
        by_from[first[from] + fill[from]++] = f;
    }
    for (size_t n = 0; n < L->nnodes; n++)
        if (indeg[n] == 0)
            queue[tail++] = n;
    int ncols = 1;
    while (head < tail) {
        size_t n = queue[head++];
        for (size_t k = first[n]; k < first[n + 1]; k++) {
            bpmn_node *to = &L->nodes[L->flows[by_from[k]].to];
            if (to->col < L->nodes[n].col + 1)
                to->col = L->nodes[n].col + 1;
            if (to->col + 1 > ncols)
                ncols = to->col + 1;
            if (--indeg[L->flows[by_from[k]].to] == 0)
                queue[tail++] = L->flows[by_from[k]].to;
        }
    }
    return ncols;
}

/* Is the horizontal line y from x1 to x2 clear of every node but a and b? */
static bool clear(const bpmn_layout *L, int y, int x1, int x2, size_t a, size_t b)
{
    if (x1 > x2) {
        int t = x1;
        x1 = x2;
        x2 = t;
    }
    for (size_t n = 0; n < L->nnodes; n++) {
        const bpmn_box *r = &L->nodes[n].box;
        if (n == a || n == b)
            continue;
        if (y >= r->y - PAD && y <= r->y + r->h + PAD && x2 >= r->x - PAD &&
            x1 <= r->x + r->w + PAD)
            return false;
    }
    return true;
}

static void point(bpmn_flow *f, int x, int y)
{
    f->px[f->npoints] = x;
    f->py[f->npoints] = y;
    f->npoints++;
}

static void route(bpmn_layout *L, bpmn_flow *f, const int *col_x, const int *col_w,
                  const int *lane_y)
{
    const bpmn_node *s = &L->nodes[f->from], *t = &L->nodes[f->to];
    int sx = s->box.x + s->box.w, sy = s->box.y + s->box.h / 2;
    int tx = t->box.x, ty = t->box.y + t->box.h / 2;
    int after_source = col_x[s->col] + col_w[s->col] + COL_GAP / 2;
    int before_target = col_x[t->col] - COL_GAP / 2;
    point(f, sx, sy);
    if (sy == ty && clear(L, sy, sx, tx, f->from, f->to)) {
        /* straight on */
    } else if (clear(L, sy, sx, before_target, f->from, f->to)) {
        point(f, before_target, sy);
        point(f, before_target, ty);
    } else if (clear(L, ty, after_source, tx, f->from, f->to)) {
        point(f, after_source, sy);
        point(f, after_source, ty);
    } else {
        /* along the free band at the top of the target's row */
        int corridor = lane_y[t->lane] + t->row * ROW_H + 6 + 4 * (int)((f - L->flows) % 4);
        point(f, after_source, sy);
        point(f, after_source, corridor);
        point(f, before_target, corridor);
        point(f, before_target, ty);
    }
    point(f, tx, ty);
}

/*
 * A lane is as tall as its rows, and at least tall enough for its name to fit
 * its band in two lines: a modeler writes the name along the band and wraps it
 * at the lane's height, and a third line would spill over the pool's name.
 */
static int lane_height(const char *actor, int rows)
{
    const char *name = lt_process_actor_lane(actor);
    int chars = (int)lt_utf8_chars(name, strlen(name));
    int for_name = (chars * CHAR_W + 1) / 2 + 2 * MARGIN;
    return rows * ROW_H > for_name ? rows * ROW_H : for_name;
}

static void place(builder *b, int ncols)
{
    bpmn_layout *L = b->L;
    int *count = lt_arena_calloc(b->a, L->nlanes * (size_t)ncols, sizeof *count);
    int *rows = lt_arena_calloc(b->a, L->nlanes, sizeof *rows);
    int *col_w = lt_arena_calloc(b->a, (size_t)ncols, sizeof *col_w);
    int *col_x = lt_arena_calloc(b->a, (size_t)ncols, sizeof *col_x);
    int *lane_y = lt_arena_calloc(b->a, L->nlanes + 1, sizeof *lane_y);
    for (size_t n = 0; n < L->nnodes; n++) {
        bpmn_node *node = &L->nodes[n];
        node->row = count[node->lane * (size_t)ncols + (size_t)node->col]++;
        if (node->row + 1 > rows[node->lane])
            rows[node->lane] = node->row + 1;
        if (node->box.w > col_w[node->col])
            col_w[node->col] = node->box.w;
    }
    col_x[0] = POOL_X + 2 * LABEL_W + MARGIN;
    for (int c = 1; c < ncols; c++)
        col_x[c] = col_x[c - 1] + col_w[c - 1] + COL_GAP;
    lane_y[0] = POOL_Y;
    for (size_t l = 0; l < L->nlanes; l++)
        lane_y[l + 1] = lane_y[l] + lane_height(L->lanes[l].actor, rows[l]);
    for (size_t n = 0; n < L->nnodes; n++) {
        bpmn_node *node = &L->nodes[n];
        node->box.x = col_x[node->col] + (col_w[node->col] - node->box.w) / 2;
        node->box.y = lane_y[node->lane] + node->row * ROW_H + (ROW_H - node->box.h) / 2;
    }
    int right = col_x[ncols - 1] + col_w[ncols - 1] + MARGIN;
    L->pool = (bpmn_box){POOL_X, POOL_Y, right - POOL_X, lane_y[L->nlanes] - POOL_Y};
    for (size_t l = 0; l < L->nlanes; l++)
        L->lanes[l].box = (bpmn_box){POOL_X + LABEL_W, lane_y[l], right - POOL_X - LABEL_W,
                                     lane_y[l + 1] - lane_y[l]};
    for (size_t f = 0; f < L->nflows; f++)
        route(L, &L->flows[f], col_x, col_w, lane_y);
}

void bpmn_layout_build(lt_arena *a, const lt_process *p, bpmn_layout *out)
{
    memset(out, 0, sizeof *out);
    builder b = {.a = a, .p = p, .L = out};
    lanes(&b);
    nodes_and_flows(&b);
    place(&b, columns(&b));
}
