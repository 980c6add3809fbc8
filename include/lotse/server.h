/*
 * server.h - lotsed's master process.
 *
 * The master opens the listener, maps the shared metrics, forks `workers`
 * worker processes (include/lotse/worker.h) and then only supervises them:
 *
 *   worker dies      -> logged (exit status or signal), counted, respawned
 *                       after a backoff that grows while it keeps dying young
 *   SIGHUP           -> config re-read (a bad file is logged and ignored), log
 *                       reopened, a new generation forked on the same listener;
 *                       once it reports ready the old one gets SIGTERM and
 *                       drains, so no connection is refused or cut
 *   SIGTERM, SIGINT  -> every worker drains; after GRACE seconds the stragglers
 *                       get SIGKILL; the socket file and pid file are removed
 *
 * Signals reach the master through a signalfd, so nothing runs in a signal
 * handler and libfcgi (which installs handlers in FCGX_Init, called only in
 * workers) never sees the master's signals.
 */
#ifndef LOTSE_SERVER_H
#define LOTSE_SERVER_H

#include "lotse/config.h"

/* Seconds a draining worker gets before SIGKILL. */
#define LT_SERVER_GRACE 10

/*
 * Runs the master until it is told to stop; returns the process exit status
 * (0 after a clean stop, 1 if it could not start). Takes ownership of *cfg.
 * config_path (may be NULL) is re-read on SIGHUP.
 */
int lt_server_run(const char *config_path, lt_config *cfg);

#endif
