/*
 * library_processes.c - the model processes of the shared library (agreement
 * §4): searching what is published, reading a process and its versions, and
 * drafting - a region in its own name (/api/v1/regions/{region}/library/...),
 * FAI staff in the FAI's (/api/v1/library/...). One handler serves both: the
 * owner is the route's region, or the FAI when the route has none.
 *
 * What a caller sees is row-level security's answer (sql/0014_library.sql):
 * published versions for every signed-in user, a region's drafts for that
 * region, and what was submitted for review for the FAI; anything else is
 * not found. The record is docs/process-format.md; its ETag is the row's
 * revision, since "version" in it is the process version.
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

static const char *const statuses[] = {"draft", "in_progress", "approved", "inactive", NULL};

static const lt_csv_column summary_columns[] = {
    {"key", "key"},
    {"version", "version"},
    {"name", "name"},
    {"owner", "owner.name"},
    {"level", "level"},
    {"status", "status"},
    {"published_at", "published_at"},
    {"target_groups", "target_groups[]"},
    {"phases", "phases[]"},
    {"actors", "actors[]"},
    {"tags", "tags[]"},
    {"legal_basis", "legal_basis[]"},
    {"steps", "step_count"},
    {"feedback_count", "feedback.count"},
    {"average_rating", "feedback.average_rating"},
    {"adoptions", "adoptions"},
};

/*
 * The search: the latest published, active version of every process, filtered
 * by $3 q (websearch syntax, German stemming), $4 phase, $5 actor, $6 target
 * group, $7 tag (any case) and $8 owner ("fai" or a region slug). With q the
 * best match comes first (ts_rank normalised to 0..1, written as a fixed-width
 * number so the text order is the rank order), else the name.
 */
static const lt_list search_list = {
    "process",
    "processes",
    "SELECT lotse.process_summary(v) AS item, k.sort_key"
    " FROM (SELECT x.key, max(x.version) AS version FROM lotse.process_versions x"
    "        WHERE x.published_at IS NOT NULL AND x.status = 'approved' GROUP BY x.key) p"
    " JOIN lotse.process_versions v ON v.key = p.key AND v.version = p.version"
    " LEFT JOIN lotse.regions g ON g.id = v.region_id"
    " CROSS JOIN LATERAL (SELECT CASE WHEN $3::text IS NULL"
    "   THEN lower(v.name) || '|' || v.key"
    "   ELSE to_char(1000000 - round((ts_rank(v.search, websearch_to_tsquery('german', $3), 32)"
    "     * 1000000)::numeric), 'FM0000000') || '|' || v.key END AS sort_key) k"
    " WHERE ($3::text IS NULL OR v.search @@ websearch_to_tsquery('german', $3))"
    "  AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM lotse.process_steps s"
    "   WHERE s.key = v.key AND s.version = v.version AND s.phase = $4))"
    "  AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM lotse.process_steps s"
    "   WHERE s.key = v.key AND s.version = v.version AND s.actor = $5))"
    "  AND ($6::text IS NULL OR $6 = ANY (v.target_groups))"
    "  AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM unnest(v.tags) t WHERE lower(t) = lower($7)))"
    "  AND ($8::text IS NULL OR ($8 = 'fai' AND v.region_id IS NULL) OR g.slug = $8)"
    "  AND k.sort_key > $1"
    " ORDER BY k.sort_key LIMIT $2::int",
    false,
    summary_columns,
    sizeof summary_columns / sizeof summary_columns[0],
};

/*
 * An owner's own processes, every version, by key and version: $3 the region,
 * NULL for the FAI's; $4 a status.
 */
static const lt_list region_list = {
    "process_version",
    "process-versions",
    "SELECT lotse.process_summary(v) AS item,"
    "  v.key || '|' || lpad(v.version::text, 6, '0') AS sort_key"
    " FROM lotse.process_versions v"
    " WHERE (v.region_id = $3::smallint OR ($3::smallint IS NULL AND v.region_id IS NULL))"
    "  AND ($4::text IS NULL OR v.status = $4)"
    "  AND v.key || '|' || lpad(v.version::text, 6, '0') > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    summary_columns,
    sizeof summary_columns / sizeof summary_columns[0],
};

/* The owner of the route as a statement parameter: its region, NULL for the FAI. */
static const char *owner_of(lt_req *req)
{
    return req->region_id ? lt_record_region(req) : NULL;
}

static const char *location_of(lt_req *req, const char *key, int version)
{
    return lt_arena_printf(req->arena, "/api/v1/library/processes/%s/versions/%d", key, version);
}

