/*
 * version.h - no lost updates: a version per row, sent as an ETag and
 * required back as If-Match on every change.
 *
 * Every changeable resource has an integer column `version` (1 when created).
 * Its answers carry the version as a strong ETag, `ETag: "<version>"` (decimal,
 * no leading zeros, in double quotes, never `W/`). A change (PATCH, PUT,
 * DELETE where it matters) must send that ETag back, `If-Match: "<version>"`;
 * without it the answer is 428, with an old one 412 carrying the current
 * version, so a client never overwrites what it has not seen.
 *
 * The pattern a handler follows (one statement when nothing went wrong):
 *
 *     int version, status = lt_if_match(req, resp, &version);
 *     if (status)
 *         return status;                           428 or 400, already written
 *     UPDATE lotse.things SET ..., version = version + 1
 *      WHERE region_id = $r AND id = $id AND version = $v RETURNING ...
 *     one row  -> done; answer with lt_etag_set(resp, new version)
 *     no row   -> SELECT version FROM lotse.things WHERE region_id = $r AND id = $id
 *                 no row  -> 404 (gone, or never there, or another region's)
 *                 a row   -> return lt_version_conflict(req, resp, that version)
 *
 * The version check sits in the WHERE clause, not in a read before the write,
 * so two concurrent changes with the same If-Match cannot both succeed: the
 * second UPDATE waits for the first's row lock, re-reads the row, finds the
 * version moved on and matches nothing.
 *
 * All functions are pure (no database) and allocate only from the request's
 * arena; they may be called from any request thread.
 */
#ifndef LOTSE_VERSION_H
#define LOTSE_VERSION_H

#include "lotse/http.h"

/* Adds the header `ETag: "<version>"` to resp. */
void lt_etag_set(lt_resp *resp, int version);

/*
 * Reads the If-Match header of req. Returns 0 and sets *version when it is
 * exactly one strong ETag of ours, `"<digits>"` (optional spaces or tabs
 * around it are allowed, as around any header value). Otherwise writes the
 * problem into resp and returns its status:
 *   absent                                   428 LT_E_PRECONDITION_REQUIRED
 *   anything else: W/"3", *, "3", "4", "abc", " 3", "03" (not an ETag we
 *   issue), a number beyond int               400 LT_E_BAD_REQUEST naming If-Match
 * `*` is refused because "any version" is exactly the lost update this
 * prevents; a weak ETag because If-Match compares strongly (RFC 9110 13.1.1).
 */
int lt_if_match(lt_req *req, lt_resp *resp, int *version);

/*
 * The answer when the row exists but its version is not the one the client
 * sent: 412 LT_E_PRECONDITION_FAILED with the member "current_version" and the
 * header `ETag: "<current>"`. Returns 412 (which rolls the transaction back).
 */
int lt_version_conflict(lt_req *req, lt_resp *resp, int current);

#endif
