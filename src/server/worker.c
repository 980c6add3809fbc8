/*
 * worker.c - a worker process: request threads, and a main thread that waits for SIGTERM.
 *
 * Why epoll before FCGX_Accept_r: libfcgi's accept blocks in accept(2), and the
 * only ways to get a thread out of it are a signal or shutting the listener
 * down. The listener is shared with the other generation during a reload, so
 * it cannot be shut down; and a signal that lands a moment after accept(2)
 * returned interrupts libfcgi's read of the new request, which then drops the
 * connection - exactly the request a drain must not lose. So each thread
 * waits in epoll for "a connection is ready" or "stop", and only then calls
 * FCGX_Accept_r on the non-blocking listener; a thread that loses the race
 * for the connection gets EAGAIN and waits again. No signal ever interrupts
 * a request thread.
 *
 * A connection nginx keeps alive stays with its thread (libfcgi does not
 * multiplex); between requests the thread polls it together with the stop
 * fd. On stop it keeps serving that connection until nginx closes it or it
 * has been idle for a second: closing it at once races with nginx reusing
 * it, which fails a request that nginx will not retry if it is a POST.
 */
#include "lotse/worker.h"
#include "lotse/app.h"
#include "lotse/fcgi_adapter.h"
#include "lotse/log.h"

#include <errno.h>
#include <fcgiapp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

struct worker {
    const lt_config *cfg;
    int listen_fd;
    int stop_fd; /* eventfd; readable (and stays so) once the worker stops */
    atomic_bool stopping;
    _Atomic double stop_at; /* CLOCK_MONOTONIC seconds of the stop, 0 before */
};

/* While stopping: a kept-alive connection idle this long is closed... */
#define LINGER_MS 1000
/* ...and after this long draining, every kept connection is closed after its next answer,
 * so a connection nginx keeps busy cannot hold the worker until the master's SIGKILL. */
#define DRAIN_BUSY_MAX 5.0

/* Seconds since the worker was told to stop; 0 while it runs. */
static double draining_for(struct worker *w)
{
    double since = atomic_load(&w->stop_at);
    if (since == 0)
        return 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - since;
}

/* Waits until this thread has something to accept or read; false when it should exit. */
static bool wait_for_work(struct worker *w, int ep, FCGX_Request *fr)
{
    for (;;) {
        if (fr->ipcFd >= 0) {
            /* A kept-alive connection: the next request comes on it, or nothing. While
             * stopping, it is closed only once it has been idle for LINGER_MS: closing
             * a connection nginx is about to reuse would fail the request it sends. */
            bool stopping = atomic_load(&w->stopping);
            struct pollfd p[2] = {{.fd = fr->ipcFd, .events = POLLIN},
                                  {.fd = w->stop_fd, .events = POLLIN}};
            int n = poll(p, stopping ? 1 : 2, stopping ? LINGER_MS : -1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false; /* idle while stopping (or poll failed): the caller closes it */
            if (p[0].revents)
                return true; /* a request, or nginx closed it: FCGX_Accept_r sorts it out */
            continue;        /* the stop fd: wait again, now with the linger timeout */
        }
        if (atomic_load(&w->stopping))
            return false;
        struct epoll_event ev[2];
        int n = epoll_wait(ep, ev, 2, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        for (int i = 0; i < n; i++)
            if (ev[i].data.fd == w->stop_fd)
                return false;
        if (n > 0)
            return true;
    }
}

static int watch(int ep, int fd, uint32_t events)
{
    struct epoll_event ev = {.events = events, .data.fd = fd};
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static void *request_thread(void *arg)
{
    struct worker *w = arg;
    FCGX_Request fr;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0 || watch(ep, w->listen_fd, EPOLLIN | EPOLLEXCLUSIVE) != 0 ||
        watch(ep, w->stop_fd, EPOLLIN) != 0 || FCGX_InitRequest(&fr, w->listen_fd, 0) != 0) {
        lt_log_event("error", "worker_thread_failed", "cannot wait for connections: %s",
                     strerror(errno));
        abort(); /* the master logs the death and respawns the worker */
    }
    lt_app *app = lt_app_create(w->cfg);
    lt_arena *arena = lt_arena_create(16 * 1024);

    while (wait_for_work(w, ep, &fr)) {
        int rc = FCGX_Accept_r(&fr);
        if (rc == -EAGAIN || rc == -EWOULDBLOCK)
            continue; /* another thread or worker took the connection */
        if (rc < 0) {
            /* EMFILE and friends: back off rather than spin on a ready listener. */
            lt_log_event("error", "accept_failed", "FCGX_Accept_r: %s",
                         rc > -4096 ? strerror(-rc) : "protocol error");
            nanosleep(&(struct timespec){.tv_nsec = 100 * 1000 * 1000}, NULL);
            continue;
        }
        lt_fcgi_serve(&fr, app, arena);
        lt_arena_reset(arena);
        if (fr.ipcFd >= 0 && draining_for(w) > DRAIN_BUSY_MAX)
            FCGX_Free(&fr, 1);
    }

    FCGX_Free(&fr, 1); /* closes a kept-alive connection */
    lt_arena_destroy(arena);
    lt_app_destroy(app);
    close(ep);
    return NULL;
}

/* Signals are handled by sigwait in the main thread; this handler never runs. It
 * is installed so that FCGX_Init, which replaces only default handlers, leaves
 * SIGTERM and SIGUSR1 alone. */
static void never_called(int sig)
{
    (void)sig;
}

static void own_signals(void)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL); /* threads created later inherit this */
    struct sigaction sa = {.sa_handler = never_called};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL); /* nginx went away: a write error, not a death */
}

static int wait_for_stop(void)
{
    sigset_t set;
    int sig;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGQUIT);
    sigaddset(&set, SIGHUP); /* a reload is the master's business: ignored here */
    do {
        if (sigwait(&set, &sig) != 0)
            return SIGTERM;
    } while (sig == SIGHUP);
    return sig;
}

_Noreturn void lt_worker_run(const lt_config *cfg, int listen_fd, int ready_fd, pid_t master)
{
    own_signals();
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != master) /* the master died before prctl: nobody to work for */
        exit(0);
    if (FCGX_Init() != 0) {
        lt_log_event("error", "worker_failed", "FCGX_Init failed");
        exit(1);
    }

    static struct worker w;
    w.cfg = cfg;
    w.listen_fd = listen_fd;
    w.stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    pthread_t *threads = calloc((size_t)cfg->threads, sizeof *threads);
    if (w.stop_fd < 0 || !threads) {
        lt_log_event("error", "worker_failed", "cannot set up: %s", strerror(errno));
        exit(1);
    }
    int started = 0;
    for (; started < cfg->threads; started++) {
        int err = pthread_create(&threads[started], NULL, request_thread, &w);
        if (err != 0) {
            lt_log_event("error", "worker_failed", "cannot start thread %d of %d: %s", started + 1,
                         cfg->threads, strerror(err));
            break;
        }
    }
    int rc = started == cfg->threads ? 0 : 1;
    if (rc == 0) {
        pid_t self = getpid();
        ssize_t n = write(ready_fd, &self, sizeof self);
        (void)n; /* a master that cannot hear us retires the old generation on a timer */
        close(ready_fd);
        wait_for_stop();
    }

    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    atomic_store(&w.stop_at, (double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
    atomic_store(&w.stopping, true);
    uint64_t one = 1;
    if (write(w.stop_fd, &one, sizeof one) != sizeof one)
        abort(); /* an eventfd write of 1 cannot fail; without it no thread would stop */
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    close(w.stop_fd);
    exit(rc);
}
