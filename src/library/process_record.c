/*
 * process_record.c - the check of a process record against
 * docs/process-format.md; see process_record.h.
 *
 * Why a hand-written walk and not lt_schema: the record nests (owner, authors,
 * steps, links) and its rules tie members together (predecessors name steps,
 * the steps form no cycle), and every error must name its place in the tree.
 * The walk never stops at the first error and never trusts a type it has not
 * checked, so any JSON value can be handed to it (an import is untrusted).
 *
 * It is the one check of a record: the API validates a create or change body
 * with it too (LT_PROCESS_BODY differs only in which members may be missing),
 * so nothing the API stores fails the package check later.
 */
#include "lotse/process_record.h"
#include "lotse/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const lt_process_phases[] = {"orientation",        "recruitment", "visa_and_entry",
                                         "recognition",        "arrival",     "onboarding",
                                         "social_integration", "retention",   NULL};
const char *const lt_process_actors[] = {"employer",
                                         "skilled_worker",
                                         "foreign_mission",
                                         "immigration_office",
                                         "federal_employment_agency",
                                         "recognition_body",
                                         "welcome_office",
                                         "ihk",
                                         "hwk",
                                         "employment_agency",
                                         "municipality",
                                         "fai",
                                         "other",
                                         NULL};
const char *const lt_process_target_groups[] = {
    "skilled_workers", "trainees",         "nurses", "academics",
    "it_specialists",  "seasonal_workers", "other",  NULL};
const char *const lt_process_levels[] = {"master", "reference", "local", NULL};
const char *const lt_process_statuses[] = {"draft", "in_progress", "approved", "inactive", NULL};

static const char *const owner_kinds[] = {"region", "fai", NULL};

/*
 * The members of each object of the record, in the format's order; those a
 * body (LT_PROCESS_BODY) may leave out; and those only a whole file has,
 * because the server owns them.
 */
typedef struct members {
    const char *const *all;
    const char *const *optional;
    const char *const *server;
} members;

static const char *const record_all[] = {
    "format",      "key",          "version",      "name",  "description", "target_groups", "level",
    "legal_basis", "valid_from",   "valid_to",     "owner", "authors",     "licence",       "tags",
    "status",      "published_at", "adapted_from", "steps", NULL};
static const char *const record_optional[] = {
    "format", "description", "legal_basis", "valid_from", "valid_to", "licence", "tags", NULL};
static const char *const record_server[] = {"version",      "owner",        "status",
                                            "published_at", "adapted_from", NULL};
static const char *const owner_all[] = {"kind", "region", "name", NULL};
static const char *const author_all[] = {"name", "organisation", NULL};
static const char *const author_optional[] = {"organisation", NULL};
static const char *const adapted_all[] = {"key", "version", "owner", NULL};
static const char *const step_all[] = {"id",    "phase",         "title",     "description",
                                       "actor", "duration_days", "documents", "checklist",
                                       "links", "predecessors",  NULL};
static const char *const step_optional[] = {
    "description", "duration_days", "documents", "checklist", "links", "predecessors", NULL};
static const char *const link_all[] = {"title", "url", NULL};

static const members record_members = {record_all, record_optional, record_server};
static const members owner_members = {owner_all, NULL, NULL};
static const members author_members = {author_all, author_optional, NULL};
static const members adapted_members = {adapted_all, NULL, NULL};
static const members step_members = {step_all, step_optional, NULL};
static const members link_members = {link_all, NULL, NULL};

enum {
    NAME_MAX_CHARS = 200,
    DESCRIPTION_MAX = 20000,
    STEP_DESCRIPTION_MAX = 5000,
    SHORT_LIST_MAX = 50, /* legal_basis, tags, authors, documents, checklist */
    ITEM_MAX = 500,      /* one entry of documents or checklist */
    LINKS_MAX = 20,
    URL_MAX = 2000,
    DURATION_MAX = 3650,
};

