/*
 * csv_read.h - reading the CSV files people export from their spreadsheets,
 * for imports that are all-or-nothing.
 *
 * An import refuses a file with one bad row whole and names every bad row and
 * field, so a person can fix the file in one go. The reader therefore collects
 * every error it finds (lt_csv_errors, capped) instead of stopping at the first,
 * and the row helpers below check each row against the resource's lt_schema and
 * add their errors to the same list, each with the line as a person counts the
 * lines of the file in an editor (1-based, the header is line 1 unless blank
 * lines or a "sep=" line come first; a record whose quoted value spans lines
 * has the line where it starts).
 *
 * What is read (see docs/import.md for users):
 *   Encoding   LT_CSV_ENC_AUTO: a UTF-8 byte order mark means UTF-8; otherwise
 *              text that is valid UTF-8 is UTF-8, anything else is Windows-1252
 *              (what Excel's "CSV (Trennzeichen-getrennt)" writes), decoded to
 *              UTF-8 with cp1252's own 0x80-0x9F (0x80 is the euro sign). Its
 *              five undefined bytes 0x81 0x8D 0x8F 0x90 0x9D are an error each,
 *              naming the line (the value gets U+FFFD and reading goes on).
 *              LT_CSV_ENC_UTF8 / LT_CSV_ENC_WINDOWS1252 force one; forced UTF-8
 *              that is not valid names every bad line and gives no table. The
 *              byte order mark is removed in auto and UTF-8 mode.
 *   Separator  ',', ';' or TAB: the one found most often outside quotes in the
 *              header line (a tie goes to ';', then ',', then TAB; none at all
 *              is a file of one column, read with ','), or the one a first line
 *              "sep=X" names (Excel's own hint; that line is skipped), or the
 *              one the caller forces.
 *   Quoting    RFC 4180: a value in '"' may hold the separator, '"' written as
 *              "" and line breaks (CRLF, LF or a lone CR, each one line; inside
 *              a value each becomes LF). Spaces or tabs around a quoted value
 *              are dropped. A '"' inside a value that does not start with one,
 *              text after a closing quote, and a quote that is never closed are
 *              errors (the last names the line where the value starts and ends
 *              the reading: what follows cannot be told apart).
 *   Records    Records end with CRLF, LF or CR; the last may end without one. A
 *              record that is empty or holds only separators and spaces (what
 *              Excel writes for formatted but empty rows) is skipped anywhere.
 *   Header     The first record that is not skipped. Names are trimmed (spaces,
 *              tabs, no-break spaces). A name that is empty (other than in
 *              trailing columns, see below), or that equals an earlier one as
 *              lt_csv_name_equal compares them, is an error. Trailing columns
 *              without a name (Excel writes them for formatted cells) are
 *              dropped, provided no row has a value there.
 *   Rows       Every other record. A record with another number of values than
 *              the header has columns (with or without the trailing unnamed
 *              ones) is an error naming its line and is left out of the table.
 *   Refused    NUL bytes, files in UTF-16 (Excel's "Unicode Text"), Excel
 *              workbooks (.xlsx, .xls), more than max_bytes, max_rows rows or
 *              LT_CSV_READ_MAX_COLUMNS columns: no table. A value longer than
 *              max_field bytes (UTF-8) is an error naming its line and column.
 *
 * Everything lives in the arena passed in: nothing needs freeing. Reading is
 * linear in the size of the file; it keeps one UTF-8 copy of the file (a
 * Windows-1252 umlaut takes two bytes there) and about 8 bytes per value and
 * 48 per row besides, so a file of short values takes several times its size.
 * No function here keeps state between calls; any thread may use them on its
 * own arena.
 */
#ifndef LOTSE_CSV_READ_H
#define LOTSE_CSV_READ_H

#include "lotse/arena.h"
#include "lotse/schema.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum {
    LT_CSV_READ_MAX_BYTES = 16 * 1024 * 1024, /* default max_bytes */
    LT_CSV_READ_MAX_ROWS = 100000,            /* default max_rows */
    LT_CSV_READ_MAX_FIELD = 65536,            /* default max_field, in bytes */
    LT_CSV_READ_MAX_COLUMNS = 1000,           /* more header columns: refused */
    LT_CSV_MAX_ERRORS = 1000,                 /* default cap of lt_csv_errors */
};

/* ---------------------------------------------------------------- errors */

