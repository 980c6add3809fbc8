/*
 * dashboard_library.c - the process library across the regions
 * (GET /api/v1/dashboards/library; docs/dashboards.md): what each region
 * contributed (processes owned, versions published in the range), what it
 * adopted (as it is or adapted) and from whom, and the adoption network.
 *
 * Everything here counts processes, versions and adoptions: a region's or the
 * FAI's work, never a person or a company, so nothing is suppressed. Only
 * published versions count, for every caller alike (FAI staff also read
 * versions in review; they do not count). The library's published versions
 * and its adoptions are read by every signed-in user anyway (sql/0014), so a
 * member's state holds every region's sums, like every dashboard's state. A
 * process's name is shown: it is the published version's, reviewed by FAI
 * staff and published by FAI leadership as the library's content; nothing else
 * a region wrote (description, steps, feedback, review comments) is.
 */
#include "lotse/api.h"
#include "lotse/dashboard.h"

#include <stdlib.h>
#include <string.h>

#define RANGE_START "($2::date)::timestamp AT TIME ZONE 'Europe/Berlin'"
#define RANGE_END   "($3::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'"

/* Per owner: processes with a version published by the end of the range, by
 * whether their latest such version is inactive now. */
#define OWNED_SQL                                                                                  \
    "SELECT l.region_id, coalesce(l.region_id = ANY ($1::smallint[]), false),"                     \
    " count(*) FILTER (WHERE l.status <> 'inactive'),"                                             \
    " count(*) FILTER (WHERE l.status = 'inactive')"                                               \
    " FROM (SELECT DISTINCT ON (v.key) v.key, v.region_id, v.status"                               \
    "  FROM lotse.process_versions v"                                                              \
    "  WHERE v.published_at < " RANGE_END " AND $2::date <= $3::date" /* types $2 */               \
    "  ORDER BY v.key, v.version DESC) l GROUP BY 1, 2"
/* Per owner: versions published in the range, first versions and later ones. */
#define VERSIONS_SQL                                                                               \
    "SELECT v.region_id, coalesce(v.region_id = ANY ($1::smallint[]), false),"                     \
    " count(*) FILTER (WHERE v.version = 1), count(*) FILTER (WHERE v.version > 1)"                \
    " FROM lotse.process_versions v"                                                               \
    " WHERE v.published_at >= " RANGE_START " AND v.published_at < " RANGE_END " GROUP BY 1, 2"
/* Every adoption in the range: the adopter, the owner, the version, the mode,
 * the month, and the name of the process's latest published version. */
#define ADOPTIONS_SQL                                                                              \
    "SELECT a.region_id, a.region_id = ANY ($1::smallint[]), p.region_id,"                         \
    " coalesce(p.region_id = ANY ($1::smallint[]), false), a.key, a.version, a.mode,"              \
    " to_char(a.adopted_at AT TIME ZONE 'Europe/Berlin', 'YYYY-MM'), n.name"                       \
    " FROM lotse.process_adoptions a JOIN lotse.processes p ON p.key = a.key"                      \
    " LEFT JOIN LATERAL (SELECT v.name FROM lotse.process_versions v"                              \
    "  WHERE v.key = a.key AND v.published_at IS NOT NULL"                                         \
    "  ORDER BY v.version DESC LIMIT 1) n ON true"                                                 \
    " WHERE a.adopted_at >= " RANGE_START " AND a.adopted_at < " RANGE_END                         \
    " ORDER BY a.adopted_at, a.region_id, a.key, a.version, a.mode"

const char *const lt_dash_library_sql[] = {OWNED_SQL, VERSIONS_SQL, ADOPTIONS_SQL, NULL};

static const char *const owned_keys[] = {"active", "inactive"};
static const char *const version_keys[] = {"first", "later"};
static const char *const modes[] = {"as_is", "adapt"};
static const char *const fai_rows[] = {"processes_owned", "versions_published", "adopted_from"};
static const char *const fai_keys[] = {"n"};

#define N(a) (sizeof a / sizeof a[0])

/* Adds a count of a region (own or another's) or of the FAI (no region). */
static void add(lt_dash *d, lt_dash_grid *g, lt_dash_grid *fai, const char *fai_row, PGresult *res,
                int i, const char *key, long n)
{
    if (PQgetisnull(res, i, 0))
        lt_dash_matrix_add(fai, fai_row, "n", n, false);
    else if (strcmp(PQgetvalue(res, i, 1), "t") == 0)
        lt_dash_add(d, g, atoi(PQgetvalue(res, i, 0)), key, n);
    else
        lt_dash_add_others(g, key, n);
}