typedef struct check {
    lt_arena *a;
    bool body; /* LT_PROCESS_BODY: members.optional may be missing, members.server are refused */
    json_t *errors;
    size_t n;
} check;

__attribute__((format(printf, 3, 4))) static void fail(check *c, const char *path, const char *fmt,
                                                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = lt_arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    lt_field_error(&c->errors, path, msg);
    c->n++;
}

static const char *at(check *c, const char *path, const char *member)
{
    return *path ? lt_arena_printf(c->a, "%s.%s", path, member) : member;
}

static const char *item(check *c, const char *path, size_t i)
{
    return lt_arena_printf(c->a, "%s[%zu]", path, i);
}

/* Refuses members that are not in m and reports those missing; false if v is no object. */
static bool object(check *c, const char *path, json_t *v, const members *m)
{
    if (!json_is_object(v)) {
        fail(c, *path ? path : "(record)", "must be a JSON object");
        return false;
    }
    const char *name;
    json_t *member;
    json_object_foreach(v, name, member)
    {
        if (!lt_is_choice(m->all, name) || (c->body && lt_is_choice(m->server, name)))
            fail(c, at(c, path, name), "is not a field of this record");
    }
    for (const char *const *n = m->all; *n; n++)
        if (!json_object_get(v, *n) &&
            !(c->body && (lt_is_choice(m->optional, *n) || lt_is_choice(m->server, *n))))
            fail(c, at(c, path, *n), "is required");
    return true;
}

/* U+FFFE and U+FFFF (EF BF BE/BF) are valid UTF-8 but may not appear in XML. */
static bool has_xml_nonchar(const char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
            ((unsigned char)s[i + 2] & 0xFE) == 0xBE)
            return true;
    return false;
}

static bool has_control(const char *s, size_t len, bool breaks)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 || ch == 0x7f) && !(breaks && (ch == '\n' || ch == '\r' || ch == '\t')))
            return true;
    }
    return false;
}

/* A text of min..max characters; one line unless breaks. */
static bool text(check *c, const char *path, json_t *v, size_t min, size_t max, bool breaks)
{
    if (!v)
        return false; /* missing: reported by object() */
    if (!json_is_string(v)) {
        fail(c, path, "must be a text");
        return false;
    }
    const char *s = json_string_value(v);
    size_t len = json_string_length(v), chars = lt_utf8_chars(s, len);
    if (chars < min || chars > max) {
        if (min > 0)
            fail(c, path, "must be %zu to %zu characters", min, max);
        else
            fail(c, path, "must be at most %zu characters", max);
        return false;
    }
    if (has_control(s, len, breaks)) {
        fail(c, path,
             breaks ? "must not contain control characters"
                    : "must be one line without control characters");
        return false;
    }
    if (has_xml_nonchar(s, len)) {
        fail(c, path, "must not contain the non-characters U+FFFE or U+FFFF");
        return false;
    }
    return true;
}

static void choice(check *c, const char *path, json_t *v, const char *const *choices)
{
    if (!v)
        return;
    if (!json_is_string(v) || !lt_is_choice(choices, json_string_value(v))) {
        lt_buf b;
        lt_buf_init(&b, c->a);
        for (const char *const *ch = choices; *ch; ch++)
            lt_buf_printf(&b, "%s%s", ch == choices ? "" : ", ", *ch);
        fail(c, path, "must be one of: %s", b.data);
    }
}

static bool integer(check *c, const char *path, json_t *v, json_int_t min, json_int_t max)
{
    if (!v)
        return false;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        fail(c, path,
             "must be a whole number from %" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT, min,
             max);
        return false;
    }
    return true;
}

/* A text made of the characters of `alphabet` and of min..max bytes. */
static bool pattern(const char *s, const char *alphabet, size_t min, size_t max)
{
    size_t n = strlen(s);
    return n >= min && n <= max && strspn(s, alphabet) == n;
}

