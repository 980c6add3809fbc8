/*
 * password_input.h - the CLI's password prompt and its messages (private to
 * src/cli).
 */
#ifndef LOTSE_CLI_PASSWORD_INPUT_H
#define LOTSE_CLI_PASSWORD_INPUT_H

#include <stdbool.h>
#include <stddef.h>

/* Reads the new password (see password_input.c), checks the policy and writes
 * its hash into hash. False after printing why not. */
bool lt_cli_new_password_hash(char *hash, size_t hashlen);

/* Prints "lotse user: MESSAGE" to standard error; returns the failure status 1. */
int lt_cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