/* The node id of an owner: "fai" or "region:<slug>"; NULL for an unknown region. */
static const char *owner_node(const lt_dash *d, lt_arena *a, PGresult *res, int i, int c)
{
    if (PQgetisnull(res, i, c))
        return "fai";
    int r = lt_dash_region_index(d, atoi(PQgetvalue(res, i, c)));
    return r < 0 ? NULL : lt_arena_printf(a, "region:%s", d->regions[r].slug);
}

/* The network: the FAI, the regions shown, every region and process of an edge;
 * the edges of the adoptions that a region shown made or that were made of a
 * shown region's process, and who owns each process of them. */
static void network(lt_dash *d, PGresult *res)
{
    lt_arena *a = d->req->arena;
    json_t *nodes = json_array(), *edges = json_array(), *seen = json_object();
    bool *region_node = lt_arena_calloc(a, d->nregions, sizeof *region_node);
    json_array_append_new(nodes, json_pack("{s:s, s:s}", "label", "fai", "kind", "fai"));
    for (size_t r = 0; r < d->nregions; r++)
        region_node[r] = d->regions[r].shown;
    for (int i = 0; i < PQntuples(res); i++) {
        int adopter = lt_dash_region_index(d, atoi(PQgetvalue(res, i, 0)));
        int owner =
            PQgetisnull(res, i, 2) ? -1 : lt_dash_region_index(d, atoi(PQgetvalue(res, i, 2)));
        if (adopter < 0 || !(d->regions[adopter].shown || (owner >= 0 && d->regions[owner].shown)))
            continue;
        const char *source = owner_node(d, a, res, i, 2), *key = PQgetvalue(res, i, 4);
        if (!source)
            continue;
        region_node[adopter] = true;
        if (owner >= 0)
            region_node[owner] = true;
        const char *process = lt_arena_printf(a, "process:%s", key);
        if (!json_object_get(seen, process)) {
            json_object_set_new(seen, process, json_true());
            json_t *node = json_pack("{s:s, s:s, s:s, s:s}", "label", process, "kind", "process",
                                     "process", key, "owner", source);
            if (!PQgetisnull(res, i, 8))
                json_object_set_new(node, "title", json_string(PQgetvalue(res, i, 8)));
            json_array_append_new(nodes, node);
            json_array_append_new(edges, json_pack("{s:s, s:s, s:s, s:s}", "label",
                                                   lt_arena_printf(a, "owns:%s", key), "kind",
                                                   "owns", "source", source, "target", process));
        }
        const char *target = lt_arena_printf(a, "region:%s", d->regions[adopter].slug);
        json_array_append_new(
            edges, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "label",
                             lt_arena_printf(a, "adopted:%s:%s:%s:%s", d->regions[adopter].slug,
                                             key, PQgetvalue(res, i, 5), PQgetvalue(res, i, 6)),
                             "kind", "adopted", "source", source, "target", target, "process", key,
                             "version", (json_int_t)atol(PQgetvalue(res, i, 5)), "mode",
                             PQgetvalue(res, i, 6), "month", PQgetvalue(res, i, 7)));
    }
    for (size_t r = 0; r < d->nregions; r++)
        if (region_node[r])
            json_array_append_new(nodes,
                                  json_pack("{s:s, s:s, s:s, s:s}", "label",
                                            lt_arena_printf(a, "region:%s", d->regions[r].slug),
                                            "kind", "region", "region", d->regions[r].slug, "name",
                                            d->regions[r].name));
    json_decref(seen);
    lt_dash_put(d, "network",
                json_pack("{s:s, s:s, s:[], s:[], s:o, s:o}", "unit", "adoptions", "protection",
                          "none", "protected", "keys", "nodes", nodes, "edges", edges));
}

