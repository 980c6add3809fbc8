/*
 * library_review.c - the lifecycle of a process version (docs/library.md):
 * its author submits a draft for review; FAI staff return it with a comment
 * or approve it; FAI leadership publishes what was approved and may later
 * make a published version inactive. Comments go with the version, and the
 * FAI's queue lists what waits for it.
 *
 * Each move is one UPDATE whose WHERE holds the status it starts from, so two
 * requests cannot both move a version; when it matches no row the answer says
 * why: 404 when the caller cannot see the version, 409 naming its status
 * otherwise (publishing twice is that 409). Moves need no If-Match: each
 * starts from one status only, and nobody changes the content of a version
 * while it is under review. The database's guard (lotse.process_version_guard)
 * allows each move to its role alone, whatever a route says. Approving and
 * publishing also ask that the version passes the package check, so that
 * every published version can be made into a package.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/library.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"

#include <stdlib.h>
#include <string.h>

static const lt_field comment_fields[] = {
    {"comment", LT_F_LONGTEXT, LT_FIELD_REQUIRED, 1, 5000, NULL},
};
static const lt_schema comment_schema = {"comment", comment_fields,
                                         sizeof comment_fields / sizeof comment_fields[0]};

static const char *const review_statuses[] = {"in_progress", "approved", NULL};

/* One move: the SQL sets the new status; its parameters are $1 key, $2 version,
 * $3 whether only the route's owner's version may move, $4 that owner (NULL:
 * the FAI), $5 the caller; it returns the version's region_id. */
struct move {
    const char *audit;  /* the audit action */
    const char *review; /* the kind of review entry it leaves, or NULL */
    const char *sql;
    const char *refusal; /* why another status cannot move, after "Version n is <status>: " */
};

#define MOVE_WHERE                                                                                 \
    " WHERE key = $1 AND version = $2::int"                                                        \
    " AND (NOT $3::boolean OR region_id IS NOT DISTINCT FROM $4::smallint)"
#define MOVE_SET " revision = revision + 1, updated_at = now(), updated_by = $5::uuid"

static const struct move submit = {
    "process_version_submitted", NULL,
    "UPDATE lotse.process_versions SET status = 'in_progress',"
    " submitted_at = coalesce(submitted_at, now())," MOVE_SET MOVE_WHERE
    " AND status = 'draft' RETURNING region_id",
    "only a draft is submitted for review."};
static const struct move give_back = {
    "process_version_returned", "returned",
    "UPDATE lotse.process_versions SET status = 'draft'," MOVE_SET MOVE_WHERE
    " AND status = 'in_progress' RETURNING region_id",
    "only a version in review (in_progress) is returned."};
static const struct move approve = {
    "process_version_approved", "approved",
    "UPDATE lotse.process_versions SET status = 'approved', approved_at = now(),"
    " approved_by = $5::uuid," MOVE_SET MOVE_WHERE
    " AND status = 'in_progress' RETURNING region_id",
    "only a version in review (in_progress) is approved."};
static const struct move publish = {
    "process_version_published", "published",
    "UPDATE lotse.process_versions SET published_at = now(), published_by = $5::uuid," MOVE_SET
        MOVE_WHERE " AND status = 'approved' AND published_at IS NULL RETURNING region_id",
    "a version is published once, after it was approved."};
static const struct move deactivate = {
    "process_version_deactivated", "deactivated",
    "UPDATE lotse.process_versions SET status = 'inactive', deactivated_at = now()," MOVE_SET
        MOVE_WHERE " AND status = 'approved' AND published_at IS NOT NULL RETURNING region_id",
    "only a published version is made inactive."};

/* Leaves a review entry on version n of key, by the caller, with body (may be NULL). */
static lt_db_status add_review(lt_req *req, const char *key, const char *n, const char *region,
                               const char *kind, const char *body, PGresult **res)
{
    const char *params[] = {key, n, region, kind, body, req->who->user_id};
    return lt_db_exec(req->app->db, req->arena, res,
                      "INSERT INTO lotse.process_reviews (key, version, region_id, kind, body,"
                      " author_id, author_name) SELECT $1, $2::int, $3::smallint, $4,"
                      " coalesce($5, ''), u.id, u.display_name FROM lotse.users u"
                      " WHERE u.id = $6::uuid RETURNING id",
                      6, params);
}