bool lt_process_key_ok(const char *key)
{
    return pattern(key, "abcdefghijklmnopqrstuvwxyz0123456789-", 3, 64) && key[0] >= 'a' &&
           key[0] <= 'z';
}

static void process_key(check *c, const char *path, json_t *v)
{
    if (!v)
        return;
    const char *s = json_string_value(v);
    if (!s || !lt_process_key_ok(s))
        fail(c, path, "must be 3 to 64 of a-z, 0-9 and -, starting with a letter");
}

static bool is_slug(const char *s)
{
    if (!pattern(s, "abcdefghijklmnopqrstuvwxyz0123456789-", 1, 64) || s[0] == '-')
        return false;
    return s[strlen(s) - 1] != '-' && !strstr(s, "--");
}

static void date_or_null(check *c, const char *path, json_t *v)
{
    if (v && !json_is_null(v) && !(json_is_string(v) && lt_is_date(json_string_value(v))))
        fail(c, path, "must be a date as YYYY-MM-DD");
}

static bool two_digits(const char *s, int max)
{
    return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
           (s[0] - '0') * 10 + (s[1] - '0') <= max;
}

/* RFC 3339: YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM). */
static bool is_timestamp(const char *s)
{
    size_t n = strlen(s);
    if (n < 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return false;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!lt_is_date(date) || !two_digits(s + 11, 23) || !two_digits(s + 14, 59) ||
        !two_digits(s + 17, 59))
        return false;
    const char *p = s + 19;
    if (*p == '.') {
        size_t digits = strspn(p + 1, "0123456789");
        if (digits < 1 || digits > 9)
            return false;
        p += 1 + digits;
    }
    if (strcmp(p, "Z") == 0)
        return true;
    return (p[0] == '+' || p[0] == '-') && strlen(p) == 6 && two_digits(p + 1, 23) && p[3] == ':' &&
           two_digits(p + 4, 59);
}

static bool is_url(const char *s)
{
    return (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0) && strlen(s) > 8 &&
           !strpbrk(s, " \"<>\\^`{|}") && !has_control(s, strlen(s), false);
}

/* An array of min..max entries: true, or reports what is wrong and false. */
static bool list(check *c, const char *path, json_t *v, size_t min, size_t max)
{
    if (!json_is_array(v)) {
        fail(c, path, "must be a list");
        return false;
    }
    if (json_array_size(v) < min || json_array_size(v) > max) {
        fail(c, path, "must have %zu to %zu entries", min, max);
        return false;
    }
    return true;
}

/* An array of min..max texts, each of 1..item_max characters on one line. */
static void text_list(check *c, const char *path, json_t *v, size_t min, size_t max,
                      size_t item_max)
{
    if (!v)
        return;
    if (!list(c, path, v, min, max))
        return;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) text(c, item(c, path, i), e, 1, item_max, false);
}

static void target_groups(check *c, json_t *v)
{
    size_t max = sizeof lt_process_target_groups / sizeof *lt_process_target_groups - 1;
    if (!v || !list(c, "target_groups", v, 1, max))
        return;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        const char *path = item(c, "target_groups", i);
        choice(c, path, e, lt_process_target_groups);
        for (size_t j = 0; j < i && json_is_string(e); j++)
            if (json_equal(e, json_array_get(v, j)))
                fail(c, path, "repeats target_groups[%zu]", j);
    }
}

static void owner(check *c, const char *path, json_t *v)
{
    if (!v || !object(c, path, v, &owner_members))
        return;
    json_t *kind = json_object_get(v, "kind"), *region = json_object_get(v, "region");
    choice(c, at(c, path, "kind"), kind, owner_kinds);
    text(c, at(c, path, "name"), json_object_get(v, "name"), 1, NAME_MAX_CHARS, false);
    const char *k = json_string_value(kind);
    if (!region || !k)
        return;
    if (strcmp(k, "region") == 0 && !(json_is_string(region) && is_slug(json_string_value(region))))
        fail(c, at(c, path, "region"), "must be the slug of a region when kind is region");
    if (strcmp(k, "fai") == 0 && !json_is_null(region))
        fail(c, at(c, path, "region"), "must be null when kind is fai");
}