/* One problem with the file: where and what. Strings are arena memory. */
typedef struct lt_csv_error {
    size_t line;        /* 1-based line of the record; 0: the file as a whole */
    const char *column; /* the column as the file's header names it ("column 3" when
                           it has no name); NULL when the problem is not one column's */
    const char *field;  /* the schema field the column fills; NULL when none */
    const char *message;
} lt_csv_error;

/*
 * Every problem found, in the order found, up to max; `total` counts all of
 * them, so total > count says the list was capped. Init before use.
 */
typedef struct lt_csv_errors {
    lt_arena *arena;
    lt_csv_error *items;
    size_t count, cap, max;
    size_t total;
} lt_csv_errors;

/* An empty list in arena a keeping at most max errors (0: LT_CSV_MAX_ERRORS). */
void lt_csv_errors_init(lt_csv_errors *e, lt_arena *a, size_t max);

/* Records one problem (column, field: may be NULL). The strings are borrowed and
 * must live as long as the arena; a column name is cut to 100 bytes. */
void lt_csv_errors_add(lt_csv_errors *e, size_t line, const char *column, const char *field,
                       const char *message);

/*
 * The errors for a problem's errors[] (problem.h), ordered by line (the file
 * as a whole first), each {"field": field or "", "line": n (left out for the
 * file as a whole), "column": name (left out when none), "message": text}.
 * A new reference; lt_problem steals it.
 */
json_t *lt_csv_errors_json(const lt_csv_errors *e);

/* A sentence for the problem's detail: how many errors the file has and, when
 * the list was capped, that only the first ones are listed. Arena memory. */
const char *lt_csv_errors_summary(const lt_csv_errors *e);

/* ---------------------------------------------------------------- reading */

typedef enum lt_csv_encoding {
    LT_CSV_ENC_AUTO,
    LT_CSV_ENC_UTF8,
    LT_CSV_ENC_WINDOWS1252,
} lt_csv_encoding;

/* What the caller allows and forces; a zero value is a default. NULL options:
 * all defaults. */
typedef struct lt_csv_read_options {
    lt_csv_encoding encoding; /* LT_CSV_ENC_AUTO */
    char separator;           /* 0: detect; else ',', ';' or '\t' (another aborts) */
    size_t max_bytes;         /* LT_CSV_READ_MAX_BYTES: the file's size */
    size_t max_rows;          /* LT_CSV_READ_MAX_ROWS: records after the header */
    size_t max_field;         /* LT_CSV_READ_MAX_FIELD: bytes of one value (UTF-8) */
} lt_csv_read_options;

/* One data record: a value per header column, each NUL-terminated UTF-8 exactly
 * as in the file (not trimmed; "" for an empty value). */
typedef struct lt_csv_row {
    size_t line; /* where the record starts */
    const char **values;
} lt_csv_row;

typedef struct lt_csv_table {
    const char **header; /* ncols trimmed names */
    size_t ncols;
    size_t header_line;
    lt_csv_row *rows; /* in file order, without the refused ones */
    size_t nrows;
    lt_csv_encoding encoding; /* what was read: LT_CSV_ENC_UTF8 or _WINDOWS1252 */
    char separator;
} lt_csv_table;

/*
 * Reads the len bytes of a CSV file (need not be NUL-terminated; borrowed).
 * Every problem goes into errors (initialised by the caller).
 *
 * Returns NULL when the file cannot be read as a table at all (too large, not
 * text, not decodable, no header, too many rows or columns). Otherwise returns
 * the table, also when some records had errors: the caller goes on to check the
 * good rows (lt_csv_map_columns, lt_csv_row_validate) so that one answer names
 * everything. A table read while errors->total grew must never be imported.
 */
lt_csv_table *lt_csv_read(lt_arena *a, const char *bytes, size_t len,
                          const lt_csv_read_options *opt, lt_csv_errors *errors);

/*
 * True when two column names or values are the same to a person: letters
 * compared without case (ASCII and the Latin-1 letters, so "Ä" equals "ä"),
 * spaces, '_', '-' and '.' ignored ("E-Mail" equals "email").
 */
bool lt_csv_name_equal(const char *x, const char *y);

/* ---------------------------------------------------------------- rows as records */

/* A label a person may write for an enum value: {"Telefon", "phone"}. */
typedef struct lt_csv_label {
    const char *label;
    const char *value;
} lt_csv_label;

