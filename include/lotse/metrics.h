/*
 * metrics.h - request counters shared by all worker processes.
 *
 * The master maps one anonymous shared page before it forks, so the counters
 * of every worker (and of workers that died or were replaced on reload) add
 * up in one place. Updates are lock-free atomics. Without lt_metrics_init
 * (unit tests) the counters live in process memory.
 */
#ifndef LOTSE_METRICS_H
#define LOTSE_METRICS_H

#include "lotse/buf.h"

/* Maps the shared counters; call once in the master before forking. 0 or -1. */
int lt_metrics_init(void);
/* Counts one finished request. */
void lt_metrics_observe(int status, double duration_ms);
/* Counts one event of a worker's life: "worker_started", "worker_died". */
void lt_metrics_worker_event(const char *event);
/* Counts where a request of a LT_ROUTE_REPLICA route read: "replica_read" (on
 * the read replica) or "replica_fallback" (a replica is configured but could not
 * answer, so the primary did). */
void lt_metrics_replica_event(const char *event);
/* Appends the Prometheus text exposition (format 0.0.4). */
void lt_metrics_render(lt_buf *out);

#endif
