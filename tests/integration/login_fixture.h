/*
 * login_fixture.h - what the sign-in tests share: an app with cheap password
 * hashes, an owner connection that reads the audit log as an administrator,
 * and emails and client addresses unique to this run ("<prefix>-<pid>-<n>"),
 * whose throttle rows are removed again at the end.
 */
#ifndef LOTSE_TEST_LOGIN_FIXTURE_H
#define LOTSE_TEST_LOGIN_FIXTURE_H

#include "harness.h"

#define LF_PASSWORD "correct horse battery staple"
#define LF_FAST_LN  10 /* scrypt cost of the accounts and of the app */

extern PGconn *lf_owner;
/* "<prefix>-<pid>": in every email and address of this run */
extern const char *lf_tag;

/* cmocka group setup and teardown; setup makes th_group_app and th_group_arena. */
int lf_setup(void **state, const char *prefix);
int lf_teardown(void **state);

const char *lf_fresh_address(void);
const char *lf_fresh_email(const char *what);
/* POST /api/v1/session from addr (NULL: a fresh address, so no address key locks). */
int lf_login(lt_resp *resp, const char *email, const char *password, const char *addr);
/* The problem body without what differs between any two requests. */
json_t *lf_problem_core(const lt_resp *resp);

#endif
