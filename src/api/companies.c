/*
 * companies.c - the employers a region's inquiries come from: name, location,
 * EU size class and WZ 2008 section, confidential to the region (agreement §5).
 *
 * Members read them and coordinators keep them; FAI leadership never reaches
 * them (LT_ACT_EMPLOYER_*, and a restrictive row-level policy), and FAI staff
 * only see the company an inquiry received by the FAI names, through that
 * inquiry (inquiries.c), never this list. Removing a company keeps its size
 * class and sector on the inquiries that named it, so the region's figures
 * stay whole while the name is gone. docs/inquiries.md explains the model.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/classification.h"
#include "lotse/page.h"
#include "lotse/problem.h"
#include "lotse/record.h"
#include "lotse/schema.h"
#include "lotse/version.h"

#include <string.h>

/* The order of these fields is the order of the statement parameters below. */
static const lt_field company_fields[] = {
    {"name", LT_F_TEXT, LT_FIELD_REQUIRED, 1, 200, NULL},
    {"location", LT_F_TEXT, 0, 0, 200, NULL},
    {"size_class", LT_F_ENUM, LT_FIELD_NULLABLE, 0, 0, lt_size_classes},
    {"sector", LT_F_ENUM, LT_FIELD_NULLABLE, 0, 0, lt_wz_sections},
};
static const lt_schema company = {"company", company_fields,
                                  sizeof company_fields / sizeof company_fields[0]};

static const lt_csv_column company_columns[] = {
    {"name", "name"},     {"location", "location"},   {"size_class", "size_class"},
    {"sector", "sector"}, {"inquiries", "inquiries"}, {"updated_at", "updated_at"},
};

/* inquiries: how many of the region's inquiries name the company (derived) */
#define COMPANY_JSON                                                                               \
    "json_build_object('id', c.id, 'name', c.name, 'location', c.location, 'size_class',"          \
    " c.size_class, 'sector', c.sector, 'inquiries', (SELECT count(*) FROM lotse.inquiries i"      \
    " WHERE i.region_id = c.region_id AND i.company_id = c.id), 'version', c.version,"             \
    " 'created_at', c.created_at, 'updated_at', c.updated_at)"

static int answer_company(lt_req *req, lt_resp *resp, const char *id, int status)
{
    const char *params[] = {lt_record_region(req), id};
    return lt_record_answer(req, resp,
                            "SELECT " COMPANY_JSON "::text, c.version FROM lotse.companies c"
                            " WHERE c.region_id = $1 AND c.id = $2",
                            2, params, status);
}

/* By name, then id; q finds a part of the name regardless of case. */
static const lt_list company_list = {
    "company",
    "companies",
    "SELECT " COMPANY_JSON " AS item, (lower(c.name) || '|' || c.id) COLLATE \"C\" AS sort_key"
    " FROM lotse.companies c WHERE c.region_id = $3"
    "  AND ($4::text IS NULL OR c.size_class = $4) AND ($5::text IS NULL OR c.sector = $5)"
    "  AND ($6::text IS NULL OR strpos(lower(c.name), lower($6)) > 0)"
    "  AND (lower(c.name) || '|' || c.id) COLLATE \"C\" > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    company_columns,
    sizeof company_columns / sizeof company_columns[0],
};

int lt_api_companies_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &company_list, &page);
    if (status)
        return status;
    const char *size = lt_req_query(req, "size_class"), *sector = lt_req_query(req, "sector"),
               *q = lt_req_query(req, "q");
    json_t *errors = NULL;
    if (size && !lt_is_choice(lt_size_classes, size))
        lt_field_error(&errors, "size_class", "must be one of: micro, small, medium, large");
    if (sector && !lt_is_choice(lt_wz_sections, sector))
        lt_field_error(&errors, "sector", "must be a WZ 2008 section, A to U");
    if (q && (strlen(q) == 0 || lt_utf8_chars(q, strlen(q)) > 200))
        lt_field_error(&errors, "q", "must be 1 to 200 characters");
    if (errors)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "A filter is not valid.", errors);
    const char *filters[] = {lt_record_region(req), size, sector, q};
    return lt_page_list(req, resp, &company_list, &page, 4, filters);
}

int lt_api_companies_create(lt_req *req, lt_resp *resp)
{
    lt_values v;
    int status = lt_validate(req, resp, &company, LT_VALIDATE_CREATE, &v);
    if (status)
        return status;
    const char *id;
    lt_db_status st =
        lt_record_insert(req, resp, "company",
                         "INSERT INTO lotse.companies (region_id, name, location,"
                         " size_class, sector) VALUES ($1, $2, coalesce($3, ''), $4, $5)"
                         " RETURNING id",
                         &v, &id);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return answer_company(req, resp, id, 201);
}

int lt_api_company_get(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    return id ? answer_company(req, resp, id, 200) : lt_record_not_found(req, resp);
}

int lt_api_company_update(lt_req *req, lt_resp *resp)
{
    int status =
        lt_record_update(req, resp, "company", "lotse.companies", &company,
                         "UPDATE lotse.companies SET"
                         " name = CASE WHEN $4 THEN $5 ELSE name END,"
                         " location = CASE WHEN $6 THEN coalesce($7, '') ELSE location END,"
                         " size_class = CASE WHEN $8 THEN $9 ELSE size_class END,"
                         " sector = CASE WHEN $10 THEN $11 ELSE sector END,"
                         " version = version + 1, updated_at = now()"
                         " WHERE region_id = $1 AND id = $2 AND version = $3::int RETURNING id",
                         NULL);
    return status ? status : answer_company(req, resp, lt_record_id(req), 200);
}

/* The inquiries that named the company keep its size class and sector, and a new
 * version; then the company goes. Each is audited. */
int lt_api_company_delete(lt_req *req, lt_resp *resp)
{
    const char *id = lt_record_id(req);
    if (!id)
        return lt_record_not_found(req, resp);
    const char *params[] = {lt_record_region(req), id};
    PGresult *res;
    lt_db_status st = lt_db_exec(
        req->app->db, req->arena, &res,
        "WITH unlinked AS (UPDATE lotse.inquiries i SET company_id = NULL,"
        "  size_class = c.size_class, sector = c.sector, version = i.version + 1,"
        "  updated_at = now() FROM lotse.companies c"
        "  WHERE c.region_id = $1 AND c.id = $2 AND i.region_id = c.region_id"
        "   AND i.company_id = c.id RETURNING i.id),"
        " gone AS (DELETE FROM lotse.companies WHERE region_id = $1 AND id = $2 RETURNING id)"
        " SELECT u.id FROM unlinked u WHERE EXISTS (SELECT 1 FROM gone)"
        " UNION ALL SELECT NULL FROM gone",
        2, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_record_not_found(req, resp);
    for (int i = 0; i < PQntuples(res); i++) {
        bool gone = PQgetisnull(res, i, 0); /* the company's row, else an inquiry's */
        st = lt_audit(req, NULL, req->region_id, gone ? "company_deleted" : "inquiry_updated",
                      gone ? "company" : "inquiry",
                      gone ? id : lt_arena_strdup(req->arena, PQgetvalue(res, i, 0)));
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
    }
    return resp->status = 204;
}
