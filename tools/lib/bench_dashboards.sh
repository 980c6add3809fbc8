# tools/lib/bench_dashboards.sh - `tools/bench --dashboards`, sourced by tools/bench
# (ROOT, BIN, DURATION, CONNECTIONS, SCALE, PORT, VAR, KEEP set there): its own stack,
# `lotse demo-data --scale N`, then every dashboard and the policy report through nginx
# as the dev fai_lead and a dev coordinator, with wrk. Prints a Markdown table of
# requests/s and p50/p95/p99 (wrk's Lua API: --latency prints no p95).
# shellcheck shell=bash

PORT=${PORT:-18390}
VAR=$(realpath -m -- "${VAR:-$BIN/bench-dashboards}")
[ "$DURATION_SET" = 1 ] || DURATION=10
[ "$CONNECTIONS_SET" = 1 ] || CONNECTIONS=4
command -v jq >/dev/null || { echo "tools/bench: jq is missing (apt-get install jq)" >&2; exit 1; }
log() { echo "tools/bench: $*" >&2; }

up_args=(--var "$VAR" --port "$PORT" --bin "$BIN" --no-install --no-build --quiet)
[ "$KEEP" = 1 ] || up_args+=(--fresh)
"$ROOT/tools/up" "${up_args[@]}" >&2
if [ "$KEEP" != 1 ]; then
    trap '"$ROOT/tools/up" --var "$VAR" --stop --remove --quiet || true' EXIT
fi
trap 'exit 130' INT TERM

export LOTSE_VAR=$VAR LOTSE_BIN=$BIN
PSQL=("$(command -v psql)" "host=$VAR/run dbname=lotse user=lotse_owner" -X -q -At -v ON_ERROR_STOP=1)
# the owner reads the tenant tables under row-level security too: every region
count_inquiries() {
    "${PSQL[@]}" -c "SELECT set_config('lotse.region_ids', lotse.every_region(), false)" \
        -c "SELECT count(*) FROM lotse.inquiries" | tail -n 1
}
inquiries=$(count_inquiries)
LOAD_NOTE="data already loaded ($inquiries inquiries), reused"
if [ "$inquiries" = 0 ]; then
    log "loading demo data at scale $SCALE"
    t0=$(date +%s)
    "$ROOT/tools/lotse" demo-data --scale "$SCALE" >&2
    t1=$(date +%s)
    # statistics after a bulk load, as an operator would (autovacuum gets there later)
    "${PSQL[@]}" -c "VACUUM ANALYZE" 2>&1 | { grep -v 'only superuser can vacuum' || true; } >&2
    t2=$(date +%s)
    inquiries=$(count_inquiries)
    LOAD_NOTE="demo-data --scale $SCALE: $inquiries inquiries, loaded and rollups rebuilt in $((t1 - t0)) s, VACUUM ANALYZE $((t2 - t1)) s"
fi
log "$LOAD_NOTE"

# sign_in EMAIL -> the session cookie ("name=value") on stdout
sign_in() {
    local password jar=$VAR/bench-cookies
    password=$(jq -r --arg e "$1" '.[] | select(.email == $e) | .password' "$VAR/dev-accounts.json")
    [ -n "$password" ] || { log "no dev account $1 in $VAR/dev-accounts.json"; exit 1; }
    rm -f "$jar"
    jq -n --arg e "$1" --arg p "$password" '{email: $e, password: $p}' |
        curl -fsS -o /dev/null -c "$jar" -H 'Content-Type: application/json' --data-binary @- \
            "http://127.0.0.1:$PORT/api/v1/session" || { log "signing in as $1 failed"; exit 1; }
    awk '$6 ~ /lotse$/ { print $6 "=" $7 }' "$jar"
    rm -f "$jar"
}
LEAD=lead@lotse.test
COORD=$(jq -r '[.[] | select(.role == "coordinator")][0].email' "$VAR/dev-accounts.json")
LEAD_COOKIE=$(sign_in "$LEAD")
COORD_COOKIE=$(sign_in "$COORD")

cat >"$VAR/bench-percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
    io.write(string.format("LOTSE %d %d %.2f %.2f %.2f %.2f %.2f\n", summary.requests,
        summary.errors.status + summary.errors.timeout, summary.duration / 1e6, latency:percentile(50) / 1000,
        latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

# measure COOKIE PATH CONNECTIONS -> "rps p50 p95 p99 max errors" (errors: non-2xx and
# timeouts; wrk's timeout is 30 s, so a slow answer is measured, not dropped)
measure() {
    curl -fsS -o /dev/null -H "Cookie: $1" "http://127.0.0.1:$PORT$2" ||
        { log "GET $2 does not answer 200"; exit 1; }
    wrk -t"$(($3 < 2 ? $3 : 2))" -c"$3" -d"${DURATION}s" --timeout 30s -s "$VAR/bench-percentiles.lua" -H "Cookie: $1" \
        "http://127.0.0.1:$PORT$2" |
        awk '/^LOTSE / { printf "%.1f %s %s %s %s %d\n", $2 / $4, $5, $6, $7, $8, $3 }'
}

DASHBOARDS="inquiries activities measures obstacles bulletins agreements library"
# the default range (the last twelve months) and the whole of the data (five years at scale 100)
RANGES=("" "?from=$(date -u -d '5 years ago' +%Y-%m-01)&to=$(date -u +%Y-%m-%d)")
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "wrk -t2 (-t1 at 1 connection), ${DURATION}s per row; $LOAD_NOTE"
echo
echo "| caller | dashboard | range | connections | requests/s | p50 ms | p95 ms | p99 ms | max ms | errors | p95 < 100 ms |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for c in $CONNECTIONS; do
    for who in lead coordinator; do
        if [ "$who" = lead ]; then cookie=$LEAD_COOKIE; else cookie=$COORD_COOKIE; fi
        list=$DASHBOARDS
        [ "$who" = lead ] && list="$list policy-report"
        for d in $list; do
            for r in "${RANGES[@]}"; do
                read -r rps p50 p95 p99 max bad < <(measure "$cookie" "/api/v1/dashboards/$d$r" "$c")
                label="12 months"
                [ -z "$r" ] || label="5 years"
                ok=$(awk -v p="$p95" -v n="$rps" -v e="$bad" 'BEGIN { print (n > 0 && e == 0 && p < 100 ? "yes" : "**no**") }')
                echo "| $who | $d | $label | $c | $rps | $p50 | $p95 | $p99 | $max | $bad | $ok |"
            done
        done
    done
done
