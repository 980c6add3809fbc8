/*
 * users.h - what the account routes share (src/api/users.c and user_grants.c).
 *
 * Private to src/api: the routes themselves are declared in lotse/api.h. One
 * account is always answered in one shape, built by PostgreSQL from the tables
 * after the request's changes (lt_users_answer), so a grant, an update and a
 * read can never disagree about what a user looks like.
 */
#ifndef LOTSE_API_USERS_H
#define LOTSE_API_USERS_H

#include "lotse/http.h"

#include <jansson.h>

/*
 * The JSON of the user row aliased `u`: id, email, display_name, disabled,
 * roles (sorted), memberships [{region, role}] (sorted), created_at, version.
 */
#define LT_USER_JSON                                                                               \
    "json_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name,"              \
    " 'disabled', u.disabled,"                                                                     \
    " 'roles', coalesce((SELECT json_agg(ur.role ORDER BY ur.role) FROM lotse.user_roles ur"       \
    "   WHERE ur.user_id = u.id), '[]'),"                                                          \
    " 'memberships', coalesce((SELECT json_agg(json_build_object('region', r.slug, 'role',"        \
    "   m.role) ORDER BY r.slug, m.role) FROM lotse.memberships m"                                 \
    "   JOIN lotse.regions r ON r.id = m.region_id WHERE m.user_id = u.id), '[]'),"                \
    " 'created_at', u.created_at, 'version', u.version)"

/*
 * The {id} path parameter in lower case when it has the shape of a UUID, else
 * NULL: a malformed id is answered like an unknown one (404), and never reaches
 * PostgreSQL's uuid input. Arena memory.
 */
const char *lt_users_id_param(lt_req *req);

/* Answers the user with this id as JSON with status (404 when there is none);
 * returns the status. */
int lt_users_answer(lt_req *req, lt_resp *resp, const char *id, int status);

/* Appends {"field", "message"} to errors. */
void lt_users_field_error(json_t *errors, const char *field, const char *message);

/*
 * Checks that body is an object whose members are all in allowed
 * (NULL-terminated), appending a field error for the body itself or for each
 * unknown member (its name cut to 64 bytes). Returns false when body is no object.
 */
bool lt_users_members_known(lt_arena *a, json_t *body, const char *const *allowed, json_t *errors);

#endif
