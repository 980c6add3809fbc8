/*
 * master.c - lotsed's supervisor: forks workers, replaces the dead, reloads, stops.
 *
 * Why a master at all: a worker can crash (a bug, the OOM killer) and a reload
 * must not drop requests. The master holds the listening socket, so a new
 * worker - or a whole new generation of workers - accepts on the very socket
 * nginx is already connecting to; the backlog queues connections while
 * workers come and go.
 *
 * The master is single-threaded and never runs code in a signal handler: the
 * signals it cares about are blocked and read from a signalfd in one poll()
 * loop, together with a pipe on which new workers say they are ready. All
 * timing (respawn backoff, grace periods, waiting for a new generation) is
 * deadlines checked in that loop.
 */
#include "lotse/server.h"
#include "lotse/listener.h"
#include "lotse/log.h"
#include "lotse/metrics.h"
#include "lotse/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS     1024 /* two generations of the largest `workers` */
#define HANDOVER_WAIT 5.0  /* seconds a new generation gets to report ready */
#define BACKOFF_MAX   5.0
#define LIVED_LONG    10.0 /* a worker that ran this long was not crash-looping */

struct proc {
    pid_t pid;
    unsigned gen;
    int slot;
    bool ready, retiring, killed;
    double started, term_sent;
};

struct slot {
    bool vacant;
    double respawn_at, backoff;
};

static struct master {
    const char *config_path;
    lt_config cfg;
    lt_listener listener;
    char *pid_file;
    unsigned gen;
    struct proc procs[MAX_PROCS];
    int nprocs;
    struct slot *slots;
    int nslots;
    int sfd, ready_rd, ready_wr;
    bool stopping, handover;
    double handover_deadline;
} M;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void reset_slots(int n)
{
    free(M.slots);
    M.slots = calloc((size_t)n, sizeof *M.slots);
    if (!M.slots)
        abort();
    M.nslots = n;
    for (int i = 0; i < n; i++)
        M.slots[i] = (struct slot){.vacant = true, .respawn_at = 0};
}

static void spawn(int slot)
{
    if (M.nprocs == MAX_PROCS)
        return;
    pid_t master = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        lt_log_event("error", "fork_failed", "cannot start a worker: %s", strerror(errno));
        M.slots[slot].respawn_at = now() + 1.0;
        return;
    }
    if (pid == 0) {
        close(M.sfd);
        close(M.ready_rd);
        lt_worker_run(&M.cfg, M.listener.fd, M.ready_wr, master);
    }
    M.procs[M.nprocs++] = (struct proc){.pid = pid, .gen = M.gen, .slot = slot, .started = now()};
    M.slots[slot].vacant = false;
    lt_metrics_worker_event("worker_started");
    lt_log_event("info", "worker_started", "worker %d started (generation %u, slot %d)", (int)pid,
                 M.gen, slot);
}

static void terminate(struct proc *p)
{
    if (p->retiring)
        return;
    p->retiring = true;
    p->term_sent = now();
    kill(p->pid, SIGTERM);
}

static void describe_exit(int status, char *out, size_t len)
{
    if (WIFEXITED(status))
        snprintf(out, len, "exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(out, len, "was killed by signal %d (%s)%s", WTERMSIG(status),
                 strsignal(WTERMSIG(status)), WCOREDUMP(status) ? ", core dumped" : "");
    else
        snprintf(out, len, "ended with wait status %d", status);
}

static void on_exit_of(struct proc *p, int status)
{
    char how[128];
    describe_exit(status, how, sizeof how);
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (p->retiring && (clean || p->killed)) {
        lt_log_event(clean ? "info" : "warn", clean ? "worker_stopped" : "worker_killed",
                     "worker %d (generation %u) %s%s", (int)p->pid, p->gen, how,
                     clean ? "" : " after the grace period");
    } else {
        lt_metrics_worker_event("worker_died");
        lt_log_event("error", "worker_died", "worker %d (generation %u, slot %d) %s", (int)p->pid,
                     p->gen, p->slot, how);
    }
    if (p->gen != M.gen || M.stopping || p->retiring)
        return;
    struct slot *s = &M.slots[p->slot];
    if (now() - p->started >= LIVED_LONG)
        s->backoff = 0;
    s->vacant = true;
    s->respawn_at = now() + s->backoff;
    s->backoff = s->backoff == 0                ? 0.1
                 : s->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX
                                                : s->backoff * 2;
}

