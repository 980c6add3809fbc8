/*
 * test_login_throttle.c - failed password checks slow down, then refuse, the
 * next ones (src/auth/throttle.c through POST /api/v1/session): per account,
 * existing or not, and per client address; the ramp and its window; and
 * passwords no policy allows fail without costing a hash.
 *
 * Accounts are made as the owner with cheap hashes; every email and address
 * carries the process id, and this run's throttle rows are removed at the end.
 */
#include "harness.h"
#include "lotse/password.h"

#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "login_fixture.h"

/* The shared sign-in fixture's names, short. */
#define PASSWORD LF_PASSWORD
#define FAST_LN  LF_FAST_LN
#define app      th_group_app
#define arena    th_group_arena
#define owner    lf_owner

static int setup(void **state)
{
    return lf_setup(state, "throttle");
}

static int teardown(void **state)
{
    return lf_teardown(state);
}

static const char *make_account(const char *what)
{
    const char *email = lf_fresh_email(what);
    th_add_user(owner, arena, email, PASSWORD, FAST_LN);
    return email;
}

static const char *email_key(const char *email)
{
    const char *p[] = {email};
    return th_value(owner, arena, "SELECT 'email:' || lower($1)", 1, p);
}

/* A column (or expression) of the throttle row of key ("" when there is none). */
static const char *throttle(const char *column, const char *key)
{
    const char *p[] = {key};
    return th_value(
        owner, arena,
        lt_arena_printf(arena, "SELECT %s FROM lotse.login_throttle WHERE key = $1", column), 1, p);
}

static void five_failures_lock_an_account_even_for_the_right_password(void **state)
{
    (void)state;
    const char *email = make_account("lock");
    lt_resp resp;
    for (int i = 0; i < 5; i++) /* each from another address: the account's key locks */
        assert_int_equal(lf_login(&resp, email, "guess number one", NULL), 401);
    assert_string_equal(throttle("failures", email_key(email)), "5");
    assert_int_equal(lf_login(&resp, email, PASSWORD, NULL), 429);
    const char *retry = th_header(&resp, "Retry-After");
    assert_non_null(retry);
    assert_true(atoi(retry) >= 1 && atoi(retry) <= 30);
    assert_null(th_header(&resp, "Set-Cookie"));
    json_t *known = lf_problem_core(&resp);
    const char *p[] = {th_last_request_id};
    assert_string_equal(th_value(owner, arena,
                                 "SELECT count(*) FROM lotse.audit_log WHERE request_id = $1"
                                 " AND action = 'login_throttled' AND entity = 'session'",
                                 1, p),
                        "1");
    /* refused without a check: the count did not move */
    assert_string_equal(throttle("failures", email_key(email)), "5");

    /* an email without an account locks the same way, with the same answer */
    const char *nobody = lf_fresh_email("nobody");
    for (int i = 0; i < 5; i++)
        assert_int_equal(lf_login(&resp, nobody, "guess number one", NULL), 401);
    assert_int_equal(lf_login(&resp, nobody, PASSWORD, NULL), 429);
    assert_non_null(th_header(&resp, "Retry-After"));
    assert_true(json_equal(known, lf_problem_core(&resp)));
}

static void the_lock_ramps_up_and_a_stale_window_starts_again(void **state)
{
    (void)state;
    const char *email = lf_fresh_email("ramp");
    const char *key = email_key(email);
    lt_resp resp;
    for (int i = 0; i < 5; i++)
        lf_login(&resp, email, "wrong", NULL);
    const char *seconds = "SELECT round(extract(epoch FROM locked_until - now()))::int"
                          " FROM lotse.login_throttle WHERE key = $1";
    const char *p[] = {key};
    int first = atoi(th_value(owner, arena, seconds, 1, p));
    assert_true(first > 25 && first <= 30);
    /* the lock runs out; the next failure locks for twice as long */
    th_value(owner, arena,
             "UPDATE lotse.login_throttle SET locked_until = now() - interval '1 s'"
             " WHERE key = $1",
             1, p);
    assert_int_equal(lf_login(&resp, email, "wrong", NULL), 401);
    int second = atoi(th_value(owner, arena, seconds, 1, p));
    assert_true(second > 55 && second <= 60);
    /* capped at 15 minutes */
    th_value(owner, arena,
             "UPDATE lotse.login_throttle SET locked_until = NULL, failures = 40"
             " WHERE key = $1",
             1, p);
    assert_int_equal(lf_login(&resp, email, "wrong", NULL), 401);
    int capped = atoi(th_value(owner, arena, seconds, 1, p));
    assert_true(capped > 890 && capped <= 900);
    /* a window older than 15 minutes starts from one failure, unlocked */
    th_value(owner, arena,
             "UPDATE lotse.login_throttle SET locked_until = NULL,"
             " window_start = now() - interval '16 minutes' WHERE key = $1",
             1, p);
    assert_int_equal(lf_login(&resp, email, "wrong", NULL), 401);
    assert_string_equal(throttle("failures", key), "1");
    assert_string_equal(throttle("locked_until IS NULL", key), "t");
}

