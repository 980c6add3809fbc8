# tests/e2e/test_metrics.sh - /metrics through nginx: Prometheus text whose
# counters add up the requests of every worker process.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# count_4xx: the 4xx counter in the body of the last GET /metrics.
count_4xx() {
    sed -n 's/^lotse_http_requests_total{code="4xx"} \([0-9]*\)$/\1/p' "$BODY"
}

http GET /metrics
before=$(count_4xx)
expect_status "GET /metrics from this machine -> 200" 200
if [[ "$(header Content-Type)" == text/plain* ]]; then
    ok "metrics are text/plain (Prometheus text format)"
else
    not_ok "metrics are text/plain (Prometheus text format)" "Content-Type: $(header Content-Type)"
fi
expect_body_contains "metrics declare their type" "# TYPE lotse_http_requests_total counter"
expect_body_contains "metrics carry the latency histogram" 'lotse_http_request_duration_seconds_bucket{le="+Inf"}'

# Six requests spread over keep-alive connections, so more than one worker may answer.
for _ in 1 2 3 4 5 6; do
    http GET /api/v1/regions/no-such-region
done
http GET /metrics
after=$(count_4xx)
if [ -n "$before" ] && [ "$after" = $((before + 6)) ]; then
    ok "six 404s add six to the 4xx counter ($before -> $after)"
else
    not_ok "six 404s add six to the 4xx counter" "before '$before', after '$after'"
fi

finish