static void reap(void)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < M.nprocs; i++) {
            if (M.procs[i].pid != pid)
                continue;
            struct proc p = M.procs[i];
            M.procs[i] = M.procs[--M.nprocs];
            on_exit_of(&p, status);
            break;
        }
    }
}

static void read_ready(void)
{
    pid_t pids[64];
    ssize_t n;
    while ((n = read(M.ready_rd, pids, sizeof pids)) > 0)
        for (size_t k = 0; k < (size_t)n / sizeof(pid_t); k++)
            for (int i = 0; i < M.nprocs; i++)
                if (M.procs[i].pid == pids[k])
                    M.procs[i].ready = true;
}

/* The new generation is ready (or had its chance): the old one drains. */
static void finish_handover(void)
{
    int ready = 0;
    for (int i = 0; i < M.nprocs; i++)
        ready += M.procs[i].gen == M.gen && M.procs[i].ready;
    bool timed_out = now() >= M.handover_deadline;
    if (ready < M.nslots && !timed_out)
        return;
    if (timed_out)
        lt_log_event("warn", "reload_slow",
                     "only %d of %d new workers ready after %.0f s; retiring the old ones anyway",
                     ready, M.nslots, HANDOVER_WAIT);
    for (int i = 0; i < M.nprocs; i++)
        if (M.procs[i].gen != M.gen)
            terminate(&M.procs[i]);
    M.handover = false;
    lt_log_event("info", "reloaded", "generation %u serving", M.gen);
}

static void warn_if_changed(const char *key, const char *old, const char *fresh)
{
    if (strcmp(old, fresh) != 0)
        lt_log_event("warn", "restart_needed",
                     "%s changed from \"%s\" to \"%s\"; it takes effect only on restart", key, old,
                     fresh);
}

static void reload(void)
{
    lt_config fresh;
    char err[512];
    if (lt_config_load(&fresh, M.config_path, err, sizeof err) != 0) {
        lt_log_event("error", "reload_failed", "%s; keeping the running configuration", err);
        lt_config_free(&fresh);
        return;
    }
    if (lt_log_open(fresh.log) != 0)
        lt_log_event("error", "log_reopen_failed",
                     "cannot open log %s: %s; logging stays as it was", fresh.log, strerror(errno));
    warn_if_changed("listen", M.listener.spec, fresh.listen);
    char mode_old[16], mode_new[16];
    snprintf(mode_old, sizeof mode_old, "%04o", M.cfg.socket_mode);
    snprintf(mode_new, sizeof mode_new, "%04o", fresh.socket_mode);
    warn_if_changed("socket_mode", mode_old, mode_new);
    warn_if_changed("socket_group", M.cfg.socket_group, fresh.socket_group);
    warn_if_changed("pid_file", M.pid_file, fresh.pid_file);

    lt_config_free(&M.cfg);
    M.cfg = fresh;
    M.gen++;
    reset_slots(M.cfg.workers);
    M.handover = true;
    M.handover_deadline = now() + HANDOVER_WAIT;
    lt_log_event("info", "reloading", "configuration re-read; starting generation %u", M.gen);
}

static void begin_stop(int sig)
{
    if (M.stopping)
        return;
    M.stopping = true;
    M.handover = false;
    lt_log_event("info", "stopping", "signal %d: draining %d workers", sig, M.nprocs);
    for (int i = 0; i < M.nprocs; i++)
        terminate(&M.procs[i]);
}

static void on_signals(void)
{
    struct signalfd_siginfo si;
    while (read(M.sfd, &si, sizeof si) == sizeof si) {
        switch (si.ssi_signo) {
        case SIGCHLD:
            reap();
            break;
        case SIGHUP:
            if (!M.stopping)
                reload();
            break;
        default:
            begin_stop((int)si.ssi_signo);
            break;
        }
    }
}

/* Starts what is due, kills what overstayed; returns ms until the next deadline. */
static int tick(void)
{
    double t = now(), next = t + 1.0;
    if (!M.stopping) {
        for (int s = 0; s < M.nslots; s++) {
            if (!M.slots[s].vacant)
                continue;
            if (M.slots[s].respawn_at <= t)
                spawn(s);
            else if (M.slots[s].respawn_at < next)
                next = M.slots[s].respawn_at;
        }
    }
    if (M.handover) {
        finish_handover();
        if (M.handover && M.handover_deadline < next)
            next = M.handover_deadline;
    }
    for (int i = 0; i < M.nprocs; i++) {
        struct proc *p = &M.procs[i];
        if (!p->retiring || p->killed)
            continue;
        double deadline = p->term_sent + LT_SERVER_GRACE;
        if (deadline <= t) {
            lt_log_event("warn", "worker_overdue", "worker %d still draining after %d s; SIGKILL",
                         (int)p->pid, LT_SERVER_GRACE);
            kill(p->pid, SIGKILL);
            p->killed = true;
        } else if (deadline < next) {
            next = deadline;
        }
    }
    double ms = (next - now()) * 1e3;
    return ms < 1 ? 1 : (int)ms + 1;
}

