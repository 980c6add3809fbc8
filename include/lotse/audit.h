/*
 * audit.h - the append-only audit log.
 *
 * Every write, every login (success and failure) and every read of personal
 * data appends one row inside the request's transaction: when, who (the
 * caller, or NULL), which region (0: none), action, entity, entity id and the
 * request id. A refused request that must leave its entry sets
 * resp->keep_writes so the pipeline commits it anyway.
 */
#ifndef LOTSE_AUDIT_H
#define LOTSE_AUDIT_H

#include "lotse/db.h"
#include "lotse/http.h"

/* user_id NULL: the caller (req->who), if any. entity_id may be NULL. */
lt_db_status lt_audit(lt_req *req, const char *user_id, int region_id, const char *action,
                      const char *entity, const char *entity_id);

#endif
