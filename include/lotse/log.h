/*
 * log.h - structured logging: one JSON object per line.
 *
 * Each line is written with a single write(2) on a descriptor opened with
 * O_APPEND, so lines from many threads and processes never interleave.
 * Thread-safe. Reopened on SIGHUP by lt_log_open (log rotation).
 */
#ifndef LOTSE_LOG_H
#define LOTSE_LOG_H

/* Opens `target` (a path, or "-" for standard error). Returns 0 or -1. */
int lt_log_open(const char *target);
void lt_log_close(void);

/* A request line: {"ts","level":"info","event":"request","method","path","status",
 * "duration_ms","request_id","pid"}. `path` is logged without its query string, and
 * a data-subject request's path without the email address it names. */
void lt_log_request(const char *method, const char *path, int status, double duration_ms,
                    const char *request_id);

/* An event line: level is "info", "warn" or "error"; msg is free text (escaped). */
void lt_log_event(const char *level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
