/*
 * keygen.c - `lotse keygen [--out DIR]`: the key that signs best-practice
 * packages (signing.h).
 *
 * Why here and not in tools/up alone: an operator makes the production key on
 * the production host, so it never travels; tools/up calls the same command
 * for a development stack.
 */
#include "lotse/cli.h"
#include "lotse/signing.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* mkdir -p, the last directory 0700 (it will hold a private key). */
static int make_dirs(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
        return -1;
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static const char *default_dir(void)
{
    static char dir[4096];
    const char *key = getenv("LOTSE_SIGNING_KEY");
    if (!key || !*key)
        return "var/keys";
    snprintf(dir, sizeof dir, "%s", key);
    return dirname(dir);
}

int lt_cli_keygen(int argc, char **argv)
{
    const char *dir = default_dir();
    if (argc == 2 && strcmp(argv[0], "--out") == 0 && *argv[1])
        dir = argv[1];
    else if (argc != 0) {
        fprintf(stderr, "usage: lotse keygen [--out DIR]\n");
        return 2;
    }
    if (make_dirs(dir) != 0) {
        fprintf(stderr, "lotse keygen: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char priv[4200], pub[4200], err[512];
    snprintf(priv, sizeof priv, "%s/signing.pem", dir);
    snprintf(pub, sizeof pub, "%s/signing.pub.pem", dir);
    lt_signing_key *key = lt_signing_key_generate();
    int rc = lt_signing_key_write(key, priv, pub, err, sizeof err);
    if (rc == 0)
        printf("private key: %s (mode 0600; keep it on this host)\n"
               "public key:  %s\n"
               "fingerprint: %s\n",
               priv, pub, lt_public_key_fingerprint(lt_signing_key_public(key)));
    else
        fprintf(stderr, "lotse keygen: %s\n", err);
    lt_signing_key_free(key);
    return rc == 0 ? 0 : 1;
}