int lt_dash_library(lt_dash *d, lt_resp *resp)
{
    PGresult *owned, *versions, *adoptions;
    lt_db_status st;
    if ((st = lt_dash_read(d, OWNED_SQL, 3, &owned)) != LT_DB_OK ||
        (st = lt_dash_read(d, VERSIONS_SQL, 3, &versions)) != LT_DB_OK ||
        (st = lt_dash_read(d, ADOPTIONS_SQL, 3, &adoptions)) != LT_DB_OK)
        return lt_api_db_problem(d->req, resp, st);
    lt_dash_grid *g_owned =
        lt_dash_region_grid(d, "processes_owned", "processes", false, N(owned_keys), owned_keys);
    lt_dash_grid *g_versions = lt_dash_region_grid(d, "versions_published", "versions", false,
                                                   N(version_keys), version_keys);
    lt_dash_grid *g_adoptions =
        lt_dash_region_grid(d, "adoptions", "adoptions", false, N(modes), modes);
    lt_dash_grid *g_from =
        lt_dash_region_grid(d, "adopted_from", "adoptions", false, N(modes), modes);
    lt_dash_grid *g_fai = lt_dash_matrix(d, "fai", "processes, versions, adoptions", false,
                                         N(fai_rows), fai_rows, N(fai_keys), fai_keys);
    for (int i = 0; i < PQntuples(owned); i++) {
        long active = atol(PQgetvalue(owned, i, 2)), inactive = atol(PQgetvalue(owned, i, 3));
        add(d, g_owned, g_fai, "processes_owned", owned, i, "active", active);
        if (PQgetisnull(owned, i, 0))
            lt_dash_matrix_add(g_fai, "processes_owned", "n", inactive, false);
        else
            add(d, g_owned, g_fai, "processes_owned", owned, i, "inactive", inactive);
    }
    for (int i = 0; i < PQntuples(versions); i++) {
        long first = atol(PQgetvalue(versions, i, 2)), later = atol(PQgetvalue(versions, i, 3));
        add(d, g_versions, g_fai, "versions_published", versions, i, "first", first);
        if (PQgetisnull(versions, i, 0))
            lt_dash_matrix_add(g_fai, "versions_published", "n", later, false);
        else
            add(d, g_versions, g_fai, "versions_published", versions, i, "later", later);
    }
    for (int i = 0; i < PQntuples(adoptions); i++) {
        const char *mode = PQgetvalue(adoptions, i, 6);
        if (strcmp(PQgetvalue(adoptions, i, 1), "t") == 0)
            lt_dash_add(d, g_adoptions, atoi(PQgetvalue(adoptions, i, 0)), mode, 1);
        else
            lt_dash_add_others(g_adoptions, mode, 1);
        if (PQgetisnull(adoptions, i, 2))
            lt_dash_matrix_add(g_fai, "adopted_from", "n", 1, false);
        else if (strcmp(PQgetvalue(adoptions, i, 3), "t") == 0)
            lt_dash_add(d, g_from, atoi(PQgetvalue(adoptions, i, 2)), mode, 1);
        else
            lt_dash_add_others(g_from, mode, 1);
    }
    int status = lt_dash_protect(d, resp);
    if (status)
        return status;
    lt_dash_emit(d);
    network(d, adoptions);
    lt_dash_define(d, "processes_owned",
                   "Processes of the library (lotse.processes) owned by each region that have a"
                   " version published by the end of the range: active, or inactive when their"
                   " latest such version has been made inactive since. Versions in review do"
                   " not count, for any caller.");
    lt_dash_define(d, "versions_published",
                   "Versions of each region's processes published in the range (German time):"
                   " first versions and later ones.");
    lt_dash_define(d, "adoptions",
                   "Adoptions (lotse.process_adoptions) each region made in the range (German"
                   " time), as the published version is (as_is) or adapted into a process of"
                   " its own (adapt); from the FAI or any region.");
    lt_dash_define(d, "adopted_from",
                   "Adoptions in the range of each region's processes, by whichever region"
                   " adopted them: how much the others learned from it.");
    lt_dash_define(d, "fai",
                   "The FAI's own processes, counted like a region's: processes owned, versions"
                   " published in the range, and adoptions of its processes in the range.");
    lt_dash_define(d, "network",
                   "Who learned from whom: nodes are the FAI, the regions shown and the"
                   " processes adopted (label process:<key>, with the name of its latest"
                   " published version as title and its owner); edges are owns (owner to"
                   " process) and adopted (owner to the adopting region, with the process, the"
                   " version, the mode and the month), for the adoptions in the range that a"
                   " region shown made or that were made of a shown region's process.");
    return 0;
}

int lt_api_dashboard_library(lt_req *req, lt_resp *resp)
{
    lt_dash d;
    int status = lt_dash_begin(req, resp, "library", false, &d);
    if (!status)
        status = lt_dash_library(&d, resp);
    return status ? status : lt_dash_finish(&d, resp);
}
