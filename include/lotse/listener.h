/*
 * listener.h - the socket nginx connects to, opened once by the master.
 *
 * The master opens the listener before it forks and every worker of every
 * generation accepts on the same descriptor, which is what lets a reload
 * replace the workers without refusing a single connection. We bind it
 * ourselves rather than with FCGX_OpenSocket, which binds every interface,
 * ignores the umask question and exit()s on failure.
 *
 * Accepted forms of `listen`:
 *   unix:PATH        Unix socket (relative to the working directory); a stale
 *                    socket file is removed first, a live one is an error
 *   HOST:PORT        TCP on an IPv4 address or a host name
 *   [ADDR]:PORT      TCP on an IPv6 address
 *   :PORT, PORT      TCP on 127.0.0.1
 *
 * The descriptor is non-blocking and close-on-exec: workers wait for it with
 * epoll and then accept, so an accept that loses the race returns EAGAIN
 * instead of blocking a thread that has been told to stop.
 */
#ifndef LOTSE_LISTENER_H
#define LOTSE_LISTENER_H

#include <stddef.h>

typedef struct lt_listener {
    int fd;          /* -1 when closed */
    char *spec;      /* the `listen` value it was opened from (owned) */
    char *unix_path; /* the socket file to remove on close, or NULL (owned) */
} lt_listener;

/* Checks the syntax of a `listen` value without opening anything. 0 or -1 with err set. */
int lt_listener_check(const char *spec, char *err, size_t errlen);

/*
 * Opens and listens. A Unix socket gets `mode` (chmod after bind, created with
 * a restrictive umask so it is never more open than that) and, if `group` is
 * not empty, that group. Returns 0, or -1 with a one-line reason in err.
 */
int lt_listener_open(lt_listener *l, const char *spec, unsigned mode, const char *group,
                     int backlog, char *err, size_t errlen);

/* Closes the descriptor and removes the Unix socket file (the master, at exit). */
void lt_listener_close(lt_listener *l);

#endif