static void authors(check *c, json_t *v)
{
    if (!v)
        return;
    if (!list(c, "authors", v, 1, SHORT_LIST_MAX))
        return;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        const char *path = item(c, "authors", i);
        if (!object(c, path, e, &author_members))
            continue;
        text(c, at(c, path, "name"), json_object_get(e, "name"), 1, NAME_MAX_CHARS, false);
        text(c, at(c, path, "organisation"), json_object_get(e, "organisation"), 0, NAME_MAX_CHARS,
             false);
    }
}

static void adapted_from(check *c, json_t *v)
{
    if (!v || json_is_null(v) || !object(c, "adapted_from", v, &adapted_members))
        return;
    process_key(c, "adapted_from.key", json_object_get(v, "key"));
    integer(c, "adapted_from.version", json_object_get(v, "version"), 1, LT_PROCESS_MAX_VERSION);
    owner(c, "adapted_from.owner", json_object_get(v, "owner"));
}

static void links(check *c, const char *path, json_t *v)
{
    if (!v)
        return;
    if (!list(c, path, v, 0, LINKS_MAX))
        return;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        const char *p = item(c, path, i);
        if (!object(c, p, e, &link_members))
            continue;
        text(c, at(c, p, "title"), json_object_get(e, "title"), 1, NAME_MAX_CHARS, false);
        json_t *url = json_object_get(e, "url");
        if (url && text(c, at(c, p, "url"), url, 1, URL_MAX, false) &&
            !is_url(json_string_value(url)))
            fail(c, at(c, p, "url"), "must be an http or https address");
    }
}

/* The members of one step, except how its predecessors relate to other steps. */
static void step(check *c, const char *path, json_t *s)
{
    json_t *id = json_object_get(s, "id");
    if (id && (!json_is_string(id) ||
               !pattern(json_string_value(id), "abcdefghijklmnopqrstuvwxyz0123456789_-", 1, 32)))
        fail(c, at(c, path, "id"), "must be 1 to 32 of a-z, 0-9, _ and -");
    choice(c, at(c, path, "phase"), json_object_get(s, "phase"), lt_process_phases);
    text(c, at(c, path, "title"), json_object_get(s, "title"), 1, NAME_MAX_CHARS, false);
    text(c, at(c, path, "description"), json_object_get(s, "description"), 0, STEP_DESCRIPTION_MAX,
         true);
    choice(c, at(c, path, "actor"), json_object_get(s, "actor"), lt_process_actors);
    json_t *d = json_object_get(s, "duration_days");
    if (d && !json_is_null(d))
        integer(c, at(c, path, "duration_days"), d, 0, DURATION_MAX);
    text_list(c, at(c, path, "documents"), json_object_get(s, "documents"), 0, SHORT_LIST_MAX,
              ITEM_MAX);
    text_list(c, at(c, path, "checklist"), json_object_get(s, "checklist"), 0, SHORT_LIST_MAX,
              ITEM_MAX);
    links(c, at(c, path, "links"), json_object_get(s, "links"));
}

/* The index of the step whose id is `id`, or -1. Only steps with a valid id count. */
static long step_index(json_t *steps, const char *id)
{
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s)
    {
        const char *sid = json_string_value(json_object_get(s, "id"));
        if (sid && strcmp(sid, id) == 0)
            return (long)i;
    }
    return -1;
}

/*
 * Predecessors name earlier-or-later steps of this version, each once, never
 * the step itself. Fills edges[i] with the resolved predecessor indexes of step
 * i (count in nedges[i]) for the cycle search.
 */
