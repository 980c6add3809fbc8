/*
 * imports.c - records imported from a CSV file, all or nothing; see import.h.
 *
 * Why two passes: the schema rules are checked for every row in C first, so a
 * file with a bad row on line 9,999 is refused without a statement; only a
 * file that passes them is handed, row by row, to the resource's own create
 * handler, which adds the rules that need the database. Each row runs in a
 * savepoint so that a statement the database refuses does not abort the
 * transaction and the rows after it are still judged; the pipeline rolls the
 * whole transaction back as soon as the answer is an error.
 */
#include "lotse/import.h"
#include "lotse/parse.h"
#include "lotse/api.h"
#include "lotse/app.h"
#include "lotse/audit.h"
#include "lotse/db.h"
#include "lotse/problem.h"
#include "lotse/record.h"

#include <string.h>

/* The media types office tools and browsers give a .csv file. */
static bool is_csv(const char *content_type)
{
    static const char *const types[] = {"text/csv", "application/csv", "text/plain",
                                        "application/vnd.ms-excel"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (lt_media_type_is(content_type, types[i]))
            return true;
    return false;
}

static lt_db_status run(lt_req *req, const char *sql)
{
    return lt_db_exec(req->app->db, req->arena, NULL, sql, 0, NULL);
}

/* The file's name for the column that fills field ("" when none does). */
static const char *column_of(const lt_csv_column_map *m, const char *field)
{
    for (size_t i = 0; i < m->ncolumns; i++)
        if (m->file_column[i] >= 0 && strcmp(m->columns[i].field, field) == 0)
            return m->name[i];
    return "";
}

/* The refusal of one row (a problem in resp) as errors of that line. */
static void add_refusal(lt_req *req, const lt_csv_column_map *m, const lt_resp *resp, size_t line,
                        lt_csv_errors *errors)
{
    json_t *problem = json_loadb(resp->body.data, resp->body.len, 0, NULL);
    json_t *list = json_object_get(problem, "errors");
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e)
    {
        const char *field = json_string_value(json_object_get(e, "field"));
        const char *message = json_string_value(json_object_get(e, "message"));
        field = lt_arena_strdup(req->arena, field ? field : "");
        lt_csv_errors_add(errors, line, *field ? column_of(m, field) : NULL, field,
                          lt_arena_strdup(req->arena, message ? message : "is not valid"));
    }
    if (json_array_size(list) == 0) {
        const char *detail = json_string_value(json_object_get(problem, "detail"));
        const char *title = json_string_value(json_object_get(problem, "title"));
        lt_csv_errors_add(errors, line, NULL, NULL,
                          lt_arena_strdup(req->arena, detail  ? detail
                                                      : title ? title
                                                              : "was refused"));
    }
    json_decref(problem);
}

/* The path parameters a create handler expects: {region}, and {id} when the kind has one. */
static void row_params(lt_req *req, const lt_import_kind *kind)
{
    lt_pair *params = lt_arena_calloc(req->arena, 2, sizeof *params);
    params[0].name = "region";
    params[0].value = lt_req_param(req, "region");
    size_t n = 1;
    if (kind->id_query) {
        params[1].name = "id";
        params[1].value = lt_req_query(req, kind->id_query);
        n = 2;
    }
    req->params = params;
    req->nparams = n;
}

/*
 * Hands each row to the create handler. Returns 0 with the new ids, or the
 * status of an answer that is not about the row (written into resp).
 */
static int store_rows(lt_req *req, lt_resp *resp, const lt_import_kind *kind,
                      const lt_csv_column_map *m, const lt_csv_table *t, json_t *ids,
                      lt_csv_errors *errors)
{
    row_params(req, kind);
    for (size_t i = 0; i < t->nrows; i++) {
        req->json = lt_csv_row_json(req->arena, m, &t->rows[i], errors);
        lt_db_status st = run(req, "SAVEPOINT import_row");
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        lt_resp row;
        lt_resp_init(&row, req->arena);
        int status = kind->create(req, &row);
        if (status < 400) {
            json_t *made = json_loadb(row.body.data, row.body.len, 0, NULL);
            json_array_append(ids, json_object_get(made, "id"));
            json_decref(made);
            st = run(req, "RELEASE SAVEPOINT import_row");
        } else if (status == 400 || status == 422) {
            add_refusal(req, m, &row, t->rows[i].line, errors);
            st = run(req, "ROLLBACK TO SAVEPOINT import_row");
        } else {
            *resp = row; /* the activity is gone, not a joint event, the database is away ... */
            return status;
        }
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
    }
    return 0;
}

