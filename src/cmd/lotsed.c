/*
 * lotsed.c - the FastCGI server's command line: lotsed [-c FILE] [--check] [--version].
 *
 * Only argument handling lives here; the process model is in src/server.
 * lotsed runs in the foreground (the scripts background it) so that a process
 * supervisor, or a test, owns its lifetime.
 */
#include "lotse/api.h"
#include "lotse/config.h"
#include "lotse/listener.h"
#include "lotse/server.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: lotsed [-c FILE] [--check] [--version]\n"
                "  -c FILE    configuration file (`key = value`; LOTSE_<KEY> overrides)\n"
                "  --check    load the configuration, print \"ok\" or the error, and exit\n"
                "  --version  print the version and exit\n");
    return status;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    bool check = false;
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0) && i + 1 < argc)
            path = argv[++i];
        else if (strcmp(argv[i], "--check") == 0)
            check = true;
        else if (strcmp(argv[i], "--version") == 0) {
            printf("lotsed %s\n", LOTSE_VERSION);
            return 0;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return usage(stdout, 0);
        else
            return usage(stderr, 2);
    }

    lt_config cfg;
    char err[512];
    /* A route that declares no action, or a wrong one, must not be served at all. */
    if (lt_router_check(lt_api_routes, lt_api_nroutes, err, sizeof err) != 0) {
        fprintf(stderr, "lotsed: %s\n", err);
        return 1;
    }
    if (lt_config_load(&cfg, path, err, sizeof err) != 0 ||
        lt_listener_check(cfg.listen, err, sizeof err) != 0) {
        fprintf(stderr, "lotsed: %s\n", err);
        lt_config_free(&cfg);
        return 1;
    }
    if (check) {
        puts("ok");
        lt_config_free(&cfg);
        return 0;
    }
    return lt_server_run(path, &cfg);
}
