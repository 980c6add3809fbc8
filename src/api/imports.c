/*
 * imports.c - records imported from a CSV file, all or nothing; see import.h.
 *
 * Why two passes: the schema rules are checked for every row in C first, so a
 * file with a bad row on line 9,999 is refused without a statement; only a
 * file that passes them is handed, row by row, to the resource's own create
 * handler, which adds the rules that need the database. Rows run in chunks
 * with a savepoint each (store_rows), and a refused row alone in its own, so
 * that a statement the database refuses does not abort the transaction and
 * the rows after it are still judged; the pipeline rolls the whole
 * transaction back as soon as the answer is an error.
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

/* The id a create handler named in its Location header (.../{id}), or NULL. */
static const char *created_id(const lt_resp *row)
{
    for (size_t i = 0; i < row->nheaders; i++)
        if (strcmp(row->headers[i].name, "Location") == 0) {
            const char *slash = strrchr(row->headers[i].value, '/');
            return slash && lt_is_uuid(slash + 1) ? slash + 1 : NULL;
        }
    return NULL;
}

enum { STORED = 0, REFUSED = 1 };

/*
 * Runs the create handler for one row: STORED (its id appended to ids),
 * REFUSED (its errors added when errors is not NULL), or the status of an
 * answer that is not about the row, written into resp.
 */
static int store_row(lt_req *req, lt_resp *resp, const lt_import_kind *kind,
                     const lt_csv_column_map *m, const lt_csv_row *row, json_t *json, json_t *ids,
                     lt_csv_errors *errors)
{
    req->json = json;
    lt_resp answer;
    lt_resp_init(&answer, req->arena);
    answer.location_only = true; /* the import needs the id, not the record read back */
    int status = kind->create(req, &answer);
    if (status < 400) {
        const char *id = created_id(&answer);
        if (!id) /* every importable create names its record; this is a bug */
            return lt_problem(resp, req, LT_E_INTERNAL, NULL, NULL);
        json_array_append_new(ids, json_string(id));
        return STORED;
    }
    if (status == 400 || status == 422) {
        if (errors)
            add_refusal(req, m, &answer, row->line, errors);
        return REFUSED;
    }
    *resp = answer; /* the activity is gone, not a joint event, the database is away ... */
    return status;
}

static void drop_ids_after(json_t *ids, size_t n)
{
    while (json_array_size(ids) > n)
        json_array_remove(ids, json_array_size(ids) - 1);
}

/*
 * Runs rows [from, to) with no savepoint of their own: returns the index of the
 * first one refused (to when none was), or sets *status to an answer that is
 * not about a row.
 */
static size_t store_run(lt_req *req, lt_resp *resp, const lt_import_kind *kind,
                        const lt_csv_column_map *m, const lt_csv_table *t, json_t *const *json,
                        size_t from, size_t to, json_t *ids, int *status)
{
    for (size_t i = from; i < to; i++) {
        int r = store_row(req, resp, kind, m, &t->rows[i], json[i], ids, NULL);
        if (r == REFUSED)
            return i;
        if (r != STORED) {
            *status = r;
            return i;
        }
    }
    return to;
}

/*
 * Hands each row to the create handler. Returns 0 with the new ids, or the
 * status of an answer that is not about the rows (written into resp).
 *
 * Rows run in chunks of LT_IMPORT_CHUNK_ROWS, one savepoint each, not one per
 * row: every released savepoint is a subtransaction that keeps its row locks
 * (the foreign keys' on the region, the dashboards' rollup rows), and
 * PostgreSQL then records those locks as multixacts that grow with every row,
 * so that a savepoint per row made an import quadratic (docs/benchmarks.md,
 * "CSV import"). When a row is refused, possibly by a statement the database
 * refused (which aborts the chunk), the chunk is rolled back, the rows before
 * the refused one are stored again, the refused one alone is judged in a
 * savepoint that is rolled back to collect its errors, and a new chunk starts
 * after it: every row is judged once after the rows before it, as one POST
 * after another would be, and no row is run more than twice.
 */
static int store_rows(lt_req *req, lt_resp *resp, const lt_import_kind *kind,
                      const lt_csv_column_map *m, const lt_csv_table *t, json_t *const *json,
                      json_t *ids, lt_csv_errors *errors)
{
    row_params(req, kind);
    size_t i = 0;
    while (i < t->nrows) {
        if (errors->count + 1 >= errors->max) {
            /* the list is full: judging more rows would only make the refusal take longer */
            lt_csv_errors_add(errors, 0, NULL, NULL,
                              lt_arena_printf(req->arena,
                                              "the rows from line %zu on were not checked: "
                                              "correct the errors listed and send the file again",
                                              t->rows[i].line));
            return 0;
        }
        size_t end = i + LT_IMPORT_CHUNK_ROWS < t->nrows ? i + LT_IMPORT_CHUNK_ROWS : t->nrows;
        size_t stored = json_array_size(ids);
        int status = 0;
        lt_db_status st = run(req, "SAVEPOINT import_chunk");
        if (st != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        size_t refused = store_run(req, resp, kind, m, t, json, i, end, ids, &status);
        while (!status && refused < end) {
            /* undo the chunk; store the rows before the refused one again (one of
             * them may be refused now: then that one is judged alone instead) */
            if ((st = run(req, "ROLLBACK TO SAVEPOINT import_chunk")) != LT_DB_OK)
                return lt_api_db_problem(req, resp, st);
            drop_ids_after(ids, stored);
            size_t again = store_run(req, resp, kind, m, t, json, i, refused, ids, &status);
            if (again == refused)
                break;
            refused = again;
        }
        if (status)
            return status;
        if (refused < end) {
            if ((st = run(req, "SAVEPOINT import_row")) != LT_DB_OK)
                return lt_api_db_problem(req, resp, st);
            int r = store_row(req, resp, kind, m, &t->rows[refused], json[refused], ids, errors);
            if (r != STORED && r != REFUSED)
                return r;
            st = run(req, r == STORED ? "RELEASE SAVEPOINT import_row"
                                      : "ROLLBACK TO SAVEPOINT import_row");
            if (st != LT_DB_OK)
                return lt_api_db_problem(req, resp, st);
            end = refused + 1;
        }
        if ((st = run(req, "RELEASE SAVEPOINT import_chunk")) != LT_DB_OK)
            return lt_api_db_problem(req, resp, st);
        i = end;
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
    if (t && t->nrows > LT_IMPORT_MAX_ROWS)
        return lt_problem(resp, req, LT_E_BODY_TOO_LARGE,
                          lt_arena_printf(req->arena,
                                          "The file has %zu rows; an import takes at most %d "
                                          "rows per file: split it into files of up to %d rows.",
                                          t->nrows, LT_IMPORT_MAX_ROWS, LT_IMPORT_MAX_ROWS),
                          NULL);
    /* each row's JSON is kept for the create handler: converted once */
    json_t **json = m ? lt_arena_calloc(req->arena, t->nrows ? t->nrows : 1, sizeof *json) : NULL;
    for (size_t i = 0; m && i < t->nrows; i++) {
        lt_values v;
        lt_csv_row_validate(req->arena, m, &t->rows[i], &v, &json[i], &errors);
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
        int status = store_rows(req, resp, kind, m, t, json, ids, &errors);
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