static void decref(void *v)
{
    json_decref(v);
}

int lt_import_run(lt_req *req, lt_resp *resp, const lt_import_kind *kind)
{
    if (!is_csv(req->content_type))
        return lt_problem(resp, req, LT_E_UNSUPPORTED_MEDIA,
                          "The request body must be a CSV file (text/csv).", NULL);
    const char *dry = lt_req_query(req, "dry_run");
    if (dry && strcmp(dry, "true") != 0 && strcmp(dry, "false") != 0)
        return lt_problem(resp, req, LT_E_BAD_QUERY, "dry_run must be true or false", NULL);
    bool dry_run = dry && strcmp(dry, "true") == 0;

    lt_csv_errors errors;
    lt_csv_errors_init(&errors, req->arena, 0);
    lt_csv_table *t =
        lt_csv_read(req->arena, req->body ? req->body : "", req->body_len, NULL, &errors);
    lt_csv_column_map *m = t ? lt_csv_map_columns(req->arena, t, kind->schema, kind->columns,
                                                  kind->ncolumns, 0, &errors)
                             : NULL;
    for (size_t i = 0; m && i < t->nrows; i++) {
        lt_values v;
        lt_csv_row_validate(req->arena, m, &t->rows[i], &v, &errors);
    }
    if (m && t->nrows == 0 && errors.total == 0)
        lt_csv_errors_add(&errors, 0, NULL, NULL, "The file has a header but no rows.");

    json_t *ids = json_array();
    lt_arena_on_reset(req->arena, decref, ids);
    /* a dry run is undone to here; a refusal, by the pipeline's rollback */
    lt_db_status st = errors.total ? LT_DB_OK : run(req, "SAVEPOINT import_file");
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    if (errors.total == 0) {
        int status = store_rows(req, resp, kind, m, t, ids, &errors);
        if (status)
            return status;
    }
    if (errors.total > 0)
        return lt_problem(resp, req, LT_E_VALIDATION, lt_csv_errors_summary(&errors),
                          lt_csv_errors_json(&errors));
    if (dry_run) {
        st = run(req, "ROLLBACK TO SAVEPOINT import_file");
        json_array_clear(ids);
    } else {
        st = lt_audit(req, NULL, req->region_id,
                      lt_arena_printf(req->arena, "%s_imported", kind->name), "import", NULL);
    }
    if (st != LT_DB_OK)
        return lt_api_db_problem(req, resp, st);
    return lt_resp_json(resp, dry_run ? 200 : 201,
                        json_pack("{s:s, s:I, s:I, s:O, s:s, s:s#, s:b}", "kind", kind->name,
                                  "rows", (json_int_t)t->nrows, "imported",
                                  (json_int_t)json_array_size(ids), "ids", ids, "encoding",
                                  t->encoding == LT_CSV_ENC_WINDOWS1252 ? "windows-1252" : "utf-8",
                                  "separator", &t->separator, (int)1, "dry_run", dry_run));
}

int lt_api_import_inquiries(lt_req *req, lt_resp *resp)
{
    return lt_import_run(req, resp, &lt_import_inquiries);
}

int lt_api_import_participants(lt_req *req, lt_resp *resp)
{
    const char *activity = lt_req_query(req, "activity");
    if (!activity || !lt_is_uuid(activity))
        return lt_problem(resp, req, LT_E_BAD_QUERY,
                          "activity must name the joint event the participants took part in", NULL);
    return lt_import_run(req, resp, &lt_import_participants);
}
