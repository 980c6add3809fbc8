/* audit.c - appends to lotse.audit_log; see audit.h. */
#include "lotse/audit.h"
#include "lotse/access.h"
#include "lotse/app.h"

#include <stdio.h>

lt_db_status lt_audit(lt_req *req, const char *user_id, int region_id, const char *action,
                      const char *entity, const char *entity_id)
{
    char region[16];
    snprintf(region, sizeof region, "%d", region_id);
    if (!user_id && req->who)
        user_id = req->who->user_id;
    const char *params[] = {
        region_id > 0 ? region : NULL, user_id, action, entity, entity_id, req->request_id};
    return lt_db_exec(req->app->db, req->arena, NULL,
                      "INSERT INTO lotse.audit_log (region_id, user_id, action, entity, entity_id,"
                      " request_id) VALUES ($1, $2, $3, $4, $5, $6)",
                      6, params);
}
