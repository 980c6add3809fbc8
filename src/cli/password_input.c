/*
 * password_input.c - reading a new password for `lotse user add|passwd`: one
 * line of standard input, or typed twice without echo on a terminal; checked
 * against the policy and hashed (see password_input.h).
 */
#include "password_input.h"
#include "lotse/password.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* A UTF-8 code point is at most 4 bytes: a longer line cannot be acceptable. */
#define PASSWORD_BUF (4 * LT_PASSWORD_MAX_CHARS + 1)

/* LT_SCRYPT_DEFAULT, or a cheaper N from LOTSE_SCRYPT_LOG2_N (tests and slow
 * machines only: a stored hash weaker than lotsed's setting is rehashed at the
 * next login). */
static bool scrypt_params(lt_scrypt_params *pa)
{
    *pa = LT_SCRYPT_DEFAULT;
    const char *s = getenv("LOTSE_SCRYPT_LOG2_N");
    if (!s || !*s)
        return true;
    char *end;
    long v = strtol(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end || v < 10 || v > 20) {
        lt_cli_fail("LOTSE_SCRYPT_LOG2_N must be a whole number from 10 to 20, not '%s'", s);
        return false;
    }
    pa->log2_n = (unsigned)v;
    return true;
}

/* Reads one line of standard input into buf (PASSWORD_BUF bytes), without its
 * newline. False at end of input before any byte. A line that does not fit is
 * consumed and flagged: it cannot pass the policy anyway. */
static bool read_line(char *buf, size_t *len, bool *too_long)
{
    size_t n = 0;
    int c;
    *too_long = false;
    while ((c = getchar()) != EOF && c != '\n') {
        if (n < PASSWORD_BUF - 1)
            buf[n++] = (char)c;
        else
            *too_long = true;
    }
    buf[n] = '\0';
    *len = n;
    return c != EOF || n > 0 || *too_long;
}

/* The new password: one line of standard input, or - on a terminal - typed
 * twice without echo. False (after printing why) when there is none or the
 * two differ. */
static bool read_password(char *buf, size_t *len)
{
    bool too_long, ok;
    if (!isatty(STDIN_FILENO)) {
        ok = read_line(buf, len, &too_long);
        if (!ok)
            lt_cli_fail("no password on standard input");
        if (too_long)
            *len = PASSWORD_BUF; /* the caller's policy check names the limit */
        return ok;
    }

    struct termios saved, quiet;
    if (tcgetattr(STDIN_FILENO, &saved) != 0) {
        lt_cli_fail("cannot turn off the terminal's echo");
        return false;
    }
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    char again[PASSWORD_BUF];
    size_t again_len = 0;
    bool too_long_again = false;
    ok = false;
    fputs("Password: ", stderr);
    fflush(stderr);
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
        lt_cli_fail("cannot turn off the terminal's echo");
        return false;
    }
    if (read_line(buf, len, &too_long)) {
        fputs("\nRepeat password: ", stderr);
        fflush(stderr);
        ok = read_line(again, &again_len, &too_long_again);
    }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    fputs("\n", stderr);
    if (!ok) {
        lt_cli_fail("no password given");
    } else if (too_long != too_long_again || *len != again_len || memcmp(buf, again, *len) != 0) {
        lt_cli_fail("the two passwords differ");
        ok = false;
    } else if (too_long) {
        *len = PASSWORD_BUF;
    }
    explicit_bzero(again, sizeof again);
    return ok;
}

/* Reads the new password, checks it against the policy and hashes it into
 * hash. False after printing why. */
bool lt_cli_new_password_hash(char *hash, size_t hashlen)
{
    lt_scrypt_params pa;
    char pw[PASSWORD_BUF];
    size_t len = 0;
    bool ok = false;
    if (!scrypt_params(&pa) || !read_password(pw, &len))
        goto done;
    const char *why =
        len >= PASSWORD_BUF ? "must be at most 128 characters" : lt_password_unacceptable(pw, len);
    if (why) {
        lt_cli_fail("password %s", why);
        goto done;
    }
    if (lt_password_hash(pw, len, pa, hash, hashlen) != 0) {
        lt_cli_fail("hashing the password failed (out of memory?)");
        goto done;
    }
    ok = true;
done:
    explicit_bzero(pw, sizeof pw);
    return ok;
}
