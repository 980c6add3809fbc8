/*
 * bulletins.c - the FAI's bulletins on law changes and news for every region
 * (agreement §3, the first measure), and which region has read which.
 *
 * A bulletin is global: FAI staff publish it once for all regions. A region
 * has read it once any of its members marked it read (lotse.bulletin_reads,
 * a tenant table). Members see their own regions' read state through the
 * tenant policies; the FAI roles and the administrator, who belong to no
 * region, see every region's through lotse.bulletin_read_status()
 * (sql/0007_bulletins.sql), which answers nobody else.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <stdlib.h>
#include <string.h>

static const char *const topics[] = {"law_change", "news", "event_notice", "other", NULL};

/* The order of these fields is the order of the statement parameters below. */
static const lt_field bulletin_fields[] = {
    {"title", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"body", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 20000, NULL},
    {"topic", LT_F_ENUM, LT_FIELD_REQUIRED, 0, 0, topics},
    {"legal_references", LT_F_TEXT_LIST, 0, 0, 20, NULL},
    {"effective_on", LT_F_DATE, LT_FIELD_NULLABLE, 0, 0, NULL},
};
static const lt_schema bulletin = {"bulletin", bulletin_fields,
                                   sizeof bulletin_fields / sizeof bulletin_fields[0]};

static const lt_csv_column bulletin_columns[] = {
    {"published_at", "published_at"},
    {"topic", "topic"},
    {"title", "title"},
    {"legal_references", "legal_references"},
    {"effective_on", "effective_on"},
    {"read_at", "read_at"},
    {"body", "body"},
};

/*
 * One bulletin as jsonb. read_at: the first time one of the caller's regions
 * read it (row-level security shows only theirs; null for callers without a
 * region). read_by_regions only when the parameter `overview` is true.
 */
#define BULLETIN_JSON(overview)                                                                    \
    "(jsonb_build_object('id', b.id, 'title', b.title, 'body', b.body, 'topic', b.topic,"          \
    " 'legal_references', to_jsonb(b.legal_references), 'effective_on', b.effective_on,"           \
    " 'published_at', b.published_at, 'updated_at', b.updated_at, 'version', b.version,"           \
    " 'read_at', (SELECT min(r.read_at) FROM lotse.bulletin_reads r"                               \
    "             WHERE r.bulletin_id = b.id))"                                                    \
    " || CASE WHEN " overview "::boolean THEN jsonb_build_object('read_by_regions',"               \
    " (SELECT count(*) FROM lotse.bulletin_read_status(b.id))) ELSE '{}' END)"

/* Every region that read it for the FAI and admin; the caller's own otherwise. */
#define READ_BY_JSON                                                                               \
    "coalesce((SELECT jsonb_agg(jsonb_build_object('region', g.slug, 'read_at', s.read_at)"        \
    " ORDER BY s.read_at, g.slug) FROM (SELECT region, read_at"                                    \
    " FROM lotse.bulletin_read_status(b.id) UNION SELECT region_id, read_at"                       \
    " FROM lotse.bulletin_reads WHERE bulletin_id = b.id) s"                                       \
    " JOIN lotse.regions g ON g.id = s.region), '[]')"

/* Newest first: publication time (UTC, fixed width) then id, compared as bytes. */
#define SORT_KEY                                                                                   \
    "(to_char(b.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|'"           \
    " || b.id) COLLATE \"C\""

/* "t" when the caller sees the read state of every region (FAI roles, admin). */
static const char *overview(lt_req *req)
{
    unsigned fai = LT_ROLE_FAI_STAFF | LT_ROLE_FAI_ESF | LT_ROLE_FAI_LEAD | LT_ROLE_ADMIN;
    return req->who->roles & fai ? "t" : "f";
}

/* Answers one bulletin with the read state the caller may see, and its ETag. */
static int answer_bulletin(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {id, overview(req)};
    return lt_record_answer(
        req, resp,
        "SELECT (" BULLETIN_JSON("$2") " || jsonb_build_object('read_by', " READ_BY_JSON
                                       "))::text, b.version"
                                       " FROM lotse.bulletins b WHERE b.id = $1",
        2, params, status);
}

