/*
 * worker.h - one worker process: `threads` threads answering FastCGI requests.
 *
 * A worker is forked by the master and never returns to the master's code.
 * All signals are blocked in all of its threads; the main thread sigwait()s
 * for SIGTERM/SIGINT/SIGQUIT (or the master's death, delivered as SIGTERM) and
 * then drains: threads stop accepting, finish the request they are serving,
 * close a kept-alive connection when it falls idle, and the process exits 0.
 *
 * Each request thread owns its lt_app (with its database connection), its
 * arena and its FCGX_Request. Threads wait for connections with epoll
 * (EPOLLEXCLUSIVE, so one connection wakes one thread, not all of them) on the
 * shared, non-blocking listener together with a stop eventfd; libfcgi's own
 * blocking accept() is only entered when a connection is ready, so stopping
 * never needs to interrupt a thread with a signal.
 */
#ifndef LOTSE_WORKER_H
#define LOTSE_WORKER_H

#include "lotse/config.h"

#include <sys/types.h>

/*
 * Runs the worker until it has drained, then exits the process: 0 after a
 * clean stop, 1 if it could not start. Once all threads are up it writes its
 * pid (a pid_t) to ready_fd and closes it; the master waits for that before
 * retiring the previous generation on reload. `master` is the parent's pid,
 * used to notice a master that died before the worker could ask to be told.
 */
_Noreturn void lt_worker_run(const lt_config *cfg, int listen_fd, int ready_fd, pid_t master);

#endif