/*
 * Before a version in status `from` is approved or published: its record (as
 * the package route will read it) must pass the package check. The API checks
 * every body with it before storing it, so this refuses only what was stored
 * otherwise or by an older release. 0 when it passes or the version is not in
 * status `from` (the move itself then answers), else the 409 written into
 * resp: the version keeps its status (in review, staff return it to its
 * author; content never changes after approval, so at publication this only
 * stands guard, with sql/0019 behind it).
 */
static int publishable(lt_req *req, lt_resp *resp, const char *key, const char *n, int version,
                       const char *from)
{
    const char *params[] = {key, n, from};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT lotse.process_record(key, version)::text"
                                 " FROM lotse.process_versions WHERE key = $1 AND version = $2::int"
                                 " AND status = $3 AND published_at IS NULL",
                                 3, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return 0;
    json_t *record = json_loads(PQgetvalue(res, 0, 0), 0, NULL), *errors = NULL;
    if (!record)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    size_t faults = lt_process_check(req->arena, record, &errors);
    json_decref(record);
    if (faults == 0)
        return 0;
    bool in_review = strcmp(from, "in_progress") == 0;
    return lt_problem_ext(
        resp, req, LT_E_CONFLICT,
        lt_arena_printf(req->arena,
                        "Version %d cannot be %s: its record fails the package check (errors"
                        " name what), so it could not be made into a package.%s",
                        version, in_review ? "approved" : "published",
                        in_review ? " Return it to its author to correct it." : ""),
        errors, json_pack("{s:s}", "current_status", from));
}

/* Makes the move m on the version of the path. owner_only: the route is its owner's
 * (a region's, or the FAI's own), and another's version is not found there. */
static int make_move(lt_req *req, lt_resp *resp, const struct move *m, bool owner_only,
                     const char *comment)
{
    const char *key, *n;
    int version, status = lt_process_path(req, resp, &key, &version, &n);
    if (status)
        return status;
    const char *from = m == &approve ? "in_progress" : m == &publish ? "approved" : NULL;
    if (from && (status = publishable(req, resp, key, n, version, from)))
        return status;
    const char *params[] = {key, n, owner_only ? "true" : "false",
                            req->region_id ? lt_record_region(req) : NULL, req->who->user_id};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res, m->sql, 5, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0) {
        st = lt_db_exec(req->app->db, req->arena, &res,
                        "SELECT status, published_at IS NOT NULL FROM lotse.process_versions"
                        " WHERE key = $1 AND version = $2::int"
                        " AND (NOT $3::boolean OR region_id IS NOT DISTINCT FROM $4::smallint)",
                        4, params);
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        if (PQntuples(res) == 0)
            return lt_record_not_found(req, resp);
        const char *now = PQgetvalue(res, 0, 0);
        if (strcmp(now, "approved") == 0 && strcmp(PQgetvalue(res, 0, 1), "t") == 0)
            now = "published";
        return lt_problem_ext(
            resp, req, LT_E_CONFLICT,
            lt_arena_printf(req->arena, "Version %d is %s: %s", version, now, m->refusal), NULL,
            json_pack("{s:s}", "current_status", now));
    }
    const char *region =
        PQgetisnull(res, 0, 0) ? NULL : lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if (m->review && (st = add_review(req, key, n, region, m->review, comment, NULL)) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if ((st = lt_audit(req, NULL, region ? atoi(region) : 0, m->audit, "process_version",
                       lt_arena_printf(req->arena, "%s/%d", key, version))) != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_process_answer(req, resp, key, version, 200);
}

int lt_api_library_submit(lt_req *req, lt_resp *resp)
{
    return make_move(req, resp, &submit, true, NULL);
}

int lt_api_library_return(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &comment_schema, LT_VALIDATE_CREATE, &v);
    return status ? status : make_move(req, resp, &give_back, false, v.text[0]);
}

int lt_api_library_approve(lt_req *req, lt_resp *resp)
{
    return make_move(req, resp, &approve, false, NULL);
}

int lt_api_library_publish(lt_req *req, lt_resp *resp)
{
    return make_move(req, resp, &publish, false, NULL);
}

int lt_api_library_deactivate(lt_req *req, lt_resp *resp)
{
    return make_move(req, resp, &deactivate, false, NULL);
}

/* ---- comments ---- */

#define REVIEW_JSON                                                                                \
    "json_build_object('id', r.id, 'kind', r.kind, 'comment', r.body, 'author', r.author_name,"    \
    " 'created_at', lotse.utc(r.created_at))"
#define REVIEW_SORT                                                                                \
    "(to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|' || r.id)"    \
    " COLLATE \"C\""

