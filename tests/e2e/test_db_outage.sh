# tests/e2e/test_db_outage.sh - PostgreSQL goes away and comes back while
# lotsed runs: requests that need the database get 503 problem+json with
# Retry-After, /healthz stays 200, no worker crashes, and once PostgreSQL is
# back the same lotsed serves again - no restart.
#
# Stops and starts only the stack's PostgreSQL (tools/pgctl); a trap starts it
# again whatever happens, so later tests find it running.
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

ROOT=${LOTSE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
PGCTL=("$ROOT/tools/pgctl" --var "$LOTSE_VAR" --quiet)
SLUG=mittleres-ruhrgebiet

restart_pg() {
    "${PGCTL[@]}" start || echo "tools/pgctl start failed: later tests will see no database" >&2
}
trap 'restart_pg; rm -rf "$E2E_TMP"' EXIT

MASTER=$(cat "$LOTSE_VAR/run/lotsed.pid" 2>/dev/null) || MASTER=""
if [ -z "$MASTER" ] || ! kill -0 "$MASTER" 2>/dev/null; then
    not_ok "lotsed master is running" "no live pid in $LOTSE_VAR/run/lotsed.pid"
    finish
    exit
fi
workers() { pgrep -P "$MASTER" | sort | tr '\n' ' '; }
WORKERS=$(workers)

# A 503 from lotsed itself (not nginx's "application server is not answering").
expect_db_unavailable() {
    expect_problem "$1" 503
    if [ -n "$(header Retry-After)" ]; then
        ok "$1: Retry-After $(header Retry-After)"
    else
        not_ok "$1: Retry-After" "no Retry-After header"
    fi
    if grep -q 'application server is not answering' "$BODY"; then
        not_ok "$1: answered by lotsed, not nginx" "$(head -c 300 "$BODY")"
    fi
}

# ---------------------------------------------------------------- before
http GET /readyz
expect_status "with PostgreSQL up, /readyz -> 200" 200
http GET "/api/v1/regions/$SLUG"
expect_status "with PostgreSQL up, GET /api/v1/regions/$SLUG -> 200" 200

# ---------------------------------------------------------------- outage
if "${PGCTL[@]}" stop && ! "${PGCTL[@]}" status >/dev/null; then
    ok "tools/pgctl stop stopped PostgreSQL"
else
    not_ok "tools/pgctl stop stopped PostgreSQL"
fi

http GET /readyz
expect_db_unavailable "database down: /readyz -> 503"
http GET "/api/v1/regions/$SLUG"
expect_db_unavailable "database down: GET /api/v1/regions/$SLUG -> 503"
# Every thread holds its own connection: ask a few more times so that several
# threads meet their broken connection.
for _ in 1 2 3 4 5 6; do
    http GET "/api/v1/regions/$SLUG"
    [ "$STATUS" = 503 ] || break
done
expect_problem "database down: repeated requests -> 503 each" 503
http GET /healthz
expect_status "database down: /healthz (liveness) still 200" 200

if kill -0 "$MASTER" 2>/dev/null && [ "$(workers)" = "$WORKERS" ]; then
    ok "no lotsed process crashed (master $MASTER, workers $WORKERS)"
else
    not_ok "no lotsed process crashed" "workers were '$WORKERS', now '$(workers)'"
fi

# ---------------------------------------------------------------- recovery
if "${PGCTL[@]}" start; then ok "tools/pgctl start started PostgreSQL"; else not_ok "tools/pgctl start"; fi

deadline=$((SECONDS + 10))
while :; do
    http GET "/api/v1/regions/$SLUG"
    [ "$STATUS" = 200 ] && break
    [ $SECONDS -ge $deadline ] && break
    sleep 0.2
done
expect_status "database back: GET /api/v1/regions/$SLUG -> 200 within 10 s" 200
expect_body_contains "and it is the right region" "\"$SLUG\""
# Every thread must have reconnected, not just one: more requests than threads.
bad=0
for _ in $(seq 1 40); do
    http GET "/api/v1/regions/$SLUG"
    [ "$STATUS" = 200 ] || bad=$((bad + 1))
done
if [ "$bad" = 0 ]; then ok "database back: 40 more requests all 200"; else not_ok "database back: 40 more requests all 200" "$bad were not"; fi
http GET /readyz
expect_status "database back: /readyz -> 200" 200

if [ "$(cat "$LOTSE_VAR/run/lotsed.pid" 2>/dev/null)" = "$MASTER" ] && [ "$(workers)" = "$WORKERS" ]; then
    ok "the same lotsed served throughout (no restart)"
else
    not_ok "the same lotsed served throughout (no restart)" "workers were '$WORKERS', now '$(workers)'"
fi

finish
