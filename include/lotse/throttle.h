/*
 * throttle.h - slowing down, then refusing, password guessing.
 *
 * Failed password checks are counted in lotse.login_throttle under two keys: the
 * account ("email:<lower-case address>", whether or not such an account exists,
 * so the answer tells nothing about it) and the client ("addr:<remote address>",
 * "addr:unknown" when there is none). A key's count starts at its first failure
 * and restarts after 15 minutes; from the 5th failure in a window on, the key is
 * locked for 30 seconds, doubling with each further failure up to 15 minutes.
 * While either key is locked, no password is checked at all.
 *
 * All functions run inside the request's transaction and allocate from the
 * request's arena. A refused or failed attempt must set resp->keep_writes so
 * that the counts survive the error answer.
 */
#ifndef LOTSE_THROTTLE_H
#define LOTSE_THROTTLE_H

#include "lotse/db.h"
#include "lotse/http.h"

/*
 * Sets *retry_after to the seconds (at least 1) until neither the key of email
 * nor the key of req->remote_addr is locked, or to 0 when neither is.
 * email is compared without regard to case.
 */
lt_db_status lt_throttle_wait(lt_req *req, const char *email, int *retry_after);

/* Counts one failure for both keys, locking them as the ramp says; one statement. */
lt_db_status lt_throttle_fail(lt_req *req, const char *email);

/* Forgets the failures of email's key (a successful login); the address's stay. */
lt_db_status lt_throttle_clear(lt_req *req, const char *email);

#endif