static void predecessors(check *c, json_t *steps, size_t **edges, size_t *nedges)
{
    size_t i;
    json_t *s;
    json_array_foreach(steps, i, s)
    {
        const char *path = lt_arena_printf(c->a, "steps[%zu].predecessors", i);
        json_t *preds = json_is_object(s) ? json_object_get(s, "predecessors") : NULL;
        nedges[i] = 0;
        if (!preds)
            continue;
        if (!list(c, path, preds, 0, LT_PROCESS_MAX_STEPS))
            continue;
        edges[i] = lt_arena_calloc(c->a, json_array_size(preds) + 1, sizeof **edges);
        size_t j;
        json_t *p;
        json_array_foreach(preds, j, p)
        {
            const char *pp = item(c, path, j);
            const char *pid = json_string_value(p);
            long k = pid ? step_index(steps, pid) : -1;
            if (!pid)
                fail(c, pp, "must be the id of a step");
            else if (k < 0)
                fail(c, pp, "names no step of this process: %s", pid);
            else if ((size_t)k == i)
                fail(c, pp, "must not name the step itself");
            else {
                bool repeated = false;
                for (size_t m = 0; m < nedges[i]; m++)
                    repeated |= edges[i][m] == (size_t)k;
                if (repeated)
                    fail(c, pp, "names %s twice", pid);
                else
                    edges[i][nedges[i]++] = (size_t)k;
            }
        }
    }
}

/*
 * Reports one cycle of the predecessor graph, if there is any: Kahn's
 * algorithm removes every step whose predecessors are all removed; what is
 * left lies on a cycle or after one, and walking predecessors from there
 * (each left step has a left predecessor) must come back to a step seen.
 */
static void cycles(check *c, json_t *steps, size_t **edges, const size_t *nedges)
{
    size_t n = json_array_size(steps);
    size_t *missing = lt_arena_calloc(c->a, n + 1, sizeof *missing);
    bool *done = lt_arena_calloc(c->a, n + 1, sizeof *done);
    for (size_t i = 0; i < n; i++)
        missing[i] = nedges[i];
    for (bool progress = true; progress;) {
        progress = false;
        for (size_t i = 0; i < n; i++) {
            if (done[i] || missing[i])
                continue;
            done[i] = progress = true;
            for (size_t j = 0; j < n; j++)
                for (size_t k = 0; k < nedges[j]; k++)
                    missing[j] -= edges[j][k] == i;
        }
    }
    size_t start = 0;
    while (start < n && done[start])
        start++;
    if (start == n)
        return;
    long *seen = lt_arena_alloc(c->a, (n + 1) * sizeof *seen); /* position on the walk */
    for (size_t i = 0; i < n; i++)
        seen[i] = -1;
    size_t *walk = lt_arena_alloc(c->a, (n + 1) * sizeof *walk), len = 0, cur = start;
    while (seen[cur] < 0) {
        seen[cur] = (long)len;
        walk[len++] = cur;
        for (size_t k = 0; k < nedges[cur]; k++)
            if (!done[edges[cur][k]]) {
                cur = edges[cur][k];
                break;
            }
    }
    /* walk[seen[cur]..len) is the cycle in predecessor direction: print it
     * forwards, from its first step in the record's order. */
    size_t first = (size_t)seen[cur], m = len - first, lowest = cur, from = 0;
    for (size_t j = 0; j < m; j++)
        if (walk[len - 1 - j] <= lowest) {
            lowest = walk[len - 1 - j];
            from = j;
        }
    lt_buf b;
    lt_buf_init(&b, c->a);
    for (size_t j = 0; j <= m; j++)
        lt_buf_printf(&b, "%s%s", j ? " -> " : "",
                      json_string_value(json_object_get(
                          json_array_get(steps, walk[len - 1 - (from + j) % m]), "id")));
    fail(c, lt_arena_printf(c->a, "steps[%zu].predecessors", lowest),
         "form a cycle: %s (the steps must form a flow without loops)", b.data);
}

