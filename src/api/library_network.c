/*
 * library_network.c - how the regions learn from each other (agreement §4):
 * a region adopts a published process version as it is, or adapts it into a
 * draft of its own; the library records who adopted what from whom and which
 * version, and answers the whole network. Regions rate published versions
 * (1 to 5, with a comment), one feedback per region and version, changed
 * with If-Match like any record.
 *
 * Adoptions and feedback are shared with every signed-in user; a region
 * records only its own (the route's region; row-level security again).
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/library.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>
#include <string.h>

static const char *const modes[] = {"as_is", "adapt", NULL};

static const lt_field adoption_fields[] = {
    {"process", LT_F_TEXT, LT_FIELD_REQUIRED, 3, 64, NULL},
    {"version", LT_F_INT, LT_FIELD_REQUIRED, 1, 100000, NULL},
    {"mode", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, modes},
    {"key", LT_F_TEXT, 0, 3, 64, NULL},
};
static const lt_schema adoption_schema = {"adoption", adoption_fields,
                                          sizeof adoption_fields / sizeof adoption_fields[0]};

static const lt_field feedback_fields[] = {
    {"rating", LT_F_INT, LT_FIELD_REQUIRED, 1, 5, NULL},
    {"comment", LT_F_LONGTEXT, 0, 0, 5000, NULL},
};
static const lt_schema feedback_schema = {"feedback", feedback_fields,
                                          sizeof feedback_fields / sizeof feedback_fields[0]};

#define ADOPTION_JSON                                                                              \
    "json_build_object('id', a.id, 'region', g.slug, 'region_name', g.name, 'process', a.key,"     \
    " 'version', a.version, 'process_name', v.name, 'owner', lotse.process_owner(v.region_id),"    \
    " 'mode', a.mode, 'key', a.adapted_key, 'adopted_at', lotse.utc(a.adopted_at))"
#define ADOPTION_FROM                                                                              \
    " FROM lotse.process_adoptions a JOIN lotse.regions g ON g.id = a.region_id"                   \
    " JOIN lotse.process_versions v ON v.key = a.key AND v.version = a.version"
#define ADOPTION_SORT                                                                              \
    "(to_char(a.adopted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|' || a.id)"    \
    " COLLATE \"C\""

static const lt_csv_column adoption_columns[] = {
    {"adopted_at", "adopted_at"},
    {"process", "process"},
    {"version", "version"},
    {"name", "process_name"},
    {"owner", "owner.name"},
    {"mode", "mode"},
    {"key", "key"},
};

/* The region's adoptions, oldest first; $3 the region. */
static const lt_list adoption_list = {
    "adoption",
    "adoptions",
    "SELECT " ADOPTION_JSON " AS item, " ADOPTION_SORT " AS sort_key" ADOPTION_FROM
    " WHERE a.region_id = $3::smallint AND " ADOPTION_SORT " > $1 ORDER BY sort_key LIMIT $2::int",
    false,
    adoption_columns,
    sizeof adoption_columns / sizeof adoption_columns[0],
};

#define FEEDBACK_JSON                                                                              \
    "json_build_object('region', g.slug, 'region_name', g.name, 'process', f.key, 'version',"      \
    " f.version, 'rating', f.rating, 'comment', f.comment, 'created_at', lotse.utc(f.created_at)," \
    " 'updated_at', lotse.utc(f.updated_at))"

static const lt_csv_column feedback_columns[] = {
    {"region", "region_name"},
    {"rating", "rating"},
    {"comment", "comment"},
    {"updated_at", "updated_at"},
};

/* The feedback on one version, by region; $3 key, $4 version. */
static const lt_list feedback_list = {
    "feedback",
    "feedback",
    "SELECT " FEEDBACK_JSON " AS item, g.slug AS sort_key"
    " FROM lotse.process_feedback f JOIN lotse.regions g ON g.id = f.region_id"
    " WHERE f.key = $3 AND f.version = $4::int AND g.slug > $1 ORDER BY sort_key LIMIT $2::int",
    false,
    feedback_columns,
    sizeof feedback_columns / sizeof feedback_columns[0],
};

