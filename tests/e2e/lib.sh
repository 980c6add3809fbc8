# tests/e2e/lib.sh - what every end-to-end test sources.
#
# The stack (PostgreSQL, lotsed, nginx) is started once per CTest run by the
# fixture (tools/up --var "$LOTSE_VAR" ...); a test talks to it through
# $LOTSE_URL with curl and reads its state under $LOTSE_VAR. A test prints one
# line per check and exits non-zero when any check failed.
set -u
: "${LOTSE_URL:?run through ctest (LOTSE_URL unset)}"
: "${LOTSE_VAR:?run through ctest (LOTSE_VAR unset)}"

e2e_failed=0
e2e_passed=0
E2E_TMP=$(mktemp -d)
trap 'rm -rf "$E2E_TMP"' EXIT

# http METHOD PATH [curl args...]: sets STATUS, BODY (file), HEADERS (file).
http() {
    local method=$1 path=$2
    shift 2
    BODY="$E2E_TMP/body"
    HEADERS="$E2E_TMP/headers"
    STATUS=$(curl -sS -o "$BODY" -D "$HEADERS" -w '%{http_code}' -X "$method" \
        --max-time 10 "$@" "$LOTSE_URL$path") || STATUS=000
}

# header NAME: the value of a response header of the last http call.
header() {
    grep -i "^$1:" "$HEADERS" | head -n1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'
}

ok() {
    e2e_passed=$((e2e_passed + 1))
    printf 'ok   %s\n' "$1"
}

not_ok() {
    e2e_failed=$((e2e_failed + 1))
    printf 'FAIL %s\n' "$1"
    [ -n "${2:-}" ] && printf '     %s\n' "$2"
    return 0
}

# expect_status NAME CODE: the last response had status CODE.
expect_status() {
    if [ "$STATUS" = "$2" ]; then ok "$1"; else not_ok "$1" "status $STATUS, want $2: $(head -c 300 "$BODY")"; fi
}

# expect_problem NAME CODE: status CODE with an application/problem+json body
# whose "status" member matches and that carries the request id.
expect_problem() {
    local ct
    ct=$(header Content-Type)
    if [ "$STATUS" != "$2" ]; then
        not_ok "$1" "status $STATUS, want $2: $(head -c 300 "$BODY")"
    elif [[ "$ct" != application/problem+json* ]]; then
        not_ok "$1" "Content-Type '$ct', want application/problem+json"
    elif ! grep -q "\"status\": *$2" "$BODY" || ! grep -q '"request_id"' "$BODY"; then
        not_ok "$1" "problem body lacks status or request_id: $(head -c 300 "$BODY")"
    else
        ok "$1"
    fi
}

# expect_body_contains NAME TEXT
expect_body_contains() {
    if grep -qF -- "$2" "$BODY"; then ok "$1"; else not_ok "$1" "body lacks '$2': $(head -c 300 "$BODY")"; fi
}

finish() {
    printf '%d passed, %d failed\n' "$e2e_passed" "$e2e_failed"
    [ "$e2e_failed" -eq 0 ]
}
