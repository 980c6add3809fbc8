/*
 * import.h - a list of records imported from a CSV file, all or nothing.
 *
 * A resource that can be imported describes its file once (lt_import_kind):
 * its schema, the columns a file may have (with the German headers and labels
 * office users write), and its create handler. lt_import_run reads the body
 * with the CSV reader (csv_read.h: UTF-8 or Windows-1252, ',' ';' or tab),
 * validates every row against the schema first, and only when all rows are
 * valid runs the create handler once per row, so that the resource's own
 * rules (references, cross-field checks in the database) are the same as for
 * a POST. Rows run in chunks, one savepoint each; a refused row is judged
 * again alone in its own savepoint, so that a refusal of one row does not
 * stop the others from being judged (imports.c says why not one savepoint
 * per row). Any error refuses the whole file: one 400 problem
 * whose errors[] lists every bad row (line as an editor counts it, the column
 * as the file names it, the field, the message), and nothing is stored.
 */
#ifndef LOTSE_IMPORT_H
#define LOTSE_IMPORT_H

#include "lotse/csv_read.h"
#include "lotse/http.h"
#include "lotse/router.h"
#include "lotse/schema.h"

enum {
    /* Rows per file. The dashboards' rollups are kept by row triggers, and a
     * rollup row updated again in the same transaction costs a little more
     * each time, so an import's time grows with the square of its rows: this
     * cap keeps the largest file well within nginx's wait for an answer
     * (docs/import.md, "Limits", gives the measured times). */
    LT_IMPORT_MAX_ROWS = 5000,
    /* Rows per savepoint. A refused row makes the rows before it in its chunk
     * run twice; a chunk is one subtransaction (see imports.c). */
    LT_IMPORT_CHUNK_ROWS = 1000,
};

typedef struct lt_import_kind {
    const char *name; /* "inquiries": the answer's kind and the audit action's prefix */
    const lt_schema *schema;
    const lt_csv_import_column *columns;
    size_t ncolumns;
    /* The resource's POST handler, run with req->json set to one row. */
    lt_handler create;
    /* The path parameter the create handler reads as {id} (participants: the
     * activity), taken from this query parameter; NULL: none. */
    const char *id_query;
} lt_import_kind;

/* The importable resources (src/api/inquiries.c, src/api/participants.c). */
extern const lt_import_kind lt_import_inquiries;
extern const lt_import_kind lt_import_participants;

/*
 * Imports req->body as records of kind into the route's region. ?dry_run=true
 * judges the file the same way and stores nothing. Answers 201 {"kind",
 * "imported", "ids", "encoding", "separator", "dry_run"} (200 for a dry run),
 * 415 for a body that is not CSV, 413 for a file of more than
 * LT_IMPORT_MAX_ROWS rows (before any row is judged), 400 with every error
 * otherwise. A row that
 * the create handler refuses for a reason that is not the row's own (404: the
 * activity does not exist; 409: it is not a joint event) refuses the file
 * with that answer as it is.
 */
int lt_import_run(lt_req *req, lt_resp *resp, const lt_import_kind *kind);

#endif