static int refuse(lt_req *req, lt_resp *resp, const char *field, const char *message)
{
    json_t *errors = NULL;
    lt_field_error(&errors, field, message);
    return lt_problem(resp, req, LT_E_VALIDATION, "The adoption is not valid.", errors);
}

/* The published version an adoption names: 0 with *record (process.json) and
 * *owner_region ("" for the FAI), or the status of the problem written. */
static int adoptable(lt_req *req, lt_resp *resp, const char *key, const char *n, json_t **record,
                     const char **owner_region)
{
    const char *params[] = {key, n};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT coalesce(region_id::text, ''), status FROM"
                                 " lotse.process_versions WHERE key = $1 AND version = $2::int"
                                 " AND published_at IS NOT NULL",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return refuse(req, resp, "version", "names no published version of this process");
    if (strcmp(PQgetvalue(res, 0, 1), "inactive") == 0)
        return lt_problem_ext(resp, req, LT_E_CONFLICT,
                              "This version was made inactive: adopt the current one.", NULL,
                              json_pack("{s:s}", "current_status", "inactive"));
    *owner_region = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if (strcmp(*owner_region, lt_record_region(req)) == 0)
        return lt_problem(resp, req, LT_E_CONFLICT,
                          "This is the region's own process: change it by a new version.", NULL);
    int revision;
    return lt_process_load(req, resp, key, atoi(n), record, &revision);
}

int lt_api_library_adopt(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &adoption_schema, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *source = v.text[0], *n = v.text[1], *mode = v.text[2], *key = v.text[3];
    bool adapt = strcmp(mode, "adapt") == 0;
    if (!lt_process_key_ok(source))
        return refuse(req, resp, "process", "is not a process key");
    if (key && !adapt)
        return refuse(req, resp, "key", "is only given when adapting");
    json_t *record;
    const char *owner_region;
    if ((status = adoptable(req, resp, source, n, &record, &owner_region)))
        return status;
    if (adapt) {
        if (!key) { /* the source's key with the region's slug, cut to fit */
            char *made =
                lt_arena_printf(req->arena, "%.64s-%s", source, lt_req_param(req, "region"));
            size_t len = strlen(made) > 64 ? 64 : strlen(made);
            while (len > 0 && made[len - 1] == '-')
                len--;
            made[len] = '\0';
            key = made;
        }
        if (!lt_process_key_ok(key))
            return refuse(req, resp, "key",
                          "must be 3 to 64 of a-z, 0-9 and -, starting with a letter");
        json_t *from = json_pack("{s:s, s:I, s:O}", "key", source, "version", (json_int_t)atoi(n),
                                 "owner", json_object_get(record, "owner"));
        status = lt_process_create(req, resp, req->region_id, key, record, from);
        json_decref(from);
        if (status)
            return status;
        lt_resp_header(resp, "Location",
                       lt_arena_printf(req->arena, "/api/v1/library/processes/%s/versions/1", key));
    }
    const char *params[] = {lt_record_region(req), source,           n, mode,
                            adapt ? key : NULL,    req->who->user_id};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "INSERT INTO lotse.process_adoptions (region_id, key, version,"
                                 " mode, adapted_key, adopted_by) VALUES ($1::smallint, $2,"
                                 " $3::int, $4, $5, $6::uuid) RETURNING id",
                                 6, params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23505") == 0)
        return lt_problem(
            resp, req, LT_E_CONFLICT,
            lt_arena_printf(req->arena, "The region has already adopted version %s this way.", n),
            NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, req->region_id, adapt ? "process_adapted" : "process_adopted",
                       "process_version", lt_arena_printf(req->arena, "%s/%s", source, n))) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *key_params[] = {lt_record_region(req), id};
    st = lt_db_exec(req->app->db, req->arena, &res,
                    "SELECT " ADOPTION_JSON "::text" ADOPTION_FROM
                    " WHERE a.region_id = $1::smallint AND a.id = $2",
                    2, key_params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 201;
}

int lt_api_library_region_adoptions(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &adoption_list, &page);
    if (status)
        return status;
    const char *filters[] = {lt_record_region(req)};
    return lt_page_list(req, resp, &adoption_list, &page, 1, filters);
}