static int write_pid_file(const char *path)
{
    char tmp[4096], line[32];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    int n = snprintf(line, sizeof line, "%d\n", (int)getpid());
    int ok = write(fd, line, (size_t)n) == n;
    close(fd);
    return ok && rename(tmp, path) == 0 ? 0 : -1;
}

static int setup(void)
{
    char err[512];
    sigset_t set;
    sigemptyset(&set);
    int sigs[] = {SIGCHLD, SIGTERM, SIGINT, SIGQUIT, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaddset(&set, sigs[i]);
    /* Blocked before anything else, so no signal can arrive with a default action. */
    sigprocmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    M.sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    int ready[2];
    if (M.sfd < 0 || pipe2(ready, O_CLOEXEC) != 0) {
        lt_log_event("error", "start_failed", "signalfd/pipe: %s", strerror(errno));
        return -1;
    }
    M.ready_rd = ready[0];
    M.ready_wr = ready[1];
    fcntl(M.ready_rd, F_SETFL, O_NONBLOCK);
    if (lt_metrics_init() != 0) {
        lt_log_event("error", "start_failed", "cannot map the shared metrics: %s", strerror(errno));
        return -1;
    }
    if (lt_listener_open(&M.listener, M.cfg.listen, M.cfg.socket_mode, M.cfg.socket_group,
                         M.cfg.backlog, err, sizeof err) != 0) {
        lt_log_event("error", "start_failed", "%s", err);
        fprintf(stderr, "lotsed: %s\n", err);
        return -1;
    }
    M.pid_file = strdup(M.cfg.pid_file);
    if (!M.pid_file)
        abort();
    if (*M.pid_file && write_pid_file(M.pid_file) != 0) {
        lt_log_event("error", "start_failed", "cannot write pid file %s: %s", M.pid_file,
                     strerror(errno));
        fprintf(stderr, "lotsed: cannot write pid file %s\n", M.pid_file);
        free(M.pid_file);
        M.pid_file = strdup("");
        return -1;
    }
    return 0;
}

static void teardown(void)
{
    lt_listener_close(&M.listener);
    if (M.pid_file && *M.pid_file)
        unlink(M.pid_file);
    free(M.pid_file);
    free(M.slots);
    lt_config_free(&M.cfg);
    if (M.sfd >= 0)
        close(M.sfd);
    close(M.ready_rd);
    close(M.ready_wr);
}

int lt_server_run(const char *config_path, lt_config *cfg)
{
    M = (struct master){.config_path = config_path,
                        .cfg = *cfg,
                        .sfd = -1,
                        .ready_rd = -1,
                        .ready_wr = -1,
                        .listener = {.fd = -1}};
    *cfg = (lt_config){0};
    if (lt_log_open(M.cfg.log) != 0) {
        fprintf(stderr, "lotsed: cannot open log %s: %s\n", M.cfg.log, strerror(errno));
        lt_config_free(&M.cfg);
        return 1;
    }
    if (setup() != 0) {
        teardown();
        lt_log_close();
        return 1;
    }
    lt_log_event("info", "started", "lotsed %s listening on %s: %d workers x %d threads",
                 LOTSE_VERSION, M.listener.spec, M.cfg.workers, M.cfg.threads);
    reset_slots(M.cfg.workers);

    while (!(M.stopping && M.nprocs == 0)) {
        int timeout = tick();
        struct pollfd p[2] = {{.fd = M.sfd, .events = POLLIN},
                              {.fd = M.ready_rd, .events = POLLIN}};
        if (poll(p, 2, timeout) < 0 && errno != EINTR) {
            lt_log_event("error", "poll_failed", "%s", strerror(errno));
            begin_stop(0);
        }
        on_signals();
        read_ready();
    }

    lt_log_event("info", "stopped", "all workers gone");
    teardown();
    lt_log_close();
    return 0;
}
