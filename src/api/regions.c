/*
 * regions.c - the 16 labour-market regions, public reference data.
 *
 * Regions are rows, not constants: an administrator keeps names and areas up
 * to date. PostgreSQL builds the JSON (json_build_object), so a region passes
 * from the table to the client without being parsed and re-serialized here.
 * The lookup answers which region covers a city or district, the question an
 * employer or the FAI website asks first.
 */
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/page.h"
#include "lotse/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REGION_JSON                                                                                \
    "json_build_object('slug', slug, 'name', name, 'areas', to_json(areas), 'confirmed', "         \
    "confirmed)"

/* The columns of the CSV export (page.h). */
static const lt_csv_column region_columns[] = {
    {"slug", "slug"},
    {"name", "name"},
    {"areas", "areas[]"},
    {"confirmed", "confirmed"},
};

static const lt_list region_list = {
    "region",
    "regions",
    "SELECT " REGION_JSON " AS item, slug AS sort_key FROM lotse.regions WHERE slug > $1"
    " ORDER BY sort_key LIMIT $2::int",
    false,
    region_columns,
    sizeof region_columns / sizeof region_columns[0],
};

int lt_api_regions_list(lt_req *req, lt_resp *resp)
{
    lt_page page;
    int status = lt_page_parse(req, resp, &region_list, &page);
    if (status)
        return status;
    return lt_page_list(req, resp, &region_list, &page, 0, NULL);
}

int lt_api_region_get(lt_req *req, lt_resp *resp)
{
    const char *params[] = {lt_req_param(req, "slug")};
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT " REGION_JSON "::text FROM lotse.regions WHERE slug = $1", 1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (PQntuples(res) == 0)
        return lt_problem(resp, req, LT_E_NOT_FOUND, "There is no region with this slug.", NULL);
    lt_buf_puts(&resp->body, PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}

enum { MAX_PLACES = 50, MAX_PLACE_LEN = 200 };

/* Appends a field error {"field", "message"} to errors. */
static void field_error(json_t *errors, const char *field, const char *message)
{
    json_array_append_new(errors, json_pack("{s:s, s:s}", "field", field, "message", message));
}

/* Checks {"places": [1..50 strings of 1..200 bytes]}; returns the field errors (empty: fine). */
static json_t *lookup_errors(lt_arena *a, json_t *body)
{
    json_t *errors = json_array();
    if (!json_is_object(body)) {
        field_error(errors, "", "must be an object with the member places");
        return errors;
    }
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
    {
        if (strcmp(key, "places") != 0)
            field_error(errors, lt_arena_strndup(a, key, strnlen(key, 64)), "unknown field");
    }
    json_t *places = json_object_get(body, "places");
    if (!json_is_array(places) || json_array_size(places) < 1 ||
        json_array_size(places) > MAX_PLACES) {
        field_error(errors, "places", "must be an array of 1 to 50 place names");
        return errors;
    }
    size_t i;
    json_array_foreach(places, i, value)
    {
        size_t len = json_string_length(value);
        if (!json_is_string(value) || len < 1 || len > MAX_PLACE_LEN)
            field_error(errors, lt_arena_printf(a, "places[%zu]", i),
                        "must be a text of 1 to 200 bytes");
    }
    return errors;
}

int lt_api_regions_lookup(lt_req *req, lt_resp *resp)
{
    json_t *errors = lookup_errors(req->arena, req->json);
    if (json_array_size(errors))
        return lt_problem(resp, req, LT_E_VALIDATION, "The lookup request is not valid.", errors);
    json_decref(errors);
    char *places = json_dumps(json_object_get(req->json, "places"), JSON_COMPACT);
    if (!places)
        return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
    const char *params[] = {lt_arena_strdup(req->arena, places)};
    free(places);
    /* A place matches an area by name, ignoring case and a parenthesised remark
     * ("Ennepe-Ruhr-Kreis (ohne Witten, Hattingen)" is found as "Ennepe-Ruhr-Kreis"). */
    PGresult *res;
    lt_db_status st =
        lt_db_exec(req->app->db, req->arena, &res,
                   "SELECT json_agg(json_build_object('place', p.place, 'region',"
                   " (SELECT json_build_object('slug', r.slug, 'name', r.name) FROM lotse.regions r"
                   "  WHERE EXISTS (SELECT 1 FROM unnest(r.areas) a"
                   "   WHERE lower(split_part(a, ' (', 1)) = lower(btrim(p.place)))"
                   "  ORDER BY r.slug LIMIT 1)) ORDER BY p.n)::text"
                   " FROM json_array_elements_text($1::json) WITH ORDINALITY AS p(place, n)",
                   1, params);
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    lt_buf_printf(&resp->body, "{\"items\":%s}", PQgetvalue(res, 0, 0));
    resp->content_type = "application/json";
    return resp->status = 200;
}
