/*
 * listener.c - parses `listen` and opens the socket; see include/lotse/listener.h.
 *
 * Why not FCGX_OpenSocket: it binds TCP on every interface, creates a Unix
 * socket with whatever the umask allows and calls exit() when binding fails.
 * lotsed must bind loopback by default, keep its socket reachable by nginx
 * alone (Debian's libfcgi lacks part of the CVE-2025-23016 fix), and report a
 * failure as an error.
 */
#include "lotse/listener.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

struct addr {
    bool is_unix;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    char host[256];
    char port[8];
};

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int parse(const char *spec, struct addr *a, char *err, size_t errlen)
{
    memset(a, 0, sizeof *a);
    if (strncmp(spec, "unix:", 5) == 0) {
        const char *path = spec + 5;
        if (!*path || strlen(path) >= sizeof a->path) {
            snprintf(err, errlen, "listen \"%s\": Unix socket path is empty or too long", spec);
            return -1;
        }
        a->is_unix = true;
        strcpy(a->path, path);
        return 0;
    }
    const char *port = spec;
    size_t hostlen = 0;
    const char *host = "127.0.0.1";
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':') {
            snprintf(err, errlen, "listen \"%s\": expected [ADDRESS]:PORT", spec);
            return -1;
        }
        host = spec + 1;
        hostlen = (size_t)(close - host);
        port = close + 2;
    } else if (strrchr(spec, ':')) {
        port = strrchr(spec, ':') + 1;
        hostlen = (size_t)(port - 1 - spec);
        if (hostlen > 0)
            host = spec;
        else
            hostlen = strlen(host);
    } else {
        hostlen = strlen(host);
    }
    long n = all_digits(port) && strlen(port) <= 5 ? strtol(port, NULL, 10) : 0;
    if (n < 1 || n > 65535 || hostlen == 0 || hostlen >= sizeof a->host) {
        snprintf(err, errlen,
                 "listen \"%s\": expected unix:PATH, HOST:PORT, [ADDRESS]:PORT or PORT (1-65535)",
                 spec);
        return -1;
    }
    memcpy(a->host, host, hostlen);
    snprintf(a->port, sizeof a->port, "%ld", n);
    return 0;
}

int lt_listener_check(const char *spec, char *err, size_t errlen)
{
    struct addr a;
    return parse(spec, &a, err, errlen);
}

/* A socket file nobody accepts on is left over from a crash: remove it. A live
 * one means another lotsed is running, and stealing its socket would be wrong. */
static int clear_stale_socket(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISSOCK(st.st_mode)) {
        snprintf(err, errlen, "listen: %s exists and is not a socket", path);
        return -1;
    }
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    strcpy(sun.sun_path, path);
    int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe >= 0 && connect(probe, (struct sockaddr *)&sun, sizeof sun) == 0) {
        close(probe);
        snprintf(err, errlen, "listen: %s is in use by a running server", path);
        return -1;
    }
    if (probe >= 0)
        close(probe);
    unlink(path);
    return 0;
}

static int open_unix(lt_listener *l, const struct addr *a, unsigned mode, const char *group,
                     int backlog, char *err, size_t errlen)
{
    if (clear_stale_socket(a->path, err, errlen) != 0)
        return -1;
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    strcpy(sun.sun_path, a->path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        snprintf(err, errlen, "listen: socket: %s", strerror(errno));
        return -1;
    }
    mode_t old = umask(0177); /* never more open than 0600 until chmod */
    int rc = bind(fd, (struct sockaddr *)&sun, sizeof sun);
    umask(old);
    if (rc != 0) {
        snprintf(err, errlen, "listen: bind %s: %s", a->path, strerror(errno));
        close(fd);
        return -1;
    }
    l->fd = fd;
    l->unix_path = strdup(a->path);
    if (!l->unix_path)
        abort();
    if (group && *group) {
        struct group gr, *found = NULL;
        char buf[4096];
        if (getgrnam_r(group, &gr, buf, sizeof buf, &found) != 0 || !found) {
            snprintf(err, errlen, "listen: socket_group \"%s\" does not exist", group);
            return -1;
        }
        if (chown(a->path, (uid_t)-1, found->gr_gid) != 0) {
            snprintf(err, errlen, "listen: chgrp %s %s: %s", group, a->path, strerror(errno));
            return -1;
        }
    }
    if (chmod(a->path, (mode_t)mode) != 0) {
        snprintf(err, errlen, "listen: chmod %o %s: %s", mode, a->path, strerror(errno));
        return -1;
    }
    if (listen(fd, backlog) != 0) {
        snprintf(err, errlen, "listen: %s: %s", a->path, strerror(errno));
        return -1;
    }
    return 0;
}

static int open_tcp(lt_listener *l, const struct addr *a, int backlog, char *err, size_t errlen)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
    int gai = getaddrinfo(a->host, a->port, &hints, &res);
    if (gai != 0) {
        snprintf(err, errlen, "listen: %s: %s", a->host, gai_strerror(gai));
        return -1;
    }
    int fd =
        socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, res->ai_protocol);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        (res->ai_family == AF_INET6 &&
         setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) ||
        bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, backlog) != 0) {
        snprintf(err, errlen, "listen: %s:%s: %s", a->host, a->port, strerror(errno));
        if (fd >= 0)
            close(fd);
        freeaddrinfo(res);
        return -1;
    }
    freeaddrinfo(res);
    l->fd = fd;
    return 0;
}

int lt_listener_open(lt_listener *l, const char *spec, unsigned mode, const char *group,
                     int backlog, char *err, size_t errlen)
{
    struct addr a;
    *l = (lt_listener){.fd = -1};
    if (parse(spec, &a, err, errlen) != 0)
        return -1;
    int rc = a.is_unix ? open_unix(l, &a, mode, group, backlog, err, errlen)
                       : open_tcp(l, &a, backlog, err, errlen);
    if (rc != 0) {
        lt_listener_close(l);
        return -1;
    }
    l->spec = strdup(spec);
    if (!l->spec)
        abort();
    return 0;
}

void lt_listener_close(lt_listener *l)
{
    if (l->fd >= 0)
        close(l->fd);
    if (l->unix_path)
        unlink(l->unix_path);
    free(l->unix_path);
    free(l->spec);
    *l = (lt_listener){.fd = -1};
}
