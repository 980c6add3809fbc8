/* login_fixture.c - see login_fixture.h. */
#include "login_fixture.h"

#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

PGconn *lf_owner;
const char *lf_tag;
static int counter;

int lf_setup(void **state, const char *prefix)
{
    th_setup(state);
    lt_config *cfg = (lt_config *)th_group_app->cfg;
    cfg->scrypt_log2_n = LF_FAST_LN;
    cfg->scrypt_r = 8;
    cfg->scrypt_p = 1;
    lf_owner = th_owner();
    /* audit_log's row-level security binds its owner too: read it as an administrator */
    PQclear(PQexec(lf_owner, "SELECT set_config('lotse.roles', 'admin', false)"));
    lf_tag = lt_arena_printf(th_group_arena, "%s-%d", prefix, (int)getpid());
    return 0;
}

/* Removes this run's throttle rows: every key holds "<lf_tag>-". */
int lf_teardown(void **state)
{
    const char *params[] = {lt_arena_printf(th_group_arena, "%%%s-%%", lf_tag)};
    th_value(lf_owner, th_group_arena, "DELETE FROM lotse.login_throttle WHERE key LIKE $1", 1,
             params);
    PQfinish(lf_owner);
    return th_teardown(state);
}

const char *lf_fresh_address(void)
{
    return lt_arena_printf(th_group_arena, "%s-%d", lf_tag, ++counter);
}

const char *lf_fresh_email(const char *what)
{
    return lt_arena_printf(th_group_arena, "%s-%s-%d@Test.Example", what, lf_tag, ++counter);
}

int lf_login(lt_resp *resp, const char *email, const char *password, const char *addr)
{
    return th_login(th_group_app, th_group_arena, resp, email, password,
                    addr ? addr : lf_fresh_address(), NULL);
}

json_t *lf_problem_core(const lt_resp *resp)
{
    json_t *p = th_json(th_group_arena, resp);
    json_object_del(p, "request_id");
    json_object_del(p, "instance");
    return p;
}