static const lt_list bulletin_list = {
    "bulletin",
    "bulletins",
    "SELECT " BULLETIN_JSON(
        "$4") " AS item, " SORT_KEY " AS sort_key FROM lotse.bulletins b"
              " WHERE ($3::text IS NULL OR b.topic = $3) AND ($1 = '' OR " SORT_KEY " < $1)"
              " ORDER BY sort_key DESC LIMIT $2::int",
    true,
    bulletin_columns,
    sizeof bulletin_columns / sizeof bulletin_columns[0],
};

int lt_api_bulletins_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &bulletin_list, &page);
    if (status)
        return status;
    const char *want_topic = lt_req_query(req, "topic");
    if (want_topic && !lt_is_choice(topics, want_topic)) {
        json_t *errors = NULL;
        lt_field_error(&errors, "topic", "must be one of: law_change, news, event_notice, other");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    }
    const char *filters[] = {want_topic, overview(req)};
    return lt_page_list(req, resp, &bulletin_list, &page, 2, filters);
}

int lt_api_bulletins_publish(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &bulletin, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *params[] = {v.text[0], v.text[1], v.text[2],
                            v.text[3], v.text[4], req->who->user_id};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "INSERT INTO lotse.bulletins (title, body, topic, legal_references, effective_on,"
        " published_by) VALUES ($1, $2, $3, ARRAY(SELECT json_array_elements_text($4::json)),"
        " $5, $6) RETURNING id",
        6, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, 0, "bulletin_published", "bulletin", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_resp_header(resp, "Location", lt_arena_printf(req->arena, "/api/v1/bulletins/%s", id));
    return answer_bulletin(req, resp, id, 201);
}

int lt_api_bulletin_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_bulletin(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_bulletin_update(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    int version, status = lt_if_match(req, resp, &version);
    if (status)
        return status;
    lt_values v;
    if ((status = lt_validate(req, resp, &bulletin, LT_VALIDATE_PATCH, &v)))
        return status;
    const char *lead[] = {id, lt_arena_printf(req->arena, "%d", version)};
    int nparams;
    const char **params = lt_values_patch_params(req->arena, &v, lead, 2, &nparams);
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "UPDATE lotse.bulletins SET"
        " title = CASE WHEN $3 THEN $4 ELSE title END,"
        " body = CASE WHEN $5 THEN $6 ELSE body END,"
        " topic = CASE WHEN $7 THEN $8 ELSE topic END,"
        " legal_references = CASE WHEN $9 THEN ARRAY(SELECT json_array_elements_text($10::json))"
        "  ELSE legal_references END,"
        " effective_on = CASE WHEN $11 THEN $12::date ELSE effective_on END,"
        " version = version + 1, updated_at = now()"
        " WHERE id = $1 AND version = $2::int RETURNING id",
        nparams, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        const char *key[] = {id};
        return lt_record_update_missed(req, resp,
                                       "SELECT version FROM lotse.bulletins WHERE id = $1", 1, key);
    }
    if ((st = lt_audit(req, NULL, 0, "bulletin_updated", "bulletin", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_bulletin(req, resp, id, 200);
}

/* Marks the bulletin read for the region of the route; a second mark keeps the first. */
int lt_api_bulletin_mark_read(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_arena_printf(req->arena, "%d", req->region_id), id,
                            req->who->user_id};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "WITH b AS (SELECT id FROM lotse.bulletins WHERE id = $2),"
                   " marked AS (INSERT INTO lotse.bulletin_reads (region_id, bulletin_id, read_by)"
                   "  SELECT $1::smallint, id, $3::uuid FROM b ON CONFLICT DO NOTHING RETURNING 1)"
                   " SELECT (SELECT count(*) FROM b), (SELECT count(*) FROM marked)",
                   3, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (strcmp(PQgetvalue(res, 0, 0), "0") == 0)
        return lt_record_not_found(req, resp);
    if (strcmp(PQgetvalue(res, 0, 1), "0") != 0 &&
        (st = lt_audit(req, NULL, req->region_id, "bulletin_read", "bulletin", id)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return resp->status = 204;
}
