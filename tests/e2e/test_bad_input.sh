# tests/e2e/test_bad_input.sh - malformed and hostile requests through nginx:
# each gets a precise application/problem+json answer (RFC 9457) carrying the
# request id, and lotsed keeps serving afterwards.
#
# Who answers: nginx itself rejects what it cannot parse (a bad %-escape in the
# path) and bodies over 2 MiB; lotsed answers everything else. Both answer
# problem+json (nginx/lotse-dev.conf.template, src/http/app.c).
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

# expect_problem_one_of NAME CODE...: a problem+json answer with any of CODEs.
expect_problem_one_of() {
    local name=$1 code
    shift
    for code in "$@"; do
        if [ "$STATUS" = "$code" ]; then
            expect_problem "$name" "$code"
            return
        fi
    done
    not_ok "$name" "status $STATUS, want one of $*: $(head -c 300 "$BODY")"
}

# The body's request_id is the X-Request-Id header nginx sent.
expect_same_request_id() {
    local id
    id=$(header X-Request-Id)
    if [ -n "$id" ] && grep -q "\"request_id\": *\"$id\"" "$BODY"; then
        ok "$1"
    else
        not_ok "$1" "X-Request-Id '$id' is not the body's request_id: $(head -c 300 "$BODY")"
    fi
}

# ---------------------------------------------------------------- URIs
http GET '/api/v1/regions/%G1'
expect_problem "malformed %-escape in the path -> 400" 400
expect_same_request_id "the 400's request_id matches X-Request-Id"

http GET '/api/v1/regions?x=%zz'
expect_problem "malformed %-escape in the query -> 400" 400

http GET '/api/v1/regions/%C0%AF'
expect_problem "invalid UTF-8 (overlong /) in the path -> 400" 400

http GET '/api/v1/regions/%FF%FE'
expect_problem "invalid UTF-8 bytes in the path -> 400" 400

# ---------------------------------------------------------------- routes, methods, queries
http GET /api/v1/nope
expect_problem "unknown route -> 404" 404

http DELETE /api/v1/regions
expect_problem "DELETE on a GET-only route -> 405" 405
if [[ "$(header Allow)" == *GET* ]]; then
    ok "the 405 names GET in Allow"
else
    not_ok "the 405 names GET in Allow" "Allow: '$(header Allow)'"
fi

http GET '/api/v1/regions?x=1'
expect_problem "unknown query parameter -> 400" 400

http GET '/api/v1/regions?limit=1&limit=2'
expect_problem "duplicate query parameter -> 400" 400

# ---------------------------------------------------------------- bodies
# 1.5 MiB passes nginx (client_max_body_size 2m) and meets lotsed's 1 MiB limit,
# which the pipeline checks once it knows the route, before anything reads the body.
head -c $((3 * 512 * 1024)) /dev/zero | tr '\0' 'a' >"$E2E_TMP/1.5m"
http POST /api/v1/regions/lookup -H 'Content-Type: application/json' --data-binary @"$E2E_TMP/1.5m"
expect_problem "a 1.5 MiB body -> lotsed's 413" 413
if grep -q 'exceeds 2 MiB' "$BODY"; then
    not_ok "the 1.5 MiB body was refused by lotsed, not by nginx" "$(head -c 300 "$BODY")"
else
    ok "the 1.5 MiB body was refused by lotsed, not by nginx"
fi

head -c $((3 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$E2E_TMP/3m"
http POST /api/v1/regions -H 'Content-Type: application/json' --data-binary @"$E2E_TMP/3m"
expect_problem "a 3 MiB body -> nginx's 413" 413

# JSON bodies go to POST /api/v1/regions/lookup, a public route that takes one.
LOOKUP=/api/v1/regions/lookup
depth=10000
{
    printf '{"places":'
    printf '%*s' "$depth" '' | tr ' ' '['
    printf '%*s' "$depth" '' | tr ' ' ']'
    printf '}'
} >"$E2E_TMP/deep.json"
http POST "$LOOKUP" -H 'Content-Type: application/json' --data-binary @"$E2E_TMP/deep.json"
expect_problem "JSON nested $depth deep -> 400" 400
expect_body_contains "and the problem says it is too deep" json-too-deep

http POST "$LOOKUP" --data-binary '{"places":["Essen"]}' -H 'Content-Type:'
expect_problem "JSON body without Content-Type -> 415" 415

http POST "$LOOKUP" --data-binary '{"places":["Essen"]}' -H 'Content-Type: text/plain'
expect_problem "JSON body as text/plain -> 415" 415

http POST "$LOOKUP" --data-binary '{"places":["Essen"],"places":["Hamm"]}' -H 'Content-Type: application/json'
expect_problem "duplicate JSON key -> 400" 400

printf '{"places":["\xff"]}' >"$E2E_TMP/latin1.json"
http POST "$LOOKUP" --data-binary @"$E2E_TMP/latin1.json" -H 'Content-Type: application/json'
expect_problem "invalid UTF-8 in a JSON body -> 400" 400

http POST "$LOOKUP" --data-binary '{"places":["Essen"],"extra":1}' -H 'Content-Type: application/json'
expect_problem "unknown JSON field -> 400" 400
expect_body_contains "and the problem names the field" '"field":"extra"'

http POST "$LOOKUP" --data-binary '{"places":["Essen"]}' -H 'Content-Type: application/json'
expect_status "a valid lookup -> 200" 200
if jq -e '.items[0].region.slug == "meo"' "$BODY" >/dev/null; then
    ok "and it finds the region"
else
    not_ok "and it finds the region" "$(head -c 300 "$BODY")"
fi

# ---------------------------------------------------------------- headers
http GET /healthz -H "X-Filler: $(head -c 9000 /dev/zero | tr '\0' 'a')"
expect_problem "a 9 KB header line (over large_client_header_buffers) -> 431" 431

# ---------------------------------------------------------------- still serving
http GET /healthz
expect_status "after all that, /healthz -> 200" 200
http GET /api/v1/regions
expect_status "after all that, GET /api/v1/regions -> 200" 200
expect_body_contains "and it still lists the regions" mittleres-ruhrgebiet

finish