/*
 * A column an import expects: it fills the schema field `field`, whose name is
 * also the column's own name; `aliases` (NULL-terminated, may be NULL) are other
 * names accepted for it (a German header), `labels` ({NULL, NULL}-terminated,
 * may be NULL) other words accepted for the enum values of the field.
 * `required`: the column must be in the file, even if the field is optional
 * (a field the schema requires always makes its column required).
 */
typedef struct lt_csv_import_column {
    const char *field;
    const char *const *aliases;
    const lt_csv_label *labels;
    bool required;
} lt_csv_import_column;

/* Which file column fills which field; made by lt_csv_map_columns. */
typedef struct lt_csv_column_map {
    const lt_schema *schema;
    const lt_csv_import_column *columns;
    size_t ncolumns;
    int *file_column;  /* per import column: index in the table, or -1 when absent */
    const char **name; /* per import column: the file's header text, or the field name */
} lt_csv_column_map;

enum {
    LT_CSV_MAP_IGNORE_UNKNOWN = 1u << 0, /* columns the import does not know are skipped,
                                            not refused */
};

/*
 * Matches the table's header to the import's columns (by lt_csv_name_equal
 * against the field name and the aliases). Errors, all on the header line: a
 * column that matches no import column (unless LT_CSV_MAP_IGNORE_UNKNOWN), two
 * columns that fill the same field, a required column that is missing.
 * `columns` NULL means one column per schema field, named like it. Every
 * columns[i].field must be a field of s (else abort: a programming error).
 * Returns the map (arena memory; columns and s are borrowed), or NULL when it
 * found an error.
 */
lt_csv_column_map *lt_csv_map_columns(lt_arena *a, const lt_csv_table *t, const lt_schema *s,
                                      const lt_csv_import_column *columns, size_t ncolumns,
                                      unsigned flags, lt_csv_errors *errors);

/*
 * One row as the JSON object lt_validate reads, the value of each mapped
 * column converted as office users write it:
 *   every type     an empty value, or one of only white space, is left out (the
 *                  field is not given: "is required" when the schema needs it)
 *   one-line types leading and trailing white space is dropped
 *   LT_F_LONGTEXT  kept as written (line breaks as LF)
 *   LT_F_TEXT, _LONGTEXT  a leading ' before = + - or @ is dropped: the CSV
 *                  writer (csv.h) adds it against formula injection, so an
 *                  exported list reads back as it was
 *   LT_F_ENUM      a choice or a label, compared by lt_csv_name_equal, becomes
 *                  the choice; other text is passed on for lt_validate to refuse
 *   LT_F_ENUM_SET  values separated by ';', ',', '|' or line breaks, each as
 *                  for LT_F_ENUM; empty ones dropped
 *   LT_F_TEXT_LIST entries separated by ';' or line breaks (',' may be part of
 *                  an entry), trimmed, empty ones dropped; the writer joins
 *                  with "; ", so exports read back
 *   LT_F_DATE      YYYY-MM-DD, or DD.MM.YYYY as German Excel writes it (D.M.YYYY
 *                  too); a two-digit year and other forms are refused
 *   LT_F_BOOL      true: ja j yes y true wahr 1 x; false: nein n no false falsch 0
 *                  (any case; WAHR/FALSCH is what German Excel writes)
 *   LT_F_INT       an optional sign and digits; no thousands separators
 *   other types    the trimmed text, for lt_validate to judge
 * A value that cannot be converted is an error (row's line, column) and its
 * member is left out. The object is decref'd when the arena resets.
 */
json_t *lt_csv_row_json(lt_arena *a, const lt_csv_column_map *m, const lt_csv_row *row,
                        lt_csv_errors *errors);

/*
 * lt_csv_row_json and lt_validate_json (LT_VALIDATE_CREATE) in one: every
 * problem of the row goes into errors with the row's line, the column as the
 * file names it and the field (a value that could not be converted is named
 * once, not again as "is required"). Returns 0 and fills *out with the row's
 * statement parameters (schema.h), or -1 when the row has an error. json, when
 * not NULL, receives the row's object as lt_csv_row_json makes it (decref'd when
 * the arena resets), so a caller that hands the row on converts it only once.
 */
int lt_csv_row_validate(lt_arena *a, const lt_csv_column_map *m, const lt_csv_row *row,
                        lt_values *out, json_t **json, lt_csv_errors *errors);

#endif
