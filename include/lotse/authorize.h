/*
 * authorize.h - the pipeline step between routing and the handler: who is
 * calling, may they, and telling PostgreSQL the same.
 *
 * For a route whose action needs a session: looks the session up (401 without
 * one), checks the X-CSRF-Token header on unsafe methods (403), resolves the
 * {region} of a regional route (404 when it does not exist or the caller is no
 * member of it — the same answer, so another region's existence is not
 * revealed; 403 for a member whose role does not allow the action), asks lt_access_allows (403 for
 * non-regional actions), and hands the identity to the database for row-level security. Public
 * routes get an anonymous caller and no lookup. Runs inside the request's transaction.
 */
#ifndef LOTSE_AUTHORIZE_H
#define LOTSE_AUTHORIZE_H

#include "lotse/db.h"
#include "lotse/router.h"

/* 0 when the handler may run (req->who and req->region_id set); else the
 * status of the problem written into resp. */
int lt_authorize(lt_req *req, lt_resp *resp, const lt_route *route);

/* Hands the caller lt_authorize found (req->who) to the next transaction of db
 * as well: a LT_ROUTE_REPLICA handler reads in a transaction of its own, on
 * the replica or the primary, under the same row-level security. Nothing for
 * a public route. Call after lt_db_begin*. */
void lt_authorize_identity(lt_req *req, const lt_route *route, lt_db *db);

#endif