/* A query filter that must be one of choices: 0, or adds the error. */
static void check_choice(json_t **errors, lt_req *req, const char *name, const char *const *choices)
{
    const char *v = lt_req_query(req, name);
    if (v && !lt_is_choice(choices, v))
        lt_field_error(errors, name, "is not one of the values this list knows");
}

int lt_api_library_search(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &search_list, &page);
    if (status)
        return status;
    const char *q = lt_req_query(req, "q"), *tag = lt_req_query(req, "tag");
    const char *owner = lt_req_query(req, "owner");
    json_t *errors = NULL;
    if (q && (lt_utf8_chars(q, strlen(q)) < 1 || lt_utf8_chars(q, strlen(q)) > 200))
        lt_field_error(&errors, "q", "must be 1 to 200 characters");
    check_choice(&errors, req, "phase", lt_process_phases);
    check_choice(&errors, req, "actor", lt_process_actors);
    check_choice(&errors, req, "target_group", lt_process_target_groups);
    if (tag && (lt_utf8_chars(tag, strlen(tag)) < 1 || lt_utf8_chars(tag, strlen(tag)) > 200))
        lt_field_error(&errors, "tag", "must be 1 to 200 characters");
    if (owner && strcmp(owner, "fai") != 0) {
        PGresult *res;
        const char *params[] = {owner};
        lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                     "SELECT 1 FROM lotse.regions WHERE slug = $1", 1, params);
        if (st != LT_DB_OK) {
            json_decref(errors);
            return lt_api_db_problem(req, resp, st);
        }
        if (PQntuples(res) == 0)
            lt_field_error(&errors, "owner", "must be fai or the slug of a region");
    }
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    const char *filters[] = {q,
                             lt_req_query(req, "phase"),
                             lt_req_query(req, "actor"),
                             lt_req_query(req, "target_group"),
                             tag,
                             owner};
    return lt_page_list(req, resp, &search_list, &page, 6, filters);
}

int lt_api_library_region_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &region_list, &page);
    if (status)
        return status;
    const char *want = lt_req_query(req, "status");
    if (want && !lt_is_choice(statuses, want)) {
        json_t *errors = NULL;
        lt_field_error(&errors, "status", "must be one of: draft, in_progress, approved, inactive");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    }
    const char *filters[] = {owner_of(req), want};
    return lt_page_list(req, resp, &region_list, &page, 2, filters);
}

