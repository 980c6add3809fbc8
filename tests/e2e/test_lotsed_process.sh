# tests/e2e/test_lotsed_process.sh - lotsed's process model on the running stack:
# a killed worker is replaced, a reload under load drops nothing, and every
# request leaves one JSON log line carrying nginx's request id.
#
# Leaves the stack running (later tests use it): the reload only replaces the
# workers, and the killed worker is respawned by the master.
. "$(dirname "$0")/lib.sh"

command -v jq >/dev/null || {
    not_ok "jq is installed (the log checks parse JSON with it)"
    finish
    exit
}
PIDFILE="$LOTSE_VAR/run/lotsed.pid"
LOG="$LOTSE_VAR/log/lotsed.log"
MASTER=$(cat "$PIDFILE" 2>/dev/null) || MASTER=""
if [ -z "$MASTER" ] || ! kill -0 "$MASTER" 2>/dev/null; then
    not_ok "lotsed master is running" "no live pid in $PIDFILE"
    finish
    exit
fi

workers() {
    pgrep -P "$MASTER" | sort
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s; false on timeout.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
}

healthz_ok() {
    http GET /healthz
    [ "$STATUS" = 200 ]
}

# ---------------------------------------------------------------- respawn
before=$(workers)
count=$(echo "$before" | grep -c .)
victim=$(echo "$before" | head -n1)
if [ "$count" -lt 1 ]; then
    not_ok "master has workers" "pgrep -P $MASTER found none"
else
    kill -9 "$victim"
    replaced() {
        local now
        now=$(workers)
        [ "$(echo "$now" | grep -c .)" -eq "$count" ] && ! echo "$now" | grep -qx "$victim"
    }
    if wait_until 5 replaced; then
        ok "a worker killed with SIGKILL is replaced within 5 s"
    else
        not_ok "a worker killed with SIGKILL is replaced within 5 s" "workers now: $(workers | tr '\n' ' ')"
    fi
    if grep -q "\"event\":\"worker_died\".*worker $victim " "$LOG"; then
        ok "the death is logged as a worker_died event"
    else
        not_ok "the death is logged as a worker_died event" "no worker_died line for $victim in $LOG"
    fi
    all_ok=1
    for _ in 1 2 3 4 5 6 7 8 9 10; do healthz_ok || all_ok=0; done
    if [ $all_ok = 1 ]; then ok "/healthz keeps answering after the respawn"; else not_ok "/healthz keeps answering after the respawn" "status $STATUS"; fi
fi

# ---------------------------------------------------------------- reload under load
before=$(workers)
statuses="$E2E_TMP/statuses"
: >"$statuses"
load() {
    for _ in $(seq 1 "$1"); do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$LOTSE_URL/healthz" >>"$statuses.$2" || echo 000 >>"$statuses.$2"
    done
}
for n in 1 2 3 4; do load 75 "$n" & done
sleep 0.4
kill -HUP "$MASTER"
wait
cat "$statuses".* >"$statuses"
total=$(grep -c . "$statuses")
bad=$(grep -vc '^200$' "$statuses" || true)
if [ "$total" -eq 300 ] && [ "$bad" -eq 0 ]; then
    ok "SIGHUP during 300 requests (4 concurrent): none failed"
else
    not_ok "SIGHUP during 300 requests (4 concurrent): none failed" "$total answered, $bad not 200: $(sort "$statuses" | uniq -c | tr '\n' ' ')"
fi
generation_replaced() {
    local now
    now=$(workers)
    [ -n "$now" ] && [ -z "$(comm -12 <(echo "$before") <(echo "$now"))" ]
}
if wait_until 15 generation_replaced; then
    ok "after SIGHUP every worker pid is new"
else
    not_ok "after SIGHUP every worker pid is new" "before: $(echo $before) now: $(workers | tr '\n' ' ')"
fi
if kill -0 "$MASTER" 2>/dev/null && [ "$(cat "$PIDFILE")" = "$MASTER" ]; then
    ok "the master survives the reload with the same pid"
else
    not_ok "the master survives the reload with the same pid"
fi
if healthz_ok; then ok "/healthz answers after the reload"; else not_ok "/healthz answers after the reload" "status $STATUS"; fi

# ---------------------------------------------------------------- request log
# Each request: exactly one line whose request_id is the X-Request-Id nginx sent back.
log_line_for() {
    [ "$(grep -c "\"request_id\":\"$1\"" "$LOG")" -ge 1 ]
}
for path in /healthz /healthz?probe=1 /api/v1/no-such-route; do
    http GET "$path"
    rid=$(header X-Request-Id)
    name="request log line for GET $path"
    if [ -z "$rid" ]; then
        not_ok "$name" "no X-Request-Id response header"
        continue
    fi
    if ! wait_until 3 log_line_for "$rid"; then
        not_ok "$name" "no line with request_id $rid in $LOG"
        continue
    fi
    lines=$(grep -c "\"request_id\":\"$rid\"" "$LOG")
    line=$(grep "\"request_id\":\"$rid\"" "$LOG" | head -n1)
    want_path=${path%%\?*}
    if [ "$lines" -ne 1 ]; then
        not_ok "$name" "$lines lines for request_id $rid"
    elif ! echo "$line" | jq -e --arg p "$want_path" --argjson s "$STATUS" \
        '.event == "request" and .method == "GET" and .path == $p and .status == $s
         and (.duration_ms | type == "number" and . >= 0) and (.ts | type == "string")
         and (.pid | type == "number")' >/dev/null; then
        not_ok "$name" "unexpected line: $line"
    else
        ok "$name (status $STATUS, request_id = X-Request-Id)"
    fi
done

# Every line of the log is one JSON object (requests, events, from all processes).
if out=$(jq -c 'select(type != "object")' "$LOG" 2>&1) && [ -z "$out" ]; then
    ok "every log line parses as a JSON object"
else
    not_ok "every log line parses as a JSON object" "$(echo "$out" | head -n1)"
fi

finish
