/*
 * readme.c - README.md of a package: the process as a Markdown document; see
 * rocrate.h.
 *
 * Why escape: titles and descriptions are written by people in the regions
 * and may hold *, _, [, | or <; they must read as written, not become
 * emphasis, links, broken tables or HTML in a Markdown viewer.
 */
#include "lotse/package.h"
#include "lotse/rocrate.h"

#include <string.h>

static const char *const level_labels[][2] = {
    {"master", "Master process (FIM Stammprozess)"},
    {"reference", "Reference process (FIM Referenzprozess)"},
    {"local", "Local process (FIM Lokalprozess)"},
};

static const char *level_label(const char *level)
{
    for (size_t i = 0; i < sizeof level_labels / sizeof *level_labels; i++)
        if (strcmp(level_labels[i][0], level) == 0)
            return level_labels[i][1];
    return level;
}

/*
 * Text as Markdown that shows it literally; line breaks kept unless one_line.
 * at_start: the text begins a block (a list item, a paragraph), where "-" or
 * "1." would start a list.
 */
static void text(lt_buf *b, const char *s, bool one_line, bool at_start)
{
    bool line_start = at_start;
    for (; *s; s++) {
        char c = *s;
        if (c == '\r')
            continue;
        if (c == '\n' || c == '\t') {
            lt_buf_puts(b, one_line ? " " : c == '\n' ? "\n" : "\t");
            line_start = c == '\n';
            continue;
        }
        if (strchr("\\`*_[]<>|#~", c) || (line_start && strchr("-+=>", c)))
            lt_buf_puts(b, "\\");
        else if (line_start && c >= '0' && c <= '9') {
            /* "1. " at a line's start would become a list item */
            const char *p = s;
            while (*p >= '0' && *p <= '9')
                p++;
            if (*p == '.' || *p == ')') {
                lt_buf_append(b, s, (size_t)(p - s));
                lt_buf_puts(b, "\\");
                s = p;
                c = *s;
            }
        }
        lt_buf_append(b, &c, 1);
        line_start = false;
    }
}

static void row(lt_buf *b, const char *label, const char *value)
{
    lt_buf_printf(b, "| %s | ", label);
    text(b, value, true, false);
    lt_buf_puts(b, " |\n");
}

static const char *joined(lt_arena *a, const char *const *items, size_t n, const char *none)
{
    if (!n)
        return none;
    lt_buf b;
    lt_buf_init(&b, a);
    for (size_t i = 0; i < n; i++)
        lt_buf_printf(&b, "%s%s", i ? "; " : "", items[i]);
    return b.data;
}

static const char *owner_text(lt_arena *a, const lt_process_owner *o)
{
    return o->region ? lt_arena_printf(a, "%s (region %s)", o->name, o->region) : o->name;
}

static void metadata(lt_arena *a, const lt_process *p, lt_buf *b)
{
    lt_buf_puts(b, "| | |\n|---|---|\n");
    row(b, "Key", p->key);
    row(b, "Version", lt_arena_printf(a, "%ld", p->version));
    row(b, "Status",
        p->published_at ? lt_arena_printf(a, "%s, published %s", p->status, p->published_at)
                        : p->status);
    row(b, "Level", level_label(p->level));
    row(b, "Target groups", joined(a, p->target_groups, p->ntarget_groups, "none"));
    row(b, "Legal basis", joined(a, p->legal_basis, p->nlegal_basis, "none named"));
    row(b, "Valid",
        lt_arena_printf(a, "from %s until %s", p->valid_from ? p->valid_from : "(open)",
                        p->valid_to ? p->valid_to : "(open)"));
    row(b, "Owner", owner_text(a, &p->owner));
    lt_buf authors;
    lt_buf_init(&authors, a);
    for (size_t i = 0; i < p->nauthors; i++)
        lt_buf_printf(&authors, "%s%s%s%s%s", i ? "; " : "", p->authors[i].name,
                      *p->authors[i].organisation ? " (" : "", p->authors[i].organisation,
                      *p->authors[i].organisation ? ")" : "");
    row(b, "Authors", authors.data);
    row(b, "Licence", p->licence);
    row(b, "Tags", joined(a, p->tags, p->ntags, "none"));
    if (p->has_adapted_from)
        row(b, "Adapted from",
            lt_arena_printf(a, "%s, version %ld, by %s", p->adapted_from.key,
                            p->adapted_from.version, owner_text(a, &p->adapted_from.owner)));
    row(b, "Steps", lt_arena_printf(a, "%zu", p->nsteps));
}

static void list(lt_buf *b, const char *heading, const char *prefix, const char *const *items,
                 size_t n)
{
    if (!n)
        return;
    lt_buf_printf(b, "\n**%s**\n\n", heading);
    for (size_t i = 0; i < n; i++) {
        lt_buf_puts(b, prefix);
        text(b, items[i], true, true);
        lt_buf_puts(b, "\n");
    }
}

static void step(lt_arena *a, const lt_process *p, size_t i, lt_buf *b)
{
    const lt_process_step *s = &p->steps[i];
    lt_buf_printf(b, "\n### %zu. ", i + 1);
    text(b, s->title, true, false);
    lt_buf_puts(b, "\n\n| | |\n|---|---|\n");
    row(b, "Actor", lt_process_actor_label(s->actor));
    row(b, "Phase", lt_process_phase_label(s->phase));
    row(b, "Typical duration",
        s->duration_days < 0
            ? "not known"
            : lt_arena_printf(a, "%d day%s", s->duration_days, s->duration_days == 1 ? "" : "s"));
    lt_buf after;
    lt_buf_init(&after, a);
    for (size_t k = 0; k < s->npred; k++)
        lt_buf_printf(&after, "%s%zu. %s", k ? "; " : "", s->pred[k] + 1,
                      p->steps[s->pred[k]].title);
    row(b, "After", s->npred ? after.data : "(starts the process)");
    row(b, "Step id", s->id);
    if (*s->description) {
        lt_buf_puts(b, "\n");
        text(b, s->description, false, true);
        lt_buf_puts(b, "\n");
    }
    list(b, "Documents", "- ", s->documents, s->ndocuments);
    list(b, "Checklist", "- [ ] ", s->checklist, s->nchecklist);
    if (s->nlinks) {
        lt_buf_puts(b, "\n**Links**\n\n");
        for (size_t k = 0; k < s->nlinks; k++) {
            lt_buf_puts(b, "- [");
            text(b, s->links[k].title, true, false);
            lt_buf_puts(b, "](");
            for (const char *u = s->links[k].url; *u; u++)
                lt_buf_puts(b, *u == '(' ? "%28" : *u == ')' ? "%29" : (char[2]){*u, 0});
            lt_buf_puts(b, ")\n");
        }
    }
}

void lt_readme_write(lt_arena *a, const lt_process *p, lt_buf *out)
{
    lt_buf_puts(out, "# ");
    text(out, p->name, true, false);
    lt_buf_puts(out, "\n\n");
    if (*p->description) {
        text(out, p->description, false, true);
        lt_buf_puts(out, "\n\n");
    }
    metadata(a, p, out);
    lt_buf_puts(out, "\n## Steps\n");
    for (size_t i = 0; i < p->nsteps; i++)
        step(a, p, i, out);
    lt_buf_puts(out, "\n---\n\nA best-practice package of the Lotse process library. "
                     "`process.json` holds this version completely, `process.bpmn` draws it "
                     "in any BPMN modeler, and `manifest-sha256.txt` with its signature "
                     "`manifest-sha256.txt.sig` proves that nothing was changed "
                     "(how to check: docs/packages.md of Lotse).\n");
}
