/*
 * log.c - JSON lines on one descriptor, shared by every thread and process.
 *
 * Why this shape: lines from eight threads in each of several workers go to
 * one file. Each line is assembled in memory and handed to a single write(2)
 * on an O_APPEND descriptor, which the kernel appends atomically, so no lock
 * is needed and lines never interleave. Reopening (SIGHUP, log rotation)
 * dup2()s the new file onto the same descriptor number, which is atomic too:
 * a thread writing at that moment lands in the old file or the new one.
 *
 * Strings from requests are hostile: they are escaped for JSON, and bytes that
 * are not valid UTF-8 become U+FFFD, so every line parses.
 */
#include "lotse/log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* -1 until lt_log_open: lines then go to standard error. */
static atomic_int log_fd = -1;

/* A line under construction: on the stack while short, on the heap when not. */
struct line {
    char *data;
    size_t len, cap;
    bool heap;
    char stack[1024];
};

#define MAX_LINE (256u * 1024u) /* longer messages are cut, the line stays valid */

static void line_init(struct line *l)
{
    l->data = l->stack;
    l->len = 0;
    l->cap = sizeof l->stack;
    l->heap = false;
}

static void put(struct line *l, const char *s, size_t n)
{
    if (l->len + n > l->cap) {
        size_t cap = l->cap * 2;
        while (cap < l->len + n)
            cap *= 2;
        char *p = l->heap ? realloc(l->data, cap) : malloc(cap);
        if (!p)
            abort();
        if (!l->heap)
            memcpy(p, l->data, l->len);
        l->data = p;
        l->cap = cap;
        l->heap = true;
    }
    memcpy(l->data + l->len, s, n);
    l->len += n;
}

static void puts_raw(struct line *l, const char *s)
{
    put(l, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t cp;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, cp = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, cp = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, cp = s[0] & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

/* A JSON string literal (with its quotes); NULL becomes null. */
static void put_string(struct line *l, const char *s, size_t max)
{
    if (!s) {
        puts_raw(l, "null");
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    if (n > max)
        n = max;
    put(l, "\"", 1);
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\', esc[1] = (char)c;
            put(l, esc, 2);
            i++;
        } else if (c < 0x20 || c == 0x7f) {
            const char *named = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
            if (named)
                puts_raw(l, named);
            else
                put(l, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", c));
            i++;
        } else {
            size_t len = utf8_seq(p + i, n - i);
            if (len == 0) {
                puts_raw(l, "\xef\xbf\xbd"); /* U+FFFD for each byte that does not fit */
                i++;
            } else {
                put(l, (const char *)p + i, len);
                i += len;
            }
        }
    }
    put(l, "\"", 1);
}

static void put_head(struct line *l, const char *level, const char *event)
{
    struct timespec now;
    struct tm tm;
    char ts[64];
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    size_t n = strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + n, sizeof ts - n, ".%03ldZ", now.tv_nsec / 1000000);

    puts_raw(l, "{\"ts\":\"");
    puts_raw(l, ts);
    puts_raw(l, "\",\"level\":");
    put_string(l, level, 16);
    puts_raw(l, ",\"event\":");
    put_string(l, event, 128);
}

static void finish_and_write(struct line *l)
{
    char pid[32];
    put(l, pid, (size_t)snprintf(pid, sizeof pid, ",\"pid\":%ld}\n", (long)getpid()));
    int fd = atomic_load_explicit(&log_fd, memory_order_acquire);
    if (fd < 0)
        fd = STDERR_FILENO;
    /* A short write can only be a full disk or a closed pipe; a log line is not
     * worth blocking or retrying for, and a retry would split the line. */
    ssize_t w = write(fd, l->data, l->len);
    (void)w;
    if (l->heap)
        free(l->data);
}

static int open_target(const char *target)
{
    if (strcmp(target, "-") == 0)
        return fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    return open(target, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

int lt_log_open(const char *target)
{
    int fd = open_target(target);
    if (fd < 0)
        return -1;
    int old = atomic_load(&log_fd);
    if (old < 0) {
        atomic_store_explicit(&log_fd, fd, memory_order_release);
        return 0;
    }
    /* Same descriptor number, new file: writers never see a closed descriptor. */
    int rc = dup3(fd, old, O_CLOEXEC) < 0 ? -1 : 0;
    close(fd);
    return rc;
}

void lt_log_close(void)
{
    int fd = atomic_exchange(&log_fd, -1);
    if (fd >= 0)
        close(fd);
}

void lt_log_request(const char *method, const char *path, int status, double duration_ms,
                    const char *request_id)
{
    struct line l;
    char num[64];
    line_init(&l);
    put_head(&l, "info", "request");
    puts_raw(&l, ",\"method\":");
    put_string(&l, method, 32);
    puts_raw(&l, ",\"path\":");
    size_t path_len = path ? strcspn(path, "?") : 0;
    /* A path that names a person (a data-subject request by email address) is
     * logged without the name: the log must not become a record of who asked. */
    static const char personal[] = "/api/v1/data-subjects/";
    if (path_len > sizeof personal - 1 && strncmp(path, personal, sizeof personal - 1) == 0) {
        path = "/api/v1/data-subjects/(redacted)";
        path_len = strlen(path);
    }
    put_string(&l, path, path_len < 4096 ? path_len : 4096);
    if (duration_ms < 0)
        duration_ms = 0;
    put(&l, num,
        (size_t)snprintf(num, sizeof num, ",\"status\":%d,\"duration_ms\":%.3f", status,
                         duration_ms));
    puts_raw(&l, ",\"request_id\":");
    put_string(&l, request_id, 128);
    finish_and_write(&l);
}

void lt_log_event(const char *level, const char *event, const char *fmt, ...)
{
    char small[512], *msg = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0, small[0] = '\0';
    if ((size_t)n >= sizeof small && (msg = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
        va_end(ap);
    } else if (!msg) {
        msg = small; /* out of memory: log what fit */
    }

    struct line l;
    line_init(&l);
    put_head(&l, level, event);
    puts_raw(&l, ",\"msg\":");
    put_string(&l, msg, MAX_LINE);
    finish_and_write(&l);
    if (msg != small)
        free(msg);
}