static void an_address_locks_after_five_failures_across_accounts(void **state)
{
    (void)state;
    const char *email = make_account("addr");
    const char *addr = lf_fresh_address();
    lt_resp resp;
    for (int i = 0; i < 5; i++)
        assert_int_equal(lf_login(&resp, lf_fresh_email("spray"), "password1234", addr), 401);
    assert_int_equal(lf_login(&resp, email, PASSWORD, addr), 429);
    assert_int_equal(lf_login(&resp, email, PASSWORD, lf_fresh_address()), 201);
}

static void a_login_forgets_the_accounts_failures_not_the_addresss(void **state)
{
    (void)state;
    const char *email = make_account("forget");
    const char *addr = lf_fresh_address();
    lt_resp resp;
    for (int i = 0; i < 3; i++)
        assert_int_equal(lf_login(&resp, email, "wrong", addr), 401);
    assert_int_equal(lf_login(&resp, email, PASSWORD, addr), 201);
    assert_string_equal(throttle("count(*)", email_key(email)), "0");
    assert_string_equal(throttle("failures", lt_arena_printf(arena, "addr:%s", addr)), "3");
}

/* Takes every hashing slot; returns how many, for release_slots. */
static int take_slots(void)
{
    int n = 0;
    while (lt_password_slot_try())
        n++;
    return n;
}

static void release_slots(int n)
{
    while (n-- > 0)
        lt_password_slot_release();
}

static void overlong_passwords_fail_without_a_hash(void **state)
{
    (void)state;
    const char *email = make_account("long");
    size_t big = app->cfg->max_body - 100;
    char *mib = lt_arena_alloc(arena, big + 1);
    memset(mib, 'x', big);
    mib[big] = '\0';
    char *chars129 = lt_arena_alloc(arena, 2 * 129 + 1); /* 129 characters, 258 bytes */
    for (int i = 0; i < 129; i++)
        memcpy(chars129 + 2 * i, "\xc3\xa9", 2);
    chars129[2 * 129] = '\0';
    char ascii128[129];
    memset(ascii128, 'y', 128);
    ascii128[128] = '\0';

    /* with no hashing slot free, only an answer that needs no hash is not a 503 */
    int taken = take_slots();
    lt_resp huge, many, fits, unknown;
    int s1 = lf_login(&huge, email, mib, NULL);
    int s2 = lf_login(&many, email, chars129, NULL);
    int s3 = lf_login(&fits, email, ascii128, NULL);
    int s4 = lf_login(&unknown, lf_fresh_email("nobody"), mib, NULL);
    release_slots(taken);
    assert_true(taken >= 1);
    assert_int_equal(s1, 401);
    assert_int_equal(s2, 401);
    assert_int_equal(s3, 503); /* 128 characters would be hashed */
    assert_string_equal(th_header(&fits, "Retry-After"), "1");
    assert_int_equal(s4, 401);
    assert_true(json_equal(lf_problem_core(&huge), lf_problem_core(&unknown)));
    /* a busy answer counts no failure: two overlong ones did */
    assert_string_equal(throttle("failures", email_key(email)), "2");
}

static void a_locked_account_cannot_change_its_password_either(void **state)
{
    (void)state;
    const char *email = make_account("change-locked");
    lt_resp resp;
    assert_int_equal(lf_login(&resp, email, PASSWORD, NULL), 201);
    const char *token = th_cookie_token(app, arena, &resp);
    const char *csrf = json_string_value(json_object_get(th_json(arena, &resp), "csrf_token"));
    for (int i = 0; i < 5; i++)
        assert_int_equal(lf_login(&resp, email, "guess number two", NULL), 401);
    assert_int_equal(th_request_from(app, arena, &resp, "PUT", "/api/v1/me/password",
                                     "{\"current_password\": \"" PASSWORD "\","
                                     " \"new_password\": \"another long passphrase\"}",
                                     lf_fresh_address(), token, csrf),
                     429);
    assert_non_null(th_header(&resp, "Retry-After"));
    assert_int_equal(th_request_from(app, arena, &resp, "GET", "/api/v1/me", NULL,
                                     lf_fresh_address(), token, NULL),
                     200);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(five_failures_lock_an_account_even_for_the_right_password),
        cmocka_unit_test(the_lock_ramps_up_and_a_stale_window_starts_again),
        cmocka_unit_test(an_address_locks_after_five_failures_across_accounts),
        cmocka_unit_test(a_login_forgets_the_accounts_failures_not_the_addresss),
        cmocka_unit_test(overlong_passwords_fail_without_a_hash),
        cmocka_unit_test(a_locked_account_cannot_change_its_password_either),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
