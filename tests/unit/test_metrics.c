/* test_metrics.c - shared request counters and their Prometheus text (src/core/metrics.c). */
#include "lotse/metrics.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

/* The value of the sample line that starts with `series ` in text, or -1. */
static double sample(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (strncmp(p, series, n) == 0 && p[n] == ' ') {
            double v;
            assert_int_equal(sscanf(p + n + 1, "%lf", &v), 1);
            return v;
        }
    }
    return -1;
}

static double render_sample(const char *series)
{
    lt_arena *a = lt_arena_create(4096);
    lt_buf b;
    lt_buf_init(&b, a);
    lt_metrics_render(&b);
    double v = sample(b.data, series);
    lt_arena_destroy(a);
    return v;
}

/* The counters only grow, so each test measures the change it causes. */
static void counts_requests_by_status_class(void **state)
{
    (void)state;
    double ok = render_sample("lotse_http_requests_total{code=\"2xx\"}");
    double client = render_sample("lotse_http_requests_total{code=\"4xx\"}");
    double server = render_sample("lotse_http_requests_total{code=\"5xx\"}");
    lt_metrics_observe(200, 1);
    lt_metrics_observe(201, 1);
    lt_metrics_observe(404, 1);
    lt_metrics_observe(503, 1);
    lt_metrics_observe(999, 1); /* nonsense counts as a server error */
    assert_true(render_sample("lotse_http_requests_total{code=\"2xx\"}") == ok + 2);
    assert_true(render_sample("lotse_http_requests_total{code=\"4xx\"}") == client + 1);
    assert_true(render_sample("lotse_http_requests_total{code=\"5xx\"}") == server + 2);
}

static void histogram_buckets_are_cumulative(void **state)
{
    (void)state;
    const char *le5ms = "lotse_http_request_duration_seconds_bucket{le=\"0.005\"}";
    const char *le100ms = "lotse_http_request_duration_seconds_bucket{le=\"0.1\"}";
    const char *inf = "lotse_http_request_duration_seconds_bucket{le=\"+Inf\"}";
    const char *count = "lotse_http_request_duration_seconds_count";
    const char *sum = "lotse_http_request_duration_seconds_sum";
    double b5 = render_sample(le5ms), b100 = render_sample(le100ms), bi = render_sample(inf);
    double s = render_sample(sum);
    lt_metrics_observe(200, 5.0);     /* exactly on the 5 ms bound: counts as <= 0.005 */
    lt_metrics_observe(200, 50.0);    /* 0.05 s */
    lt_metrics_observe(200, 60000.0); /* a minute: only +Inf */
    assert_true(render_sample(le5ms) == b5 + 1);
    assert_true(render_sample(le100ms) == b100 + 2);
    assert_true(render_sample(inf) == bi + 3);
    assert_true(render_sample(count) == render_sample(inf));
    double grew = render_sample(sum) - s;
    assert_true(grew > 60.054 && grew < 60.056);
}

static void exposition_has_help_and_type(void **state)
{
    (void)state;
    lt_arena *a = lt_arena_create(4096);
    lt_buf b;
    lt_buf_init(&b, a);
    lt_metrics_render(&b);
    assert_non_null(strstr(b.data, "# HELP lotse_http_requests_total "));
    assert_non_null(strstr(b.data, "# TYPE lotse_http_requests_total counter\n"));
    assert_non_null(strstr(b.data, "# TYPE lotse_http_request_duration_seconds histogram\n"));
    assert_non_null(strstr(b.data, "# TYPE lotse_workers_started_total counter\n"));
    assert_non_null(strstr(b.data, "# TYPE lotse_workers_died_total counter\n"));
    /* every sample line is prefixed lotse_ and the text ends with a newline */
    for (const char *p = b.data; *p; p = strchr(p, '\n') + 1)
        assert_true(*p == '#' || strncmp(p, "lotse_", 6) == 0);
    assert_int_equal(b.data[b.len - 1], '\n');
    lt_arena_destroy(a);
}

static void worker_events_are_counted(void **state)
{
    (void)state;
    double started = render_sample("lotse_workers_started_total");
    double died = render_sample("lotse_workers_died_total");
    lt_metrics_worker_event("worker_started");
    lt_metrics_worker_event("worker_started");
    lt_metrics_worker_event("worker_died");
    lt_metrics_worker_event("something_else");
    assert_true(render_sample("lotse_workers_started_total") == started + 2);
    assert_true(render_sample("lotse_workers_died_total") == died + 1);
}

static void replica_reads_and_fallbacks_are_counted(void **state)
{
    (void)state;
    double reads = render_sample("lotse_replica_reads_total");
    double fallbacks = render_sample("lotse_replica_fallbacks_total");
    assert_true(reads >= 0 && fallbacks >= 0); /* both series are always there */
    lt_metrics_replica_event("replica_read");
    lt_metrics_replica_event("replica_fallback");
    lt_metrics_replica_event("replica_fallback");
    lt_metrics_replica_event("something_else");
    assert_true(render_sample("lotse_replica_reads_total") == reads + 1);
    assert_true(render_sample("lotse_replica_fallbacks_total") == fallbacks + 2);
}

/* Last: after lt_metrics_init the counters start again from zero, in shared memory. */
static void children_count_into_the_shared_page(void **state)
{
    (void)state;
    assert_int_equal(lt_metrics_init(), 0);
    assert_true(render_sample("lotse_http_requests_total{code=\"2xx\"}") == 0);
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            for (int k = 0; k < 1000; k++)
                lt_metrics_observe(200, 0.5);
            _exit(0);
        }
    }
    for (int i = 0; i < 3; i++)
        wait(NULL);
    assert_true(render_sample("lotse_http_requests_total{code=\"2xx\"}") == 3000);
    assert_true(render_sample("lotse_http_request_duration_seconds_count") == 3000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_requests_by_status_class),
        cmocka_unit_test(histogram_buckets_are_cumulative),
        cmocka_unit_test(exposition_has_help_and_type),
        cmocka_unit_test(worker_events_are_counted),
        cmocka_unit_test(replica_reads_and_fallbacks_are_counted),
        cmocka_unit_test(children_count_into_the_shared_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