int lt_api_library_process_get(lt_req *req, lt_resp *resp)
{
    const char *key;
    int status = lt_process_path(req, resp, &key, NULL, NULL);
    if (status)
        return status;
    PGresult *res;
    const char *params[] = {key};
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT json_build_object('key', p.key, 'owner', lotse.process_owner(p.region_id),"
        " 'latest_published', (SELECT max(v.version) FROM lotse.process_versions v"
        "   WHERE v.key = p.key AND v.published_at IS NOT NULL AND v.status = 'approved'),"
        " 'versions', (SELECT json_agg(json_build_object('version', v.version, 'name', v.name,"
        "   'status', v.status, 'published_at', lotse.utc(v.published_at),"
        "   'updated_at', lotse.utc(v.updated_at)) ORDER BY v.version)"
        "   FROM lotse.process_versions v WHERE v.key = p.key),"
        " 'adoptions', (SELECT count(*) FROM lotse.process_adoptions a WHERE a.key = p.key))::text"
        " FROM lotse.processes p WHERE p.key = $1"
        "  AND EXISTS (SELECT 1 FROM lotse.process_versions v WHERE v.key = p.key)",
        1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}

int lt_api_library_version_get(lt_req *req, lt_resp *resp)
{
    const char *key;
    int version, status = lt_process_path(req, resp, &key, &version, NULL);
    if (status)
        return status;
    return lt_process_answer(req, resp, key, version, 200);
}

int lt_api_library_create(lt_req *req, lt_resp *resp)
{
    int status = lt_process_validate(req, resp, req->json, LT_PROCESS_BODY);
    if (status)
        return status;
    const char *key = json_string_value(json_object_get(req->json, "key"));
    if ((status = lt_process_create(req, resp, req->region_id, key, req->json, NULL)))
        return status;
    lt_resp_header(resp, "Location", location_of(req, key, 1));
    return lt_process_answer(req, resp, key, 1, 201);
}

/* 409 for a version whose status does not allow what was asked. A published
 * version is reported as "published". */
static int status_conflict(lt_req *req, lt_resp *resp, int version, const char *status,
                           bool published, const char *why)
{
    const char *current = published && strcmp(status, "approved") == 0 ? "published" : status;
    return lt_problem_ext(
        resp, req, LT_E_CONFLICT,
        lt_arena_printf(req->arena, "Version %d is %s: %s", version, current, why), NULL,
        json_pack("{s:s}", "current_status", current));
}

int lt_api_library_version_add(lt_req *req, lt_resp *resp)
{
    const char *key;
    int status = lt_process_path(req, resp, &key, NULL, NULL);
    if (status)
        return status;
    const char *params[] = {key, owner_of(req)};
    PGresult *res;
    /* the owner's versions, and the one still being worked on (there is one at most) */
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "SELECT count(*), min(v.version) FILTER (WHERE v.published_at IS NULL"
        "  AND v.status <> 'inactive'), min(v.status) FILTER (WHERE v.published_at IS NULL"
        "  AND v.status <> 'inactive')"
        " FROM lotse.process_versions v"
        " WHERE v.key = $1 AND v.region_id IS NOT DISTINCT FROM $2::smallint",
        2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
        return lt_record_not_found(req, resp);
    if (!PQgetisnull(res, 0, 1))
        return status_conflict(req, resp, atoi(PQgetvalue(res, 0, 1)), PQgetvalue(res, 0, 2), false,
                               "change that version rather than starting another.");
    st = lt_db_exec(req->app->db, req->arena, &res, "SELECT lotse.process_version_next($1)", 1,
                    params);
    if (st == LT_DB_ERROR && strcmp(lt_db_sqlstate(req->app->db), "23505") == 0)
        return lt_problem(resp, req, LT_E_CONFLICT,
                          "Another version of this process was started at the same moment.", NULL);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    int version = atoi(PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, req->region_id, "process_version_added", "process_version",
                       lt_arena_printf(req->arena, "%s/%d", key, version))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location", location_of(req, key, version));
    return lt_process_answer(req, resp, key, version, 201);
}

int lt_api_library_version_update(lt_req *req, lt_resp *resp)
{
    const char *key, *n;
    int version, revision, status = lt_process_path(req, resp, &key, &version, &n);
    if (status || (status = lt_if_match(req, resp, &revision)))
        return status;
    if ((status = lt_process_validate(req, resp, req->json, LT_PROCESS_BODY)))
        return status;
    if (strcmp(json_string_value(json_object_get(req->json, "key")), key) != 0) {
        json_t *errors = NULL;
        lt_field_error(&errors, "key", "must be the key of the process in the path");
        return lt_problem(resp, req, LT_E_VALIDATION, "The process is not valid.", errors);
    }
    const char *params[] = {key, n, owner_of(req), lt_arena_printf(req->arena, "%d", revision),
                            req->who->user_id};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "UPDATE lotse.process_versions SET revision = revision + 1, updated_at = now(),"
                   " updated_by = $5::uuid WHERE key = $1 AND version = $2::int"
                   " AND region_id IS NOT DISTINCT FROM $3::smallint AND status = 'draft'"
                   " AND revision = $4::int RETURNING revision",
                   5, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "SELECT revision, status, published_at IS NOT NULL"
                        " FROM lotse.process_versions WHERE key = $1 AND version = $2::int"
                        " AND region_id IS NOT DISTINCT FROM $3::smallint",
                        3, params);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        if (PQntuples(res) == 0)
            return lt_record_not_found(req, resp);
        if (strcmp(PQgetvalue(res, 0, 1), "draft") != 0)
            return status_conflict(req, resp, version, PQgetvalue(res, 0, 1),
                                   strcmp(PQgetvalue(res, 0, 2), "t") == 0,
                                   "only a draft changes; a published process changes by a new "
                                   "version (POST .../versions).");
        return lt_version_conflict(req, resp, atoi(PQgetvalue(res, 0, 0)));
    }
    char *content = json_dumps(req->json, JSON_COMPACT);
    if (!content)
        abort();
    const char *write[] = {key, n, lt_arena_strdup(req->arena, content)};
    free(content);
    st = lt_db_exec(req->app->db, req->arena, NULL,
                    "SELECT lotse.process_content_set($1, $2::int, $3::jsonb)", 3, write);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, req->region_id, "process_version_changed", "process_version",
                       lt_arena_printf(req->arena, "%s/%d", key, version))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_process_answer(req, resp, key, version, 200);
}
