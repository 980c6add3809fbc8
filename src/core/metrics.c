/*
 * metrics.c - request counters in one shared page, rendered for Prometheus.
 *
 * Why shared memory: a scrape reaches one thread of one worker, but must see
 * the requests of all workers, including workers that died or were replaced
 * by a reload. The master maps the page MAP_SHARED before it forks, so every
 * worker of every generation adds to the same counters. Plain relaxed atomics
 * are enough: each counter is independent and a scrape is a snapshot anyway.
 *
 * Latency is kept as one counter per bucket (not cumulative) so an
 * observation costs one increment; the renderer adds them up, and derives
 * _count from the buckets so that +Inf and _count always agree.
 */
#include "lotse/metrics.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

/* Prometheus' default buckets, in seconds; a last, implicit one is +Inf. */
static const double bucket_le[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKETS (sizeof bucket_le / sizeof bucket_le[0])

struct counters {
    atomic_uint_fast64_t by_class[5]; /* 1xx .. 5xx */
    atomic_uint_fast64_t bucket[NBUCKETS + 1];
    atomic_uint_fast64_t sum_us; /* summed durations, microseconds */
    atomic_uint_fast64_t workers_started;
    atomic_uint_fast64_t workers_died;
    atomic_uint_fast64_t replica_reads;
    atomic_uint_fast64_t replica_fallbacks;
};

static struct counters local;
static struct counters *shared = &local;

int lt_metrics_init(void)
{
    void *p = mmap(NULL, sizeof(struct counters), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    memset(p, 0, sizeof(struct counters)); /* all-zero is a valid atomic zero */
    shared = p;
    return 0;
}

void lt_metrics_observe(int status, double duration_ms)
{
    int cls = status / 100 - 1;
    if (cls < 0 || cls > 4)
        cls = 4; /* a status we should never send is a server error */
    atomic_fetch_add_explicit(&shared->by_class[cls], 1, memory_order_relaxed);

    if (!(duration_ms >= 0)) /* also catches NaN */
        duration_ms = 0;
    double seconds = duration_ms / 1e3;
    size_t b = 0;
    while (b < NBUCKETS && seconds > bucket_le[b])
        b++;
    atomic_fetch_add_explicit(&shared->bucket[b], 1, memory_order_relaxed);
    uint64_t us = duration_ms > 1e12 ? (uint64_t)1e15 : (uint64_t)(duration_ms * 1e3 + 0.5);
    atomic_fetch_add_explicit(&shared->sum_us, us, memory_order_relaxed);
}

void lt_metrics_worker_event(const char *event)
{
    if (strcmp(event, "worker_started") == 0)
        atomic_fetch_add_explicit(&shared->workers_started, 1, memory_order_relaxed);
    else if (strcmp(event, "worker_died") == 0)
        atomic_fetch_add_explicit(&shared->workers_died, 1, memory_order_relaxed);
}

void lt_metrics_replica_event(const char *event)
{
    if (strcmp(event, "replica_read") == 0)
        atomic_fetch_add_explicit(&shared->replica_reads, 1, memory_order_relaxed);
    else if (strcmp(event, "replica_fallback") == 0)
        atomic_fetch_add_explicit(&shared->replica_fallbacks, 1, memory_order_relaxed);
}

static unsigned long long load(atomic_uint_fast64_t *c)
{
    return (unsigned long long)atomic_load_explicit(c, memory_order_relaxed);
}

void lt_metrics_render(lt_buf *out)
{
    lt_buf_puts(out, "# HELP lotse_http_requests_total HTTP requests answered, by status class.\n"
                     "# TYPE lotse_http_requests_total counter\n");
    for (int i = 0; i < 5; i++)
        lt_buf_printf(out, "lotse_http_requests_total{code=\"%dxx\"} %llu\n", i + 1,
                      load(&shared->by_class[i]));

    lt_buf_puts(out, "# HELP lotse_http_request_duration_seconds Time to answer a request.\n"
                     "# TYPE lotse_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t b = 0; b <= NBUCKETS; b++) {
        cumulative += load(&shared->bucket[b]);
        if (b < NBUCKETS)
            lt_buf_printf(out, "lotse_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                          bucket_le[b], cumulative);
        else
            lt_buf_printf(out, "lotse_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                          cumulative);
    }
    lt_buf_printf(out, "lotse_http_request_duration_seconds_sum %.6f\n",
                  (double)load(&shared->sum_us) / 1e6);
    lt_buf_printf(out, "lotse_http_request_duration_seconds_count %llu\n", cumulative);

    lt_buf_printf(out,
                  "# HELP lotse_workers_started_total Worker processes started.\n"
                  "# TYPE lotse_workers_started_total counter\n"
                  "lotse_workers_started_total %llu\n"
                  "# HELP lotse_workers_died_total Worker processes that died unexpectedly.\n"
                  "# TYPE lotse_workers_died_total counter\n"
                  "lotse_workers_died_total %llu\n",
                  load(&shared->workers_started), load(&shared->workers_died));
    lt_buf_printf(out,
                  "# HELP lotse_replica_reads_total Requests of read-only routes answered from the"
                  " read replica.\n"
                  "# TYPE lotse_replica_reads_total counter\n"
                  "lotse_replica_reads_total %llu\n"
                  "# HELP lotse_replica_fallbacks_total Requests of read-only routes answered from"
                  " the primary because the configured read replica could not answer.\n"
                  "# TYPE lotse_replica_fallbacks_total counter\n"
                  "lotse_replica_fallbacks_total %llu\n",
                  load(&shared->replica_reads), load(&shared->replica_fallbacks));
}