static void steps(check *c, json_t *v)
{
    if (!v)
        return;
    if (!list(c, "steps", v, 1, LT_PROCESS_MAX_STEPS))
        return;
    size_t i, n = json_array_size(v);
    json_t *s;
    json_array_foreach(v, i, s)
    {
        const char *path = item(c, "steps", i);
        if (!object(c, path, s, &step_members))
            continue;
        step(c, path, s);
        const char *id = json_string_value(json_object_get(s, "id"));
        long first = id ? step_index(v, id) : -1;
        if (first >= 0 && (size_t)first < i)
            fail(c, at(c, path, "id"), "is also the id of steps[%ld]", first);
    }
    size_t before = c->n;
    size_t **edges = lt_arena_calloc(c->a, n, sizeof *edges);
    size_t *nedges = lt_arena_calloc(c->a, n, sizeof *nedges);
    predecessors(c, v, edges, nedges);
    if (c->n == before)
        cycles(c, v, edges, nedges);
}

size_t lt_process_check(lt_arena *a, json_t *r, json_t **errors)
{
    return lt_process_check_as(a, r, LT_PROCESS_FILE, errors);
}

size_t lt_process_check_as(lt_arena *a, json_t *r, lt_process_input input, json_t **errors)
{
    check c = {.a = a, .body = input == LT_PROCESS_BODY};
    *errors = NULL;
    if (object(&c, "", r, &record_members)) {
        json_t *format = json_object_get(r, "format");
        if (format &&
            !(json_is_string(format) && strcmp(json_string_value(format), LT_PROCESS_FORMAT) == 0))
            fail(&c, "format", "must be one of: %s", LT_PROCESS_FORMAT);
        process_key(&c, "key", json_object_get(r, "key"));
        integer(&c, "version", json_object_get(r, "version"), 1, LT_PROCESS_MAX_VERSION);
        text(&c, "name", json_object_get(r, "name"), 1, NAME_MAX_CHARS, false);
        text(&c, "description", json_object_get(r, "description"), 0, DESCRIPTION_MAX, true);
        target_groups(&c, json_object_get(r, "target_groups"));
        choice(&c, "level", json_object_get(r, "level"), lt_process_levels);
        text_list(&c, "legal_basis", json_object_get(r, "legal_basis"), 0, SHORT_LIST_MAX,
                  NAME_MAX_CHARS);
        json_t *from = json_object_get(r, "valid_from"), *to = json_object_get(r, "valid_to");
        date_or_null(&c, "valid_from", from);
        date_or_null(&c, "valid_to", to);
        if (json_is_string(from) && json_is_string(to) && lt_is_date(json_string_value(from)) &&
            lt_is_date(json_string_value(to)) &&
            strcmp(json_string_value(to), json_string_value(from)) < 0)
            fail(&c, "valid_to", "must not be before valid_from");
        owner(&c, "owner", json_object_get(r, "owner"));
        authors(&c, json_object_get(r, "authors"));
        json_t *licence = json_object_get(r, "licence");
        if (licence &&
            !(json_is_string(licence) &&
              pattern(json_string_value(licence),
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.+-", 1, 64)))
            fail(&c, "licence", "must be an SPDX licence identifier (e.g. CC-BY-4.0)");
        text_list(&c, "tags", json_object_get(r, "tags"), 0, SHORT_LIST_MAX, NAME_MAX_CHARS);
        json_t *status = json_object_get(r, "status"),
               *published = json_object_get(r, "published_at");
        choice(&c, "status", status, lt_process_statuses);
        if (published && !json_is_null(published)) {
            const char *st = json_string_value(status);
            if (!json_is_string(published) || !is_timestamp(json_string_value(published)))
                fail(&c, "published_at",
                     "must be a timestamp such as 2026-11-02T10:15:00Z, or null");
            else if (st && (strcmp(st, "draft") == 0 || strcmp(st, "in_progress") == 0))
                fail(&c, "published_at", "must be null while the status is %s", st);
        }
        adapted_from(&c, json_object_get(r, "adapted_from"));
        steps(&c, json_object_get(r, "steps"));
    }
    *errors = c.errors;
    return c.n;
}
