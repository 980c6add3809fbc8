# tests/e2e/test_lotsed_drain.sh - stopping lotsed finishes what it accepted.
#
# Runs private lotsed instances beside the shared stack (which it does not
# touch), talking FastCGI to them directly with cgi-fcgi (package libfcgi-bin):
#   - a request whose body is still arriving when SIGTERM comes is answered;
#   - a burst of requests across SIGTERM: every answer that started is complete;
#   - lotsed exits 0, leaves no worker behind, removes its pid file;
#   - a Unix socket gets socket_mode, a stale one is replaced, a live one refused,
#     and the socket file is removed at exit.
. "$(dirname "$0")/lib.sh"

LOTSED="$LOTSE_BIN/lotsed"
CGI_FCGI=$(command -v cgi-fcgi) || {
    not_ok "cgi-fcgi is installed" "install libfcgi-bin"
    finish
    exit
}
# Next to the stack's port, so the normal and the sanitizer build do not collide.
PORT=$((${LOTSE_URL##*:} + 1010))
DIR="$E2E_TMP/drain"
mkdir -p "$DIR"

# fcgi ADDRESS METHOD URI [CONTENT_LENGTH]: one FastCGI request; stdin is the body.
fcgi() {
    env -i REQUEST_METHOD="$2" REQUEST_URI="$3" SERVER_PROTOCOL=HTTP/1.1 \
        CONTENT_TYPE=application/json CONTENT_LENGTH="${4:-}" "$CGI_FCGI" -bind -connect "$1"
}

# complete FILE: the answer in FILE has a Status line and exactly Content-Length body bytes.
complete() {
    local f=$1 len head body
    grep -q $'^Status: [0-9][0-9][0-9] ' "$f" || return 1
    len=$(grep -i -m1 $'^Content-Length:' "$f" | tr -dc 0-9)
    [ -n "$len" ] || return 1
    head=$(grep -n -m1 $'^\r$' "$f" | cut -d: -f1)
    [ -n "$head" ] || return 1
    body=$(tail -n +"$((head + 1))" "$f" | wc -c)
    [ "$body" -eq "$len" ]
}

# start CONF: starts lotsed in the background, sets LPID; waits for its pid file.
start() {
    rm -f "$DIR/lotsed.pid"
    "$LOTSED" -c "$1" </dev/null >>"$DIR/stderr" 2>&1 &
    LPID=$!
    local i
    for i in $(seq 1 100); do
        [ -s "$DIR/lotsed.pid" ] && return 0
        kill -0 "$LPID" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

# stopped_within SECONDS: waits for LPID to exit; sets LSTATUS.
stopped_within() {
    local i
    for i in $(seq 1 $(($1 * 10))); do
        if ! kill -0 "$LPID" 2>/dev/null; then
            wait "$LPID"
            LSTATUS=$?
            return 0
        fi
        sleep 0.1
    done
    return 1
}

cat >"$DIR/tcp.conf" <<CONF
listen = 127.0.0.1:$PORT
workers = 2
threads = 4
log = "$DIR/lotsed.log"
pid_file = "$DIR/lotsed.pid"
CONF

# ---------------------------------------------------------------- --check
out=$("$LOTSED" -c "$DIR/tcp.conf" --check 2>&1) && [ "$out" = ok ] &&
    ok "--check accepts a good file" || not_ok "--check accepts a good file" "$out"
printf 'workers = 2\nwrokers = 3\n' >"$DIR/bad.conf"
if out=$("$LOTSED" -c "$DIR/bad.conf" --check 2>&1); then
    not_ok "--check refuses an unknown key" "exit 0: $out"
elif [[ "$out" == *"bad.conf:2:"* ]]; then
    ok "--check refuses an unknown key, naming file and line"
else
    not_ok "--check refuses an unknown key, naming file and line" "$out"
fi

# ---------------------------------------------------------------- drain over TCP
if ! start "$DIR/tcp.conf"; then
    not_ok "a second lotsed starts on 127.0.0.1:$PORT" "$(tail -n 5 "$DIR/stderr" "$DIR/lotsed.log" 2>/dev/null)"
    finish
    exit
fi
for _ in $(seq 1 50); do
    fcgi "127.0.0.1:$PORT" GET /healthz </dev/null >"$DIR/probe" 2>/dev/null && complete "$DIR/probe" && break
    sleep 0.1
done
complete "$DIR/probe" && ok "a second lotsed answers FastCGI on 127.0.0.1:$PORT" ||
    not_ok "a second lotsed answers FastCGI on 127.0.0.1:$PORT" "$(head -c 300 "$DIR/probe")"
kids=$(pgrep -P "$LPID" | tr '\n' ' ')

# A request in flight: its 7-byte body arrives 1.5 s after SIGTERM.
(
    sleep 2
    printf '{"a":1}'
) | fcgi "127.0.0.1:$PORT" POST /healthz 7 >"$DIR/slow" 2>/dev/null &
slow=$!
sleep 0.5

# A burst across the SIGTERM.
for i in $(seq 1 60); do fcgi "127.0.0.1:$PORT" GET /healthz </dev/null >"$DIR/burst.$i" 2>/dev/null & done
kill -TERM "$LPID"
for i in $(seq 61 120); do fcgi "127.0.0.1:$PORT" GET /healthz </dev/null >"$DIR/burst.$i" 2>/dev/null & done

if stopped_within 15; then
    [ "$LSTATUS" = 0 ] && ok "lotsed exits 0 after SIGTERM" || not_ok "lotsed exits 0 after SIGTERM" "exit $LSTATUS"
else
    not_ok "lotsed exits within 15 s of SIGTERM"
    kill -9 "$LPID" $kids 2>/dev/null
fi
wait "$slow" 2>/dev/null
if complete "$DIR/slow"; then
    ok "the request in flight at SIGTERM got its whole answer ($(head -n1 "$DIR/slow" | tr -d '\r'))"
else
    not_ok "the request in flight at SIGTERM got its whole answer" "$(head -c 300 "$DIR/slow")"
fi
wait
answered=0 cut=0
for i in $(seq 1 120); do
    [ -s "$DIR/burst.$i" ] || continue # never accepted: refused or reset before a byte
    if complete "$DIR/burst.$i"; then answered=$((answered + 1)); else cut=$((cut + 1)); fi
done
if [ "$cut" -eq 0 ] && [ "$answered" -gt 0 ]; then
    ok "burst across SIGTERM: $answered answered completely, none cut"
else
    not_ok "burst across SIGTERM: every started answer is complete" "$answered complete, $cut cut"
fi
left=""
for k in $kids; do kill -0 "$k" 2>/dev/null && left="$left $k"; done
[ -z "$left" ] && ok "no worker outlives the master" || not_ok "no worker outlives the master" "left:$left"
[ ! -e "$DIR/lotsed.pid" ] && ok "the pid file is removed at exit" || not_ok "the pid file is removed at exit"

# ---------------------------------------------------------------- Unix socket
SOCK="$DIR/lotsed.sock"
cat >"$DIR/unix.conf" <<CONF
listen = unix:$SOCK
socket_mode = 0640
workers = 1
threads = 2
log = "$DIR/lotsed.log"
pid_file = "$DIR/lotsed.pid"
CONF
if start "$DIR/unix.conf"; then
    [ "$(stat -c %a "$SOCK")" = 640 ] && ok "the Unix socket has socket_mode 0640" ||
        not_ok "the Unix socket has socket_mode 0640" "mode $(stat -c %a "$SOCK")"
    if "$LOTSED" -c "$DIR/unix.conf" </dev/null >"$DIR/second.out" 2>&1; then
        not_ok "a second lotsed on a live socket is refused" "it exited 0"
    else
        grep -q "in use" "$DIR/second.out" && ok "a second lotsed on a live socket is refused" ||
            not_ok "a second lotsed on a live socket is refused" "$(head -n2 "$DIR/second.out")"
    fi
    # Crash the master: its workers follow (parent-death signal), the socket file stays.
    kids=$(pgrep -P "$LPID" | tr '\n' ' ')
    kill -9 "$LPID"
    wait "$LPID" 2>/dev/null
    gone=1
    for _ in $(seq 1 50); do
        gone=1
        for k in $kids; do kill -0 "$k" 2>/dev/null && gone=0; done
        [ $gone = 1 ] && break
        sleep 0.1
    done
    [ $gone = 1 ] && ok "workers exit when the master dies" || not_ok "workers exit when the master dies" "left: $kids"
    if [ -S "$SOCK" ] && start "$DIR/unix.conf"; then
        fcgi "$SOCK" GET /healthz </dev/null >"$DIR/unix.out" 2>/dev/null
        complete "$DIR/unix.out" && ok "a stale socket is replaced and the new one answers" ||
            not_ok "a stale socket is replaced and the new one answers" "$(head -c 200 "$DIR/unix.out")"
        kill -TERM "$LPID"
        if stopped_within 15 && [ "$LSTATUS" = 0 ] && [ ! -e "$SOCK" ]; then
            ok "SIGTERM removes the socket file and exits 0"
        else
            not_ok "SIGTERM removes the socket file and exits 0" "status ${LSTATUS:-?}, socket $(ls "$SOCK" 2>&1)"
        fi
    else
        not_ok "a stale socket is replaced" "$(tail -n 3 "$DIR/stderr")"
    fi
else
    not_ok "lotsed starts on a Unix socket" "$(tail -n 3 "$DIR/stderr")"
fi

finish