/*
 * The network: nodes are the processes adopted or made by adapting (those the
 * caller may see), the regions that adopted or own them and the FAI; edges
 * are "owns" (owner -> process), "adopted" (process -> region, with version
 * and mode) and "adapted_into" (process -> the draft made from it).
 */
int lt_api_library_network(lt_req *req, lt_resp *resp)
{
    const char *only = lt_req_query(req, "process");
    if (only && !lt_process_key_ok(only)) {
        json_t *errors = NULL;
        lt_field_error(&errors, "process", "is not a process key");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    }
    const char *params[] = {only};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH e AS (SELECT a.key, a.version, a.mode, a.adopted_at, g.slug,"
        "   (SELECT p.key FROM lotse.processes p WHERE p.key = a.adapted_key) AS adapted_key"
        "  FROM lotse.process_adoptions a JOIN lotse.regions g ON g.id = a.region_id"
        "  WHERE $1::text IS NULL OR a.key = $1),"
        " n AS (SELECT p.key, p.region_id, o.slug,"
        "   (SELECT v.name FROM lotse.process_versions v WHERE v.key = p.key"
        "     ORDER BY v.published_at IS NOT NULL DESC, v.version DESC LIMIT 1) AS name"
        "  FROM lotse.processes p LEFT JOIN lotse.regions o ON o.id = p.region_id"
        "  WHERE p.key IN (SELECT e.key FROM e UNION SELECT e.adapted_key FROM e))"
        " SELECT json_build_object("
        " 'nodes', coalesce((SELECT json_agg(x.node ORDER BY x.node->>'id') FROM ("
        "   SELECT json_build_object('id', 'process:' || n.key, 'kind', 'process', 'key', n.key,"
        "    'name', n.name, 'owner', lotse.process_owner(n.region_id)) AS node FROM n"
        "   UNION ALL SELECT json_build_object('id', 'region:' || g.slug, 'kind', 'region',"
        "    'region', g.slug, 'name', g.name) FROM lotse.regions g"
        "    WHERE g.slug IN (SELECT e.slug FROM e UNION SELECT n.slug FROM n)"
        "   UNION ALL SELECT json_build_object('id', 'fai', 'kind', 'fai', 'name',"
        "    'NRW Fachkräfteagentur International') WHERE EXISTS (SELECT 1 FROM n"
        "    WHERE n.region_id IS NULL)) x), '[]'),"
        " 'edges', coalesce((SELECT json_agg(y.edge ORDER BY y.edge->>'kind', y.edge->>'from',"
        "   y.edge->>'to', (y.edge->>'version')::int) FROM ("
        "   SELECT json_build_object('kind', 'owns', 'from', coalesce('region:' || n.slug, 'fai'),"
        "    'to', 'process:' || n.key) AS edge FROM n"
        "   UNION ALL SELECT json_build_object('kind', 'adopted', 'from', 'process:' || e.key,"
        "    'to', 'region:' || e.slug, 'version', e.version, 'mode', e.mode,"
        "    'adapted_key', e.adapted_key, 'adopted_at', lotse.utc(e.adopted_at)) FROM e"
        "   UNION ALL SELECT json_build_object('kind', 'adapted_into', 'from', 'process:' || e.key,"
        "    'to', 'process:' || e.adapted_key, 'version', e.version) FROM e"
        "    WHERE e.adapted_key IS NOT NULL) y), '[]'))::text",
        1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}

/* ---- feedback ---- */

/* Answers the route's region's feedback on version n of key, with its ETag. */
static int answer_feedback(lt_req *req, lt_resp *resp, const char *key, const char *n, int status)
{
    const char *params[] = {lt_record_region(req), key, n};
    return lt_record_answer(req, resp,
                            "SELECT " FEEDBACK_JSON "::text, f.revision"
                            " FROM lotse.process_feedback f JOIN lotse.regions g"
                            " ON g.id = f.region_id WHERE f.region_id = $1::smallint"
                            " AND f.key = $2 AND f.version = $3::int",
                            3, params, status);
}

int lt_api_library_feedback_get(lt_req *req, lt_resp *resp)
{
    const char *key, *n;
    int status = lt_process_path(req, resp, &key, NULL, &n);
    return status ? status : answer_feedback(req, resp, key, n, 200);
}

/* Why a first feedback was not recorded: there is one already (428: change it
 * with If-Match), or no published, active version the caller sees (404/409). */
static int first_feedback_refused(lt_req *req, lt_resp *resp, const char *key, const char *n)
{
    const char *params[] = {lt_record_region(req), key, n};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT (SELECT count(*) FROM lotse.process_feedback f"
                                 "  WHERE f.region_id = $1::smallint AND f.key = $2"
                                 "  AND f.version = $3::int), v.status, v.published_at IS NOT NULL"
                                 " FROM lotse.process_versions v"
                                 " WHERE v.key = $2 AND v.version = $3::int",
                                 3, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    if (strcmp(PQgetvalue(res, 0, 0), "0") != 0) {
        int unused;
        return lt_if_match(req, resp, &unused); /* no If-Match: the 428 */
    }
    const char *now = strcmp(PQgetvalue(res, 0, 2), "t") != 0 ? PQgetvalue(res, 0, 1) : "inactive";
    return lt_problem_ext(resp, req, LT_E_CONFLICT,
                          "Feedback is given on published, active versions.", NULL,
                          json_pack("{s:s}", "current_status", now));
}

int lt_api_library_feedback_put(lt_req *req, lt_resp *resp)
{
    const char *key, *n;
    lt_values v;
    int status = lt_process_path(req, resp, &key, NULL, &n);
    if (status || (status = lt_validate(req, resp, &feedback_schema, LT_VALIDATE_REPLACE, &v)))
        return status;
    PGresult *res;
    lt_db_status st;
    if (!lt_req_header(req, "if-match")) {
        const char *params[] = {lt_record_region(req), key, n, v.text[0], v.text[1],
                                req->who->user_id};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "INSERT INTO lotse.process_feedback (region_id, key, version, rating,"
                        " comment, updated_by) SELECT $1::smallint, x.key, x.version,"
                        " $4::smallint, coalesce($5, ''), $6::uuid FROM lotse.process_versions x"
                        " WHERE x.key = $2 AND x.version = $3::int AND x.published_at IS NOT NULL"
                        " AND x.status = 'approved'"
                        " ON CONFLICT (region_id, key, version) DO NOTHING RETURNING revision",
                        6, params);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        if (PQntuples(res) == 0)
            return first_feedback_refused(req, resp, key, n);
        status = 201;
    } else {
        int revision;
        if ((status = lt_if_match(req, resp, &revision)))
            return status;
        const char *params[] = {lt_record_region(req),
                                key,
                                n,
                                lt_arena_printf(req->arena, "%d", revision),
                                v.text[0],
                                v.text[1],
                                req->who->user_id};
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "UPDATE lotse.process_feedback SET rating = $5::smallint,"
                        " comment = coalesce($6, ''), revision = revision + 1, updated_at = now(),"
                        " updated_by = $7::uuid WHERE region_id = $1::smallint AND key = $2"
                        " AND version = $3::int AND revision = $4::int RETURNING revision",
                        7, params);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        if (PQntuples(res) == 0)
            return lt_record_update_missed(req, resp,
                                           "SELECT revision FROM lotse.process_feedback"
                                           " WHERE region_id = $1::smallint AND key = $2"
                                           " AND version = $3::int",
                                           3, params);
        status = 200;
    }
    if ((st = lt_audit(req, NULL, req->region_id, "process_feedback_given", "process_version",
                       lt_arena_printf(req->arena, "%s/%s", key, n))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_feedback(req, resp, key, n, status);
}

int lt_api_library_feedback_list(lt_req *req, lt_resp *resp)
{
    const char *key, *n;
    lt_page page;
    int status = lt_process_path(req, resp, &key, NULL, &n);
    if (status || (status = lt_page_parse(req, resp, &feedback_list, &page)))
        return status;
    const char *params[] = {key, n};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT 1 FROM lotse.process_versions"
                                 " WHERE key = $1 AND version = $2::int",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    return lt_page_list(req, resp, &feedback_list, &page, 2, params);
}
