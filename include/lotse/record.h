/*
 * record.h - what every handler of an addressable record needs: the route's
 * region and {id} as statement parameters, the 404, and the answer to an
 * If-Match update that matched no row (404 when the record is gone, 412 with
 * the current version when someone else saved first; see version.h).
 */
#ifndef LOTSE_RECORD_H
#define LOTSE_RECORD_H

#include "lotse/db.h"
#include "lotse/http.h"
#include "lotse/schema.h"

/* req->region_id as statement-parameter text (arena memory). */
const char *lt_record_region(lt_req *req);

/* The {id} of the path when it is a UUID; NULL otherwise, and the caller answers
 * lt_record_not_found without asking the database. */
const char *lt_record_id(lt_req *req);

/* Writes the 404 problem and returns 404. */
int lt_record_not_found(lt_req *req, lt_resp *resp);

/*
 * Answers one record: runs sql (one row of two columns: the record as JSON text
 * and its version) with its n params; no row is a 404, else the JSON with the
 * version as ETag and the given status. With resp->location_only (an import
 * that needs only the Location a create set) it answers the status without
 * reading the record.
 */
int lt_record_answer(lt_req *req, lt_resp *resp, const char *sql, int n, const char *const *params,
                     int status);

/*
 * The insert of a create: runs insert_sql (INSERT ... RETURNING id) with the
 * route's region as $1 and the validated values of v as $2... in schema order,
 * audits "<entity>_created", and sets Location to the request's path + "/" + id.
 * Returns LT_DB_OK with the new id in *id (arena memory), or the failure for
 * the caller to turn into a problem (lt_db_sqlstate names a refused constraint).
 */
lt_db_status lt_record_insert(lt_req *req, lt_resp *resp, const char *entity,
                              const char *insert_sql, const lt_values *v, const char **id);

/* A resource's own answer to a refused statement (lt_db_sqlstate names the
 * constraint): the status of the problem it wrote, or 0 when the refusal is
 * not one of its own. */
typedef int (*lt_record_refusal)(lt_req *req, lt_resp *resp);

/*
 * The PATCH of the record {id} of the route's region: If-Match (version.h),
 * the body validated against s in patch mode, then update_sql with $1 the
 * region, $2 the id, $3 the version and, from $4 on, a (given, value) pair per
 * field of s (lt_values_patch_params); it must RETURN a row when it updated
 * one. No row: 404, or 412 with the current version read from table. A
 * refused statement goes to refused first (may be NULL). Audits
 * "<entity>_updated". Returns 0 when the record changed (the caller answers
 * it), else the status of the problem written.
 */
int lt_record_update(lt_req *req, lt_resp *resp, const char *entity, const char *table,
                     const lt_schema *s, const char *update_sql, lt_record_refusal refused);

/*
 * Deletes the record {id} of the route's region with delete_sql (parameters
 * $1 region, $2 id; it must return a row when it deleted one), audits
 * "<entity>_deleted" and answers 204; 404 when there is no such record.
 */
int lt_record_delete(lt_req *req, lt_resp *resp, const char *delete_sql, const char *entity);

/*
 * For an UPDATE ... WHERE version = $v that changed no row: runs version_sql
 * (one row holding the record's current version, or none) with its n params,
 * and answers 404 when there is no record, else 412 with the current version.
 */
int lt_record_update_missed(lt_req *req, lt_resp *resp, const char *version_sql, int n,
                            const char *const *params);

#endif
