/*
 * session.h - signed-in sessions: the cookie, its lookup, creation and end.
 *
 * The cookie carries a 256-bit random token (OpenSSL's CSPRNG, base64url);
 * PostgreSQL stores only its SHA-256, so a copy of the sessions table logs no
 * one in. A session ends when it has been idle for session_idle seconds, when
 * it is older than session_lifetime, when it is ended (logout, password change)
 * or when its user is disabled — checked on every request.
 *
 * All functions run inside the request's transaction and allocate from the
 * request's arena.
 */
#ifndef LOTSE_SESSION_H
#define LOTSE_SESSION_H

#include "lotse/access.h"
#include "lotse/config.h"
#include "lotse/db.h"
#include "lotse/http.h"

/* The cookie's name: "__Host-lotse", or "lotse" with insecure_dev_cookie. */
const char *lt_session_cookie_name(const lt_config *cfg);

/*
 * Finds the session the request's cookie names and fills *who (anonymous when
 * there is no cookie, or it is malformed, repeated, unknown, expired, ended, or
 * its user is disabled). Refreshes the session's idle clock.
 */
lt_db_status lt_session_lookup(lt_req *req, lt_identity *who);

/*
 * Starts a session for user_id: stores the token's hash with a new CSRF token
 * and adds the Set-Cookie header to resp. *csrf_token receives the CSRF token.
 */
lt_db_status lt_session_start(lt_req *req, lt_resp *resp, const char *user_id,
                              const char **csrf_token);

/* Ends the caller's session (who->session_hash) and clears the cookie. */
lt_db_status lt_session_end(lt_req *req, lt_resp *resp, const lt_identity *who);

/* Ends every session of user_id except the one whose hash is `keep` (NULL: all). */
lt_db_status lt_session_end_others(lt_req *req, const char *user_id, const unsigned char *keep);

#endif