static const lt_csv_column review_columns[] = {
    {"created_at", "created_at"},
    {"kind", "kind"},
    {"author", "author"},
    {"comment", "comment"},
};

/* The review entries of one version, oldest first: $3 key, $4 version. */
static const lt_list review_list = {
    "review",
    "review-comments",
    "SELECT " REVIEW_JSON " AS item, " REVIEW_SORT " AS sort_key"
    " FROM lotse.process_reviews r WHERE r.key = $3 AND r.version = $4::int"
    "  AND " REVIEW_SORT " > $1 ORDER BY sort_key LIMIT $2::int",
    false,
    review_columns,
    sizeof review_columns / sizeof review_columns[0],
};

/* The owner of version n of key as the caller sees it: 0 and *region (NULL: the
 * FAI), or 404 when the caller sees no such version. */
static int version_owner(lt_req *req, lt_resp *resp, const char *key, const char *n,
                         const char **region)
{
    const char *params[] = {key, n};
    PGresult *res;
    lt_db_status st = lt_db_exec(req->app->db, req->arena, &res,
                                 "SELECT region_id FROM lotse.process_versions"
                                 " WHERE key = $1 AND version = $2::int",
                                 2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    *region = PQgetisnull(res, 0, 0) ? NULL : lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    return 0;
}

int lt_api_library_comments_list(lt_req *req, lt_resp *resp)
{
    const char *key, *n, *region;
    lt_page page;
    int status = lt_process_path(req, resp, &key, NULL, &n);
    if (status || (status = lt_page_parse(req, resp, &review_list, &page)) ||
        (status = version_owner(req, resp, key, n, &region)))
        return status;
    const char *filters[] = {key, n};
    return lt_page_list(req, resp, &review_list, &page, 2, filters);
}

int lt_api_library_comment_add(lt_req *req, lt_resp *resp)
{
    const char *key, *n, *region;
    lt_values v;
    int version, status = lt_process_path(req, resp, &key, &version, &n);
    if (status || (status = lt_validate(req, resp, &comment_schema, LT_VALIDATE_CREATE, &v)) ||
        (status = version_owner(req, resp, key, n, &region)))
        return status;
    PGresult *res;
    lt_db_status st = add_review(req, key, n, region, "comment", v.text[0], &res);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *id = lt_arena_strdup(req->arena, PQgetvalue(res, 0, 0));
    if ((st = lt_audit(req, NULL, region ? atoi(region) : 0, "process_version_commented",
                       "process_version", lt_arena_printf(req->arena, "%s/%d", key, version))) !=
        LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    const char *params[] = {id};
    return lt_record_answer(req, resp,
                            "SELECT " REVIEW_JSON "::text, 1 FROM lotse.process_reviews r"
                            " WHERE r.id = $1",
                            1, params, 201);
}

/* ---- the FAI's queue ---- */

static const lt_csv_column queue_columns[] = {
    {"submitted_at", "submitted_at"}, {"key", "key"},
    {"version", "version"},           {"name", "name"},
    {"owner", "owner.name"},          {"status", "status"},
};

/* What waits for the FAI, longest waiting first: versions in review, and approved
 * ones not yet published; $3 one of those two statuses or NULL for both. */
static const lt_list queue_list = {
    "review_item",
    "reviews",
    "SELECT (lotse.process_summary(v)::jsonb || jsonb_build_object('submitted_at',"
    "  lotse.utc(v.submitted_at))) AS item,"
    "  to_char(v.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|' || v.key"
    "  || '|' || lpad(v.version::text, 6, '0') AS sort_key"
    " FROM lotse.process_versions v"
    " WHERE v.published_at IS NULL AND v.status IN ('in_progress', 'approved')"
    "  AND ($3::text IS NULL OR v.status = $3)"
    "  AND to_char(v.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '|' ||"
    "  v.key || '|' || lpad(v.version::text, 6, '0') > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    queue_columns,
    sizeof queue_columns / sizeof queue_columns[0],
};

int lt_api_library_reviews(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &queue_list, &page);
    if (status)
        return status;
    const char *want = lt_req_query(req, "status");
    if (want && !lt_is_choice(review_statuses, want)) {
        json_t *errors = NULL;
        lt_field_error(&errors, "status", "must be one of: in_progress, approved");
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    }
    const char *filters[] = {want};
    return lt_page_list(req, resp, &queue_list, &page, 1, filters);
}
